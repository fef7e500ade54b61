import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeRequest } from '../../src/app/close-request.js';
import { commentOnRequest } from '../../src/app/comment-on-request.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { makeDeps } from '../../src/db/deps.js';
import { JOB_HANDLERS } from '../../src/jobs/topics.js';
import { buildApp } from '../../src/server/app.js';
import { signInAs, type Session } from '../support/app.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, type TinyCity } from '../support/factories.js';
import { drain, startReceiver, testConfig, testDispatcher, verifyStandardWebhook, waitFor } from './support.js';

let handle: DatabaseHandle;
let city: TinyCity;
let app: FastifyInstance;
let admin: Session;
let dispatcher: ReturnType<typeof testDispatcher>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let failing = 0; // how many calls the receiver still answers with 500
let alwaysFail = false;

beforeAll(async () => {
  handle = await testDb();
  receiver = await startReceiver(() => {
    if (alwaysFail) return 500;
    if (failing > 0) {
      failing--;
      return 500;
    }
    return 204;
  });
});
beforeEach(async () => {
  await resetDb(handle);
  receiver.calls.length = 0;
  failing = 0;
  alwaysFail = false;
  const config = testConfig({ DELIVERY_MAX_ATTEMPTS: '3' });
  city = await buildTinyCity(handle);
  // The app's deps wake the dispatcher after each commit, as in `civicdesk serve`.
  let wake = () => undefined as void;
  const deps = makeDeps(handle, { afterCommit: () => wake() });
  city = { ...city, deps };
  app = await buildApp({ config, handle, deps, ready: () => true });
  admin = await signInAs(app, handle, 'admin@city.example', 'admin');
  dispatcher = testDispatcher(handle, config);
  wake = dispatcher.wake;
});
afterEach(async () => {
  await dispatcher.stop();
  await app.close();
});
afterAll(async () => {
  await receiver.close();
});

async function subscribe(events: string[]) {
  const res = await app.inject({ method: 'POST', url: '/api/admin/webhooks', headers: admin.headers, payload: { url: receiver.url, events } });
  expect(res.statusCode).toBe(201);
  const body = res.json();
  expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
  return body as { id: number; secret: string };
}

