import { z } from 'zod';
import { parseSourceDate } from './source-dates.js';
import { CHANNELS, CLOSE_REASONS, STATUSES, type Channel, type CloseReason, type Status } from './vocabulary.js';

// How a legacy system's CSV export maps onto CivicDesk requests: which column holds what, and how
// its statuses and channels read. Column names are compared normalised (lower case, words joined by
// "_"), so "Unique Key", "unique_key" and "UNIQUE KEY" are the same column.

const column = z.union([z.string(), z.array(z.string()).min(1)]);

export const mappingSchema = z.object({
  /** Stored as requests.external_system: a re-run with the same system updates instead of duplicating. */
  system: z.string().min(1),
  /** The zone of dates written without one. */
  timeZone: z.string().optional(),
  columns: z.object({
    externalId: z.string(),
    createdAt: z.string(),
    closedAt: z.string().optional(),
    status: z.string().optional(),
    serviceName: z.string(),
    serviceCode: z.string().optional(),
    departmentCode: z.string().optional(),
    departmentName: z.string().optional(),
    description: column.optional(),
    address: z.string().optional(),
    zipcode: z.string().optional(),
    lat: z.string().optional(),
    lng: z.string().optional(),
    channel: z.string().optional(),
    resolution: z.string().optional(),
    resolutionAt: z.string().optional(),
  }),
  /** Source status (case-insensitive) to CivicDesk status; unknown statuses are open ("new"), or closed when a close date is given. */
  statuses: z.record(z.string(), z.enum(STATUSES)).default({}),
  /** Source channel (case-insensitive) to CivicDesk channel; unknown ones use defaultChannel. */
  channels: z.record(z.string(), z.enum(CHANNELS)).default({}),
  defaultChannel: z.enum(CHANNELS).default('phone'),
  /** Regular expressions tried in order on the resolution text of a closed request. */
  closeReasons: z.array(z.tuple([z.string(), z.enum(CLOSE_REASONS)])).default([]),
});
export type Mapping = z.infer<typeof mappingSchema>;

export const normaliseColumn = (name: string) =>
  name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/** Where each mapped field sits in a record, or the names of the required columns the header lacks. */
export function locateColumns(mapping: Mapping, header: string[]): { index: Record<string, number[]>; labels: Record<string, string>; missing: string[] } {
  const pos = new Map<string, number>();
  header.forEach((h, i) => {
    const k = normaliseColumn(h);
    if (!pos.has(k)) pos.set(k, i);
  });
  const index: Record<string, number[]> = {};
  const labels: Record<string, string> = {};
  const missing: string[] = [];
  for (const [field, spec] of Object.entries(mapping.columns)) {
    const names = (Array.isArray(spec) ? spec : [spec]).map(normaliseColumn);
    const found = names.map((n) => pos.get(n)).filter((i): i is number => i !== undefined);
    if (!found.length && ['externalId', 'createdAt', 'serviceName'].includes(field)) missing.push(names.join('|'));
    index[field] = found;
    labels[field] = found.length ? header[found[0]!]!.replace(/^\uFEFF/, '').trim() : names[0]!;
  }
  return { index, labels, missing };
}

export interface ImportedRow {
  externalId: string;
  createdAt: Date;
  closedAt: Date | null;
  status: Status;
  closeReason: CloseReason | null;
  serviceName: string;
  serviceCode: string;
  departmentCode: string | null;
  departmentName: string | null;
  description: string;
  address: string | null;
  zipcode: string | null;
  lat: number | null;
  lng: number | null;
  channel: Channel;
  sourceStatus: string | null;
  resolution: string | null;
  resolutionAt: Date | null;
}

export const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 60);

