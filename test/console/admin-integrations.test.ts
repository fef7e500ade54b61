import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { rows, sql } from '../../src/db/sql.js';
import { northSouth, ORIGIN } from '../backoffice/geo.js';
import { buildTestApp, signInAs, type Session } from '../support/app.js';
import { resetDb, testDb } from '../support/db.js';
import { buildTinyCity, type TinyCity } from '../support/factories.js';

// The admin API behind the integration screens (API keys, webhook edits, e-mail previews), and the
// audit row every admin change writes: routing rules, district layers, webhooks, keys, auto-assign.

let handle: DatabaseHandle;
let app: FastifyInstance;
let city: TinyCity;
let admin: Session;
let works: Session;

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  await app?.close();
  city = await buildTinyCity(handle);
  app = await buildTestApp(handle, city.deps);
  admin = await signInAs(app, handle, 'admin@city.example', 'admin');
  works = await signInAs(app, handle, 'liaison@city.example', 'department_staff', [city.departments.works]);
});
afterAll(async () => {
  await app?.close();
});

const call = (s: Session | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: s?.headers ?? {}, ...(payload === undefined ? {} : { payload: payload as object }) });
const actions = async () => (await rows<{ action: string; actor_name: string }>(handle.db, sql`select action, actor_name from audit_log order by id`)).map((r) => `${r.action} by ${r.actor_name}`);

describe('API keys in the admin', () => {
  it('creates a key shown once, lists it without the key, revokes it, and Open311 refuses it after', async () => {
    expect((await call(works, 'POST', '/api/admin/api-keys', { name: 'Nope' })).statusCode).toBe(403);
    expect((await call(admin, 'POST', '/api/admin/api-keys', { name: '  ' })).statusCode).toBe(400);
    const made = await call(admin, 'POST', '/api/admin/api-keys', { name: 'SeeClickFix app', kind: 'open311' });
    expect(made.statusCode).toBe(201);
    const { id, key } = made.json();
    expect(key).toMatch(/^cd_/);
    const report = () =>
      app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ api_key: key, service_code: 'pothole', lat: String(ORIGIN.lat), long: String(ORIGIN.lng), description: 'Deep hole', 'attribute[size]': 'small' }).toString(),
      });
    const first = await report();
    expect(first.statusCode, first.body).toBe(200);
    const listed = (await call(admin, 'GET', '/api/admin/api-keys')).json();
    expect(listed).toEqual([{ id, name: 'SeeClickFix app', kind: 'open311', prefix: key.slice(0, 7), createdAt: expect.any(String), lastUsedAt: expect.any(String), revokedAt: null }]);
    expect(JSON.stringify(listed)).not.toContain(key);
    const revoked = await call(admin, 'POST', `/api/admin/api-keys/${id}/revoke`);
    expect(revoked.json().revokedAt).toEqual(expect.any(String));
    expect((await report()).statusCode).toBe(403);
    expect((await call(admin, 'POST', '/api/admin/api-keys/9999/revoke')).statusCode).toBe(404);
    expect(await actions()).toEqual(['api_key.create by admin', 'api_key.revoke by admin']);
    const audit = await rows<{ after: Record<string, unknown> }>(handle.db, sql`select after from audit_log`);
    expect(JSON.stringify(audit)).not.toContain(key);
  });
});

