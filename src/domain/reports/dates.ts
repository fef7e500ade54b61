// Local calendar dates ('YYYY-MM-DD' in the city's time zone) and the windows reports count over.
// Plain strings and UTC arithmetic on them: a local date has no time zone once it is a date.
import { invalid } from '../errors.js';

export type LocalDate = string;

const DAY = 86_400_000;
const ISO_DATE = /^\d{4}-\d\d-\d\d$/;

export function parseLocalDate(v: string, field = 'date'): LocalDate {
  const ms = ISO_DATE.test(v) ? Date.parse(`${v}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== v) throw invalid([{ field, message: `${JSON.stringify(v)} is not a date "YYYY-MM-DD"` }]);
  return v;
}

const ms = (d: LocalDate) => Date.parse(`${d}T00:00:00Z`);
const fromMs = (t: number): LocalDate => new Date(t).toISOString().slice(0, 10);

export const addDays = (d: LocalDate, n: number): LocalDate => fromMs(ms(d) + n * DAY);
export const yearOf = (d: LocalDate) => Number(d.slice(0, 4));
export const monthOf = (d: LocalDate) => Number(d.slice(5, 7));
export const startOfMonth = (d: LocalDate): LocalDate => `${d.slice(0, 7)}-01`;
export const daysBetween = (a: LocalDate, b: LocalDate) => Math.round((ms(b) - ms(a)) / DAY);

/** The same day n months away, clamped to the month's last day (31 March - 1 month = 28/29 February). */
export function addMonths(d: LocalDate, n: number): LocalDate {
  const y = yearOf(d);
  const m0 = monthOf(d) - 1 + n;
  const year = y + Math.floor(m0 / 12);
  const month = ((m0 % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(Number(d.slice(8, 10)), last);
  return fromMs(Date.UTC(year, month, day));
}

/** The local date of an instant in a time zone. */
export function localDateOf(at: Date, timeZone: string): LocalDate {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** An inclusive range of local dates. */
export interface Window {
  from: LocalDate;
  to: LocalDate;
}

/** The first day of the fiscal year containing d (fiscal years start on the 1st of startMonth, 1-12). */
export function fiscalYearStart(d: LocalDate, startMonth: number): LocalDate {
  const y = monthOf(d) >= startMonth ? yearOf(d) : yearOf(d) - 1;
  return `${y}-${String(startMonth).padStart(2, '0')}-01`;
}

/** The twelve months ending on d: 30 June back to 1 July of the year before. */
export const running12 = (d: LocalDate): Window => ({ from: addDays(addMonths(d, -12), 1), to: d });

/** The calendar years a range touches, each clipped to the range. */
export function yearsIn(w: Window): Array<{ year: number } & Window> {
  const out: Array<{ year: number } & Window> = [];
  for (let y = yearOf(w.from); y <= yearOf(w.to); y++) {
    out.push({ year: y, from: y === yearOf(w.from) ? w.from : `${y}-01-01`, to: y === yearOf(w.to) ? w.to : `${y}-12-31` });
  }
  return out;
}

/**
 * The months a set of windows covers only in part (a window starting after the 1st or ending before the
 * month's last day). Roll-ups read whole months from the monthly counts and these months day by day.
 */
export function partialMonths(windows: readonly Window[]): LocalDate[] {
  const out = new Set<LocalDate>();
  for (const w of windows) {
    if (w.from !== startOfMonth(w.from)) out.add(startOfMonth(w.from));
    const next = addDays(w.to, 1);
    if (next !== startOfMonth(next)) out.add(startOfMonth(w.to));
  }
  return [...out].sort();
}
