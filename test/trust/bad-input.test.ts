import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { one, rows, sql } from '../../src/db/sql.js';
import { buildTestApp, signInAs, type Session } from '../support/app.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, type TinyCity } from '../support/factories.js';
import { newKey } from '../open311/support.js';
import { parseOpen311Xml } from '../open311/open311-xml.js';
import { BAD_IDS, badBodies, badFiles, INJECTIONS, multipart, wrongQueryValues, wrongValues, type BadFile, type Case, type JsonSchema } from './bad-input-corpus.js';

// The bad-input corpus (issue 10): malformed requests to every route of the internal API (from
// its OpenAPI document), to Open311 (GET and POST, XML and JSON) and to the photo uploads. Every
// answer is a 4xx in the route's own error format, none is a 5xx, and no table gains or loses a
// row (photos live in media/media_blobs, so that covers stored files too).

let handle: DatabaseHandle;
let city: TinyCity;
let app: FastifyInstance;
let admin: Session;
let apiKey: string;
let req1: { id: number; publicId: string; token: string };
let tables: string[];
let tried = 0;
const failures: string[] = [];
let ip = 0;

beforeAll(async () => {
  handle = await testDb();
  await resetDb(handle);
  city = await buildTinyCity(handle);
  app = await buildTestApp(handle, city.deps);
  admin = await signInAs(app, handle, 'corpus-admin@city.example', 'admin');
  apiKey = await newKey(city.deps);
  const r = await buildRequest(city.deps, { reporter: { email: 'resident@example.org' } });
  req1 = { id: r.id, publicId: r.publicId, token: r.token };
  tables = (await rows<{ t: string }>(handle.db, sql`select tablename as t from pg_tables where schemaname = 'public' and tablename <> 'spatial_ref_sys' order by 1`)).map((x) => x.t);
});
afterAll(async () => {
  await app?.close();
});

async function footprint(): Promise<Record<string, number>> {
  const q = `select ${tables.map((t) => `(select count(*)::int from "${t}") as "${t}"`).join(', ')}`;
  return (await one<Record<string, number>>(handle.db, sql.raw(q)))!;
}

function checkFormat(c: Case, res: LightMyRequestResponse): string | undefined {
  const type = String(res.headers['content-type'] ?? '');
  try {
    // A page for people; a URL the router itself refuses gets the API's JSON error.
    if (c.format === 'html' && type.startsWith('text/html')) return undefined;
    if (c.format === 'api' || c.format === 'html') {
      if (!type.startsWith('application/json')) return `content-type ${type}`;
      const e = res.json().error;
      if (typeof e?.code !== 'string' || typeof e?.message !== 'string') return `not the API error shape: ${res.body.slice(0, 200)}`;
    } else if (c.format === 'open311-json') {
      if (!type.startsWith('application/json')) return `content-type ${type}`;
      const list = res.json();
      if (!Array.isArray(list) || !list.length || list.some((e) => typeof e.code !== 'number' || typeof e.description !== 'string')) return `not [{code, description}]: ${res.body.slice(0, 200)}`;
    } else {
      if (!type.startsWith('text/xml')) return `content-type ${type}`;
      const doc = parseOpen311Xml(res.body);
      const list = doc.value as Array<Record<string, unknown>>;
      if (doc.root !== 'errors' || !Array.isArray(list) || !list.length || list.some((e) => e.code === undefined || typeof e.description !== 'string')) return `not <errors><error><code/><description/>: ${res.body.slice(0, 200)}`;
    }
  } catch (err) {
    return `unreadable error document (${(err as Error).message}): ${res.body.slice(0, 200)}`;
  }
  return undefined;
}

