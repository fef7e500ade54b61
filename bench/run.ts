import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createApiKey } from '../src/app/create-api-key.js';
import { connect, type DatabaseHandle } from '../src/db/connect.js';
import { makeDeps } from '../src/db/deps.js';
import { migrate } from '../src/db/migrate.js';
import { one, sql } from '../src/db/sql.js';
import { SERVICES } from '../src/demo/catalogue.js';
import { seedScale } from '../src/demo/scale.js';
import { DEMO_PASSWORD, seedDemo } from '../src/demo/seed.js';
import { SYSTEM } from '../src/domain/actor.js';
import { PRESETS } from '../src/domain/import-presets.js';
import { importRequests } from '../src/import/import-requests.js';
import { fmt, load, ROOT, startServe, stopChild, waitForAnswer, type LoadResult } from './lib.js';
import { writeNycFile } from './nyc-file.js';

// `npm run bench [-- --quick] [--scale N] [--import-rows N] [--only intake,import,reads,reports,embedded]
//   [--db NAME] [--keep] [--reuse]`
// Creates (and drops, unless --keep) its own database, civicdesk_bench (or --db NAME), on BENCH_PG (default
// the local server), and its own data; --reuse keeps a database from an earlier --keep run and adds only
// the requests it lacks (`--db civicdesk_big --reuse --only reads` reruns the reads on 10M). Every figure has a baseline measured in the same run, so ratios hold on a
// noisy machine. Prints a table; writes JSON to bench/results/.

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    scale: { type: 'string' },
    'import-rows': { type: 'string' },
    'embedded-scale': { type: 'string' },
    seconds: { type: 'string' },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    db: { type: 'string' },
    reuse: { type: 'boolean', default: false },
    cluster: { type: 'string' },
  },
});
const quick = values.quick;
const SCALE = Number(values.scale ?? (quick ? 200_000 : 10_000_000));
const IMPORT_ROWS = Number(values['import-rows'] ?? (quick ? 100_000 : 1_000_000));
const EMBEDDED_SCALE = Number(values['embedded-scale'] ?? 100_000);
/** `--cluster N`: intake is measured a second time against `civicdesk serve --cluster N`. */
const CLUSTER = Number(values.cluster ?? 1);
const DURATION = Number(values.seconds ?? (quick ? 8 : 20)) * 1000;
const only = values.only ? new Set(values.only.split(',')) : undefined;
const wants = (s: string) => !only || only.has(s);
/** The server, without a database name. */
const BASE = (process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');
const DB_NAME = values.db ?? process.env.BENCH_DB ?? 'civicdesk_bench';
const DB_URL = `${BASE}/${DB_NAME}`;

interface Row {
  section: string;
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  met: boolean | null;
}
const table: Row[] = [];
const results: Record<string, unknown> = {};
const say = (l: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${l}\n`);
const add = (r: Row) => {
  table.push(r);
  say(`  ${r.figure}: ${r.value} (baseline ${r.baseline}, ratio ${r.ratio})`);
};

async function admin(q: string) {
  const c = new pg.Client({ connectionString: `${BASE}/postgres` });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

async function main() {
  const started = Date.now();
  say(`bench: ${quick ? 'quick' : 'full'} run; reads on ${fmt(SCALE)} requests, import of ${fmt(IMPORT_ROWS)} rows, embedded on ${fmt(EMBEDDED_SCALE)}`);
  results.machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: +(totalmem() / 2 ** 30).toFixed(1), freeGb: +(freemem() / 2 ** 30).toFixed(1), loadavg: loadavg(), node: process.version };
  // Servers run from dist/ as installed (a start from TypeScript sources would time the compiler).
  if (!values['no-build']) {
    say('building dist/ ...');
    const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    if (b.status !== 0) throw new Error('npm run build failed');
  }
  // --reuse: keep the database and what it holds (e.g. 10M requests made by an earlier run); only the missing rows are made.
  if (!values.reuse) {
    await admin(`drop database if exists ${DB_NAME} with (force)`);
    await admin(`create database ${DB_NAME}`);
  }
  const handle = await connect({ databaseUrl: DB_URL, poolSize: 16 });
  await migrate(handle);
  results.postgres = (await one<{ v: string }>(handle.db, sql`select version() as v`))!.v;
  await seedDemo(handle, { perYear: 0, log: say });
  const work = mkdtempSync(join(tmpdir(), 'civicdesk-bench-'));
  try {
    // Intake and import run on a scratch database of their own (the demo catalogue, no history: a city's
    // first day and its first import), so what they write never changes the reads' data, and a rerun on a kept
    // 10M database (--reuse) measures them the same way.
    if (wants('intake') || wants('import')) {
      const scratch = `${DB_NAME}_scratch`;
      const scratchUrl = `${BASE}/${scratch}`;
      await admin(`drop database if exists ${scratch} with (force)`);
      await admin(`create database ${scratch}`);
      const h = await connect({ databaseUrl: scratchUrl, poolSize: 16 });
      try {
        await migrate(h);
        await seedDemo(h, { perYear: 0 });
        if (wants('intake')) await intake(h, scratchUrl);
        if (wants('import')) await importBench(h, work, scratchUrl);
      } finally {
        await h.close();
        await admin(`drop database if exists ${scratch} with (force)`).catch(() => undefined);
      }
    }
    if (wants('reads') || wants('reports')) {
      const have = (await one<{ n: number }>(handle.db, sql`select count(*)::int as n from requests`))!.n;
      if (SCALE > have) {
        say(`generating ${fmt(SCALE - have)} requests (seed scale) ...`);
        const r = await seedScale(handle, { requests: SCALE - have, log: say });
        results.generate = { requests: r.requests, seconds: r.seconds };
        add({ section: 'setup', figure: `generate ${fmt(r.requests)} requests (seed scale)`, value: `${fmt(r.requests / r.seconds)} rows/s`, baseline: '-', ratio: '-', target: 'minutes, not hours', met: r.seconds < 3600 });
      }
      await handle.exec('vacuum analyze requests');
      await handle.exec('vacuum analyze request_events');
    }
    if (wants('reads')) await reads(handle);
    if (wants('reports')) await reports(handle);
    await handle.close();
    if (wants('embedded')) await embedded(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (!values.keep && !values.reuse) await admin(`drop database if exists ${DB_NAME} with (force)`).catch(() => undefined);
  }
  results.seconds = (Date.now() - started) / 1000;
  results.table = table;
  print();
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const file = join(ROOT, 'bench/results', `${new Date().toISOString().replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`);
  writeFileSync(file, JSON.stringify({ quick, scale: SCALE, importRows: IMPORT_ROWS, ...results }, null, 2));
  say(`results written to ${file}`);
}

// ---- intake: Open311 POST requests.json (and the internal POST /api/requests) vs a minimal node-postgres loop
async function intake(handle: DatabaseHandle, url: string) {
  say('intake ...');
  const svc = SERVICES.find((s) => s.code === 'pothole')!;
  const required = svc.questions.filter((q) => q.required);
  const answers = Object.fromEntries(required.map((q) => [q.code, q.values?.[0]?.key ?? (q.datatype === 'number' ? 1 : 'x')]));
  const { key } = await createApiKey(makeDeps(handle), SYSTEM, { name: 'bench' });
  // Points spread over the whole city (so over its districts), as a real day's reports are.
  const spot = () => ({ lat: 34.045 + Math.random() * 0.03, lng: -117.645 + Math.random() * 0.05 });
  // Both intakes against one `civicdesk serve` (one process, or `--cluster N` processes sharing the port).
  const loads = async (cluster: number) => {
    const server = await startServe([], { DATABASE_URL: url, DB_POOL_SIZE: '16', OPEN311_WRITES_PER_MINUTE: '100000000', CIVICDESK_CLUSTER: String(cluster) });
    if (cluster > 1) await new Promise((r) => setTimeout(r, 3000)); // the other processes' first answer
    try {
      const open311 = await load(
        async () => {
          const p = spot();
          const form = new URLSearchParams({ api_key: key, service_code: svc.code, lat: String(p.lat), long: String(p.lng), description: 'Deep pothole by the crossing' });
          for (const [k, v] of Object.entries(answers)) form.set(`attribute[${k}]`, String(v));
          const r = await fetch(`${server.url}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
          await r.arrayBuffer();
          if (r.status !== 201 && r.status !== 200) throw new Error(String(r.status));
        },
        { concurrency: 32, durationMs: DURATION },
      );
      const api = await load(
        async () => {
          const r = await fetch(`${server.url}/api/requests`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ serviceCode: svc.code, channel: 'web', description: 'Deep pothole by the crossing', location: spot(), answers }),
          });
          await r.arrayBuffer();
          if (r.status !== 201) throw new Error(String(r.status));
        },
        { concurrency: 32, durationMs: DURATION },
      );
      return { open311, api };
    } finally {
      await stopChild(server.child);
    }
  };
  const { open311, api } = await loads(1);
  const clustered = CLUSTER > 1 ? await loads(CLUSTER) : undefined;
  const ids = (await one<{ s: number; d: number }>(handle.db, sql`select id as s, department_id as d from services where code = ${svc.code}`))!;
  const pool = new pg.Pool({ connectionString: url, max: 32 });
  pool.on('error', () => undefined); // an idle client closed under us must not end the run
  let k = 0;
  const raw = await load(
    async () => {
      const n = k++;
      const p = spot();
      await pool.query(
        `insert into requests (public_id, token, service_id, department_id, priority, channel, description, location, answers)
         values ($1, $2, $3, $4, 'normal', 'web', 'Deep pothole by the crossing', ST_SetSRID(ST_MakePoint($5, $6), 4326), $7)`,
        [`bench-${n}-${process.pid}`, randomBytes(18).toString('base64url'), ids.s, ids.d, p.lng, p.lat, JSON.stringify(answers)],
      );
    },
    { concurrency: 32, durationMs: DURATION },
  );
  await pool.query(`delete from requests where public_id like 'bench-%'`);
  await pool.end();
  results.intake = { open311, api, raw, ...(clustered ? { cluster: CLUSTER, clustered } : {}) };
  const row = (label: string, r: LoadResult) => {
    add({ section: 'intake', figure: `${label}, 32 clients: requests/s`, value: fmt(r.perSecond), baseline: `${fmt(raw.perSecond)} (raw insert loop)`, ratio: `${fmt((100 * r.perSecond) / raw.perSecond)}%`, target: '>= 1,000/s and >= 40%', met: r.perSecond >= 1000 && r.perSecond >= 0.4 * raw.perSecond });
    add({ section: 'intake', figure: `${label}, 32 clients: p50 / p99 ms`, value: `${fmt(r.p50, 1)} / ${fmt(r.p99, 1)}`, baseline: `${fmt(raw.p50, 1)} / ${fmt(raw.p99, 1)} (raw insert)`, ratio: `${fmt(r.p99 / raw.p99, 1)}x`, target: 'p99 < 50 ms', met: r.p99 < 50 });
    if (r.errors) say(`  ${label}: ${r.errors} errors`);
  };
  row('Open311 POST requests.json', open311);
  row('POST /api/requests', api);
  if (clustered) {
    row(`Open311 POST requests.json (serve --cluster ${CLUSTER})`, clustered.open311);
    row(`POST /api/requests (serve --cluster ${CLUSTER})`, clustered.api);
  }
}

