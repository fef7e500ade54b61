import type { FastifyInstance } from 'fastify';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { one, sql } from '../../src/db/sql.js';
import { buildTestApp, signInAs } from '../support/app.js';
import { resetDb, testDb } from '../support/db.js';
import { buildTinyCity, type TinyCity } from '../support/factories.js';
import { newKey } from '../open311/support.js';
import { parseOpen311Xml } from '../open311/open311-xml.js';

// Idempotency-Key on every door a request comes in by: a retry with the same key (one after
// another, all at once, or on a freshly started app) answers with the first request and never
// makes a second; the same key with a different body is refused with 409.

let handle: DatabaseHandle;
let city: TinyCity;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  city = await buildTinyCity(handle);
});
afterEach(async () => {
  while (apps.length) await apps.pop()!.close();
});

const app = async () => {
  const a = await buildTestApp(handle, city.deps);
  apps.push(a);
  return a;
};
const count = async (table: string) => (await one<{ n: number }>(handle.db, sql`select count(*)::int as n from ${sql.raw(table)}`))!.n;
const report = (description = 'Deep pothole by the school') => ({ serviceCode: 'pothole', description, location: { lat: 34.06, lng: -117.62 }, answers: { size: 'large' } });

describe('Idempotency-Key on POST /api/requests and /api/portal/reports', () => {
  for (const url of ['/api/requests', '/api/portal/reports']) {
    it(`${url}: a sequential retry answers with the same request and writes nothing more`, async () => {
      const a = await app();
      const first = await a.inject({ method: 'POST', url, headers: { 'idempotency-key': 'key-1' }, payload: report() });
      expect(first.statusCode).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const before = { requests: await count('requests'), events: await count('request_events'), outbox: await count('outbox') };
      const again = await a.inject({ method: 'POST', url, headers: { 'idempotency-key': 'key-1' }, payload: report() });
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json().publicId).toBe(first.json().publicId);
      expect({ requests: await count('requests'), events: await count('request_events'), outbox: await count('outbox') }).toEqual(before);
      expect(before.requests).toBe(1);

      const other = await a.inject({ method: 'POST', url, headers: { 'idempotency-key': 'key-1' }, payload: report('Another pothole') });
      expect(other.statusCode).toBe(409);
      expect(other.json().error.code).toBe('conflict');
      expect(other.json().error.message).toMatch(/Idempotency-Key/);
      expect(await count('requests')).toBe(1);
    });
  }

  it('twelve concurrent retries with one key make one request, and every answer names it', async () => {
    const a = await app();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => a.inject({ method: 'POST', url: '/api/portal/reports', headers: { 'idempotency-key': 'storm-7f3a' }, payload: report() })),
    );
    expect(answers.map((r) => r.statusCode)).toEqual(Array(12).fill(201));
    expect(new Set(answers.map((r) => r.json().publicId)).size).toBe(1);
    expect(answers.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(11);
    expect(await count('requests')).toBe(1);
    expect(await count('request_events')).toBe(1); // its one 'created' event
  });

  it('a refused submission does not use up its key; a restarted app replays a committed one', async () => {
    const a = await app();
    const bad = await a.inject({ method: 'POST', url: '/api/requests', headers: { 'idempotency-key': 'k2' }, payload: { ...report(), answers: {} } });
    expect(bad.statusCode).toBe(400);
    const good = await a.inject({ method: 'POST', url: '/api/requests', headers: { 'idempotency-key': 'k2' }, payload: report() });
    expect(good.statusCode).toBe(201);
    await a.close();
    apps.pop();
    const b = await app();
    const again = await b.inject({ method: 'POST', url: '/api/requests', headers: { 'idempotency-key': 'k2' }, payload: report() });
    expect(again.json().id).toBe(good.json().id);
    expect(await count('requests')).toBe(1);
  });

  it('keys are the caller’s own: staff and the public may use the same key for different reports', async () => {
    const a = await app();
    const staff = await signInAs(a, handle, 'carl@city.example', 'call_taker');
    const pub = await a.inject({ method: 'POST', url: '/api/requests', headers: { 'idempotency-key': 'same' }, payload: report() });
    const byStaff = await a.inject({ method: 'POST', url: '/api/requests', headers: { ...staff.headers, 'idempotency-key': 'same' }, payload: { ...report('Phoned in'), channel: 'phone' } });
    expect([pub.statusCode, byStaff.statusCode]).toEqual([201, 201]);
    expect(byStaff.json().id).not.toBe(pub.json().id);
  });

  it('refuses a key that is not 1 to 200 printable ASCII characters', async () => {
    const a = await app();
    for (const key of ['x'.repeat(201), 'clé', 'a b']) {
      const res = await a.inject({ method: 'POST', url: '/api/requests', headers: { 'idempotency-key': key }, payload: report() });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('validation');
    }
    expect(await count('requests')).toBe(0);
  });
});

describe('Idempotency-Key on Open311 POST requests', () => {
  for (const format of ['json', 'xml'] as const) {
    it(`${format}: a retry answers with the same service_request_id; another body with the same key is 409 in Open311's format`, async () => {
      const a = await app();
      const apiKey = await newKey(city.deps);
      const form = (description: string) =>
        new URLSearchParams({ api_key: apiKey, service_code: 'pothole', lat: '34.06', long: '-117.62', description, 'attribute[size]': 'small' }).toString();
      const post = (description: string, key = `o311-${format}`) =>
        a.inject({ method: 'POST', url: `/open311/v2/requests.${format}`, headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': key }, payload: form(description) });
      const idOf = (body: string) =>
        format === 'json' ? (JSON.parse(body)[0].service_request_id as string) : String((parseOpen311Xml(body).value as Array<Record<string, unknown>>)[0]!.service_request_id);
      const first = await post('Pothole on Main');
      expect(first.statusCode).toBe(200);
      const [again, concurrent] = await Promise.all([post('Pothole on Main'), post('Pothole on Main')]);
      expect(idOf(again.body)).toBe(idOf(first.body));
      expect(idOf(concurrent.body)).toBe(idOf(first.body));
      expect(await count('requests')).toBe(1);

      const other = await post('Pothole on Elm');
      expect(other.statusCode).toBe(409);
      if (format === 'json') expect(JSON.parse(other.body)).toEqual([{ code: 409, description: expect.stringMatching(/Idempotency-Key/) }]);
      else expect(parseOpen311Xml(other.body)).toMatchObject({ root: 'errors', value: [{ code: '409' }] });
      expect(await count('requests')).toBe(1);
    });
  }
});
