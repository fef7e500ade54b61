import { describe, expect, it } from 'vitest';
import {
  addBusinessHours,
  businessHoursBetween,
  DEFAULT_CALENDAR,
  isBusinessTime,
  nextBusinessInstant,
  validateCalendar,
  type BusinessCalendar,
} from './business-hours.js';
import { AppError } from './errors.js';

// Every expected instant below was worked out by hand from the local time and the zone's offset that day
// (New York: EST = UTC-5, EDT = UTC-4; Los Angeles: PST = UTC-8, PDT = UTC-7). 2026 changes on Sun 8 March
// (02:00 -> 03:00) and Sun 1 November (02:00 -> 01:00) in both zones.
const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();
const weekdays = (intervals: Array<[string, string]>) => ({ mon: intervals, tue: intervals, wed: intervals, thu: intervals, fri: intervals });

const NY_OFFICE: BusinessCalendar = { timeZone: 'America/New_York', hours: weekdays([['08:00', '17:00']]), holidays: [] };
const NY_LUNCH: BusinessCalendar = {
  timeZone: 'America/New_York',
  hours: weekdays([['08:00', '12:00'], ['13:00', '17:00']]),
  holidays: [],
};
const NY_WEEKENDS: BusinessCalendar = {
  timeZone: 'America/New_York',
  hours: { sat: [['00:00', '24:00']], sun: [['00:00', '24:00']] },
  holidays: [],
};

describe('a report on Friday evening (Los Angeles, Mon-Fri 08:00-17:00)', () => {
  const friday1830 = at('2026-03-14T01:30:00Z'); // Fri 13 March 18:30 PDT

  it('is outside hours and waits for Monday morning', () => {
    expect(isBusinessTime(DEFAULT_CALENDAR, friday1830)).toBe(false);
    expect(iso(nextBusinessInstant(DEFAULT_CALENDAR, friday1830))).toBe('2026-03-16T15:00:00.000Z'); // Mon 08:00
  });

  it('falls due on Monday and Tuesday', () => {
    expect(iso(addBusinessHours(DEFAULT_CALENDAR, friday1830, 4))).toBe('2026-03-16T19:00:00.000Z'); // Mon 12:00
    expect(iso(addBusinessHours(DEFAULT_CALENDAR, friday1830, 16))).toBe('2026-03-17T22:00:00.000Z'); // Tue 15:00
  });

  it('lands on the closing time itself rather than the next opening', () => {
    expect(iso(addBusinessHours(DEFAULT_CALENDAR, friday1830, 9))).toBe('2026-03-17T00:00:00.000Z'); // Mon 17:00
  });

  it('counts only the open hours between', () => {
    expect(businessHoursBetween(DEFAULT_CALENDAR, friday1830, at('2026-03-17T17:30:00Z'))).toBe(11.5); // Tue 10:30
  });
});

describe('holidays', () => {
  const wednesday1500 = at('2026-11-25T23:00:00Z'); // Wed 25 Nov 2026 15:00 PST, the day before Thanksgiving
  const CITY: BusinessCalendar = { ...DEFAULT_CALENDAR, holidays: [...DEFAULT_CALENDAR.holidays, '2026-11-27'] };

  it('closes on Thanksgiving and carries on on Friday', () => {
    expect(isBusinessTime(DEFAULT_CALENDAR, at('2026-11-26T20:00:00Z'))).toBe(false); // Thu noon
    expect(iso(addBusinessHours(DEFAULT_CALENDAR, wednesday1500, 4))).toBe('2026-11-27T18:00:00.000Z'); // Fri 10:00
  });

  it('skips to Monday when the city also closes the Friday after', () => {
    expect(iso(addBusinessHours(CITY, wednesday1500, 4))).toBe('2026-11-30T18:00:00.000Z'); // Mon 10:00
    const wed = at('2026-11-25T08:00:00Z'); // Wed 00:00 PST
    const mon = at('2026-11-30T08:00:00Z'); // Mon 00:00 PST
    expect(businessHoursBetween(DEFAULT_CALENDAR, wed, mon)).toBe(18); // Wed + Fri
    expect(businessHoursBetween(CITY, wed, mon)).toBe(9); // Wed only
  });

  it('lists the observed federal days, not the weekend dates', () => {
    expect(DEFAULT_CALENDAR.holidays).toHaveLength(44);
    expect(isBusinessTime(DEFAULT_CALENDAR, at('2026-07-03T17:00:00Z'))).toBe(false); // Fri 3 July 10:00 PDT (4th is a Saturday)
    expect(isBusinessTime(DEFAULT_CALENDAR, at('2027-12-31T18:00:00Z'))).toBe(false); // Fri 31 Dec 2027, for New Year 2028
  });

  it('cannot be changed in place, since every caller shares it', () => {
    expect(() => DEFAULT_CALENDAR.holidays.push('2026-12-24')).toThrow(TypeError);
    expect(() => DEFAULT_CALENDAR.hours.mon?.push(['18:00', '19:00'])).toThrow(TypeError);
  });
});

