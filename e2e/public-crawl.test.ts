import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commentOnRequest } from '../src/app/comment-on-request.js';
import { createApiKey } from '../src/app/create-api-key.js';
import { upsertStaff } from '../src/db/repositories/catalogue.js';
import { makeDeps } from '../src/db/deps.js';
import { one, sql } from '../src/db/sql.js';
import { SYSTEM } from '../src/domain/actor.js';
import { loadConfig } from '../src/config.js';
import { deliveriesForPrivacyLink } from '../src/jobs/privacy-link.js';
import { axeViolations, englishLeft } from './support/checks.js';
import { signInAs } from '../test/support/app.js';
import { plannedAnswers, type ServiceDef } from './support/flow.js';
import { openBrowser, startPortal, type Portal } from './support/portal.js';

// Personal data never leaves through a public door. Unique marker strings go in as reporters'
// names, e-mails and phones (portal, Open311, me-too, follow) and as internal comments; then every
// public API answer and every portal page, rendered in Chromium with all the JSON it fetched, is
// searched for them. The same pages must raise no Content-Security-Policy violation.

let portal: Portal;
const tag = `q${Date.now().toString(36)}`;
const MARKERS = {
  portalName: `Portalname ${tag}`,
  portalEmail: `portal.${tag}@residents.example`,
  portalPhone: '555-0187-4422',
  open311Name: `Appfirst${tag}`,
  open311Last: `Applast${tag}`,
  open311Email: `app.${tag}@residents.example`,
  open311Phone: '555-0163-9911',
  meTooName: `Metoo ${tag}`,
  meTooEmail: `metoo.${tag}@residents.example`,
  followEmail: `follow.${tag}@residents.example`,
  internal: `Internal-note-${tag}`,
};
const ids: string[] = [];
let photoId = 0;

/** A phone photo carrying its GPS position (and the photographer) in EXIF. */
const gpsPhoto = () =>
  sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 120, g: 130, b: 140 } } })
    .jpeg()
    .withExif({ IFD0: { Artist: MARKERS.portalName }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '34/1 3/1 41/1', GPSLongitudeRef: 'W', GPSLongitude: '117/1 37/1 12/1' } })
    .toBuffer();

function leaks(text: string): string[] {
  const lower = text.toLowerCase();
  return Object.entries(MARKERS)
    .filter(([, m]) => lower.includes(m.toLowerCase()) || lower.includes(m.replace(/-/g, '').toLowerCase()))
    .map(([k]) => k);
}

beforeAll(async () => {
  portal = await startPortal({ tiles: 'local' });
  const db = portal.handle.db;
  const deps = makeDeps(portal.handle);
  // The service with the fewest questions, none of them a list of several values.
  const list = (await portal.app.inject('/api/services?locale=en')).json() as ServiceDef[];
  const service = list
    .filter((s) => !s.informationOnly && !s.questions.some((q) => q.datatype === 'multivaluelist'))
    .sort((a, b) => a.questions.length - b.questions.length || a.code.localeCompare(b.code))[0]!;
  const code = service.code;
  const answers = plannedAnswers(service).stored;
  const at = { lat: 34.0612, lng: -117.6209 };

  const portalReport = await portal.app.inject({
    method: 'POST',
    url: '/api/portal/reports',
    payload: { serviceCode: code, location: at, address: '12 Crawl Street', description: 'Broken thing on the corner', answers, reporter: { name: MARKERS.portalName, email: MARKERS.portalEmail, phone: MARKERS.portalPhone } },
  });
  expect(portalReport.statusCode, portalReport.body).toBe(201);
  const { publicId, token } = portalReport.json() as { publicId: string; token: string };
  ids.push(publicId);

  const key = (await createApiKey(deps, SYSTEM, { name: 'Crawl app', kind: 'open311' })).key;
  const form = new URLSearchParams({ api_key: key, service_code: code, lat: String(at.lat + 0.0004), long: String(at.lng), description: 'Reported from an app', first_name: MARKERS.open311Name, last_name: MARKERS.open311Last, email: MARKERS.open311Email, phone: MARKERS.open311Phone });
  for (const [k, v] of Object.entries(answers)) form.set(`attribute[${k}]`, String(v));
  const o311 = await portal.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
  expect(o311.statusCode, o311.body).toBe(200);
  ids.push((o311.json() as Array<{ service_request_id: string }>)[0]!.service_request_id);

  const meToo = await portal.app.inject({ method: 'POST', url: `/api/requests/${publicId}/me-too`, payload: { name: MARKERS.meTooName, email: MARKERS.meTooEmail } });
  expect(meToo.statusCode, meToo.body).toBe(200);
  const follow = await portal.app.inject({ method: 'POST', url: `/api/track/${ids[1]}/follow`, payload: { email: MARKERS.followEmail } });
  expect(follow.statusCode, follow.body).toBe(200);

  const request = (await deps.repos.requests.getByPublicId(publicId))!;
  const userId = await upsertStaff(db, { email: 'crawl.lead@alderbrook.example.gov', name: 'Crawl Lead', role: 'admin' });
  const staff = { type: 'staff' as const, userId, name: 'Crawl Lead', role: 'admin' as const, departmentIds: [] };
  await commentOnRequest(deps, staff, { requestId: request.id, visibility: 'internal', body: `${MARKERS.internal}: caller is ${MARKERS.portalPhone}` });
  await commentOnRequest(deps, staff, { requestId: request.id, visibility: 'public', body: 'A crew is on the way.' });

  // The reporter adds a photo that carries GPS in its EXIF.
  const b = '----crawl';
  const photo = Buffer.concat([Buffer.from(`--${b}\r\ncontent-disposition: form-data; name="photo"; filename="IMG_0001.jpg"\r\ncontent-type: image/jpeg\r\n\r\n`), await gpsPhoto(), Buffer.from(`\r\n--${b}--\r\n`)]);
  const up = await portal.app.inject({ method: 'POST', url: `/api/track/${publicId}/photos`, headers: { 'content-type': `multipart/form-data; boundary=${b}`, 'x-report-token': token }, payload: photo });
  expect(up.statusCode, up.body).toBe(201);
  photoId = (up.json() as { id: number }).id;
}, 300_000);
afterAll(async () => {
  await portal?.close();
});

