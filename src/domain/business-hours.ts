// The business-hours clock. Everything walks local calendar days in the calendar's own zone and turns each
// opening interval into a pair of UTC instants, so weekends, holidays and daylight-saving changes fall out of
// the walk instead of being special cases. Time-zone maths uses Intl only (Node ships full ICU).
import { invalid } from './errors.js';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface BusinessCalendar {
  timeZone: string; // IANA, e.g. 'America/Los_Angeles'
  hours: Partial<Record<Weekday, Array<[string, string]>>>; // local 'HH:MM' [open, close); '24:00' closes at midnight
  holidays: string[]; // local dates 'YYYY-MM-DD', closed all day
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
// Far beyond any real target. Hitting it means a misconfigured target or calendar, not bad user input, so
// it is a plain RangeError (a 500 and a log line) rather than a validation error shown to a resident.
const WALK_LIMIT_DAYS = 20 * 366;
const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']; // Date#getUTCDay order

export function isBusinessTime(cal: BusinessCalendar, t: Date): boolean {
  const c = compile(cal);
  const at = instant(t);
  return segments(c, dayOf(c.zone, at)).some(([open, close]) => open <= at && at < close);
}

export function nextBusinessInstant(cal: BusinessCalendar, t: Date): Date {
  return addBusinessHours(cal, t, 0);
}

export function addBusinessHours(cal: BusinessCalendar, start: Date, hours: number): Date {
  const c = compile(cal);
  const from = instant(start);
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`hours must be a finite number >= 0, got ${hours}`);
  // Whole milliseconds, so addBusinessHours and businessHoursBetween agree exactly.
  let left = Math.round(hours * HOUR);
  const first = dayOf(c.zone, from);
  for (let day = first; day < first + WALK_LIMIT_DAYS; ) {
    // Strictly more than a week left, so the due instant itself is always found by the day walk below.
    if (day > first && left > c.weekMs && isPlainWeek(c, day)) {
      left -= c.weekMs;
      day += 7;
      continue;
    }
    for (const [open, close] of segments(c, day)) {
      const begin = Math.max(open, from);
      if (close <= begin) continue;
      if (left <= close - begin) return new Date(begin + left);
      left -= close - begin;
    }
    day += 1;
  }
  throw new RangeError(`${hours} business hours after ${start.toISOString()} is more than 20 years away`);
}

export function businessHoursBetween(cal: BusinessCalendar, a: Date, b: Date): number {
  const c = compile(cal);
  const from = instant(a);
  const to = instant(b);
  if (to <= from) return 0;
  const first = dayOf(c.zone, from);
  const last = dayOf(c.zone, to);
  if (last - first > WALK_LIMIT_DAYS) {
    throw new RangeError(`${a.toISOString()} to ${b.toISOString()} spans more than 20 years`);
  }
  let ms = 0;
  for (let day = first; day <= last; ) {
    if (day > first && day + 7 <= last && isPlainWeek(c, day)) {
      ms += c.weekMs;
      day += 7;
      continue;
    }
    for (const [open, close] of segments(c, day)) ms += Math.max(0, Math.min(close, to) - Math.max(open, from));
    day += 1;
  }
  return ms / HOUR;
}

/**
 * The opening intervals of every local day from the day of `from` to the day of `to`, as UTC [open, close)
 * milliseconds in order: the same intervals businessHoursBetween sums (the reports keep them in SQL).
 */
export function businessIntervals(cal: BusinessCalendar, from: Date, to: Date): Array<[number, number]> {
  const c = compile(cal);
  const last = dayOf(c.zone, instant(to));
  const out: Array<[number, number]> = [];
  for (let day = dayOf(c.zone, instant(from)); day <= last; day++) out.push(...segments(c, day));
  return out;
}

// ---- validation ------------------------------------------------------------------------------------------