describe('daylight saving on an office calendar', () => {
  it('New York spring-forward weekend', () => {
    const friday1600 = at('2026-03-06T21:00:00Z'); // EST
    expect(iso(addBusinessHours(NY_OFFICE, friday1600, 2))).toBe('2026-03-09T13:00:00.000Z'); // Mon 09:00 EDT
    expect(businessHoursBetween(NY_OFFICE, friday1600, at('2026-03-09T13:00:00Z'))).toBe(2);
    expect(iso(nextBusinessInstant(NY_OFFICE, at('2026-03-08T07:30:00Z')))).toBe('2026-03-09T12:00:00.000Z');
  });

  it('New York fall-back weekend', () => {
    const friday1600 = at('2026-10-30T20:00:00Z'); // EDT
    expect(iso(addBusinessHours(NY_OFFICE, friday1600, 2))).toBe('2026-11-02T14:00:00.000Z'); // Mon 09:00 EST
    expect(businessHoursBetween(NY_OFFICE, friday1600, at('2026-11-02T14:00:00Z'))).toBe(2);
    expect(iso(nextBusinessInstant(NY_OFFICE, at('2026-11-01T06:30:00Z')))).toBe('2026-11-02T13:00:00.000Z');
  });

  it('Los Angeles both weekends', () => {
    expect(iso(addBusinessHours(DEFAULT_CALENDAR, at('2026-03-07T00:00:00Z'), 2))).toBe('2026-03-09T16:00:00.000Z');
    expect(iso(addBusinessHours(DEFAULT_CALENDAR, at('2026-10-30T23:00:00Z'), 2))).toBe('2026-11-02T17:00:00.000Z');
  });

  it('keeps local opening hours over a long span that crosses the change', () => {
    // From Mon 2 March 08:00 EST, 100 h = 11 days of 9 h + 1 h: Tue 17 March 09:00 EDT.
    expect(iso(addBusinessHours(NY_OFFICE, at('2026-03-02T13:00:00Z'), 100))).toBe('2026-03-17T13:00:00.000Z');
  });
});

