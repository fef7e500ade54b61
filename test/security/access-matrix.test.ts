import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/create-api-key.js';
import { createIntegrationKey } from '../../src/app/create-integration-key.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import type { RouteAccess } from '../../src/domain/access.js';
import { SYSTEM, type Actor } from '../../src/domain/actor.js';
import { can } from '../../src/domain/policy.js';
import type { Role } from '../../src/domain/vocabulary.js';
import { testPhoto } from '../../e2e/support/png.js';
import { buildTestApp, signInAs, type Session } from '../support/app.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, type TinyCity } from '../support/factories.js';

// The role-matrix walk: every API route the app registers (collected by the access plugin's
// onRoute hook) is called as every kind of caller, and the answer is compared with what the
// route's access row and the permission matrix (can) say. A route without a row stops the app.

type Caller =
  | { name: string; kind: 'anonymous' | 'resident' | 'reporter' | 'integration' | 'open311' }
  | { name: string; kind: 'staff'; role: Role; departments: ('works' | 'parks')[] };

const CALLERS: Caller[] = [
  { name: 'anonymous', kind: 'anonymous' },
  { name: 'resident (not the reporter)', kind: 'resident' },
  { name: 'reporter', kind: 'reporter' },
  { name: 'call-taker', kind: 'staff', role: 'call_taker', departments: [] },
  { name: 'field crew (works)', kind: 'staff', role: 'field', departments: ['works'] },
  { name: 'department staff, own department', kind: 'staff', role: 'department_staff', departments: ['works'] },
  { name: 'department staff, other department', kind: 'staff', role: 'department_staff', departments: ['parks'] },
  { name: 'supervisor', kind: 'staff', role: 'supervisor', departments: [] },
  { name: 'read-only', kind: 'staff', role: 'read_only', departments: [] },
  { name: 'admin', kind: 'staff', role: 'admin', departments: [] },
  { name: 'integration key', kind: 'integration' },
  { name: 'Open311 api_key', kind: 'open311' },
];

function staffActor(caller: Extract<Caller, { kind: 'staff' }>, city: TinyCity): Extract<Actor, { type: 'staff' }> {
  return { type: 'staff', userId: 0, name: caller.name, role: caller.role, departmentIds: caller.departments.map((d) => city.departments[d]) };
}

type Outcome = 'allowed' | 401 | 403 | 'hidden';

/** What the access row and the matrix say, for a request of the Public Works department. */
function expected(access: RouteAccess, caller: Caller, city: TinyCity): Outcome {
  switch (access.who) {
    case 'anyone': {
      if (!access.any) return 'allowed';
      const actor: Actor = caller.kind === 'staff' ? staffActor(caller, city) : { type: 'resident', residentId: null, name: null };
      return access.any.some((p) => can(actor, p)) ? 'allowed' : 403;
    }
    case 'reporter':
      return caller.kind === 'reporter' ? 'allowed' : 403;
    case 'resident':
      return 401; // no caller here holds a resident session (test/security/accounts-resident.test.ts)
    case 'integration':
      return caller.kind === 'integration' ? 'allowed' : 401;
    case 'api_key':
      return caller.kind === 'integration' || caller.kind === 'open311' ? 'allowed' : 403;
    case 'staff': {
      if (caller.kind !== 'staff') return 401;
      if (!access.any) return 'allowed';
      const actor = staffActor(caller, city);
      if (!access.any.some((p) => can(actor, p))) return 403;
      if (access.request && !access.any.some((p) => can(actor, p, city.departments.works))) return 'hidden';
      return 'allowed';
    }
  }
}

function matches(outcome: Outcome, status: number): boolean {
  if (status >= 500) return false;
  if (outcome === 'allowed') return status !== 401 && status !== 403;
  if (outcome === 'hidden') return status === 403 || status === 404;
  return status === outcome;
}

