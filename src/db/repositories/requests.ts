import type { RequestRecord } from '../../app/model.js';
import { MissingYearSequence, type NewRequest, type RequestFilter, type RequestPatch, type RequestsRepo } from '../../app/ports.js';
import { one, pgCode, rows, sql, toDate, toDateOrNull, type Db, type Row, type SQL } from '../sql.js';

export const REQUEST_COLUMNS = sql.raw(`r.id, r.public_id, r.token, r.service_id, r.department_id, r.assignee_id, r.status,
  r.close_reason, r.priority, r.channel, r.description, ST_Y(r.location) as lat, ST_X(r.location) as lng, r.address,
  r.address_id, r.zipcode, r.district_ids, r.reporter_id, r.locale, r.answers, r.external_system, r.external_id,
  r.work_order_id, r.duplicate_of_id, r.me_too_count, r.ack_due_at, r.resolve_due_at, r.acknowledged_at, r.closed_at,
  r.resolved_at, r.ack_overdue, r.resolve_overdue, r.created_at, r.updated_at, r.version`);

export function toRequest(r: Row): RequestRecord {
  return {
    id: Number(r.id),
    publicId: r.public_id as string,
    token: r.token as string,
    serviceId: r.service_id as number,
    departmentId: r.department_id as number,
    assigneeId: (r.assignee_id as number | null) ?? null,
    status: r.status as RequestRecord['status'],
    closeReason: (r.close_reason as RequestRecord['closeReason']) ?? null,
    priority: r.priority as RequestRecord['priority'],
    channel: r.channel as RequestRecord['channel'],
    description: r.description as string,
    location: r.lat === null || r.lat === undefined ? null : { lat: Number(r.lat), lng: Number(r.lng) },
    address: (r.address as string | null) ?? null,
    addressId: (r.address_id as string | null) ?? null,
    zipcode: (r.zipcode as string | null) ?? null,
    districtIds: parseIntArray(r.district_ids),
    reporterId: (r.reporter_id as number | null) ?? null,
    locale: r.locale as RequestRecord['locale'],
    answers: (r.answers as RequestRecord['answers']) ?? {},
    externalSystem: (r.external_system as string | null) ?? null,
    externalId: (r.external_id as string | null) ?? null,
    workOrderId: (r.work_order_id as string | null) ?? null,
    duplicateOfId: r.duplicate_of_id === null || r.duplicate_of_id === undefined ? null : Number(r.duplicate_of_id),
    meTooCount: Number(r.me_too_count),
    ackDueAt: toDateOrNull(r.ack_due_at),
    resolveDueAt: toDateOrNull(r.resolve_due_at),
    acknowledgedAt: toDateOrNull(r.acknowledged_at),
    closedAt: toDateOrNull(r.closed_at),
    resolvedAt: toDateOrNull(r.resolved_at),
    ackOverdue: Boolean(r.ack_overdue),
    resolveOverdue: Boolean(r.resolve_overdue),
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
    version: Number(r.version),
  };
}

// Drizzle returns int[] parsed on PGlite and as '{1,2}' text through node-postgres.
function parseIntArray(v: unknown): number[] {
  if (Array.isArray(v)) return v.map(Number);
  if (typeof v === 'string') return v.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
  return [];
}

export const pointSql = (p: { lat: number; lng: number } | null) =>
  p ? sql`ST_SetSRID(ST_MakePoint(${p.lng}, ${p.lat}), 4326)` : sql`null`;

export const intArray = (ids: number[]) => sql`${`{${ids.map((n) => Math.trunc(n)).join(',')}}`}::int[]`;

const ts = (d: Date | null) => (d ? d.toISOString() : null);

const PATCH_COLUMNS: Record<keyof RequestPatch, string> = {
  serviceId: 'service_id',
  departmentId: 'department_id',
  assigneeId: 'assignee_id',
  status: 'status',
  closeReason: 'close_reason',
  priority: 'priority',
  acknowledgedAt: 'acknowledged_at',
  closedAt: 'closed_at',
  resolvedAt: 'resolved_at',
  ackDueAt: 'ack_due_at',
  resolveDueAt: 'resolve_due_at',
  ackOverdue: 'ack_overdue',
  resolveOverdue: 'resolve_overdue',
  duplicateOfId: 'duplicate_of_id',
  workOrderId: 'work_order_id',
  meTooCount: 'me_too_count',
  location: 'location',
  address: 'address',
  addressId: 'address_id',
  zipcode: 'zipcode',
  districtIds: 'district_ids',
};

