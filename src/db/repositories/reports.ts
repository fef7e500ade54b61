import type { PerformanceRow, ReportsRepo } from '../../app/reports/ports.js';
import { addDays, addMonths, partialMonths, type Window } from '../../domain/reports/dates.js';
import { AGE_BUCKETS, PERCENTILES, type ReportFilter } from '../../domain/reports/definitions.js';
import { histogramPercentile, mergeInto, type Histogram } from '../../domain/reports/histogram.js';
import { one, rows, sql, toDate, toDateOrNull, type Db, type SQL } from '../sql.js';

// Report queries read the roll-ups the 0008 and 0013 triggers keep, never a scan of requests: counts come
// from monthly and daily rows, durations and backlog from one narrow row per request (report_facts).

/** The grid report_heat_monthly counts on (DEFAULT_CELL_DEGREES). */
const HEAT_ROLLUP_CELL = 0.005;

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Postgres float8[] comes back parsed on PGlite and as '{1.5,2}' text through node-postgres. */
function floats(v: unknown): Array<number | null> {
  if (Array.isArray(v)) return v.map((x) => (x === null ? null : Number(x)));
  if (typeof v === 'string') return v.replace(/[{}]/g, '').split(',').filter(Boolean).map((x) => (x === 'NULL' ? null : Number(x)));
  return [null, null];
}

/** The filter as SQL on a table aliased t with service_id, department_id, channel, district_ids. */
function where(f: Omit<ReportFilter, 'from' | 'to'>): SQL {
  const parts: SQL[] = [sql`true`];
  if (f.departmentIds) parts.push(sql`t.department_id = any(${`{${f.departmentIds.map(Math.trunc).join(',')}}`}::int[])`);
  if (f.serviceId !== undefined) parts.push(sql`t.service_id = ${f.serviceId}`);
  if (f.channel) parts.push(sql`t.channel = ${f.channel}`);
  if (f.districtId !== undefined) parts.push(sql`t.district_ids @> array[${Math.trunc(f.districtId)}]::int[]`);
  // = any(array(...)): an init plan run once, which leaves the planner its index scans (an in (select ...) semi-join did not).
  if (f.publicOnly) parts.push(sql`t.service_id = any(array(select id from services where visibility = 'public'))`);
  return sql.join(parts, sql` and `);
}

/**
 * The count roll-ups a filter can read: the narrow ones (summed over district sets, 0013) unless it asks for
 * a district.
 */
const rollups = (f: Omit<ReportFilter, 'from' | 'to'>) =>
  f.districtId === undefined
    ? { daily: sql.raw('report_daily_svc'), monthly: sql.raw('report_monthly_svc') }
    : { daily: sql.raw('report_daily'), monthly: sql.raw('report_monthly') };

/**
 * Counts over whole local days from the roll-ups: whole months from report_monthly, the days of months a
 * window covers only in part from report_daily. Rows: g ('m' or 'd'), d0 (month or day), ms/me (its month's
 * first and last day), the dimensions and the three counts.
 */
function pieces(windows: readonly Window[], f: Omit<ReportFilter, 'from' | 'to'>): SQL {
  const from = windows.reduce((m, w) => (w.from < m ? w.from : m), windows[0]!.from);
  const to = windows.reduce((m, w) => (w.to > m ? w.to : m), windows[0]!.to);
  // Day ranges (not a month test per row), so the primary key's leading day column finds them.
  const edges = partialMonths(windows).map((m) => {
    const end = addDays(addMonths(m, 1), -1);
    return sql`t.day between ${m < from ? from : m}::date and ${end > to ? to : end}::date`;
  });
  const edgeDays = edges.length ? sql.join(edges, sql` or `) : sql`false`;
  const t = rollups(f);
  // offset 0 keeps the caller's window test out of these scans: pushed down, it made PostgreSQL read a whole
  // year of daily rows by the window's range instead of the two edge ranges (700 ms instead of tens).
  return sql`(
    select 'm' as g, t.month as d0, t.month as ms, (t.month + interval '1 month' - interval '1 day')::date as me,
      t.service_id, t.department_id, t.channel, t.opened, t.closed, t.resolved
    from ${t.monthly} t where t.month >= date_trunc('month', ${from}::date) and t.month <= ${to}::date and ${where(f)}
    union all
    select 'd', t.day, date_trunc('month', t.day)::date, (date_trunc('month', t.day) + interval '1 month' - interval '1 day')::date,
      t.service_id, t.department_id, t.channel, t.opened, t.closed, t.resolved
    from ${t.daily} t where (${edgeDays}) and ${where(f)}
    offset 0
  )`;
}

