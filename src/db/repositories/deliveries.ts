import type { Delivery, DeliveryAttempt, WebhookSubscription } from '../../app/delivery-model.js';
import type { DeliveriesRepo, IntegrationRepo, WebhooksRepo } from '../../app/ports.js';
import { one, rows, sql, toDate, toDateOrNull, type Db, type Row } from '../sql.js';
import { parseTextArray } from './services.js';
import { REQUEST_COLUMNS, toRequest } from './requests.js';

const toDelivery = (r: Row): Delivery => ({
  id: Number(r.id),
  channel: r.channel as Delivery['channel'],
  kind: r.kind as string,
  eventId: r.event_id === null ? null : Number(r.event_id),
  requestId: r.request_id === null ? null : Number(r.request_id),
  subscriptionId: r.subscription_id === null ? null : Number(r.subscription_id),
  recipient: r.recipient as string,
  messageId: r.message_id as string,
  status: r.status as Delivery['status'],
  attempts: Number(r.attempts),
  availableAt: toDate(r.available_at),
  lastError: (r.last_error as string | null) ?? null,
  createdAt: toDate(r.created_at),
  deliveredAt: toDateOrNull(r.delivered_at),
});

const toAttempt = (r: Row): DeliveryAttempt => ({
  id: Number(r.id),
  attemptedAt: toDate(r.attempted_at),
  worker: (r.worker as string | null) ?? null,
  outcome: r.outcome as DeliveryAttempt['outcome'],
  response: (r.response as string | null) ?? null,
  durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
});

const LIST_COLUMNS = sql.raw(`id, channel, kind, event_id, request_id, subscription_id, recipient, message_id, status, attempts,
  available_at, last_error, created_at, delivered_at`);

export function deliveriesRepo(db: Db): DeliveriesRepo {
  return {
    async list(f) {
      const where = sql`where true
        ${f.status ? sql`and status = ${f.status}` : sql``}
        ${f.channel ? sql`and channel = ${f.channel}` : sql``}
        ${f.requestId ? sql`and request_id = ${f.requestId}` : sql``}`;
      const items = await rows(db, sql`select ${LIST_COLUMNS} from deliveries ${where} order by id desc limit ${f.limit} offset ${f.offset}`);
      const total = await one<{ n: number }>(db, sql`select count(*)::int as n from deliveries ${where}`);
      return { items: items.map(toDelivery), total: total?.n ?? 0 };
    },
    async get(id) {
      const r = await one(db, sql`select ${LIST_COLUMNS} from deliveries where id = ${id}`);
      if (!r) return undefined;
      const attempts = await rows(db, sql`select * from delivery_attempts where delivery_id = ${id} order by id`);
      return { ...toDelivery(r), attempts_: attempts.map(toAttempt) };
    },
    async retry(id) {
      const r = await one(
        db,
        sql`update deliveries set status = 'pending', attempts = 0, available_at = now(), locked_until = null, locked_by = null
            where id = ${id} and status <> 'delivered' returning ${LIST_COLUMNS}`,
      );
      return r && toDelivery(r);
    },
    async deadJobs(limit) {
      const list = await rows(db, sql`select id, topic, payload, attempts, last_error, created_at from outbox where status = 'dead' order by id desc limit ${limit}`);
      return list.map((r) => ({
        id: Number(r.id),
        topic: r.topic as string,
        payload: (r.payload as Record<string, unknown>) ?? {},
        attempts: Number(r.attempts),
        lastError: (r.last_error as string | null) ?? null,
        createdAt: toDate(r.created_at),
      }));
    },
    async retryJob(id) {
      return Boolean(
        await one(db, sql`update outbox set status = 'pending', attempts = 0, available_at = now(), locked_until = null where id = ${id} and status = 'dead' returning id`),
      );
    },
  };
}

const toSubscription = (r: Row): WebhookSubscription => ({
  id: Number(r.id),
  url: r.url as string,
  events: Array.isArray(r.events) ? (r.events as string[]) : parseTextArray(r.events as string),
  description: (r.description as string | null) ?? null,
  active: Boolean(r.active),
  createdAt: toDate(r.created_at),
});

export const textArray = (list: string[]) => `{${list.map((k) => `"${k.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

export function webhooksRepo(db: Db): WebhooksRepo {
  return {
    async add(s) {
      const r = await one(
        db,
        sql`insert into webhook_subscriptions (url, events, secret, description)
            values (${s.url}, ${textArray(s.events)}::text[], ${s.secret}, ${s.description}) returning *`,
      );
      return toSubscription(r!);
    },
    async list() {
      return (await rows(db, sql`select * from webhook_subscriptions order by id`)).map(toSubscription);
    },
    async deactivate(id) {
      return Boolean(await one(db, sql`update webhook_subscriptions set active = false where id = ${id} returning id`));
    },
    async get(id) {
      const r = await one(db, sql`select * from webhook_subscriptions where id = ${id}`);
      return r && toSubscription(r);
    },
    async update(id, s) {
      const r = await one(
        db,
        sql`update webhook_subscriptions set url = ${s.url}, events = ${textArray(s.events)}::text[], description = ${s.description}, active = ${s.active}
            where id = ${id} returning *`,
      );
      return r && toSubscription(r);
    },
  };
}

export function integrationRepo(db: Db): IntegrationRepo {
  return {
    async createKey(k) {
      const r = await one<{ id: number }>(
        db,
        sql`insert into api_keys (name, kind, prefix, key_hash) values (${k.name}, 'integration', ${k.prefix}, ${k.keyHash}) returning id`,
      );
      return { id: Number(r!.id) };
    },
    async unfollow(token) {
      const r = await one<{ public_id: string }>(
        db,
        sql`with gone as (delete from followers where unsubscribe_token = ${token} returning request_id)
            select r.public_id from gone join requests r on r.id = gone.request_id`,
      );
      return r?.public_id;
    },
    async keyByHash(keyHash) {
      const r = await one<{ id: number; name: string }>(
        db,
        sql`update api_keys set last_used_at = now() where key_hash = ${keyHash} and kind = 'integration' and revoked_at is null returning id, name`,
      );
      return r && { id: Number(r.id), name: r.name };
    },
    async changedSince(since, afterId, limit) {
      const list = await rows(
        db,
        sql`select ${REQUEST_COLUMNS} from requests r
            where r.updated_at >= ${since.toISOString()}::timestamptz
              and (date_trunc('milliseconds', r.updated_at), r.id) > (${since.toISOString()}::timestamptz, ${afterId})
            order by date_trunc('milliseconds', r.updated_at), r.id limit ${limit}`,
      );
      return list.map(toRequest);
    },
    async findByExternalRef(ref, system) {
      const r = await one(
        db,
        sql`select ${REQUEST_COLUMNS} from requests r
            where r.work_order_id = ${ref} or (r.external_id = ${ref} and r.external_system = ${system})
            order by (r.work_order_id = ${ref}) desc nulls last, r.id desc limit 1`,
      );
      return r && toRequest(r);
    },
  };
}