export function requestsRepo(db: Db): RequestsRepo {
  const byId = (id: number, lock: boolean) =>
    one(db, sql`select ${REQUEST_COLUMNS} from requests r where r.id = ${id} ${lock ? sql`for update` : sql``}`).then((r) => r && toRequest(r));

  return {
    async insert(n: NewRequest) {
      // A year instead of an id: the number comes from the year's sequence in this statement (no round trip of its
      // own), formatted as formatPublicId does ("26-000123", longer past 999,999).
      const publicId =
        typeof n.publicId === 'string'
          ? sql`${n.publicId}`
          : sql`(select ${String(n.publicId.year % 100).padStart(2, '0')} || '-' || case when s.n < 1000000 then lpad(s.n::text, 6, '0') else s.n::text end
                 from (select nextval('${sql.raw(`request_number_${Math.trunc(n.publicId.year)}`)}') as n) s)`;
      const insert = one(
        db,
        sql`insert into requests as r (public_id, token, service_id, department_id, assignee_id, priority, channel, description,
              location, address, address_id, zipcode, district_ids, reporter_id, locale, answers, external_system, external_id,
              ack_due_at, resolve_due_at, created_at, updated_at)
            values (${publicId}, ${n.token}, ${n.serviceId}, ${n.departmentId}, ${n.assigneeId}, ${n.priority}, ${n.channel},
              ${n.description}, ${pointSql(n.location)}, ${n.address}, ${n.addressId}, ${n.zipcode}, ${intArray(n.districtIds)},
              ${n.reporterId}, ${n.locale}, ${JSON.stringify(n.answers)}::jsonb, ${n.externalSystem}, ${n.externalId},
              ${ts(n.ackDueAt)}, ${ts(n.resolveDueAt)}, ${n.createdAt.toISOString()}, ${n.createdAt.toISOString()})
            returning ${REQUEST_COLUMNS}`,
      );
      const row = await insert.catch((err: unknown) => {
        if (typeof n.publicId !== 'string' && pgCode(err) === '42P01') throw new MissingYearSequence(n.publicId.year);
        throw err;
      });
      return toRequest(row!);
    },
    get: (id) => byId(id, false),
    getForUpdate: (id) => byId(id, true),
    async getByPublicId(publicId) {
      const r = await one(db, sql`select ${REQUEST_COLUMNS} from requests r where r.public_id = ${publicId}`);
      return r && toRequest(r);
    },
    async update(id, patch, expectedVersion, at) {
      const sets: SQL[] = [];
      for (const [key, value] of Object.entries(patch) as Array<[keyof RequestPatch, unknown]>) {
        if (value === undefined) continue;
        if (key === 'location') sets.push(sql`location = ${pointSql(value as { lat: number; lng: number } | null)}`);
        else if (key === 'districtIds') sets.push(sql`district_ids = ${intArray(value as number[])}`);
        else sets.push(sql`${sql.raw(PATCH_COLUMNS[key])} = ${value instanceof Date ? value.toISOString() : value}`);
      }
      sets.push(sql`version = r.version + 1`, sql`updated_at = ${at.toISOString()}`);
      const r = await one(
        db,
        sql`update requests r set ${sql.join(sets, sql`, `)} where r.id = ${id} and r.version = ${expectedVersion} returning ${REQUEST_COLUMNS}`,
      );
      return r && toRequest(r);
    },
    async list(f: RequestFilter) {
      const cond = queueWhere(f);
      const order =
        f.sort === 'oldest' ? sql`r.created_at asc, r.id asc` : f.sort === 'due' ? sql`r.resolve_due_at asc nulls last, r.id asc` : sql`r.created_at desc, r.id desc`;
      const items = await rows(db, sql`select ${REQUEST_COLUMNS} from requests r where ${cond} order by ${order} limit ${f.limit} offset ${f.offset}`);
      const total = await one<{ n: number }>(db, sql`select count(*)::int as n from requests r where ${cond}`);
      return { items: items.map(toRequest), total: total?.n ?? 0 };
    },
    async counts(f) {
      const scope = f.departmentIds ? sql`and r.department_id = any(${intArray(f.departmentIds)})` : sql``;
      const now = f.now.toISOString();
      const r = await one<Row>(
        db,
        sql`select count(*)::int as open,
                   count(*) filter (where r.status = 'new')::int as new,
                   count(*) filter (where ${overdueSql(now)})::int as overdue,
                   count(*) filter (where r.assignee_id = ${f.userId})::int as mine
            from requests r where r.status <> 'closed' ${scope}`,
      );
      return { open: Number(r?.open ?? 0), new: Number(r?.new ?? 0), overdue: Number(r?.overdue ?? 0), mine: Number(r?.mine ?? 0) };
    },
  };
}

const overdueSql = (now: string) =>
  sql`(r.status <> 'closed' and (r.resolve_overdue or r.resolve_due_at < ${now}::timestamptz or (r.acknowledged_at is null and (r.ack_overdue or r.ack_due_at < ${now}::timestamptz))))`;

/** The queue's filters as one SQL condition. */
function queueWhere(f: RequestFilter): SQL {
  const where: SQL[] = [sql`true`];
  // One department (the common queue) as "=": the ordered index scans need it.
  if (f.departmentIds?.length === 1) where.push(sql`r.department_id = ${f.departmentIds[0]}`);
  else if (f.departmentIds) where.push(sql`r.department_id = any(${intArray(f.departmentIds)})`);
  if (f.serviceIds) where.push(sql`r.service_id = any(${intArray(f.serviceIds)})`);
  // "Every open status" is written as the open-queue indexes' own predicate, so the planner uses them.
  const allOpen = f.statuses && f.statuses.length === 4 && !f.statuses.includes('closed') && new Set(f.statuses).size === 4;
  if (allOpen) where.push(sql`r.status <> 'closed'`);
  else if (f.statuses) where.push(sql`r.status = any(${`{${f.statuses.join(',')}}`}::text[])`);
  if (f.priorities) where.push(sql`r.priority = any(${`{${f.priorities.join(',')}}`}::text[])`);
  if (f.assigneeId !== undefined) where.push(sql`r.assignee_id = ${f.assigneeId}`);
  if (f.channel) where.push(sql`r.channel = ${f.channel}`);
  if (f.districtId !== undefined) where.push(sql`r.district_ids @> ${intArray([f.districtId])}`);
  if (f.overdue) where.push(overdueSql((f.now ?? new Date()).toISOString()));
  if (f.createdFrom) where.push(sql`r.created_at >= ${f.createdFrom.toISOString()}::timestamptz`);
  if (f.createdTo) where.push(sql`r.created_at < ${f.createdTo.toISOString()}::timestamptz`);
  if (f.bbox) {
    const [w, s, e, n] = f.bbox;
    where.push(sql`r.location && ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326)`);
  }
  return sql.join(where, sql` and `);
}