export function validateCalendar(cal: unknown): BusinessCalendar {
  if (!isRecord(cal)) reject('calendar', 'must be an object with timeZone, hours and holidays');
  for (const key of Object.keys(cal)) {
    if (!['timeZone', 'hours', 'holidays'].includes(key)) reject(key, 'unknown field (expected timeZone, hours, holidays)');
  }
  const { timeZone, hours, holidays = [] } = cal;
  if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) {
    reject('timeZone', `${JSON.stringify(timeZone)} is not an IANA time zone such as "America/Los_Angeles"`);
  }
  if (!isRecord(hours)) reject('hours', 'must be an object keyed by weekday (mon ... sun)');
  const week: BusinessCalendar['hours'] = {};
  for (const [day, list] of Object.entries(hours)) {
    if (!isWeekday(day)) reject(`hours.${day}`, 'not a weekday (use mon, tue, wed, thu, fri, sat, sun)');
    week[day] = validateDay(day, list);
  }
  if (Object.values(week).every((list) => list.length === 0)) {
    reject('hours', 'the calendar is never open, so business-hour targets could never fall due');
  }
  if (!Array.isArray(holidays)) reject('holidays', 'must be an array of "YYYY-MM-DD" dates');
  holidays.forEach((date, i) => {
    if (typeof date !== 'string' || parseDate(date) === null) {
      reject(`holidays[${i}]`, `${JSON.stringify(date)} is not a date "YYYY-MM-DD"`);
    }
  });
  return { timeZone, hours: week, holidays: [...(holidays as string[])] };
}

function validateDay(day: Weekday, list: unknown): Array<[string, string]> {
  if (!Array.isArray(list)) reject(`hours.${day}`, 'must be an array of ["HH:MM", "HH:MM"] intervals');
  let previousClose = -1;
  return list.map((pair: unknown, i): [string, string] => {
    const where = `hours.${day}[${i}]`;
    if (!Array.isArray(pair) || pair.length !== 2) reject(where, 'must be an ["HH:MM", "HH:MM"] pair');
    const [open, close] = pair as unknown[];
    const from = parseClock(open);
    const to = parseClock(close);
    if (from === null || from === 1440) reject(where, `opening ${JSON.stringify(open)} is not a time "HH:MM" (00:00-23:59)`);
    if (to === null) reject(where, `closing ${JSON.stringify(close)} is not a time "HH:MM" (00:00-24:00)`);
    if (to <= from) {
      reject(where, `${open}-${close} must close after it opens; to stay open past midnight, close at 24:00 and reopen at 00:00`);
    }
    if (from < previousClose) {
      reject(where, `${open}-${close} starts before the previous interval closes; intervals must be sorted, not overlapping`);
    }
    previousClose = to;
    return [open as string, close as string];
  });
}

// ---- the day walk ----------------------------------------------------------------------------------------

interface Compiled {
  zone: string;
  week: Array<Array<[number, number]>>; // minutes after local midnight, indexed like WEEKDAYS
  holidays: Set<number>; // local day numbers (days since 1970-01-01)
  weekMs: number; // business time in a week without holidays or offset changes
}

// Keyed by content, not identity, so a calendar edited in place is never served stale; the JSON key costs
// microseconds where validating 40-odd holidays on every call costs tens of them.
const compiled = new Map<string, Compiled>();

function compile(cal: BusinessCalendar): Compiled {
  const key = JSON.stringify(cal);
  let c = compiled.get(key);
  if (!c) {
    const valid = validateCalendar(cal);
    const minutes = ([open, close]: [string, string]): [number, number] => [parseClock(open)!, parseClock(close)!];
    const week = WEEKDAYS.map((d) => (valid.hours[d] ?? []).map(minutes));
    const weekMinutes = week.flat().reduce((sum, [open, close]) => sum + close - open, 0);
    const holidays = new Set(valid.holidays.map((d) => parseDate(d)!));
    c = { zone: valid.timeZone, week, holidays, weekMs: weekMinutes * MINUTE };
    if (compiled.size >= 64) compiled.clear(); // a handful of calendars in practice; never grow without bound
    compiled.set(key, c);
  }
  return c;
}

/** A local day's opening intervals as UTC [open, close) instants; empty on holidays and closed days. */
function segments(c: Compiled, day: number): Array<[number, number]> {
  const intervals = c.week[weekdayIndex(day)] ?? [];
  if (intervals.length === 0 || c.holidays.has(day)) return [];
  // The two samples bracket the local day for any UTC offset; if they agree there is no transition today and
  // the careful (slower) conversion can be skipped.
  const offset = offsetAt(c.zone, (day - 1) * DAY);
  const steady = offset === offsetAt(c.zone, (day + 2) * DAY);
  const toInstant = (minutes: number) => {
    const wall = day * DAY + minutes * MINUTE;
    return steady ? wall - offset : instantOfWall(c.zone, wall);
  };
  const out: Array<[number, number]> = [];
  for (const [open, close] of intervals) {
    const from = toInstant(open);
    const to = toInstant(close);
    if (to > from) out.push([from, to]); // an interval inside a spring-forward gap vanishes
  }
  return out;
}

/**
 * True when days day..day+6 hold no holiday and the zone's offset is the same at all eight local midnights, so
 * the week holds exactly weekMs of business time and can be skipped in one step.
 */
