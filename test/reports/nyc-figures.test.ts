// Acceptance: the NYC sample imported with its own dates; every figure of the year-to-date, channel and
// performance reports equals the same figure computed here directly from the CSV rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getChannelReport } from '../../src/app/reports/get-channel-report.js';
import { getPerformanceReport } from '../../src/app/reports/get-performance-report.js';
import { getYtdReport } from '../../src/app/reports/get-ytd-report.js';
import type { ReportDeps } from '../../src/app/reports/ports.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { makeDeps } from '../../src/db/deps.js';
import { makeReportDeps } from '../../src/db/report-deps.js';
import { settingsRepo } from '../../src/db/repositories/geo-settings.js';
import { businessHoursBetween } from '../../src/domain/business-hours.js';
import type { Actor } from '../../src/domain/actor.js';
import { resetDb, testDb } from '../support/db.js';
import { fixedClock } from '../support/factories.js';
import { loadNyc, NYC_CALENDAR, readNyc, type NycRow } from './nyc.js';

const ADMIN: Actor = { type: 'staff', userId: 1, name: 'admin', role: 'admin', departmentIds: [] };
const NOW = new Date('2019-10-01T14:00:00Z');
const cal = { timeZone: NYC_CALENDAR.timeZone, hours: NYC_CALENDAR.hours as never, holidays: [] };

// ---- the figures, straight from the rows (independent of the report code) ----------------------------

const inRange = (d: string, from: string, to: string) => d >= from && d <= to;
function pct(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  const i = p * (sorted.length - 1);
  const a = Math.floor(i);
  const b = Math.min(a + 1, sorted.length - 1);
  return sorted[a]! + (sorted[b]! - sorted[a]!) * (i - a);
}
function minusYearPlusDay(to: string) {
  const [y, m, d] = to.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  const t = new Date(Date.UTC(y - 1, m - 1, Math.min(d, last)) + 86_400_000);
  return t.toISOString().slice(0, 10);
}
function ytdExpected(list: NycRow[], from: string, to: string) {
  const y = to.slice(0, 4);
  const fy = Number(to.slice(5, 7)) >= 7 ? `${y}-07-01` : `${Number(y) - 1}-07-01`;
  const r12 = minusYearPlusDay(to);
  const out = new Map<string, { range: number; calendarYtd: number; fiscalYtd: number; running12: number }>();
  for (const r of list) {
    const k = `${r.agency}|${r.type}`;
    const c = out.get(k) ?? { range: 0, calendarYtd: 0, fiscalYtd: 0, running12: 0 };
    const d = r.created.date;
    if (inRange(d, from, to)) c.range++;
    if (inRange(d, `${y}-01-01`, to)) c.calendarYtd++;
    if (inRange(d, fy, to)) c.fiscalYtd++;
    if (inRange(d, r12, to)) c.running12++;
    out.set(k, c);
  }
  return out;
}

