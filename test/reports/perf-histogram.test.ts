// The performance report at scale (migration 0020): the monthly roll-up the triggers on report_facts keep
// equals one counted from the facts, after every kind of change; and over a large range the medians and
// 90th percentiles read from its histograms are within one bin (2%) of the exact ones, with every count exact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PerformanceRow } from '../../src/app/reports/ports.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { settingsRepo } from '../../src/db/repositories/geo-settings.js';
import { reportsRepo } from '../../src/db/repositories/reports.js';
import { rows, sql } from '../../src/db/sql.js';
import type { ReportFilter } from '../../src/domain/reports/definitions.js';
import { binBounds, binOf, histogramPercentile } from '../../src/domain/reports/histogram.js';
import { resetDb, testDb } from '../support/db.js';
import { loadNyc, NYC_CALENDAR, readNyc } from './nyc.js';

/** The roll-up as (month, service, department, measure) -> value, zeros left out. */
async function rollup(handle: DatabaseHandle): Promise<Map<string, number>> {
  const list = await rows(
    handle.db,
    sql`select month::text as month, service_id, department_id, 'acknowledged' as k, acknowledged as n from report_perf_monthly
        union all select month::text, service_id, department_id, 'ack_measured', ack_measured from report_perf_monthly
        union all select month::text, service_id, department_id, 'ack_within', ack_within from report_perf_monthly
        union all select month::text, service_id, department_id, 'resolved', resolved from report_perf_monthly
        union all select month::text, service_id, department_id, 'resolve_measured', resolve_measured from report_perf_monthly
        union all select month::text, service_id, department_id, 'resolve_within', resolve_within from report_perf_monthly
        union all select month::text, service_id, department_id, 'a' || u.bin, u.n from report_perf_monthly, unnest(ack_bins) with ordinality u(n, bin)
        union all select month::text, service_id, department_id, 'r' || u.bin, u.n from report_perf_monthly, unnest(resolve_bins) with ordinality u(n, bin)`,
  );
  return new Map(list.filter((r) => r.n !== null && Number(r.n) !== 0).map((r) => [`${r.month}|${r.service_id}|${r.department_id}|${r.k}`, Number(r.n)]));
}

/** The same, counted here from report_facts (bins by the TypeScript rule). */
async function fromFacts(handle: DatabaseHandle): Promise<Map<string, number>> {
  const list = await rows(
    handle.db,
    sql`select date_trunc('month', created_at at time zone report_tz())::date::text as month, service_id, department_id, ack_hours, resolve_hours,
          acknowledged_at is not null and ack_due_at is not null as am, acknowledged_at <= ack_due_at as aw,
          close_reason = 'resolved' and resolve_due_at is not null as rm, resolved_at <= resolve_due_at as rw
        from report_facts`,
  );
  const out = new Map<string, number>();
  const add = (k: string) => out.set(k, (out.get(k) ?? 0) + 1);
  for (const r of list) {
    const p = `${r.month}|${r.service_id}|${r.department_id}|`;
    if (r.ack_hours !== null) {
      add(`${p}acknowledged`);
      add(`${p}a${binOf(Number(r.ack_hours))}`);
    }
    if (r.resolve_hours !== null) {
      add(`${p}resolved`);
      add(`${p}r${binOf(Number(r.resolve_hours))}`);
    }
    if (r.am) add(`${p}ack_measured`);
    if (r.am && r.aw) add(`${p}ack_within`);
    if (r.rm) add(`${p}resolve_measured`);
    if (r.rm && r.rw) add(`${p}resolve_within`);
  }
  return out;
}

const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
const key = (r: PerformanceRow) => `${r.level}|${r.departmentId}|${r.serviceId}`;