describe('a calendar open around the clock at weekends (New York)', () => {
  it('has a 23-hour spring-forward Sunday', () => {
    const saturday = at('2026-03-07T05:00:00Z'); // Sat 00:00 EST
    const monday = at('2026-03-09T04:00:00Z'); // Mon 00:00 EDT
    expect(businessHoursBetween(NY_WEEKENDS, saturday, monday)).toBe(47);
    expect(businessHoursBetween(NY_WEEKENDS, at('2026-03-08T05:00:00Z'), monday)).toBe(23);
    expect(iso(addBusinessHours(NY_WEEKENDS, saturday, 47))).toBe('2026-03-09T04:00:00.000Z');
    expect(iso(addBusinessHours(NY_WEEKENDS, saturday, 30))).toBe('2026-03-08T11:00:00.000Z'); // 07:00 EDT, not 06:00
    expect(isBusinessTime(NY_WEEKENDS, at('2026-03-08T07:30:00Z'))).toBe(true); // 03:30 EDT
    expect(isBusinessTime(NY_WEEKENDS, at('2026-03-09T03:59:59.999Z'))).toBe(true);
    expect(isBusinessTime(NY_WEEKENDS, monday)).toBe(false);
  });

  it('has a 25-hour fall-back Sunday', () => {
    const saturday = at('2026-10-31T04:00:00Z'); // Sat 00:00 EDT
    const sunday = at('2026-11-01T04:00:00Z'); // Sun 00:00 EDT
    const monday = at('2026-11-02T05:00:00Z'); // Mon 00:00 EST
    expect(businessHoursBetween(NY_WEEKENDS, saturday, monday)).toBe(49);
    expect(businessHoursBetween(NY_WEEKENDS, sunday, monday)).toBe(25);
    expect(iso(addBusinessHours(NY_WEEKENDS, saturday, 49))).toBe('2026-11-02T05:00:00.000Z');
    expect(iso(addBusinessHours(NY_WEEKENDS, saturday, 30))).toBe('2026-11-01T10:00:00.000Z'); // 05:00 EST
    expect(iso(addBusinessHours(NY_WEEKENDS, sunday, 1.5))).toBe('2026-11-01T05:30:00.000Z'); // first 01:30 (EDT)
    expect(iso(addBusinessHours(NY_WEEKENDS, sunday, 2.5))).toBe('2026-11-01T06:30:00.000Z'); // second 01:30 (EST)
  });

  it('opens at Saturday midnight for a report on a weekday', () => {
    expect(iso(nextBusinessInstant(NY_WEEKENDS, at('2026-03-06T17:00:00Z')))).toBe('2026-03-07T05:00:00.000Z');
  });
});

describe('opening times inside the changed hour (New York Sundays)', () => {
  it('opens when the clock jumps if the opening time never happens', () => {
    const cal: BusinessCalendar = { ...NY_WEEKENDS, hours: { sun: [['02:30', '05:00']] } };
    // 8 March: 02:30 does not exist, so it opens at 03:00 EDT (07:00Z) and closes at 05:00 EDT (09:00Z).
    expect(iso(nextBusinessInstant(cal, at('2026-03-08T05:00:00Z')))).toBe('2026-03-08T07:00:00.000Z');
    expect(businessHoursBetween(cal, at('2026-03-07T12:00:00Z'), at('2026-03-09T12:00:00Z'))).toBe(2);
    expect(businessHoursBetween(cal, at('2026-03-14T12:00:00Z'), at('2026-03-16T12:00:00Z'))).toBe(2.5);
  });

  it('loses an interval that lies wholly in the skipped hour', () => {
    const cal: BusinessCalendar = { ...NY_WEEKENDS, hours: { sun: [['02:00', '02:30']] } };
    expect(iso(addBusinessHours(cal, at('2026-03-08T05:00:00Z'), 0.25))).toBe('2026-03-15T06:15:00.000Z'); // next Sun 02:15 EDT
  });

  it('opens at the first of two 01:30s and stays open through the repeated hour', () => {
    const cal: BusinessCalendar = { ...NY_WEEKENDS, hours: { sun: [['01:30', '03:00']] } };
    expect(iso(nextBusinessInstant(cal, at('2026-11-01T04:00:00Z')))).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT
    expect(isBusinessTime(cal, at('2026-11-01T06:15:00Z'))).toBe(true); // 01:15 EST
    expect(businessHoursBetween(cal, at('2026-10-31T12:00:00Z'), at('2026-11-02T12:00:00Z'))).toBe(2.5); // to 03:00 EST
  });
});

