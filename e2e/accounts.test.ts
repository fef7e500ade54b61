import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commentOnRequest } from '../src/app/comment-on-request.js';
import { makeDeps } from '../src/db/deps.js';
import { upsertStaff } from '../src/db/repositories/catalogue.js';
import { drain, startSmtp, testConfig, testDispatcher, type TestSmtp } from '../test/notify/support.js';
import { axeViolations, englishLeft } from './support/checks.js';
import { plannedAnswers, type ServiceDef } from './support/flow.js';
import { openBrowser, startPortal, type Portal } from './support/portal.js';

// An optional resident account in the browser: ask for a sign-in link, follow it from the real
// e-mail (SMTP), see my requests and not a neighbour's, switch to Spanish and get the next e-mail
// in Spanish, sign out. Axe-clean at 1280 and 360 px.

let portal: Portal;
let smtp: TestSmtp;
let dispatcher: ReturnType<typeof testDispatcher>;
const tag = `a${Date.now().toString(36)}`;
const EMAIL = `ana.${tag}@residents.example`;
const ids: Record<'mine' | 'theirs', string> = { mine: '', theirs: '' };
const OUT = process.env.SHOTS_DIR ?? join(tmpdir(), 'civicdesk-shots');

beforeAll(async () => {
  portal = await startPortal({ tiles: 'local' });
  smtp = await startSmtp();
  dispatcher = testDispatcher(portal.handle, testConfig({ SMTP_URL: smtp.url, PUBLIC_URL: portal.url }));
  const list = (await portal.app.inject('/api/services?locale=en')).json() as ServiceDef[];
  const service = list
    .filter((s) => !s.informationOnly && !s.questions.some((q) => q.datatype === 'multivaluelist'))
    .sort((a, b) => a.questions.length - b.questions.length || a.code.localeCompare(b.code))[0]!;
  const answers = plannedAnswers(service).stored;
  for (const [who, email] of [['mine', EMAIL], ['theirs', `bo.${tag}@residents.example`]] as const) {
    const res = await portal.app.inject({
      method: 'POST',
      url: '/api/portal/reports',
      payload: { serviceCode: service.code, location: { lat: 34.0612, lng: -117.6209 }, description: `Account test ${who}`, answers, reporter: { name: who === 'mine' ? 'Ana Account' : 'Bo', email } },
    });
    expect(res.statusCode, res.body).toBe(201);
    ids[who] = (res.json() as { publicId: string }).publicId;
  }
  await drain(portal.handle, dispatcher, 120_000);
  smtp.mails.length = 0;
}, 180_000);
afterAll(async () => {
  await dispatcher?.stop();
  await smtp?.close();
  await portal?.close();
});

describe("the portal's optional account", () => {
  it('signs in from the e-mailed link, lists my requests only, saves Spanish for my e-mails and signs out, axe-clean at 1280 and 360 px', async () => {
    mkdirSync(OUT, { recursive: true });
    const violations: string[] = [];
    const b = await openBrowser({ width: 1280, height: 900 });
    try {
      const { page } = b;
      await page.goto(`${portal.url}/?lang=en`);
      await page.getByRole('navigation').getByRole('link', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.getByLabel('Your e-mail address').fill(EMAIL);
      await page.screenshot({ path: `${OUT}/account-ask-1280.png`, fullPage: true });
      violations.push(...(await axeViolations(page)).map((v) => `ask: ${v.id} ${v.nodes.join(' ')}`));
      await page.getByRole('button', { name: 'E-mail me a sign-in link' }).click();
      await page.getByRole('status').getByText('a sign-in link is on its way').waitFor();
      await drain(portal.handle, dispatcher, 60_000);
      const mail = smtp.to(EMAIL).at(-1)!;
      expect(mail.subject).toBe('Sign in to the 311 service');
      const link = /(http\S+#token=\S+)/.exec(mail.text)![1]!;
      expect(link).toContain('/account?lang=en#token=');

      await page.goto(link);
      await page.getByRole('heading', { name: 'My requests' }).waitFor();
      await page.getByText(`Signed in as ${EMAIL}`).waitFor();
      expect(page.url()).not.toContain('token=');
      const items = page.locator('.my-requests li');
      await expect.poll(() => items.count()).toBe(1);
      expect(await items.first().innerText()).toContain(ids.mine);
      expect(await page.locator('main').innerText()).not.toContain(ids.theirs);
      await expect.poll(() => page.getByRole('navigation').getByRole('link', { name: 'My requests' }).count()).toBe(1);
      await page.screenshot({ path: `${OUT}/account-mine-1280.png`, fullPage: true });
      violations.push(...(await axeViolations(page)).map((v) => `mine 1280: ${v.id} ${v.nodes.join(' ')}`));

      // The same session at 360 px.
      await page.setViewportSize({ width: 360, height: 800 });
      await page.screenshot({ path: `${OUT}/account-mine-360.png`, fullPage: true });
      violations.push(...(await axeViolations(page)).map((v) => `mine 360: ${v.id} ${v.nodes.join(' ')}`));

      // The report flow's contact step starts with my e-mail and name (a draft left at that step).
      await page.evaluate(() => {
        const draft = { step: 'contact', place: { text: '1 Main St', lat: 34.0612, lng: -117.6209 }, serviceCode: null, answers: {}, description: 'x', photos: [], anonymous: false, name: '', email: '', phone: '', updatesLocale: 'en' };
        localStorage.setItem('civicdesk.draft', JSON.stringify(draft));
      });
      await page.goto(`${portal.url}/report`);
      await expect.poll(() => page.getByLabel(/^E-mail/).inputValue()).toBe(EMAIL);
      expect(await page.getByLabel(/^Name/).inputValue()).toBe('Ana Account');
      await page.evaluate(() => localStorage.removeItem('civicdesk.draft'));

      // Spanish: saved, the portal switches, and the next e-mail about my request is in Spanish.
      await page.goto(`${portal.url}/account`);
      await page.getByLabel('Language for e-mails about your requests').selectOption('es');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { name: 'Mis solicitudes' }).waitFor();
      expect(await englishLeft(page)).toEqual([]);
      await page.screenshot({ path: `${OUT}/account-es-360.png`, fullPage: true });
      violations.push(...(await axeViolations(page)).map((v) => `es 360: ${v.id} ${v.nodes.join(' ')}`));
      const deps = makeDeps(portal.handle);
      const request = (await deps.repos.requests.getByPublicId(ids.mine))!;
      const userId = await upsertStaff(portal.handle.db, { email: `lead.${tag}@alderbrook.example.gov`, name: 'Account Lead', role: 'admin' });
      await commentOnRequest(deps, { type: 'staff', userId, name: 'Account Lead', role: 'admin', departmentIds: [] }, { requestId: request.id, visibility: 'public', body: 'Vamos en camino.' });
      smtp.mails.length = 0;
      await drain(portal.handle, dispatcher, 60_000);
      const next = smtp.to(EMAIL);
      expect(next.length).toBeGreaterThan(0);
      expect(next.map((m) => m.subject).filter((s) => !/solicitud/i.test(s))).toEqual([]);

      // Sign out: back to the sign-in form; the header says "Iniciar sesión" again.
      await page.getByRole('button', { name: 'Cerrar sesión' }).click();
      await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
      expect((await b.context.cookies()).filter((c) => c.name === 'cd_resident')).toEqual([]);
    } finally {
      await b.close();
    }
    expect(violations).toEqual([]);
  }, 180_000);
});
