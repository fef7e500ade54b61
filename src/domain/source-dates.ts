// Dates as legacy systems export them: US "06/26/2018 10:58:54 AM", ISO with or without a zone
// ("2024-04-16T03:03:15.000", "2025-01-24 03:24:56"). A date without a zone is wall-clock time in
// the source's time zone.

const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?)?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?$/;

/** The instant, or null when the text is not a date we can read (or not a real calendar date). */
export function parseSourceDate(text: string, timeZone: string): Date | null {
  const t = text.trim();
  let y: number, mo: number, d: number, h = 0, mi = 0, s = 0;
  let zone: string | undefined;
  let m = US.exec(t);
  if (m) {
    [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[4] !== undefined) [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    if (m[7]) {
      if (h < 1 || h > 12) return null;
      h = (h % 12) + (m[7].toLowerCase() === 'p' ? 12 : 0);
    }
  } else if ((m = ISO.exec(t))) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[4] !== undefined) [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    zone = m[7];
  } else return null;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null; // 31 April, 29 February 2023
  if (zone) {
    if (zone === 'Z') return check;
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    const off = (Number(z[2]) * 60 + Number(z[3] ?? 0)) * (z[1] === '-' ? -1 : 1);
    return new Date(wall - off * 60_000);
  }
  return new Date(zonedWallToUtc(wall, timeZone));
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

/** The zone's offset from UTC (ms) at an instant; cached per hour, since zones change offset on the hour. */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const hour = Math.floor(utcMs / 3_600_000);
  const key = `${timeZone}|${hour}`;
  const hit = offsets.get(key);
  if (hit !== undefined) return hit;
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  const at = hour * 3_600_000;
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  const local = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const off = local - at;
  if (offsets.size > 200_000) offsets.clear();
  offsets.set(key, off);
  return off;
}

/** Wall-clock time in a zone to UTC; in the autumn's repeated hour the first (daylight) instant wins. */
export function zonedWallToUtc(wallMs: number, timeZone: string): number {
  const first = wallMs - zoneOffsetMs(wallMs, timeZone);
  const second = wallMs - zoneOffsetMs(first, timeZone);
  return Math.min(first, second);
}
