import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { revokeApiKey } from '../../src/app/revoke-api-key.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { SYSTEM } from '../../src/domain/actor.js';
import { resetDb, testDb } from '../support/db.js';
import { buildService, buildTinyCity, type TinyCity } from '../support/factories.js';
import { parseOpen311Xml, SPEC } from './open311-xml.js';
import { footprint, newKey, startServer } from './support.js';

// Every error path: the answer is in Open311's error format (XML and JSON), with the status the
// issue asks for (404 unknown things, 403 keys, 400 the rest), several errors at once where
// several things are wrong, and nothing written.

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
  await buildService(handle, {
    code: 'streetlight',
    name: 'Streetlight out',
    group: 'Streets',
    departmentId: city.departments.works,
    attributes: [
      { code: 'pole', datatype: 'number', required: true, description: 'Pole number', values: [] },
      { code: 'since', datatype: 'datetime', required: false, description: 'Out since', values: [] },
      { code: 'issues', datatype: 'multivaluelist', required: false, description: 'What is wrong?', values: [{ key: 'dark', name: 'Dark' }, { key: 'flicker', name: 'Flickers' }] },
    ],
  });
  server = await startServer(handle, city.deps, { jurisdictionId: 'testville.gov' });
  servers.push(server.app);
  key = await newKey(city.deps);
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) p.append(k, one);
  return p.toString();
};