/** Sends each case (from its own address, so rate limits don't answer for the validation) and checks it. */
const timings: Record<string, number> = {};
async function run(label: string, cases: Case[]) {
  const t0 = Date.now();
  const before = await footprint();
  for (const c of cases) {
    tried++;
    ip++;
    const res = await app.inject({
      method: c.method as 'GET',
      url: c.url,
      headers: { 'x-forwarded-for': `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`, ...c.headers },
      ...(c.payload !== undefined ? { payload: c.payload } : {}),
    });
    const where = `${label}: ${c.name} — ${c.method} ${c.url.slice(0, 120)}`;
    if (res.statusCode < 400 || res.statusCode >= 500) failures.push(`${where} → ${res.statusCode} ${res.body.slice(0, 300)}`);
    else {
      const bad = checkFormat(c, res);
      if (bad) failures.push(`${where} → ${res.statusCode} ${bad}`);
    }
  }
  const after = await footprint();
  const changed = tables.filter((t) => before[t] !== after[t]).map((t) => `${t} ${before[t]} → ${after[t]}`);
  if (changed.length) failures.push(`${label}: rows changed: ${changed.join(', ')}`);
  const section = label.startsWith('operations ') ? 'api' : label;
  timings[section] = (timings[section] ?? 0) + Date.now() - t0;
}

interface Operation {
  method: string;
  path: string;
  params: Array<{ in: string; name: string; required?: boolean; schema: JsonSchema }>;
  body: JsonSchema | undefined;
}

async function operations(): Promise<Operation[]> {
  const doc = (await app.inject('/docs/json')).json() as { paths: Record<string, Record<string, { parameters?: Operation['params']; requestBody?: { content?: Record<string, { schema: JsonSchema }> } }>> };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/') && !path.startsWith('/media/')) continue;
    if (path === '/api/auth/logout') continue; // it would end the corpus's own session
    for (const [method, op] of Object.entries(methods)) {
      ops.push({ method: method.toUpperCase(), path, params: op.parameters ?? [], body: op.requestBody?.content?.['application/json']?.schema });
    }
  }
  return ops;
}

/** At most this many generated cases per operation (chosen evenly from its list), to keep the file under ~40 s. */
const PER_OPERATION = 16;
const spread = <T>(list: T[], n: number): T[] => (list.length <= n ? list : Array.from({ length: n }, (_, i) => list[Math.floor((i * list.length) / n)]!));

const HEAVY = new Set(['/api/requests', '/api/portal/reports', '/api/requests/{id}/comments', '/api/requests/{id}/close', '/api/admin/services', '/api/integration/v1/requests/{ref}/comments', '/api/track/{publicId}/follow']);

const validParam = (name: string): string => (name === 'id' ? String(req1.id) : name === 'publicId' || name === 'ref' ? req1.publicId : 'a'.repeat(24));

function fill(path: string, override?: { name: string; value: string }) {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => (override?.name === name ? override.value : encodeURIComponent(validParam(name))));
}

function casesFor(op: Operation, session: Session | undefined): Case[] {
  const headers = session ? session.headers : {};
  const cases: Case[] = [];
  const pathParams = op.params.filter((p) => p.in === 'path');
  const query = op.params.filter((p) => p.in === 'query');
  const unsafe = op.method !== 'GET' && op.method !== 'HEAD';
  const baseUrl = fill(op.path);
  // The unfollow link from an e-mail answers a person, with a page.
  const format: Case['format'] = op.method === 'GET' && op.path.startsWith('/api/unfollow/') ? 'html' : 'api';
  // Path parameters: overlong, traversal, NUL, SQL, numbers out of range.
  for (const p of pathParams) {
    for (const v of BAD_IDS) {
      cases.push({ name: `path ${p.name}=${v.slice(0, 30)}`, method: op.method, url: fill(op.path, { name: p.name, value: v }), headers: { ...headers, ...(unsafe ? { 'content-type': 'application/json' } : {}) }, ...(unsafe ? { payload: '{}' } : {}), format });
    }
  }
  // Query parameters: wrong types, out of range, injection where a format is expected, repeated, non-UTF-8.
  for (const p of query) {
    for (const v of wrongQueryValues(p.schema)) cases.push({ name: `query ${p.name}=${decodeURIComponent(v).slice(0, 30)}`, method: op.method, url: `${baseUrl}?${p.name}=${v}`, headers, format: 'api' });
    const typed = p.schema.type !== 'string' || p.schema.enum || p.schema.pattern || p.schema.format || p.schema.anyOf;
    if (typed) {
      cases.push({ name: `query ${p.name} repeated`, method: op.method, url: `${baseUrl}?${p.name}=1&${p.name}=2`, headers, format: 'api' });
      cases.push({ name: `query ${p.name} non-UTF-8`, method: op.method, url: `${baseUrl}?${p.name}=%FF%FE%00`, headers, format: 'api' });
    }
  }
  if (query.some((p) => p.required)) cases.push({ name: 'required query missing', method: op.method, url: baseUrl, headers, format: 'api' });
  if (unsafe) {
    // Bodies that are not JSON, not the right JSON, too big, too deep or not UTF-8.
    // A route that takes no body ignores well-formed JSON; anything malformed is still refused.
    // The costly ones (2 MiB, 100,000 levels deep) go to the routes that write requests and comments.
    const heavy = HEAVY.has(op.path);
    for (const b of badBodies().filter((x) => (op.body || !x.wellFormed) && (heavy || !x.heavy))) cases.push({ name: b.name, method: op.method, url: baseUrl, headers: { ...headers, ...b.headers }, payload: b.payload, format });
    const props = op.body?.properties ?? {};
    if (op.body?.required?.length) cases.push({ name: 'required fields missing', method: op.method, url: baseUrl, headers: { ...headers, 'content-type': 'application/json' }, payload: '{}', format: 'api' });
    for (const [name, schema] of Object.entries(props)) {
      for (const v of wrongValues(schema)) {
        cases.push({ name: `body ${name}=${JSON.stringify(v)?.slice(0, 30)}`, method: op.method, url: baseUrl, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify({ [name]: v }), format: 'api' });
      }
    }
  }
  return cases;
}

