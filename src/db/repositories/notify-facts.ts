import type { RequestEvent } from '../../app/model.js';
import type { Locale } from '../../domain/vocabulary.js';
import { one, rows, sql, toBytes, toDate, type Db } from '../sql.js';
import { toEvent } from './events.js';

// What the dispatcher reads to address and write notifications.

export interface Person {
  email: string;
  name: string | null;
  locale: Locale;
}

export interface FollowerContact extends Person {
  token: string;
  via: string;
}

export async function eventById(db: Db, id: number): Promise<RequestEvent | undefined> {
  const r = await one(db, sql`select * from request_events where id = ${id}`);
  return r && toEvent(r);
}

const locale = (v: unknown): Locale => (v === 'es' ? 'es' : 'en');

/** The department's lead liaison, then its backups, in rank order (active users with an e-mail). */
export async function liaisonsOf(db: Db, departmentId: number): Promise<Person[]> {
  const list = await rows(
    db,
    sql`select u.email, u.name, u.locale from department_liaisons l join users u on u.id = l.user_id
        where l.department_id = ${departmentId} and u.active order by l.rank`,
  );
  return list.map((r) => ({ email: r.email as string, name: r.name as string, locale: locale(r.locale) }));
}

/** Supervisors who work for the department, or every supervisor when none is scoped to it. */
export async function supervisorsOf(db: Db, departmentId: number): Promise<Person[]> {
  const list = await rows(
    db,
    sql`select u.email, u.name, u.locale, exists (select 1 from user_departments ud where ud.user_id = u.id and ud.department_id = ${departmentId}) as scoped
        from users u where u.role = 'supervisor' and u.active order by u.id`,
  );
  const scoped = list.filter((r) => r.scoped);
  return (scoped.length ? scoped : list).map((r) => ({ email: r.email as string, name: r.name as string, locale: locale(r.locale) }));
}

export async function followersOf(db: Db, requestId: number): Promise<FollowerContact[]> {
  const list = await rows(
    db,
    sql`select f.email, f.locale, f.unsubscribe_token, f.via, res.name from followers f left join residents res on res.id = f.resident_id
        where f.request_id = ${requestId} and f.email is not null and res.anonymised_at is null
        order by (f.via = 'reporter') desc, f.id`,
  );
  return list.map((r) => ({ email: r.email as string, name: (r.name as string | null) ?? null, locale: locale(r.locale), token: r.unsubscribe_token as string, via: r.via as string }));
}

export async function districtNames(db: Db, ids: number[]): Promise<string[]> {
  if (!ids.length) return [];
  const list = await rows(
    db,
    sql`select l.name as layer, d.name from districts d join district_layers l on l.id = d.layer_id
        where d.id = any(${`{${ids.join(',')}}`}::int[]) and not l.is_city_limits order by l.id, d.name`,
  );
  return list.map((r) => `${r.layer as string}: ${r.name as string}`);
}

export interface MediaRef {
  id: number;
  visibility: 'public' | 'internal';
  createdAt: Date;
}

export async function mediaOf(db: Db, requestId: number): Promise<MediaRef[]> {
  const list = await rows(db, sql`select id, visibility, created_at from media where request_id = ${requestId} and kind = 'photo' order by id`);
  return list.map((r) => ({ id: Number(r.id), visibility: r.visibility as MediaRef['visibility'], createdAt: toDate(r.created_at) }));
}

/** The photo of the fix: the newest public photo added within an hour before closing (or just after). */
export async function closingPhoto(db: Db, requestId: number, closedAt: Date): Promise<{ id: number; contentType: string; filename: string | null; data: Buffer } | undefined> {
  const r = await one(
    db,
    sql`select m.id, m.content_type, m.filename, b.data from media m join media_blobs b on b.media_id = m.id and b.variant = 'original'
        where m.request_id = ${requestId} and m.visibility = 'public'
          and m.created_at between ${closedAt.toISOString()}::timestamptz - interval '1 hour' and ${closedAt.toISOString()}::timestamptz + interval '15 minutes'
        order by m.created_at desc, m.id desc limit 1`,
  );
  return r && { id: Number(r.id), contentType: r.content_type as string, filename: (r.filename as string | null) ?? null, data: toBytes(r.data) };
}

export interface OverdueRow {
  departmentId: number;
  publicId: string;
  serviceName: string;
  priority: string;
  status: string;
  address: string | null;
  ackDueAt: Date | null;
  resolveDueAt: Date | null;
  ackOverdue: boolean;
}

/** Open requests past a target, by department. */
export async function overdueRequests(db: Db): Promise<OverdueRow[]> {
  const list = await rows(
    db,
    sql`select r.department_id, r.public_id, s.name as service_name, r.priority, r.status, r.address, r.ack_due_at, r.resolve_due_at,
          (r.acknowledged_at is null and r.ack_due_at < now()) as ack_overdue
        from requests r join services s on s.id = r.service_id
        where r.status <> 'closed' and (r.ack_overdue or r.resolve_overdue or r.resolve_due_at < now() or (r.acknowledged_at is null and r.ack_due_at < now()))
        order by r.department_id, r.resolve_due_at nulls last, r.id limit 5000`,
  );
  return list.map((r) => ({
    departmentId: Number(r.department_id),
    publicId: r.public_id as string,
    serviceName: r.service_name as string,
    priority: r.priority as string,
    status: r.status as string,
    address: (r.address as string | null) ?? null,
    ackDueAt: r.ack_due_at ? toDate(r.ack_due_at) : null,
    resolveDueAt: r.resolve_due_at ? toDate(r.resolve_due_at) : null,
    ackOverdue: Boolean(r.ack_overdue),
  }));
}

export async function webhookSecret(db: Db, id: number): Promise<{ url: string; secret: string; active: boolean } | undefined> {
  const r = await one(db, sql`select url, secret, active from webhook_subscriptions where id = ${id}`);
  return r && { url: r.url as string, secret: r.secret as string, active: Boolean(r.active) };
}

export async function activeSubscriptions(db: Db): Promise<Array<{ id: number; events: string[] }>> {
  const list = await rows(db, sql`select id, array_to_json(events) as events from webhook_subscriptions where active order by id`);
  return list.map((r) => ({ id: Number(r.id), events: (typeof r.events === 'string' ? JSON.parse(r.events) : r.events) as string[] }));
}