describe('performance report from monthly histograms (migration 0020)', () => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await testDb();
    await resetDb(handle);
    await settingsRepo(handle.db).set('calendar', NYC_CALENDAR);
    await loadNyc(handle, readNyc());
  });
  afterAll(async () => resetDb(handle));

  it('bins: the SQL rule is the TypeScript rule, and every bin is 2% wide', async () => {
    const hours = [0, 0.001, 1 / 60 - 1e-9, 1 / 60, 0.5, 1, 7.25, 9, 40, 123.456, 2000, 26_000];
    const list = await rows(handle.db, sql`select h, report_bin(h) as b from unnest(${`{${hours.join(',')}}`}::float8[]) h`);
    expect(list.map((r) => Number(r.b))).toEqual(hours.map(binOf));
    for (const h of hours.filter((x) => x >= 1 / 60)) {
      const [lo, hi] = binBounds(binOf(h));
      expect(h).toBeGreaterThanOrEqual(lo * (1 - 1e-12));
      expect(h).toBeLessThan(hi * (1 + 1e-12));
      expect(hi / lo).toBeCloseTo(1.02, 10);
    }
    expect(histogramPercentile([], 0.5)).toBeNull();
  });

  it('the roll-up the triggers keep equals one counted from the facts, before and after changes', async () => {
    const before = await rollup(handle);
    expect(before.size).toBeGreaterThan(150);
    expect(sorted(before)).toEqual(sorted(await fromFacts(handle)));

    // Acknowledge open requests, reopen closed ones, move some to another service and department, delete some.
    await handle.db.execute(sql`update requests set status = 'acknowledged', acknowledged_at = created_at + interval '26 hours'
      where id in (select id from requests where status = 'new' order by id limit 40)`);
    await handle.db.execute(sql`update requests set status = 'in_progress', closed_at = null, close_reason = null, resolved_at = null
      where id in (select id from requests where status = 'closed' order by id limit 30)`);
    await handle.db.execute(sql`update requests set status = 'closed', closed_at = created_at + interval '3 days', close_reason = 'resolved',
      resolved_at = created_at + interval '3 days' where id in (select id from requests where status = 'in_progress' order by id desc limit 25)`);
    const [a, b] = await rows(handle.db, sql`select id, department_id from services order by id limit 2`);
    await handle.db.execute(sql`update requests set service_id = ${b!.id}, department_id = ${b!.department_id}
      where id in (select id from requests where service_id = ${a!.id} or closed_at is not null order by id limit 20)`);
    await handle.db.execute(sql`delete from request_events where request_id in (select id from requests order by id desc limit 10)`);
    await handle.db.execute(sql`delete from requests where id in (select id from requests order by id desc limit 10)`);

    const after = await rollup(handle);
    expect(sorted(after)).not.toEqual(sorted(before));
    expect(sorted(after)).toEqual(sorted(await fromFacts(handle)));
  });

  it('over a large range: counts exact, percentiles within one bin of percentile_cont', async () => {
    const exact = reportsRepo(handle.db, { exactPercentileLimit: Infinity });
    const fromHistograms = reportsRepo(handle.db, { exactPercentileLimit: 0 });
    const filters: ReportFilter[] = [
      { from: '2014-01-01', to: '2019-09-30' },
      { from: '2018-03-15', to: '2019-02-10' }, // partial months at both ends
      { from: '2017-12-31', to: '2018-07-01' },
      { from: '2018-01-03', to: '2018-10-28' }, // mostly-covered edge months: the whole month minus the days outside
      { from: '2019-03-01', to: '2019-03-31' },
    ];
    const [svc] = await rows(handle.db, sql`select service_id, department_id from report_facts group by 1, 2 order by count(*) desc limit 1`);
    filters.push({ from: '2014-01-01', to: '2019-09-30', serviceId: Number(svc!.service_id) });
    filters.push({ from: '2015-02-10', to: '2019-09-30', departmentIds: [Number(svc!.department_id)] });
    let compared = 0;
    for (const f of filters) {
      const e = await exact.performance(f);
      const h = await fromHistograms.performance(f);
      expect(h.every((r) => r.percentiles === 'histogram'), JSON.stringify(f)).toBe(true);
      expect(e.every((r) => r.percentiles === 'exact')).toBe(true);
      const byKey = new Map(h.map((r) => [key(r), r]));
      expect([...byKey.keys()].sort()).toEqual(e.map(key).sort());
      for (const x of e) {
        const y = byKey.get(key(x))!;
        const counts = ['count', 'acknowledged', 'resolved', 'ackMeasured', 'ackWithin', 'resolveMeasured', 'resolveWithin'] as const;
        expect(counts.map((c) => y[c]), `${JSON.stringify(f)} ${key(x)}`).toEqual(counts.map((c) => x[c]));
        for (const p of ['ackMedianHours', 'ackP90Hours', 'resolveMedianHours', 'resolveP90Hours'] as const) {
          if (x[p] === null) {
            expect(y[p]).toBeNull();
            continue;
          }
          // One bin: 2% of the value, or the first bin's minute.
          expect(Math.abs(y[p]! - x[p]!), `${JSON.stringify(f)} ${key(x)} ${p}: ${y[p]} vs ${x[p]}`).toBeLessThanOrEqual(0.02 * x[p]! + 1 / 60);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('a heat map on a grid twice the roll-up cell (0.01°) is read from the roll-up and counts what the facts say', async () => {
    const f = { from: '2018-03-15', to: '2019-02-10' };
    const cells = await reportsRepo(handle.db).heatmap(f, 0.01, 100_000);
    const direct = await rows(
      handle.db,
      sql`select floor(lat / 0.01)::int as y, floor(lng / 0.01)::int as x, count(*) as n from report_facts
          where lat is not null and created_at >= (${f.from}::date)::timestamp at time zone report_tz()
            and created_at < (${f.to}::date + 1)::timestamp at time zone report_tz()
          group by 1, 2`,
    );
    const asMap = (list: Array<{ y: unknown; x: unknown; n: unknown }>) => new Map(list.map((c) => [`${c.y},${c.x}`, Number(c.n)]));
    expect(cells.length).toBeGreaterThan(50);
    expect(asMap(cells.map((c) => ({ y: c.y, x: c.x, n: c.count })))).toEqual(asMap(direct as never));
  });

  it('a channel or a district filter always takes the exact path', async () => {
    const fromHistograms = reportsRepo(handle.db, { exactPercentileLimit: 0 });
    const [c] = await rows(handle.db, sql`select channel from report_facts group by 1 order by count(*) desc limit 1`);
    const list = await fromHistograms.performance({ from: '2014-01-01', to: '2019-09-30', channel: c!.channel as never });
    expect(list.length).toBeGreaterThan(1);
    expect(list.every((r) => r.percentiles === 'exact')).toBe(true);
  });
});
