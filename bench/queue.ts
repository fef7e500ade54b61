// The department queue at city scale: 50,000 open requests in one department (plus closed ones and
// other departments' work, generated with SQL), and the first page of its queue as the console asks
// for it. Run: npx tsx bench/queue.ts            (embedded PGlite, in a temporary directory)
//          DATABASE_URL=postgres://... npx tsx bench/queue.ts   (a server; the database is emptied first)
// Prints p50/p99 of server time (app.inject: session lookup, validation, SQL, serialisation) beside a
// baseline measured in the same run (one request fetched by primary key through the same API).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { connect, type DatabaseHandle } from '../src/db/connect.js';
import { argon2id, makeDeps } from '../src/db/deps.js';
import { migrate } from '../src/db/migrate.js';
import { upsertDepartment, upsertService, upsertStaff } from '../src/db/repositories/catalogue.js';
import { one, rows, sql } from '../src/db/sql.js';
import { buildApp } from '../src/server/app.js';

const OPEN = Number(process.argv[2] ?? 50_000);
const RUNS = 60;

async function reset(handle: DatabaseHandle) {
  const tables = (await rows<{ t: string }>(handle.db, sql`select tablename as t from pg_tables where schemaname = 'public'`)).map((r) => r.t).filter((t) => !['schema_migrations', 'spatial_ref_sys'].includes(t));
  await handle.exec(`truncate ${tables.map((t) => `"${t}"`).join(', ')} restart identity cascade`);
}

async function generate(handle: DatabaseHandle) {
  const db = handle.db;
  const works = await upsertDepartment(db, { code: 'works', name: 'Public Works' });
  const parks = await upsertDepartment(db, { code: 'parks', name: 'Parks' });
  const services = [
    await upsertService(db, { code: 'pothole', name: 'Pothole', group: 'Streets', departmentId: works, ackWithinHours: 8, resolveWithinHours: 72 }),
    await upsertService(db, { code: 'streetlight', name: 'Streetlight out', group: 'Streets', departmentId: works, ackWithinHours: 8, resolveWithinHours: 120 }),
    await upsertService(db, { code: 'tree', name: 'Tree down', group: 'Parks', departmentId: parks, ackWithinHours: 4, resolveWithinHours: 48 }),
  ];
  await upsertStaff(db, { email: 'liaison@works.example', name: 'Works liaison', role: 'department_staff', departmentIds: [works], passwordHash: await argon2id.hash('bench-password-123') });
  // One department's 50,000 open requests over two years, 40,000 closed ones, and 30,000 of another department's.
  const insert = (n: number, dept: number, service: number, closed: boolean, offset: number) =>
    handle.exec(`
      insert into requests (public_id, token, service_id, department_id, status, close_reason, closed_at, priority, channel, description,
                            location, address, created_at, updated_at, ack_due_at, resolve_due_at)
      select 'B-' || (g + ${offset}), md5((g + ${offset})::text), ${service} + (g % 2) * ${dept === works ? services[1]! - services[0]! : 0}, ${dept},
             ${closed ? `'closed', 'resolved', now() - (g % 700) * interval '1 hour'` : `(array['new','acknowledged','in_progress','on_hold'])[1 + g % 4], null, null`},
             (array['low','normal','normal','high','urgent'])[1 + g % 5], (array['web','phone','mobile','email'])[1 + g % 4], 'Generated request ' || g,
             ST_SetSRID(ST_MakePoint(-117.7 + (g % 1000) * 0.00015, 34.0 + (g / 1000 % 100) * 0.0012), 4326), (g % 9999) || ' Main Street',
             now() - (g % 17520) * interval '1 hour', now(), now() - (g % 17520) * interval '1 hour' + interval '8 hours',
             now() - (g % 17520) * interval '1 hour' + interval '72 hours'
      from generate_series(1, ${n}) g`);
  await insert(OPEN, works, services[0]!, false, 0);
  await insert(40_000, works, services[0]!, true, 1_000_000);
  await insert(30_000, parks, services[2]!, false, 2_000_000);
  // What autovacuum does on a live server (index-only scans need the visibility map).
  await handle.exec('vacuum analyze requests');
  return { works };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function main() {
  const dir = process.env.DATABASE_URL ? null : mkdtempSync(join(tmpdir(), 'civicdesk-bench-'));
  const handle = await connect(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: join(dir!, 'data') });
  try {
    await migrate(handle);
    await reset(handle);
    const t0 = performance.now();
    await generate(handle);
    const generated = performance.now() - t0;
    const app = await buildApp({ config: loadConfig({ CIVICDESK_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent' }), handle, deps: makeDeps(handle), ready: () => true });
    await app.ready();
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'liaison@works.example', password: 'bench-password-123' } });
    const headers = { cookie: String(login.headers['set-cookie']).split(';')[0]! };
    const someId = (await one<{ id: number }>(handle.db, sql`select id from requests where department_id = 1 order by id limit 1 offset 777`))!.id;

    const cases: Array<[string, string]> = [
      ['baseline: one request by id', `/api/requests/${someId}`],
      ['queue first page, newest (default)', '/api/requests?department=mine&status=open&limit=50'],
      ['queue first page, due soonest', '/api/requests?department=mine&status=open&sort=due&limit=50'],
      ['queue first page, oldest (age)', '/api/requests?department=mine&status=open&sort=oldest&limit=50'],
      ['queue, urgent + overdue filter', '/api/requests?department=mine&status=open&priority=urgent&overdue=true&limit=50'],
      ['queue counts (polled)', '/api/requests/counts?department=mine'],
    ];
    const total = (await app.inject({ url: cases[1]![1], headers })).json().total;
    console.log(`CivicDesk queue bench on ${process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PGlite'}: ${total} open requests in the department (generated in ${(generated / 1000).toFixed(1)} s), ${RUNS} runs each`);
    console.log('| case | p50 ms | p99 ms |');
    console.log('|---|---|---|');
    for (const [name, url] of cases) {
      for (let i = 0; i < 5; i++) await app.inject({ url, headers });
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        const res = await app.inject({ url, headers });
        times.push(performance.now() - s);
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      }
      console.log(`| ${name} | ${pct(times, 50).toFixed(1)} | ${pct(times, 99).toFixed(1)} |`);
    }
    await app.close();
  } finally {
    await handle.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
