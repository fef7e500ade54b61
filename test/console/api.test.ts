import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { one, rows, sql } from '../../src/db/sql.js';
import { buildTestApp, signInAs, type Session } from '../support/app.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, fixedClock, type TinyCity } from '../support/factories.js';

// The staff console's API: sessions, department scope, the queue's filters and bulk actions,
// caller search, templates, and the admin's audited changes.

let handle: DatabaseHandle;
let app: FastifyInstance;
let city: TinyCity;
let works: Session;
let parks: Session;
const clock = fixedClock('2026-11-16T15:00:00Z');

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  clock.set('2026-11-16T15:00:00Z');
  city = await buildTinyCity(handle, { clock });
  await app?.close();
  app = await buildTestApp(handle, city.deps);
  works = await signInAs(app, handle, 'liaison@city.example', 'department_staff', [city.departments.works]);
  parks = await signInAs(app, handle, 'ranger@city.example', 'department_staff', [city.departments.parks]);
});
afterAll(async () => {
  await app?.close();
});

const get = (s: Session, url: string) => app.inject({ method: 'GET', url, headers: s.headers });
const post = (s: Session, url: string, payload: unknown) => app.inject({ method: 'POST', url, headers: s.headers, payload: payload as object });

describe('sessions', () => {
  it('rotates the session at sign-in: the cookie a visitor arrived with dies, a new one and a new CSRF token are issued', async () => {
    const first = await signInAs(app, handle, 'rota@city.example', 'call_taker');
    const again = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { cookie: first.cookie, 'x-csrf-token': first.csrf }, payload: { email: 'rota@city.example', password: 'correct horse battery staple' } });
    expect(again.statusCode).toBe(200);
    const second = String(again.headers['set-cookie']).split(';')[0]!;
    expect(second).not.toBe(first.cookie);
    expect(again.json().csrfToken).not.toBe(first.csrf);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: first.cookie } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: second } })).statusCode).toBe(200);
  });

  it('ends the session at sign-out, and refuses a state change without the CSRF token', async () => {
    const r = await buildRequest(city.deps);
    expect((await app.inject({ method: 'POST', url: `/api/requests/${r.id}/acknowledge`, headers: { cookie: works.cookie }, payload: {} })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: works.headers })).statusCode).toBe(204);
    expect((await get(works, '/api/auth/me')).statusCode).toBe(401);
  });

  it('ends the sessions of a user the admin deactivates', async () => {
    const admin = await signInAs(app, handle, 'boss@city.example', 'admin');
    const me = (await get(works, '/api/auth/me')).json().user;
    const res = await app.inject({ method: 'PUT', url: `/api/admin/users/${me.id}`, headers: admin.headers, payload: { name: 'Liaison', role: 'department_staff', departmentIds: [city.departments.works], away: false, active: false } });
    expect(res.statusCode).toBe(200);
    expect((await get(works, '/api/auth/me')).statusCode).toBe(401);
  });
});

describe('department scope', () => {
  it("keeps a department's staff out of another department's requests, in every door", async () => {
    const tree = await buildRequest(city.deps, { serviceCode: 'tree', answers: {}, reporter: { name: 'Ann', email: 'ann@example.net' } });
    const hole = await buildRequest(city.deps);
    const list = (await get(parks, '/api/requests?department=' + city.departments.works)).json();
    expect(list.items).toEqual([]);
    expect((await get(parks, '/api/requests')).json().items.map((i: { id: number }) => i.id)).toEqual([tree.id]);
    expect((await get(parks, `/api/requests/${hole.id}`)).statusCode).toBe(403);
    for (const [path, body] of [
      ['acknowledge', {}],
      ['comments', { visibility: 'internal', body: 'mine now' }],
      ['close', { reason: 'resolved' }],
      ['priority', { priority: 'urgent' }],
    ] as const) {
      expect((await post(parks, `/api/requests/${hole.id}/${path}`, body)).statusCode).toBe(403);
    }
    const bulk = (await post(parks, '/api/requests/bulk', { action: 'acknowledge', ids: [hole.id, tree.id] })).json();
    expect(bulk.results).toEqual([
      { id: hole.id, ok: false, error: expect.objectContaining({ code: 'forbidden' }) },
      { id: tree.id, ok: true, version: 2 },
    ]);
    expect((await get(parks, '/api/requests/counts')).json()).toMatchObject({ open: 1 });
    const events = await rows(handle.db, sql`select type from request_events where request_id = ${hole.id}`);
    expect(events.map((e) => e.type)).toEqual(['created']);
    // Caller search shows a works liaison no parks requests.
    const callers = (await get(works, '/api/callers?email=ann@example.net')).json();
    expect(callers[0].requests).toEqual([]);
  });
});

