import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acknowledgeRequest } from '../../src/app/acknowledge-request.js';
import { closeRequest } from '../../src/app/close-request.js';
import { reopenRequest } from '../../src/app/reopen-request.js';
import { changeStatus } from '../../src/app/change-status.js';
import { commentOnRequest } from '../../src/app/comment-on-request.js';
import { changeService } from '../../src/app/change-service.js';
import { assignRequest } from '../../src/app/assign-request.js';
import { changePriority } from '../../src/app/change-priority.js';
import type { Deps, Repos } from '../../src/app/ports.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { one, sql } from '../../src/db/sql.js';
import { AppError } from '../../src/domain/errors.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, fixedClock, type TinyCity } from '../support/factories.js';

let handle: DatabaseHandle;
let city: TinyCity;
const clock = fixedClock('2026-03-02T17:00:00Z'); // a Monday, 09:00 in Los Angeles

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  clock.set('2026-03-02T17:00:00Z');
  city = await buildTinyCity(handle, { clock });
});

const counts = async () =>
  (await one<{ events: number; outbox: number; comments: number }>(
    handle.db,
    sql`select (select count(*)::int from request_events) as events, (select count(*)::int from outbox) as outbox, (select count(*)::int from comments) as comments`,
  ))!;

describe('submitting a request', () => {
  it('numbers it by year, times it from the service targets and records the created event', async () => {
    const req = await buildRequest(city.deps);
    expect(req.publicId).toBe('26-000001');
    expect(req.status).toBe('new');
    expect(req.departmentId).toBe(city.departments.works);
    expect(req.priority).toBe('normal');
    // 8 business hours from Monday 09:00 is Monday 17:00 local (01:00Z Tuesday).
    expect(req.ackDueAt?.toISOString()).toBe('2026-03-03T01:00:00.000Z');
    const second = await buildRequest(city.deps);
    expect(second.publicId).toBe('26-000002');
    const events = await city.deps.repos.events.forRequest(req.id);
    expect(events.map((e) => e.type)).toEqual(['created']);
    expect(await counts()).toMatchObject({ events: 2, outbox: 2 });
  });

  it('refuses a missing required answer, a value not in the list and a missing location, all at once, writing nothing', async () => {
    const err = await buildRequest(city.deps, { answers: { size: 'huge', colour: 'red' }, location: undefined }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('validation');
    expect(err.issues.map((i: { field: string }) => i.field).sort()).toEqual(['attribute[colour]', 'attribute[size]', 'location']);
    const n = await one<{ n: number }>(handle.db, sql`select count(*)::int as n from requests`);
    expect(n!.n).toBe(0);
  });

  it('closes an information request at once, counted with its channel', async () => {
    const req = await buildRequest(city.deps, { serviceCode: 'info', channel: 'phone', answers: {} }, city.staff.callTaker);
    expect(req.status).toBe('closed');
    expect(req.closeReason).toBe('resolved');
    expect(req.channel).toBe('phone');
  });

  it('hides internal-only services from residents', async () => {
    const err = await buildRequest(city.deps, { serviceCode: 'workorder', answers: {} }).catch((e) => e);
    expect(err.code).toBe('unknown_service');
    const ok = await buildRequest(city.deps, { serviceCode: 'workorder', answers: {}, channel: 'field' }, city.staff.worksStaff);
    expect(ok.status).toBe('new');
  });
});

describe('the life-cycle through the use cases', () => {
  it('acknowledges, works, comments, closes and reopens, with one event per change', async () => {
    const staff = city.staff.worksStaff;
    let req = await buildRequest(city.deps);
    clock.advanceHours(1);
    req = await acknowledgeRequest(city.deps, staff, { requestId: req.id, expectedVersion: req.version });
    expect(req.status).toBe('acknowledged');
    expect(req.acknowledgedAt?.toISOString()).toBe('2026-03-02T18:00:00.000Z');
    req = await changeStatus(city.deps, staff, { requestId: req.id, status: 'in_progress' });
    const { request: commented } = await commentOnRequest(city.deps, staff, { requestId: req.id, visibility: 'internal', body: 'crew on Thursday' });
    expect(commented.version).toBe(req.version + 1);
    req = await closeRequest(city.deps, staff, { requestId: req.id, reason: 'resolved', note: 'Patched' });
    expect(req.status).toBe('closed');
    expect(req.resolvedAt?.toISOString()).toBe(req.closedAt?.toISOString());
    req = await reopenRequest(city.deps, staff, { requestId: req.id });
    expect(req.status).toBe('acknowledged');
    expect(req.closedAt).toBeNull();
    const events = await city.deps.repos.events.forRequest(req.id);
    expect(events.map((e) => e.type)).toEqual(['created', 'acknowledged', 'status_changed', 'comment_added', 'closed', 'reopened']);
    expect(events.find((e) => e.type === 'comment_added')?.public).toBe(false);
    expect(events.every((e) => e.createdAt instanceof Date)).toBe(true);
  });

  it('refuses illegal transitions with a coded error and writes nothing', async () => {
    const staff = city.staff.worksStaff;
    let req = await buildRequest(city.deps);
    req = await closeRequest(city.deps, staff, { requestId: req.id, reason: 'withdrawn' });
    const before = await counts();
    for (const attempt of [
      () => closeRequest(city.deps, staff, { requestId: req.id, reason: 'resolved' }),
      () => acknowledgeRequest(city.deps, staff, { requestId: req.id }),
      () => changeStatus(city.deps, staff, { requestId: req.id, status: 'on_hold' }),
    ]) {
      const err = await attempt().catch((e) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe('illegal_transition');
    }
    expect(await counts()).toEqual(before);
    expect((await city.deps.repos.requests.get(req.id))!.version).toBe(req.version);
  });

  it('refuses a stale edit instead of overwriting it', async () => {
    const req = await buildRequest(city.deps);
    await changePriority(city.deps, city.staff.worksStaff, { requestId: req.id, expectedVersion: req.version, priority: 'high' });
    const err = await changePriority(city.deps, city.staff.supervisor, { requestId: req.id, expectedVersion: req.version, priority: 'low' }).catch((e) => e);
    expect(err.code).toBe('conflict');
    expect((await city.deps.repos.requests.get(req.id))!.priority).toBe('high');
  });

  it('keeps department staff to their own department', async () => {
    const req = await buildRequest(city.deps);
    const err = await acknowledgeRequest(city.deps, city.staff.parksStaff, { requestId: req.id }).catch((e) => e);
    expect(err.code).toBe('forbidden');
    const err2 = await assignRequest(city.deps, city.staff.worksStaff, { requestId: req.id, assigneeId: city.staff.parksStaff.userId }).catch((e) => e);
    expect(err2.code).toBe('validation');
  });

  it('re-routes to the new service department and restarts its targets', async () => {
    let req = await buildRequest(city.deps);
    req = await assignRequest(city.deps, city.staff.worksStaff, { requestId: req.id, assigneeId: city.staff.worksStaff.userId });
    req = await changeService(city.deps, city.staff.callTaker, { requestId: req.id, serviceCode: 'tree' });
    expect(req.departmentId).toBe(city.departments.parks);
    expect(req.assigneeId).toBeNull();
    const events = await city.deps.repos.events.forRequest(req.id);
    expect(events.at(-1)).toMatchObject({ type: 'service_changed', data: { from: 'pothole', to: 'tree' } });
  });
});

describe('the event and the change commit together', () => {
  it('a failure injected after the change is written leaves neither the change nor the event', async () => {
    const req = await buildRequest(city.deps);
    const before = await counts();
    // Same database, but the event write fails after the request row has been updated.
    const failing: Deps = {
      ...city.deps,
      tx: (fn) =>
        city.deps.tx((repos: Repos) =>
          fn({
            ...repos,
            events: {
              ...repos.events,
              append: async (e) => {
                await repos.events.append(e); // the event row is written too...
                throw new Error('injected failure'); // ...and then the transaction fails
              },
            },
          }),
        ),
    };
    await expect(acknowledgeRequest(failing, city.staff.worksStaff, { requestId: req.id })).rejects.toThrow('injected failure');
    const after = await city.deps.repos.requests.get(req.id);
    expect(after!.status).toBe('new');
    expect(after!.version).toBe(req.version);
    expect(await counts()).toEqual(before);
  });
});