describe('split hours with a lunch break (New York)', () => {
  it('pauses the clock over lunch', () => {
    const monday1100 = at('2026-06-15T15:00:00Z'); // EDT
    expect(iso(addBusinessHours(NY_LUNCH, monday1100, 1))).toBe('2026-06-15T16:00:00.000Z'); // 12:00
    expect(iso(addBusinessHours(NY_LUNCH, monday1100, 2))).toBe('2026-06-15T18:00:00.000Z'); // 14:00
    expect(businessHoursBetween(NY_LUNCH, at('2026-06-15T12:00:00Z'), at('2026-06-15T21:00:00Z'))).toBe(8);
  });

  it('is closed at lunch and reopens at 13:00', () => {
    expect(isBusinessTime(NY_LUNCH, at('2026-06-15T16:30:00Z'))).toBe(false);
    expect(iso(nextBusinessInstant(NY_LUNCH, at('2026-06-15T16:30:00Z')))).toBe('2026-06-15T17:00:00.000Z');
    expect(iso(addBusinessHours(NY_LUNCH, at('2026-06-15T16:30:00Z'), 0))).toBe('2026-06-15T17:00:00.000Z');
  });

  it('carries the remainder over the weekend', () => {
    // Fri 12 June 15:00 EDT + 5 h: 2 h on Friday, then Mon 08:00-11:00.
    expect(iso(addBusinessHours(NY_LUNCH, at('2026-06-12T19:00:00Z'), 5))).toBe('2026-06-15T15:00:00.000Z');
  });
});

describe('fractions and long spans', () => {
  it('handles fractional hours to the millisecond', () => {
    expect(iso(addBusinessHours(NY_OFFICE, at('2026-06-15T12:00:00Z'), 1 / 3))).toBe('2026-06-15T12:20:00.000Z');
    expect(iso(addBusinessHours(NY_OFFICE, at('2026-06-15T12:00:00Z'), 0.0001))).toBe('2026-06-15T12:00:00.360Z');
    expect(businessHoursBetween(NY_OFFICE, at('2026-06-15T12:00:00Z'), at('2026-06-15T12:45:00Z'))).toBe(0.75);
  });

  it('returns the start itself for zero hours inside opening hours', () => {
    expect(iso(addBusinessHours(NY_OFFICE, at('2026-06-15T14:07:00Z'), 0))).toBe('2026-06-15T14:07:00.000Z');
  });

  it('treats the closing instant as closed', () => {
    const monday1700 = at('2026-06-15T21:00:00Z'); // EDT
    expect(isBusinessTime(NY_OFFICE, monday1700)).toBe(false);
    expect(iso(nextBusinessInstant(NY_OFFICE, monday1700))).toBe('2026-06-16T12:00:00.000Z'); // Tue 08:00
  });

  it('ends a whole week of hours on Friday at closing, not on Monday morning', () => {
    // From Sun 14 June noon, the week's 45 h run out at Fri 19 June 17:00 EDT.
    expect(iso(addBusinessHours(NY_OFFICE, at('2026-06-14T16:00:00Z'), 45))).toBe('2026-06-19T21:00:00.000Z');
  });

  it('adds 2,000 business hours', () => {
    // Mon 5 Jan 2026 08:00 EST + 2,000 h = 222 days of 9 h (44 weeks + 2 days) + 2 h: Wed 11 Nov 10:00 EST.
    expect(iso(addBusinessHours(NY_OFFICE, at('2026-01-05T13:00:00Z'), 2000))).toBe('2026-11-11T15:00:00.000Z');
    expect(businessHoursBetween(NY_OFFICE, at('2026-01-05T13:00:00Z'), at('2026-11-11T15:00:00Z'))).toBe(2000);
  });

  it('still sees the short Sunday after many whole weeks', () => {
    // Sat 3 Jan 2026 00:00 EST; the tenth weekend is 7-8 March, 47 h instead of 48.
    const saturday = at('2026-01-03T05:00:00Z');
    expect(iso(addBusinessHours(NY_WEEKENDS, saturday, 479))).toBe('2026-03-09T04:00:00.000Z'); // Mon 00:00 EDT
    expect(iso(addBusinessHours(NY_WEEKENDS, saturday, 480))).toBe('2026-03-14T05:00:00.000Z'); // Sat 14 March 01:00 EDT
    const always: BusinessCalendar = { ...NY_WEEKENDS, hours: { ...NY_WEEKENDS.hours, ...weekdays([['00:00', '24:00']]) } };
    // 1 Jan 00:00 EST to 1 July 00:00 EDT: 181 days less the lost hour.
    expect(businessHoursBetween(always, at('2026-01-01T05:00:00Z'), at('2026-07-01T04:00:00Z'))).toBe(4343);
  });

  it('counts a whole year', () => {
    const always: BusinessCalendar = { ...NY_WEEKENDS, hours: { ...NY_WEEKENDS.hours, ...weekdays([['00:00', '24:00']]) } };
    expect(businessHoursBetween(always, at('2026-01-01T05:00:00Z'), at('2027-01-01T05:00:00Z'))).toBe(8760);
    // 2027: 261 weekdays, 12 of them holidays (including Fri 31 Dec for New Year 2028), 9 h each.
    expect(businessHoursBetween(DEFAULT_CALENDAR, at('2027-01-01T08:00:00Z'), at('2028-01-01T08:00:00Z'))).toBe(2241);
  });

  it('returns 0 when the end is not after the start', () => {
    expect(businessHoursBetween(NY_OFFICE, at('2026-06-15T15:00:00Z'), at('2026-06-15T14:00:00Z'))).toBe(0);
    expect(businessHoursBetween(NY_OFFICE, at('2026-06-15T15:00:00Z'), at('2026-06-15T15:00:00Z'))).toBe(0);
  });
});

