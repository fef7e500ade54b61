import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, sql } from '../src/db/sql.js';
import { afterService, draftPlace, expectClose, fillQuestionsByKeyboard, fillQuestionsByMouse, heading, plannedAnswers, richestService, tabTo, type ServiceDef } from './support/flow.js';
import { testPhoto } from './support/png.js';
import { openBrowser, startPortal, type Portal } from './support/portal.js';

// The whole report flow in the browser, once with the map and the mouse, once with the keyboard
// only and no map (tiles failing), against the demo city.

let portal: Portal;
let service: ServiceDef;

beforeAll(async () => {
  portal = await startPortal({ tiles: 'local' });
  service = await richestService(portal);
});
afterAll(async () => {
  await portal?.close();
});

async function stored(publicId: string) {
  return (await one<{ code: string; answers: Record<string, unknown>; channel: string; lat: number | null; lng: number | null; address: string | null; address_id: string | null; photos: number; email: string | null; locale: string }>(
    portal.handle.db,
    sql`select s.code, r.answers, r.channel, ST_Y(r.location) as lat, ST_X(r.location) as lng, r.address, r.address_id, r.locale,
               (select count(*)::int from media m where m.request_id = r.id and m.kind = 'photo') as photos, p.email
        from requests r join services s on s.id = r.service_id left join residents p on p.id = r.reporter_id
        where r.public_id = ${publicId}`,
  ))!;
}

