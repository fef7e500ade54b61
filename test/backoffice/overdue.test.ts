import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acknowledgeRequest } from '../../src/app/acknowledge-request.js';
import { closeRequest } from '../../src/app/close-request.js';
import { sweepOverdue } from '../../src/app/sweep-overdue.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { one, sql } from '../../src/db/sql.js';
import { startSweeps } from '../../src/jobs/sweeps.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, fixedClock, type TinyCity } from '../support/factories.js';

// The default calendar: Los Angeles, weekdays 08:00-17:00, US federal holidays. Friday 16 January 2026,
// 15:00 local; Monday the 19th is Martin Luther King Jr. Day.
let handle: DatabaseHandle;
let city: TinyCity;
const FRIDAY_3PM = '2026-01-16T23:00:00Z';
const clock = fixedClock(FRIDAY_3PM);

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  clock.set(FRIDAY_3PM);
  city = await buildTinyCity(handle, { clock });
});

const overdueEvents = async () => (await one<{ n: number }>(handle.db, sql`select count(*)::int as n from request_events where type = 'overdue'`))!.n;

describe('targets in business hours', () => {
  it('skip the weekend and the holiday', async () => {
    // Pothole: acknowledge within 8 business hours, resolve within 72.
    const r = await buildRequest(city.deps);
    // Friday 15-17 (2 h), Saturday, Sunday, Monday the holiday, then Tuesday 08:00 + 6 h = 14:00 local.
    expect(r.ackDueAt?.toISOString()).toBe('2026-01-20T22:00:00.000Z');
    // 2 h Friday + 4 x 9 h (Tue-Fri) + 9 h Mon 26 + 9 h Tue + 9 h Wed = 65, + 7 h Thursday 29 = 15:00 local.
    expect(r.resolveDueAt?.toISOString()).toBe('2026-01-29T23:00:00.000Z');
  });
});

describe('the overdue sweep', () => {
  it('marks a request once its due time passes, over a weekend and a holiday, with one event each time', async () => {
    const late = await buildRequest(city.deps);
    const acked = await buildRequest(city.deps);
    await acknowledgeRequest(city.deps, city.staff.worksStaff, { requestId: acked.id });
    const closed = await buildRequest(city.deps);
    await closeRequest(city.deps, city.staff.worksStaff, { requestId: closed.id, reason: 'resolved' });
    const info = await buildRequest(city.deps, { serviceCode: 'info', answers: {}, channel: 'phone' }, city.staff.callTaker);

    for (const at of ['2026-01-17T20:00:00Z', '2026-01-19T20:00:00Z', '2026-01-20T21:59:00Z']) {
      clock.set(at); // Saturday, the holiday Monday, Tuesday 13:59 local: nothing is late yet
      expect((await sweepOverdue(city.deps)).marked).toBe(0);
    }
    clock.set('2026-01-20T22:01:00Z'); // Tuesday 14:01 local
    const first = await sweepOverdue(city.deps);
    expect(first.requestIds).toEqual([late.id]);
    const marked = (await city.deps.repos.requests.get(late.id))!;
    expect(marked).toMatchObject({ ackOverdue: true, resolveOverdue: false, version: late.version });
    const event = (await city.deps.repos.events.forRequest(late.id)).at(-1)!;
    expect(event).toMatchObject({ type: 'overdue', public: false, actorType: 'system', data: { kinds: ['acknowledge'], departmentId: city.departments.works } });
    const outbox = await one<{ n: number }>(handle.db, sql`select count(*)::int as n from outbox where payload->>'eventId' = ${String(event.id)}`);
    expect(outbox!.n).toBe(1);

    expect((await sweepOverdue(city.deps)).marked).toBe(0); // idempotent
    expect(await overdueEvents()).toBe(1);

    clock.set('2026-01-29T22:59:00Z'); // Thursday 14:59 local: the resolve target is one minute away
    expect((await sweepOverdue(city.deps)).marked).toBe(0);
    clock.set('2026-01-29T23:00:01Z');
    const second = await sweepOverdue(city.deps);
    expect(second.requestIds.sort()).toEqual([late.id, acked.id].sort());
    expect((await city.deps.repos.requests.get(acked.id))).toMatchObject({ ackOverdue: false, resolveOverdue: true });
    expect((await city.deps.repos.events.forRequest(late.id)).at(-1)!.data.kinds).toEqual(['resolve']);
    expect((await sweepOverdue(city.deps)).marked).toBe(0);
    expect(await overdueEvents()).toBe(3);
    // Closed requests and information requests (closed at once, no due times) are never late.
    for (const id of [closed.id, info.id]) expect(await city.deps.repos.requests.get(id)).toMatchObject({ ackOverdue: false, resolveOverdue: false });
  });

  it('marks both targets in one event when both passed, in batches', async () => {
    for (let i = 0; i < 5; i++) await buildRequest(city.deps);
    clock.set('2026-02-20T20:00:00Z');
    const r = await sweepOverdue(city.deps, { batchSize: 2 });
    expect(r.marked).toBe(5);
    const kinds = await one<{ k: string }>(handle.db, sql`select string_agg(distinct data->>'kinds', '|') as k from request_events where type = 'overdue'`);
    expect(kinds!.k).toBe('["acknowledge", "resolve"]');
  });

  it('runs on a schedule until stopped', async () => {
    await buildRequest(city.deps);
    clock.set('2026-02-20T20:00:00Z');
    const seen: number[] = [];
    const stop = startSweeps(city.deps, { intervalMs: 20, onSweep: (r) => seen.push(r.marked), onError: (e) => seen.push(-1, String(e).length) });
    for (let i = 0; i < 100 && seen.length === 0; i++) await new Promise((res) => setTimeout(res, 20));
    await stop();
    expect(seen).toEqual([1]);
    await buildRequest(city.deps); // after stop: no sweep picks this up
    await new Promise((res) => setTimeout(res, 60));
    expect(await overdueEvents()).toBe(1);
  });
});
