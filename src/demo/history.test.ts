import { beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENTS, SERVICES, type DemoQuestion } from './catalogue.js';
import { pointInCity, toMetres } from './geography.js';
import { generateHistory, type DemoHistoricRequest } from './history.js';
import { isHoliday, toLocal } from './time.js';

// Two years, starting at local midnight on 1 July 2023 (the start of a fiscal year).
const FROM = new Date('2023-07-01T07:00:00Z');
const TO = new Date('2025-07-01T07:00:00Z');
const YEAR_MS = 365.2425 * 86_400_000;
const SERVICE = new Map(SERVICES.map((s) => [s.code, s]));
const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;

let all: DemoHistoricRequest[] = [];
let cpuMs = 0;

beforeAll(() => {
  const cpu = process.cpuUsage();
  all = [...generateHistory({ from: FROM, to: TO, perYear: 12_000, seed: 42, now: TO })];
  cpuMs = process.cpuUsage(cpu).user / 1000;
});

/** The items that break a rule, described (at most five, so a failure stays readable). */
function offenders<T>(items: readonly T[], bad: (item: T, index: number) => string | false | null | undefined): string[] {
  const out: string[] = [];
  for (let i = 0; i < items.length && out.length < 5; i++) {
    const why = bad(items[i]!, i);
    if (why) out.push(`#${i}: ${why}`);
  }
  return out;
}

const share = (xs: DemoHistoricRequest[], f: (r: DemoHistoricRequest) => boolean): number => xs.filter(f).length / xs.length;

/** Checks answers as the Open311 layer would: required present, known codes, values of the right kind. */
function answerProblems(r: DemoHistoricRequest): string[] {
  const s = SERVICE.get(r.serviceCode)!;
  const problems: string[] = [];
  const questions = new Map<string, DemoQuestion>(s.questions.map((q) => [q.code, q]));
  for (const code of Object.keys(r.answers)) if (!questions.has(code)) problems.push(`${code}: unknown`);
  for (const q of s.questions) {
    const a = r.answers[q.code];
    if (a === undefined) {
      if (q.required) problems.push(`${q.code}: missing`);
      continue;
    }
    const keys = new Set((q.values ?? []).map((v) => v.key));
    switch (q.datatype) {
      case 'multivaluelist':
        if (!Array.isArray(a) || a.length === 0 || new Set(a).size !== a.length || a.some((k) => !keys.has(k))) problems.push(`${q.code}: ${JSON.stringify(a)}`);
        break;
      case 'singlevaluelist':
        if (typeof a !== 'string' || !keys.has(a)) problems.push(`${q.code}: ${JSON.stringify(a)}`);
        break;
      case 'number':
        if (typeof a !== 'string' || a.trim() === '' || !Number.isFinite(Number(a))) problems.push(`${q.code}: ${JSON.stringify(a)}`);
        break;
      case 'datetime':
        if (typeof a !== 'string' || !ISO.test(a) || Number.isNaN(Date.parse(a))) problems.push(`${q.code}: ${JSON.stringify(a)}`);
        break;
      case 'string':
      case 'text':
        if (typeof a !== 'string' || a.trim() === '' || a.length > (q.datatype === 'string' ? 255 : 4000)) problems.push(`${q.code}: ${JSON.stringify(a)}`);
        break;
    }
  }
  return problems;
}

