/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, rows, sql } from '../src/db/sql.js';
import { axeViolations } from './support/checks.js';
import { ADMIN, apiSession, CALL_TAKER, PARKS_STAFF, residentPothole, signInConsole, staffName, WORKS_STAFF } from './support/console.js';
import { fillQuestionsByMouse, serviceIn, tabTo } from './support/flow.js';
import { testPhoto } from './support/png.js';
import { openBrowser, startPortal, type Portal } from './support/portal.js';

// The staff console in the browser, on the demo city: a phone request from intake to close,
// department scope, the admin's new service, the stale-edit conflict, axe and the keyboard.

let portal: Portal;

beforeAll(async () => {
  portal = await startPortal({ tiles: 'local' });
});
afterAll(async () => {
  await portal?.close();
});

describe('the staff console', () => {
  it('takes a phone request that the right department acknowledges, comments on and closes, with who and when in the timeline', async () => {
    const address = (await one<{ full_address: string }>(portal.handle.db, sql`select full_address from addresses order by id offset 3 limit 1`))!.full_address;
    const pothole = await serviceIn(portal, 'pothole', 'en');
    const desk = await openBrowser({ width: 1280 });
    let publicId: string;
    try {
      const { page } = desk;
      await signInConsole(page, portal, CALL_TAKER);
      await page.getByRole('link', { name: 'Take a request' }).click();
      await page.getByRole('heading', { name: 'Take a request' }).waitFor();
      expect(await page.getByRole('radio', { name: 'Phone' }).isChecked()).toBe(true);
      await page.locator('#caller-phone').fill('(909) 555-0199');
      await page.getByRole('button', { name: 'Find the caller' }).click();
      await page.getByText('No one on file with that phone or e-mail').waitFor();
      await page.locator('#caller-name').fill('Rosa Caller');
      await page.locator('input[role=combobox]').pressSequentially(address.slice(0, 10), { delay: 20 });
      await page.locator('[role=option]', { hasText: address }).first().click();
      await page.getByRole('heading', { name: 'Open requests near this address' }).waitFor();
      await page.locator('#service-search').fill('pothole');
      await page.locator('#service-search').press('Enter');
      await page.getByTestId('kb-answer').waitFor();
      expect(await page.getByTestId('kb-answer').textContent()).toContain('patches potholes');
      await fillQuestionsByMouse(page, pothole);
      await page.locator('#intake-description').fill('Caller says the hole is in the bike lane');
      await page.locator('#intake-description').press('Control+Enter');
      publicId = (await page.getByTestId('tracking-id').textContent({ timeout: 20_000 }))!.trim();
      expect(publicId).toMatch(/^\d{2}-\d{6}$/);
    } finally {
      await desk.close();
    }
    const stored = (await one<{ channel: string; dept: string; phone: string; name: string }>(
      portal.handle.db,
      sql`select r.channel, d.code as dept, p.phone, p.name from requests r join departments d on d.id = r.department_id join residents p on p.id = r.reporter_id where r.public_id = ${publicId}`,
    ))!;
    expect(stored).toEqual({ channel: 'phone', dept: 'public_works', phone: '(909) 555-0199', name: 'Rosa Caller' });

    const crew = await openBrowser({ width: 1280 });
    try {
      const { page } = crew;
      await signInConsole(page, portal, WORKS_STAFF);
      await page.locator(`tr[data-request="${publicId}"]`).waitFor();
      await page.getByRole('link', { name: publicId }).click();
      await page.getByRole('heading', { name: new RegExp(publicId) }).waitFor();
      await page.getByRole('button', { name: 'Acknowledge' }).click();
      await page.locator('li[data-event=acknowledged]').waitFor();
      await page.getByRole('textbox', { name: 'Comment' }).fill('Crew 3 to check on Tuesday');
      await page.getByRole('button', { name: 'Post comment' }).click();
      await page.locator('li[data-event=comment_added]', { hasText: 'Crew 3' }).waitFor();
      await page.getByLabel('Public (the resident reads it)').check();
      await page.getByRole('textbox', { name: 'Comment' }).fill('A crew will patch this hole this week.');
      await page.getByRole('button', { name: 'Post comment' }).click();
      await page.locator('li[data-event=comment_added]', { hasText: 'patch this hole' }).waitFor();
      await page.getByLabel('Reason').selectOption('resolved');
      await page.getByLabel('Resolution (the resident reads this)').fill('Patched with cold mix');
      await page.getByLabel('Photo of the fix (optional)').setInputFiles({ name: 'fixed.png', mimeType: 'image/png', buffer: testPhoto() });
      await page.getByRole('button', { name: 'Close', exact: true }).click();
      await page.locator('li[data-event=closed]').waitFor();
      await page.getByTestId('photos').locator('img').waitFor();
      const who = await staffName(portal, WORKS_STAFF);
      const caller = await staffName(portal, CALL_TAKER);
      const timeline = await page.locator('.console-timeline li').evaluateAll((lis) => lis.map((li) => ({ type: li.getAttribute('data-event'), text: (li as HTMLElement).innerText })));
      expect(timeline.map((e) => e.type)).toEqual(['created', 'acknowledged', 'comment_added', 'comment_added', 'media_added', 'closed']);
      expect(timeline[0]!.text).toContain(caller);
      for (const e of timeline.slice(1)) expect(e.text).toContain(who);
      for (const e of timeline) expect(e.text).toMatch(/\d{1,2}:\d{2}\s?[AP]M/);
      expect(timeline[2]!.text).toContain('internal');
      expect(timeline[3]!.text).toContain('public');
    } finally {
      await crew.close();
    }
    const events = await rows<{ type: string; actor_name: string; public: boolean }>(portal.handle.db, sql`select e.type, e.actor_name, e.public from request_events e join requests r on r.id = e.request_id where r.public_id = ${publicId} order by e.id`);
    expect(events.map((e) => [e.type, e.public])).toEqual([['created', true], ['acknowledged', true], ['comment_added', false], ['comment_added', true], ['media_added', true], ['closed', true]]);
    // The resident sees the fix's photo on the public tracking page's data.
    const tracked = (await portal.app.inject(`/api/track/${publicId}`)).json();
    expect(tracked.photos.length).toBeGreaterThanOrEqual(1);
  });

  it("shows a department's staff nothing of another department's requests", async () => {
    const publicId = await residentPothole(portal, 'Not for parks');
    const b = await openBrowser({ width: 1280 });
    try {
      const { page } = b;
      await signInConsole(page, portal, PARKS_STAFF);
      await page.locator('table.queue, .card').first().waitFor();
      expect(await page.locator(`tr[data-request="${publicId}"]`).count()).toBe(0);
      await page.goto(`${portal.url}/console/requests/${publicId}`);
      await page.getByText('You cannot see this request.').waitFor();
      // The API says the same.
      const headers = await apiSession(portal, PARKS_STAFF);
      expect((await portal.app.inject({ url: `/api/requests/${publicId}`, headers })).statusCode).toBe(403);
      expect((await portal.app.inject({ method: 'POST', url: `/api/requests/${publicId}/acknowledge`, headers, payload: {} })).statusCode).toBe(403);
    } finally {
      await b.close();
    }
  });

  it('lets an admin create a service with three kinds of question and Spanish, live at once for residents', async () => {
    const b = await openBrowser({ width: 1280 });
    try {
      const { page } = b;
      await signInConsole(page, portal, ADMIN, '/admin/services');
      await page.getByRole('link', { name: 'New service' }).click();
      await page.getByRole('heading', { name: 'New service' }).waitFor();
      await page.locator('#svc-code').fill('bus-shelter');
      await page.locator('#svc-name').fill('Damaged bus shelter');
      await page.locator('#svc-group').fill('Streets');
      await page.locator('#svc-name-es').fill('Parada de autobús dañada');
      await page.locator('#svc-group-es').fill('Calles');
      await page.locator('#svc-kb').fill('Transit repairs shelters within a week.');
      const questions: Array<[string, string, string, string, string?, string?]> = [
        ['panels', 'number', 'How many glass panels are broken?', '¿Cuántos paneles de vidrio están rotos?'],
        ['seen', 'datetime', 'When did you notice it?', '¿Cuándo lo notó?'],
        ['damage', 'multivaluelist', 'What is damaged?', '¿Qué está dañado?', 'glass=Glass\nbench=Bench\nroof=Roof', 'glass=Vidrio\nbench=Banco\nroof=Techo'],
      ];
      for (const [i, [code, type, text, es, values, valuesEs]] of questions.entries()) {
        await page.getByRole('button', { name: 'Add a question' }).click();
        await page.locator(`#q${i}-code`).fill(code);
        await page.locator(`#q${i}-type`).selectOption(type);
        await page.locator(`#q${i}-text`).fill(text);
        await page.locator(`#q${i}-text-es`).fill(es);
        if (values) {
          await page.locator(`#q${i}-values`).fill(values);
          await page.locator(`#q${i}-values-es`).fill(valuesEs!);
        }
      }
      await page.getByRole('button', { name: 'Save' }).click();
      await page.locator('h1', { hasText: 'Damaged bus shelter' }).or(page.locator('.error-box')).first().waitFor();
      expect(await page.locator('.error-box').count(), await page.locator('.error-box').allInnerTexts().then((x) => x.join())).toBe(0);
      // The portal's own API, from the resident's side (no session), in Spanish.
      const es = await page.evaluate(() => fetch('/api/services/bus-shelter?locale=es', { credentials: 'omit' }).then((r) => r.json()));
      expect(es.name).toBe('Parada de autobús dañada');
      expect(es.questions.map((q: { datatype: string }) => q.datatype)).toEqual(['number', 'datetime', 'multivaluelist']);
      expect(es.questions[2].values.map((v: { name: string }) => v.name)).toEqual(['Vidrio', 'Banco', 'Techo']);
      const audit = await one<{ action: string; actor_name: string }>(portal.handle.db, sql`select action, actor_name from audit_log where entity_id = 'bus-shelter'`);
      expect(audit).toEqual({ action: 'service.create', actor_name: await staffName(portal, ADMIN) });
      // And Open311 GeoReport v2 serves its definition at once.
      const o311 = (await portal.app.inject('/open311/v2/services/bus-shelter.json')).json();
      expect(o311.attributes.map((a: { code: string; datatype: string }) => [a.code, a.datatype])).toEqual([['panels', 'number'], ['seen', 'datetime'], ['damage', 'multivaluelist']]);
      // And the residents' portal lists it at once.
      await page.goto(`${portal.url}/report?lang=es`);
      const listed = await page.evaluate(() => fetch('/api/services?locale=es').then((r) => r.json()));
      expect(listed.map((s: { code: string }) => s.code)).toContain('bus-shelter');
    } finally {
      await b.close();
    }
  });

  it('shows a stale edit clearly and keeps what was typed', async () => {
    const publicId = await residentPothole(portal, 'Two people at once');
    const b = await openBrowser({ width: 1280 });
    try {
      const { page } = b;
      await signInConsole(page, portal, WORKS_STAFF, `/console/requests/${publicId}`);
      await page.getByRole('heading', { name: new RegExp(publicId) }).waitFor();
      // Someone else changes the request after this page loaded.
      const other = await apiSession(portal, 'marisol.ortega@alderbrook.example.gov');
      expect((await portal.app.inject({ method: 'POST', url: `/api/requests/${publicId}/priority`, headers: other, payload: { priority: 'urgent' } })).statusCode).toBe(200);
      const typed = 'Spoke to the resident; the hole is wider than reported.';
      await page.getByRole('textbox', { name: 'Comment' }).fill(typed);
      await page.getByRole('button', { name: 'Post comment' }).click();
      await page.getByText('Someone else changed this request').waitFor();
      expect(await page.getByRole('textbox', { name: 'Comment' }).inputValue()).toBe(typed);
      await page.getByRole('button', { name: 'Load the latest version (keeps your text)' }).click();
      await page.locator('.prio.p-urgent').first().waitFor();
      expect(await page.getByRole('textbox', { name: 'Comment' }).inputValue()).toBe(typed);
      await page.getByRole('button', { name: 'Post comment' }).click();
      await page.locator('li[data-event=comment_added]', { hasText: 'wider than reported' }).waitFor();
      const n = await one<{ n: number }>(portal.handle.db, sql`select count(*)::int as n from comments c join requests r on r.id = c.request_id where r.public_id = ${publicId} and c.body = ${typed}`);
      expect(n!.n).toBe(1);
    } finally {
      await b.close();
    }
  });

  it('does the queue and the detail with the keyboard alone', async () => {
    const first = await residentPothole(portal, 'Keyboard one');
    const b = await openBrowser({ width: 1280 });
    try {
      const { page } = b;
      await signInConsole(page, portal, WORKS_STAFF);
      await page.locator(`tr[data-request="${first}"]`).waitFor();
      // Select the row and acknowledge it in bulk.
      await page.locator('body').focus();
      await tabTo(page, `input[aria-label="Select ${first}"]`);
      await page.keyboard.press('Space');
      await tabTo(page, 'button', 'Acknowledge');
      await page.keyboard.press('Enter');
      await page.getByText(/1 done, 0 refused/).waitFor();
      // Open it, comment and close, by keyboard.
      await tabTo(page, 'a', first);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: new RegExp(first) }).waitFor();
      await tabTo(page, 'select#priority');
      await page.keyboard.press('End');
      await tabTo(page, 'button', 'Change priority');
      await page.keyboard.press('Enter');
      await page.locator('li[data-event=priority_changed]').waitFor();
      await tabTo(page, 'textarea#comment');
      await page.keyboard.type('Typed with the keyboard');
      await tabTo(page, 'button[type=submit]', 'Post comment');
      await page.keyboard.press('Enter');
      await page.locator('li[data-event=comment_added]').waitFor();
      await tabTo(page, 'textarea#close-note');
      await page.keyboard.type('Done');
      await tabTo(page, 'button[type=submit]', 'Close');
      await page.keyboard.press('Enter');
      await page.locator('li[data-event=closed]').waitFor();
      const r = await one<{ status: string; priority: string }>(portal.handle.db, sql`select status, priority from requests where public_id = ${first}`);
      expect(r).toEqual({ status: 'closed', priority: 'urgent' });
    } finally {
      await b.close();
    }
  });

  it('has no axe violations on the console and admin pages', async () => {
    const publicId = await residentPothole(portal, 'For axe');
    const b = await openBrowser({ width: 1280 });
    const found: Record<string, unknown> = {};
    try {
      const { page } = b;
      await page.goto(`${portal.url}/console`);
      await page.getByRole('heading', { name: 'Staff sign-in' }).waitFor();
      found['sign-in'] = await axeViolations(page);
      await signInConsole(page, portal, ADMIN);
      const pages: Array<[string, string]> = [
        ['/console', 'Queue'],
        ['/console?view=map', 'Queue'],
        [`/console/requests/${publicId}`, publicId],
        ['/console/intake', 'Take a request'],
        ['/admin/services', 'Services'],
        ['/admin/services/pothole', 'Pothole'],
        ['/admin/templates', 'Response templates'],
        ['/admin/departments', 'Departments'],
        ['/admin/users', 'Users and roles'],
        ['/admin/calendar', 'Business calendar'],
        ['/admin/audit', 'Audit log'],
      ];
      for (const [path, title] of pages) {
        await page.goto(`${portal.url}${path}`);
        await page.locator('h1', { hasText: title }).first().waitFor();
        await page.waitForLoadState('networkidle');
        found[path] = await axeViolations(page);
      }
    } finally {
      await b.close();
    }
    expect(Object.fromEntries(Object.entries(found).filter(([, v]) => (v as unknown[]).length))).toEqual({});
  });
});
