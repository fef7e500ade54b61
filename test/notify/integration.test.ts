import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIntegrationKey } from '../../src/app/create-integration-key.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { one, sql } from '../../src/db/sql.js';
import { SYSTEM } from '../../src/domain/actor.js';
import { buildApp } from '../../src/server/app.js';
import { signInAs } from '../support/app.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, type TinyCity } from '../support/factories.js';
import { drain, startSmtp, testConfig, testDispatcher, type TestSmtp } from './support.js';

let handle: DatabaseHandle;
let city: TinyCity;
let app: FastifyInstance;
let smtp: TestSmtp;
let dispatcher: ReturnType<typeof testDispatcher>;
let auth: Record<string, string>;

beforeAll(async () => {
  handle = await testDb();
  smtp = await startSmtp();
});
beforeEach(async () => {
  await resetDb(handle);
  smtp.mails.length = 0;
  city = await buildTinyCity(handle);
  const config = testConfig({ SMTP_URL: smtp.url });
  app = await buildApp({ config, handle, deps: city.deps, ready: () => true });
  dispatcher = testDispatcher(handle, config);
  const key = await createIntegrationKey(city.deps, SYSTEM, { name: 'cityworks' });
  auth = { authorization: `Bearer ${key.key}` };
});
afterEach(async () => {
  await dispatcher.stop();
  await app.close();
});
afterAll(async () => {
  await smtp.close();
});

const eventCount = async () => (await one<{ n: number }>(handle.db, sql`select count(*)::int as n from request_events`))!.n;

describe('the integration API for a work-order system', () => {
  it("posts a status change that reaches the resident by e-mail; the same Idempotency-Key again changes nothing", async () => {
    const req = await buildRequest(city.deps, { reporter: { name: 'Rosa', email: 'rosa@example.org' } });
    const call = () =>
      app.inject({
        method: 'POST',
        url: `/api/integration/v1/requests/${req.publicId}/status`,
        headers: { ...auth, 'idempotency-key': 'wo-7781-start' },
        payload: { status: 'in_progress', note: 'Crew 4 dispatched' },
      });
    const first = await call();
    expect(first.statusCode).toBe(200);
    expect(first.json().status).toBe('in_progress');
    const events = await eventCount();

    const again = await call();
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await eventCount()).toBe(events);
    const row = await one<{ version: number }>(handle.db, sql`select version from requests where id = ${req.id}`);
    expect(row!.version).toBe(first.json().version);

    // The same key for a different call is refused.
    const other = await app.inject({ method: 'POST', url: `/api/integration/v1/requests/${req.publicId}/status`, headers: { ...auth, 'idempotency-key': 'wo-7781-start' }, payload: { status: 'on_hold' } });
    expect(other.statusCode).toBe(409);

    await drain(handle, dispatcher);
    const mails = smtp.to('rosa@example.org');
    expect(mails.map((m) => m.subject)).toEqual([`We received your request ${req.publicId}`, `Your request ${req.publicId} is now in progress`]);
    expect(mails[1]!.text).toContain('Crew 4 dispatched');
  });

  it('links its work order id, then comments and closes by that id; each is an event', async () => {
    const req = await buildRequest(city.deps, { reporter: { email: 'rosa@example.org' } });
    const link = await app.inject({ method: 'PUT', url: `/api/integration/v1/requests/${req.id}/work-order`, headers: auth, payload: { workOrderId: 'WO-7781' } });
    expect(link.statusCode).toBe(200);
    expect(link.json().workOrderId).toBe('WO-7781');

    const byExternal = await app.inject({ url: '/api/integration/v1/external/WO-7781', headers: auth });
    expect(byExternal.json().publicId).toBe(req.publicId);
    const internal = await app.inject({ method: 'POST', url: '/api/integration/v1/external/WO-7781/comments', headers: auth, payload: { visibility: 'internal', body: 'asphalt ordered' } });
    expect(internal.statusCode).toBe(200);
    const closed = await app.inject({ method: 'POST', url: '/api/integration/v1/external/WO-7781/status', headers: auth, payload: { status: 'closed', reason: 'resolved', note: 'Filled.' } });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().status).toBe('closed');
    const noReason = await app.inject({ method: 'POST', url: '/api/integration/v1/external/WO-7781/status', headers: auth, payload: { status: 'closed' } });
    expect(noReason.statusCode).toBe(400);

    const events = await handle.db.execute(sql`select type, actor_type, actor_name from request_events where request_id = ${req.id} order by id`);
    expect((events as unknown as { rows: Array<{ type: string; actor_type: string; actor_name: string }> }).rows.slice(1)).toEqual([
      { type: 'work_order_linked', actor_type: 'integration', actor_name: 'cityworks' },
      { type: 'comment_added', actor_type: 'integration', actor_name: 'cityworks' },
      { type: 'closed', actor_type: 'integration', actor_name: 'cityworks' },
    ]);
    await drain(handle, dispatcher);
    // Then the satisfaction survey invitation (test/notify/survey.test.ts).
    expect(smtp.to('rosa@example.org').map((m) => m.subject).sort()).toEqual([`How did we do? Your request ${req.publicId}`, `We received your request ${req.publicId}`, `Your request ${req.publicId} has been closed`].sort());
  });

  it('reads requests changed since a time, page by page', async () => {
    const t0 = new Date(Date.now() - 1000).toISOString();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await buildRequest(city.deps)).publicId);
    const seen: string[] = [];
    let next: { since: string; afterId: number } | null = { since: t0, afterId: 0 };
    while (next) {
      const page: { statusCode: number; json(): { items: Array<{ publicId: string }>; next: { since: string; afterId: number } | null } } = await app.inject({
        url: `/api/integration/v1/requests?since=${encodeURIComponent(next.since)}&afterId=${next.afterId}&limit=2`,
        headers: auth,
      });
      expect(page.statusCode).toBe(200);
      const body = page.json();
      seen.push(...body.items.map((r) => r.publicId));
      next = body.items.length ? body.next : null;
    }
    expect(seen).toEqual(ids);
  });

  it('refuses calls without a valid integration key, and staff can create keys through the admin API', async () => {
    expect((await app.inject({ url: '/api/integration/v1/requests?since=2020-01-01T00:00:00Z' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/integration/v1/requests?since=2020-01-01T00:00:00Z', headers: { authorization: 'Bearer cdi_nope' } })).statusCode).toBe(401);
    const admin = await signInAs(app, handle, 'admin@city.example', 'admin');
    const created = await app.inject({ method: 'POST', url: '/api/admin/integration-keys', headers: admin.headers, payload: { name: 'assets' } });
    expect(created.statusCode).toBe(201);
    const stored = await one<{ key_hash: string }>(handle.db, sql`select key_hash from api_keys where name = 'assets'`);
    expect(stored!.key_hash).not.toContain(created.json().key); // only the hash is kept
    expect((await app.inject({ url: '/api/integration/v1/requests?since=2020-01-01T00:00:00Z', headers: { authorization: `Bearer ${created.json().key}` } })).statusCode).toBe(200);
  });
});