/** One CSV record to a request, or the reason it is refused. Pure: the same rules for every way of writing. */
export function mapRecord(
  mapping: Mapping,
  columns: { index: Record<string, number[]>; labels: Record<string, string> },
  record: string[],
  timeZone: string,
  now: Date,
): ImportedRow | { reason: string } {
  const { index, labels: L } = columns;
  const get = (field: string): string | null => {
    for (const i of index[field] ?? []) {
      const v = record[i]?.trim();
      if (v) return v;
    }
    return null;
  };
  if (record.some((v) => v.includes('\uFFFD'))) return { reason: 'bytes that are not UTF-8' };
  const externalId = get('externalId');
  if (!externalId) return { reason: `no ${L.externalId}` };
  const createdText = get('createdAt');
  if (!createdText) return { reason: `no ${L.createdAt}` };
  const createdAt = parseSourceDate(createdText, timeZone);
  if (!createdAt) return { reason: `${L.createdAt} is not a date: "${createdText}"` };
  if (createdAt.getTime() > now.getTime() + 86_400_000) return { reason: `${L.createdAt} is in the future: "${createdText}"` };
  const serviceName = get('serviceName');
  if (!serviceName) return { reason: `no ${L.serviceName}` };
  const closedText = get('closedAt');
  let closedAt = closedText ? parseSourceDate(closedText, timeZone) : null;
  if (closedText && !closedAt) return { reason: `${L.closedAt} is not a date: "${closedText}"` };
  const resolutionText = get('resolutionAt');
  const resolutionAt = resolutionText ? parseSourceDate(resolutionText, timeZone) : null;
  const sourceStatus = get('status');
  const mapped = sourceStatus ? lookup(mapping.statuses, sourceStatus) : undefined;
  const status: Status = mapped ?? (closedAt ? 'closed' : 'new');
  if (status === 'closed') {
    closedAt ??= resolutionAt;
    if (!closedAt) return { reason: `closed without a ${L.closedAt}` };
    if (closedAt.getTime() < createdAt.getTime()) return { reason: `closed before it was created (${closedText ?? resolutionText})` };
  } else closedAt = null;
  let lat: number | null = null;
  let lng: number | null = null;
  const latText = get('lat');
  const lngText = get('lng');
  if (latText || lngText) {
    lat = Number(latText);
    lng = Number(lngText);
    if (!latText || !lngText || !Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
      return { reason: `not a location: ${latText ?? ''},${lngText ?? ''}` };
    }
    if (lat === 0 && lng === 0) lat = lng = null;
  }
  const resolution = get('resolution');
  const descriptionParts = (index.description ?? []).map((i) => record[i]?.trim()).filter((v): v is string => Boolean(v));
  const zip = get('zipcode');
  const channelText = get('channel');
  return {
    externalId,
    createdAt,
    closedAt,
    status,
    closeReason: status === 'closed' ? closeReasonFor(mapping, resolution) : null,
    serviceName,
    serviceCode: slug(get('serviceCode') ?? serviceName) || 'imported',
    departmentCode: get('departmentCode'),
    departmentName: get('departmentName'),
    description: [...new Set(descriptionParts)].join(' — '),
    address: get('address'),
    zipcode: zip ? normaliseZip(zip) : null,
    lat,
    lng,
    channel: (channelText && lookup(mapping.channels, channelText)) || mapping.defaultChannel,
    sourceStatus,
    resolution,
    resolutionAt,
  };
}

function lookup<T>(table: Record<string, T>, key: string): T | undefined {
  const k = key.trim().toLowerCase();
  for (const [name, v] of Object.entries(table)) if (name.toLowerCase() === k) return v;
  return undefined;
}

/** "10033.0" (a float column) and "2128.0" (a lost leading zero) are ZIP codes 10033 and 02128. */
function normaliseZip(z: string): string {
  const m = /^(\d{3,5})(?:\.0+)?(?:-\d{4})?$/.exec(z);
  return m ? m[1]!.padStart(5, '0') : z.slice(0, 10);
}

const compiled = new WeakMap<Mapping, Array<[RegExp, CloseReason]>>();

function closeReasonFor(mapping: Mapping, resolution: string | null): CloseReason {
  if (!resolution) return 'resolved';
  let rules = compiled.get(mapping);
  if (!rules) compiled.set(mapping, (rules = mapping.closeReasons.map(([p, r]) => [new RegExp(p, 'i'), r])));
  for (const [re, reason] of rules) if (re.test(resolution)) return reason;
  return 'resolved';
}
