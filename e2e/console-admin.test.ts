/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, sql } from '../src/db/sql.js';
import { startReceiver, testConfig, testDispatcher, waitFor } from '../test/notify/support.js';
import { axeViolations } from './support/checks.js';
import { ADMIN, residentPothole, residentRequest, signInConsole, WORKS_STAFF } from './support/console.js';
import { openBrowser, startPortal, type Browser, type Portal } from './support/portal.js';

// The admin's configuration screens in the browser, on the demo city: a routing rule that routes
// the next request, a district layer upload, an API key made and revoked (Open311 refuses it), a
// webhook whose delivery shows in the log, the calendar form; and a department's staff member
// marking a request a duplicate of a nearby one. axe checks each new screen.

let portal: Portal;
let browser: Browser;
const found: Record<string, unknown> = {};

beforeAll(async () => {
  portal = await startPortal({ tiles: 'local' });
  browser = await openBrowser({ width: 1280 });
  await signInConsole(browser.page, portal, ADMIN, '/admin/routing');
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

const axe = async (name: string) => {
  await browser.page.waitForLoadState('networkidle');
  found[name] = await axeViolations(browser.page);
};
const open = async (path: string, heading: string) => {
  await browser.page.goto(`${portal.url}${path}`);
  await browser.page.locator('h1', { hasText: heading }).waitFor();
};
const open311Post = (key: string) =>
  portal.app.inject({
    method: 'POST',
    url: '/open311/v2/requests.json',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ api_key: key, service_code: 'pothole', lat: '0', long: '0', description: 'From an app' }).toString(),
  });

