import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.js';
import { addMonths, partialMonths, running12, yearsIn } from './dates.js';
import { ageBucket, bucketStart, defaultRange, percentileCont, splitCost, ytdWindows } from './definitions.js';

describe('report definitions', () => {
  it('year-to-date windows end on the range end; fiscal years start on the configured month', () => {
    expect(ytdWindows({ from: '2026-03-01', to: '2026-03-31' }, 7)).toEqual({
      range: { from: '2026-03-01', to: '2026-03-31' },
      calendarYtd: { from: '2026-01-01', to: '2026-03-31' },
      fiscalYtd: { from: '2025-07-01', to: '2026-03-31' },
      running12: { from: '2025-04-01', to: '2026-03-31' },
    });
    expect(ytdWindows({ from: '2026-07-01', to: '2026-07-01' }, 7).fiscalYtd.from).toBe('2026-07-01');
    expect(running12('2024-02-29')).toEqual({ from: '2023-03-01', to: '2024-02-29' });
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
  });

  it('splits ranges into years and finds the months counted day by day', () => {
    expect(yearsIn({ from: '2025-11-15', to: '2027-01-10' }).map((y) => [y.from, y.to])).toEqual([
      ['2025-11-15', '2025-12-31'], ['2026-01-01', '2026-12-31'], ['2027-01-01', '2027-01-10'],
    ]);
    expect(partialMonths([{ from: '2026-01-01', to: '2026-03-31' }])).toEqual([]);
    expect(partialMonths([{ from: '2026-01-15', to: '2026-03-30' }, { from: '2026-01-01', to: '2026-03-30' }])).toEqual(['2026-01-01', '2026-03-01']);
  });

  it('defaults to the month so far and refuses backwards ranges', () => {
    expect(defaultRange('2026-11-22')).toEqual({ from: '2026-11-01', to: '2026-11-22' });
    expect(() => defaultRange('2026-11-22', '2026-12-01')).toThrow(/must not be after/);
  });

  it('percentiles interpolate like percentile_cont; buckets and weeks', () => {
    expect(percentileCont([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentileCont([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 12);
    expect(percentileCont([], 0.5)).toBeNull();
    expect([0, 0.99, 1, 6.9, 7, 29, 30, 89.9, 90, 400].map(ageBucket)).toEqual(['under_1d', 'under_1d', '1_3d', '3_7d', '7_30d', '7_30d', '30_90d', '30_90d', 'over_90d', 'over_90d']);
    expect(bucketStart('2026-11-22', 'week')).toBe('2026-11-16'); // a Sunday belongs to the week from Monday
    expect(bucketStart('2026-11-22', 'month')).toBe('2026-11-01');
  });

  it('splits the cost to the cent, adding up exactly', () => {
    const split = splitCost(100_000, [{ key: 1, count: 1 }, { key: 2, count: 1 }, { key: 3, count: 1 }]);
    expect([...split.values()]).toEqual([33333.34, 33333.33, 33333.33]);
    expect([...splitCost(50, [{ key: 1, count: 0 }]).values()]).toEqual([0]);
  });

  it('CSV quotes what needs quoting and defuses formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-117.6)).toBe('-117.6');
    expect(csvCell(null)).toBe('');
    expect(toCsv(['a', 'b'], [[1, 'x']])).toBe('a,b\r\n1,x\r\n');
  });
});
