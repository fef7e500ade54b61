import { one, rows, sql, toDate, type Db, type Row } from '../sql.js';

// The dispatcher's queries. Work is claimed with FOR UPDATE SKIP LOCKED in a short transaction
// that also sets a lease (locked_until): the work happens outside any transaction, and if the
// worker dies, the lease runs out and another worker takes the row over. All times are the
// database's, so workers on different machines agree.

export interface OutboxJob {
  id: number;
  topic: string;
  payload: Record<string, unknown>;
  attempts: number;
}

export async function claimOutbox(db: Db, o: { limit: number; leaseMs: number }): Promise<OutboxJob[]> {
  const list = await db.transaction(async (t) =>
    rows(
      t as unknown as Db,
      sql`update outbox o set locked_until = now() + make_interval(secs => ${o.leaseMs / 1000}), attempts = o.attempts + 1
          where o.id in (
            select id from outbox
            where status = 'pending' and available_at <= now() and (locked_until is null or locked_until < now())
            order by id limit ${o.limit} for update skip locked)
          returning o.id, o.topic, o.payload, o.attempts`,
    ),
  );
  // UPDATE ... RETURNING has no order: events fan out in the order they happened.
  return list
    .map((r) => ({ id: Number(r.id), topic: r.topic as string, payload: (r.payload as Record<string, unknown>) ?? {}, attempts: Number(r.attempts) }))
    .sort((a, b) => a.id - b.id);
}

/** Marks these outbox jobs done, in one statement. */
export async function completeOutbox(db: Db, ids: number | number[]): Promise<void> {
  const list = Array.isArray(ids) ? ids : [ids];
  if (!list.length) return;
  await db.execute(sql`update outbox set status = 'done', done_at = now(), locked_until = null, last_error = null where id = any(${`{${list.map(Number).join(',')}}`}::bigint[])`);
}

export async function failOutbox(db: Db, id: number, error: string, retryInMs: number | null): Promise<void> {
  await db.execute(
    retryInMs === null
      ? sql`update outbox set status = 'dead', locked_until = null, last_error = ${error} where id = ${id}`
      : sql`update outbox set available_at = now() + make_interval(secs => ${retryInMs / 1000}), locked_until = null, last_error = ${error} where id = ${id}`,
  );
}

export interface NewDelivery {
  dedupeKey: string;
  channel: 'email' | 'webhook';
  kind: string;
  eventId: number | null;
  requestId: number | null;
  subscriptionId: number | null;
  recipient: string;
  messageId: string;
  payload: Record<string, unknown>;
}

/** Inserts the deliveries a job fans out to; ones that already exist (a re-run) are left alone. */
/** Inserts the deliveries in this order (one statement per 500), skipping those already there (same dedupe key). */
export async function insertDeliveries(db: Db, list: NewDelivery[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < list.length; i += 500) {
    const values = list
      .slice(i, i + 500)
      .map((d) => sql`(${d.dedupeKey}, ${d.channel}, ${d.kind}, ${d.eventId}, ${d.requestId}, ${d.subscriptionId}, ${d.recipient}, ${d.messageId}, ${JSON.stringify(d.payload)}::jsonb)`);
    const r = await rows(
      db,
      sql`insert into deliveries (dedupe_key, channel, kind, event_id, request_id, subscription_id, recipient, message_id, payload)
          values ${sql.join(values, sql`, `)}
          on conflict (dedupe_key) do nothing returning id`,
    );
    n += r.length;
  }
  return n;
}

export interface ClaimedDelivery {
  id: number;
  channel: 'email' | 'webhook';
  kind: string;
  recipient: string;
  messageId: string;
  subscriptionId: number | null;
  requestId: number | null;
  payload: Record<string, unknown>;
  attempts: number;
  createdAt: Date;
}