// ---- import: `import requests` on a generated NYC file vs plain COPY of the same file into a bare table
async function importBench(handle: DatabaseHandle, work: string, url: string) {
  const file = join(work, 'nyc.csv');
  say(`import: writing a ${fmt(IMPORT_ROWS)}-row NYC-format file ...`);
  await writeNycFile(file, IMPORT_ROWS);
  const bytes = statSync(file).size;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const cols = Array.from({ length: 41 }, (_, i) => `c${i} text`).join(', ');
  await client.query(`create table bench_bare (${cols})`);
  let t = performance.now();
  await pipeline(createReadStream(file), client.query(copyFrom('copy bench_bare from stdin with (format csv, header true)')));
  const copySeconds = (performance.now() - t) / 1000;
  await client.query('drop table bench_bare');
  await client.end();
  say(`  plain COPY: ${fmt(IMPORT_ROWS / copySeconds)} rows/s; now import requests ...`);
  t = performance.now();
  const r = await importRequests({ handle }, file, { mapping: PRESETS.nyc, onProgress: (p) => p.rows % 100_000 < 20_000 && say(`    ${fmt(p.rows)} rows`), onStage: (what, s) => say(`    ${what} (${s.toFixed(1)} s)`) });
  const importSeconds = (performance.now() - t) / 1000;
  if (r.rejected) say(`  ${r.rejected} rows rejected: ${r.rejects[0]?.reason}`);
  const rate = r.rows / importSeconds;
  const copyRate = IMPORT_ROWS / copySeconds;
  results.import = { rows: r.rows, bytes, inserted: r.inserted, rejected: r.rejected, via: r.via, bulk: r.bulk, seconds: importSeconds, copySeconds };
  add({ section: 'import', figure: `import requests, ${fmt(IMPORT_ROWS)} NYC rows (${r.via}${r.bulk ? ', bulk' : ''}): rows/s`, value: fmt(rate), baseline: `${fmt(copyRate)} (plain COPY)`, ratio: `${fmt((100 * rate) / copyRate)}%`, target: '>= 50,000/s and >= 50%', met: rate >= 50_000 && rate >= 0.5 * copyRate });
}

