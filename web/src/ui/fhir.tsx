// A FHIR resource shown readably: its type, the usual headline fields, and every other field as a nested list.
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function text(value: Json | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return value.map(text).filter(Boolean).join(', ');
  const v = value as Record<string, Json>;
  if (v.text) return text(v.text);
  if (v.display) return text(v.display);
  if (v.value !== undefined) return [text(v.value), text(v.unit)].filter(Boolean).join(' ');
  if (v.coding) return text(v.coding);
  return undefined;
}

function Tree({ value }: { value: Json }) {
  if (value === null || typeof value !== 'object') return <span>{String(value)}</span>;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i + 1), v] as const) : Object.entries(value);
  return (
    <dl>{entries.map(([name, v]) => [<dt key={`t${name}`}>{name}</dt>, <dd key={`d${name}`}><Tree value={v} /></dd>])}</dl>
  );
}

/** A HumanName list as people write it: "Maria Santos". */
const nameOf = (names: Json | undefined): string | undefined => Array.isArray(names) && names[0]
  && typeof names[0] === 'object' && !Array.isArray(names[0])
  ? text(names[0].text) ?? [text(names[0].given)?.replaceAll(',', ''), text(names[0].family)].filter(Boolean).join(' ')
  : undefined;

/** One resource's headline; a Bundle (an emergency summary, say) lists each entry's headline too. */
function Resource({ resource }: { resource: Record<string, Json> }) {
  const headline: [string, string | undefined][] = [
    ['What', text(resource.code) ?? text(resource.medicationCodeableConcept) ?? text(resource.type)
      ?? text(resource.title)],
    ['Who', nameOf(resource.name)],
    ['Value', text(resource.valueQuantity) ?? text(resource.valueString) ?? text(resource.valueCodeableConcept)],
    ['When', text(resource.effectiveDateTime) ?? text(resource.onsetDateTime) ?? text(resource.issued)
      ?? text(resource.date)],
    ['Status', text(resource.status) ?? text(resource.clinicalStatus)],
  ];
  const entries = Array.isArray(resource.entry) ? resource.entry : [];
  return (
    <article class="fhir" aria-label={`FHIR ${String(resource.resourceType)}`}>
      <h4>{String(resource.resourceType ?? 'FHIR resource')}</h4>
      <dl class="headline">{headline.filter(([, v]) => v).map(([k, v]) => [<dt key={`t${k}`}>{k}</dt>, <dd key={`d${k}`}>{v}</dd>])}</dl>
      {entries.length > 0 && <ol>{entries.map((entry, i) => entry && typeof entry === 'object' && !Array.isArray(entry)
        && entry.resource && typeof entry.resource === 'object' && !Array.isArray(entry.resource)
        ? <li key={i}><Resource resource={entry.resource} /></li> : null)}</ol>}
    </article>
  );
}

export function Fhir({ json }: { json: string }) {
  let resource: Record<string, Json>;
  try {
    resource = JSON.parse(json) as Record<string, Json>;
  } catch {
    return <pre>{json}</pre>;
  }
  return (
    <div>
      <Resource resource={resource} />
      <details><summary>All fields</summary><Tree value={resource} /></details>
    </div>
  );
}
