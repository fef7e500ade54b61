import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { connect, type DatabaseHandle } from '../../src/db/connect.js';
import { makeDeps } from '../../src/db/deps.js';
import { loadMigrations } from '../../src/db/migrate.js';
import { sql } from '../../src/db/sql.js';
import { createDispatcher } from '../../src/jobs/dispatcher.js';
import { buildApp } from '../../src/server/app.js';
import type { AppContext } from '../../src/server/context.js';
import { createLogger } from '../../src/server/logger.js';
import { createMetrics } from '../../src/server/metrics.js';
import { signInAs } from '../support/app.js';
import { resetDb, testDb, usingServer } from '../support/db.js';
import { buildRequest, buildTinyCity, type TinyCity } from '../support/factories.js';

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
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
});

const baseConfig = (extra: Record<string, string> = {}) => loadConfig({ CIVICDESK_DATA_DIR: mkdtempSync(join(tmpdir(), 'civicdesk-ops-')), LOG_LEVEL: 'silent', ...extra });

async function appWith(ctx: Partial<AppContext> & { config?: Config } = {}, logger?: ReturnType<typeof createLogger>) {
  const app = await buildApp({ config: ctx.config ?? baseConfig(), handle: ctx.handle ?? handle, deps: ctx.deps ?? city.deps, ready: ctx.ready ?? (() => true), ...(ctx.metrics ? { metrics: ctx.metrics } : {}) }, logger ? { logger } : {});
  await app.ready();
  apps.push(app);
  return app;
}

/** Prometheus text format: one sample per line, `name{label="v",...} value`. */
function parseMetrics(text: string) {
  const samples: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  const value = (name: string, labels: Record<string, string> = {}) =>
    samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);
  const has = (name: string) => samples.some((s) => s.name === name);
  return { samples, value, has };
}

describe('health and readiness', () => {
  it('is live whatever the database does, and ready only when it answers with every migration applied', async () => {
    const app = await appWith();
    expect((await app.inject('/api/health')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/api/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });

    const starting = await appWith({ ready: () => false });
    const s = await starting.inject('/api/ready');
    expect(s.statusCode).toBe(503);
    expect(s.json()).toMatchObject({ status: 'not_ready', reason: 'starting' });
    expect((await starting.inject('/api/health')).statusCode).toBe(200);

    // The newest migration not applied (older code's database, or a failed migrate).
    const last = loadMigrations().at(-1)!.name;
    await handle.db.execute(sql`delete from schema_migrations where name = ${last}`);
    try {
      const pending = await app.inject('/api/ready');
      expect(pending.statusCode).toBe(503);
      expect(pending.json()).toMatchObject({ status: 'not_ready', reason: 'migrations_pending' });
      expect(pending.json().message).toContain(last);
    } finally {
      await handle.db.execute(sql`insert into schema_migrations (name) values (${last})`);
    }
    expect((await app.inject('/api/ready')).statusCode).toBe(200);
  });

  it('is not ready when the database hangs (answers in about 2 s, not never)', async () => {
    const hung: DatabaseHandle = { ...handle, session: () => new Promise(() => undefined) };
    const app = await appWith({ handle: hung });
    const started = performance.now();
    const res = await app.inject('/api/ready');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ reason: 'database_unreachable', message: expect.stringContaining('no answer') });
    expect(performance.now() - started).toBeLessThan(5000);
    expect((await app.inject('/api/health')).statusCode).toBe(200);
  });

  if (usingServer()) {
    it('is not ready when its connection pool to the server is gone', async () => {
      const own = await connect({ databaseUrl: process.env.DATABASE_URL, poolSize: 2 });
      const app = await appWith({ handle: own, deps: makeDeps(own) });
      expect((await app.inject('/api/ready')).statusCode).toBe(200);
      await own.close();
      const res = await app.inject('/api/ready');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ reason: 'database_unreachable' });
    });
  }
});

