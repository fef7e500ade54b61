// The report routes: who may read what, filters, CSV downloads; and the roll-ups staying exact through
// live changes (every change's trigger delta equals a rebuild from scratch).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acknowledgeRequest } from '../../src/app/acknowledge-request.js';
import { changeService } from '../../src/app/change-service.js';
import { closeRequest } from '../../src/app/close-request.js';
import { reopenRequest } from '../../src/app/reopen-request.js';
import { logSurveyCall } from '../../src/app/surveys/log-survey-call.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { reportsRepo } from '../../src/db/repositories/reports.js';
import { rows, sql } from '../../src/db/sql.js';
import { buildTestApp, signInAs, type Session } from '../support/app.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, fixedClock, type TinyCity } from '../support/factories.js';

let handle: DatabaseHandle;
let app: FastifyInstance;
let city: TinyCity;
let manager: Session;
const clock = fixedClock('2026-03-02T16:00:00Z'); // a Monday, 08:00 in Los Angeles

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  clock.set('2026-03-02T16:00:00Z');
  city = await buildTinyCity(handle, { clock });
  app = await buildTestApp(handle, city.deps);
  manager = await signInAs(app, handle, 'boss@city.example', 'supervisor');
});
afterAll(async () => {
  await app?.close();
});

const snapshot = async () => ({
  daily: await rows(handle.db, sql`select day::text, service_id, department_id, channel, district_ids::text, opened, closed, resolved from report_daily where opened <> 0 or closed <> 0 or resolved <> 0 order by 1, 2, 3, 4, 5`),
  monthly: await rows(handle.db, sql`select month::text, service_id, department_id, channel, district_ids::text, opened, closed, resolved from report_monthly where opened <> 0 or closed <> 0 or resolved <> 0 order by 1, 2, 3, 4, 5`),
  facts: await rows(handle.db, sql`select * from report_facts order by request_id`),
  dailySvc: await rows(handle.db, sql`select day::text, service_id, department_id, channel, opened, closed, resolved from report_daily_svc where opened <> 0 or closed <> 0 or resolved <> 0 order by 1, 2, 3, 4`),
  monthlySvc: await rows(handle.db, sql`select month::text, service_id, department_id, channel, opened, closed, resolved from report_monthly_svc where opened <> 0 or closed <> 0 or resolved <> 0 order by 1, 2, 3, 4`),
  surveys: await rows(handle.db, sql`select * from report_survey_daily where invited <> 0 or answered <> 0 order by day, service_id, department_id, channel`),
  heat: await rows(handle.db, sql`select * from report_heat_monthly where n <> 0 order by month, service_id, department_id, y, x`),
});

