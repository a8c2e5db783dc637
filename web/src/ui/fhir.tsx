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

export function Fhir({ json }: { json: string }) {
  let resource: Record<string, Json>;
  try {
    resource = JSON.parse(json) as Record<string, Json>;
  } catch {
    return <pre>{json}</pre>;
  }
  const headline: [string, string | undefined][] = [
    ['What', text(resource.code) ?? text(resource.type)],
    ['Value', text(resource.valueQuantity) ?? text(resource.valueString) ?? text(resource.valueCodeableConcept)],
    ['When', text(resource.effectiveDateTime) ?? text(resource.issued) ?? text(resource.date)],
    ['Status', text(resource.status)],
  ];
  return (
    <article class="fhir" aria-label={`FHIR ${String(resource.resourceType)}`}>
      <h4>{String(resource.resourceType ?? 'FHIR resource')}</h4>
      <dl class="headline">{headline.filter(([, v]) => v).map(([k, v]) => [<dt key={`t${k}`}>{k}</dt>, <dd key={`d${k}`}>{v}</dd>])}</dl>
      <details><summary>All fields</summary><Tree value={resource} /></details>
    </article>
  );
}
