// The NYC 311 sample as CivicDesk requests: a small CSV reader, the mapping of one CSV row to what the import
// means (shared by the loader and by the test's own figures), and a loader through insertHistoricRequests.
import { readFileSync } from 'node:fs';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { upsertDepartment, upsertService } from '../../src/db/repositories/catalogue.js';
import { insertHistoricRequests, type HistoricEventRow, type HistoricRequestRow } from '../../src/db/repositories/history.js';

export const NYC_CSV = '/work/shared/data/nyc311-csv/nyc311_1000rows_mzuber88.csv';
export const NYC_ZONE = 'America/New_York';
export const NYC_CALENDAR = {
  timeZone: NYC_ZONE,
  hours: { mon: [['08:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '17:00']] },
  holidays: [],
} as const;

export function parseCsv(text: string): Array<Record<string, string>> {
  const records: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      records.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) records.push([...row, cell]);
  const [header, ...body] = records;
  return body.filter((r) => r.length > 1).map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

/** "06/26/2018 10:58:54 AM" (New York wall time) as its local date and as the UTC instant. */
export interface Local {
  date: string;
  at: Date;
}

function offsetMs(t: number): number {
  const p: Record<string, number> = {};
  const f = new Intl.DateTimeFormat('en-US', { timeZone: NYC_ZONE, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  for (const { type, value } of f.formatToParts(t)) p[type] = Number(value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!) - t;
}

export function local(v: string): Local | null {
  const m = /^(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d):(\d\d) (AM|PM)$/.exec(v.trim());
  if (!m) return null;
  const hour = (Number(m[4]) % 12) + (m[7] === 'PM' ? 12 : 0);
  const wall = Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), hour, Number(m[5]), Number(m[6]));
  let t = wall - offsetMs(wall);
  if (offsetMs(t) !== wall - t) t = wall - offsetMs(t);
  return { date: `${m[3]}-${m[1]}-${m[2]}`, at: new Date(t) };
}

const CHANNEL: Record<string, string> = { PHONE: 'phone', ONLINE: 'web', MOBILE: 'mobile', UNKNOWN: 'field', OTHER: 'meeting' };

/** What one CSV row means for CivicDesk (the import's mapping, not a report). */
export function mapRow(r: Record<string, string>) {
  const created = local(r['Created Date']!)!;
  const closedRaw = local(r['Closed Date'] ?? '');
  const closed = r.Status === 'Closed' ? closedRaw : null;
  const text = r['Resolution Description'] ?? '';
  const closeReason = !closed
    ? null
    : /duplicate/i.test(text)
      ? 'duplicate'
      : /could not locate|no condition|not found|did not find|no graffiti was found/i.test(text)
        ? 'unable_to_locate'
        : /no further action|not necessary|no evidence|no violation|were gone/i.test(text)
          ? 'no_action_needed'
          : 'resolved';
  const working = ['In Progress', 'Assigned', 'Email Sent'].includes(r.Status!);
  const acknowledged = closed ?? (working ? local(r['Resolution Action Updated Date'] ?? '') : null);
  const status = closed ? 'closed' : working ? (acknowledged ? 'in_progress' : 'new') : 'new';
  const lat = r.Latitude ? Number(r.Latitude) : null;
  return {
    key: r['Unique Key']!,
    agency: r.Agency!,
    agencyName: r['Agency Name']!,
    type: r['Complaint Type']!,
    channel: CHANNEL[r['Open Data Channel Type']!] ?? 'field',
    created,
    closed,
    acknowledged: status === 'new' ? null : acknowledged,
    closeReason,
    status,
    due: local(r['Due Date'] ?? ''),
    lat,
    lng: lat === null ? null : Number(r.Longitude),
    address: r['Incident Address'] || null,
    zipcode: r['Incident Zip'] || null,
  };
}
export type NycRow = ReturnType<typeof mapRow>;

export function readNyc(): NycRow[] {
  return parseCsv(readFileSync(NYC_CSV, 'utf8')).map(mapRow);
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');

/** Loads the sample with its own dates through the historic bulk path; returns the ids it created. */
export async function loadNyc(handle: DatabaseHandle, list: NycRow[]) {
  const departments = new Map<string, number>();
  const services = new Map<string, number>();
  for (const r of list) {
    if (!departments.has(r.agency)) departments.set(r.agency, await upsertDepartment(handle.db, { code: slug(r.agency), name: r.agency }));
  }
  for (const r of list) {
    if (!services.has(r.type)) services.set(r.type, await upsertService(handle.db, { code: slug(r.type), name: r.type, group: 'NYC', departmentId: departments.get(r.agency)! }));
  }
  for (let i = 0; i < list.length; i += 250) {
    const batch = list.slice(i, i + 250);
    const reqs: HistoricRequestRow[] = [];
    const events: HistoricEventRow[] = [];
    batch.forEach((r, n) => {
      reqs.push({
        publicId: `nyc-${r.key}`,
        token: `tok-${r.key}-${Math.random().toString(36).slice(2)}`,
        serviceId: services.get(r.type)!,
        departmentId: departments.get(r.agency)!,
        assigneeId: null,
        status: r.status,
        closeReason: r.closeReason,
        priority: 'normal',
        channel: r.channel,
        description: '',
        lat: r.lat,
        lng: r.lng,
        address: r.address,
        addressId: null,
        zipcode: r.zipcode,
        reporterId: null,
        locale: 'en',
        answers: {},
        externalSystem: 'nyc311',
        externalId: r.key,
        ackDueAt: null,
        resolveDueAt: r.due?.at.toISOString() ?? null,
        acknowledgedAt: r.acknowledged?.at.toISOString() ?? null,
        closedAt: r.closed?.at.toISOString() ?? null,
        resolvedAt: r.closeReason === 'resolved' ? r.closed!.at.toISOString() : null,
        createdAt: r.created.at.toISOString(),
        updatedAt: (r.closed ?? r.created).at.toISOString(),
      });
      events.push({ request: n, type: 'created', actorType: 'import', actorId: null, actorName: 'nyc311', public: true, data: { channel: r.channel }, createdAt: r.created.at.toISOString() });
      if (r.closed) events.push({ request: n, type: 'closed', actorType: 'import', actorId: null, actorName: 'nyc311', public: true, data: { reason: r.closeReason }, createdAt: r.closed.at.toISOString() });
    });
    await insertHistoricRequests(handle.db, reqs, events);
  }
  return { departments, services };
}