describe('the public-output crawl', () => {
  it('finds no reporter name, e-mail, phone or internal note in any public API answer (Open311 XML and JSON, portal, open data)', async () => {
    const near = 'lat=34.0612&lng=-117.6209';
    const urls = [
      '/open311/v2/discovery.json',
      '/open311/v2/services.json',
      '/open311/v2/services.xml',
      ...['json', 'xml'].flatMap((f) => [
        `/open311/v2/requests.${f}`,
        `/open311/v2/requests.${f}?extensions=true`,
        `/open311/v2/servicerequestupdates.${f}`,
        ...ids.flatMap((id) => [`/open311/v2/requests/${id}.${f}`, `/open311/v2/requests/${id}.${f}?extensions=true`]),
      ]),
      ...ids.flatMap((id) => [`/api/track/${id}`, `/api/track/${id}?locale=es`]),
      `/api/public/nearby?${near}&status=all&radius=5000&limit=200`,
      `/api/public/nearby?${near}&status=open`,
      `/api/public/requests.csv`,
      `/api/public/requests.geojson`,
      `/api/public/performance`,
      `/api/services`,
      `/api/config`,
    ];
    const code = (await one<{ code: string }>(portal.handle.db, sql`select s.code from requests q join services s on s.id = q.service_id where q.public_id = ${ids[0]}`))!.code;
    urls.push(`/api/requests/nearby?serviceCode=${code}&${near}`);
    const found: string[] = [];
    let bytes = 0;
    for (const url of urls) {
      const res = await fetch(`${portal.url}${url}`);
      const body = await res.text();
      expect(res.status, `${url}: ${body.slice(0, 200)}`).toBe(200);
      bytes += body.length;
      const l = leaks(body);
      if (l.length) found.push(`${url}: ${l.join(', ')}`);
    }
    // The crawl saw the seeded requests (so an empty answer can't pass).
    const all = await (await fetch(`${portal.url}/open311/v2/requests.json?service_request_id=${ids.join(',')}`)).text();
    for (const id of ids) expect(all).toContain(id);
    // The control: the staff view of the same request does carry the markers, so the search can see them.
    const staffView = await portal.app.inject({ url: `/api/requests/${ids[0]}`, headers: (await signInAs(portal.app, portal.handle, 'crawl.control@alderbrook.example.gov', 'admin')).headers });
    expect(leaks(staffView.body)).toEqual(expect.arrayContaining(['portalName', 'portalEmail', 'portalPhone', 'internal']));
    console.log(`public crawl: ${urls.length} API answers (${(bytes / 1024).toFixed(0)} KiB) searched for ${Object.keys(MARKERS).length} markers`);
    expect(found).toEqual([]);
  }, 120_000);

  it('serves the reporter photo without its EXIF GPS position', async () => {
    const res = await fetch(`${portal.url}/media/${photoId}`);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect({ exif: meta.exif, xmp: meta.xmp, iptc: meta.iptc }).toEqual({ exif: undefined, xmp: undefined, iptc: undefined });
    expect(bytes.includes(Buffer.from('GPS'))).toBe(false);
    expect(leaks(bytes.toString('latin1'))).toEqual([]);
  });

  it('finds no marker in the portal pages rendered in Chromium, nor in the JSON they fetched, and no CSP violation', async () => {
    const pages = ['/', '/report', '/nearby', ...ids.map((id) => `/track/${id}`), `/track/${ids[0]}?lang=es`, '/embed', '/performance', '/privacy'];
    const b = await openBrowser({ width: 1280, height: 900 });
    const found: string[] = [];
    const violations: string[] = [];
    try {
      const { page, context } = b;
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          ((window as unknown as { __csp: string[] }).__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      const bodies: Promise<void>[] = [];
      page.on('response', (r) => {
        if (!r.url().startsWith(portal.url)) return;
        bodies.push(
          r.text().then(
            (t) => {
              const l = leaks(t);
              if (l.length) found.push(`${r.url()}: ${l.join(', ')}`);
            },
            () => undefined,
          ),
        );
      });
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      for (const p of pages) {
        await page.goto(`${portal.url}${p}`);
        await page.locator('main, .embed').first().waitFor();
        await page.waitForLoadState('networkidle');
        if (p.startsWith('/track/')) await page.locator('.badge').first().waitFor();
        const l = leaks(await page.content());
        if (l.length) found.push(`${p}: ${l.join(', ')}`);
        violations.push(...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])).map((v) => `${p}: ${v}`));
      }
      await Promise.all(bodies);
    } finally {
      await b.close();
    }
    console.log(`public crawl: ${pages.length} portal pages rendered in Chromium`);
    expect(found).toEqual([]);
    expect(violations).toEqual([]);
  }, 180_000);
});