async function post(path: string, body: string | Buffer | FormData, contentType?: string) {
  const res = await fetch(`${server.endpoint}${path}`, {
    method: 'POST',
    body: Buffer.isBuffer(body) ? new Uint8Array(body) : body,
    headers: contentType ? { 'content-type': contentType } : {},
  });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

const get = async (path: string) => {
  const res = await fetch(`${server.endpoint}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};

/** Checks the error document in the format asked for, and returns its descriptions. */
function errorsOf(res: { status: number; type: string | null; text: string }, format: 'json' | 'xml'): string[] {
  let list: Array<Record<string, unknown>>;
  if (format === 'json') {
    expect(res.type).toBe('application/json; charset=utf-8');
    list = JSON.parse(res.text);
  } else {
    expect(res.type).toBe('text/xml; charset=utf-8');
    expect(res.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const doc = parseOpen311Xml(res.text);
    expect(doc.root).toBe('errors');
    list = doc.value as Array<Record<string, unknown>>;
  }
  expect(Array.isArray(list) && list.length > 0).toBe(true);
  for (const e of list) {
    expect(Object.keys(e)).toEqual([...SPEC.error]);
    expect(String(e.code)).toBe(String(res.status));
  }
  return list.map((e) => String(e.description));
}

const good = { api_key: '', service_code: 'pothole', lat: '34.06', long: '-117.62', 'attribute[size]': 'small', description: 'Deep one' };

describe('Open311 errors', () => {
  it('refuses every bad POST with the right status and error, writing nothing', async () => {
    const before = await footprint(handle);
    const ok = { ...good, api_key: key };
    const cases: Array<{ name: string; fields: Record<string, string | string[]>; status: number; expect: RegExp }> = [
      { name: 'unknown service', fields: { ...ok, service_code: 'nope' }, status: 404, expect: /service_code/ },
      { name: 'internal-only service', fields: { ...ok, service_code: 'workorder' }, status: 404, expect: /service_code/ },
      { name: 'no service_code', fields: { ...ok, service_code: '' }, status: 400, expect: /service_code: required/ },
      { name: 'missing api_key', fields: { ...ok, api_key: '' }, status: 403, expect: /api_key/ },
      { name: 'wrong api_key', fields: { ...ok, api_key: 'cd_wrong' }, status: 403, expect: /api_key/ },
      { name: 'wrong jurisdiction', fields: { ...ok, jurisdiction_id: 'elsewhere.gov' }, status: 400, expect: /jurisdiction_id/ },
      { name: 'missing location', fields: { ...ok, lat: '', long: '' }, status: 400, expect: /location/ },
      { name: 'half a location', fields: { ...ok, long: '' }, status: 400, expect: /lat, long/ },
      { name: 'latitude not a number', fields: { ...ok, lat: 'north' }, status: 400, expect: /lat: "north" is not a number/ },
      { name: 'latitude out of range', fields: { ...ok, lat: '91' }, status: 400, expect: /latitude/ },
      { name: 'missing required attribute', fields: { ...ok, 'attribute[size]': '' }, status: 400, expect: /attribute\[size\]: is required/ },
      { name: 'value not in the list', fields: { ...ok, 'attribute[size]': 'huge' }, status: 400, expect: /attribute\[size\]: "huge" is not among the allowed values/ },
      { name: 'unknown attribute', fields: { ...ok, 'attribute[colour]': 'red' }, status: 400, expect: /attribute\[colour\]: is not a question/ },
      { name: 'wrong datatype (number)', fields: { ...ok, service_code: 'streetlight', 'attribute[pole]': 'twelve' }, status: 400, expect: /attribute\[pole\]: must be a number/ },
      { name: 'wrong datatype (datetime)', fields: { ...ok, service_code: 'streetlight', 'attribute[pole]': '12', 'attribute[since]': 'last week' }, status: 400, expect: /attribute\[since\]: must be an ISO 8601/ },
      { name: 'multi-value not in list', fields: { ...ok, service_code: 'streetlight', 'attribute[pole]': '12', 'attribute[issues][]': ['dark', 'smoking'] }, status: 400, expect: /attribute\[issues\]: "smoking" not among/ },
      { name: 'description over 4,000 characters', fields: { ...ok, description: 'x'.repeat(4001) }, status: 400, expect: /description: must be at most 4000/ },
      { name: 'a 5 MB description', fields: { ...ok, description: 'x'.repeat(5 * 1024 * 1024) }, status: 400, expect: /description: must be at most 4000/ },
      { name: 'not an e-mail', fields: { ...ok, email: 'not-an-address' }, status: 400, expect: /email/ },
      { name: 'media_url not http', fields: { ...ok, media_url: 'javascript:alert(1)' }, status: 400, expect: /media_url/ },
    ];
    for (const c of cases) {
      for (const format of ['json', 'xml'] as const) {
        const res = await post(`requests.${format}`, form(c.fields), 'application/x-www-form-urlencoded');
        expect({ name: c.name, status: res.status }).toEqual({ name: c.name, status: c.status });
        const descriptions = errorsOf(res, format);
        expect(descriptions.join(' | '), c.name).toMatch(c.expect);
      }
    }
    expect(await footprint(handle)).toEqual(before);
  });

  it('reports several problems at once', async () => {
    const before = await footprint(handle);
    const res = await post(
      'requests.json',
      form({ api_key: key, service_code: 'streetlight', lat: 'x', 'attribute[pole]': 'twelve', 'attribute[issues]': 'smoking', description: 'y'.repeat(4001) }),
      'application/x-www-form-urlencoded',
    );
    expect(res.status).toBe(400);
    const descriptions = errorsOf(res, 'json');
    expect(descriptions).toEqual(
      expect.arrayContaining([expect.stringMatching(/^lat:/), expect.stringMatching(/^lat, long:/), expect.stringMatching(/^description:/), expect.stringMatching(/^attribute\[pole\]:/), expect.stringMatching(/^attribute\[issues\]:/)]),
    );
    expect(await footprint(handle)).toEqual(before);
  });

  it('refuses a revoked key at once', async () => {
    const revoked = await newKey(city.deps, 'open311', 'Old app');
    const ok = await post('requests.json', form({ ...good, api_key: revoked }), 'application/x-www-form-urlencoded');
    expect(ok.status).toBe(200);
    const keys = await city.deps.repos.apiKeys.list();
    await revokeApiKey(city.deps, SYSTEM, keys.find((k) => k.name === 'Old app')!.id);
    const before = await footprint(handle);
    const res = await post('requests.xml', form({ ...good, api_key: revoked }), 'application/x-www-form-urlencoded');
    expect(res.status).toBe(403);
    expect(errorsOf(res, 'xml')[0]).toMatch(/api_key/);
    expect(await footprint(handle)).toEqual(before);
  });

  it('refuses bytes that are not UTF-8, in a form, a query string and a multipart field', async () => {
    const before = await footprint(handle);
    const latin1 = Buffer.concat([Buffer.from(`api_key=${key}&service_code=pothole&lat=34&long=-117&attribute%5Bsize%5D=small&description=Caf`), Buffer.from([0xe9]), Buffer.from(' du coin')]);
    const raw = await post('requests.json', latin1, 'application/x-www-form-urlencoded');
    expect(raw.status).toBe(400);
    expect(errorsOf(raw, 'json')[0]).toMatch(/UTF-8/);
    const escaped = await post('requests.xml', `${form({ ...good, api_key: key })}&description=Caf%E9`, 'application/x-www-form-urlencoded');
    expect(escaped.status).toBe(400);
    expect(errorsOf(escaped, 'xml')[0]).toMatch(/UTF-8/);
    const query = await get('requests.json?service_code=pot%FFhole');
    expect(query.status).toBe(400);
    expect(errorsOf(query, 'json')[0]).toMatch(/UTF-8/);
    const boundary = 'XyZ';
    const multipart = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="api_key"\r\n\r\n${key}\r\n--${boundary}\r\nContent-Disposition: form-data; name="service_code"\r\n\r\npothole\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="lat"\r\n\r\n34\r\n--${boundary}\r\nContent-Disposition: form-data; name="long"\r\n\r\n-117\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attribute[size]"\r\n\r\nsmall\r\n--${boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\nCaf`),
      Buffer.from([0xe9]),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const mp = await post('requests.json', multipart, `multipart/form-data; boundary=${boundary}`);
    expect(mp.status).toBe(400);
    expect(errorsOf(mp, 'json')[0]).toMatch(/UTF-8/);
    expect(await footprint(handle)).toEqual(before);
  });

  it('refuses bad GET parameters: a 91-day range, malformed dates, bad paging, bbox, status', async () => {
    const cases: Array<[string, RegExp]> = [
      ['requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-04-02T00:00:00Z', /span more than 90 days/],
      ['requests.json?start_date=2026-01-01&end_date=2026-04-01T00:00:01Z', /span more than 90 days/],
      ['requests.json?start_date=yesterday', /start_date: "yesterday" is not an ISO 8601/],
      ['requests.json?end_date=2026-02-30T00:00:00Z', /end_date: "2026-02-30T00:00:00Z" is not a valid date-time/],
      ['requests.json?start_date=2026-13-01', /start_date/],
      ['requests.json?updated_after=12%2F01%2F2026', /updated_after/],
      ['requests.json?start_date=2026-03-01&end_date=2026-02-01', /must not be after/],
      ['requests.json?page_size=0', /page_size/],
      ['requests.json?page_size=1001', /page_size/],
      ['requests.json?page=-1', /page/],
      ['requests.json?bbox=1,2,3', /bbox/],
      ['requests.json?bbox=-117,34,-118,35', /bbox/],
      ['requests.json?status=pending', /status: "pending" is neither open nor closed/],
      ['requests.json?extensions=maybe', /extensions/],
      ['servicerequestupdates.json?start_date=2026-01-01&end_date=2026-06-01', /span more than 90 days/],
      ['servicerequestupdates.json?end_date=soon', /end_date/],
      ['services.json?jurisdiction_id=elsewhere.gov', /jurisdiction_id/],
    ];
    for (const [path, pattern] of cases) {
      for (const format of ['json', 'xml'] as const) {
        const res = await get(path.replace('.json', `.${format}`));
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expect(errorsOf(res, format).join(' | '), path).toMatch(pattern);
      }
    }
    const several = await get('requests.json?start_date=nope&end_date=never&page_size=0');
    expect(errorsOf(several, 'json')).toHaveLength(3);
  });

  it('answers 404 for unknown requests, services, tokens and resources', async () => {
    const cases: Array<[string, RegExp]> = [
      ['requests/26-999999.json', /service_request_id/],
      ['requests/not-an-id.xml', /service_request_id/],
      ['services/nope.json', /service_code/],
      ['services/workorder.xml', /service_code/],
      ['tokens/nope.json', /token/],
      ['nothing.json', /no Open311 resource/],
      ['services.csv', /services.xml or services.json/],
      ['v3/requests.json', /no Open311 resource/],
    ];
    for (const [path, pattern] of cases) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(errorsOf(res, path.endsWith('.json') ? 'json' : 'xml').join(' | ')).toMatch(pattern);
    }
  });

  it('never answers 500, whatever it is sent', async () => {
    const before = await footprint(handle);
    const bodies: Array<[string, string | Buffer]> = [
      ['application/json', JSON.stringify({ ...good, api_key: key })],
      ['text/plain', 'hello'],
      ['application/x-www-form-urlencoded', '%%%&&&==='],
      ['application/x-www-form-urlencoded', `api_key=${key}&service_code=pothole&lat=1e999&long=0`],
      ['application/x-www-form-urlencoded', `api_key=${key}&service_code=pothole&lat=NaN&long=Infinity`],
      ['application/x-www-form-urlencoded', `api_key=${key}&service_code[]=pothole&lat=34&long=-117`],
      ['application/x-www-form-urlencoded', `api_key=${key}&service_code=${'p'.repeat(100_000)}`],
      ['application/x-www-form-urlencoded', `api_key=${key}&service_code=pothole&lat=34&long=-117&attribute[size][]=small&attribute[size][]=large`],
      ['application/x-www-form-urlencoded', `api_key=${key}&service_code=pothole&address_string=${'a'.repeat(600)}`],
      ['application/x-www-form-urlencoded', Buffer.from([0xff, 0xfe, 0x00, 0x41])],
      ['multipart/form-data; boundary=nope', 'garbage'],
      ['multipart/form-data', 'garbage'],
    ];
    for (const [type, body] of bodies) {
      for (const path of ['requests.json', 'requests.xml', 'servicerequestupdates.json']) {
        const res = await post(path, body, type);
        expect({ type, path, status: res.status < 500 }).toEqual({ type, path, status: true });
        errorsOf(res, path.endsWith('.json') ? 'json' : 'xml');
      }
    }
    const gets = [
      'requests.json?service_request_id=' + ','.repeat(5000),
      'requests.json?service_code=%00%01',
      'requests.json?bbox=NaN,NaN,NaN,NaN',
      'requests.json?page=999999999999',
      'requests/%E2%82.json',
      'requests.json?lat=1&long=2&start_date=0000-00-00',
      'tokens/' + 'x'.repeat(150) + '.json',
      'services/%00.xml',
    ];
    for (const path of gets) {
      const res = await get(path);
      expect({ path, ok: res.status < 500 }).toEqual({ path, ok: true });
    }
    expect(await footprint(handle)).toEqual(before);
  });
});
