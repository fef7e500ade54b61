import { XMLParser } from 'fast-xml-parser';

// One reader for Open311 documents, used alike on our server's answers and on real cities'
// responses (../shared/data/open311-responses/), so a shape our tests accept is a shape real
// clients already read. It returns what a JSON answer holds, with every scalar as text (XML has
// no types): lists unwrapped (<services><service/>… → [...]), empty elements as ''.

const LISTS: Record<string, string> = {
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
const ITEMS = new Set(Object.values(LISTS));

const parser = new XMLParser({
  ignoreAttributes: true, // Giessen's <services is_array="true"> says nothing we need
  ignoreDeclaration: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => ITEMS.has(name),
});

export type Parsed = string | Parsed[] | { [k: string]: Parsed };

function unwrap(name: string, v: unknown): Parsed {
  if (name in LISTS) {
    if (v === '' || v === undefined || v === null) return [];
    const items = (v as Record<string, unknown>)[LISTS[name]!] ?? [];
    return (items as unknown[]).map((i) => unwrap(LISTS[name]!, i));
  }
  if (v === null || v === undefined) return '';
  if (typeof v !== 'object') return String(v);
  const out: Record<string, Parsed> = {};
  for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
    if (k === 'attribute' && name === 'service_definition') {
      // An older layout (DC via sferik/open311) puts <attribute> straight under <service_definition>.
      out.attributes = (child as unknown[]).map((a) => unwrap('attribute', a));
    } else {
      out[k] = unwrap(k, child);
    }
  }
  return out;
}

/** Parses an Open311 XML document into { root, value }. */
export function parseOpen311Xml(xml: string): { root: string; value: Parsed } {
  // Some captured fixtures begin with the HTTP status line; real documents start at '<'.
  const doc = parser.parse(xml.slice(xml.indexOf('<'))) as Record<string, unknown>;
  const root = Object.keys(doc).find((k) => !k.startsWith('?'))!;
  return { root, value: unwrap(root, doc[root]) };
}

/** A JSON answer with its scalars as XML would carry them: what parseOpen311Xml gives for the same document. */
export function asXmlText(v: unknown): Parsed {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(asXmlText);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, c]) => [k, asXmlText(c)]));
  return String(v);
}

// The spec's element names (GeoReport v2), in the spec's order.
export const SPEC = {
  service: ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'],
  definition: ['service_code', 'attributes'],
  attribute: ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values'],
  value: ['key', 'name'],
  request: [
    'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
    'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url',
  ],
  postAnswer: ['service_request_id', 'token', 'service_notice', 'account_id'],
  token: ['service_request_id', 'token'],
  discovery: ['changeset', 'contact', 'key_service', 'endpoints'],
  endpoint: ['specification', 'url', 'changeset', 'type', 'formats'],
  error: ['code', 'description'],
  // mySociety's servicerequestupdates
  update: ['update_id', 'service_request_id', 'status', 'updated_datetime', 'description', 'media_url'],
  // ours, with extensions=true
  extended: ['channel', 'districts', 'duplicate_of', 'parent_service_request_id'],
  note: ['datetime', 'type', 'summary', 'description'],
} as const;

/** ISO 8601 with a zone, as the spec asks (Boston's discovery "2011-09-1 17:35" is not). */
export const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