function multipart(field: string, data: Buffer, extra: Record<string, string> = {}) {
  const b = '----civicdesk-walk';
  const parts = Object.entries(extra).map(([k, v]) => `--${b}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  const payload = Buffer.concat([Buffer.from(parts.join('')), Buffer.from(`--${b}\r\ncontent-disposition: form-data; name="${field}"; filename="p.png"\r\ncontent-type: image/png\r\n\r\n`), data, Buffer.from(`\r\n--${b}--\r\n`)]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}

let handle: DatabaseHandle;
let app: FastifyInstance;
let city: TinyCity;
const target = { id: 0, publicId: '', token: '' };
const other = { id: 0, publicId: '', token: '' };
const creds = new Map<string, { headers: Record<string, string>; session?: Session; apiKey?: string; reportToken?: string }>();
const PHOTO = testPhoto();

beforeAll(async () => {
  handle = await testDb();
  await resetDb(handle);
  city = await buildTinyCity(handle);
  app = await buildTestApp(handle, city.deps);
  const a = await buildRequest(city.deps);
  const b = await buildRequest(city.deps);
  Object.assign(target, { id: a.id, publicId: a.publicId, token: a.token });
  Object.assign(other, { id: b.id, publicId: b.publicId, token: b.token });
  const integrationKey = (await createIntegrationKey(city.deps, SYSTEM, { name: 'Work orders' })).key;
  const open311Key = (await createApiKey(city.deps, SYSTEM, { name: 'Phone app', kind: 'open311' })).key;
  for (const [i, c] of CALLERS.entries()) {
    if (c.kind === 'staff') {
      const session = await signInAs(app, handle, `walk${i}@city.example`, c.role, c.departments.map((d) => city.departments[d]));
      creds.set(c.name, { headers: session.headers, session });
    } else if (c.kind === 'integration' || c.kind === 'open311') {
      const key = c.kind === 'integration' ? integrationKey : open311Key;
      creds.set(c.name, { headers: { authorization: `Bearer ${key}` }, apiKey: key });
    } else {
      const reportToken = c.kind === 'reporter' ? target.token : c.kind === 'resident' ? other.token : undefined;
      creds.set(c.name, { headers: reportToken ? { 'x-report-token': reportToken } : {}, ...(reportToken ? { reportToken } : {}) });
    }
  }
});
afterAll(async () => {
  await app?.close();
});

/** A call that reaches the route's permission check: real ids, and a valid body where the check sits behind validation. */
function call(method: string, url: string, c: { headers: Record<string, string>; apiKey?: string; reportToken?: string }) {
  const path = url
    .replace(/^\/api\/requests\/:id/, `/api/requests/${target.id}`)
    .replace(':publicId', target.publicId)
    .replace(':ref', target.publicId)
    .replace(':token', 'no-such-token-000')
    .replace('/api/admin/services/:code', '/api/admin/services/pothole')
    .replace('/api/services/:code', '/api/services/pothole')
    .replace(':code', 'wards')
    .replace('/open311/v2/services/:file', '/open311/v2/services/pothole.json')
    .replace('/open311/v2/requests/:file', `/open311/v2/requests/${target.publicId}.json`)
    .replace('/open311/v2/tokens/:file', '/open311/v2/tokens/nothing.json')
    .replace('/open311/v2/:file', '/open311/v2/requests.json')
    .replace(':id', '999999');
  const headers = { ...c.headers };
  const last = url.split('/').pop();
  let payload: unknown;
  if (method === 'POST' && url === '/open311/v2/:file') {
    const form = new URLSearchParams({ service_code: 'pothole', lat: '34.06', long: '-117.62', 'attribute[size]': 'large', ...(c.apiKey ? { api_key: c.apiKey } : {}) });
    payload = form.toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (method === 'POST' && last === 'photos') {
    const m = multipart('photo', PHOTO);
    payload = m.payload;
    Object.assign(headers, m.headers);
  } else if (method !== 'GET') {
    const bodies: Record<string, unknown> = {
      assign: { assigneeId: null },
      priority: { priority: 'high' },
      status: { status: 'in_progress' },
      close: { reason: 'resolved' },
      service: { serviceCode: 'pothole' },
      comments: { visibility: 'public', body: 'On our list.' },
      location: { location: { lat: 34.061, lng: -117.62 } },
      duplicate: { duplicateOf: other.publicId },
      reopen: { token: c.reportToken ?? 'x'.repeat(43) },
      'survey-call': { satisfaction: 4 },
      locale: { locale: 'es' },
    };
    // The reporter reopens with their token; staff reopen with a note (a strict body refuses the other's).
    if (url === '/api/requests/:id/reopen') bodies.reopen = { note: 'Back again.' };
    payload = bodies[last!] ?? (url === '/api/requests' || url === '/api/portal/reports' ? { serviceCode: 'pothole', location: { lat: 34.06, lng: -117.62 }, answers: { size: 'large' } } : {});
  }
  const query = url === '/api/requests/nearby' ? '?serviceCode=pothole&lat=34.06&lng=-117.62' : '';
  return app.inject({ method: method as 'GET', url: path + query, headers, ...(payload !== undefined ? { payload: payload as string } : {}) });
}

describe('the role matrix, walked over every API route', () => {
  it('has an access row for every registered route and every route answers every caller as the matrix says', async () => {
    // Signing in and out ends the session the callers hold: walk those two last.
    const last = (r: { url: string }) => (r.url.startsWith('/api/auth/log') ? 1 : 0);
    const routes = [...app.apiRoutes].sort((a, b) => last(a) - last(b));
    expect(routes.length).toBeGreaterThan(90);
    const wrong: string[] = [];
    let checked = 0;
    for (const r of routes) {
      for (const caller of CALLERS) {
        const want = expected(r.access, caller, city);
        const res = await call(r.method, r.url, creds.get(caller.name)!);
        checked++;
        if (!matches(want, res.statusCode)) wrong.push(`${r.method} ${r.url} as ${caller.name}: expected ${want}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    console.log(`role matrix: ${routes.length} routes x ${CALLERS.length} callers = ${checked} checks`);
    expect(wrong).toEqual([]);
  }, 120_000);

  it('refuses every state-changing route called with a session cookie but without the CSRF header', async () => {
    const admin = await signInAs(app, handle, 'csrf-admin@city.example', 'admin');
    const unsafe = app.apiRoutes.filter((r) => r.method !== 'GET' && r.url !== '/api/auth/login');
    expect(unsafe.length).toBeGreaterThan(40);
    const wrong: string[] = [];
    for (const r of unsafe) {
      const res = await call(r.method, r.url, { headers: { cookie: admin.cookie } });
      if (res.statusCode !== 403 || !/CSRF/i.test(res.body)) wrong.push(`${r.method} ${r.url}: ${res.statusCode}`);
    }
    console.log(`CSRF: ${unsafe.length} state-changing routes refused without the token`);
    expect(wrong).toEqual([]);
  }, 60_000);
});
