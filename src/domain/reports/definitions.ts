// What each report computes. The SQL in src/db/repositories/reports.ts aggregates; the definitions of the
// windows, measures, buckets and shares live here so every screen, CSV and test reads them the same way.
import { addDays, addMonths, fiscalYearStart, running12, startOfMonth, yearsIn, type LocalDate, type Window } from './dates.js';
import { invalid } from '../errors.js';
import type { Channel } from '../vocabulary.js';

/** Filters every report takes. Dates are local to the city; both ends are included. */
export interface ReportFilter {
  from: LocalDate;
  to: LocalDate;
  departmentIds?: number[] | undefined;
  serviceId?: number | undefined;
  districtId?: number | undefined;
  channel?: Channel | undefined;
  /** The public performance page counts public services only. */
  publicOnly?: boolean | undefined;
}

export const DEFAULT_FISCAL_YEAR_START_MONTH = 7;

/** Without dates a report covers the month so far; "to" defaults to today. */
export function defaultRange(today: LocalDate, from?: LocalDate, to?: LocalDate): Window {
  const end = to ?? today;
  const start = from ?? startOfMonth(end);
  if (start > end) throw invalid([{ field: 'from', message: 'must not be after to' }]);
  if (addMonths(start, 12 * 50) < end) throw invalid([{ field: 'from', message: 'the range may span at most 50 years' }]);
  return { from: start, to: end };
}

// ---- year to date, as Lynwood prints it ----------------------------------------------------------------

/**
 * Every window ends on the range's last day: the range itself, the calendar year to date, the fiscal year
 * to date and the twelve months ending then. The running monthly average is the twelve-month count / 12.
 */
export function ytdWindows(range: Window, fiscalStartMonth: number) {
  return {
    range,
    calendarYtd: { from: `${range.to.slice(0, 4)}-01-01`, to: range.to },
    fiscalYtd: { from: fiscalYearStart(range.to, fiscalStartMonth), to: range.to },
    running12: running12(range.to),
  } satisfies Record<string, Window>;
}
export type YtdWindowKey = keyof ReturnType<typeof ytdWindows>;

export const runningMonthlyAverage = (running12Count: number) => Math.round((running12Count / 12) * 100) / 100;

// ---- contacts by channel and year ---------------------------------------------------------------------

export const channelWindows = (range: Window) => yearsIn(range);

/** A share of a total as a fraction (0 when the total is 0). */
export const share = (part: number, total: number) => (total > 0 ? part / total : 0);
export const percent = (fraction: number) => `${(Math.round(fraction * 1000) / 10).toFixed(1)}%`;

// ---- performance ----------------------------------------------------------------------------------------

/** Percentiles are continuous (interpolated), as PostgreSQL percentile_cont computes them. */
export const PERCENTILES = { median: 0.5, p90: 0.9 } as const;

/** The same definition in TypeScript, for small in-memory sets and tests of the definition. */
export function percentileCont(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Within target: done at or before the due instant the request was given when it came in. The share counts
 * only requests that have a due instant and are done (acknowledged, or resolved: closed with reason resolved).
 */
export const WITHIN_TARGET_RULE = 'done_at <= due_at, among requests with a due time that are done';

/** Open backlog age buckets in days since the request came in: [0,1), [1,3), [3,7), [7,30), [30,90), 90+. */
export const AGE_BUCKETS = [
  { key: 'under_1d', fromDays: 0 },
  { key: '1_3d', fromDays: 1 },
  { key: '3_7d', fromDays: 3 },
  { key: '7_30d', fromDays: 7 },
  { key: '30_90d', fromDays: 30 },
  { key: 'over_90d', fromDays: 90 },
] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number]['key'];

export function ageBucket(ageDays: number): AgeBucket {
  let key: AgeBucket = AGE_BUCKETS[0].key;
  for (const b of AGE_BUCKETS) if (ageDays >= b.fromDays) key = b.key;
  return key;
}

// ---- trends, heat map -------------------------------------------------------------------------------------

export type TrendGrain = 'week' | 'month';

/** Weeks start on Monday (ISO); a bucket is named by its first day. */
export function bucketStart(d: LocalDate, grain: TrendGrain): LocalDate {
  if (grain === 'month') return startOfMonth(d);
  const weekday = (new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(d, -weekday);
}

/** Heat-map cells are squares of the grid in degrees; a cell is named by its south-west corner. */
export const DEFAULT_CELL_DEGREES = 0.005;
export const MAX_HEAT_CELLS = 20_000;

// ---- the cost split (Lynwood's table 2) -------------------------------------------------------------------

/**
 * The annual system cost shared among departments by their share of requests, in whole cents, rounded by
 * largest remainder so the shares add up to the cost exactly.
 */
export function splitCost(annualCost: number, counts: ReadonlyArray<{ key: number; count: number }>): Map<number, number> {
  const cents = Math.round(annualCost * 100);
  const total = counts.reduce((s, c) => s + c.count, 0);
  const out = new Map<number, number>();
  if (total === 0) {
    counts.forEach((c) => out.set(c.key, 0));
    return out;
  }
  const raw = counts.map((c) => ({ key: c.key, exact: (cents * c.count) / total }));
  let left = cents - raw.reduce((s, r) => s + Math.floor(r.exact), 0);
  const order = [...raw].sort((a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)) || a.key - b.key);
  const extra = new Set<number>();
  for (const r of order) {
    if (left <= 0) break;
    extra.add(r.key);
    left--;
  }
  raw.forEach((r) => out.set(r.key, (Math.floor(r.exact) + (extra.has(r.key) ? 1 : 0)) / 100));
  return out;
}

// ---- surveys ------------------------------------------------------------------------------------------------

export const SURVEY_SCALE = [1, 2, 3, 4, 5] as const;
/** No invitation for these: the resident withdrew it, or it lives on as another request. */
export const NO_SURVEY_REASONS = ['duplicate', 'withdrawn'] as const;
