// The grantee field of the grant form: type the start of a name (or of an address) to search the provider directory
// (GET /providers), pick with the mouse or the keyboard (the ARIA 1.2 combobox pattern: the arrows move through the
// list, Enter picks, Escape closes it), or paste an address. The field's value is the picked address.
import { useEffect, useState } from 'preact/hooks';
import { isAddress } from 'viem';
import { type Schemas, api, ok } from '../api/client';
import { useAction, short } from './context';
import { ErrorLine } from './parts';

type Provider = Schemas['ProviderResponse'];
const LISTBOX = 'provider-options';
const optionId = (index: number) => `provider-option-${index}`;

async function search(text: string): Promise<Provider[]> {
  return ok(await api.GET('/api/v1/providers', { params: { query: { search: text, limit: '8' } } }));
}

export function ProviderPicker({ name, label = 'Provider (search the directory by name, or paste an address)' }:
    { name: string; label?: string }) {
  const [text, setText] = useState('');
  const [options, setOptions] = useState<Provider[] | null>(null);
  const [active, setActive] = useState(-1);
  const [picked, setPicked] = useState<Provider | null>(null);
  const searching = useAction();
  const query = text.trim();
  useEffect(() => {
    if (query.length < 2 || isAddress(query) || picked?.address === query) {
      setOptions(null);
      return;
    }
    const typing = setTimeout(() => void searching.run(async () => {
      const found = await search(query);
      setOptions(found);
      setActive(found.length > 0 ? 0 : -1);
    }), 250);
    return () => clearTimeout(typing);
  }, [query]);
  const open = options !== null;
  const pick = (provider: Provider) => {
    setPicked(provider);
    setText(provider.address);
    setOptions(null);
  };
  return (
    <div class="picker">
      <label>{label}
        <input name={name} value={text} required autocomplete="off" placeholder="A clinic's name, or 0x…"
          role="combobox" aria-autocomplete="list" aria-expanded={open} aria-controls={LISTBOX}
          aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
          onInput={(event) => {
            setText(event.currentTarget.value);
            setPicked(null);
          }}
          onKeyDown={(event) => {
            if (!open) return;
            const count = options.length;
            if (event.key === 'ArrowDown' && count > 0) setActive((active + 1) % count);
            else if (event.key === 'ArrowUp' && count > 0) setActive((active - 1 + count) % count);
            else if (event.key === 'Enter' && options[active]) pick(options[active]);
            else if (event.key === 'Escape') setOptions(null);
            else return;
            event.preventDefault();
          }}
          onBlur={() => setOptions(null)} /></label>
      <ul id={LISTBOX} role="listbox" aria-label="Providers in the directory" hidden={!open || options.length === 0}>
        {(options ?? []).map((provider, index) => (
          <li key={provider.address} id={optionId(index)} role="option" aria-selected={index === active}
            data-address={provider.address}
            onMouseDown={(event) => {
              event.preventDefault();  // keeps the focus in the field: its blur would close the list first
              pick(provider);
            }}>
            {provider.name} <span class="muted" title={provider.address}>{short(provider.address)}</span>
          </li>
        ))}
      </ul>
      {open && options.length === 0 && (
        <p role="status">No accredited provider matches. Check the name, or paste their address.</p>)}
      {picked && <p role="status">{picked.name}, accredited, {short(picked.address)}.</p>}
      <ErrorLine error={searching.error} />
    </div>
  );
}