describe('the admin configuration screens', () => {
  it('adds a routing rule, and the next request of that service goes where it says', async () => {
    const { page } = browser;
    const ids = (await one<{ service: number; parks: number; parks_name: string }>(
      portal.handle.db,
      sql`select (select id from services where code = 'shopping_carts') as service, d.id as parks, d.name as parks_name from departments d where d.code = 'parks'`,
    ))!;
    await open('/admin/routing', 'Routing rules');
    await axe('/admin/routing');
    await page.getByLabel('Service').selectOption(String(ids.service));
    await page.getByLabel('Goes to').selectOption(String(ids.parks));
    await page.getByRole('button', { name: 'Save the rule' }).click();
    await page.getByText('Rule saved.').waitFor();
    await page.getByTestId('routing-rules').locator('tr', { hasText: ids.parks_name }).waitFor();
    const publicId = await residentRequest(portal, 'shopping_carts', 'Six carts left by the bus stop');
    await page.goto(`${portal.url}/console/requests/${publicId}`);
    await page.getByRole('heading', { name: new RegExp(publicId) }).waitFor();
    expect(await page.locator('.facts div', { hasText: 'Department' }).locator('dd').textContent()).toBe(ids.parks_name);
  });

  it('uploads a district layer and lists its districts', async () => {
    const { page } = browser;
    const a = (await one<{ lat: number; lng: number }>(portal.handle.db, sql`select ST_Y(location) as lat, ST_X(location) as lng from addresses order by id offset 7 limit 1`))!;
    const square = (name: string, code: string, lat: number, lng: number) => ({
      type: 'Feature',
      properties: { route: name, route_id: code },
      geometry: { type: 'Polygon', coordinates: [[[lng, lat], [lng + 0.01, lat], [lng + 0.01, lat + 0.01], [lng, lat + 0.01], [lng, lat]]] },
    });
    const geojson = { type: 'FeatureCollection', features: [square('Snow route A', 'A', a.lat - 0.005, a.lng - 0.005), square('Snow route B', 'B', a.lat + 0.02, a.lng)] };
    await open('/admin/districts', 'District layers');
    await page.getByLabel('GeoJSON file').setInputFiles({ name: 'snow-routes.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(geojson)) });
    await page.getByText('2 features read').waitFor();
    await page.getByLabel('Layer name').fill('Snow routes');
    await page.getByLabel('Property that names a district').selectOption('route');
    await page.getByLabel('Property that identifies a district (optional)').selectOption('route_id');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByTestId('layer-result').filter({ hasText: 'Loaded 2 districts into Snow routes' }).waitFor();
    await page.getByRole('button', { name: 'Show the districts of Snow routes' }).click();
    await page.locator('#layer-' + String((await one<{ id: number }>(portal.handle.db, sql`select id from district_layers where code = 'snow-routes'`))!.id) + '-districts', { hasText: 'Snow route B' }).waitFor();
    await axe('/admin/districts');
    // The request at that address is now in route A.
    const placed = await one<{ n: number }>(portal.handle.db, sql`select count(*)::int as n from requests r join districts d on d.id = any(r.district_ids) where d.code = 'A'`);
    expect(placed!.n).toBeGreaterThan(0);
  });

  it('creates an API key shown once, then revokes it, and Open311 refuses it', async () => {
    const { page } = browser;
    await open('/admin/keys', 'API keys');
    await page.getByLabel('Who uses it').fill('Neighbourhood app');
    await page.getByLabel('Open311 app: report requests').check();
    await page.getByRole('button', { name: 'Create the key' }).click();
    const key = await page.getByLabel('The new key for Neighbourhood app').inputValue();
    expect(key).toMatch(/^cd_/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied.').waitFor();
    await axe('/admin/keys');
    // The key works: Open311 answers about the request (no such place), not about the key.
    expect((await open311Post(key)).statusCode).not.toBe(403);
    await page.getByRole('button', { name: 'Revoke the key Neighbourhood app' }).click();
    await page.locator('tr[data-key="Neighbourhood app"]', { hasText: 'Revoked' }).waitFor();
    const refused = await open311Post(key);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('api_key');
  });

  it('adds a webhook and shows its delivery in the log', async () => {
    const { page } = browser;
    const receiver = await startReceiver();
    const dispatcher = testDispatcher(portal.handle, testConfig());
    try {
      await open('/admin/webhooks', 'Webhooks');
      const form = page.locator('form[data-webhook="new"]');
      await form.getByLabel('URL').fill(receiver.url);
      await form.getByLabel('Description').fill('Work orders');
      await form.getByLabel('All events').uncheck();
      await form.getByLabel('request.created').check();
      await form.getByRole('button', { name: 'Add the webhook' }).click();
      expect(await page.getByLabel(`The signing secret for ${receiver.url}`).inputValue()).toMatch(/^whsec_/);
      const publicId = await residentPothole(portal, 'For the webhook');
      dispatcher.start();
      await waitFor(() => receiver.calls.some((c) => c.body.includes(publicId)), 20_000, 'the webhook call');
      await page.getByRole('button', { name: 'Refresh' }).click();
      const row = page.getByTestId('deliveries').locator('tr[data-status=delivered]', { hasText: 'request.created' }).first();
      await row.waitFor();
      expect(await row.innerText()).toContain('Work orders');
      await axe('/admin/webhooks');
      // Switched off: it stays listed, marked off.
      const saved = page.locator(`form[data-webhook="${receiver.url}"]`);
      await saved.getByLabel('On (deliver events)').uncheck();
      await saved.getByRole('button', { name: 'Save' }).click();
      await saved.getByRole('heading', { name: /off/ }).waitFor();
    } finally {
      await dispatcher.stop();
      await receiver.close();
    }
  });

  it('edits the business calendar through the form', async () => {
    const { page } = browser;
    await open('/admin/calendar', 'Business calendar');
    await page.getByRole('button', { name: 'Add hours on Saturday' }).click();
    await page.getByLabel('Saturday 1: Opens').fill('09:00');
    await page.getByLabel('Saturday 1: Closes').fill('12:00');
    await page.getByRole('button', { name: 'Add hours on Saturday' }).click();
    await page.getByLabel('Saturday 2: Opens').fill('13:00');
    await page.getByLabel('Saturday 2: Closes').fill('15:30');
    await page.getByLabel('New holiday').fill('2026-12-31');
    await page.getByRole('button', { name: 'Add the holiday' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    await axe('/admin/calendar');
    const cal = (await one<{ value: { hours: Record<string, string[][]>; holidays: string[] } }>(portal.handle.db, sql`select value from settings where key = 'calendar'`))!.value;
    expect(cal.hours.sat).toEqual([['09:00', '12:00'], ['13:00', '15:30']]);
    expect(cal.holidays).toContain('2026-12-31');
    const audit = await one<{ n: number }>(portal.handle.db, sql`select count(*)::int as n from audit_log where action in ('calendar.update', 'routing_rule.save', 'district_layer.import', 'api_key.create', 'api_key.revoke', 'webhook.create', 'webhook.update')`);
    expect(audit!.n).toBe(7);
  });

  it('previews the e-mails in English and Spanish', async () => {
    const { page } = browser;
    await open('/admin/email', 'E-mail templates');
    await page.getByTestId('mail-preview').filter({ hasText: 'We received your request 26-000123' }).waitFor();
    await page.getByLabel('Language of the e-mail').selectOption('es');
    await page.getByLabel('Message').selectOption('closed');
    await page.getByTestId('mail-preview').filter({ hasText: 'Reparado con asfalto en frío.' }).waitFor();
    await axe('/admin/email');
  });
});

describe('duplicates in the request detail', () => {
  it("lets a department's staff mark a request a duplicate of a nearby one; reopening undoes it", async () => {
    const original = await residentPothole(portal, 'The first report of the hole');
    const repeat = await residentPothole(portal, 'The same hole again');
    const b = await openBrowser({ width: 1280 });
    try {
      const { page } = b;
      await signInConsole(page, portal, WORKS_STAFF, `/console/requests/${repeat}`);
      await page.getByRole('heading', { name: new RegExp(repeat) }).waitFor();
      const candidate = page.locator(`label[data-candidate="${original}"]`);
      await candidate.waitFor();
      expect(await page.locator(`label[data-candidate="${repeat}"]`).count()).toBe(0);
      // Found by its tracking number as well.
      await page.getByLabel('Or the original’s tracking number').fill(original);
      await page.getByRole('button', { name: 'Find', exact: true }).click();
      await expect.poll(() => candidate.locator('input').isChecked()).toBe(true);
      found['detail with duplicates'] = await axeViolations(page);
      await page.getByLabel('Note (optional)').fill('Same hole, reported twice');
      await page.getByRole('button', { name: 'Mark as duplicate' }).click();
      const closed = page.locator('li[data-event=closed]');
      await closed.waitFor();
      expect(await closed.innerText()).toContain(`Duplicate of ${original}`);
      const row = await one<{ status: string; close_reason: string; parent: string }>(
        portal.handle.db,
        sql`select r.status, r.close_reason, p.public_id as parent from requests r join requests p on p.id = r.duplicate_of_id where r.public_id = ${repeat}`,
      );
      expect(row).toEqual({ status: 'closed', close_reason: 'duplicate', parent: original });
      // The original's timeline says so; reopening the duplicate undoes it.
      await page.getByRole('link', { name: original }).click();
      await page.locator('li[data-event=duplicate_added]', { hasText: repeat }).waitFor();
      await page.goto(`${portal.url}/console/requests/${repeat}`);
      await page.getByRole('button', { name: 'Reopen' }).click();
      await page.locator('li[data-event=reopened]').waitFor();
      expect((await one<{ duplicate_of_id: number | null }>(portal.handle.db, sql`select duplicate_of_id from requests where public_id = ${repeat}`))!.duplicate_of_id).toBeNull();
    } finally {
      await b.close();
    }
    expect(Object.fromEntries(Object.entries(found).filter(([, v]) => (v as unknown[]).length))).toEqual({});
  });
});
