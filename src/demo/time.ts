// Local time in Alderbrook (America/Los_Angeles) and City Hall's business hours, in plain arithmetic so the
// demo data is fast to generate and identical on every machine. The US daylight-saving rule (since 2007):
// from 02:00 on the second Sunday of March to 02:00 on the first Sunday of November.

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const OPEN_HOUR = 8;
const CLOSE_HOUR = 17;

export interface LocalTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  weekday: number; // 0 = Sunday
}

/** Day of month of the n-th given weekday (0 = Sunday) of a month (1-12). */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  return 1 + ((weekday - first + 7) % 7) + (n - 1) * 7;
}

/** Day of month of the last given weekday of a month. */
function lastWeekday(year: number, month: number, weekday: number): number {
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = new Date(Date.UTC(year, month - 1, lastDay)).getUTCDay();
  return lastDay - ((last - weekday + 7) % 7);
}

const dstCache = new Map<number, [number, number]>();
function dstBounds(year: number): [number, number] {
  let b = dstCache.get(year);
  if (!b) {
    b = [Date.UTC(year, 2, nthWeekday(year, 3, 0, 2), 10), Date.UTC(year, 10, nthWeekday(year, 11, 0, 1), 9)];
    dstCache.set(year, b);
  }
  return b;
}

// The calendar year last looked up, so most calls avoid creating a Date.
let cachedYear = { from: 0, to: -1, dstStart: 0, dstEnd: 0 };

/** UTC offset of Alderbrook at an instant, in minutes (-420 in summer, -480 in winter). */
export function offsetMinutes(ms: number): number {
  if (ms < cachedYear.from || ms >= cachedYear.to) {
    const year = new Date(ms).getUTCFullYear();
    const [dstStart, dstEnd] = dstBounds(year);
    cachedYear = { from: Date.UTC(year, 0, 1), to: Date.UTC(year + 1, 0, 1), dstStart, dstEnd };
  }
  return ms >= cachedYear.dstStart && ms < cachedYear.dstEnd ? -420 : -480;
}

export function toLocal(ms: number): LocalTime {
  const d = new Date(ms + offsetMinutes(ms) * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
  };
}

/** The instant of a local wall-clock time (in the spring-forward gap, an hour later). */
export function fromLocal(year: number, month: number, day: number, hour = 0, minute = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const guess = wall - offsetMinutes(wall + 8 * HOUR_MS) * 60_000;
  return wall - offsetMinutes(guess) * 60_000;
}

/** 'YYYY-MM-DD' of the local date. */
export function localDate(ms: number): string {
  const t = toLocal(ms);
  return `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}

/** ISO 8601 with Alderbrook's offset, e.g. 2024-05-13T07:00:00-07:00. */
export function localIso(ms: number): string {
  const off = offsetMinutes(ms);
  const d = new Date(ms + off * 60_000).toISOString().slice(0, 19);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${d}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const holidayCache = new Map<number, Set<string>>();

/** City holidays of a year as 'M-D' keys, with weekend holidays observed on the Friday before or Monday after. */
export function holidays(year: number): Set<string> {
  let set = holidayCache.get(year);
  if (set) return set;
  set = new Set<string>();
  const add = (month: number, day: number, observe = true): void => {
    if (observe) {
      const wd = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
      const shifted = new Date(Date.UTC(year, month - 1, day + (wd === 6 ? -1 : wd === 0 ? 1 : 0)));
      if (shifted.getUTCFullYear() !== year) return; // e.g. New Year's Day observed on Dec 31 of the year before
      set!.add(`${shifted.getUTCMonth() + 1}-${shifted.getUTCDate()}`);
    } else set!.add(`${month}-${day}`);
  };
  add(1, 1); // New Year's Day
  add(1, nthWeekday(year, 1, 1, 3), false); // Martin Luther King Jr. Day
  add(2, nthWeekday(year, 2, 1, 3), false); // Presidents' Day
  add(3, 31); // César Chávez Day
  add(5, lastWeekday(year, 5, 1), false); // Memorial Day
  add(7, 4); // Independence Day
  add(9, nthWeekday(year, 9, 1, 1), false); // Labor Day
  add(11, 11); // Veterans Day
  const thanksgiving = nthWeekday(year, 11, 4, 4);
  add(11, thanksgiving, false);
  add(11, thanksgiving + 1, false);
  add(12, 24); // Christmas Eve
  add(12, 25); // Christmas Day
  holidayCache.set(year, set);
  return set;
}

/** The city's holidays from one year to another, as local dates 'YYYY-MM-DD' (for a business calendar). */
export function cityHolidays(fromYear: number, toYear: number): string[] {
  const out: string[] = [];
  for (let y = fromYear; y <= toYear; y++) {
    for (const key of holidays(y)) {
      const [m, d] = key.split('-');
      out.push(`${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`);
    }
  }
  return out.sort();
}

export function isHoliday(t: Pick<LocalTime, 'year' | 'month' | 'day'>): boolean {
  return holidays(t.year).has(`${t.month}-${t.day}`);
}

export function isBusinessDay(t: LocalTime): boolean {
  return t.weekday >= 1 && t.weekday <= 5 && !isHoliday(t);
}

/** Days since 1970-01-01 of the local date at an instant. */
function localDayNumber(ms: number): number {
  return Math.floor((ms + offsetMinutes(ms) * 60_000) / DAY_MS);
}

const windowCache = new Map<number, readonly [number, number] | null>();

/** City Hall's opening hours on a local day, as UTC instants, or null when it is closed all day. */
function businessWindow(dayNumber: number): readonly [number, number] | null {
  let w = windowCache.get(dayNumber);
  if (w === undefined) {
    const d = new Date(dayNumber * DAY_MS);
    const t = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: 0, minute: 0, weekday: d.getUTCDay() };
    w = isBusinessDay(t) ? [fromLocal(t.year, t.month, t.day, OPEN_HOUR), fromLocal(t.year, t.month, t.day, CLOSE_HOUR)] : null;
    windowCache.set(dayNumber, w);
  }
  return w;
}

/** The instant `hours` business hours (Mon-Fri 08:00-17:00, not holidays) after `ms`. */
export function addBusinessHours(ms: number, hours: number): number {
  let left = Math.max(0, hours) * HOUR_MS;
  let day = localDayNumber(ms);
  for (let guard = 0; guard < 20_000; guard++, day++) {
    const w = businessWindow(day);
    if (!w) continue;
    const begin = Math.max(ms, w[0]);
    if (begin >= w[1]) continue;
    if (left <= w[1] - begin) return begin + left;
    left -= w[1] - begin;
  }
  throw new RangeError('business-hours walk did not end');
}

/** Business hours between two instants. */
export function businessHoursBetween(a: number, b: number): number {
  let ms = 0;
  for (let day = localDayNumber(a), last = localDayNumber(b); day <= last; day++) {
    const w = businessWindow(day);
    if (!w) continue;
    const begin = Math.max(a, w[0]);
    const end = Math.min(b, w[1]);
    if (end > begin) ms += end - begin;
  }
  return b > a ? ms / HOUR_MS : 0;
}

/** Whether an instant is within City Hall's business hours. */
export function isBusinessTime(ms: number): boolean {
  const lt = toLocal(ms);
  return isBusinessDay(lt) && lt.hour >= OPEN_HOUR && lt.hour < CLOSE_HOUR;
}