export async function claimDeliveries(db: Db, o: { limit: number; leaseMs: number; worker: string }): Promise<ClaimedDelivery[]> {
  const list = await db.transaction(async (t) =>
    rows(
      t as unknown as Db,
      sql`update deliveries d set locked_until = now() + make_interval(secs => ${o.leaseMs / 1000}), locked_by = ${o.worker}, attempts = d.attempts + 1
          where d.id in (
            select id from deliveries x
            where status = 'pending' and available_at <= now() and (locked_until is null or locked_until < now())
              -- One conversation at a time: a resident reads 'acknowledged' before 'closed'.
              and not exists (select 1 from deliveries e where e.status = 'pending' and e.request_id = x.request_id
                                and e.recipient = x.recipient and e.id < x.id)
            order by available_at, id limit ${o.limit} for update skip locked)
          returning d.id, d.channel, d.kind, d.recipient, d.message_id, d.subscription_id, d.request_id, d.payload, d.attempts, d.created_at`,
    ),
  );
  return list.map(toClaimed).sort((a, b) => a.id - b.id);
}

const toClaimed = (r: Row): ClaimedDelivery => ({
  id: Number(r.id),
  channel: r.channel as ClaimedDelivery['channel'],
  kind: r.kind as string,
  recipient: r.recipient as string,
  messageId: r.message_id as string,
  subscriptionId: r.subscription_id === null ? null : Number(r.subscription_id),
  requestId: r.request_id === null ? null : Number(r.request_id),
  payload: (r.payload as Record<string, unknown>) ?? {},
  attempts: Number(r.attempts),
  createdAt: toDate(r.created_at),
});

export interface AttemptResult {
  outcome: 'delivered' | 'failed' | 'dead';
  response: string;
  durationMs: number;
  worker: string;
  /** For 'failed': when to try again. */
  retryInMs?: number;
}

/** Records one attempt and its consequence for the delivery, together. */
export async function recordAttempt(db: Db, id: number, a: AttemptResult): Promise<void> {
  const response = a.response.slice(0, 2000);
  await db.transaction(async (t) => {
    await t.execute(
      sql`insert into delivery_attempts (delivery_id, worker, outcome, response, duration_ms) values (${id}, ${a.worker}, ${a.outcome}, ${response}, ${Math.round(a.durationMs)})`,
    );
    if (a.outcome === 'delivered') {
      await t.execute(sql`update deliveries set status = 'delivered', delivered_at = now(), locked_until = null, last_error = null where id = ${id}`);
    } else if (a.outcome === 'dead') {
      await t.execute(sql`update deliveries set status = 'dead', locked_until = null, last_error = ${response} where id = ${id} and status = 'pending'`);
    } else {
      await t.execute(
        sql`update deliveries set available_at = now() + make_interval(secs => ${(a.retryInMs ?? 0) / 1000}), locked_until = null, last_error = ${response}
            where id = ${id} and status = 'pending'`,
      );
    }
  });
}

/** Claims a scheduled job that is due by moving its next run; true when this process won it. */
export async function claimScheduled(db: Db, name: string, nextRunAt: Date): Promise<boolean> {
  const r = await one(
    db,
    sql`update scheduled_jobs set next_run_at = ${nextRunAt.toISOString()}, last_run_at = now()
        where name = ${name} and next_run_at <= now() returning name`,
  );
  return Boolean(r);
}

export async function ensureScheduled(db: Db, name: string, firstRunAt: Date): Promise<void> {
  await db.execute(sql`insert into scheduled_jobs (name, next_run_at) values (${name}, ${firstRunAt.toISOString()}) on conflict (name) do nothing`);
}

export async function enqueue(db: Db, topic: string, payload: Record<string, unknown>): Promise<void> {
  await db.execute(sql`insert into outbox (topic, payload) values (${topic}, ${JSON.stringify(payload)}::jsonb)`);
}

/** How much work is waiting, due now or later (for draining in tests and the admin). */
export async function backlog(db: Db): Promise<{ outbox: number; deliveries: number }> {
  const r = await one<{ o: number; d: number }>(
    db,
    sql`select (select count(*)::int from outbox where status = 'pending') as o, (select count(*)::int from deliveries where status = 'pending') as d`,
  );
  return { outbox: r?.o ?? 0, deliveries: r?.d ?? 0 };
}