const SUBMIT = { serviceCode: 'pothole', description: 'Pothole by the school', location: { lat: 34.06, lng: -117.62 }, answers: { size: 'large' } };

/** One field wrong at a time on an otherwise good report: the submission doors, where rows are written. */
function submissionCases(url: string): Case[] {
  const json = { 'content-type': 'application/json' };
  const variants: Array<[string, unknown]> = [
    ['lat 91', { ...SUBMIT, location: { lat: 91, lng: 0 } }],
    ['lat -90.0001', { ...SUBMIT, location: { lat: -90.0001, lng: 0 } }],
    ['lng 181', { ...SUBMIT, location: { lat: 0, lng: 181 } }],
    ['lat 1e308', { ...SUBMIT, location: { lat: 1e308, lng: 1e308 } }],
    ['lat -1e308', { ...SUBMIT, location: { lat: -1e308, lng: 5 } }],
    ['lat "NaN"', { ...SUBMIT, location: { lat: 'NaN', lng: 0 } }],
    ['lat "34.06"', { ...SUBMIT, location: { lat: '34.06', lng: '-117.62' } }],
    ['lat null', { ...SUBMIT, location: { lat: null, lng: null } }],
    ['location as string', { ...SUBMIT, location: 'POINT(0 0)' }],
    ['location as array', { ...SUBMIT, location: [34.06, -117.62] }],
    ['location missing lng', { ...SUBMIT, location: { lat: 34.06 } }],
    ['no location at all', { ...SUBMIT, location: undefined }],
    ['unknown service', { ...SUBMIT, serviceCode: 'no-such-thing' }],
    ['internal-only service from the public', { ...SUBMIT, serviceCode: 'workorder' }],
    ['service code SQL', { ...SUBMIT, serviceCode: "pothole' OR '1'='1" }],
    ['service code with NUL', { ...SUBMIT, serviceCode: 'pothole\u0000' }],
    ['service code empty', { ...SUBMIT, serviceCode: '' }],
    ['service code overlong', { ...SUBMIT, serviceCode: 'p'.repeat(101) }],
    ['service code a number', { ...SUBMIT, serviceCode: 42 }],
    ['description over 4000', { ...SUBMIT, description: 'd'.repeat(4001) }],
    ['description over 20000', { ...SUBMIT, description: 'd'.repeat(20_001) }],
    ['description with NUL', { ...SUBMIT, description: 'a pothole\u0000 and more' }],
    ['description lone surrogate', { ...SUBMIT, description: 'broken \ud800 text' }],
    ['description an object', { ...SUBMIT, description: { $ne: null } }],
    ['description an array', { ...SUBMIT, description: ['a', 'b'] }],
    ['answers missing the required one', { ...SUBMIT, answers: {} }],
    ['answer not in the list', { ...SUBMIT, answers: { size: 'enormous' } }],
    ['answer SQL', { ...SUBMIT, answers: { size: "large'; drop table requests;--" } }],
    ['answer an object', { ...SUBMIT, answers: { size: { nested: { deep: 1 } } } }],
    ['answers an array', { ...SUBMIT, answers: ['large'] }],
    ['answer with NUL', { ...SUBMIT, answers: { size: 'large', lane: 'left\u0000' } }],
    ['answers 101 items', { ...SUBMIT, answers: { size: 'large', lane: Array(101).fill('x') } }],
    ['answer key overlong', { ...SUBMIT, answers: { size: 'large', ['k'.repeat(101)]: 'x' } }],
    ['reporter email invalid', { ...SUBMIT, reporter: { email: 'not-an-email' } }],
    ['reporter email with HTML', { ...SUBMIT, reporter: { email: '<script>@x.y' } }],
    ['reporter email overlong', { ...SUBMIT, reporter: { email: `${'a'.repeat(250)}@x.io` } }],
    ['reporter name with NUL', { ...SUBMIT, reporter: { name: 'Ann\u0000', email: 'ann@example.org' } }],
    ['reporter a string', { ...SUBMIT, reporter: 'Ann' }],
    ['reporter phone overlong', { ...SUBMIT, reporter: { phone: '5'.repeat(41) } }],
    ['address id unknown', { ...SUBMIT, location: undefined, addressId: 'NOPE-1' }],
    ['address id SQL', { ...SUBMIT, location: undefined, addressId: "1' OR '1'='1" }],
    ['address overlong', { ...SUBMIT, address: 'a'.repeat(501) }],
    ['zipcode overlong', { ...SUBMIT, zipcode: '9'.repeat(21) }],
    ['locale unknown', { ...SUBMIT, locale: 'xx' }],
    ['locale injection', { ...SUBMIT, locale: "en'; --" }],
    ['priority from the public', { ...SUBMIT, priority: 'urgent' }],
    ['channel phone from the public', { ...SUBMIT, channel: 'phone' }],
    ['channel unknown', { ...SUBMIT, channel: 'carrier-pigeon' }],
    ['an extra field', { ...SUBMIT, status: 'closed' }],
    ['an extra nested field', { ...SUBMIT, reporter: { email: 'a@b.co', isAdmin: true } }],
    ['extra id field', { ...SUBMIT, id: 1, publicId: '26-000001' }],
  ];
  const out: Case[] = variants.map(([name, body]) => ({ name, method: 'POST', url, headers: json, payload: JSON.stringify(body), format: 'api' as const }));
  out.push({ name: 'Idempotency-Key overlong', method: 'POST', url, headers: { ...json, 'idempotency-key': 'k'.repeat(201) }, payload: JSON.stringify({ ...SUBMIT, serviceCode: 'nope' }), format: 'api' });
  out.push({ name: 'Idempotency-Key not ASCII', method: 'POST', url, headers: { ...json, 'idempotency-key': 'clé' }, payload: JSON.stringify(SUBMIT), format: 'api' });
  return out;
}

