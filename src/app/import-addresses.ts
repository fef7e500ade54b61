import type { Actor } from '../domain/actor.js';
import { invalid, type FieldIssue } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import type { AddressRecord, Deps } from './ports.js';
import { validPoint } from './resolve-location.js';

/** One row of the address file as read, before checking. */
export interface RawAddress {
  line: number;
  id?: string | undefined;
  fullAddress?: string | undefined;
  lat?: string | undefined;
  lng?: string | undefined;
  zipcode?: string | undefined;
}

export const ADDRESS_BATCH = 5000;
const MAX_REPORTED = 20;

const HEADERS: Record<keyof Omit<RawAddress, 'line'>, string[]> = {
  id: ['address id', 'address_id', 'addressid', 'id'],
  fullAddress: ['full address', 'full_address', 'fulladdress', 'address'],
  lat: ['lat', 'latitude', 'y'],
  lng: ['long', 'lng', 'lon', 'longitude', 'x'],
  zipcode: ['zip', 'zipcode', 'zip code', 'zip_code', 'postal code', 'postcode'],
};

/**
 * Which column holds what, from the header row. Null when the first row is not a header (its latitude
 * column holds a number): the columns are then taken in the documented order id, address, lat, long, zip.
 */
export function addressColumns(first: string[]): { columns: Record<keyof Omit<RawAddress, 'line'>, number>; header: boolean } {
  const names = first.map((h) => h.trim().toLowerCase().replace(/^\ufeff/, ''));
  const found = Object.fromEntries(Object.entries(HEADERS).map(([k, options]) => [k, names.findIndex((n) => options.includes(n))])) as Record<keyof typeof HEADERS, number>;
  if (found.id >= 0 && found.fullAddress >= 0 && found.lat >= 0 && found.lng >= 0) return { columns: found, header: true };
  if (first.length >= 4 && first[2]?.trim() !== '' && Number.isFinite(Number(first[2])) && Number.isFinite(Number(first[3]))) {
    return { columns: { id: 0, fullAddress: 1, lat: 2, lng: 3, zipcode: 4 }, header: false };
  }
  const missing = (Object.keys(HEADERS) as Array<keyof typeof HEADERS>).filter((k) => k !== 'zipcode' && found[k] < 0);
  throw invalid(missing.map((k) => ({ field: `header.${k}`, message: `no column for ${k} (expected one of: ${HEADERS[k].join(', ')})` })));
}

function check(raw: RawAddress, issues: FieldIssue[]): AddressRecord | null {
  const id = raw.id?.trim() ?? '';
  const fullAddress = raw.fullAddress?.trim().replace(/\s+/g, ' ') ?? '';
  const lat = Number(raw.lat?.trim() || Number.NaN);
  const lng = Number(raw.lng?.trim() || Number.NaN);
  const problem = !id
    ? 'no address id'
    : id.length > 100
      ? 'address id longer than 100 characters'
      : !fullAddress
        ? 'no address'
        : !validPoint({ lat, lng })
          ? `lat ${raw.lat ?? ''} / long ${raw.lng ?? ''} is not a point (latitude ±90, longitude ±180)`
          : null;
  if (problem) {
    issues.push({ field: `line ${raw.line}`, message: problem });
    return null;
  }
  return { id, fullAddress: fullAddress.slice(0, 500), zipcode: raw.zipcode?.trim() || null, location: { lat, lng } };
}

/**
 * Loads the master address list, streaming: rows are checked one by one and written in batches, each batch
 * in its own transaction (an address with a known id is replaced, so running an import again completes or
 * refreshes it). Rows that don't make an address are skipped and reported with their line numbers.
 */
export async function importAddresses(deps: Deps, actor: Actor, input: AsyncIterable<RawAddress>, opts: { batchSize?: number } = {}) {
  authorize(actor, 'admin.configure');
  const size = opts.batchSize ?? ADDRESS_BATCH;
  const issues: FieldIssue[] = [];
  let rejected = 0;
  let imported = 0;
  // Keyed by id: the same id twice in one statement is an error, and the later row is the one meant.
  let batch = new Map<string, AddressRecord>();
  const flush = async () => {
    if (!batch.size) return;
    const list = [...batch.values()];
    batch = new Map();
    await deps.tx((repos) => repos.addresses.upsertMany(list));
    imported += list.length;
  };
  for await (const raw of input) {
    const seen = issues.length;
    const row = check(raw, issues);
    if (!row) {
      rejected += 1;
      if (issues.length > MAX_REPORTED) issues.length = seen;
      continue;
    }
    batch.set(row.id, row);
    if (batch.size >= size) await flush();
  }
  await flush();
  return { imported, rejected, issues };
}
