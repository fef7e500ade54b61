import { crc32 } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { attachMedia } from '../../src/app/attach-media.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { signInAs } from '../support/app.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, RESIDENT, type TinyCity } from '../support/factories.js';
import { footprint, newKey, startServer } from './support.js';

// The photo pipeline: Open311's media upload (v2.1 draft) and media_url, the attach-media use
// case, and /media/:id. The type comes from the bytes; metadata (EXIF, GPS) never survives.

let handle: DatabaseHandle;
let city: TinyCity;
let server: Awaited<ReturnType<typeof startServer>>;
let key: string;
const servers: FastifyInstance[] = [];

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  city = await buildTinyCity(handle);
  server = await startServer(handle, city.deps);
  servers.push(server.app);
  key = await newKey(city.deps);
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

/** A phone photo: 1200×800, sideways (EXIF orientation 6), with the reporter's name and GPS position in its EXIF. */
const phonePhoto = () =>
  sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({ IFD0: { Artist: 'Rita Reporter', Copyright: 'Rita Reporter' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '34/1 3/1 41/1', GPSLongitudeRef: 'W', GPSLongitude: '117/1 37/1 12/1' } })
    .toBuffer();

const png = () => sharp({ create: { width: 10, height: 10, channels: 4, background: '#00ff0080' } }).png().toBuffer();

/** A real PNG whose header claims 20000×20000 pixels: a few hundred bytes that would decode to 1.6 GB. */
async function bomb() {
  const b = Buffer.from(await png());
  b.writeUInt32BE(20_000, 16);
  b.writeUInt32BE(20_000, 20);
  b.writeUInt32BE(crc32(b.subarray(12, 29)), 29);
  return b;
}