// Runs last: it erases the portal reporter the crawl above searched for.
describe("the portal's 'Your data' page", () => {
  const OUT = process.env.SHOTS_DIR ?? join(tmpdir(), 'civicdesk-shots');

  it('sends a link, downloads the data and erases it, in English and Spanish, at 1280 and 360 px, with no axe violation', async () => {
    mkdirSync(OUT, { recursive: true });
    const violations: string[] = [];
    for (const width of [1280, 360]) {
      const b = await openBrowser({ width, height: 900 });
      try {
        const { page } = b;
        await page.goto(`${portal.url}/privacy?lang=en`);
        await page.getByRole('heading', { name: 'Your data' }).waitFor();
        await page.getByLabel('Your e-mail address').fill(MARKERS.portalEmail);
        await page.screenshot({ path: `${OUT}/privacy-ask-${width}.png`, fullPage: true });
        violations.push(...(await axeViolations(page)).map((v) => `ask ${width}: ${v.id} ${v.nodes.join(' ')}`));
        await page.getByRole('button', { name: 'E-mail me a link' }).click();
        await page.getByRole('status').getByText('a link is on its way').waitFor();
      } finally {
        await b.close();
      }
    }
    const job = (await one<{ payload: Record<string, unknown> }>(portal.handle.db, sql`select payload from outbox where topic = 'privacy.link' order by id desc limit 1`))!;
    const [mail] = await deliveriesForPrivacyLink(portal.handle.db, loadConfig({ CIVICDESK_DATA_DIR: '/nonexistent', PUBLIC_URL: portal.url }), { ...job.payload, locale: 'es' });
    const link = /(http\S+#token=\S+)/.exec(String(mail!.payload.text))![1]!;
    expect(link).toContain('/privacy?lang=es#token=');

    for (const width of [360, 1280]) {
      const b = await openBrowser({ width, height: 900, locale: 'es-ES' });
      try {
        const { page } = b;
        await page.goto(link);
        await page.getByRole('heading', { name: 'Sus datos' }).waitFor();
        const download = page.waitForEvent('download');
        await page.getByRole('button', { name: 'Descargar', exact: true }).click();
        const file = readFileSync((await (await download).path())!, 'utf8');
        expect(JSON.parse(file).requests[0].reporter).toMatchObject({ name: MARKERS.portalName, email: MARKERS.portalEmail });
        await page.getByRole('status').getByText('Descargado').waitFor();
        expect(await englishLeft(page)).toEqual([]);
        await page.screenshot({ path: `${OUT}/privacy-link-es-${width}.png`, fullPage: true });
        violations.push(...(await axeViolations(page)).map((v) => `link ${width}: ${v.id} ${v.nodes.join(' ')}`));
        if (width === 1280) {
          await page.getByLabel('Entiendo que no se puede deshacer').check();
          await page.getByRole('button', { name: 'Borrar mis datos' }).click();
          await page.getByRole('status').getByText('Listo.').waitFor();
          await page.screenshot({ path: `${OUT}/privacy-erased-es-${width}.png`, fullPage: true });
          violations.push(...(await axeViolations(page)).map((v) => `erased ${width}: ${v.id} ${v.nodes.join(' ')}`));
        }
      } finally {
        await b.close();
      }
    }
    expect(violations).toEqual([]);
    const left = await one<{ n: number }>(portal.handle.db, sql`select count(*)::int as n from residents where lower(email) = ${MARKERS.portalEmail.toLowerCase()}`);
    expect(Number(left!.n)).toBe(0);
  }, 180_000);
});