// ---- reads at scale: the Open311 window (SQL; the route is not on main) and the staff queue's first page
const WINDOW_SQL = `select r.public_id, r.status, r.created_at, ST_Y(r.location) as lat, ST_X(r.location) as lng, s.code
  from requests r join services s on s.id = r.service_id
  where r.location && ST_MakeEnvelope($1, $2, $3, $4, 4326) and r.status = any($5::text[]) and r.created_at >= $6 and r.created_at < $7
  order by r.created_at desc limit 50`;

function windowParams(i: number, now: number) {
  // Bounding boxes about 1 km square at random in the demo city; a 90-day window ending in the last year.
  const lng = -117.66 + Math.random() * 0.05;
  const lat = 34.04 + Math.random() * 0.05;
  const end = now - Math.floor(Math.random() * 270) * 86_400_000;
  return [lng, lat, lng + 0.011, lat + 0.009, i % 2 ? '{new,acknowledged,in_progress,on_hold}' : '{closed}', new Date(end - 90 * 86_400_000).toISOString(), new Date(end).toISOString()];
}

async function reads(handle: DatabaseHandle) {
  const n = (await one<{ n: number }>(handle.db, sql`select count(*)::int as n from requests`))!.n;
  say(`reads on ${fmt(n)} requests ...`);
  const now = Date.now();
  const pool = new pg.Pool({ connectionString: DB_URL, max: 16 });
  pool.on('error', () => undefined);
  const window = await load(async (i) => void (await pool.query(WINDOW_SQL, windowParams(i, now))), { concurrency: 16, durationMs: DURATION });
  const floor = await load(async () => void (await pool.query('select 1')), { concurrency: 16, durationMs: Math.min(DURATION, 5000) });
  const plan = (await pool.query(`explain (costs off) ${WINDOW_SQL}`, windowParams(1, now))).rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
  await pool.end();
  const server = await startServe([], { DATABASE_URL: DB_URL, DB_POOL_SIZE: '16' });
  let queue: LoadResult, health: LoadResult;
  try {
    const cookie = await signIn(server.url);
    const dep = (await one<{ id: number }>(handle.db, sql`select id from departments where code = 'public_works'`))!.id;
    queue = await load(
      async () => {
        const r = await fetch(`${server.url}/api/requests?department=${dep}&status=open&limit=50`, { headers: { cookie } });
        await r.arrayBuffer();
        if (!r.ok) throw new Error(String(r.status));
      },
      { concurrency: 16, durationMs: DURATION },
    );
    health = await load(async () => void (await (await fetch(`${server.url}/api/health`)).arrayBuffer()), { concurrency: 16, durationMs: Math.min(DURATION, 5000) });
  } finally {
    await stopChild(server.child);
  }
  results.reads = { requests: n, window, windowFloor: floor, windowPlan: plan, queue, health };
  add({ section: `reads @${fmt(n)}`, figure: 'Open311 window (bbox+status+90 days) SQL, 16 clients: p50 / p99 ms', value: `${fmt(window.p50, 1)} / ${fmt(window.p99, 1)}`, baseline: `${fmt(floor.p50, 1)} / ${fmt(floor.p99, 1)} (select 1)`, ratio: '-', target: 'p99 < 50 ms', met: window.p99 < 50 });
  add({ section: `reads @${fmt(n)}`, figure: "staff queue's first page (GET /api/requests), 16 clients: p50 / p99 ms", value: `${fmt(queue.p50, 1)} / ${fmt(queue.p99, 1)}`, baseline: `${fmt(health.p50, 1)} / ${fmt(health.p99, 1)} (GET /api/health)`, ratio: '-', target: 'p99 < 50 ms', met: queue.p99 < 50 });
}