function report(fields: Record<string, string>, file?: { bytes: Buffer; type: string; name: string }) {
  const fd = new FormData();
  for (const [k, v] of Object.entries({ api_key: key, service_code: 'tree', lat: '34.06', long: '-117.62', ...fields })) fd.append(k, v);
  if (file) fd.append('media', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  return fetch(`${server.endpoint}requests.json`, { method: 'POST', body: fd });
}

describe('photos', () => {
  it('takes a photo with an Open311 report, stripped of EXIF and GPS, upright, with a thumbnail', async () => {
    const original = await phonePhoto();
    expect(original.includes('Rita Reporter')).toBe(true);
    const res = await report({ description: 'Tree on the path' }, { bytes: original, type: 'image/jpeg', name: 'IMG_0001.JPG' });
    expect(res.status).toBe(200);
    const [answer] = (await res.json()) as Array<{ service_request_id: string }>;
    const [view] = (await (await fetch(`${server.endpoint}requests/${answer!.service_request_id}.json?extensions=true`)).json()) as Array<Record<string, unknown>>;
    expect(view!.media_url).toMatch(new RegExp(`^${server.base}/media/\\d+$`));
    expect((view!.notes as Array<{ type: string }>).map((n) => n.type)).toEqual(['opened', 'media']);

    const photo = await fetch(String(view!.media_url));
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(photo.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = Buffer.from(await photo.arrayBuffer());
    expect(bytes.includes('Rita Reporter')).toBe(false);
    const meta = await sharp(bytes).metadata();
    expect({ exif: meta.exif, xmp: meta.xmp, iptc: meta.iptc, orientation: meta.orientation }).toEqual({ exif: undefined, xmp: undefined, iptc: undefined, orientation: undefined });
    expect([meta.width, meta.height]).toEqual([800, 1200]); // turned upright before the orientation tag went

    const thumb = await fetch(`${String(view!.media_url)}/thumbnail`);
    const tmeta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect(Math.max(tmeta.width!, tmeta.height!)).toBe(400);
    expect(tmeta.exif).toBeUndefined();
  });

  it('refuses files that lie about their type, are not images, or would decompress into gigapixels, writing nothing', async () => {
    const before = await footprint(handle);
    const pngBytes = await png();
    const cases: Array<[{ bytes: Buffer; type: string; name: string }, RegExp]> = [
      [{ bytes: pngBytes, type: 'image/jpeg', name: 'photo.jpg' }, /says it is image\/jpeg but its bytes are a png image/],
      [{ bytes: pngBytes, type: 'application/octet-stream', name: 'photo.jpg' }, /named \.jpg but its bytes are a png image/],
      [{ bytes: Buffer.from('<?php system($_GET["c"]); ?>'), type: 'image/jpeg', name: 'shell.jpg' }, /not an image we accept/],
      [{ bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'), type: 'image/svg+xml', name: 'x.svg' }, /svg image; send JPEG, PNG, WebP or GIF/],
      [{ bytes: await bomb(), type: 'image/png', name: 'bomb.png' }, /more than 50 megapixels/],
      [{ bytes: (await phonePhoto()).subarray(0, 400), type: 'image/jpeg', name: 'cut.jpg' }, /damaged or truncated|not an image/],
      [{ bytes: Buffer.alloc(0), type: 'image/jpeg', name: 'empty.jpg' }, /media: is empty|not an image/],
    ];
    for (const [file, pattern] of cases) {
      const res = await report({}, file);
      const body = (await res.json()) as Array<{ code: number; description: string }>;
      expect({ name: file.name, status: res.status }).toEqual({ name: file.name, status: 400 });
      expect(body[0]!.description).toMatch(pattern);
    }
    const tooBig = await report({}, { bytes: Buffer.alloc(11 * 1024 * 1024, 1), type: 'image/jpeg', name: 'big.jpg' });
    expect(tooBig.status).toBe(400);
    const twoFiles = new FormData();
    twoFiles.append('api_key', key);
    twoFiles.append('media', new Blob([pngBytes], { type: 'image/png' }), 'a.png');
    twoFiles.append('media', new Blob([pngBytes], { type: 'image/png' }), 'b.png');
    expect((await fetch(`${server.endpoint}requests.json`, { method: 'POST', body: twoFiles })).status).toBe(400);
    expect(await footprint(handle)).toEqual(before);
  });

  it('records media_url as a photo that lives elsewhere', async () => {
    const res = await report({ media_url: 'https://photos.example/abc.jpg' });
    const [answer] = (await res.json()) as Array<{ service_request_id: string }>;
    const [view] = (await (await fetch(`${server.endpoint}requests/${answer!.service_request_id}.json`)).json()) as Array<Record<string, unknown>>;
    expect(view!.media_url).toBe('https://photos.example/abc.jpg');
  });

  it('attaches photos through the use case; internal ones only staff of the department see', async () => {
    const r = await buildRequest(city.deps);
    const bytes = await png();
    const { media: pub } = await attachMedia(city.deps, RESIDENT, { requestId: r.id, visibility: 'public', photo: { bytes, contentType: 'image/png', filename: 'leaf.png' } });
    const { media: internal } = await attachMedia(city.deps, city.staff.worksStaff, { requestId: r.id, visibility: 'internal', photo: { bytes, filename: '../../etc/crew.png' } });
    expect(internal.filename).toBe('crew.png');
    const events = await city.deps.repos.events.forRequest(r.id);
    expect(events.filter((e) => e.type === 'media_added').map((e) => [e.public, e.data.mediaId])).toEqual([
      [true, pub.id],
      [false, internal.id],
    ]);
    const get = (id: number, headers: Record<string, string> = {}) => server.app.inject({ url: `/media/${id}`, headers });
    expect((await get(pub.id)).statusCode).toBe(200);
    expect((await get(internal.id)).statusCode).toBe(404);
    const works = await signInAs(server.app, handle, 'lead@city.example', 'department_staff', [city.departments.works]);
    const parks = await signInAs(server.app, handle, 'ranger@city.example', 'department_staff', [city.departments.parks]);
    const ok = await get(internal.id, works.headers);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['cache-control']).toBe('private, no-store');
    expect((await get(internal.id, parks.headers)).statusCode).toBe(404);
    expect((await server.app.inject({ url: '/media/99999' })).statusCode).toBe(404);
    expect((await server.app.inject({ url: '/media/abc' })).statusCode).toBe(404);
    const [view] = (await (await fetch(`${server.endpoint}requests/${r.publicId}.json?extensions=true`)).json()) as Array<{ notes: Array<{ type: string }> }>;
    expect(view!.notes.map((n) => n.type)).toEqual(['opened', 'media']);

    const internalService = await buildRequest(city.deps, { serviceCode: 'workorder', answers: {} }, city.staff.worksStaff);
    const { media: hidden } = await attachMedia(city.deps, city.staff.worksStaff, { requestId: internalService.id, visibility: 'public', photo: { bytes } });
    expect((await get(hidden.id)).statusCode).toBe(404);
    await expect(attachMedia(city.deps, city.staff.readOnly, { requestId: r.id, visibility: 'public', photo: { bytes } })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
