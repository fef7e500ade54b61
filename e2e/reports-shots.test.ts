import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { one, sql } from '../src/db/sql.js';
import { signInConsole } from './support/console.js';
import { openBrowser, startPortal, type Portal } from './support/portal.js';
import { buildReportData, RANGE, type ReportData } from './support/report-data.js';

// Screenshots of every report screen and the public performance page at 1280 and 360 px and in print,
// for a person to look at: CONSOLE_SHOTS=1 npx vitest run e2e/reports-shots.test.ts  -> /tmp/shots/reports/

const OUT = '/tmp/shots/reports';
const MANAGER = 'manager@alderbrook.example.gov';
let portal: Portal;
let data: ReportData;

describe('report screenshots', () => {
  beforeAll(async () => {
    portal = await startPortal({ tiles: 'local' });
    data = await buildReportData(portal, MANAGER);
    mkdirSync(OUT, { recursive: true });
  }, 300_000);
  afterAll(async () => {
    await portal?.close();
  });

  it('shoots every report at both widths and in print', async () => {
    const range = `from=${RANGE.from}&to=${RANGE.to}`;
    const { token } = (await one<{ token: string }>(portal.handle.db, sql`select token from requests where public_id = ${data.publicIds[4]!}`))!;
    const pages: Array<[string, string]> = [
      ['ytd', `/console/reports/ytd?${range}`],
      ['channels', `/console/reports/channels?${range}`],
      ['performance', `/console/reports/performance?${range}&department=${data.departments.streets}`],
      ['trends', `/console/reports/trends?from=2019-01-01&to=2019-12-31&grain=week`],
      ['heatmap', `/console/reports/heatmap?${range}&cell=0.0025`],
      ['cost-split', `/console/reports/cost-split?from=2019-01-01&to=2019-12-31`],
      ['surveys', `/console/reports/surveys?${range}`],
      ['demo-trends', `/console/reports/trends`],
      ['demo-heatmap', `/console/reports/heatmap?from=2025-01-01`],
    ];
    for (const width of [1280, 360]) {
      const b = await openBrowser({ width, height: width === 360 ? 780 : 900 });
      try {
        const { page } = b;
        await signInConsole(page, portal, MANAGER);
        for (const [name, path] of pages) {
          await page.goto(`${portal.url}${path}`);
          await page.locator('.report-body').waitFor();
          await page.waitForLoadState('networkidle');
          await page.waitForTimeout(300);
          await page.screenshot({ path: `${OUT}/${name}-${width}.png`, fullPage: true });
          if (width === 1280 && !name.startsWith('demo')) {
            await page.emulateMedia({ media: 'print' });
            await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
            await page.waitForTimeout(400);
            await page.screenshot({ path: `${OUT}/${name}-print.png`, fullPage: true });
            await page.pdf?.({ path: `${OUT}/${name}.pdf`, format: 'A4' }).catch(() => undefined);
            await page.emulateMedia({ media: 'screen' });
            await page.setViewportSize({ width, height: 900 });
          }
        }
        await page.getByRole('button', { name: 'Español' }).click();
        await page.goto(`${portal.url}/console/reports/performance?${range}`);
        await page.locator('.report-body').waitFor();
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: `${OUT}/performance-es-${width}.png`, fullPage: true });
        await page.goto(`${portal.url}/performance`);
        await page.getByTestId('public-figures').waitFor();
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: `${OUT}/public-es-${width}.png`, fullPage: true });
        await page.goto(`${portal.url}/survey/${token}`);
        await page.locator('form').waitFor();
        await page.screenshot({ path: `${OUT}/survey-es-${width}.png`, fullPage: true });
        await page.goto(`${portal.url}/performance`);
        await page.getByRole('button', { name: 'English' }).click();
        await page.getByRole('heading', { name: 'How the city is doing' }).waitFor();
        await page.waitForTimeout(300);
        await page.screenshot({ path: `${OUT}/public-${width}.png`, fullPage: true });
      } finally {
        await b.close();
      }
    }
  }, 300_000);
});
