import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from './business-hours.js';
import { dueTimes, elapsedHours, isOverdue, withinTarget } from './targets.js';

// Expected instants worked out by hand; the default calendar is Los Angeles, Mon-Fri 08:00-17:00
// (PST = UTC-8, PDT = UTC-7 from Sun 8 March 2026).
const at = (iso: string) => new Date(iso);
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('dueTimes', () => {
  it('puts business-hour targets for a Friday-evening report on Monday and Tuesday', () => {
    const due = dueTimes(
      { ackWithinHours: 4, resolveWithinHours: 16, inBusinessHours: true },
      at('2026-03-14T01:30:00Z'), // Fri 13 March 18:30 PDT
      DEFAULT_CALENDAR,
    );
    expect(iso(due.ackDueAt)).toBe('2026-03-16T19:00:00.000Z'); // Mon 12:00 PDT
    expect(iso(due.resolveDueAt)).toBe('2026-03-17T22:00:00.000Z'); // Tue 15:00 PDT
  });

  it('skips Thanksgiving', () => {
    const due = dueTimes(
      { ackWithinHours: 4, resolveWithinHours: 20, inBusinessHours: true },
      at('2026-11-25T23:00:00Z'), // Wed 15:00 PST
      DEFAULT_CALENDAR,
    );
    expect(iso(due.ackDueAt)).toBe('2026-11-27T18:00:00.000Z'); // Fri 10:00 PST
    expect(iso(due.resolveDueAt)).toBe('2026-12-01T01:00:00.000Z'); // 2 Wed + 9 Fri + 9 Mon: Mon 17:00 PST
  });

  it('counts plain hours, through the night and the clock change, when not in business hours', () => {
    const due = dueTimes(
      { ackWithinHours: 24, resolveWithinHours: 72, inBusinessHours: false },
      at('2026-03-07T02:30:00Z'), // Fri 6 March 18:30 PST
      DEFAULT_CALENDAR,
    );
    expect(iso(due.ackDueAt)).toBe('2026-03-08T02:30:00.000Z');
    expect(iso(due.resolveDueAt)).toBe('2026-03-10T02:30:00.000Z'); // Mon 19:30 PDT: 72 real hours
  });

  it('leaves a missing target without a due time', () => {
    const due = dueTimes({ ackWithinHours: null, resolveWithinHours: 0.5, inBusinessHours: false }, at('2026-03-07T02:30:00Z'), DEFAULT_CALENDAR);
    expect(due).toEqual({ ackDueAt: null, resolveDueAt: at('2026-03-07T03:00:00Z') });
  });

  it('rejects a negative plain-hours target', () => {
    expect(() => dueTimes({ ackWithinHours: -1, resolveWithinHours: null, inBusinessHours: false }, new Date(0), DEFAULT_CALENDAR)).toThrow(RangeError);
  });
});

describe('isOverdue', () => {
  const due = at('2026-03-16T19:00:00Z');
  const before = at('2026-03-16T18:59:59Z');
  const after = at('2026-03-16T19:00:01Z');

  it('judges done work by when it was done, not by now', () => {
    expect(isOverdue(due, before, after)).toBe(false);
    expect(isOverdue(due, due, after)).toBe(false);
    expect(isOverdue(due, after, before)).toBe(true);
  });

  it('judges open work by now', () => {
    expect(isOverdue(due, null, before)).toBe(false);
    expect(isOverdue(due, null, due)).toBe(false);
    expect(isOverdue(due, null, after)).toBe(true);
  });

  it('is never overdue without a due time', () => {
    expect(isOverdue(null, null, after)).toBe(false);
  });
});

describe('elapsedHours', () => {
  const friday1600 = at('2026-03-13T23:00:00Z'); // PDT
  const monday0900 = at('2026-03-16T16:00:00Z'); // PDT

  it('counts business hours or plain hours as the service says', () => {
    expect(elapsedHours({ inBusinessHours: true }, friday1600, monday0900, DEFAULT_CALENDAR)).toBe(2);
    expect(elapsedHours({ inBusinessHours: false }, friday1600, monday0900, DEFAULT_CALENDAR)).toBe(65);
  });

  it('is 0 backwards', () => {
    expect(elapsedHours({ inBusinessHours: true }, monday0900, friday1600, DEFAULT_CALENDAR)).toBe(0);
    expect(elapsedHours({ inBusinessHours: false }, monday0900, friday1600, DEFAULT_CALENDAR)).toBe(0);
  });
});

describe('withinTarget', () => {
  it('is true up to and including the target', () => {
    expect(withinTarget(4, 3.5)).toBe(true);
    expect(withinTarget(4, 4)).toBe(true);
    expect(withinTarget(4, 4.01)).toBe(false);
    expect(withinTarget(0, 0)).toBe(true);
  });

  it('is null with no target or nothing measured', () => {
    expect(withinTarget(null, 3)).toBeNull();
    expect(withinTarget(4, null)).toBeNull();
  });
});
