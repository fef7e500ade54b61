import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { upsertDistrictLayer } from '../../src/db/repositories/catalogue.js';
import { insertHistoricRequests } from '../../src/db/repositories/history.js';
import { signInAs, type Session } from '../support/app.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, fixedClock, type TinyCity } from '../support/factories.js';
import { footprint, newKey, startServer } from './support.js';

// A report made through Open311 is one request like any other: routed to the service's
// department, in that department's queue, and its public timeline (never the internal one)
// comes back to the app in notes[] and in the servicerequestupdates feed.

let handle: DatabaseHandle;
let city: TinyCity;
let server: Awaited<ReturnType<typeof startServer>>;
let key: string;
let works: Session;
let parks: Session;
const clock = fixedClock('2026-06-01T15:00:00Z');
const servers: FastifyInstance[] = [];

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  clock.set('2026-06-01T15:00:00Z');
  city = await buildTinyCity(handle, { clock });
  await upsertDistrictLayer(handle.db, { code: 'ward', name: 'Wards' }, [
    { code: 'w1', name: 'Ward 1', geometry: { type: 'Polygon', coordinates: [[[-118, 34], [-117, 34], [-117, 35], [-118, 35], [-118, 34]]] } },
  ]);
  server = await startServer(handle, city.deps);
  servers.push(server.app);
  key = await newKey(city.deps);
  works = await signInAs(server.app, handle, 'liaison@city.example', 'department_staff', [city.departments.works]);
  parks = await signInAs(server.app, handle, 'ranger@city.example', 'department_staff', [city.departments.parks]);
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