describe('generateHistory', () => {
  it('is deterministic for a seed', () => {
    const opts = { from: FROM, to: new Date('2023-10-01T07:00:00Z'), perYear: 12_000, seed: 7, now: TO };
    const a = [...generateHistory(opts)];
    const b = [...generateHistory(opts)];
    expect(a.length).toBeGreaterThan(2000);
    expect(b).toEqual(a);
    const c = [...generateHistory({ ...opts, seed: 8 })];
    expect(c).not.toEqual(a);
  });

  it('yields about perYear requests a year, quickly', () => {
    expect(Math.abs(all.length - 24_000) / 24_000).toBeLessThan(0.03);
    // CPU time, not wall time, so a busy machine doesn't fail the suite: typically 0.5-0.8 s cold, 0.3 s warm.
    expect(cpuMs).toBeLessThan(2500);
  });

  it('yields in created order, inside the range', () => {
    expect(offenders(all, (r, i) => i > 0 && r.createdAt < all[i - 1]!.createdAt && r.createdAt.toISOString())).toEqual([]);
    expect(all[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(FROM.getTime());
    expect(all[all.length - 1]!.createdAt.getTime()).toBeLessThan(TO.getTime());
  });

  it('follows the service weights: graffiti is about a quarter', () => {
    expect(share(all, (r) => r.serviceCode === 'graffiti')).toBeGreaterThan(0.22);
    expect(share(all, (r) => r.serviceCode === 'graffiti')).toBeLessThan(0.28);
    for (const s of SERVICES.filter((x) => x.weight >= 0.02)) {
      const got = share(all, (r) => r.serviceCode === s.code);
      expect(got, s.code).toBeGreaterThan(s.weight * 0.6);
      expect(got, s.code).toBeLessThan(s.weight * 1.4);
    }
  });

  it('has a phone-first channel mix shifting to web and mobile', () => {
    const counts = new Map<string, number>();
    for (const r of all) counts.set(r.channel, (counts.get(r.channel) ?? 0) + 1);
    const sorted = [...counts].sort((a, b) => b[1] - a[1]);
    expect(sorted[0]![0]).toBe('phone');
    expect(counts.get('phone')! / all.length).toBeGreaterThan(0.33);
    expect(counts.get('phone')! / all.length).toBeLessThan(0.45);
    const field = counts.get('field')! / all.length;
    expect(field).toBeGreaterThan(0.03);
    expect(field).toBeLessThan(0.08);
    const mid = FROM.getTime() + YEAR_MS;
    const online = (r: DemoHistoricRequest): boolean => r.channel === 'web' || r.channel === 'mobile';
    const y1 = all.filter((r) => r.createdAt.getTime() < mid);
    const y2 = all.filter((r) => r.createdAt.getTime() >= mid);
    expect(share(y2, online)).toBeGreaterThan(share(y1, online));
    expect(share(all, online)).toBeGreaterThan(0.28);
    expect(share(all, online)).toBeLessThan(0.42);
  });

  it('peaks on weekday mornings and is quiet at night and at weekends', () => {
    const byHour = new Array<number>(24).fill(0);
    let weekday = 0;
    let weekend = 0;
    for (const r of all) {
      const lt = toLocal(r.createdAt.getTime());
      byHour[lt.hour]!++;
      if (lt.weekday === 0 || lt.weekday === 6) weekend++;
      else if (!isHoliday(lt)) weekday++;
    }
    const peak = byHour.indexOf(Math.max(...byHour));
    expect(peak).toBeGreaterThanOrEqual(9);
    expect(peak).toBeLessThanOrEqual(11);
    expect(byHour[3]!).toBeLessThan(byHour[10]! / 10);
    expect(weekend / 2).toBeLessThan(weekday / 5 / 2);
  });

  it('brings potholes after winter storms and graffiti in summer', () => {
    const inMonths = (code: string, months: number[]): number =>
      all.filter((r) => r.serviceCode === code && months.includes(toLocal(r.createdAt.getTime()).month)).length;
    expect(inMonths('pothole', [1, 2, 3])).toBeGreaterThan(inMonths('pothole', [7, 8, 9]) * 1.4);
    expect(inMonths('graffiti', [6, 7, 8])).toBeGreaterThan(inMonths('graffiti', [12, 1, 2]) * 1.1);
  });

  it('acknowledges and closes in order, never after now', () => {
    const now = new Date('2024-11-15T18:00:00Z');
    const cut = [...generateHistory({ from: FROM, to: TO, perYear: 12_000, seed: 42, now })];
    expect(cut.length).toBeLessThan(all.length);
    for (const [set, limit] of [[all, TO], [cut, now]] as const) {
      const bad = offenders(set, (r) => {
        const ack = r.acknowledgedAt;
        const closed = r.closedAt;
        if (r.createdAt > limit) return 'created after now';
        if (ack && (ack < r.createdAt || ack > limit)) return `acknowledged ${ack.toISOString()}`;
        if (closed && (!ack || closed < ack || closed > limit)) return `closed ${closed.toISOString()}`;
        if ((r.closeReason === null) !== (closed === null)) return `close reason ${r.closeReason}`;
        return null;
      });
      expect(bad).toEqual([]);
    }
    // Recent requests are still open.
    const lastWeek = cut.filter((r) => r.createdAt.getTime() > now.getTime() - 7 * 86_400_000);
    expect(share(lastWeek, (r) => r.closedAt === null)).toBeGreaterThan(0.15);
  });

  it('acknowledges most requests within a business day and closes graffiti within 24 hours', () => {
    const acked = all.filter((r) => r.acknowledgedAt && r.channel !== 'field');
    const hours = acked.map((r) => (r.acknowledgedAt!.getTime() - r.createdAt.getTime()) / 3_600_000);
    expect(hours.filter((h) => h <= 24).length / hours.length).toBeGreaterThan(0.75);
    const graffiti = all.filter((r) => r.serviceCode === 'graffiti' && r.closeReason === 'resolved');
    const fast = graffiti.filter((r) => r.closedAt!.getTime() - r.createdAt.getTime() < 24 * 3_600_000);
    expect(fast.length / graffiti.length).toBeGreaterThan(0.8);
    const potholes = all.filter((r) => r.serviceCode === 'pothole' && r.closeReason === 'resolved');
    const days = potholes.map((r) => (r.closedAt!.getTime() - r.createdAt.getTime()) / 86_400_000).sort((a, b) => a - b);
    expect(days[Math.floor(days.length / 2)]!).toBeGreaterThan(5);
  });

  it('ends requests in realistic ways', () => {
    const closed = all.filter((r) => r.closedAt);
    expect(share(closed, (r) => r.closeReason === 'resolved')).toBeGreaterThan(0.75);
    const dup = share(all, (r) => r.closeReason === 'duplicate');
    expect(dup).toBeGreaterThan(0.03);
    expect(dup).toBeLessThan(0.07);
    for (const reason of ['referred', 'withdrawn', 'not_city_responsibility', 'unable_to_locate', 'no_action_needed']) {
      expect(all.some((r) => r.closeReason === reason), reason).toBe(true);
    }
    // A duplicate points back at an earlier request of the same service, within its duplicate radius.
    expect(all.filter((r) => r.duplicateOf !== undefined).length).toBeGreaterThan(0.8 * dup * all.length);
    const bad = offenders(all, (r, i) => {
      if (r.duplicateOf === undefined) return null;
      const o = all[r.duplicateOf];
      if (r.closeReason !== 'duplicate' || !o || r.duplicateOf >= i || o.serviceCode !== r.serviceCode) return `duplicate of ${r.duplicateOf}`;
      const [x1, y1] = toMetres(r.lng, r.lat);
      const [x2, y2] = toMetres(o.lng, o.lat);
      const d = Math.hypot(x1 - x2, y1 - y2);
      return d > SERVICE.get(r.serviceCode)!.duplicateRadiusM + 0.5 && `${d.toFixed(1)} m from the original`;
    });
    expect(bad).toEqual([]);
  });

  it('closes information-only requests at once and takes internal ones only from the field', () => {
    const bad = offenders(all, (r) => {
      const s = SERVICE.get(r.serviceCode)!;
      if (s.informationOnly && (r.closeReason !== 'resolved' || r.closedAt?.getTime() !== r.createdAt.getTime())) return `${s.code} not closed at once`;
      return s.visibility === 'internal' && r.channel !== 'field' && `${s.code} by ${r.channel}`;
    });
    expect(bad).toEqual([]);
    expect(all.some((r) => SERVICE.get(r.serviceCode)!.informationOnly)).toBe(true);
    expect(all.some((r) => SERVICE.get(r.serviceCode)!.visibility === 'internal')).toBe(true);
  });

  it('answers every service’s questions validly', () => {
    expect(offenders(all, (r) => answerProblems(r).join(', '))).toEqual([]);
  });

  it('has bilingual, partly anonymous reporters with fictional contacts', () => {
    const named = all.filter((r) => r.reporter);
    const spanish = share(named, (r) => r.reporter!.locale === 'es');
    expect(spanish).toBeGreaterThan(0.25);
    expect(spanish).toBeLessThan(0.35);
    const anonymous = share(all, (r) => r.reporter === null);
    expect(anonymous).toBeGreaterThan(0.15);
    expect(anonymous).toBeLessThan(0.28);
    const bad = offenders(named, ({ reporter: p }) => {
      if (!p || !/^\S+ \S+$/.test(p.name) || (p.email === null && p.phone === null)) return JSON.stringify(p);
      if (p.email !== null && !/^[a-z0-9._]+@example\.(com|org)$/.test(p.email)) return p.email;
      return p.phone !== null && !/^\(\d{3}\) 555-01\d\d$/.test(p.phone) && p.phone;
    });
    expect(bad).toEqual([]);
    expect(share(all, (r) => r.descriptionLocale === 'es')).toBeGreaterThan(0.15);
  });

  it('writes varied descriptions in the reporter’s language', () => {
    const graffiti = all.filter((r) => r.serviceCode === 'graffiti');
    expect(new Set(graffiti.map((r) => r.description)).size).toBeGreaterThan(graffiti.length / 5);
    const bad = offenders(all, (r) => {
      if (r.description.length < 6 || /\{|\}|undefined|null/.test(r.description)) return r.description;
      const written = r.reporter && r.channel !== 'phone' && r.channel !== 'walk_in' && r.channel !== 'voicemail';
      if (written && r.descriptionLocale !== r.reporter!.locale) return `${r.descriptionLocale} for a ${r.reporter!.locale} reporter`;
      return r.channel === 'field' && r.descriptionLocale !== 'en' && 'field note not in English';
    });
    expect(bad).toEqual([]);
    const es = all.find((r) => r.descriptionLocale === 'es' && r.channel === 'web')!;
    expect(es.description).toMatch(/[áéíóúñ¿¡]| el | la | en | de /);
  });

  it('places requests inside the city with an address, and assigns staff of the right department', () => {
    const staff = new Map(DEPARTMENTS.map((d) => [d.code, new Set(d.staff.map((m) => m.email))]));
    const bad = offenders(all, (r) => {
      if (!pointInCity(r.lat, r.lng) || r.address.length < 6) return `${r.lat},${r.lng} ${r.address}`;
      if (r.assigneeEmail && (!r.acknowledgedAt || !staff.get(SERVICE.get(r.serviceCode)!.departmentCode)!.has(r.assigneeEmail))) return r.assigneeEmail;
      return r.publicComment !== null && r.publicComment.length < 6 && r.publicComment;
    });
    expect(bad).toEqual([]);
    const priorities = new Set(all.map((r) => r.priority));
    expect([...priorities].sort()).toEqual(['high', 'low', 'normal', 'urgent']);
  });

  it('yields nothing for an empty range', () => {
    expect([...generateHistory({ from: TO, to: FROM, perYear: 12_000, seed: 1, now: TO })]).toEqual([]);
  });
});
