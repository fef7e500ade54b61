import { describe, expect, it } from 'vitest';
import { createRng, int, logNormal, mulberry32, normal, pick, poisson, weightedPick, weightedPicker } from './random.js';
import { addBusinessHours, businessHoursBetween, cityHolidays, fromLocal, isHoliday, localIso, offsetMinutes, toLocal } from './time.js';

describe('random', () => {
  it('is deterministic and uniform enough', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 10_000 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
    expect(createRng(1, 'a')()).not.toBe(createRng(1, 'b')());
  });

  it('samples from the helpers’ distributions', () => {
    const rng = createRng(5);
    const ints = Array.from({ length: 5000 }, () => int(rng, 1, 6));
    expect(new Set(ints)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    expect(['a', 'b']).toContain(pick(rng, ['a', 'b']));
    const w = Array.from({ length: 10_000 }, () => weightedPick(rng, ['x', 'y'], [3, 1]));
    expect(w.filter((v) => v === 'x').length / w.length).toBeCloseTo(0.75, 1);
    const picker = weightedPicker(['x', 'y', 'z'], [0, 1, 1]);
    expect(Array.from({ length: 1000 }, () => picker(rng))).not.toContain('x');
    const n = Array.from({ length: 10_000 }, () => normal(rng, 10, 2));
    expect(n.reduce((s, x) => s + x, 0) / n.length).toBeCloseTo(10, 0);
    const ln = Array.from({ length: 10_001 }, () => logNormal(rng, 8, 0.7)).sort((x, y) => x - y);
    expect(ln[5000]!).toBeGreaterThan(7);
    expect(ln[5000]!).toBeLessThan(9);
    const p = Array.from({ length: 10_000 }, () => poisson(rng, 3));
    expect(p.reduce((s, x) => s + x, 0) / p.length).toBeCloseTo(3, 0);
  });
});

describe('time in Alderbrook', () => {
  const intl = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Los_Angeles',
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
  });

  it('agrees with Intl about local time across daylight-saving changes', () => {
    for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2026, 0, 1); t += 3 * 3_600_000 + 7 * 60_000) {
      const parts = Object.fromEntries(intl.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
      const lt = toLocal(t);
      expect([lt.year, lt.month, lt.day, lt.hour]).toEqual([Number(parts.year), Number(parts.month), Number(parts.day), Number(parts.hour)]);
    }
    expect(offsetMinutes(Date.UTC(2024, 6, 1))).toBe(-420);
    expect(offsetMinutes(Date.UTC(2024, 0, 1))).toBe(-480);
    expect(fromLocal(2024, 7, 4, 9)).toBe(Date.UTC(2024, 6, 4, 16));
    expect(localIso(Date.UTC(2024, 0, 15, 16))).toBe('2024-01-15T08:00:00-08:00');
  });

  it('counts business hours Monday to Friday, 8 to 5, skipping holidays', () => {
    expect(isHoliday({ year: 2024, month: 7, day: 4 })).toBe(true);
    expect(isHoliday({ year: 2024, month: 11, day: 29 })).toBe(true); // day after Thanksgiving
    expect(cityHolidays(2025, 2025)).toEqual([
      '2025-01-01', '2025-01-20', '2025-02-17', '2025-03-31', '2025-05-26', '2025-07-04',
      '2025-09-01', '2025-11-11', '2025-11-27', '2025-11-28', '2025-12-24', '2025-12-25',
    ]);
    const friday4pm = fromLocal(2024, 3, 8, 16);
    expect(addBusinessHours(friday4pm, 2)).toBe(fromLocal(2024, 3, 11, 9)); // Monday 9 am
    const wednesday3July = fromLocal(2024, 7, 3, 16);
    expect(addBusinessHours(wednesday3July, 2)).toBe(fromLocal(2024, 7, 5, 9)); // skips July 4
    expect(businessHoursBetween(fromLocal(2024, 3, 4, 8), fromLocal(2024, 3, 11, 8))).toBe(45);
  });
});