async function signIn(url: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'manager@alderbrook.example.gov', password: DEMO_PASSWORD }) });
  if (!r.ok) throw new Error(`sign-in failed: ${r.status} ${await r.text()}`);
  return String(r.headers.get('set-cookie')).split(';')[0]!;
}

// ---- reports: bench/reports.ts (the reports work, issue 8). If it exports
// `benchReports({ databaseUrl, durationMs, load })` its rows join the table; if it is a script, it runs on this
// database (with --keep it reuses the requests already there) and its output is kept in the JSON.
async function reports(handle: DatabaseHandle) {
  const hook = join(ROOT, 'bench/reports.ts');
  if (!existsSync(hook)) {
    add({ section: 'reports', figure: 'reports (not built yet: bench/reports.ts hook)', value: '-', baseline: '-', ratio: '-', target: '< 500 ms each', met: null });
    return;
  }
  if (/export async function benchReports/.test(readFileSync(hook, 'utf8'))) {
    const mod = (await import(hook)) as { benchReports(ctx: { databaseUrl: string; handle: DatabaseHandle; durationMs: number; load: typeof load }): Promise<Row[]> };
    for (const r of await mod.benchReports({ databaseUrl: DB_URL, handle, durationMs: DURATION, load })) add(r);
    return;
  }
  const n = (await one<{ n: number }>(handle.db, sql`select count(*)::int as n from requests`))!.n;
  say(`reports: bench/reports.ts on ${fmt(n)} requests ...`);
  const r = spawnSync('npx', ['tsx', hook, '--requests', String(n), '--keep'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: DB_URL }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 2 ** 20 });
  process.stderr.write(r.stdout ?? '');
  results.reports = { requests: n, status: r.status, output: r.stdout };
  add({ section: `reports @${fmt(n)}`, figure: 'every report: bench/reports.ts (its own table: "reports.output" in the JSON)', value: r.status === 0 ? 'ran' : `failed (exit ${r.status})`, baseline: '-', ratio: '-', target: '< 500 ms each', met: null });
}

