import type { CopyIn } from '../connect.js';
import { one, rows, sql, type Db, type SQL } from '../sql.js';

// Bulk writing of past requests with their history (the demo city's two years, legacy imports).
// Rows travel as one JSON document per batch: one parameter, the same on both drivers, and
// no notifications: history is not news.

export interface HistoricRequestRow {
  publicId: string;
  token: string;
  serviceId: number;
  departmentId: number;
  assigneeId: number | null;
  status: string;
  closeReason: string | null;
  priority: string;
  channel: string;
  description: string;
  lat: number | null;
  lng: number | null;
  address: string | null;
  addressId: string | null;
  zipcode: string | null;
  reporterId: number | null;
  locale: string;
  answers: Record<string, unknown>;
  externalSystem: string | null;
  externalId: string | null;
  ackDueAt: string | null;
  resolveDueAt: string | null;
  acknowledgedAt: string | null;
  closedAt: string | null;
  resolvedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface HistoricEventRow {
  /** Index of the request in the batch. */
  request: number;
  type: string;
  actorType: string;
  actorId: number | null;
  actorName: string | null;
  public: boolean;
  data: Record<string, unknown>;
  createdAt: string;
  /** For comment events: the comment to write with it. */
  comment?: { visibility: 'public' | 'internal'; body: string; authorUserId: number | null };
}

export type { CopyIn };

export interface HistoricWriteOptions {
  /** Re-runs update the request with the same (external_system, external_id) and add only the events it lacks. */
  upsert?: boolean;
  /** A server connection's COPY: rows travel through temp staging tables instead of one JSON parameter. */
  copy?: CopyIn;
  /** Place new requests in their districts as they are written (what placeRequestsInDistricts does after). */
  placeInDistricts?: boolean;
}

// One list of columns for both ways of moving bytes (a JSON parameter, or COPY into staging).
const REQUEST_COLUMNS: Array<[keyof HistoricRequestRow, string]> = [
  ['publicId', 'text'], ['token', 'text'], ['serviceId', 'int'], ['departmentId', 'int'], ['assigneeId', 'int'], ['status', 'text'],
  ['closeReason', 'text'], ['priority', 'text'], ['channel', 'text'], ['description', 'text'], ['lat', 'float8'], ['lng', 'float8'],
  ['address', 'text'], ['addressId', 'text'], ['zipcode', 'text'], ['reporterId', 'int'], ['locale', 'text'], ['answers', 'jsonb'],
  ['externalSystem', 'text'], ['externalId', 'text'], ['ackDueAt', 'timestamptz'], ['resolveDueAt', 'timestamptz'],
  ['acknowledgedAt', 'timestamptz'], ['closedAt', 'timestamptz'], ['resolvedAt', 'timestamptz'], ['createdAt', 'timestamptz'], ['updatedAt', 'timestamptz'],
];
const EVENT_COLUMNS: Array<[string, string]> = [
  ['requestId', 'bigint'], ['type', 'text'], ['actorType', 'text'], ['actorId', 'int'], ['actorName', 'text'], ['public', 'boolean'], ['data', 'jsonb'], ['createdAt', 'timestamptz'],
  ['known', 'boolean'],
];

const q = (name: string) => `"${name}"`;
const defs = (cols: Array<[string, string]>) => cols.map(([n, t]) => `${q(n)} ${t}`).join(', ');
const names = (cols: Array<[string, string]>) => cols.map(([n]) => q(n)).join(', ');

/** The batch as a relation x(columns..., n): a JSON parameter, or a staging table filled by COPY. */
async function source(db: Db, table: string, cols: Array<[string, string]>, list: Array<Record<string, unknown>>, copy: CopyIn | undefined): Promise<SQL> {
  if (copy) {
    await db.execute(sql.raw(`create temp table if not exists ${table} (${defs(cols)}, n bigint) on commit drop`));
    await db.execute(sql.raw(`truncate ${table}`));
    await copy(`copy ${table} (${names(cols)}, n) from stdin`, copyLines(list, cols));
    return sql.raw(`${table} x`);
  }
  return sql`rows from (jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as (${sql.raw(defs(cols))})) with ordinality as x(${sql.raw(names(cols))}, n)`;
}

function* copyLines(list: Array<Record<string, unknown>>, cols: Array<[string, string]>): Generator<string> {
  for (const [i, r] of list.entries()) {
    let line = '';
    for (const [n] of cols) line += `${copyValue(r[n])}\t`;
    yield `${line}${i + 1}\n`;
  }
}

function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

export async function insertHistoricRequests(db: Db, requests: HistoricRequestRow[], events: HistoricEventRow[], opts: HistoricWriteOptions = {}): Promise<number[]> {
  if (!requests.length) return [];
  const src = await source(db, 'import_stage_requests', REQUEST_COLUMNS, requests as unknown as Array<Record<string, unknown>>, opts.copy);
  const onConflict = opts.upsert
    ? sql`on conflict (external_system, external_id) where external_id is not null do update set
          status = excluded.status, close_reason = excluded.close_reason, closed_at = excluded.closed_at, resolved_at = excluded.resolved_at,
          acknowledged_at = coalesce(requests.acknowledged_at, excluded.acknowledged_at),
          updated_at = greatest(requests.updated_at, excluded.updated_at),
          version = requests.version + case when (requests.status, requests.closed_at) is distinct from (excluded.status, excluded.closed_at) then 1 else 0 end`
    : sql``;
  const inserted = await rows<{ id: number; public_id: string; external_id: string | null; fresh: boolean }>(
    db,
    sql`insert into requests (public_id, token, service_id, department_id, assignee_id, status, close_reason, priority, channel,
          description, location, address, address_id, zipcode, reporter_id, locale, answers, external_system, external_id,
          ack_due_at, resolve_due_at, acknowledged_at, closed_at, resolved_at, created_at, updated_at, district_ids)
        select x."publicId", x.token, x."serviceId", x."departmentId", x."assigneeId", x.status, x."closeReason", x.priority, x.channel,
          x.description, p.location, x.address, x."addressId",
          x.zipcode, x."reporterId", x.locale, x.answers, x."externalSystem", x."externalId", x."ackDueAt", x."resolveDueAt",
          x."acknowledgedAt", x."closedAt", x."resolvedAt", x."createdAt", x."updatedAt",
          ${opts.placeInDistricts ? sql`coalesce((select array_agg(d.id order by d.id) from districts d where ST_Intersects(d.geom, p.location)), '{}')` : sql`'{}'::int[]`}
        from ${src}
        cross join lateral (select case when x.lat is null then null else ST_SetSRID(ST_MakePoint(x.lng, x.lat), 4326) end as location) p
        order by x.n
        ${onConflict}
        returning id, public_id, external_id, (xmax = 0) as fresh`,
  );
  // On upsert an existing row answers with its own public id: match by the external id instead.
  const requestIds = opts.upsert
    ? ((m) => requests.map((r) => m.get(r.externalId ?? '')!))(new Map(inserted.map((r) => [r.external_id ?? '', Number(r.id)])))
    : ((m) => requests.map((r) => m.get(r.publicId)!))(new Map(inserted.map((r) => [r.public_id, Number(r.id)])));
  // xmax = 0: the row was inserted now, so its events need no check against history it cannot have.
  const fresh = new Set(inserted.filter((r) => r.fresh).map((r) => Number(r.id)));
  const withComments = events.filter((e) => e.comment);
  const commentIds = withComments.length
    ? (
        await rows<{ id: number }>(
          db,
          sql`insert into comments (request_id, author_user_id, author_name, visibility, body, created_at)
              select x."requestId", x."authorUserId", x."authorName", x.visibility, x.body, x."createdAt"
              from rows from (jsonb_to_recordset(${JSON.stringify(
                withComments.map((e) => ({ requestId: requestIds[e.request], authorUserId: e.comment!.authorUserId, authorName: e.actorName, visibility: e.comment!.visibility, body: e.comment!.body, createdAt: e.createdAt })),
              )}::jsonb) as ("requestId" bigint, "authorUserId" int, "authorName" text, visibility text, body text, "createdAt" timestamptz)) with ordinality as x("requestId", "authorUserId", "authorName", visibility, body, "createdAt", n)
              order by x.n returning id`,
        )
      ).map((r) => Number(r.id))
    : [];
  let c = 0;
  const eventRows = events.map((e) => ({
    requestId: requestIds[e.request],
    type: e.type,
    actorType: e.actorType,
    actorId: e.actorId,
    actorName: e.actorName,
    public: e.public,
    data: e.comment ? { ...e.data, commentId: commentIds[c++] } : e.data,
    createdAt: e.createdAt,
    known: !fresh.has(requestIds[e.request]!),
  }));
  if (!eventRows.length) return requestIds;
  const events_ = await source(db, 'import_stage_events', EVENT_COLUMNS, eventRows, opts.copy);
  // A re-run appends only the events the request does not have yet (same type at the same instant).
  const onlyNew = opts.upsert
    ? sql`where not x.known or not exists (select 1 from request_events e where e.request_id = x."requestId" and e.type = x.type and e.created_at = x."createdAt")`
    : sql``;
  await db.execute(
    sql`insert into request_events (request_id, type, actor_type, actor_id, actor_name, public, data, created_at)
        select x."requestId", x.type, x."actorType", x."actorId", x."actorName", x.public, x.data, x."createdAt"
        from ${events_} ${onlyNew}
        order by x."createdAt", x.n`,
  );
  return requestIds;
}

/** Places every request without districts (or only those of `ids`) in the districts that contain it. */
export async function placeRequestsInDistricts(db: Db, ids?: number[]): Promise<void> {
  const only = ids ? sql`and r.id = any(${`{${ids.map((n) => Math.trunc(n)).join(',')}}`}::bigint[])` : sql``;
  await db.execute(
    sql`update requests r set district_ids = coalesce((select array_agg(d.id order by d.id) from districts d where ST_Intersects(d.geom, r.location)), '{}')
        where r.location is not null and r.district_ids = '{}' ${only}`,
  );
}

/** The last number a year's sequence gave out (0 if none). */
export async function currentRequestNumber(db: Db, year: number): Promise<number> {
  const name = `request_number_${Math.trunc(year)}`;
  const exists = await one<{ t: string | null }>(db, sql`select to_regclass(${name})::text as t`);
  if (!exists?.t) return 0;
  const cur = await one<{ v: number; c: boolean }>(db, sql`select last_value as v, is_called as c from ${sql.raw(name)}`);
  return cur?.c ? Number(cur.v) : 0;
}

/** Moves a year's request-number sequence past the numbers history used. */
export async function advanceRequestNumber(db: Db, year: number, atLeast: number): Promise<void> {
  const seq = sql.raw(`request_number_${Math.trunc(year)}`);
  await db.execute(sql`create sequence if not exists ${seq}`);
  const cur = await one<{ v: number }>(db, sql`select last_value as v from ${seq}`);
  if (Number(cur?.v ?? 0) < atLeast) await db.execute(sql`select setval('${seq}', ${atLeast})`);
}

export async function insertResidents(db: Db, list: Array<{ name: string | null; email: string | null; phone: string | null; locale: string }>): Promise<number[]> {
  if (!list.length) return [];
  const ids = await rows<{ id: number }>(
    db,
    sql`insert into residents (name, email, phone, locale)
        select x.name, x.email, x.phone, x.locale from rows from (jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as (name text, email text, phone text, locale text)) with ordinality as x(name, email, phone, locale, n)
        order by x.n returning id`,
  );
  return ids.map((r) => Number(r.id));
}

export async function insertAddresses(db: Db, list: Array<{ id: string; fullAddress: string; lat: number; lng: number; zipcode: string | null }>): Promise<void> {
  for (let i = 0; i < list.length; i += 5000) {
    await db.execute(
      sql`insert into addresses (id, full_address, zipcode, location)
          select x.id, x."fullAddress", x.zipcode, ST_SetSRID(ST_MakePoint(x.lng, x.lat), 4326)
          from jsonb_to_recordset(${JSON.stringify(list.slice(i, i + 5000))}::jsonb) as x(id text, "fullAddress" text, zipcode text, lat float8, lng float8)
          on conflict (id) do update set full_address = excluded.full_address, zipcode = excluded.zipcode, location = excluded.location`,
    );
  }
}

/** Points duplicates at their originals, by public id. */
export async function linkDuplicates(db: Db, pairs: Array<{ child: string; parent: string }>): Promise<void> {
  if (!pairs.length) return;
  await db.execute(
    sql`update requests c set duplicate_of_id = p.id
        from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as x(child text, parent text)
        join requests p on p.public_id = x.parent
        where c.public_id = x.child`,
  );
}
