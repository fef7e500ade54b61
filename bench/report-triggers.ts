// What the report roll-up triggers cost the importer's bulk path: `import requests` of the same NYC-format
// file into a fresh database migrated without and with migration 0013 (the narrow count, survey and heat-map
// roll-ups), alternating, on a PostgreSQL server.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/civicdesk_x npx tsx bench/report-triggers.ts [--rows 100000] [--runs 2]
//
// The database named by DATABASE_URL is dropped and created again for each run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ensureRollups } from '../src/app/reports/prepare.js';
import { connect } from '../src/db/connect.js';
import { makeDeps } from '../src/db/deps.js';
import { loadMigrations, migrate } from '../src/db/migrate.js';
import { makeReportDeps } from '../src/db/report-deps.js';
import { PRESETS } from '../src/domain/import-presets.js';
import { importRequests } from '../src/import/import-requests.js';
import { writeNycFile } from './nyc-file.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, runs: { type: 'string', default: '2' } } });
const ROWS = Number(values.rows);
const url = process.env.DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL to a database this bench may drop and create');
const name = new URL(url).pathname.slice(1);
const admin = new URL(url);
admin.pathname = '/postgres';

const work = mkdtempSync(join(tmpdir(), 'civicdesk-triggers-'));
const file = join(work, 'nyc.csv');
await writeNycFile(file, ROWS);

async function fresh() {
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  await c.query(`drop database if exists "${name}" with (force)`);
  await c.query(`create database "${name}"`);
  await c.end();
}

const all = loadMigrations();
const variants = [
  ['without 0013', all.filter((m) => !m.name.startsWith('0013_'))],
  ['with 0013', all],
] as const;
const seconds: Record<string, number[]> = {};
for (let run = 0; run < Number(values.runs); run++) {
  for (const [label, migrations] of variants) {
    await fresh();
    const handle = await connect({ databaseUrl: url, poolSize: 2 });
    await migrate(handle, [...migrations]);
    await ensureRollups(makeReportDeps(handle, makeDeps(handle)), true); // the business clock, as in a running city
    const t = performance.now();
    const r = await importRequests({ handle }, file, { mapping: PRESETS.nyc });
    const s = (performance.now() - t) / 1000;
    (seconds[label] ??= []).push(s);
    process.stdout.write(`${label.padEnd(14)} ${r.inserted.toLocaleString('en-US')} rows (${r.via}) in ${s.toFixed(1)} s = ${Math.round(ROWS / s).toLocaleString('en-US')} rows/s\n`);
    await handle.close();
  }
}
for (const [label] of variants) {
  const v = [...seconds[label]!].sort((a, b) => a - b);
  process.stdout.write(`${label}: best ${Math.round(ROWS / v[0]!).toLocaleString('en-US')} rows/s over ${v.length} runs\n`);
}
rmSync(work, { recursive: true, force: true });