/** True for a piece that belongs to the window (and is not also counted by its month's whole-month row). */
const inWindow = (w: Window) =>
  sql`(case when p.g = 'm' then p.ms >= ${w.from}::date and p.me <= ${w.to}::date
       else p.d0 between ${w.from}::date and ${w.to}::date and not (p.ms >= ${w.from}::date and p.me <= ${w.to}::date) end)`;

/** A local date's first instant in the city's zone (the zone the roll-ups were built in). */
const startOf = (d: string) => sql`((${d}::date)::timestamp at time zone report_tz())`;
const endOf = (d: string) => sql`((${d}::date + 1)::timestamp at time zone report_tz())`;

/**
 * Above this many requests in a performance report's range (and without a channel or district filter), its
 * medians and 90th percentiles come from the monthly histograms (within 2%) instead of sorting every
 * duration: sorting is O(requests), seconds at a million.
 */
export const EXACT_PERCENTILE_LIMIT = 50_000;

type Acc = Omit<PerformanceRow, 'level' | 'departmentId' | 'serviceId' | 'ackMedianHours' | 'ackP90Hours' | 'resolveMedianHours' | 'resolveP90Hours' | 'percentiles'> & {
  ackBins: Histogram;
  resolveBins: Histogram;
};
const emptyAcc = (): Acc => ({ count: 0, acknowledged: 0, resolved: 0, ackMeasured: 0, ackWithin: 0, resolveMeasured: 0, resolveWithin: 0, ackBins: [], resolveBins: [] });
function addAcc(a: Acc, b: Acc): Acc {
  a.count += b.count;
  a.acknowledged += b.acknowledged;
  a.resolved += b.resolved;
  a.ackMeasured += b.ackMeasured;
  a.ackWithin += b.ackWithin;
  a.resolveMeasured += b.resolveMeasured;
  a.resolveWithin += b.resolveWithin;
  mergeInto(a.ackBins, b.ackBins);
  mergeInto(a.resolveBins, b.resolveBins);
  return a;
}

/** Exact: percentile_cont over every duration of the range (report_facts), at three levels. */
async function performanceExact(db: Db, f: ReportFilter): Promise<PerformanceRow[]> {
  // Percentiles sort every duration of the cohort: give the sorts memory instead of temporary files.
  const list = await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await tx.execute(sql`set local work_mem = '128MB'`);
    return rows(
      tx,
      sql`select t.department_id, t.service_id, grouping(t.department_id, t.service_id) as g, count(*) as n,
            count(t.ack_hours) as acknowledged, percentile_cont(array[0.5, 0.9]) within group (order by t.ack_hours) as ack_p,
            count(t.resolve_hours) as resolved, percentile_cont(array[0.5, 0.9]) within group (order by t.resolve_hours) as resolve_p,
            count(*) filter (where t.acknowledged_at is not null and t.ack_due_at is not null) as ack_measured,
            count(*) filter (where t.acknowledged_at is not null and t.ack_due_at is not null and t.acknowledged_at <= t.ack_due_at) as ack_within,
            count(*) filter (where t.close_reason = 'resolved' and t.resolve_due_at is not null) as resolve_measured,
            count(*) filter (where t.close_reason = 'resolved' and t.resolve_due_at is not null and t.resolved_at <= t.resolve_due_at) as resolve_within
          from report_facts t
          where t.created_at >= ${startOf(f.from)} and t.created_at < ${endOf(f.to)} and ${where(f)}
          group by grouping sets ((t.department_id, t.service_id), (t.department_id), ())`,
    );
  });
  return list.map((r) => {
    const [ackMedian, ackP90] = floats(r.ack_p);
    const [resolveMedian, resolveP90] = floats(r.resolve_p);
    const g = Number(r.g);
    return {
      level: g === 0 ? ('service' as const) : g === 1 ? ('department' as const) : ('total' as const),
      departmentId: g === 3 ? null : Number(r.department_id),
      serviceId: g === 0 ? Number(r.service_id) : null,
      count: num(r.n),
      acknowledged: num(r.acknowledged),
      ackMedianHours: ackMedian ?? null,
      ackP90Hours: ackP90 ?? null,
      resolved: num(r.resolved),
      resolveMedianHours: resolveMedian ?? null,
      resolveP90Hours: resolveP90 ?? null,
      ackMeasured: num(r.ack_measured),
      ackWithin: num(r.ack_within),
      resolveMeasured: num(r.resolve_measured),
      resolveWithin: num(r.resolve_within),
      percentiles: 'exact' as const,
    };
  });
}