const o311 = async (path: string, init?: { method?: string; form?: Record<string, string> }) => {
  const res = await fetch(`${server.endpoint}${path}`, {
    method: init?.method ?? 'GET',
    ...(init?.form ? { body: new URLSearchParams(init.form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
  });
  return { status: res.status, body: (await res.json()) as Array<Record<string, unknown>> };
};
const staff = (s: Session, method: string, url: string, payload?: object) =>
  server.app.inject({ method: method as 'GET', url, headers: s.headers, ...(payload ? { payload } : {}) });

describe('an Open311 report in the city', () => {
  it('reaches the right queue, and staff actions come back in notes[] (public ones only)', async () => {
    const posted = await o311('requests.json', {
      method: 'POST',
      form: { api_key: key, service_code: 'pothole', lat: '34.5', long: '-117.5', 'attribute[size]': 'large', description: 'Wheel-eater', email: 'rita@example.com', first_name: 'Rita' },
    });
    expect(posted.status).toBe(200);
    const id = posted.body[0]!.service_request_id as string;

    const queue = await staff(works, 'GET', '/api/requests?status=open');
    const mine = queue.json().items.find((r: { publicId: string }) => r.publicId === id);
    expect(mine).toMatchObject({ channel: 'open311', departmentId: city.departments.works, status: 'new', answers: { size: 'large' } });
    expect((await staff(parks, 'GET', '/api/requests')).json().items.map((r: { publicId: string }) => r.publicId)).not.toContain(id);
    const detail = (await staff(works, 'GET', `/api/requests/${id}`)).json();
    expect(detail.timeline[0]).toMatchObject({ type: 'created', actorType: 'open311', actorName: 'Test app' });
    expect(detail.reporter).toMatchObject({ email: 'rita@example.com' });

    const notes = async () => (await o311(`requests/${id}.json?extensions=true`)).body[0]!;
    let r = await notes();
    expect(r.notes).toEqual([{ datetime: '2026-06-01T15:00:00.000Z', type: 'opened', summary: 'Request received', description: null }]);
    expect(r.extended_attributes).toEqual({ channel: 'open311', districts: [{ layer: 'ward', code: 'w1', name: 'Ward 1' }], duplicate_of: null, parent_service_request_id: null });
    expect(r.agency_responsible).toBe('Public Works');
    expect(String(r.expected_datetime)).toMatch(/^2026-06-/);

    clock.advanceHours(1);
    expect((await staff(works, 'POST', `/api/requests/${id}/acknowledge`, {})).statusCode).toBe(200);
    clock.advanceHours(1);
    expect((await staff(works, 'POST', `/api/requests/${id}/comments`, { visibility: 'internal', body: 'Reporter sounded upset, call back' })).statusCode).toBe(200);
    expect((await staff(works, 'POST', `/api/requests/${id}/comments`, { visibility: 'public', body: 'Crew is on the way' })).statusCode).toBe(200);
    clock.advanceHours(1);
    expect((await staff(works, 'POST', `/api/requests/${id}/status`, { status: 'in_progress', note: 'Patching today' })).statusCode).toBe(200);
    expect((await staff(works, 'POST', `/api/requests/${id}/assign`, { assigneeId: null })).statusCode).toBe(200);
    clock.advanceHours(2);
    expect((await staff(works, 'POST', `/api/requests/${id}/close`, { reason: 'resolved', note: 'Patched' })).statusCode).toBe(200);

    r = await notes();
    expect(r.status).toBe('closed');
    expect(r.status_notes).toBe('Patched');
    expect(r.expected_datetime).toBe(null);
    expect((r.notes as Array<Record<string, unknown>>).map((n) => [n.type, n.summary, n.description])).toEqual([
      ['opened', 'Request received', null],
      ['acknowledged', 'Acknowledged', null],
      ['comment', 'Comment', 'Crew is on the way'],
      ['status_changed', 'Status: In progress', 'Patching today'],
      ['closed', 'Closed: resolved', 'Patched'],
    ]);
    const everything = JSON.stringify(await o311(`requests.json?extensions=true&service_request_id=${id}`));
    for (const secret of ['upset', 'rita@example.com', 'Rita', 'liaison', 'assigned']) expect(everything).not.toContain(secret);

    const updates = await o311('servicerequestupdates.json?start_date=2026-06-01T00:00:00Z&end_date=2026-06-02T00:00:00Z');
    expect(updates.body.map((u) => [u.service_request_id, u.status, u.description])).toEqual([
      [id, 'investigating', 'Acknowledged'],
      [id, 'investigating', 'Crew is on the way'],
      [id, 'in_progress', 'Patching today'],
      [id, 'fixed', 'Patched'],
    ]);
    for (const u of updates.body) expect(Object.keys(u)).toEqual(['update_id', 'service_request_id', 'status', 'updated_datetime', 'description', 'media_url']);
  });

  it('filters and pages: service_code, status, dates, updated_after, bbox, page/page_size, ids', async () => {
    const a = await buildRequest(city.deps, { location: { lat: 34.5, lng: -117.5 } });
    clock.advanceHours(24);
    const b = await buildRequest(city.deps, { serviceCode: 'tree', answers: {}, location: { lat: 40, lng: -100 } });
    clock.advanceHours(24);
    const c = await buildRequest(city.deps, { location: { lat: 34.6, lng: -117.4 } });
    const internal = await buildRequest(city.deps, { serviceCode: 'workorder', answers: {} }, city.staff.worksStaff);
    works = await signInAs(server.app, handle, 'liaison@city.example', 'department_staff', [city.departments.works]); // the clock moved on two days
    expect((await staff(works, 'POST', `/api/requests/${c.id}/close`, { reason: 'resolved' })).statusCode).toBe(200);
    const ids = async (q: string) => (await o311(`requests.json?${q}`)).body.map((r) => r.service_request_id);

    expect(await ids('')).toEqual([c.publicId, b.publicId, a.publicId]);
    expect(await ids('service_code=tree')).toEqual([b.publicId]);
    expect(await ids('service_code=tree,pothole&status=open')).toEqual([b.publicId, a.publicId]);
    expect(await ids('status=closed')).toEqual([c.publicId]);
    expect(await ids('status=open,closed')).toEqual([c.publicId, b.publicId, a.publicId]);
    expect(await ids('start_date=2026-06-02T00:00:00Z&end_date=2026-06-02T23:59:59Z')).toEqual([b.publicId]);
    expect(await ids('bbox=-118,34,-117,35')).toEqual([c.publicId, a.publicId]);
    expect(await ids('page_size=2')).toEqual([c.publicId, b.publicId]);
    expect(await ids('page_size=2&page=2')).toEqual([a.publicId]);
    expect(await ids('page_size=2&page=3')).toEqual([]);
    expect(await ids(`service_request_id=${a.publicId},${internal.publicId},${b.publicId}&service_code=nothing`)).toEqual([b.publicId, a.publicId]);
    expect(await ids('updated_after=2026-06-03T14:59:59Z')).toEqual([c.publicId]);
    expect(await ids('updated_before=2026-06-02T00:00:00Z')).toEqual([a.publicId]);
    // An empty parameter is an absent one.
    expect(await ids('service_code=&status=&start_date=&bbox=&page=')).toEqual([c.publicId, b.publicId, a.publicId]);
    // The default window is the last 90 days.
    clock.advanceHours(24 * 91);
    expect(await ids('')).toEqual([]);
    expect(await ids('start_date=2026-06-01T00:00:00Z')).toEqual([c.publicId, b.publicId, a.publicId]);
    expect((await o311(`requests/${internal.publicId}.json`)).status).toBe(404);
  });

  it('takes updates from a work-order system once per update_id, through the same use cases', async () => {
    const r = await buildRequest(city.deps);
    const integration = await newKey(city.deps, 'integration', 'Work orders');
    const post = (form: Record<string, string>) => o311('servicerequestupdates.json', { method: 'POST', form: { api_key: integration, service_request_id: r.publicId, ...form } });

    const first = await post({ update_id: 'wo-1', status: 'IN_PROGRESS', description: 'Crew dispatched', updated_datetime: '2026-06-01T16:00:00-07:00' });
    expect(first.status).toBe(200);
    expect(first.body).toHaveLength(1);
    expect(Object.keys(first.body[0]!)).toEqual(['update_id']);
    const after = await footprint(handle);
    const again = await post({ update_id: 'wo-1', status: 'IN_PROGRESS', description: 'Crew dispatched' });
    expect(again).toEqual(first);
    expect(await footprint(handle)).toEqual(after);

    expect((await post({ update_id: 'wo-2', description: 'Waiting for asphalt' })).status).toBe(200);
    expect((await post({ update_id: 'wo-3', status: 'fixed', description: 'Done', media_url: 'https://wo.example/photos/1.jpg' })).status).toBe(200);
    const detail = (await staff(works, 'GET', `/api/requests/${r.id}`)).json();
    expect(detail.status).toBe('closed');
    expect(detail.closeReason).toBe('resolved');
    expect(detail.timeline.map((e: { type: string; actorType: string }) => `${e.type}:${e.actorType}`)).toEqual([
      'created:resident',
      'status_changed:integration',
      'comment_added:integration',
      'closed:integration',
      'media_added:integration',
    ]);
    const view = (await o311(`requests/${r.publicId}.json?extensions=true`)).body[0]!;
    expect(view.media_url).toBe('https://wo.example/photos/1.jpg');
    expect(view.status_notes).toBe('Done');
    expect((await post({ update_id: 'wo-4', status: 'open', description: 'It came back' })).status).toBe(200);
    expect((await staff(works, 'GET', `/api/requests/${r.id}`)).json().status).toBe('acknowledged');

    const before = await footprint(handle);
    const refusals: Array<[Record<string, string>, number, RegExp]> = [
      [{ update_id: 'wo-5', status: 'exploded' }, 400, /status: must be one of/],
      [{ update_id: 'wo-5', status: 'duplicate' }, 400, /duplicate/],
      [{ status: 'fixed' }, 400, /update_id: required/],
      [{ update_id: 'wo-5' }, 400, /give a status, a description or a media_url/],
      [{ update_id: 'wo-5', status: 'fixed', updated_datetime: 'today' }, 400, /updated_datetime/],
      [{ update_id: 'wo-5', service_request_id: '26-999999', status: 'fixed' }, 404, /service_request_id/],
      [{ update_id: 'wo-5', status: 'fixed', media_url: 'ftp://x' }, 400, /media_url/],
    ];
    for (const [form, status, pattern] of refusals) {
      const res = await post(form);
      expect({ form, status: res.status }).toEqual({ form, status });
      expect(String(res.body[0]!.description)).toMatch(pattern);
    }
    const app = await newKey(city.deps, 'open311', 'Just an app');
    const notAllowed = await o311('servicerequestupdates.json', { method: 'POST', form: { api_key: app, service_request_id: r.publicId, update_id: 'x', status: 'fixed' } });
    expect(notAllowed.status).toBe(403);
    const noKey = await o311('servicerequestupdates.json', { method: 'POST', form: { service_request_id: r.publicId, update_id: 'x', status: 'fixed' } });
    expect(noKey.status).toBe(403);
    expect(await footprint(handle)).toEqual(before);
  });

  it('applies one update_id once even when it is posted twice at the same moment', async () => {
    const r = await buildRequest(city.deps);
    const integration = await newKey(city.deps, 'integration');
    const post = () => o311('servicerequestupdates.json', { method: 'POST', form: { api_key: integration, service_request_id: r.publicId, update_id: 'same', description: 'Only once' } });
    const results = await Promise.all([post(), post(), post()]);
    expect(results.map((x) => x.status)).toEqual([200, 200, 200]);
    const detail = (await staff(works, 'GET', `/api/requests/${r.id}`)).json();
    expect(detail.comments.map((c: { body: string }) => c.body)).toEqual(['Only once']);
  });

  it('puts the report first in notes[] when imported history closed it at the same instant', async () => {
    const at = '2026-05-20T10:00:00.000Z';
    const services = await city.deps.repos.services.list();
    const info = services.find((s) => s.code === 'info')!;
    // Closed first in the batch, as an importer may hand them over.
    await insertHistoricRequests(
      handle.db,
      [
        {
          publicId: '26-000900', token: 'tok-900', serviceId: info.id, departmentId: info.departmentId, assigneeId: null, status: 'closed', closeReason: 'resolved',
          priority: 'normal', channel: 'phone', description: 'When is pickup?', lat: null, lng: null, address: '1 Elm St', addressId: null, zipcode: null,
          reporterId: null, locale: 'en', answers: {}, externalSystem: null, externalId: null, ackDueAt: null, resolveDueAt: null, acknowledgedAt: at,
          closedAt: at, resolvedAt: at, createdAt: at, updatedAt: at,
        },
      ],
      [
        { request: 0, type: 'closed', actorType: 'import', actorId: null, actorName: 'import', public: true, data: { reason: 'resolved' }, createdAt: at },
        { request: 0, type: 'created', actorType: 'import', actorId: null, actorName: 'import', public: true, data: {}, createdAt: at },
      ],
    );
    const [view] = (await o311('requests/26-000900.json?extensions=true')).body;
    expect((view!.notes as Array<{ type: string }>).map((n) => n.type)).toEqual(['opened', 'closed']);
    expect(view!.status_notes).toBe('Closed: resolved');
  });

  it('limits each key to its rate and answers 429 in Open311 format', async () => {
    const limited = await startServer(handle, city.deps, { writesPerMinute: 2 });
    servers.push(limited.app);
    const post = (k: string) =>
      fetch(`${limited.endpoint}requests.xml`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ api_key: k, service_code: 'tree', lat: '34.5', long: '-117.5' }).toString() });
    expect((await post(key)).status).toBe(200);
    expect((await post(key)).status).toBe(200);
    const third = await post(key);
    expect(third.status).toBe(429);
    expect(await third.text()).toMatch(/<errors><error><code>429<\/code><description>/);
    const other = await newKey(city.deps, 'open311', 'Another app');
    expect((await post(other)).status).toBe(200);
  });
});