describe('webhooks in the admin', () => {
  it('edits a subscription (URL, events, off) and audits each change without the secret', async () => {
    const made = await call(admin, 'POST', '/api/admin/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['request.created'] });
    expect(made.statusCode).toBe(201);
    const { id, secret } = made.json();
    const bad = await call(admin, 'PUT', `/api/admin/webhooks/${id}`, { url: 'ftp://x', events: ['nope'], active: true });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues.map((i: { field: string }) => i.field)).toEqual(['url', 'events']);
    const edited = await call(admin, 'PUT', `/api/admin/webhooks/${id}`, { url: 'http://127.0.0.1:9/other', events: ['request.closed', 'comment.created'], description: 'Work orders', active: false });
    expect(edited.json()).toMatchObject({ id, url: 'http://127.0.0.1:9/other', events: ['request.closed', 'comment.created'], description: 'Work orders', active: false });
    expect((await call(admin, 'PUT', '/api/admin/webhooks/9999', { url: 'http://x.example/', events: ['*'], active: true })).statusCode).toBe(404);
    expect((await call(works, 'PUT', `/api/admin/webhooks/${id}`, { url: 'http://x.example/', events: ['*'], active: true })).statusCode).toBe(403);
    expect((await call(admin, 'DELETE', `/api/admin/webhooks/${id}`)).statusCode).toBe(204);
    expect(await actions()).toEqual(['webhook.create by admin', 'webhook.update by admin', 'webhook.disable by admin']);
    expect(JSON.stringify(await rows(handle.db, sql`select before, after from audit_log`))).not.toContain(secret);
  });
});

describe('the rest of the admin, audited', () => {
  it('audits routing rules, district layers and auto-assign with before and after', async () => {
    const layer = await app.inject({ method: 'PUT', url: '/api/admin/district-layers/wards?name=Wards&nameProperty=name', headers: { ...admin.headers, 'content-type': 'application/geo+json' }, payload: JSON.stringify(northSouth()) });
    expect(layer.statusCode).toBe(200);
    const district = (await call(admin, 'GET', '/api/districts')).json()[0];
    const rule = await call(admin, 'POST', '/api/admin/routing-rules', { serviceCode: 'pothole', districtId: district.id, departmentId: city.departments.parks });
    expect(rule.statusCode).toBe(200);
    const again = await call(admin, 'POST', '/api/admin/routing-rules', { serviceCode: 'pothole', districtId: district.id, departmentId: city.departments.works });
    expect(again.json().id).toBe(rule.json().id);
    expect((await call(admin, 'DELETE', `/api/admin/routing-rules/${rule.json().id}`)).statusCode).toBe(204);
    expect((await call(admin, 'DELETE', `/api/admin/routing-rules/${rule.json().id}`)).statusCode).toBe(404);
    expect((await call(admin, 'PUT', `/api/admin/departments/${city.departments.works}/auto-assign`, { autoAssign: true })).statusCode).toBe(200);
    expect(await actions()).toEqual(['district_layer.import by admin', 'routing_rule.save by admin', 'routing_rule.save by admin', 'routing_rule.delete by admin', 'department.auto_assign by admin']);
    const saved = await rows<{ before: { departmentId: number } | null; after: { departmentId: number; serviceCode: string } | null }>(handle.db, sql`select before, after from audit_log where entity = 'routing_rule' order by id`);
    expect(saved.map((r) => [r.before?.departmentId ?? null, r.after?.departmentId ?? null])).toEqual([[null, city.departments.parks], [city.departments.parks, city.departments.works], [city.departments.works, null]]);
  });
});

describe('e-mail previews', () => {
  it('renders every kind in English and Spanish for admins only', async () => {
    expect((await call(works, 'GET', '/api/admin/email-templates')).statusCode).toBe(403);
    const en = (await call(admin, 'GET', '/api/admin/email-templates?locale=en')).json();
    const es = (await call(admin, 'GET', '/api/admin/email-templates?locale=es')).json();
    expect(en.length).toBe(12);
    expect(en.find((m: { kind: string }) => m.kind === 'receipt').subject).toBe('We received your request 26-000123');
    expect(es.find((m: { kind: string }) => m.kind === 'receipt').subject).not.toBe(en.find((m: { kind: string }) => m.kind === 'receipt').subject);
    expect(es.find((m: { kind: string }) => m.kind === 'closed').text).toContain('Reparado con asfalto en frío.');
    expect((await call(admin, 'GET', '/api/admin/email-templates?locale=fr')).statusCode).toBe(400);
  });
});