describe('reports against the NYC 311 sample', () => {
  let handle: DatabaseHandle;
  let deps: ReportDeps;
  const rows = readNyc();

  beforeAll(async () => {
    handle = await testDb();
    await resetDb(handle);
    const settings = settingsRepo(handle.db);
    await settings.set('calendar', NYC_CALENDAR);
    await settings.set('city', { name: 'New York', fiscalYearStartMonth: 7 });
    await loadNyc(handle, rows);
    deps = makeReportDeps(handle, makeDeps(handle, { clock: fixedClock(NOW.toISOString()) }));
  });
  afterAll(async () => resetDb(handle));

  it('loads all 1000 rows', () => {
    expect(rows).toHaveLength(1000);
    expect(new Set(rows.map((r) => r.type)).size).toBeGreaterThan(90);
  });

  for (const [from, to] of [['2019-06-01', '2019-06-30'], ['2018-01-01', '2018-12-31'], ['2014-01-01', '2019-09-30'], ['2018-03-15', '2019-02-10'], ['2017-12-31', '2018-07-01']] as const) {
    if (from > to) continue;
    it(`year to date as Lynwood prints it, ${from} to ${to}`, async () => {
      const report = await getYtdReport(deps, ADMIN, { from, to });
      const expected = ytdExpected(rows, from, to);
      const got = new Map<string, { range: number; calendarYtd: number; fiscalYtd: number; running12: number; runningMonthlyAverage: number }>();
      for (const d of report.departments) for (const s of d.services) got.set(`${d.name}|${s.name}`, s);
      for (const [k, e] of expected) {
        const g = got.get(k);
        if (e.range + e.calendarYtd + e.fiscalYtd + e.running12 === 0 && !g) continue;
        expect({ k, range: g?.range, calendarYtd: g?.calendarYtd, fiscalYtd: g?.fiscalYtd, running12: g?.running12 }, k).toEqual({ k, ...e });
        expect(g!.runningMonthlyAverage).toBeCloseTo(e.running12 / 12, 2);
      }
      // Nothing extra, and the totals add up.
      for (const [k, g] of got) if (!expected.has(k)) expect(g.range + g.calendarYtd + g.fiscalYtd + g.running12, k).toBe(0);
      const sum = (f: (c: { range: number; calendarYtd: number; fiscalYtd: number; running12: number }) => number) => [...expected.values()].reduce((s, c) => s + f(c), 0);
      expect(report.total.range).toBe(sum((c) => c.range));
      expect(report.total.calendarYtd).toBe(sum((c) => c.calendarYtd));
      expect(report.total.fiscalYtd).toBe(sum((c) => c.fiscalYtd));
      expect(report.total.running12).toBe(sum((c) => c.running12));
      for (const d of report.departments) {
        const e = [...expected.entries()].filter(([k]) => k.startsWith(`${d.name}|`)).reduce((s, [, c]) => s + c.fiscalYtd, 0);
        expect(d.total.fiscalYtd, d.name).toBe(e);
      }
    });
  }

  it('year to date with department and channel filters', async () => {
    const dept = await getYtdReport(deps, ADMIN, { from: '2018-01-01', to: '2018-12-31', departmentId: (await deptId(handle, 'nypd'))!, channel: 'phone' });
    const e = rows.filter((r) => r.agency === 'NYPD' && r.channel === 'phone' && inRange(r.created.date, '2018-01-01', '2018-12-31')).length;
    expect(dept.total.range).toBe(e);
    expect(dept.departments.map((d) => d.name)).toEqual(['NYPD']);
  });

  it('contacts by channel and year, with shares', async () => {
    const report = await getChannelReport(deps, ADMIN, { from: '2014-01-01', to: '2019-12-31' });
    expect(report.years.map((y) => y.year)).toEqual([2014, 2015, 2016, 2017, 2018, 2019]);
    const partial = await getChannelReport(deps, ADMIN, { from: '2018-03-15', to: '2019-02-10' });
    expect(partial.years.map((y) => [y.year, y.total])).toEqual([
      [2018, rows.filter((r) => inRange(r.created.date, '2018-03-15', '2018-12-31')).length],
      [2019, rows.filter((r) => inRange(r.created.date, '2019-01-01', '2019-02-10')).length],
    ]);
    for (const y of report.years) {
      const mine = rows.filter((r) => r.created.date.startsWith(String(y.year)));
      expect(y.total).toBe(mine.length);
      for (const c of y.channels) {
        const n = mine.filter((r) => r.channel === c.channel).length;
        expect(c.count, `${y.year} ${c.channel}`).toBe(n);
        expect(c.share).toBeCloseTo(mine.length ? n / mine.length : 0, 12);
      }
    }
  });

  it('performance: medians and p90 in business hours, within target, backlog by age, overdue list', async () => {
    const from = '2014-01-01';
    const to = '2019-09-30';
    const report = await getPerformanceReport(deps, ADMIN, { from, to });
    const groups = new Map<string, NycRow[]>();
    for (const r of rows) {
      for (const k of [`s|${r.agency}|${r.type}`, `d|${r.agency}`, 't']) groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    const check = (k: string, got: (typeof report.services)[number] | undefined) => {
      const list = (groups.get(k) ?? []).filter((r) => inRange(r.created.date, from, to));
      const open = (groups.get(k) ?? []).filter((r) => !r.closed);
      const ack = list.filter((r) => r.acknowledged).map((r) => businessHoursBetween(cal, r.created.at, r.acknowledged!.at)).sort((a, b) => a - b);
      const resolvedRows = list.filter((r) => r.closeReason === 'resolved');
      const res = resolvedRows.map((r) => businessHoursBetween(cal, r.created.at, r.closed!.at)).sort((a, b) => a - b);
      const measured = resolvedRows.filter((r) => r.due);
      const within = measured.filter((r) => r.closed!.at.getTime() <= r.due!.at.getTime());
      expect(got, k).toBeDefined();
      const g = got!;
      expect([g.count, g.acknowledged, g.resolved, g.open], k).toEqual([list.length, ack.length, res.length, open.length]);
      const close = (a: number | null, b: number | null) => (b === null ? expect(a, k).toBeNull() : expect(a, k).toBeCloseTo(b, 9));
      close(g.ackMedianHours, pct(ack, 0.5));
      close(g.ackP90Hours, pct(ack, 0.9));
      close(g.resolveMedianHours, pct(res, 0.5));
      close(g.resolveP90Hours, pct(res, 0.9));
      expect(g.ackWithinShare, k).toBeNull(); // the sample has no acknowledgement targets
      close(g.resolveWithinShare, measured.length ? within.length / measured.length : null);
      const buckets = { under_1d: 0, '1_3d': 0, '3_7d': 0, '7_30d': 0, '30_90d': 0, over_90d: 0 };
      for (const r of open) {
        const days = (NOW.getTime() - r.created.at.getTime()) / 86_400_000;
        const b = days >= 90 ? 'over_90d' : days >= 30 ? '30_90d' : days >= 7 ? '7_30d' : days >= 3 ? '3_7d' : days >= 1 ? '1_3d' : 'under_1d';
        buckets[b]++;
      }
      expect(g.backlog, k).toEqual(buckets);
    };
    for (const s of report.services) check(`s|${s.department}|${s.service}`, s);
    for (const d of report.departments) check(`d|${d.department}`, d);
    check('t', report.total);
    expect(report.services.length).toBe([...groups.keys()].filter((k) => k.startsWith('s|')).length);
    expect(report.departments.length).toBe(new Set(rows.map((r) => r.agency)).size);

    const overdue = rows.filter((r) => !r.closed && r.due && r.due.at < NOW).map((r) => `nyc-${r.key}`).sort();
    expect(report.overdue.total).toBe(overdue.length);
    expect(report.overdue.items.map((o) => o.publicId).sort()).toEqual(overdue);
  });
});

async function deptId(handle: DatabaseHandle, code: string) {
  const { one, sql } = await import('../../src/db/sql.js');
  return (await one<{ id: number }>(handle.db, sql`select id from departments where code = ${code}`))?.id;
}
