import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeRequest } from '../../src/app/close-request.js';
import { commentOnRequest } from '../../src/app/comment-on-request.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { insertPhoto } from '../../src/db/repositories/portal.js';
import { one, sql } from '../../src/db/sql.js';
import { testPhoto } from '../../e2e/support/png.js';
import { buildTestApp } from '../support/app.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, fixedClock, type TinyCity } from '../support/factories.js';

let handle: DatabaseHandle;
let app: FastifyInstance;
let city: TinyCity;
const clock = fixedClock('2026-03-02T17:00:00Z');

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  clock.set('2026-03-02T17:00:00Z');
  city = await buildTinyCity(handle, { clock });
  app = await buildTestApp(handle, city.deps);
});
afterAll(async () => {
  await app?.close();
});

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
const PHOTO = testPhoto();

function multipart(field: string, filename: string, type: string, data: Buffer) {
  const boundary = '----civicdesk-test';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${field}"; filename="${filename}"\r\ncontent-type: ${type}\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function report(extra: Record<string, unknown> = {}) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/portal/reports',
    payload: { serviceCode: 'pothole', location: { lat: 34.06, lng: -117.62 }, answers: { size: 'large' }, reporter: { name: 'Rita Resident', email: 'rita@example.net', phone: '555-0100' }, locale: 'es', ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { publicId: string; token: string; service: { notice: string | null; resolveWithinHours: number } };
}

describe('the portal API', () => {
  it('gives the web app its configuration', async () => {
    const res = await app.inject('/api/config');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ tileUrl: expect.stringContaining('{z}'), locales: ['en', 'es'] });
  });

  it('takes a report on the web channel and says what happens next', async () => {
    // The portal's channel is web: a resident can't say otherwise (the field is refused).
    const phone = await app.inject({ method: 'POST', url: '/api/portal/reports', payload: { serviceCode: 'pothole', channel: 'phone', location: { lat: 34.06, lng: -117.62 }, answers: { size: 'small' } } });
    expect([phone.statusCode, phone.json().error.code]).toEqual([400, 'validation']);
    const r = await report({});
    expect(r.publicId).toMatch(/^\d{2}-\d{6}$/);
    expect(r.token.length).toBeGreaterThan(10);
    expect(r.service.resolveWithinHours).toBe(72);
    const row = await one<{ channel: string; locale: string }>(handle.db, sql`select channel, locale from requests where public_id = ${r.publicId}`);
    expect(row).toEqual({ channel: 'web', locale: 'es' });
  });

  it('tracks a request with only public data: no reporter, no internal comment or photo', async () => {
    const r = await report();
    const id = (await city.deps.repos.requests.getByPublicId(r.publicId))!.id;
    await commentOnRequest(city.deps, city.staff.worksStaff, { requestId: id, visibility: 'public', body: 'Crew scheduled for Monday.' });
    await commentOnRequest(city.deps, city.staff.worksStaff, { requestId: id, visibility: 'internal', body: 'Caller is the mayor’s cousin.' });
    await closeRequest(city.deps, city.staff.worksStaff, { requestId: id, reason: 'resolved', note: 'internal-ish note' });
    const publicPhoto = await insertPhoto(handle.db, { requestId: id, contentType: 'image/jpeg', data: JPEG, width: 1, height: 1, filename: 'after.jpg', visibility: 'public', uploadedByUserId: city.staff.worksStaff.userId, commentId: null });
    await insertPhoto(handle.db, { requestId: id, contentType: 'image/jpeg', data: JPEG, width: 1, height: 1, filename: 'x.jpg', visibility: 'internal', uploadedByUserId: city.staff.worksStaff.userId, commentId: null });

    const res = await app.inject(`/api/track/${r.publicId}?locale=en`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('closed');
    expect(body.comments.map((c: { body: string }) => c.body)).toEqual(['Crew scheduled for Monday.']);
    expect(body.photos).toEqual([expect.objectContaining({ id: publicPhoto, url: `/media/${publicPhoto}`, byStaff: true })]);
    expect(body.timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['created', 'closed']));
    expect(res.body).not.toMatch(/rita|Rita|555-0100|cousin|internal-ish/);
    expect(body.reopenableUntil).toBe('2026-04-01T17:00:00.000Z');

    const photo = await app.inject(`/media/${publicPhoto}`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect((await app.inject(`/media/${publicPhoto + 1}`)).statusCode).toBe(404);
    expect((await app.inject('/api/track/26-999999')).statusCode).toBe(404);
    expect((await app.inject('/api/track/nonsense')).statusCode).toBe(400);
  });

  it('lets the reporter add a photo with their token, and nobody else', async () => {
    const r = await report();
    const form = multipart('photo', 'p.png', 'image/png', PHOTO);
    const stranger = await app.inject({ method: 'POST', url: `/api/track/${r.publicId}/photos`, ...form, headers: { ...form.headers, 'x-report-token': 'wrong-token-123' } });
    expect(stranger.statusCode).toBe(403);
    const notImage = multipart('photo', 'p.txt', 'text/plain', Buffer.from('hello there'));
    const bad = await app.inject({ method: 'POST', url: `/api/track/${r.publicId}/photos`, ...notImage, headers: { ...notImage.headers, 'x-report-token': r.token } });
    expect(bad.statusCode).toBe(400);
    const ok = await app.inject({ method: 'POST', url: `/api/track/${r.publicId}/photos`, ...form, headers: { ...form.headers, 'x-report-token': r.token } });
    expect(ok.statusCode, ok.body).toBe(201);
    const tracked = (await app.inject(`/api/track/${r.publicId}`)).json();
    expect(tracked.photos).toHaveLength(1);
    expect(tracked.timeline.map((e: { type: string }) => e.type)).toContain('media_added');
    const img = await app.inject(tracked.photos[0].url);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toMatch(/^image\//);
  });

  it('follows and unfollows by e-mail', async () => {
    const r = await report({ reporter: undefined });
    const bad = await app.inject({ method: 'POST', url: `/api/track/${r.publicId}/follow`, payload: { email: 'not-an-email' } });
    expect(bad.statusCode).toBe(400);
    const res = await app.inject({ method: 'POST', url: `/api/track/${r.publicId}/follow`, payload: { email: 'Neighbour@Example.net', locale: 'es' } });
    expect(res.statusCode).toBe(200);
    const again = await app.inject({ method: 'POST', url: `/api/track/${r.publicId}/follow`, payload: { email: 'neighbour@example.net' } });
    expect(again.json().unfollowToken).toBe(res.json().unfollowToken);
    const n = async () => (await one<{ n: number }>(handle.db, sql`select count(*)::int as n from followers`))!.n;
    expect(await n()).toBe(1);
    const off = await app.inject({ method: 'POST', url: '/api/followers/unfollow', payload: { token: res.json().unfollowToken } });
    expect(off.json()).toEqual({ following: false, removed: true });
    expect(await n()).toBe(0);
  });

  it('lets the reporter reopen within the window, with the token only', async () => {
    const r = await report();
    const id = (await city.deps.repos.requests.getByPublicId(r.publicId))!.id;
    const open = await app.inject({ method: 'POST', url: `/api/track/${r.publicId}/reopen`, payload: { token: r.token } });
    expect(open.statusCode).toBe(409);
    await closeRequest(city.deps, city.staff.worksStaff, { requestId: id, reason: 'resolved' });
    expect((await app.inject({ method: 'POST', url: `/api/track/${r.publicId}/reopen`, payload: { token: 'not-the-token-at-all' } })).statusCode).toBe(403);
    clock.advanceHours(31 * 24);
    expect((await app.inject({ method: 'POST', url: `/api/track/${r.publicId}/reopen`, payload: { token: r.token } })).statusCode).toBe(409);
    clock.set('2026-03-10T17:00:00Z');
    const ok = await app.inject({ method: 'POST', url: `/api/track/${r.publicId}/reopen`, payload: { token: r.token, note: 'Still there' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).not.toBe('closed');
  });
});

describe("the map page's list of requests around a point", () => {
  it('filters by service and status and leaves out descriptions', async () => {
    const a = await buildRequest(city.deps, { location: { lat: 34.06, lng: -117.62 } });
    await buildRequest(city.deps, { location: { lat: 34.08, lng: -117.62 } }); // ~2 km away
    const tree = await buildRequest(city.deps, { serviceCode: 'tree', answers: {}, location: { lat: 34.0601, lng: -117.62 } });
    const ids = async (q: string) => (await app.inject(`/api/public/nearby?lat=34.0602&lng=-117.62${q}`)).json().map((r: { publicId: string }) => r.publicId);
    expect(await ids('&service=pothole')).toEqual([a.publicId]);
    expect((await ids('')).sort()).toEqual([a.publicId, tree.publicId].sort());
    expect(await ids('&status=closed')).toEqual([]);
    expect((await ids('&radius=5000')).length).toBe(3);
    const res = await app.inject('/api/public/nearby?lat=34.0602&lng=-117.62&locale=es');
    expect(res.body).not.toMatch(/Deep pothole/);
  });
});

describe('the web app beside the API', () => {
  it('answers app paths with index.html and API paths with the API error', async () => {
    const { existsSync } = await import('node:fs');
    const { WEB_DIST } = await import('../../src/server/web.js');
    if (!existsSync(`${WEB_DIST}/index.html`)) return; // built by the e2e global setup and by npm install
    const page = await app.inject('/track/26-000001');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('<div id="root">');
    expect((await app.inject('/api/nope')).json().error.code).toBe('not_found');
    expect((await app.inject('/open311/v2/nope.json')).statusCode).toBe(404);
    expect((await app.inject('/manifest.webmanifest')).statusCode).toBe(200);
  });
});