/**
 * From the monthly roll-up (0020) for the range's whole months and report_facts for the days of months it
 * covers only in part; counts exact, percentiles from the summed histograms.
 */
async function performanceFromHistograms(db: Db, f: ReportFilter, counts: Array<Record<string, unknown>>): Promise<PerformanceRow[]> {
  // A month the range covers in part is counted from report_facts: the part inside the range, or, when the
  // part outside it holds fewer requests (a range ending today: the rest of this month has none yet), the
  // whole month's roll-up row minus the part outside.
  const plusDays: Array<[string, string]> = [];
  const minusDays: Array<[string, string]> = [];
  const wholeMonths: string[] = [];
  const partial = partialMonths([f]);
  const dayCounts = partial.length
    ? await rows(
        db,
        sql`select date_trunc('month', t.day)::date::text as m, sum(t.opened) filter (where t.day between ${f.from}::date and ${f.to}::date) as inside,
              sum(t.opened) filter (where t.day not between ${f.from}::date and ${f.to}::date) as outside
            from report_daily_svc t where (${sql.join(partial.map((m) => sql`t.day between ${m}::date and ${addDays(addMonths(m, 1), -1)}::date`), sql` or `)}) and ${where(f)}
            group by 1`,
      )
    : [];
  for (const m of partial) {
    const end = addDays(addMonths(m, 1), -1);
    const c = dayCounts.find((r) => r.m === m);
    if (num(c?.outside) < num(c?.inside)) {
      wholeMonths.push(m);
      if (f.from > m) minusDays.push([m, addDays(f.from, -1)]);
      if (f.to < end) minusDays.push([addDays(f.to, 1), end]);
    } else plusDays.push([m < f.from ? f.from : m, end > f.to ? f.to : end]);
  }
  const span = ([a, b]: [string, string]) => sql`(t.created_at >= ${startOf(a)} and t.created_at < ${endOf(b)})`;
  const edges = [...plusDays, ...minusDays].map(span);
  // (select ...): instants computed once (an init plan), not report_tz() per row.
  const spanOnce = ([a, b]: [string, string]) => sql`(t.created_at >= (select ${startOf(a)}) and t.created_at < (select ${endOf(b)}))`;
  const sign = minusDays.length ? sql`case when ${sql.join(minusDays.map(spanOnce), sql` or `)} then -1 else 1 end` : sql`1`;
  const months = wholeMonths.length ? sql` or t.month = any(${`{${wholeMonths.join(',')}}`}::date[])` : sql``;
  // Histograms travel as text ('0,3,1,...'): parsing a few hundred thousand array elements with the driver's
  // array parser costs more than the query.
  const [monthly, edgeRows] = await Promise.all([
    rows(
      db,
      sql`select t.department_id as d, t.service_id as s, t.acknowledged as a, t.ack_measured as am, t.ack_within as aw, t.resolved as r,
            t.resolve_measured as rm, t.resolve_within as rw, array_to_string(t.ack_bins, ',', '0') as ab, array_to_string(t.resolve_bins, ',', '0') as rb
          from report_perf_monthly t
          where ((t.month >= ${f.from}::date and (t.month + interval '1 month' - interval '1 day')::date <= ${f.to}::date)${months}) and ${where(f)}`,
    ),
    edges.length
      ? rows(
          db,
          sql`with e as materialized (
                select t.department_id as d, t.service_id as s, ${sign} as sg, t.ack_hours, t.resolve_hours,
                  (t.acknowledged_at is not null and t.ack_due_at is not null)::int as am,
                  coalesce(t.acknowledged_at is not null and t.ack_due_at is not null and t.acknowledged_at <= t.ack_due_at, false)::int as aw,
                  coalesce(t.close_reason = 'resolved' and t.resolve_due_at is not null, false)::int as rm,
                  coalesce(t.close_reason = 'resolved' and t.resolve_due_at is not null and t.resolved_at <= t.resolve_due_at, false)::int as rw
                from report_facts t where (${sql.join(edges, sql` or `)}) and ${where(f)}
              ),
              c as (select d, s, sum(sg) filter (where ack_hours is not null) as a, sum(sg * am) as am, sum(sg * aw) as aw,
                      sum(sg) filter (where resolve_hours is not null) as r, sum(sg * rm) as rm, sum(sg * rw) as rw from e group by 1, 2),
              ab as (select d, s, report_bins_of(array_agg(b), array_agg(n)) as bins
                     from (select d, s, report_bin(ack_hours) as b, sum(sg)::int as n from e where ack_hours is not null group by 1, 2, 3) x group by 1, 2),
              rb as (select d, s, report_bins_of(array_agg(b), array_agg(n)) as bins
                     from (select d, s, report_bin(resolve_hours) as b, sum(sg)::int as n from e where resolve_hours is not null group by 1, 2, 3) x group by 1, 2)
              select c.*, array_to_string(ab.bins, ',', '0') as ab, array_to_string(rb.bins, ',', '0') as rb
              from c left join ab on ab.d = c.d and ab.s = c.s left join rb on rb.d = c.d and rb.s = c.s`,
        )
      : Promise.resolve([]),
  ]);
  const groups = new Map<string, { d: number; s: number; acc: Acc }>();
  const at = (d: unknown, s: unknown) => {
    const k = `${d}:${s}`;
    return (groups.get(k) ?? groups.set(k, { d: Number(d), s: Number(s), acc: emptyAcc() }).get(k)!).acc;
  };
  const bins = (v: unknown): number[] => (typeof v === 'string' && v ? v.split(',').map(Number) : []);
  for (const r of counts) at(r.department_id, r.service_id).count += num(r.n);
  for (const r of [...monthly, ...edgeRows]) {
    addAcc(at(r.d, r.s), {
      count: 0,
      acknowledged: num(r.a),
      resolved: num(r.r),
      ackMeasured: num(r.am),
      ackWithin: num(r.aw),
      resolveMeasured: num(r.rm),
      resolveWithin: num(r.rw),
      ackBins: bins(r.ab),
      resolveBins: bins(r.rb),
    });
  }
  const departments = new Map<number, Acc>();
  const all = emptyAcc();
  const out: PerformanceRow[] = [];
  const row = (level: PerformanceRow['level'], departmentId: number | null, serviceId: number | null, a: Acc): PerformanceRow => ({
    level,
    departmentId,
    serviceId,
    count: a.count,
    acknowledged: a.acknowledged,
    ackMedianHours: histogramPercentile(a.ackBins, PERCENTILES.median),
    ackP90Hours: histogramPercentile(a.ackBins, PERCENTILES.p90),
    resolved: a.resolved,
    resolveMedianHours: histogramPercentile(a.resolveBins, PERCENTILES.median),
    resolveP90Hours: histogramPercentile(a.resolveBins, PERCENTILES.p90),
    ackMeasured: a.ackMeasured,
    ackWithin: a.ackWithin,
    resolveMeasured: a.resolveMeasured,
    resolveWithin: a.resolveWithin,
    percentiles: 'histogram',
  });
  for (const g of groups.values()) {
    if (g.acc.count === 0) continue;
    out.push(row('service', g.d, g.s, g.acc));
    addAcc(departments.get(g.d) ?? departments.set(g.d, emptyAcc()).get(g.d)!, g.acc);
    addAcc(all, g.acc);
  }
  for (const [d, a] of departments) out.push(row('department', d, null, a));
  out.push(row('total', null, null, all));
  return out;
}