function open311Cases(): Case[] {
  const cases: Case[] = [];
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const good: Record<string, string> = { api_key: apiKey, service_code: 'pothole', lat: '34.06', long: '-117.62', description: 'Pothole', 'attribute[size]': 'small' };
  const enc = (o: Record<string, string>) => new URLSearchParams(o).toString();
  for (const ext of ['json', 'xml'] as const) {
    const format = ext === 'json' ? ('open311-json' as const) : ('open311-xml' as const);
    const get = (name: string, url: string) => cases.push({ name: `${ext} GET ${name}`, method: 'GET', url: `/open311/v2/${url}`, format });
    get('unknown resource', `nothing.${ext}`);
    get('definition of unknown service', `services/${encodeURIComponent("x' OR 1=1")}.${ext}`);
    get('definition with an overlong code', `services/${'s'.repeat(190)}.${ext}`);
    for (const [p, v] of [
      ['start_date', 'yesterday'],
      ['start_date', '2026-13-45T99:99:99Z'],
      ['end_date', "1' OR '1'='1"],
      ['status', 'maybe'],
      ['status', '<script>'],
      ['service_request_id', 'x'.repeat(5000)],
      ['page_size', 'all'],
      ['page', '-1'],
      ['service_code', '%FF%FE'],
      ['description', '%00'],
    ] as const) {
      get(`requests ${p}=${v.slice(0, 20)}`, `requests.${ext}?${p}=${v.includes('%') ? v : encodeURIComponent(v)}`);
    }
    get('request with an overlong id', `requests/${'9'.repeat(190)}.${ext}`);
    get('request with an id of SQL', `requests/${encodeURIComponent("1' OR '1'='1")}.${ext}`);
    get('request with a NUL id', `requests/%00.${ext}`);
    get('token unknown', `tokens/${'t'.repeat(150)}.${ext}`);
    get('updates with a bad date', `servicerequestupdates.${ext}?start_date=never`);

    const post = (name: string, body: string | Buffer, headers: Record<string, string> = form, file = `requests.${ext}`) =>
      cases.push({ name: `${ext} POST ${name}`, method: 'POST', url: `/open311/v2/${file}`, headers, payload: body, format });
    const without = (k: string) => Object.fromEntries(Object.entries(good).filter(([key]) => key !== k));
    post('no api_key', enc(without('api_key')));
    post('a wrong api_key', enc({ ...good, api_key: 'cd_wrong' }));
    post('api_key SQL', enc({ ...good, api_key: "' OR '1'='1" }));
    post('no service_code', enc(without('service_code')));
    post('unknown service_code', enc({ ...good, service_code: 'nope' }));
    post('internal service_code', enc({ ...good, service_code: 'workorder' }));
    post('lat 91', enc({ ...good, lat: '91' }));
    post('long -181', enc({ ...good, long: '-181' }));
    post('lat NaN', enc({ ...good, lat: 'NaN' }));
    post('lat Infinity', enc({ ...good, lat: 'Infinity' }));
    post('lat 1e308', enc({ ...good, lat: '1e308', long: '1e308' }));
    post('lat hex', enc({ ...good, lat: '0x22' }));
    post('lat without long', enc(without('long')));
    post('no location', enc(without('lat') && Object.fromEntries(Object.entries(good).filter(([k]) => k !== 'lat' && k !== 'long'))));
    post('required attribute missing', enc(without('attribute[size]')));
    post('attribute not in the list', enc({ ...good, 'attribute[size]': 'giant' }));
    post('attribute SQL', enc({ ...good, 'attribute[size]': "small'; drop table requests; --" }));
    post('description over 4000', enc({ ...good, description: 'd'.repeat(4001) }));
    post('description 5 MB', enc({ ...good, description: 'd'.repeat(5 * 1024 * 1024) }));
    post('body over 8 MB', enc({ ...good, description: 'd'.repeat(9 * 1024 * 1024) }));
    post('NUL in description', `${enc(without('description'))}&description=a%00b`);
    post('non-UTF-8 in description', `${enc(without('description'))}&description=caf%E9%FF`);
    post('raw non-UTF-8 bytes', Buffer.concat([Buffer.from(`${enc(without('description'))}&description=`), Buffer.from([0xc3, 0x28, 0xff])]));
    post('email invalid', enc({ ...good, email: 'nobody' }));
    post('email overlong', enc({ ...good, email: `${'e'.repeat(260)}@x.io` }));
    post('media_url javascript:', enc({ ...good, media_url: 'javascript:alert(1)' }));
    post('media_url file:', enc({ ...good, media_url: 'file:///etc/passwd' }));
    post('media_url overlong', enc({ ...good, media_url: `https://x.io/${'a'.repeat(2000)}` }));
    post('address_id unknown', enc({ ...without('lat'), long: '', address_id: 'NOPE' }));
    post('XML body with XXE', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><service_request><service_code>&x;</service_code></service_request>', { 'content-type': 'text/xml' });
    post(
      'XML billion laughs',
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><service_request><description>&lol4;</description></service_request>',
      { 'content-type': 'application/xml' },
    );
    post('JSON body', JSON.stringify(good), { 'content-type': 'application/json' });
    post('deep JSON body', '['.repeat(50_000) + ']'.repeat(50_000), { 'content-type': 'application/json' });
    post('text/plain body', enc(good), { 'content-type': 'text/plain' });
    post('no content type', enc(good), {});
    post('to a resource that takes no POST', enc(good), form, `services.${ext}`);
    post('an update with no id', enc({ api_key: apiKey, description: 'x' }), form, `servicerequestupdates.${ext}`);
    post('an update to an unknown request', enc({ api_key: apiKey, service_request_id: '99-999999', status: 'closed', description: 'x', updated_datetime: '2026-01-01T00:00:00Z' }), form, `servicerequestupdates.${ext}`);
    post('an update with SQL status', enc({ api_key: apiKey, service_request_id: req1.publicId, status: "closed' --", description: 'x', updated_datetime: '2026-01-01T00:00:00Z' }), form, `servicerequestupdates.${ext}`);
    post('Idempotency-Key overlong', enc({ ...good, service_code: 'nope' }), { ...form, 'idempotency-key': 'k'.repeat(300) });
  }
  return cases;
}

function uploadCases(files: BadFile[], goodJpeg: Buffer): Case[] {
  const cases: Case[] = [];
  const track = `/api/track/${req1.publicId}/photos`;
  const staff = `/api/requests/${req1.id}/photos`;
  const open311Fields = { api_key: apiKey, service_code: 'pothole', lat: '34.06', long: '-117.62', description: 'Pothole with photo', 'attribute[size]': 'small' };
  for (const f of files) {
    const file = { filename: f.filename, contentType: f.contentType, bytes: f.bytes };
    const portal = multipart([{ name: 'photo', file }]);
    cases.push({ name: `portal photo: ${f.name}`, method: 'POST', url: track, headers: { ...portal.headers, 'x-report-token': req1.token }, payload: portal.payload, format: 'api' });
    const console = multipart([{ name: 'visibility', value: 'public' }, { name: 'photo', file }]);
    cases.push({ name: `staff photo: ${f.name}`, method: 'POST', url: staff, headers: { ...console.headers, ...admin.headers }, payload: console.payload, format: 'api' });
    for (const ext of ['json', 'xml'] as const) {
      const o = multipart([...Object.entries(open311Fields).map(([name, value]) => ({ name, value })), { name: 'media', file }]);
      cases.push({ name: `Open311 ${ext} media: ${f.name}`, method: 'POST', url: `/open311/v2/requests.${ext}`, headers: o.headers, payload: o.payload, format: ext === 'json' ? 'open311-json' : 'open311-xml' });
    }
  }
  const good = { filename: 'ok.jpg', contentType: 'image/jpeg', bytes: goodJpeg };
  const wrongToken = multipart([{ name: 'photo', file: good }]);
  cases.push({ name: 'portal photo with a wrong token', method: 'POST', url: track, headers: { ...wrongToken.headers, 'x-report-token': 'x'.repeat(24) }, payload: wrongToken.payload, format: 'api' });
  cases.push({ name: 'portal photo without a token', method: 'POST', url: track, headers: wrongToken.headers, payload: wrongToken.payload, format: 'api' });
  const wrongField = multipart([{ name: 'picture', file: good }]);
  cases.push({ name: 'portal photo in the wrong field', method: 'POST', url: track, headers: { ...wrongField.headers, 'x-report-token': req1.token }, payload: wrongField.payload, format: 'api' });
  const two = multipart([{ name: 'photo', file: good }, { name: 'photo', file: good }]);
  cases.push({ name: 'portal: two photos in one upload', method: 'POST', url: track, headers: { ...two.headers, 'x-report-token': req1.token }, payload: two.payload, format: 'api' });
  cases.push({ name: 'portal photo as JSON', method: 'POST', url: track, headers: { 'content-type': 'application/json', 'x-report-token': req1.token }, payload: '{"photo":"data:image/png;base64,AAAA"}', format: 'api' });
  const broken = multipart([{ name: 'photo', file: good }]);
  cases.push({ name: 'portal: multipart cut off mid-file', method: 'POST', url: track, headers: { ...broken.headers, 'x-report-token': req1.token }, payload: broken.payload.subarray(0, 300), format: 'api' });
  cases.push({ name: 'portal: multipart with no boundary', method: 'POST', url: track, headers: { 'content-type': 'multipart/form-data', 'x-report-token': req1.token }, payload: broken.payload, format: 'api' });
  cases.push({ name: 'staff: multipart cut off mid-file', method: 'POST', url: staff, headers: { ...broken.headers, ...admin.headers }, payload: broken.payload.subarray(0, 300), format: 'api' });
  cases.push({ name: 'staff: no file', method: 'POST', url: staff, headers: { ...multipart([{ name: 'visibility', value: 'public' }]).headers, ...admin.headers }, payload: multipart([{ name: 'visibility', value: 'public' }]).payload, format: 'api' });
  const stray = multipart([...Object.entries(open311Fields).map(([name, value]) => ({ name, value })), { name: 'attachment', file: good }]);
  cases.push({ name: 'Open311: a file not named media', method: 'POST', url: '/open311/v2/requests.json', headers: stray.headers, payload: stray.payload, format: 'open311-json' });
  cases.push({ name: 'Open311: multipart cut off', method: 'POST', url: '/open311/v2/requests.xml', headers: stray.headers, payload: stray.payload.subarray(0, stray.payload.length - 200), format: 'open311-xml' });
  return cases;
}

describe('the bad-input corpus', () => {
  it('answers every malformed request with a 4xx in the route’s own format, never a 5xx, and writes nothing', async () => {
    const started = Date.now();
    const counts: Record<string, number> = {};
    const ops = await operations();
    // Row counts are compared per ten operations (a count of every table costs more than the requests).
    for (let i = 0; i < ops.length; i += 10) {
      const group = ops.slice(i, i + 10);
      const cases = group.flatMap((op) => spread(casesFor(op, admin), PER_OPERATION).map((c) => ({ ...c, name: `${op.method} ${op.path}: ${c.name}` })));
      counts.api = (counts.api ?? 0) + cases.length;
      await run(`operations ${group.map((op) => `${op.method} ${op.path}`).join(', ')}`, cases);
    }
    // The same routes without a session: the first bad path or body of each, refused as it should be.
    const anonymous = ops.flatMap((op) => casesFor(op, undefined).slice(0, 2));
    counts.anonymous = anonymous.length;
    await run('anonymous', anonymous);

    const submissions = [...submissionCases('/api/requests'), ...submissionCases('/api/portal/reports')];
    counts.submissions = submissions.length;
    await run('submission', submissions);

    const open311 = open311Cases();
    counts.open311 = open311.length;
    await run('open311', open311);

    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } }).png().toBuffer();
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3c3' } }).jpeg().toBuffer();
    const uploads = uploadCases(badFiles(png, jpeg), jpeg);
    counts.uploads = uploads.length;
    await run('upload', uploads);

    console.info(`bad-input corpus: ${tried} malformed requests (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}) over ${ops.length} API operations; ${failures.length} failures; ${((Date.now() - started) / 1000).toFixed(1)} s (${Object.entries(timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')})`);
    expect(failures).toEqual([]);
    expect(tried).toBeGreaterThanOrEqual(500);
  }, 300_000);

  it('takes injection strings in free text as text: stored verbatim, nothing else touched', async () => {
    const before = await footprint();
    for (const text of INJECTIONS.filter((s) => !s.includes('\u0000'))) {
      const res = await app.inject({ method: 'POST', url: '/api/requests', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ ...SUBMIT, description: text, address: text }) });
      expect(res.statusCode).toBe(201);
      const back = await one<{ description: string; address: string }>(handle.db, sql`select description, address from requests where id = ${res.json().id}`);
      expect(back).toEqual({ description: text, address: text });
    }
    const after = await footprint();
    expect(after.requests! - before.requests!).toBe(INJECTIONS.length - 1);
    expect(tables.filter((t) => !['requests', 'request_events', 'outbox'].includes(t) && before[t] !== after[t]).filter((t) => !t.startsWith('report_'))).toEqual([]);
  });
});
