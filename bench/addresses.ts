// The master address list at city scale: import 100,000 addresses into the embedded database and search
// them with typos. Run: npx tsx bench/addresses.ts [count]
// Prints a table of the figures against baselines measured in the same run: a plain multi-row INSERT of
// the same rows (into a copy of the table with the same indexes) and an exact, indexed lookup by id.
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importAddresses } from '../src/app/import-addresses.js';
import { searchAddresses } from '../src/app/search-addresses.js';
import { addressRows } from '../src/cli/address-csv.js';
import { connect } from '../src/db/connect.js';
import { makeDeps } from '../src/db/deps.js';
import { migrate } from '../src/db/migrate.js';
import { sql } from '../src/db/sql.js';
import type { Actor } from '../src/domain/actor.js';

const COUNT = Number(process.argv[2] ?? 100_000);
const QUERIES = 200;
const ADMIN: Actor = { type: 'staff', userId: 0, name: 'bench', role: 'admin', departmentIds: [] };

// A deterministic generator, so every run measures the same data.
let seed = 42;
function rand(): number {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;

const NAMES = ['Maple', 'Oak', 'Cedar', 'Pine', 'Elm', 'Willow', 'Birch', 'Aspen', 'Juniper', 'Magnolia', 'Sycamore', 'Chestnut', 'Hawthorn', 'Laurel', 'Poplar',
  'Spruce', 'Alder', 'Cypress', 'Hickory', 'Linden', 'Redwood', 'Sequoia', 'Walnut', 'Orchard', 'Meadow', 'Ridge', 'Valley', 'Canyon', 'Summit', 'Harbor',
  'Lakeview', 'Hillcrest', 'Sunset', 'Sunrise', 'Riverside', 'Brookside', 'Fairview', 'Highland', 'Lincoln', 'Washington', 'Jefferson', 'Madison', 'Monroe',
  'Franklin', 'Grant', 'Jackson', 'Adams', 'Garfield', 'Mission', 'Alameda', 'Arroyo', 'Vista', 'Mesa', 'Ranch', 'Foothill', 'Mountain', 'Park', 'Church',
  'School', 'Mill', 'Spring', 'Center', 'College', 'Railroad', 'Depot', 'Granite', 'Quarry', 'Prospect', 'Pleasant', 'Rosewood', 'Dogwood', 'Ironwood'];
const PREFIX = ['', '', '', 'North ', 'South ', 'East ', 'West ', 'Old ', 'Upper '];
const SUFFIX = ['Street', 'Avenue', 'Road', 'Drive', 'Lane', 'Court', 'Place', 'Way', 'Boulevard', 'Circle', 'Terrace', 'Trail'];
const ZIPS = ['91701', '91702', '91703', '91704', '91705'];

function addresses(n: number) {
  // Each street name with a few of the suffixes, as real towns have both an Oak Street and an Oak Court.
  const streets = NAMES.flatMap((name) => PREFIX.map((p) => `${p}${name}`)).flatMap((s) => [pick(SUFFIX), pick(SUFFIX), pick(SUFFIX)].map((x) => `${s} ${x}`));
  const out: Array<{ id: string; full: string; lat: number; lng: number; zip: string }> = [];
  const seen = new Set<string>();
  while (out.length < n) {
    const full = `${1 + Math.floor(rand() * 9999)} ${pick(streets)}`;
    if (seen.has(full)) continue;
    seen.add(full);
    out.push({ id: `ALB-${String(out.length + 1).padStart(6, '0')}`, full: `${full}, Alderbrook`, lat: 34.0 + rand() * 0.12, lng: -117.7 + rand() * 0.15, zip: pick(ZIPS) });
  }
  return out;
}

/** What people type: lower case, the city left off, a street letter wrong, swapped or lost, or the suffix cut short. */
function typo(full: string): string {
  const [number, ...rest] = full.replace(', Alderbrook', '').toLowerCase().split(' ');
  const street = rest.join(' ');
  const i = 1 + Math.floor(rand() * (street.length - 2));
  const kind = Math.floor(rand() * 4);
  const misspelt =
    kind === 0 ? street.slice(0, i) + street[i + 1] + street[i] + street.slice(i + 2) // swap
      : kind === 1 ? street.slice(0, i) + street.slice(i + 1) // drop
        : kind === 2 ? street.slice(0, i) + pick('aeiourstln'.split('')) + street.slice(i + 1) // replace
          : street.replace(/ (street|avenue|road|drive|lane|court)$/, (m) => ` ${m.trim().slice(0, 2)}`); // abbreviate
  return `${number} ${misspelt}`;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'civicdesk-bench-'));
  const handle = await connect({ dataDir: join(dir, 'data') });
  try {
    await migrate(handle);
    const deps = makeDeps(handle);
    const list = addresses(COUNT);
    const csv = join(dir, 'addresses.csv');
    writeFileSync(csv, ['address id,full address,lat,long,zip', ...list.map((a) => `${a.id},"${a.full}",${a.lat.toFixed(6)},${a.lng.toFixed(6)},${a.zip}`)].join('\n'));

    let t = performance.now();
    const imported = await importAddresses(deps, ADMIN, addressRows(createReadStream(csv)));
    const importS = (performance.now() - t) / 1000;
    if (imported.imported !== COUNT) throw new Error(`imported ${imported.imported} of ${COUNT}`);

    // Baseline: the same rows as plain multi-row INSERTs (1,000 rows of 5 parameters each) into a copy of
    // the table with the same indexes.
    await handle.exec('create table addresses_plain (like addresses including all)');
    t = performance.now();
    for (let i = 0; i < list.length; i += 1000) {
      const values = list.slice(i, i + 1000).map((a) => sql`(${a.id}, ${a.full}, ${a.zip}, ST_SetSRID(ST_MakePoint(${a.lng}, ${a.lat}), 4326))`);
      await handle.db.execute(sql`insert into addresses_plain (id, full_address, zipcode, location) values ${sql.join(values, sql`, `)}`);
    }
    const plainS = (performance.now() - t) / 1000;

    const targets = Array.from({ length: QUERIES }, () => pick(list));
    const queries = targets.map((a) => typo(a.full));
    await searchAddresses(deps, { q: queries[0]! }); // warm the plan and the pages once
    const times: number[] = [];
    let top1 = 0;
    let top5 = 0;
    for (const [k, q] of queries.entries()) {
      t = performance.now();
      const hits = await searchAddresses(deps, { q, limit: 5 });
      times.push(performance.now() - t);
      if (hits[0]?.id === targets[k]!.id) top1 += 1;
      if (hits.some((h) => h.id === targets[k]!.id)) top5 += 1;
    }
    // The slow path: a mistyped house number finds no exact number, so the trigram index searches everything.
    const slow: number[] = [];
    let slowTop5 = 0;
    for (const a of targets.slice(0, 50)) {
      const [number, ...rest] = typo(a.full).split(' ');
      const q = `${number!.length > 1 ? number!.slice(1) : `${number}9`} ${rest.join(' ')}`;
      t = performance.now();
      const hits = await searchAddresses(deps, { q, limit: 5 });
      slow.push(performance.now() - t);
      if (hits.some((h) => h.id === a.id)) slowTop5 += 1;
    }
    slow.sort((a, b) => a - b);
    const exact: number[] = [];
    for (const a of targets) {
      t = performance.now();
      await deps.repos.addresses.get(a.id);
      exact.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    exact.sort((a, b) => a - b);

    const rows: Array<[string, string, string]> = [
      [`import ${COUNT.toLocaleString('en-US')} addresses (CSV stream, jsonb_to_recordset batches)`, `${importS.toFixed(1)} s`, '< 60 s'],
      ['  baseline: plain multi-row INSERT of the same rows', `${plainS.toFixed(1)} s`, ''],
      [`typo'd search, ${QUERIES} queries: p50`, `${percentile(times, 50).toFixed(1)} ms`, '< 50 ms'],
      [`typo'd search: p99`, `${percentile(times, 99).toFixed(1)} ms`, '< 50 ms'],
      [`typo'd search: right address first / in top 5`, `${((top1 / QUERIES) * 100).toFixed(0)} % / ${((top5 / QUERIES) * 100).toFixed(0)} %`, ''],
      [`house number mistyped too (fallback to the whole list), 50 queries: p50 / p99`, `${percentile(slow, 50).toFixed(0)} / ${percentile(slow, 99).toFixed(0)} ms`, ''],
      [`  ... right address in top 5`, `${((slowTop5 / 50) * 100).toFixed(0)} %`, ''],
      ['  baseline: exact lookup by id (primary key): p50 / p99', `${percentile(exact, 50).toFixed(2)} / ${percentile(exact, 99).toFixed(2)} ms`, ''],
    ];
    const w = Math.max(...rows.map((r) => r[0].length));
    console.log(`\naddresses bench (embedded PGlite, Node ${process.version}, ${new Date().toISOString().slice(0, 10)})`);
    console.log(`${'what'.padEnd(w)}  ${'measured'.padStart(16)}  target`);
    for (const [what, value, target] of rows) console.log(`${what.padEnd(w)}  ${value.padStart(16)}  ${target}`);
    console.log(`\nexamples: ${queries.slice(0, 3).map((q, i) => `"${q}" -> ${targets[i]!.full}`).join('; ')}`);
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