describe('the report flow', () => {
  it('works with the map and the mouse', async () => {
    const b = await openBrowser({ width: 1280 });
    try {
      const { page } = b;
      await page.goto(`${portal.url}/`);
      await page.getByRole('link', { name: 'Report a problem' }).first().click();
      await heading(page, 'Where is it?');
      await page.getByRole('button', { name: 'Choose on a map' }).click();
      const map = page.locator('.leaflet-container');
      await map.waitFor();
      await page.locator('.leaflet-tile-loaded').first().waitFor();
      const box = (await map.boundingBox())!;
      await page.mouse.click(box.x + box.width / 2 + 40, box.y + box.height / 2 - 25);
      await page.locator('.chosen').filter({ hasNotText: 'pinned on the map' }).waitFor();
      const place = await draftPlace(page);
      expect(place.lat).toBeTypeOf('number');
      await page.getByRole('button', { name: 'Continue' }).click();

      await heading(page, 'What is the problem?');
      await page.locator('summary', { hasText: service.group }).click();
      await page.locator('button.choice', { hasText: service.name }).first().click();
      if ((await afterService(page, 'Already reported nearby?', 'Tell us more')) === 'nearby') {
        await page.getByRole('button', { name: /None of these/ }).click();
      }
      await heading(page, 'Tell us more');
      await fillQuestionsByMouse(page, service);
      await page.getByLabel('Description').fill('Deep hole near the crossing');
      await page.locator('input[type=file]').setInputFiles({ name: 'hole.png', mimeType: 'image/png', buffer: testPhoto() });
      await page.locator('.thumbs img').waitFor();
      await page.getByRole('button', { name: 'Continue' }).click();

      await heading(page, 'How can we reach you?');
      await page.getByLabel(/^Name/).fill('Rosa Vecina');
      await page.getByLabel(/^E-mail/).fill('rosa@example.net');
      await page.getByRole('button', { name: 'Continue' }).click();

      await heading(page, 'Check and send');
      await page.getByRole('button', { name: 'Send the report' }).click();
      const id = await page.getByTestId('tracking-id').textContent({ timeout: 20_000 });
      expect(id).toMatch(/^\d{2}-\d{6}$/);
      await expect(page.getByText('What happens next').isVisible()).resolves.toBe(true);

      const r = await stored(id!);
      expect(r.code).toBe(service.code);
      expect(r.channel).toBe('web');
      expect(r.answers).toEqual(plannedAnswers(service).stored);
      expectClose(r.lat!, place.lat!);
      expectClose(r.lng!, place.lng!);
      expect(r.address).toBeTruthy();
      expect(r.photos).toBe(1);
      expect(r.email).toBe('rosa@example.net');
      // The finished report is no longer a draft.
      expect(await page.evaluate(() => localStorage.getItem('civicdesk.draft'))).toBeNull();
    } finally {
      await b.close();
    }
  });

  it('works with the keyboard only and no map', async () => {
    const service = await richestService(portal, 'datetime');
    const address = (await one<{ full_address: string; id: string; lat: number; lng: number }>(portal.handle.db, sql`select id, full_address, ST_Y(location) as lat, ST_X(location) as lng from addresses order by id limit 1`))!;
    const b = await openBrowser({ width: 360, height: 780 });
    try {
      const { page } = b;
      // Tiles would fail here too: this run never opens the map.
      await page.route('**/*.png', (route) => (route.request().url().includes('/assets/') ? route.continue() : route.abort()));
      await page.goto(`${portal.url}/report`);
      await heading(page, 'Where is it?');
      await tabTo(page, 'input[role=combobox]');
      await page.keyboard.type(address.full_address.slice(0, 12), { delay: 20 });
      await page.locator('[role=option]').first().waitFor();
      const options = await page.locator('[role=option]').allTextContents();
      const index = options.indexOf(address.full_address);
      expect(index).toBeGreaterThanOrEqual(0);
      for (let i = 0; i <= index; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.locator('.chosen', { hasText: address.full_address }).waitFor();
      await tabTo(page, 'button[type=submit]', 'Continue');
      await page.keyboard.press('Enter');

      await heading(page, 'What is the problem?');
      await tabTo(page, 'input[type=search]');
      await page.keyboard.type(service.name);
      await tabTo(page, 'button.choice', service.name);
      await page.keyboard.press('Enter');
      if ((await afterService(page, 'Already reported nearby?', 'Tell us more')) === 'nearby') {
        await tabTo(page, 'button', 'None of these');
        await page.keyboard.press('Enter');
      }
      await heading(page, 'Tell us more');
      await fillQuestionsByKeyboard(page, service);
      await tabTo(page, 'textarea:not([data-question])');
      await page.keyboard.type('Hole in the crosswalk');
      await tabTo(page, 'input[type=file]');
      const chooser = page.waitForEvent('filechooser');
      await page.keyboard.press('Space');
      await (await chooser).setFiles({ name: 'hole.png', mimeType: 'image/png', buffer: testPhoto() });
      await page.locator('.thumbs img').waitFor();
      await tabTo(page, 'button[type=submit]', 'Continue');
      await page.keyboard.press('Enter');

      await heading(page, 'How can we reach you?');
      await tabTo(page, 'input[type=checkbox]');
      await page.keyboard.press('Space'); // anonymous
      await tabTo(page, 'button[type=submit]', 'Continue');
      await page.keyboard.press('Enter');

      await heading(page, 'Check and send');
      await tabTo(page, 'button', 'Send the report');
      await page.keyboard.press('Enter');
      const id = await page.getByTestId('tracking-id').textContent({ timeout: 20_000 });
      expect(id).toMatch(/^\d{2}-\d{6}$/);

      const r = await stored(id!);
      expect(r.code).toBe(service.code);
      expect(r.channel).toBe('web');
      expect(r.answers).toEqual(plannedAnswers(service).stored);
      expect(r.address).toBe(address.full_address);
      expect(r.address_id).toBe(address.id);
      expectClose(r.lat!, Number(address.lat));
      expectClose(r.lng!, Number(address.lng));
      expect(r.photos).toBe(1);
      expect(r.email).toBeNull();
    } finally {
      await b.close();
    }
  });
});

describe('when the connection drops', () => {
  it('keeps the unfinished report, and the app still opens offline', async () => {
    const b = await openBrowser({ width: 360, height: 780 });
    try {
      const { page, context } = b;
      await page.goto(`${portal.url}/report`);
      await heading(page, 'Where is it?');
      // The service worker has cached the app's shell once it controls the page.
      await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller), undefined, { timeout: 20_000 });
      await page.getByRole('combobox', { name: 'Address or place' }).fill('Behind the library');
      await page.getByRole('button', { name: 'Continue' }).click();
      await heading(page, 'What is the problem?');
      await page.locator('summary', { hasText: service.group }).click();
      await page.locator('button.choice', { hasText: service.name }).first().click();
      await heading(page, 'Tell us more');
      await fillQuestionsByMouse(page, service);
      await page.getByLabel('Description').fill('Left on the corner since Monday');
      await page.getByRole('button', { name: 'Continue' }).click();
      await heading(page, 'How can we reach you?');
      await page.getByRole('button', { name: 'Continue' }).click();
      await heading(page, 'Check and send');

      await context.setOffline(true);
      await page.getByRole('button', { name: 'Send the report' }).click();
      await page.getByText('Your report is saved on this device').waitFor();
      // Closing the page and coming back without a connection: the shell and the draft are there.
      await page.reload();
      await page.getByText('We restored the report you had started.').waitFor();
      await heading(page, 'Check and send');
      expect(await page.getByText('Left on the corner since Monday').count()).toBe(1);

      await context.setOffline(false);
      await page.getByRole('button', { name: 'Send the report' }).click();
      const id = await page.getByTestId('tracking-id').textContent({ timeout: 20_000 });
      expect((await stored(id!)).code).toBe(service.code);
    } finally {
      await b.close();
    }
  }, 120_000);

  it('sends the report once when the first answer is lost and the resident presses Send again', async () => {
    const b = await openBrowser({ width: 1280 });
    try {
      const { page } = b;
      const description = `Lost answer ${Date.now()}`;
      const keys: Array<string | undefined> = [];
      let lost = false;
      await page.route('**/api/portal/reports', async (route) => {
        keys.push(route.request().headers()['idempotency-key']);
        if (lost) return route.continue();
        // The request reaches the server and is stored; its answer never reaches the page.
        lost = true;
        await route.fetch();
        await route.abort('connectionreset');
      });
      await page.goto(`${portal.url}/report`);
      await heading(page, 'Where is it?');
      await page.getByRole('combobox', { name: 'Address or place' }).fill('Behind the library');
      await page.getByRole('button', { name: 'Continue' }).click();
      await heading(page, 'What is the problem?');
      await page.locator('summary', { hasText: service.group }).click();
      await page.locator('button.choice', { hasText: service.name }).first().click();
      await heading(page, 'Tell us more');
      await fillQuestionsByMouse(page, service);
      await page.getByLabel('Description').fill(description);
      await page.getByRole('button', { name: 'Continue' }).click();
      await heading(page, 'How can we reach you?');
      await page.getByRole('button', { name: 'Continue' }).click();
      await heading(page, 'Check and send');

      await page.getByRole('button', { name: 'Send the report' }).click();
      await page.getByText('Your report is saved on this device').waitFor();
      const count = async () => (await one<{ n: number }>(portal.handle.db, sql`select count(*)::int as n from requests where description = ${description}`))!.n;
      expect(await count()).toBe(1);

      await page.getByRole('button', { name: 'Send the report' }).click();
      const id = await page.getByTestId('tracking-id').textContent({ timeout: 20_000 });
      expect(keys).toHaveLength(2);
      expect(keys[0]).toMatch(/^[\x21-\x7e]{8,200}$/);
      expect(keys[1]).toBe(keys[0]);
      expect(await count()).toBe(1);
      const first = (await one<{ public_id: string }>(portal.handle.db, sql`select public_id from requests where description = ${description}`))!;
      expect(id).toBe(first.public_id);

      // The next report is a new draft, with a new key.
      await page.getByRole('button', { name: 'Report another problem' }).click();
      await heading(page, 'Where is it?');
      await page.getByRole('combobox', { name: 'Address or place' }).fill('Somewhere else');
      const next = await page.evaluate(() => (JSON.parse(localStorage.getItem('civicdesk.draft') ?? '{}') as { submissionKey?: string }).submissionKey);
      expect(next).toBeTruthy();
      expect(next).not.toBe(keys[0]);
    } finally {
      await b.close();
    }
  }, 120_000);
});
