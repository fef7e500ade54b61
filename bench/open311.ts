// Open311 figures on the demo city (about 24,000 requests): run with
//   npx tsx bench/open311.ts               (embedded database, in memory)
//   DATABASE_URL=postgres://... npx tsx bench/open311.ts   (an empty database on a server)
// Prints the time of each call (median and worst of several runs) and the size of its answer.
import { createApiKey } from '../src/app/create-api-key.js';
import { loadConfig } from '../src/config.js';
import { connect } from '../src/db/connect.js';
import { makeDeps } from '../src/db/deps.js';
import { migrate } from '../src/db/migrate.js';
import { seedDemo } from '../src/demo/seed.js';
import { SYSTEM } from '../src/domain/actor.js';
import { buildApp } from '../src/server/app.js';

const RUNS = 7;
const handle = await connect({ databaseUrl: process.env.DATABASE_URL || undefined });
await migrate(handle);
const t0 = performance.now();
const seeded = await seedDemo(handle);
console.log(`demo city ${seeded ? `seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s` : 'already there'} (${handle.kind})`);
const deps = makeDeps(handle);
const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', CIVICDESK_DATA_DIR: '/nonexistent' }), handle, deps, ready: () => true }, { open311Limits: { readsPerMinute: 1e6, writesPerMinute: 1e6 } });
await app.ready();
const { key } = await createApiKey(deps, SYSTEM, { name: 'bench' });
// A report as an app would make it: the first service, its required questions answered.
const code = ((await app.inject('/open311/v2/services.json')).json() as Array<{ service_code: string }>)[0]!.service_code;
type Attr = { code: string; datatype: string; required: boolean; variable: boolean; values: Array<{ key: string }> };
const attrs = ((await app.inject(`/open311/v2/services/${code}.json`)).json() as { attributes: Attr[] }).attributes;
const answers = Object.fromEntries(
  attrs
    .filter((a) => a.required && a.variable)
    .map((a) => [`attribute[${a.code}]`, a.values[0]?.key ?? (a.datatype === 'number' ? '1' : a.datatype === 'datetime' ? new Date().toISOString() : 'bench')]),
);

async function time(label: string, call: () => Promise<{ statusCode: number; body: string }>) {
  const ms: number[] = [];
  let bytes = 0;
  let items = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const res = await call();
    ms.push(performance.now() - start);
    if (res.statusCode >= 400) throw new Error(`${label}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    bytes = res.body.length;
    items = res.body.startsWith('[') ? (JSON.parse(res.body) as unknown[]).length : (res.body.match(/<request>/g) ?? []).length;
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(58)} median ${ms[RUNS >> 1]!.toFixed(0).padStart(5)} ms  worst ${ms[RUNS - 1]!.toFixed(0).padStart(5)} ms  ${items} items, ${(bytes / 1024).toFixed(0)} KiB`);
}

const get = (url: string) => () => app.inject(url);
await time('GET services.json', get('/open311/v2/services.json'));
await time('GET requests.json (last 90 days, up to 1000)', get('/open311/v2/requests.json'));
await time('GET requests.xml (last 90 days, up to 1000)', get('/open311/v2/requests.xml'));
await time('GET requests.json?extensions=true (1000, with notes)', get('/open311/v2/requests.json?extensions=true'));
await time('GET requests.json?status=open&page_size=100', get('/open311/v2/requests.json?status=open&page_size=100'));
await time('GET requests.json?bbox=(a quarter of the city)', get('/open311/v2/requests.json?bbox=-117.70,34.02,-117.62,34.08'));
await time('GET servicerequestupdates.json (last 90 days, up to 1000)', get('/open311/v2/servicerequestupdates.json'));
await time(`POST requests.json (${code}, form-encoded)`, () =>
  app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ api_key: key, service_code: code, lat: '34.06', long: '-117.62', description: 'bench', ...answers }).toString() }),
);
await app.close();
await handle.close();
