import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { one, sql } from '../../src/db/sql.js';
import { buildTestApp, signInAs, type Session } from '../support/app.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, type TinyCity } from '../support/factories.js';

let handle: DatabaseHandle;
let app: FastifyInstance;
let city: TinyCity;
let works: Session;

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  city = await buildTinyCity(handle);
  app = await buildTestApp(handle, city.deps);
  works = await signInAs(app, handle, 'liaison@city.example', 'department_staff', [city.departments.works]);
});
afterAll(async () => {
  await app?.close();
});

const count = async (table: string) => (await one<{ n: number }>(handle.db, sql`select count(*)::int as n from ${sql.raw(table)}`))!.n;

describe('the internal API', () => {
  it('answers health once the database is ready', async () => {
    const res = await app.inject('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI document at /docs', async () => {
    const res = await app.inject('/docs/json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/requests', '/api/requests/{id}/close', '/api/health']));
    expect((await app.inject('/docs')).statusCode).toBeLessThan(400);
  });

  it('lets a resident submit on the web, and staff act on it', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/requests',
      payload: { serviceCode: 'pothole', description: 'Big one', location: { lat: 34.06, lng: -117.62 }, answers: { size: 'small' } },
    });
    expect(created.statusCode).toBe(201);
    const r = created.json();
    expect(r.publicId).toMatch(/^\d{2}-\d{6}$/);
    expect(r.status).toBe('new');

    const ack = await app.inject({ method: 'POST', url: `/api/requests/${r.publicId}/acknowledge`, headers: works.headers, payload: { expectedVersion: r.version } });
    expect(ack.statusCode).toBe(200);
    expect(ack.json().status).toBe('acknowledged');

    const detail = await app.inject({ url: `/api/requests/${r.id}`, headers: works.headers });
    expect(detail.statusCode).toBe(200);
    expect(detail.json().timeline.map((e: { type: string }) => e.type)).toEqual(['created', 'acknowledged']);
  });

  it('refuses an illegal transition with 409 and a coded error, writing nothing', async () => {
    const req = await buildRequest(city.deps);
    const close = () => app.inject({ method: 'POST', url: `/api/requests/${req.id}/close`, headers: works.headers, payload: { reason: 'resolved' } });
    expect((await close()).statusCode).toBe(200);
    const events = await count('request_events');
    const res = await close();
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('illegal_transition');
    expect(res.json().error.message).toContain('closed');
    expect(await count('request_events')).toBe(events);

    const withdrawn = await buildRequest(city.deps);
    await app.inject({ method: 'POST', url: `/api/requests/${withdrawn.id}/close`, headers: works.headers, payload: { reason: 'withdrawn' } });
    const ack = await app.inject({ method: 'POST', url: `/api/requests/${withdrawn.id}/acknowledge`, headers: works.headers, payload: {} });
    expect(ack.statusCode).toBe(409);
    expect(ack.json().error.code).toBe('illegal_transition');
  });

  it('refuses a stale edit with 409 conflict', async () => {
    const req = await buildRequest(city.deps);
    const first = await app.inject({ method: 'POST', url: `/api/requests/${req.id}/priority`, headers: works.headers, payload: { priority: 'high', expectedVersion: req.version } });
    expect(first.statusCode).toBe(200);
    const second = await app.inject({ method: 'POST', url: `/api/requests/${req.id}/priority`, headers: works.headers, payload: { priority: 'low', expectedVersion: req.version } });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('conflict');
  });

  it('gives clear 4xx errors for bad input, never a 500, and writes nothing', async () => {
    const before = await count('requests');
    const cases = [
      { payload: { serviceCode: 'nope', location: { lat: 1, lng: 1 } }, status: 404, code: 'unknown_service' },
      { payload: { serviceCode: 'pothole', answers: { size: 'small' } }, status: 400, code: 'validation' },
      { payload: { serviceCode: 'pothole', location: { lat: 91, lng: 0 }, answers: { size: 'small' } }, status: 400, code: 'validation' },
      { payload: { serviceCode: 'pothole', location: { lat: 'x', lng: 0 } }, status: 400, code: 'validation' },
      { payload: { serviceCode: 'pothole', channel: 'phone', location: { lat: 34, lng: -117 }, answers: { size: 'small' } }, status: 403, code: 'forbidden' },
      { payload: '{"serviceCode": ', status: 400, code: 'bad_request' },
      { payload: { serviceCode: 'pothole', description: 'x'.repeat(5000), location: { lat: 34, lng: -117 }, answers: { size: 'small' } }, status: 400, code: 'validation' },
    ];
    for (const c of cases) {
      const res = await app.inject({ method: 'POST', url: '/api/requests', payload: c.payload as object, headers: { 'content-type': 'application/json' } });
      expect({ status: res.statusCode, code: res.json().error?.code }).toEqual({ status: c.status, code: c.code });
    }
    // A NUL character is valid JSON but PostgreSQL cannot store it: still a 400, still nothing written.
    const nul = await app.inject({ method: 'POST', url: '/api/requests', payload: { serviceCode: 'pothole', description: 'a\u0000b', location: { lat: 34.06, lng: -117.62 }, answers: { size: 'small' } } });
    expect({ status: nul.statusCode, code: nul.json().error?.code }).toEqual({ status: 400, code: 'validation' });
    const huge = await app.inject({ method: 'POST', url: '/api/requests', payload: { serviceCode: 'pothole', description: 'x'.repeat(2_000_000) } });
    expect(huge.statusCode).toBe(413);
    expect((await app.inject({ url: '/api/requests/999999', headers: works.headers })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/requests/not-an-id', headers: works.headers })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/nothing-here' })).json().error.code).toBe('not_found');
    expect(await count('requests')).toBe(before);
  });

  it('requires staff sign-in and a CSRF token for staff actions', async () => {
    const req = await buildRequest(city.deps);
    const anon = await app.inject({ method: 'POST', url: `/api/requests/${req.id}/acknowledge`, payload: {} });
    expect(anon.statusCode).toBe(401);
    const noCsrf = await app.inject({ method: 'POST', url: `/api/requests/${req.id}/acknowledge`, headers: { cookie: works.cookie }, payload: {} });
    expect(noCsrf.statusCode).toBe(403);
    const parks = await signInAs(app, handle, 'parks@city.example', 'department_staff', [city.departments.parks]);
    const other = await app.inject({ method: 'POST', url: `/api/requests/${req.id}/acknowledge`, headers: parks.headers, payload: {} });
    expect(other.statusCode).toBe(403);
    const list = await app.inject({ url: '/api/requests', headers: parks.headers });
    expect(list.json().total).toBe(0);
    const mine = await app.inject({ url: '/api/requests?status=open', headers: works.headers });
    expect(mine.json().total).toBe(1);
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'liaison@city.example', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
  });

  it('lists services for residents without internal-only ones, in Spanish when asked', async () => {
    const res = await app.inject('/api/services');
    const codes = res.json().map((s: { code: string }) => s.code);
    expect(codes).toContain('pothole');
    expect(codes).not.toContain('workorder');
    expect((await app.inject('/api/services/workorder')).statusCode).toBe(404);
    const one311 = (await app.inject('/api/services/pothole')).json();
    expect(one311.questions[0]).toMatchObject({ code: 'size', datatype: 'singlevaluelist', required: true });
  });
});