describe('businessHoursBetween undoes addBusinessHours', () => {
  // mulberry32: a fixed seed keeps any failure reproducible.
  function rng(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const calendars = { DEFAULT_CALENDAR, NY_LUNCH, NY_WEEKENDS };
  const from = Date.parse('2025-01-01T00:00:00Z');
  const span = Date.parse('2028-06-01T00:00:00Z') - from;

  for (const [name, cal] of Object.entries(calendars)) {
    it(`${name}: 250 random starts and durations`, () => {
      const random = rng(20260308);
      for (let i = 0; i < 250; i++) {
        const start = new Date(from + Math.floor(random() * span));
        const hours = random() < 0.1 ? 0 : random() * 400;
        const due = addBusinessHours(cal, start, hours);
        expect(due.getTime()).toBeGreaterThanOrEqual(start.getTime());
        expect(businessHoursBetween(cal, start, due)).toBe(Math.round(hours * 3_600_000) / 3_600_000);
      }
    });
  }
});

describe('guards', () => {
  it('refuses a calendar that is never open instead of looping', () => {
    const never = { timeZone: 'America/New_York', hours: { mon: [] }, holidays: [] };
    expect(() => addBusinessHours(never, at('2026-06-15T12:00:00Z'), 1)).toThrow(/never open/);
    expect(() => nextBusinessInstant({ ...never, hours: {} }, at('2026-06-15T12:00:00Z'))).toThrow(AppError);
  });

  it('stops walking after 20 years', () => {
    expect(() => addBusinessHours(NY_OFFICE, at('2026-06-15T12:00:00Z'), 1_000_000)).toThrow(/more than 20 years/);
    expect(() => businessHoursBetween(NY_OFFICE, at('2000-01-01T00:00:00Z'), at('2030-01-01T00:00:00Z'))).toThrow(/20 years/);
  });

  it('rejects negative or non-numeric hours and invalid dates', () => {
    expect(() => addBusinessHours(NY_OFFICE, at('2026-06-15T12:00:00Z'), -1)).toThrow(RangeError);
    expect(() => addBusinessHours(NY_OFFICE, at('2026-06-15T12:00:00Z'), Number.NaN)).toThrow(RangeError);
    expect(() => isBusinessTime(NY_OFFICE, new Date('not a date'))).toThrow(RangeError);
  });
});

describe('validateCalendar', () => {
  it('accepts and copies a good calendar', () => {
    const copy = validateCalendar(DEFAULT_CALENDAR);
    expect(copy).toEqual(DEFAULT_CALENDAR);
    expect(copy.holidays).not.toBe(DEFAULT_CALENDAR.holidays);
  });

  it('accepts midnight to midnight, touching intervals and a missing holiday list', () => {
    const cal = validateCalendar({ timeZone: 'Europe/Paris', hours: { mon: [['00:00', '12:00'], ['12:00', '24:00']] } });
    expect(cal).toEqual({ timeZone: 'Europe/Paris', hours: { mon: [['00:00', '12:00'], ['12:00', '24:00']] }, holidays: [] });
  });

  const good = { timeZone: 'America/New_York', hours: { mon: [['08:00', '17:00']] }, holidays: [] };
  it.each<[string, unknown, RegExp]>([
    ['not an object', null, /calendar: must be an object/],
    ['an unknown field', { ...good, holiday: [] }, /holiday: unknown field/],
    ['an unknown zone', { ...good, timeZone: 'Mars/Olympus_Mons' }, /timeZone: "Mars\/Olympus_Mons" is not an IANA/],
    ['a missing zone', { hours: good.hours, holidays: [] }, /timeZone: undefined/],
    ['hours that are not an object', { ...good, hours: [] }, /hours: must be an object/],
    ['a misspelt weekday', { ...good, hours: { monday: [['08:00', '17:00']] } }, /hours\.monday: not a weekday/],
    ['a day that is not a list', { ...good, hours: { mon: '08:00-17:00' } }, /hours\.mon: must be an array/],
    ['an interval that is not a pair', { ...good, hours: { mon: [['08:00', '12:00', '17:00']] } }, /hours\.mon\[0\]: must be an/],
    ['a one-digit hour', { ...good, hours: { mon: [['8:00', '17:00']] } }, /opening "8:00" is not a time/],
    ['hour 25', { ...good, hours: { mon: [['08:00', '25:00']] } }, /closing "25:00" is not a time/],
    ['minute 60', { ...good, hours: { mon: [['08:60', '17:00']] } }, /opening "08:60"/],
    ['24:00 as an opening', { ...good, hours: { sun: [['24:00', '24:00']] } }, /opening "24:00"/],
    ['past 24:00', { ...good, hours: { mon: [['20:00', '24:30']] } }, /closing "24:30"/],
    ['a close before the open', { ...good, hours: { mon: [['17:00', '08:00']] } }, /must close after it opens/],
    ['an empty interval', { ...good, hours: { mon: [['08:00', '08:00']] } }, /must close after it opens/],
    ['overlapping intervals', { ...good, hours: { mon: [['08:00', '12:00'], ['11:00', '17:00']] } }, /hours\.mon\[1\].*overlap/],
    ['unsorted intervals', { ...good, hours: { mon: [['13:00', '17:00'], ['08:00', '12:00']] } }, /hours\.mon\[1\].*sorted/],
    ['no open hours', { ...good, hours: { sat: [], sun: [] } }, /never open/],
    ['holidays that are not a list', { ...good, holidays: '2026-12-25' }, /holidays: must be an array/],
    ['an impossible holiday', { ...good, holidays: ['2026-12-25', '2026-02-30'] }, /holidays\[1\]: "2026-02-30"/],
    ['an unpadded holiday', { ...good, holidays: ['2026-1-1'] }, /holidays\[0\]/],
    ['a holiday that is not a string', { ...good, holidays: [20261225] }, /holidays\[0\]: 20261225/],
  ])('rejects %s', (_, input, message) => {
    const error = captureError(() => validateCalendar(input));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('validation');
    expect((error as AppError).message).toMatch(message);
  });

  it('names the offending field for the admin screen', () => {
    const error = captureError(() =>
      validateCalendar({ timeZone: 'America/New_York', hours: { tue: [['08:00', '12:00'], ['11:00', '17:00']] }, holidays: [] }),
    );
    expect((error as AppError).issues).toEqual([
      { field: 'hours.tue[1]', message: '11:00-17:00 starts before the previous interval closes; intervals must be sorted, not overlapping' },
    ]);
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