describe('report routes', () => {
  it('who may read: staff with reports.read; department staff their own departments only', async () => {
    await buildRequest(city.deps);
    await buildRequest(city.deps, { serviceCode: 'tree', answers: {} });
    expect((await app.inject('/api/reports/ytd')).statusCode).toBe(401);
    const caller = await signInAs(app, handle, 'calls@city.example', 'call_taker');
    expect((await app.inject({ url: '/api/reports/ytd', headers: caller.headers })).statusCode).toBe(403);

    const works = await signInAs(app, handle, 'w@city.example', 'department_staff', [city.departments.works]);
    const own = (await app.inject({ url: '/api/reports/ytd', headers: works.headers })).json();
    expect(own.departments.map((d: { name: string }) => d.name)).toEqual(['Public Works']);
    expect(own.total.range).toBe(1);
    const other = await app.inject({ url: `/api/reports/performance?department=${city.departments.parks}`, headers: works.headers });
    expect(other.statusCode).toBe(403);

    const all = (await app.inject({ url: '/api/reports/ytd', headers: manager.headers })).json();
    expect(all.total).toMatchObject({ range: 2, calendarYtd: 2, fiscalYtd: 2, running12: 2 });
    expect(all.departments.map((d: { name: string }) => d.name)).toEqual(['Parks', 'Public Works']);
  });

  it('filters and CSV downloads for every report', async () => {
    await buildRequest(city.deps, { channel: 'phone' }, city.staff.callTaker);
    await buildRequest(city.deps);
    const phone = (await app.inject({ url: '/api/reports/channels?channel=phone', headers: manager.headers })).json();
    expect(phone.years[0].channels).toEqual([{ channel: 'phone', count: 1, share: 1 }]);
    for (const path of ['ytd', 'channels', 'performance', 'overdue', 'trends?grain=week', 'heatmap', 'cost-split', 'surveys']) {
      const sep = path.includes('?') ? '&' : '?';
      const res = await app.inject({ url: `/api/reports/${path}${sep}format=csv&from=2026-01-01&to=2026-03-31`, headers: manager.headers });
      expect(res.statusCode, path).toBe(200);
      expect(res.headers['content-type'], path).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition'], path).toMatch(/attachment; filename=".+\.csv"/);
      expect(res.body.split('\r\n').length, path).toBeGreaterThan(1);
    }
    const bad = await app.inject({ url: '/api/reports/ytd?from=2026-02-30', headers: manager.headers });
    expect(bad.statusCode).toBe(400);
    const backwards = await app.inject({ url: '/api/reports/ytd?from=2026-03-01&to=2026-01-01', headers: manager.headers });
    expect(backwards.statusCode).toBe(400);
  });

  it('the cost split shares the annual cost to the cent', async () => {
    await handle.exec(`insert into settings (key, value) values ('reports', '{"annualSystemCost": 100000}')`);
    for (let i = 0; i < 2; i++) await buildRequest(city.deps);
    await buildRequest(city.deps, { serviceCode: 'tree', answers: {} });
    const body = (await app.inject({ url: '/api/reports/cost-split', headers: manager.headers })).json();
    expect(body.departments.map((d: { name: string; cost: number }) => [d.name, d.cost])).toEqual([['Public Works', 66666.67], ['Parks', 33333.33]]);
  });

  it('trends, heat map and performance with targets in business hours', async () => {
    const r = await buildRequest(city.deps);
    clock.advanceHours(2);
    await acknowledgeRequest(city.deps, city.staff.worksStaff, { requestId: r.id });
    clock.advanceHours(10); // 18:00 local: business hours stop at 17:00
    await closeRequest(city.deps, city.staff.worksStaff, { requestId: r.id, reason: 'resolved' });
    manager = await signInAs(app, handle, 'boss@city.example', 'supervisor'); // the clock moved past the session's idle limit
    const res = await app.inject({ url: '/api/reports/performance', headers: manager.headers });
    expect(res.statusCode, res.body).toBe(200);
    const perf = res.json();
    expect(perf.total).toMatchObject({ count: 1, ackMedianHours: 2, resolveMedianHours: 9, ackWithinShare: 1, resolveWithinShare: 1 });
    const trends = (await app.inject({ url: '/api/reports/trends?grain=week&from=2026-02-23&to=2026-03-08', headers: manager.headers })).json();
    expect(trends.points).toEqual([
      { bucket: '2026-02-23', opened: 0, closed: 0, resolved: 0 },
      { bucket: '2026-03-02', opened: 1, closed: 1, resolved: 1 },
    ]);
    const heat = (await app.inject({ url: '/api/reports/heatmap?cell=0.01', headers: manager.headers })).json();
    expect(heat.cells).toHaveLength(1);
    const [c] = heat.cells;
    expect(c.count).toBe(1);
    expect(34.06 - c.lat).toBeGreaterThanOrEqual(-1e-9);
    expect(34.06 - c.lat).toBeLessThan(0.01 + 1e-9);
    expect(-117.62 - c.lng).toBeGreaterThanOrEqual(-1e-9);
    expect(-117.62 - c.lng).toBeLessThan(0.01 + 1e-9);
  });

  it('roll-ups fed by the triggers equal a rebuild after live changes', async () => {
    // The first report builds the business clock; every change after it goes through the triggers only.
    await app.inject({ url: '/api/reports/ytd', headers: manager.headers });
    const a = await buildRequest(city.deps);
    const b = await buildRequest(city.deps, { channel: 'phone' }, city.staff.callTaker);
    clock.advanceHours(30);
    await acknowledgeRequest(city.deps, city.staff.worksStaff, { requestId: a.id });
    await closeRequest(city.deps, city.staff.worksStaff, { requestId: a.id, reason: 'resolved' });
    await changeService(city.deps, city.staff.admin, { requestId: b.id, serviceCode: 'tree' });
    clock.advanceHours(48);
    // A follow-up call answers a's survey; a is reopened and moved to another service, taking its survey along.
    await logSurveyCall(city.deps, city.staff.callTaker, { requestId: a.id, resolved: true, satisfaction: 4, courtesy: 5 });
    await reopenRequest(city.deps, city.staff.worksStaff, { requestId: a.id });
    await changeService(city.deps, city.staff.admin, { requestId: a.id, serviceCode: 'tree' });
    await closeRequest(city.deps, city.staff.parksStaff, { requestId: b.id, reason: 'unable_to_locate' });
    await handle.exec(`update requests set district_ids = '{7}' where id = ${b.id}`);
    const live = await snapshot();
    await handle.exec('select report_rebuild()');
    expect(await snapshot()).toEqual(live);
    expect(live.daily.length).toBeGreaterThan(0);
    expect(live.dailySvc.length).toBeGreaterThan(0);
    expect(live.surveys).toHaveLength(1);
    expect(live.surveys[0]).toMatchObject({ answered: 1, satisfaction_sum: 4, s4: 1 });
    expect(live.heat.length).toBeGreaterThan(0);
    // The heat map's default grid from the monthly cells and edge days equals the grid of every request.
    const repo = reportsRepo(handle.db);
    for (const [from, to] of [['2026-01-01', '2026-12-31'], ['2026-02-15', '2026-12-20'], ['2026-03-02', '2026-03-02']] as const) {
      const direct = await rows(
        handle.db,
        sql`select floor(lat / 0.005::float8)::int as y, floor(lng / 0.005::float8)::int as x, count(*)::int as count from report_facts
            where created_at >= (${from}::date)::timestamp at time zone report_tz() and created_at < (${to}::date + 1)::timestamp at time zone report_tz()
            group by 1, 2 order by 3 desc, 1, 2`,
      );
      expect(await repo.heatmap({ from, to }, 0.005, 1000), `${from}..${to}`).toEqual(direct);
      expect(direct.length).toBeGreaterThan(0);
    }
  });
});
