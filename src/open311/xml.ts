// A small hand-written XML writer for Open311's flat documents: elements and text only, UTF-8,
// every text escaped, characters that XML 1.0 forbids (control characters, lone surrogates,
// U+FFFE/U+FFFF) dropped rather than producing a document no parser will read.

export type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value };

const INVALID_XML_CHARS = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function stripInvalidXmlChars(s: string): string {
  return s.replace(INVALID_XML_CHARS, '');
}

export function escapeXml(s: string): string {
  return stripInvalidXmlChars(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** How an array's items are named in XML: <services><service/></services>. */
export const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  service_request_updates: 'request_update',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
  notes: 'note',
  districts: 'district',
};

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function element(name: string, value: Value, out: string[]): void {
  if (!NAME.test(name)) throw new Error(`not an XML element name: ${name}`);
  if (value === null || value === undefined) {
    out.push(`<${name}/>`);
  } else if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item';
    out.push(`<${name}>`);
    for (const v of value) element(item, v, out);
    out.push(`</${name}>`);
  } else if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [k, v] of Object.entries(value)) element(k, v, out);
    out.push(`</${name}>`);
  } else {
    const text = typeof value === 'string' ? escapeXml(value) : String(value);
    out.push(text === '' ? `<${name}/>` : `<${name}>${text}</${name}>`);
  }
}

/** A whole document: the declaration, then the root element (an array root names its items by ITEM_NAMES). */
export function toXml(root: string, value: Value): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  element(root, value, out);
  out.push('\n');
  return out.join('');
}
