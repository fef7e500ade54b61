import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, sql } from '../src/db/sql.js';
import { axeViolations, englishLeft, ENGLISH_FRAGMENTS } from './support/checks.js';
import { afterService, fillQuestionsByMouse, heading, plannedAnswers, richestService, serviceIn, type ServiceDef } from './support/flow.js';
import { testPhoto } from './support/png.js';
import { openBrowser, startPortal, type Portal } from './support/portal.js';

// Every portal page, walked through the report flow: in Spanish no English string may be left,
// and in both languages axe-core may find no WCAG 2.1 AA violation.

let portal: Portal;
let service: ServiceDef;

beforeAll(async () => {
  portal = await startPortal({ tiles: 'failing' });
  service = await richestService(portal, 'number');
});
afterAll(async () => {
  await portal?.close();
});

const T = {
  en: { report: 'Report a problem', where: 'Where is it?', map: 'Choose on a map', what: 'What is the problem?', more: 'Tell us more', contact: 'How can we reach you?', check: 'Check and send', send: 'Send the report', cont: 'Continue', none: /None of these/, nearby: 'Already reported nearby?', desc: 'Description', email: /^E-mail/, track: 'Follow your request', trackHeading: 'Track a request', mapHeading: 'Requests near you', perfHeading: 'How the city is doing', dataHeading: 'Your data' },
  es: { report: 'Informar un problema', where: '¿Dónde está?', map: 'Elegir en un mapa', what: '¿Cuál es el problema?', more: 'Cuéntenos más', contact: '¿Cómo podemos contactarle?', check: 'Revisar y enviar', send: 'Enviar el informe', cont: 'Continuar', none: /Ninguna de estas/, nearby: '¿Ya se informó cerca?', desc: 'Descripción', email: /^Correo electrónico/, track: 'Seguir su solicitud', trackHeading: 'Seguir una solicitud', mapHeading: 'Solicitudes cerca de usted', perfHeading: 'Cómo le va a la ciudad', dataHeading: 'Sus datos' },
};

async function walk(lang: 'en' | 'es', width: number) {
  const t = T[lang];
  const svc = await serviceIn(portal, service.code, lang);
  const b = await openBrowser({ width, height: 800 });
  const problems: string[] = [];
  const check = async (name: string) => {
    const violations = await axeViolations(b.page);
    for (const v of violations) problems.push(`${lang} ${name}: axe ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).join(', ')}`);
    if (lang === 'es') for (const s of await englishLeft(b.page)) problems.push(`es ${name}: English left: "${s}"`);
  };
  try {
    const { page } = b;
    await page.goto(`${portal.url}/`);
    if (lang === 'es') {
      await page.getByRole('button', { name: 'Español' }).click();
      await page.getByRole('heading', { name: 'Informe a la ciudad de un problema' }).waitFor();
    }
    await check('home');
    // The detector itself works: the English page is full of English.
    if (lang === 'en') expect((await englishLeft(page)).length).toBeGreaterThan(5);

    await page.getByRole('link', { name: t.report }).first().click();
    await heading(page, t.where);
    await page.getByRole('button', { name: t.map }).click();
    await page.locator('.leaflet-container').waitFor();
    // The address nearest the city centre, so that the request made here is on the map page's list
    // (which shows open requests within 1.5 km of the centre) whatever the seeded history holds.
    const addr = (await one<{ full_address: string }>(
      portal.handle.db,
      sql`select a.full_address from addresses a, settings s where s.key = 'city'
          order by a.location <-> ST_SetSRID(ST_MakePoint((s.value->'centre'->>'lng')::float8, (s.value->'centre'->>'lat')::float8), 4326), a.id limit 1`,
    ))!.full_address;
    await page.getByRole('combobox').fill(addr);
    await page.locator('[role=option]', { hasText: addr }).first().waitFor();
    await check('report: place, with suggestions and the map (tiles failing)');
    await page.locator('[role=option]', { hasText: addr }).first().click();
    await page.getByRole('button', { name: t.cont }).click();

    await heading(page, t.what);
    await page.locator('summary', { hasText: svc.group }).click();
    await check('report: problem');
    await page.locator('button.choice', { hasText: svc.name }).first().click();
    if ((await afterService(page, t.nearby, t.more)) === 'nearby') {
      await check('report: nearby');
      await page.getByRole('button', { name: t.none }).click();
    }
    await heading(page, t.more);
    await page.getByRole('button', { name: t.cont }).click(); // nothing answered: the required marks and errors show
    await page.locator('.field-error').first().waitFor();
    await check('report: details with errors');
    await fillQuestionsByMouse(page, svc);
    await page.getByLabel(t.desc).fill(lang === 'es' ? 'Un hoyo profundo' : 'A deep hole');
    await page.locator('input[type=file]').setInputFiles({ name: 'p.png', mimeType: 'image/png', buffer: testPhoto() });
    await page.locator('.thumbs img').waitFor();
    await check('report: details');
    await page.getByRole('button', { name: t.cont }).click();

    await heading(page, t.contact);
    await page.getByLabel(t.email).fill('vecina@example.net');
    await check('report: contact');
    await page.getByRole('button', { name: t.cont }).click();
    await heading(page, t.check);
    await check('report: review');
    await page.getByRole('button', { name: t.send }).click();
    const id = (await page.getByTestId('tracking-id').textContent({ timeout: 20_000 }))!;
    await check('report: done');

    const stored = (await one<{ code: string; locale: string; answers: unknown; channel: string }>(portal.handle.db, sql`select s.code, r.locale, r.answers, r.channel from requests r join services s on s.id = r.service_id where r.public_id = ${id}`))!;
    expect(stored).toEqual({ code: service.code, locale: lang, answers: plannedAnswers(svc).stored, channel: 'web' });

    await page.getByRole('link', { name: t.track }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(id) }).waitFor();
    await check('track: a request');
    await page.goto(`${portal.url}/track`);
    await page.getByRole('heading', { name: t.trackHeading }).waitFor();
    await check('track: the form');
    await page.goto(`${portal.url}/track/99-999999`);
    await page.locator('.error').waitFor();
    await check('track: not found');
    await page.goto(`${portal.url}/nearby`);
    await page.getByRole('heading', { name: t.mapHeading }).waitFor();
    await page.locator('.cards li', { hasText: id }).waitFor({ timeout: 30_000 });
    await check('nearby');
    await page.goto(`${portal.url}/performance`);
    await page.getByRole('heading', { level: 1, name: t.perfHeading }).waitFor();
    await page.locator('.perf-figures dd').first().waitFor({ timeout: 30_000 });
    await check('performance');
    await page.goto(`${portal.url}/privacy`);
    await page.getByRole('heading', { level: 1, name: t.dataHeading }).waitFor();
    await check('your data');
    await page.goto(`${portal.url}/embed`);
    await heading(page, t.where);
    await check('embed');
    await page.goto(`${portal.url}/no-such-page`);
    await page.locator('h1').waitFor();
    await check('not found');
    // The choice of language is remembered across visits.
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
  } finally {
    await b.close();
  }
  return problems;
}

describe('every portal page', () => {
  it('has English fragments to look for', () => {
    expect(ENGLISH_FRAGMENTS.length).toBeGreaterThan(100);
  });

  it('in Spanish, at 360 px: the whole flow works, no English string is left, and axe finds nothing', async () => {
    expect(await walk('es', 360)).toEqual([]);
  });

  it('in English, at 1280 px: axe finds nothing', async () => {
    expect(await walk('en', 1280)).toEqual([]);
  });
});
