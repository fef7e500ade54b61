// Screenshots of every portal page at 1280 and 360 px into /tmp/shots: a developer's tool to look
// at what residents see (`npx tsx scripts/dev/screenshots.mts`), against the demo city in memory.
import { mkdirSync } from 'node:fs';
import { fillQuestionsByMouse, richestService, serviceIn } from '../../e2e/support/flow.js';
import { testPhoto } from '../../e2e/support/png.js';
import { openBrowser, startPortal } from '../../e2e/support/portal.js';

const OUT = process.env.SHOTS_DIR ?? '/tmp/shots';
mkdirSync(OUT, { recursive: true });
const portal = await startPortal({ tiles: 'local' });
const service = await richestService(portal);
const lang = (process.env.SHOTS_LANG ?? 'en') as 'en' | 'es';
const svc = await serviceIn(portal, service.code, lang);
console.log(`service: ${service.code} (${service.questions.map((q) => q.datatype).join(', ')})`);

for (const width of [1280, 360]) {
  const b = await openBrowser({ width, height: width > 400 ? 900 : 780 });
  const { page } = b;
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  const shot = async (name: string) => {
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${OUT}/${lang}-${width}-${name}.png`, fullPage: true });
  };
  await page.goto(`${portal.url}/?lang=${lang}`);
  await shot('01-home');
  await page.goto(`${portal.url}/report`);
  await page.locator('h1').first().waitFor();
  await page.locator('.row button').nth(1).click();
  await page.locator('.leaflet-tile-loaded').first().waitFor();
  const map = (await page.locator('.leaflet-container').boundingBox())!;
  await page.mouse.click(map.x + map.width / 2, map.y + map.height / 2);
  await page.locator('.chosen').waitFor();
  await page.waitForTimeout(500);
  await shot('02-place');
  await page.locator('button[type=submit]').click();
  await page.locator('summary', { hasText: svc.group }).click();
  await shot('03-service');
  await page.locator('button.choice', { hasText: svc.name }).first().click();
  await page.waitForTimeout(800);
  if (await page.locator('.cards').isVisible()) {
    await shot('04-nearby');
    await page.locator('.actions .primary').click();
  }
  await page.locator('form button[type=submit]').click();
  await shot('05-details-errors');
  await fillQuestionsByMouse(page, svc);
  await page.locator('textarea:not([data-question])').fill('Deep hole in the right lane, about a foot across.');
  await page.locator('input[type=file]').setInputFiles({ name: 'p.png', mimeType: 'image/png', buffer: testPhoto() });
  await page.locator('.thumbs img').waitFor();
  await shot('05-details');
  await page.locator('form button[type=submit]').click();
  await page.locator('input[type=email]').fill('rosa@example.net');
  await shot('06-contact');
  await page.locator('form button[type=submit]').click();
  await shot('07-review');
  await page.locator('.actions .primary').click();
  await page.getByTestId('tracking-id').waitFor();
  await shot('08-done');
  const id = await page.getByTestId('tracking-id').textContent();
  await page.goto(`${portal.url}/track/${id}`);
  await page.locator('h1').waitFor();
  await shot('09-track');
  await page.goto(`${portal.url}/track`);
  await shot('10-track-form');
  await page.goto(`${portal.url}/nearby`);
  await page.locator('.cards li').first().waitFor();
  await page.locator('.leaflet-tile-loaded').first().waitFor();
  await shot('11-nearby');
  await page.goto(`${portal.url}/embed`);
  await page.locator('h2').first().waitFor();
  await shot('12-embed');
  await b.close();
}
await portal.close();
process.exit(0);