function isPlainWeek(c: Compiled, day: number): boolean {
  for (let d = day; d < day + 7; d++) if (c.holidays.has(d)) return false;
  const offset = offsetAt(c.zone, day * DAY);
  const midnight = day * DAY - offset;
  for (let k = 0; k <= 7; k++) if (offsetAt(c.zone, midnight + k * DAY) !== offset) return false;
  return true;
}

// ---- time-zone arithmetic ---------------------------------------------------------------------------------
// A "wall" value is the local date and time written as if it were a UTC timestamp; day number = wall / DAY.
// Offsets are sampled up to three days apart, which assumes a zone never changes offset and back within that
// (the closest pair in tzdb since 1970 is a week apart: parts of Brazil, October 2000).

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

function wallAt(zone: string, t: number): number {
  const p: Record<string, number> = {};
  for (const { type, value } of formatter(zone).formatToParts(t)) p[type] = Number(value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
  return wall + (t - Math.floor(t / 1000) * 1000); // Intl drops milliseconds
}

function offsetAt(zone: string, t: number): number {
  return wallAt(zone, t) - t;
}

function dayOf(zone: string, t: number): number {
  return Math.floor(wallAt(zone, t) / DAY);
}

/**
 * The first instant at which the local clock reads `wall` or later: the earlier of the two when fall-back
 * repeats the time, and the moment the clock jumps when spring-forward skips it (02:30 -> 03:00).
 */
function instantOfWall(zone: string, wall: number): number {
  const before = offsetAt(zone, wall - DAY);
  const after = offsetAt(zone, wall + DAY);
  const fits = [wall - before, wall - after].filter((t) => wallAt(zone, t) === wall);
  if (fits.length > 0) return Math.min(...fits);
  // In a gap: the clock reads less than `wall` at lo and more at hi; find the jump to the second.
  let lo = Math.min(wall - after, wall - before);
  let hi = Math.max(wall - after, wall - before);
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (wallAt(zone, mid) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

// ---- small parsers ----------------------------------------------------------------------------------------

function parseClock(value: unknown): number | null {
  const m = typeof value === 'string' ? /^(\d\d):(\d\d)$/.exec(value) : null;
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return Number(m[2]) < 60 && minutes <= 1440 ? minutes : null;
}

function parseDate(value: string): number | null {
  if (!/^\d{4}-\d\d-\d\d$/.test(value)) return null;
  const ms = Date.parse(`${value}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March; the round trip catches it.
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value ? null : ms / DAY;
}

function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

function weekdayIndex(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // day 0, 1970-01-01, was a Thursday
}

function isWeekday(value: string): value is Weekday {
  return (WEEKDAYS as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function instant(t: Date): number {
  const ms = t instanceof Date ? t.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError('expected a valid Date');
  return ms;
}

function reject(field: string, message: string): never {
  throw invalid([{ field, message }]);
}

// ---- the default ------------------------------------------------------------------------------------------

/** Observed US federal holidays (OPM): a Saturday holiday closes the Friday before, a Sunday one the Monday after. */
const US_FEDERAL_HOLIDAYS_2025_2028 = [
  // New Year, MLK, Presidents, Memorial, Juneteenth, Independence, Labor, Columbus, Veterans, Thanksgiving, Christmas
  '2025-01-01', '2025-01-20', '2025-02-17', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01', '2025-10-13', '2025-11-11', '2025-11-27', '2025-12-25',
  '2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25',
  '2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06', '2027-10-11', '2027-11-11', '2027-11-25', '2027-12-24',
  // New Year 2028 is a Saturday, so it is observed on Friday 31 December 2027.
  '2027-12-31', '2028-01-17', '2028-02-21', '2028-05-29', '2028-06-19', '2028-07-04', '2028-09-04', '2028-10-09', '2028-11-10', '2028-11-23', '2028-12-25',
];

const eightToFive = (): Array<[string, string]> => [['08:00', '17:00']];

// Deep-frozen: every caller shares this object, and a stray push must not move everyone's due dates.
export const DEFAULT_CALENDAR: BusinessCalendar = deepFreeze({
  timeZone: 'America/Los_Angeles',
  hours: { mon: eightToFive(), tue: eightToFive(), wed: eightToFive(), thu: eightToFive(), fri: eightToFive() },
  holidays: US_FEDERAL_HOLIDAYS_2025_2028,
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) Object.values(value).forEach(deepFreeze);
  return Object.freeze(value);
}