// ---- embedded: cold start of `civicdesk serve` on an existing data dir, and reads at 100k in PGlite
async function embedded(work: string) {
  const dir = join(work, 'embedded');
  say(`embedded: seeding ${fmt(EMBEDDED_SCALE)} requests into PGlite ...`);
  const handle = await connect({ dataDir: dir });
  await migrate(handle);
  await seedDemo(handle, { perYear: 0 });
  await seedScale(handle, { requests: EMBEDDED_SCALE, log: say });
  await handle.exec('analyze');
  const now = Date.now();
  // PGlite is one session: 16 clients queue behind each other, as they would in the server process.
  const window = await load(async (i) => {
    const p = windowParams(i, now);
    await handle.db.execute(sql`select r.public_id from requests r where r.location && ST_MakeEnvelope(${p[0]}, ${p[1]}, ${p[2]}, ${p[3]}, 4326) and r.status = any(${p[4]}::text[]) and r.created_at >= ${p[5]} and r.created_at < ${p[6]} order by r.created_at desc limit 50`);
  }, { concurrency: 16, durationMs: DURATION });
  await handle.close();

  // Baseline: a bare node:http server's cold start to first answer.
  const t0 = performance.now();
  const bare = await startBare();
  await waitForAnswer(bare.url);
  const bareMs = performance.now() - t0;
  await stopChild(bare.child);
  const server = await startServe(['--data-dir', dir], { DATABASE_URL: '' });
  await waitForAnswer(`${server.url}/api/health`);
  const coldMs = performance.now() - server.spawnedAt;
  let queue: LoadResult, health: LoadResult;
  try {
    const cookie = await signIn(server.url);
    queue = await load(
      async () => {
        const r = await fetch(`${server.url}/api/requests?status=open&limit=50`, { headers: { cookie } });
        await r.arrayBuffer();
        if (!r.ok) throw new Error(String(r.status));
      },
      { concurrency: 16, durationMs: DURATION },
    );
    health = await load(async () => void (await (await fetch(`${server.url}/api/health`)).arrayBuffer()), { concurrency: 16, durationMs: Math.min(DURATION, 5000) });
  } finally {
    await stopChild(server.child);
  }
  results.embedded = { requests: EMBEDDED_SCALE, coldMs, bareMs, window, queue, health };
  add({ section: 'embedded', figure: 'cold start of serve (existing data dir) to first answer, ms', value: fmt(coldMs), baseline: `${fmt(bareMs)} (bare node:http)`, ratio: `${fmt(coldMs / bareMs, 1)}x`, target: '< 3,000 ms', met: coldMs < 3000 });
  add({ section: `embedded @${fmt(EMBEDDED_SCALE)}`, figure: 'window read (in process, 16 queued): p50 / p99 ms', value: `${fmt(window.p50, 1)} / ${fmt(window.p99, 1)}`, baseline: '-', ratio: '-', target: 'p99 < 100 ms', met: window.p99 < 100 });
  add({ section: `embedded @${fmt(EMBEDDED_SCALE)}`, figure: "staff queue's first page, 16 clients: p50 / p99 ms", value: `${fmt(queue.p50, 1)} / ${fmt(queue.p99, 1)}`, baseline: `${fmt(health.p50, 1)} / ${fmt(health.p99, 1)} (GET /api/health)`, ratio: '-', target: 'p99 < 100 ms', met: queue.p99 < 100 });
}

async function startBare() {
  const { spawn } = await import('node:child_process');
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`], { stdio: 'ignore' });
  return { child, url: `http://127.0.0.1:${port}/` };
}

function print() {
  const head = ['section', 'figure', 'value', 'baseline (same run)', 'ratio', 'target', 'met'];
  const body = table.map((r) => [r.section, r.figure, r.value, r.baseline, r.ratio, r.target, r.met === null ? '-' : r.met ? 'yes' : 'NO']);
  const lines = [head, head.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`);
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
