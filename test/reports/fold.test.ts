// Migration 0018: the report counters are written append-only (report_delta, no shared row in a submission's
// transaction) and folded into the roll-up tables by report_fold(); the old names are views that add the
// unfolded deltas, so every figure is the same before a fold, after it, and after a rebuild.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeRequest } from '../../src/app/close-request.js';
import { changeService } from '../../src/app/change-service.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { one, rows, sql } from '../../src/db/sql.js';
import { startReportFold } from '../../src/jobs/sweeps.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, fixedClock, type TinyCity } from '../support/factories.js';

let handle: DatabaseHandle;
let city: TinyCity;
const clock = fixedClock('2026-03-02T16:00:00Z');

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  clock.set('2026-03-02T16:00:00Z');
  city = await buildTinyCity(handle, { clock });
});

const VIEWS = ['report_daily', 'report_monthly', 'report_daily_svc', 'report_monthly_svc', 'report_heat_monthly'];
const figures = async () =>
  Object.fromEntries(
    await Promise.all(VIEWS.map(async (t) => [t, (await one<{ a: string[] | null }>(handle.db, sql`select array_agg(x::text order by x::text) as a from ${sql.raw(t)} x where x::text !~ ',0,0,0\\)$'`))!.a] as const)),
  );
const deltas = async () => (await one<{ n: number }>(handle.db, sql`select count(*)::int as n from report_delta`))!.n;
const fold = async () => (await one<{ n: number }>(handle.db, sql`select report_fold() as n`))!.n;

describe('report counters: deltas and folds', () => {
  it('a submission writes one delta row and no roll-up row; a fold moves it without changing any figure', async () => {
    await buildRequest(city.deps);
    expect(await deltas()).toBe(1);
    expect((await one<{ n: number }>(handle.db, sql`select count(*)::int as n from report_daily_rollup`))!.n).toBe(0);
    const before = await figures();
    expect(before.report_daily).toHaveLength(1);
    expect(before.report_heat_monthly).toHaveLength(1);
    expect(await fold()).toBe(1);
    expect(await deltas()).toBe(0);
    expect(await figures()).toEqual(before);
    expect(await fold()).toBe(0);
    // What the serving process runs once a minute on the folded (dead) rows.
    await handle.exec('vacuum (skip_locked) report_delta');
    expect(await figures()).toEqual(before);
  });

  it('figures are exact before a fold, after it and after a rebuild, through closes and moves', async () => {
    const a = await buildRequest(city.deps);
    const b = await buildRequest(city.deps, { channel: 'phone' }, city.staff.callTaker);
    await fold(); // some in the roll-ups, the rest as deltas
    clock.advanceHours(30);
    await closeRequest(city.deps, city.staff.worksStaff, { requestId: a.id, reason: 'resolved' });
    await changeService(city.deps, city.staff.admin, { requestId: b.id, serviceCode: 'tree' });
    await buildRequest(city.deps);
    const live = await figures();
    expect(await deltas()).toBeGreaterThan(0);
    await fold();
    expect(await deltas()).toBe(0);
    expect(await figures()).toEqual(live);
    await handle.exec('select report_rebuild()');
    expect(await figures()).toEqual(live);
    // A delete counts back out (as a negative delta until folded).
    await handle.exec(`delete from requests where id = ${a.id}`);
    const afterDelete = await figures();
    await fold();
    expect(await figures()).toEqual(afterDelete);
    await handle.exec('select report_rebuild()');
    expect(await figures()).toEqual(afterDelete);
  });

  it('the serving process folds on a timer', async () => {
    await buildRequest(city.deps);
    const folded: unknown[] = [];
    const stop = startReportFold(async () => folded.push(await fold()), { intervalMs: 10 });
    while (folded.length < 2) await new Promise((r) => setTimeout(r, 10));
    await stop();
    expect(folded[0]).toBe(1);
    expect(await deltas()).toBe(0);
    expect(await rows(handle.db, sql`select opened from report_daily_rollup`)).toEqual([{ opened: 1 }]);
  });
});