export function reportsRepo(db: Db, options: { exactPercentileLimit?: number } = {}): ReportsRepo {
  const exactLimit = options.exactPercentileLimit ?? EXACT_PERCENTILE_LIMIT;
  return {
    async builtWith(calendar) {
      const r = await one<{ same: boolean | null }>(db, sql`select (select calendar from report_state where id = 1) = ${JSON.stringify(calendar)}::jsonb as same`);
      return r?.same === true;
    },

    async rebuild(calendar, intervals, from, to) {
      await db.transaction(async (t) => {
        const tx = t as unknown as Db;
        await tx.execute(sql`select pg_advisory_xact_lock(3110008)`);
        await tx.execute(sql`truncate report_clock`);
        let cum = 0;
        for (let i = 0; i < intervals.length; i += 5000) {
          const chunk = intervals.slice(i, i + 5000).map(([o, c]) => {
            const row = { o: new Date(o).toISOString(), c: new Date(c).toISOString(), m: cum };
            cum += c - o;
            return row;
          });
          await tx.execute(
            sql`insert into report_clock (open_at, close_at, cum_ms) select x.o, x.c, x.m from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as x(o timestamptz, c timestamptz, m bigint)`,
          );
        }
        await tx.execute(
          sql`insert into report_state (id, calendar, clock_from, clock_to) values (1, ${JSON.stringify(calendar)}::jsonb, ${from.toISOString()}, ${to.toISOString()})
              on conflict (id) do update set calendar = excluded.calendar, clock_from = excluded.clock_from, clock_to = excluded.clock_to`,
        );
        await tx.execute(sql`select report_rebuild()`);
      });
    },

    async earliestRequest() {
      const r = await one<{ t: unknown }>(db, sql`select min(created_at) as t from requests`);
      return toDateOrNull(r?.t);
    },

    async ytd(windows, f) {
      const list = await rows(
        db,
        sql`select p.department_id, p.service_id,
              sum(p.opened) filter (where ${inWindow(windows.range)}) as range,
              sum(p.opened) filter (where ${inWindow(windows.calendarYtd)}) as calendar_ytd,
              sum(p.opened) filter (where ${inWindow(windows.fiscalYtd)}) as fiscal_ytd,
              sum(p.opened) filter (where ${inWindow(windows.running12)}) as running12
            from ${pieces(Object.values(windows), f)} p
            where p.opened <> 0
            group by p.department_id, p.service_id`,
      );
      return list.map((r) => ({
        departmentId: Number(r.department_id),
        serviceId: Number(r.service_id),
        range: num(r.range),
        calendarYtd: num(r.calendar_ytd),
        fiscalYtd: num(r.fiscal_ytd),
        running12: num(r.running12),
      }));
    },

    async channelsByYear(f) {
      const list = await rows(
        db,
        sql`select extract(year from p.d0)::int as year, p.channel, sum(p.opened) as n from ${pieces([f], f)} p
            where ${inWindow(f)} and p.opened <> 0 group by 1, 2 order by 1, 2`,
      );
      return list.map((r) => ({ year: Number(r.year), channel: r.channel as string, count: num(r.n) }));
    },

    async countsByDepartment(f) {
      const list = await rows(
        db,
        sql`select p.department_id, sum(p.opened) as n from ${pieces([f], f)} p where ${inWindow(f)} group by 1 having sum(p.opened) <> 0`,
      );
      return list.map((r) => ({ departmentId: Number(r.department_id), count: num(r.n) }));
    },

    async performance(f) {
      // Over many requests, read the monthly roll-up (0020) instead of sorting every duration of the range;
      // a channel or district filter is not in that roll-up, so it always takes the exact path.
      if (f.channel === undefined && f.districtId === undefined && exactLimit !== Infinity) {
        const counts = await rows(db, sql`select p.department_id, p.service_id, sum(p.opened) as n from ${pieces([f], f)} p where ${inWindow(f)} group by 1, 2`);
        if (counts.reduce((sum, r) => sum + num(r.n), 0) > exactLimit) return performanceFromHistograms(db, f, counts);
      }
      return performanceExact(db, f);
    },

    async backlog(f, now) {
      const buckets = [...AGE_BUCKETS].reverse();
      const bucketSql = sql.join(
        buckets.map((b) => sql`when t.created_at <= ${now.toISOString()}::timestamptz - make_interval(days => ${b.fromDays}) then ${b.key}`),
        sql` `,
      );
      const list = await rows(
        db,
        sql`select t.department_id, t.service_id, case ${bucketSql} else ${AGE_BUCKETS[0].key} end as bucket, count(*) as n
            from report_facts t where t.closed_at is null and ${where(f)} group by 1, 2, 3`,
      );
      return list.map((r) => ({ departmentId: Number(r.department_id), serviceId: Number(r.service_id), bucket: r.bucket as string, count: num(r.n) }));
    },

    async overdue(f, now, limit) {
      const cond = sql`t.closed_at is null and ${where(f)} and (t.resolve_due_at < ${now.toISOString()}::timestamptz
        or (t.acknowledged_at is null and t.ack_due_at < ${now.toISOString()}::timestamptz))`;
      const total = await one<{ n: number }>(db, sql`select count(*) as n from report_facts t where ${cond}`);
      const list = await rows(
        db,
        sql`select r.id, r.public_id, r.status, r.priority, r.address, t.department_id, t.service_id, t.created_at, t.ack_due_at, t.resolve_due_at, t.acknowledged_at
            from report_facts t join requests r on r.id = t.request_id
            where ${cond} order by least(t.resolve_due_at, case when t.acknowledged_at is null then t.ack_due_at end), t.request_id limit ${limit}`,
      );
      return {
        total: num(total?.n),
        items: list.map((r) => ({
          requestId: Number(r.id),
          publicId: r.public_id as string,
          status: r.status as string,
          priority: r.priority as string,
          address: (r.address as string | null) ?? null,
          departmentId: Number(r.department_id),
          serviceId: Number(r.service_id),
          createdAt: toDate(r.created_at),
          ackDueAt: toDateOrNull(r.ack_due_at),
          resolveDueAt: toDateOrNull(r.resolve_due_at),
          acknowledgedAt: toDateOrNull(r.acknowledged_at),
        })),
      };
    },

    async trends(f, grain) {
      // Weeks straddle months, so they are counted from days; months from whole-month rows and edge days.
      const list =
        grain === 'week'
          ? await rows(
              db,
              sql`select to_char(date_trunc('week', t.day), 'YYYY-MM-DD') as bucket, sum(t.opened) as opened, sum(t.closed) as closed, sum(t.resolved) as resolved
                  from ${rollups(f).daily} t where t.day between ${f.from}::date and ${f.to}::date and ${where(f)} group by 1 order by 1`,
            )
          : await rows(
              db,
              sql`select to_char(p.ms, 'YYYY-MM-DD') as bucket, sum(p.opened) as opened, sum(p.closed) as closed, sum(p.resolved) as resolved
                  from ${pieces([f], f)} p where ${inWindow(f)} group by 1 order by 1`,
            );
      return list.map((r) => ({ bucket: r.bucket as string, opened: num(r.opened), closed: num(r.closed), resolved: num(r.resolved) }));
    },

    async heatmap(f, cell, limit) {
      // A grid whose cell is a whole multiple k of the roll-up's (0.01 = 2 x 0.005) is the roll-up's cells
      // grouped k by k: floor(floor(v / 0.005) / k) = floor(v / (k * 0.005)). Edge facts are cut the same way.
      const k = Math.round(cell / HEAT_ROLLUP_CELL);
      const multiple = k >= 1 && Math.abs(cell - k * HEAT_ROLLUP_CELL) < 1e-12;
      const cellOf = multiple
        ? sql`floor(floor(t.lat / ${HEAT_ROLLUP_CELL}::float8) / ${k}::float8)::int as y, floor(floor(t.lng / ${HEAT_ROLLUP_CELL}::float8) / ${k}::float8)::int as x`
        : sql`floor(t.lat / ${cell}::float8)::int as y, floor(t.lng / ${cell}::float8)::int as x`;
      // A grid the roll-up serves, without a channel or district: whole months from the monthly cells (0013), the
      // days of months the range covers in part from the facts. Anything else: the facts of the range.
      const fromRollup = multiple && f.channel === undefined && f.districtId === undefined;
      const edges = partialMonths([f]).map((m) => {
        const end = addDays(addMonths(m, 1), -1);
        return sql`(t.created_at >= ${startOf(m < f.from ? f.from : m)} and t.created_at < ${endOf(end > f.to ? f.to : end)})`;
      });
      const cells = fromRollup
        ? sql`select floor(t.y / ${k}::float8)::int as y, floor(t.x / ${k}::float8)::int as x, t.n from report_heat_monthly t
              where t.month between date_trunc('month', ${f.from}::date) and ${f.to}::date and t.month >= ${f.from}::date
                and (t.month + interval '1 month' - interval '1 day')::date <= ${f.to}::date and ${where(f)}
              union all
              select ${cellOf}, 1 from report_facts t where (${edges.length ? sql.join(edges, sql` or `) : sql`false`}) and t.lat is not null and ${where(f)}`
        : sql`select ${cellOf}, 1 as n from report_facts t
              where t.created_at >= ${startOf(f.from)} and t.created_at < ${endOf(f.to)} and t.lat is not null and ${where(f)}`;
      const list = await rows(db, sql`select c.y, c.x, sum(c.n) as n from (${cells}) c group by 1, 2 order by 3 desc, 1, 2 limit ${limit}`);
      return list.map((r) => ({ y: Number(r.y), x: Number(r.x), count: num(r.n) }));
    },

    async surveys(f) {
      // Without a district, the daily survey roll-up (0013); with one, each survey joined to its request's facts.
      const list = await rows(
        db,
        f.districtId === undefined
          ? sql`select t.department_id, t.service_id, grouping(t.department_id, t.service_id) as g,
                  sum(t.invited) as invited, sum(t.answered) as answered, sum(t.answered_invited) as answered_invited,
                  sum(t.resolved_answers) as resolved_answers, sum(t.resolved_yes) as resolved_yes,
                  sum(t.satisfaction_sum)::float8 / nullif(sum(t.satisfaction_n), 0) as satisfaction,
                  sum(t.courtesy_sum)::float8 / nullif(sum(t.courtesy_n), 0) as courtesy,
                  array[sum(t.s1), sum(t.s2), sum(t.s3), sum(t.s4), sum(t.s5)]::float8[] as dist
                from report_survey_daily t
                where t.day between ${f.from}::date and ${f.to}::date and ${where(f)}
                group by grouping sets ((t.department_id, t.service_id), ())`
          : sql`select t.department_id, t.service_id, grouping(t.department_id, t.service_id) as g,
              count(s.invited_at) as invited, count(s.answered_at) as answered,
              count(*) filter (where s.invited_at is not null and s.answered_at is not null) as answered_invited,
              count(s.resolved) as resolved_answers, count(*) filter (where s.resolved) as resolved_yes,
              sum(s.satisfaction)::float8 / nullif(count(s.satisfaction), 0) as satisfaction, sum(s.courtesy)::float8 / nullif(count(s.courtesy), 0) as courtesy,
              array[count(*) filter (where s.satisfaction = 1), count(*) filter (where s.satisfaction = 2), count(*) filter (where s.satisfaction = 3),
                    count(*) filter (where s.satisfaction = 4), count(*) filter (where s.satisfaction = 5)]::float8[] as dist
            from surveys s join report_facts t on t.request_id = s.request_id
            where coalesce(s.invited_at, s.answered_at) >= ${startOf(f.from)} and coalesce(s.invited_at, s.answered_at) < ${endOf(f.to)} and ${where(f)}
            group by grouping sets ((t.department_id, t.service_id), ())`,
      );
      return list.map((r) => ({
        departmentId: Number(r.g) === 0 ? Number(r.department_id) : null,
        serviceId: Number(r.g) === 0 ? Number(r.service_id) : null,
        invited: num(r.invited),
        answered: num(r.answered),
        answeredInvited: num(r.answered_invited),
        resolvedAnswers: num(r.resolved_answers),
        resolvedYes: num(r.resolved_yes),
        satisfaction: numOrNull(r.satisfaction),
        courtesy: numOrNull(r.courtesy),
        distribution: floats(r.dist).map((x) => x ?? 0),
      }));
    },

    async surveyComments(f, limit) {
      const list = await rows(
        db,
        sql`select r.public_id, t.service_id, s.answered_at, s.source, s.satisfaction, s.courtesy, s.resolved, s.comment
            from surveys s join report_facts t on t.request_id = s.request_id join requests r on r.id = s.request_id
            where s.comment is not null and s.answered_at >= ${startOf(f.from)} and s.answered_at < ${endOf(f.to)} and ${where(f)}
            order by s.answered_at desc limit ${limit}`,
      );
      return list.map((r) => ({
        publicId: r.public_id as string,
        serviceId: Number(r.service_id),
        answeredAt: toDate(r.answered_at),
        source: r.source as 'link' | 'call',
        satisfaction: numOrNull(r.satisfaction),
        courtesy: numOrNull(r.courtesy),
        resolved: (r.resolved as boolean | null) ?? null,
        comment: r.comment as string,
      }));
    },

    async names() {
      const services = await rows(db, sql`select id, code, name, group_name, department_id, visibility from services`);
      const departments = await rows(db, sql`select id, code, name from departments`);
      return {
        services: new Map(services.map((s) => [Number(s.id), { code: s.code as string, name: s.name as string, group: s.group_name as string, departmentId: Number(s.department_id), public: s.visibility === 'public' }])),
        departments: new Map(departments.map((d) => [Number(d.id), { code: d.code as string, name: d.name as string }])),
      };
    },
  };
}