describe('the queue', () => {
  it('filters by service, priority, overdue, assignee, channel, date and box, and sorts by age and due time', async () => {
    const a = await buildRequest(city.deps, { channel: 'phone', priority: 'urgent' }, city.staff.callTaker);
    clock.advanceHours(30);
    const b = await buildRequest(city.deps, { location: { lat: 35, lng: -118 } });
    clock.advanceHours(200);
    const c = await buildRequest(city.deps, { serviceCode: 'info', answers: {} });
    works = await signInAs(app, handle, 'liaison@city.example', 'department_staff', [city.departments.works]); // the old session expired
    const ids = async (qs: string) => {
      const res = await get(works, `/api/requests?${qs}`);
      if (res.statusCode !== 200) return res.body;
      return res.json().items.map((i: { id: number }) => i.id);
    };
    expect(await ids('department=mine')).toEqual([c.id, b.id, a.id]);
    expect(await ids('sort=oldest')).toEqual([a.id, b.id, c.id]);
    expect(await ids('service=pothole&sort=due')).toEqual([a.id, b.id]);
    expect(await ids('priority=urgent')).toEqual([a.id]);
    expect(await ids('channel=phone')).toEqual([a.id]);
    expect(await ids('overdue=true')).toEqual([b.id, a.id]);
    expect(await ids('bbox=-117.7,34,-117.5,34.1')).toEqual([c.id, a.id]);
    expect(await ids('from=2026-11-17&to=2026-11-17')).toEqual([b.id]);
    const me = (await get(works, '/api/auth/me')).json().user;
    expect((await post(works, '/api/requests/bulk', { action: 'assign', ids: [b.id], assigneeId: me.id })).json().results[0].ok).toBe(true);
    expect(await ids('assignee=me')).toEqual([b.id]);
    expect((await get(works, '/api/requests/counts?department=mine')).json()).toEqual({ open: 2, new: 1, overdue: 1, mine: 1 }) // the information request closed itself; b is acknowledged now and within its resolve target;
    expect((await get(works, '/api/requests?priority=huge')).statusCode).toBe(400);
  });

  it('closes in bulk, each item through the close use case with its own event, reporting each result', async () => {
    const a = await buildRequest(city.deps);
    const b = await buildRequest(city.deps);
    await post(works, `/api/requests/${b.id}/close`, { reason: 'resolved' });
    const res = (await post(works, '/api/requests/bulk', { action: 'close', ids: [a.id, b.id], reason: 'no_action_needed', note: 'Checked' })).json();
    expect(res.results[0]).toEqual({ id: a.id, ok: true, version: 2 });
    expect(res.results[1]).toMatchObject({ id: b.id, ok: false, error: { code: 'illegal_transition' } });
    const closed = await one<{ data: { reason: string; note: string } }>(handle.db, sql`select data from request_events where request_id = ${a.id} and type = 'closed'`);
    expect(closed!.data).toMatchObject({ reason: 'no_action_needed', note: 'Checked' });
  });

  it('refuses a stale edit with 409 and the current version', async () => {
    const r = await buildRequest(city.deps);
    expect((await post(works, `/api/requests/${r.id}/priority`, { priority: 'high', expectedVersion: 1 })).statusCode).toBe(200);
    const stale = await post(works, `/api/requests/${r.id}/comments`, { visibility: 'public', body: 'We are on it', expectedVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'conflict', details: { currentVersion: 2 } });
    expect(await rows(handle.db, sql`select id from comments`)).toEqual([]);
  });
});

describe('the call-taker', () => {
  it('finds a caller by phone digits or e-mail, with their history', async () => {
    const r = await buildRequest(city.deps, { channel: 'phone', reporter: { name: 'Maria Lopez', phone: '(555) 010-2233' } }, city.staff.callTaker);
    const ct = await signInAs(app, handle, 'desk@city.example', 'call_taker');
    const byPhone = (await get(ct, '/api/callers?phone=555-010-2233')).json();
    expect(byPhone).toHaveLength(1);
    expect(byPhone[0].resident).toMatchObject({ name: 'Maria Lopez', requestCount: 1 });
    expect(byPhone[0].requests[0].publicId).toBe(r.publicId);
    expect((await get(ct, '/api/callers?q=maria')).json()).toHaveLength(1);
    expect((await app.inject('/api/callers?phone=5550102233')).statusCode).toBe(401);
  });
});

