// Acceptance: a closed request's survey answered through the link, anonymously, appears in the results; a
// second answer with the same token is refused. Call-takers log follow-up calls; invitations go to the outbox.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeRequest } from '../../src/app/close-request.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { one, rows, sql } from '../../src/db/sql.js';
import { buildTestApp, signInAs, type Session } from '../support/app.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, type TinyCity } from '../support/factories.js';

let handle: DatabaseHandle;
let app: FastifyInstance;
let city: TinyCity;
let manager: Session;

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  city = await buildTinyCity(handle);
  app = await buildTestApp(handle, city.deps);
  manager = await signInAs(app, handle, 'boss@city.example', 'supervisor');
});
afterAll(async () => {
  await app?.close();
});

const reporter = { name: 'Rosa Reporter', email: 'rosa@home.example', phone: '555-0100' };

describe('satisfaction surveys', () => {
  it('invites the reporter in the close transaction, in her language', async () => {
    const r = await buildRequest(city.deps, { reporter, locale: 'es' });
    await closeRequest(city.deps, city.staff.worksStaff, { requestId: r.id, reason: 'resolved', note: 'filled' });
    const jobs = await rows<{ payload: Record<string, unknown> }>(handle.db, sql`select payload from outbox where topic = 'survey.invite'`);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.payload).toMatchObject({ requestId: r.id, publicId: r.publicId, token: r.token, locale: 'es', surveyPath: `/survey/${r.token}`, closeReason: 'resolved' });
    expect(JSON.stringify(jobs[0]!.payload)).not.toContain('rosa@home.example');
    // Reopened and closed again: still one invitation.
    await city.deps.tx(async () => undefined);
    const { reopenRequest } = await import('../../src/app/reopen-request.js');
    await reopenRequest(city.deps, city.staff.worksStaff, { requestId: r.id });
    await closeRequest(city.deps, city.staff.worksStaff, { requestId: r.id, reason: 'resolved' });
    expect((await one<{ n: number }>(handle.db, sql`select count(*)::int as n from outbox where topic = 'survey.invite'`))!.n).toBe(1);
  });

  it('no invitation without an e-mail, for withdrawn requests, or for questions', async () => {
    const phoneOnly = await buildRequest(city.deps, { reporter: { phone: '555-0199' } });
    const withdrawn = await buildRequest(city.deps, { reporter });
    await closeRequest(city.deps, city.staff.worksStaff, { requestId: phoneOnly.id, reason: 'resolved' });
    await closeRequest(city.deps, city.staff.worksStaff, { requestId: withdrawn.id, reason: 'withdrawn' });
    await buildRequest(city.deps, { serviceCode: 'info', reporter, answers: {} });
    expect((await one<{ n: number }>(handle.db, sql`select count(*)::int as n from outbox where topic = 'survey.invite'`))!.n).toBe(0);
  });

  it('answered anonymously through the link, shown in the results; a second answer is refused', async () => {
    const r = await buildRequest(city.deps, { reporter });
    const early = await app.inject({ method: 'POST', url: `/api/surveys/${r.token}`, payload: { satisfaction: 5 } });
    expect(early.statusCode).toBe(409); // not closed yet
    await closeRequest(city.deps, city.staff.worksStaff, { requestId: r.id, reason: 'resolved' });

    const page = await app.inject(`/api/surveys/${r.token}`);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ publicId: r.publicId, open: true, answered: false });
    expect(page.body).not.toContain('Rosa');

    const answer = await app.inject({ method: 'POST', url: `/api/surveys/${r.token}`, payload: { resolved: true, satisfaction: 4, courtesy: 5, comment: 'Quick work, thanks' } });
    expect(answer.statusCode).toBe(201);
    const again = await app.inject({ method: 'POST', url: `/api/surveys/${r.token}`, payload: { resolved: false, satisfaction: 1 } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details).toEqual({ reason: 'already_answered' });
    expect((await app.inject({ method: 'POST', url: '/api/surveys/not-a-real-token', payload: { satisfaction: 3 } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/api/surveys/${r.token}`, payload: { satisfaction: 9 } })).statusCode).toBe(400);

    const stored = await one<{ source: string; logged_by_user_id: number | null }>(handle.db, sql`select source, logged_by_user_id from surveys where request_id = ${r.id}`);
    expect(stored).toEqual({ source: 'link', logged_by_user_id: null });

    const report = await app.inject({ url: '/api/reports/surveys', headers: manager.headers });
    expect(report.statusCode).toBe(200);
    const body = report.json();
    expect(body.total).toMatchObject({ invited: 1, answered: 1, responseRate: 1, resolvedShare: 1, satisfaction: 4, courtesy: 5, distribution: [0, 0, 0, 1, 0] });
    expect(body.services[0]).toMatchObject({ service: 'Pothole', answered: 1 });
    expect(body.comments[0]).toMatchObject({ publicId: r.publicId, comment: 'Quick work, thanks', source: 'link' });
    expect(report.body).not.toContain('rosa@home.example');

    const csv = await app.inject({ url: '/api/reports/surveys?format=csv', headers: manager.headers });
    expect(csv.body.split('\r\n')[0]).toBe('department,service,invited,answered,response_rate,resolved_yes,satisfaction_avg,courtesy_avg,sat_1,sat_2,sat_3,sat_4,sat_5');
  });

  it("a call-taker logs a follow-up call's answers, once", async () => {
    const r = await buildRequest(city.deps, { reporter: { phone: '555-0123' } });
    await closeRequest(city.deps, city.staff.worksStaff, { requestId: r.id, reason: 'resolved' });
    const caller = await signInAs(app, handle, 'calls@city.example', 'call_taker');
    const url = `/api/requests/${r.publicId}/survey-call`;
    const logged = await app.inject({ method: 'POST', url, headers: caller.headers, payload: { resolved: true, satisfaction: 3, courtesy: 4 } });
    expect(logged.statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url, headers: caller.headers, payload: { satisfaction: 5 } })).statusCode).toBe(409);
    expect((await app.inject({ method: 'POST', url: `/api/surveys/${r.token}`, payload: { satisfaction: 5 } })).statusCode).toBe(409);
    const body = (await app.inject({ url: '/api/reports/surveys', headers: manager.headers })).json();
    expect(body.total).toMatchObject({ invited: 0, answered: 1, responseRate: null, satisfaction: 3 });
  });
});
