import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { argon2id } from '../../src/db/deps.js';
import { upsertStaff } from '../../src/db/repositories/catalogue.js';
import { one, rows, sql } from '../../src/db/sql.js';
import { buildTestApp, signInAs, type Session } from '../support/app.js';
import { cliEnv, ROOT, startServer, stop } from '../support/cli.js';
import { resetDb, testDb, usingServer } from '../support/db.js';
import { buildRequest, buildTinyCity, type TinyCity } from '../support/factories.js';
import { startSmtp, waitFor, type TestSmtp } from '../notify/support.js';

// Concurrency: a stale staff edit is refused with 409 and never overwrites (through HTTP); and,
// on a PostgreSQL server (in CI), two API processes and two workers under load keep every count right.

let handle: DatabaseHandle;
let city: TinyCity;

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  city = await buildTinyCity(handle);
});

const count = async (q: ReturnType<typeof sql>) => (await one<{ n: number }>(handle.db, q))!.n;

describe('conflicting staff edits (HTTP)', () => {
  let app: FastifyInstance;
  let wendy: Session;
  let ada: Session;
  beforeEach(async () => {
    app = await buildTestApp(handle, city.deps);
    wendy = await signInAs(app, handle, 'wendy2@city.example', 'department_staff', [city.departments.works]);
    ada = await signInAs(app, handle, 'ada2@city.example', 'admin');
  });
  afterEach(async () => {
    await app.close();
  });

  const act = (s: Session, id: number, action: string, body: object) => app.inject({ method: 'POST', url: `/api/requests/${id}/${action}`, headers: s.headers, payload: body });

  it('refuses the second of two edits made from the same version with 409, and keeps the first', async () => {
    const r = await buildRequest(city.deps);
    const seen = (await app.inject({ url: `/api/requests/${r.id}`, headers: ada.headers })).json().version as number;
    const first = await act(wendy, r.id, 'status', { status: 'in_progress', expectedVersion: seen });
    expect(first.statusCode).toBe(200);
    const second = await act(ada, r.id, 'priority', { priority: 'urgent', expectedVersion: seen });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'conflict', details: { currentVersion: seen + 1, expectedVersion: seen } });
    const row = await one<{ status: string; priority: string; version: number }>(handle.db, sql`select status, priority, version from requests where id = ${r.id}`);
    expect(row).toEqual({ status: 'in_progress', priority: 'normal', version: seen + 1 });
    expect(await count(sql`select count(*)::int as n from request_events where request_id = ${r.id} and type = 'priority_changed'`)).toBe(0);
    // Reloaded, the same edit goes through.
    const again = await act(ada, r.id, 'priority', { priority: 'urgent', expectedVersion: seen + 1 });
    expect([again.statusCode, again.json().priority]).toEqual([200, 'urgent']);
  });

  it('of eight simultaneous edits from one version exactly one wins; without a version all eight land, none lost', async () => {
    const r = await buildRequest(city.deps);
    const v = (await one<{ version: number }>(handle.db, sql`select version from requests where id = ${r.id}`))!.version;
    const racing = await Promise.all(Array.from({ length: 8 }, (_, i) => act(i % 2 ? ada : wendy, r.id, 'comments', { visibility: 'internal', body: `racing ${i}`, expectedVersion: v })));
    const codes = racing.map((x) => x.statusCode).sort();
    expect(codes).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    expect(await count(sql`select count(*)::int as n from comments where request_id = ${r.id}`)).toBe(1);

    const all = await Promise.all(Array.from({ length: 8 }, (_, i) => act(i % 2 ? ada : wendy, r.id, 'comments', { visibility: 'internal', body: `together ${i}` })));
    expect(all.map((x) => x.statusCode)).toEqual(Array(8).fill(200));
    expect(await count(sql`select count(*)::int as n from comments where request_id = ${r.id}`)).toBe(9);
    expect((await one<{ version: number }>(handle.db, sql`select version from requests where id = ${r.id}`))!.version).toBe(v + 9);
  });
});

