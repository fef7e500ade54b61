// The portal's first load: compressed JavaScript sent (budget 250 KB) and time to interactive on
// localhost (budget 1.5 s), cold (fresh browser profile each run) for the home page and the report
// form. Run: `npx tsx bench/portal.ts` (builds nothing: run `npm run build` first).
import { openBrowser, startPortal } from '../e2e/support/portal.js';

const RUNS = Number(process.env.RUNS ?? 7);
const PAGES = [
  { path: '/', ready: 'main h1' },
  { path: '/report', ready: 'input[role=combobox]' },
  { path: '/track', ready: 'main h1' },
];

const portal = await startPortal({ tiles: 'failing' });
const rows: Array<{ page: string; jsGz: number; jsRaw: number; requests: number; tti: number[]; dcl: number[] }> = [];

for (const p of PAGES) {
  const row = { page: p.path, jsGz: 0, jsRaw: 0, requests: 0, tti: [] as number[], dcl: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    const b = await openBrowser({ width: 360, height: 780 });
    const js: Array<Promise<{ wire: number; raw: number }>> = [];
    b.page.on('response', (res) => {
      if (res.request().resourceType() !== 'script') return;
      js.push(
        (async () => {
          const sizes = await res.request().sizes();
          const body = await res.body();
          return { wire: sizes.responseBodySize, raw: body.length };
        })(),
      );
    });
    await b.page.goto(`${portal.url}${p.path}`);
    // Interactive: the app rendered its first screen and React answers input on it.
    await b.page.locator(p.ready).first().waitFor();
    const timing = await b.page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { tti: performance.now(), dcl: nav.domContentLoadedEventEnd };
    });
    await b.page.waitForLoadState('networkidle');
    const sizes = await Promise.all(js);
    if (i === 0) {
      row.jsGz = sizes.reduce((s, x) => s + x.wire, 0);
      row.jsRaw = sizes.reduce((s, x) => s + x.raw, 0);
      row.requests = sizes.length;
    }
    row.tti.push(timing.tti);
    row.dcl.push(timing.dcl);
    await b.close();
  }
  rows.push(row);
}
await portal.close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => (n / 1024).toFixed(1);
console.log(`\nPortal first load, cold, Chromium at 360 px, localhost, ${RUNS} runs each (median; p-max in brackets)\n`);
console.log('| page | JS files | JS sent (compressed) | JS unpacked | DOMContentLoaded | time to interactive | budget |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  const ok = r.jsGz < 250 * 1024 && median(r.tti) < 1500;
  console.log(
    `| ${r.page} | ${r.requests} | ${kb(r.jsGz)} KB | ${kb(r.jsRaw)} KB | ${median(r.dcl).toFixed(0)} ms | ${median(r.tti).toFixed(0)} ms (${Math.max(...r.tti).toFixed(0)}) | ${ok ? 'within' : 'OVER'} (250 KB, 1500 ms) |`,
  );
}
process.exit(0);