describe('the admin', () => {
  let admin: Session;
  beforeEach(async () => {
    admin = await signInAs(app, handle, 'boss@city.example', 'admin');
  });

  const newService = () => ({
    code: 'sidewalk-cafe',
    name: 'Sidewalk café blocking the way',
    group: 'Streets',
    departmentId: city.departments.works,
    resolveWithinHours: 48,
    kbAnswer: 'An inspector visits within two days.',
    translations: { es: { name: 'Café en la acera que bloquea el paso', group: 'Calles' } },
    questions: [
      { code: 'tables', datatype: 'number', required: true, description: 'How many tables?', translations: { es: { description: '¿Cuántas mesas?' } } },
      { code: 'when', datatype: 'datetime', description: 'When did you see it?' },
      { code: 'blocked', datatype: 'singlevaluelist', required: true, description: 'Is the path blocked?', values: [{ key: 'yes', name: 'Yes' }, { key: 'partly', name: 'Partly' }], translations: { es: { description: '¿Está bloqueado el paso?', values: { yes: 'Sí', partly: 'En parte' } } } },
    ],
  });

  it('creates a service with three kinds of question and a Spanish translation; it is live at once, and audited', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/admin/services', headers: admin.headers, payload: newService() });
    expect(res.statusCode).toBe(201);
    const es = (await app.inject('/api/services/sidewalk-cafe?locale=es')).json();
    expect(es.name).toBe('Café en la acera que bloquea el paso');
    expect(es.questions.map((q: { datatype: string }) => q.datatype)).toEqual(['number', 'datetime', 'singlevaluelist']);
    expect(es.questions[2].values).toEqual([{ key: 'yes', name: 'Sí' }, { key: 'partly', name: 'En parte' }]);
    const audit = await one<{ action: string; actor_name: string; before: unknown; after: { code: string } }>(handle.db, sql`select * from audit_log`);
    expect(audit).toMatchObject({ action: 'service.create', actor_name: 'boss', before: null, after: { code: 'sidewalk-cafe' } });
    // Edit: reorder the questions; the audit row keeps before and after.
    const body = newService();
    body.questions.reverse();
    const put = await app.inject({ method: 'PUT', url: '/api/admin/services/sidewalk-cafe', headers: admin.headers, payload: body });
    expect(put.statusCode).toBe(200);
    expect(put.json().questions.map((q: { code: string }) => q.code)).toEqual(['blocked', 'when', 'tables']);
    const log = (await get(admin, '/api/admin/audit-log')).json();
    expect(log[0]).toMatchObject({ action: 'service.update', entity: 'service', entityId: 'sidewalk-cafe' });
    expect((log[0].before as { attributes: Array<{ code: string }> }).attributes[0]!.code).toBe('tables');
  });

  it('refuses bad services with every problem at once and writes nothing', async () => {
    const bad = { ...newService(), code: 'Bad Code', questions: [{ code: 'x', datatype: 'singlevaluelist', description: '' }] };
    const res = await app.inject({ method: 'POST', url: '/api/admin/services', headers: admin.headers, payload: bad });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues.map((i: { field: string }) => i.field)).toEqual(['code', 'questions.0.description', 'questions.0.values']);
    expect(await rows(handle.db, sql`select id from audit_log`)).toEqual([]);
  });

  it('lets only admins configure', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/admin/services', headers: works.headers, payload: newService() });
    expect(res.statusCode).toBe(403);
    expect((await app.inject({ method: 'PUT', url: '/api/admin/calendar', headers: works.headers, payload: {} })).statusCode).toBe(403);
  });

  it('edits response templates, the calendar, departments and users, each audited', async () => {
    const t = await app.inject({ method: 'POST', url: '/api/admin/response-templates', headers: admin.headers, payload: { name: 'Scheduled', body: 'A crew is scheduled this week.', translations: { es: { body: 'Un equipo está programado esta semana.' } } } });
    expect(t.statusCode).toBe(201);
    expect((await get(works, '/api/response-templates')).json()[0]).toMatchObject({ name: 'Scheduled', translations: { es: { body: 'Un equipo está programado esta semana.' } } });
    const cal = { timeZone: 'America/Los_Angeles', hours: { mon: [['08:00', '17:00']] }, holidays: ['2026-12-25'] };
    expect((await app.inject({ method: 'PUT', url: '/api/admin/calendar', headers: admin.headers, payload: cal })).statusCode).toBe(200);
    const badCal = await app.inject({ method: 'PUT', url: '/api/admin/calendar', headers: admin.headers, payload: { timeZone: 'Mars/Olympus', hours: {} } });
    expect(badCal.statusCode).toBe(400);
    const dep = await app.inject({ method: 'PUT', url: `/api/admin/departments/${city.departments.parks}`, headers: admin.headers, payload: { code: 'parks', name: 'Parks & Trees', liaisonIds: [city.staff.parksStaff.userId, city.staff.worksStaff.userId] } });
    expect(dep.json()).toMatchObject({ name: 'Parks & Trees', liaisonIds: [city.staff.parksStaff.userId, city.staff.worksStaff.userId] });
    const away = await app.inject({ method: 'PUT', url: `/api/admin/users/${city.staff.parksStaff.userId}`, headers: admin.headers, payload: { name: 'pat', role: 'department_staff', departmentIds: [city.departments.parks], away: true, active: true } });
    expect(away.json()).toMatchObject({ away: true });
    const actions = (await rows<{ action: string }>(handle.db, sql`select action from audit_log order by id`)).map((r) => r.action);
    expect(actions).toEqual(['template.create', 'calendar.update', 'department.update', 'user.update']);
  });
});