describe('request ids', () => {
  it('keeps a valid incoming X-Request-Id, replaces an invalid one, and puts it in the header and error bodies', async () => {
    const app = await appWith();
    const kept = await app.inject({ url: '/api/health', headers: { 'x-request-id': 'lb-7f3a9c21-0001' } });
    expect(kept.headers['x-request-id']).toBe('lb-7f3a9c21-0001');
    const made = await app.inject('/api/health');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await app.inject({ url: '/api/health', headers: { 'x-request-id': 'x"}\n{"level":60,"msg":"forged' } });
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const tooLong = await app.inject({ url: '/api/health', headers: { 'x-request-id': 'a'.repeat(500) } });
    expect(tooLong.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    const bad = await app.inject({ method: 'POST', url: '/api/portal/reports', payload: { serviceCode: '' }, headers: { 'x-request-id': 'resident-error-12345' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.requestId).toBe('resident-error-12345');
    const missing = await app.inject('/api/no-such-thing');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.requestId).toBe(missing.headers['x-request-id']);
  });
});

describe('logs', () => {
  it('are JSON lines with the request id on every line of a request, and carry no personal data', async () => {
    const lines: string[] = [];
    const logger = createLogger({ logLevel: 'trace' }, 'civicdesk', { write: (s: string) => void lines.push(s) });
    const app = await appWith({}, logger);
    const secret = { name: 'Zebulon Quartermaine', email: 'zebulon.q@example.org', phone: '555-867-5309', password: 'correct horse battery staple' };

    const submitted = await app.inject({
      method: 'POST',
      url: '/api/portal/reports',
      payload: { serviceCode: 'pothole', description: 'deep one', location: { lat: 34.06, lng: -117.62 }, answers: { size: 'large' }, reporter: { name: secret.name, email: secret.email, phone: secret.phone } },
      headers: { 'x-request-id': 'submit-request-0001' },
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const { publicId, token } = submitted.json() as { publicId: string; token: string };
    // The reporter's token travels in a header; a follow with a bad address is refused (and logged).
    expect((await app.inject({ url: `/api/track/${publicId}`, headers: { 'x-report-token': token } })).statusCode).toBe(200);
    await app.inject({ method: 'POST', url: `/api/track/${publicId}/follow`, payload: { email: `${secret.email}>` } });
    // A token in the path (an unfollow link) must not reach the log through the URL.
    const linkToken = 'unfollow-link-token-9f8e7d6c5b4a';
    await app.inject({ url: `/api/unfollow/${linkToken}?email=${encodeURIComponent(secret.email)}` });

    const staff = await signInAs(app, handle, 'liaison-logs@city.example', 'department_staff', [city.departments.works]);
    const listed = await app.inject({ url: '/api/requests', headers: { ...staff.headers, authorization: 'Bearer integration-secret-abcdef' } });
    expect(listed.statusCode).toBe(200);
    // Things code may log by mistake: a reporter object, headers, an e-mail inside an error message.
    logger.info({ reporter: { name: secret.name, email: secret.email, phone: secret.phone }, headers: { cookie: staff.cookie, authorization: 'Bearer integration-secret-abcdef' } }, 'debugging a submit');
    logger.error({ err: new Error(`550 5.1.1 <${secret.email}>: Recipient address rejected`) }, 'delivery failed');

    expect(lines.length).toBeGreaterThan(10);
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    // Every line of the submit carries its id; and the request lines name the route, not the URL.
    const submitLines = entries.filter((e) => e.reqId === 'submit-request-0001');
    expect(submitLines.length).toBeGreaterThanOrEqual(2);
    expect(submitLines.map((e) => e.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
    expect(entries.find((e) => (e.req as { route?: string } | undefined)?.route === '/api/unfollow/:token')).toBeTruthy();

    const all = lines.join('');
    for (const value of [secret.name, secret.email, secret.phone, secret.password, token, linkToken, staff.cookie.split('=')[1]!, staff.csrf, 'integration-secret-abcdef']) {
      expect(all, `the log holds ${value}`).not.toContain(value);
    }
    expect(all).toContain('[redacted]');
  });
});

describe('Prometheus metrics', () => {
  it('counts HTTP by route template and status, intake by channel, the outbox and deliveries, and the process', async () => {
    const config = baseConfig();
    const metrics = createMetrics(handle);
    const deps = makeDeps(handle, { onSubmitted: metrics.requestSubmitted });
    const app = await appWith({ config, deps, metrics });

    expect((await app.inject({ method: 'POST', url: '/api/portal/reports', payload: { serviceCode: 'pothole', location: { lat: 34.06, lng: -117.62 }, answers: { size: 'large' }, reporter: { email: 'm@example.org' } } })).statusCode).toBe(201);
    await buildRequest(deps, { channel: 'phone' });
    await buildRequest(deps, { channel: 'phone' });
    expect((await app.inject('/api/track/26-999999')).statusCode).toBe(404);
    expect((await app.inject('/api/no/such/route')).statusCode).toBe(404);

    let m = parseMetrics((await app.inject('/metrics')).body);
    expect(m.value('http_requests_total', { method: 'POST', route: '/api/portal/reports', status: '201' })).toBe(1);
    expect(m.value('http_requests_total', { route: '/api/track/:publicId', status: '404' })).toBe(1);
    expect(m.value('http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
    expect(m.value('http_request_duration_seconds_count', { route: '/api/portal/reports', status: '201' })).toBe(1);
    expect(m.value('http_request_duration_seconds_bucket', { route: '/api/portal/reports', le: '+Inf' })).toBe(1);
    expect(m.value('civicdesk_requests_submitted_total', { channel: 'web' })).toBe(1);
    expect(m.value('civicdesk_requests_submitted_total', { channel: 'phone' })).toBe(2);
    const pending = m.value('civicdesk_outbox_jobs', { queue: 'outbox', status: 'pending' });
    expect(pending).toBeGreaterThanOrEqual(3);
    expect(m.value('civicdesk_outbox_jobs', { queue: 'outbox', status: 'dead' })).toBe(0);
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes', 'civicdesk_outbox_oldest_pending_seconds']) expect(m.has(name), name).toBe(true);

    // The dispatcher reports each fan-out and each e-mail (written to files here: no SMTP_URL).
    const dispatcher = createDispatcher({ handle, config, observer: metrics.dispatch, pollMs: 10 });
    while ((await dispatcher.runOnce()) > 0);
    await handle.db.execute(sql`insert into outbox (topic, status, attempts, last_error) values ('request.event', 'dead', 10, 'gave up')`);
    m = parseMetrics((await app.inject('/metrics')).body);
    expect(m.value('civicdesk_outbox_job_duration_seconds_count', { topic: 'request.event', outcome: 'done' })).toBe(pending);
    expect(m.value('civicdesk_deliveries_total', { channel: 'email', outcome: 'delivered' })).toBeGreaterThanOrEqual(1);
    expect(m.value('civicdesk_delivery_duration_seconds_count', { channel: 'email' })).toBe(m.value('civicdesk_deliveries_total', { channel: 'email' }));
    expect(m.value('civicdesk_outbox_jobs', { queue: 'outbox', status: 'pending' })).toBe(0);
    expect(m.value('civicdesk_outbox_jobs', { queue: 'outbox', status: 'dead' })).toBe(1);
    expect(m.value('civicdesk_outbox_jobs', { queue: 'deliveries', status: 'pending' })).toBe(0);
  });

  it('answers this machine only, unless a token is configured', async () => {
    const open = await appWith();
    expect((await open.inject('/metrics')).statusCode).toBe(200);
    expect((await open.inject({ url: '/metrics', remoteAddress: '203.0.113.9' })).statusCode).toBe(403);
    // A local reverse proxy forwarding the internet is not "this machine".
    const proxied = await open.inject({ url: '/metrics', headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.statusCode).toBe(403);
    expect(proxied.json().error.code).toBe('forbidden');

    const token = 'scrape-token-0123456789abcdef';
    const locked = await appWith({ config: baseConfig({ METRICS_TOKEN: token }) });
    expect((await locked.inject('/metrics')).statusCode).toBe(403);
    expect((await locked.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(403);
    const ok = await locked.inject({ url: '/metrics', remoteAddress: '203.0.113.9', headers: { authorization: `Bearer ${token}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toContain('text/plain');
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
});