describe('webhooks', () => {
  it('signs every call so the receiver can verify it with its own code, per subscribed event type', async () => {
    const sub = await subscribe(['request.created', 'request.closed', 'comment.created']);
    const req = await buildRequest(city.deps);
    await commentOnRequest(city.deps, city.staff.worksStaff, { requestId: req.id, visibility: 'public', body: 'crew on the way' });
    await city.deps.tx(async (repos) => {
      await repos.requests.update(req.id, { priority: 'high' }, (await repos.requests.get(req.id))!.version, new Date());
      await repos.events.append({ requestId: req.id, type: 'priority_changed', public: false, data: { to: 'high' }, actorType: 'system', actorId: null, actorName: 'test', createdAt: new Date() });
    });
    await closeRequest(city.deps, city.staff.worksStaff, { requestId: req.id, reason: 'resolved' });
    await drain(handle, dispatcher);

    const types = receiver.calls.map((c) => JSON.parse(c.body).type);
    expect(types).toEqual(['request.created', 'comment.created', 'request.closed']); // request.updated not subscribed
    for (const call of receiver.calls) {
      expect(verifyStandardWebhook(sub.secret, call.headers, call.body)).toBe(true);
      expect(verifyStandardWebhook('whsec_' + Buffer.from('wrong secret').toString('base64'), call.headers, call.body)).toBe(false);
      expect(verifyStandardWebhook(sub.secret, call.headers, call.body.replace('}', ', "x": 1}'))).toBe(false);
    }
    const created = JSON.parse(receiver.calls[0]!.body);
    expect(created.data.request.publicId).toBe(req.publicId);
    expect(created.data.request.serviceCode).toBe('pothole');
    expect(JSON.stringify(created)).not.toContain('@'); // no personal data
  });

  it('retries a receiver that fails with 500, with the same webhook-id, and logs every attempt', async () => {
    await subscribe(['*']);
    failing = 2;
    const req = await buildRequest(city.deps);
    dispatcher.start();
    await waitFor(() => receiver.calls.some((c) => c.status < 300), 20_000, 'the webhook to get through');
    expect(receiver.calls.map((c) => c.status)).toEqual([500, 500, 204]);
    expect(new Set(receiver.calls.map((c) => c.headers['webhook-id'])).size).toBe(1);

    const list = await app.inject({ url: `/api/admin/deliveries?channel=webhook&requestId=${req.id}`, headers: admin.headers });
    await waitFor(async () => (await app.inject({ url: `/api/admin/deliveries?channel=webhook&requestId=${req.id}`, headers: admin.headers })).json().items[0].status === 'delivered', 5000, 'the record');
    const id = list.json().items[0].id;
    const detail = (await app.inject({ url: `/api/admin/deliveries/${id}`, headers: admin.headers })).json();
    expect(detail.status).toBe('delivered');
    expect(detail.attemptLog.map((a: { outcome: string }) => a.outcome)).toEqual(['failed', 'failed', 'delivered']);
    expect(detail.attemptLog[0].response).toContain('500');
    expect(detail.messageId).toBe(receiver.calls[0]!.headers['webhook-id']);
  });

  it('gives up after the configured attempts into a dead letter the admin sees and can retry', async () => {
    await subscribe(['request.created']);
    alwaysFail = true;
    const req = await buildRequest(city.deps);
    await drain(handle, dispatcher);
    expect(receiver.calls).toHaveLength(3); // DELIVERY_MAX_ATTEMPTS=3

    const dead = (await app.inject({ url: '/api/admin/dead-letters', headers: admin.headers })).json();
    expect(dead.total).toBe(1);
    expect(dead.items[0]).toMatchObject({ channel: 'webhook', kind: 'request.created', status: 'dead', attempts: 3, requestId: req.id });
    expect(dead.items[0].lastError).toContain('500');

    // Staff who are not admins can't.
    const staff = await signInAs(app, handle, 'liaison@city.example', 'department_staff', [city.departments.works]);
    expect((await app.inject({ method: 'POST', url: `/api/admin/deliveries/${dead.items[0].id}/retry`, headers: staff.headers })).statusCode).toBe(403);

    alwaysFail = false;
    const retried = await app.inject({ method: 'POST', url: `/api/admin/deliveries/${dead.items[0].id}/retry`, headers: admin.headers });
    expect(retried.statusCode).toBe(200);
    expect(retried.json().status).toBe('pending');
    await drain(handle, dispatcher);
    expect(receiver.calls.map((c) => c.status)).toEqual([500, 500, 500, 204]);
    expect((await app.inject({ url: '/api/admin/dead-letters', headers: admin.headers })).json().total).toBe(0);
    // A delivered one can't be retried.
    expect((await app.inject({ method: 'POST', url: `/api/admin/deliveries/${dead.items[0].id}/retry`, headers: admin.headers })).statusCode).toBe(409);
  });

  it('keeps an event whose fan-out keeps failing as a dead job the admin can run again', async () => {
    await subscribe(['request.created']);
    const config = testConfig({ DELIVERY_MAX_ATTEMPTS: '2' });
    const broken = testDispatcher(handle, config, {
      handlers: JOB_HANDLERS.map((h) => (h.topic === 'request.event' ? { ...h, run: async () => Promise.reject(new Error('template exploded')) } : h)),
    });
    await buildRequest(city.deps);
    await drain(handle, broken);
    await broken.stop();
    const dead = (await app.inject({ url: '/api/admin/dead-jobs', headers: admin.headers })).json();
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ topic: 'request.event', attempts: 2, lastError: 'template exploded' });
    expect(receiver.calls).toHaveLength(0);

    expect((await app.inject({ method: 'POST', url: `/api/admin/dead-jobs/${dead[0].id}/retry`, headers: admin.headers })).statusCode).toBe(204);
    await drain(handle, dispatcher);
    expect(receiver.calls).toHaveLength(1);
    expect((await app.inject({ url: '/api/admin/dead-jobs', headers: admin.headers })).json()).toHaveLength(0);
    expect((await app.inject({ method: 'POST', url: `/api/admin/dead-jobs/${dead[0].id}/retry`, headers: admin.headers })).statusCode).toBe(404);
  });

  it('validates subscriptions and stops sending to a removed one', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/admin/webhooks', headers: admin.headers, payload: { url: 'ftp://x', events: ['request.exploded'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues.map((i: { field: string }) => i.field)).toEqual(['url', 'events']);
    const sub = await subscribe(['*']);
    expect((await app.inject({ method: 'DELETE', url: `/api/admin/webhooks/${sub.id}`, headers: admin.headers })).statusCode).toBe(204);
    await buildRequest(city.deps);
    await drain(handle, dispatcher);
    expect(receiver.calls).toHaveLength(0);
    expect((await app.inject({ url: '/api/admin/webhooks', headers: admin.headers })).json()[0].active).toBe(false);
  });
});