// Four processes started from source take ~35 s on a loaded machine: on the server, in CI.
if (usingServer() && process.env.CI) {
  describe('two API processes and two workers on one PostgreSQL server', () => {
    const children: ChildProcess[] = [];
    let smtp: TestSmtp;
    afterAll(async () => {
      for (const c of children) await stop(c, 'SIGTERM');
      await smtp?.close();
    });

    function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [join(ROOT, 'bin/civicdesk.js'), 'worker'], { env, cwd: ROOT });
        children.push(child);
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d;
          if (/delivering from/.test(out)) resolve(child);
        });
        child.stderr.on('data', (d: Buffer) => (out += d));
        child.on('exit', (code) => reject(new Error(`worker exited ${code}: ${out}`)));
      });
    }

    it('under load from 8 clients every count is right: requests, events, outbox once each, e-mails once each, report roll-ups', async () => {
      const started = Date.now();
      smtp = await startSmtp();
      const password = 'correct horse battery staple';
      await upsertStaff(handle.db, { email: 'load@city.example', name: 'Load', role: 'admin', departmentIds: [], passwordHash: await argon2id.hash(password) });
      const env = cliEnv({ DATABASE_URL: process.env.DATABASE_URL, HOST: '127.0.0.1', LOG_LEVEL: 'error', DISPATCHER_IN_SERVE: 'false', SMTP_URL: smtp.url, DELIVERY_BACKOFF_SECONDS: '0.1' });
      const [a, b] = await Promise.all([startServer(['--port', '0'], env), startServer(['--port', '0'], env)]);
      children.push(a.child, b.child);
      await Promise.all([startWorker(env), startWorker(env)]);
      const apis = [a.url, b.url];
      const mark = (what: string) => console.info(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
      mark('two API processes and two workers up');

      const login = await fetch(`${a.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'load@city.example', password }) });
      const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
      const staff = { cookie, 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken, 'content-type': 'application/json' };
      const post = async (url: string, body: object, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
        const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
        return { status: res.status, body: (await res.json()) as { id: number } };
      };

      const CLIENTS = 8;
      const PER_CLIENT = 6;
      const acked: number[] = [];
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          for (let n = 0; n < PER_CLIENT; n++) {
            const api = apis[(c + n) % 2]!;
            const created = await post(`${api}/api/requests`, { serviceCode: 'pothole', description: `load ${c}/${n}`, location: { lat: 34.06, lng: -117.62 }, answers: { size: 'small' }, reporter: { email: `r${c}-${n}@example.org` } });
            expect(created.status).toBe(201);
            acked.push(created.body.id);
            // Staff work it from the other process: acknowledge, then a public comment.
            const other = apis[(c + n + 1) % 2]!;
            expect((await post(`${other}/api/requests/${created.body.id}/acknowledge`, {}, staff)).status).toBe(200);
            expect((await post(`${api}/api/requests/${created.body.id}/comments`, { visibility: 'public', body: `on our list (${c}/${n})` }, staff)).status).toBe(200);
          }
        }),
      );
      const total = CLIENTS * PER_CLIENT;
      mark('load done');
      await waitFor(
        async () => (await count(sql`select ((select count(*) from outbox where status <> 'done') + (select count(*) from deliveries where status <> 'delivered'))::int as n`)) === 0,
        90_000,
        'the workers to drain the outbox and deliveries',
      );

      mark('drained');
      expect(await count(sql`select count(*)::int as n from requests`)).toBe(total);
      expect(new Set(acked).size).toBe(total);
      const perRequest = await rows<{ types: string }>(handle.db, sql`select string_agg(type, ',' order by type) as types from request_events group by request_id`);
      expect(perRequest).toHaveLength(total);
      expect(new Set(perRequest.map((r) => r.types))).toEqual(new Set(['acknowledged,comment_added,created']));
      // Each outbox job claimed and done exactly once, by one of the two workers.
      const outbox = await one<{ n: number; once: number; events: number }>(handle.db, sql`select count(*)::int as n, count(*) filter (where attempts = 1 and status = 'done')::int as once, (select count(*)::int from request_events) as events from outbox`);
      expect(outbox).toEqual({ n: total * 3, once: total * 3, events: total * 3 });
      // Every e-mail delivered once: as many received as recorded, no Message-ID twice.
      const mails = await count(sql`select count(*)::int as n from deliveries where channel = 'email'`);
      expect(mails).toBeGreaterThanOrEqual(total * 3); // the liaison's, the receipt, the reply at least
      expect(smtp.mails).toHaveLength(mails);
      expect(new Set(smtp.mails.map((m) => m.messageId)).size).toBe(mails);
      const workers = await rows<{ worker: string }>(handle.db, sql`select distinct worker from delivery_attempts`);
      expect(workers.length).toBe(2);

      // The roll-ups kept by triggers under concurrent writes equal a rebuild from the requests.
      const snapshot = async () =>
        Object.fromEntries(
          await Promise.all(
            ['report_facts', 'report_daily', 'report_monthly'].map(async (t) => [t, (await one<{ a: string[] | null }>(handle.db, sql`select array_agg(x::text order by x::text) as a from ${sql.raw(t)} x`))!.a] as const),
          ),
        );
      const live = await snapshot();
      await handle.db.transaction(async (tx) => {
        await tx.execute(sql`select report_rebuild()`);
      });
      expect(await snapshot()).toEqual(live);
      console.info(
        `two API processes + two workers: ${total} requests from ${CLIENTS} clients, ${total * 3} events and outbox jobs (each done once), ${mails} e-mails received once each, roll-ups equal a rebuild (${((Date.now() - started) / 1000).toFixed(0)} s)`,
      );
    }, 150_000);
  });
}
