import type { FastifyInstance } from 'fastify';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/create-api-key.js';
import { revokeApiKey } from '../../src/app/revoke-api-key.js';
import { loadConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { one, rows, sql } from '../../src/db/sql.js';
import { SYSTEM } from '../../src/domain/actor.js';
import { buildApp } from '../../src/server/app.js';
import { signInAs } from '../support/app.js';
import { resetDb, testDb } from '../support/db.js';
import { buildTinyCity, type TinyCity } from '../support/factories.js';

// Accounts and keys (argon2id, session rotation, cookie flags, rate limits, hashed and revocable
// keys) and the security headers every answer carries.

let handle: DatabaseHandle;
let city: TinyCity;
const apps: FastifyInstance[] = [];

async function appWith(env: Record<string, string> = {}, open311Limits?: { writesPerMinute: number }) {
  const config = loadConfig({ CIVICDESK_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', TILE_URL: 'https://{s}.tiles.example.org/{z}/{x}/{y}.png', ...env });
  const app = await buildApp({ config, handle, deps: city.deps, ready: () => true }, open311Limits ? { open311Limits } : {});
  await app.ready();
  apps.push(app);
  return app;
}

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  city = await buildTinyCity(handle);
});
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

describe('security headers', () => {
  it('sets CSP, nosniff, Referrer-Policy, Permissions-Policy and no framing on API, Open311, errors and pages; /embed stays frameable', async () => {
    const app = await appWith();
    for (const url of ['/api/health', '/api/services', '/api/requests', '/api/nope', '/open311/v2/services.xml', '/open311/v2/nope.json', '/', '/track/26-000001']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBeLessThan(500);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain('img-src \'self\' data: blob: https://*.tiles.example.org');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('strict-origin-when-cross-origin');
      expect(res.headers['permissions-policy'], url).toContain('microphone=()');
      expect(res.headers['strict-transport-security'], url).toBeUndefined();
    }
    const embed = await app.inject({ url: '/embed' });
    expect(embed.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(embed.headers['x-frame-options']).toBeUndefined();
  });

  it('adds HSTS over https: by the public URL, or when the TLS proxy says so', async () => {
    const https = await appWith({ PUBLIC_URL: 'https://311.example.gov' });
    expect((await https.inject({ url: '/api/health' })).headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const proxied = await appWith();
    expect((await proxied.inject({ url: '/api/health', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security']).toContain('max-age=');
  });
});

describe('staff accounts', () => {
  it('stores argon2id hashes, rotates the session on sign-in and sets HttpOnly, SameSite and (over https) Secure cookies', async () => {
    const app = await appWith();
    const first = await signInAs(app, handle, 'rota@city.example', 'supervisor');
    const hash = (await one<{ password_hash: string }>(handle.db, sql`select password_hash from users where email = 'rota@city.example'`))!.password_hash;
    expect(hash).toMatch(/^\$argon2id\$v=19\$/);

    // Signing in again, while holding the old cookie, ends the old session.
    const again = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { cookie: first.cookie }, payload: { email: 'rota@city.example', password: 'correct horse battery staple' } });
    expect(again.statusCode).toBe(200);
    const setCookie = String(again.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    const second = setCookie.split(';')[0]!;
    expect(second).not.toBe(first.cookie);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: first.cookie } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: second } })).statusCode).toBe(200);

    const https = await appWith({ PUBLIC_URL: 'https://311.example.gov' });
    const res = await https.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'rota@city.example', password: 'correct horse battery staple' } });
    expect(String(res.headers['set-cookie'])).toMatch(/;\s*Secure/i);
  });
});

describe('rate limits answer 429 in the route’s own error format', () => {
  it('sign-in, the one-time privacy link and Open311 POST', async () => {
    const app = await appWith({}, { writesPerMinute: 3 });
    const tries = async (n: number, call: () => Promise<{ statusCode: number; body: string }>) => {
      let last = { statusCode: 0, body: '' };
      for (let i = 0; i < n; i++) last = await call();
      return last;
    };
    const login = await tries(21, () => app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@city.example', password: 'wrong' } }));
    expect(login.statusCode).toBe(429);
    expect(JSON.parse(login.body).error.code).toBe('rate_limited');

    const link = await tries(6, () => app.inject({ method: 'POST', url: '/api/privacy/link', payload: { email: 'someone@residents.example' } }));
    expect(link.statusCode).toBe(429);
    expect(JSON.parse(link.body).error.code).toBe('rate_limited');

    const key = (await createApiKey(city.deps, SYSTEM, { name: 'Busy app' })).key;
    const form = new URLSearchParams({ api_key: key, service_code: 'pothole', lat: '34.06', long: '-117.62', 'attribute[size]': 'large' }).toString();
    const post = await tries(4, () => app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form }));
    expect(post.statusCode).toBe(429);
    expect(JSON.parse(post.body)).toEqual([{ code: 429, description: expect.any(String) }]);
    const xml = await app.inject({ method: 'POST', url: '/open311/v2/requests.xml', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form });
    expect(xml.statusCode).toBe(429);
    expect(xml.body).toContain('<errors>');
  });
});

describe('API and integration keys', () => {
  it('are stored only as hashes, scoped by kind, and stop working when revoked', async () => {
    const app = await appWith();
    const open311 = await createApiKey(city.deps, SYSTEM, { name: 'App', kind: 'open311' });
    const admin = await signInAs(app, handle, 'keys@city.example', 'admin');
    const created = await app.inject({ method: 'POST', url: '/api/admin/integration-keys', headers: admin.headers, payload: { name: 'Work orders' } });
    expect(created.statusCode, created.body).toBe(201);
    const integrationKey = created.json().key as string;
    const stored = JSON.stringify(await rows(handle.db, sql`select * from api_keys`));
    expect(stored).not.toContain(open311.key);
    expect(stored).not.toContain(integrationKey);

    // Scoped: an Open311 key may report but not use the work-order API or post updates.
    const bearer = (k: string) => ({ authorization: `Bearer ${k}` });
    expect((await app.inject({ url: '/api/integration/v1/requests?since=2026-01-01T00:00:00Z', headers: bearer(open311.key) })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/integration/v1/requests?since=2026-01-01T00:00:00Z', headers: bearer(integrationKey) })).statusCode).toBe(200);
    const update = new URLSearchParams({ api_key: open311.key, service_request_id: '26-000001', update_id: 'u1', status: 'open', updated_datetime: '2026-01-01T00:00:00Z' }).toString();
    expect((await app.inject({ method: 'POST', url: '/open311/v2/servicerequestupdates.json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: update })).statusCode).toBe(403);

    // Revoked: refused at once.
    const form = new URLSearchParams({ api_key: open311.key, service_code: 'pothole', lat: '34.06', long: '-117.62', 'attribute[size]': 'large' }).toString();
    const post = () => app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form });
    expect((await post()).statusCode).toBe(200);
    await revokeApiKey(city.deps, SYSTEM, open311.record.id);
    expect((await post()).statusCode).toBe(403);
    const integrationId = (await one<{ id: number }>(handle.db, sql`select id from api_keys where kind = 'integration'`))!.id;
    await revokeApiKey(city.deps, SYSTEM, Number(integrationId));
    expect((await app.inject({ url: '/api/integration/v1/requests?since=2026-01-01T00:00:00Z', headers: bearer(integrationKey) })).statusCode).toBe(401);
  });
});
