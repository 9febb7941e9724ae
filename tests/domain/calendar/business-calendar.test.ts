import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addCalendarDays,
  addMonths,
  addWorkingDays,
  addWorkingHours,
  fromLocalDateTime,
  isWithinWorkingHours,
  isWorkingDay,
  startOfLocalDay,
  startOfNextWorkingDay,
  toLocalDateTime,
  workingPeriodsOn,
} from '../../../src/domain/calendar/index.js';
import { isAftersalesError } from '../../../src/domain/errors.js';
import { businessCalendarSchema, type BusinessCalendar } from '../../../src/domain/settings.js';

// National Day week off, Sunday 09-27 and Saturday 10-10 worked instead (explicit, not looked up).
const shanghai: BusinessCalendar = businessCalendarSchema.parse({
  timeZone: 'Asia/Shanghai',
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  makeUpWorkdays: ['2026-09-27', '2026-10-10'],
});

const weekdays = (periods: [string, string][]) => ({ '1': periods, '2': periods, '3': periods, '4': periods, '5': periods });
const berlin: BusinessCalendar = businessCalendarSchema.parse({ timeZone: 'Europe/Berlin', workingHours: weekdays([['09:00', '17:00']]) });

const iso = (d: Date) => d.toISOString();

describe('isWorkingDay', () => {
  it('tells weekdays, weekends, holidays and make-up days apart', () => {
    expect(isWorkingDay(shanghai, '2026-09-30')).toBe(true); // Wednesday
    expect(isWorkingDay(shanghai, '2026-09-26')).toBe(false); // Saturday
    expect(isWorkingDay(shanghai, '2026-09-27')).toBe(true); // make-up Sunday
    expect(isWorkingDay(shanghai, '2026-10-01')).toBe(false); // National Day, a Thursday
    expect(isWorkingDay(shanghai, '2026-10-05')).toBe(false); // holiday Monday
    expect(isWorkingDay(shanghai, '2026-10-10')).toBe(true); // make-up Saturday
    expect(isWorkingDay(shanghai, '2026-10-11')).toBe(false);
  });

  it('reads an instant in the company time zone, not in UTC', () => {
    // Friday 2026-10-09 17:00 UTC is already Saturday 10-10 01:00 in Shanghai: a make-up day.
    expect(isWorkingDay(shanghai, new Date('2026-10-09T17:00:00Z'))).toBe(true);
    // Wednesday 2026-09-30 16:30 UTC is Thursday 10-01 00:30 in Shanghai: National Day.
    expect(isWorkingDay(shanghai, new Date('2026-09-30T16:30:00Z'))).toBe(false);
  });
});

describe('addWorkingHours', () => {
  it('carries a Friday afternoon call over the weekend', () => {
    // Friday 2026-11-20 16:00 + 6 h: 1.5 h Friday, 3.5 h Monday morning, 1 h after lunch → Monday 14:00.
    expect(iso(addWorkingHours(shanghai, new Date('2026-11-20T08:00:00Z'), 6))).toBe('2026-11-23T06:00:00.000Z');
  });

  it('counts the make-up Sunday and skips the National Day week', () => {
    // Friday 09-25 16:00 + 7 h (suburban): 1.5 h Friday, make-up Sunday 09-27 3.5 h + 2 h → 15:00.
    expect(iso(addWorkingHours(shanghai, new Date('2026-09-25T08:00:00Z'), 7))).toBe('2026-09-27T07:00:00.000Z');
    // Wednesday 09-30 15:00 + 6 h: 2.5 h on 09-30, then nothing until Thursday 10-08, 3.5 h → 12:00.
    expect(iso(addWorkingHours(shanghai, new Date('2026-09-30T07:00:00Z'), 6))).toBe('2026-10-08T04:00:00.000Z');
    // Friday 10-09 16:00 + 3 h: 1.5 h Friday, make-up Saturday 10-10 from 08:30 → 10:00.
    expect(iso(addWorkingHours(shanghai, new Date('2026-10-09T08:00:00Z'), 3))).toBe('2026-10-10T02:00:00.000Z');
  });

  it('starts a call logged outside working hours at the next period', () => {
    // 07:00 → counting starts 08:30.
    expect(iso(addWorkingHours(shanghai, new Date('2026-11-23T23:00:00Z'), 1))).toBe('2026-11-24T01:30:00.000Z');
    // 12:30 lunch break → counting starts 13:00.
    expect(iso(addWorkingHours(shanghai, new Date('2026-11-24T04:30:00Z'), 1))).toBe('2026-11-24T06:00:00.000Z');
    // Saturday evening → Monday 08:30 + 6 h = 15:30.
    expect(iso(addWorkingHours(shanghai, new Date('2026-11-21T12:00:00Z'), 6))).toBe('2026-11-23T07:30:00.000Z');
  });

  it('stops at the end of a period rather than jumping over the break', () => {
    // 08:30 + 3.5 h is 12:00, not 13:00.
    expect(iso(addWorkingHours(shanghai, new Date('2026-11-24T00:30:00Z'), 3.5))).toBe('2026-11-24T04:00:00.000Z');
  });

  it('counts real hours across the autumn clock change in Berlin', () => {
    // Friday 2026-10-23 16:00 CEST + 2 h: 1 h Friday, Monday 10-26 09:00 CET + 1 h = 10:00 CET.
    expect(iso(addWorkingHours(berlin, new Date('2026-10-23T14:00:00Z'), 2))).toBe('2026-10-26T09:00:00.000Z');
  });

  it('counts elapsed time, not wall time, through the spring-forward night', () => {
    const night = businessCalendarSchema.parse({ timeZone: 'Europe/Berlin', workingHours: { '0': [['00:00', '06:00']], '1': [['09:00', '17:00']] } });
    // Sunday 2026-03-29 00:00–06:00 local is only 5 real hours (02:00–03:00 does not exist).
    const start = new Date('2026-03-28T23:00:00Z');
    expect(iso(addWorkingHours(night, start, 5))).toBe('2026-03-29T04:00:00.000Z');
    expect(iso(addWorkingHours(night, start, 5.5))).toBe('2026-03-30T07:30:00.000Z'); // Monday 09:30 CEST
  });

  it('refuses a calendar without any working time instead of looping', () => {
    const never = businessCalendarSchema.parse({ workingHours: {} });
    try {
      addWorkingHours(never, new Date('2026-11-23T00:00:00Z'), 1);
      expect.unreachable();
    } catch (e) {
      expect(isAftersalesError(e) && e.code).toBe('AFTERSALES.CALENDAR_WITHOUT_WORKING_TIME');
    }
  });

  it('is monotonic and always lands inside a working period', () => {
    const instant = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(fc.constantFrom(shanghai, berlin), instant, fc.integer({ min: 1, max: 200 * 60 }), fc.integer({ min: 0, max: 60 }), (cal, start, minutes, extra) => {
        const a = addWorkingHours(cal, start, minutes / 60);
        const b = addWorkingHours(cal, start, (minutes + extra) / 60);
        const later = addWorkingHours(cal, new Date(start.getTime() + extra * 60_000), minutes / 60);
        expect(a.getTime()).toBeGreaterThan(start.getTime());
        expect(b.getTime()).toBeGreaterThanOrEqual(a.getTime());
        expect(later.getTime()).toBeGreaterThanOrEqual(a.getTime());
        expect(isWithinWorkingHours(cal, a)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('addWorkingDays', () => {
  it('skips the holiday week and keeps the time of day', () => {
    // Wednesday 09-30 10:00 + 1 working day → Thursday 10-08 10:00.
    expect(iso(addWorkingDays(shanghai, new Date('2026-09-30T02:00:00Z'), 1))).toBe('2026-10-08T02:00:00.000Z');
    // Friday 10-09 10:00 + 1 → make-up Saturday 10-10 10:00; + 2 → Monday 10-12.
    expect(iso(addWorkingDays(shanghai, new Date('2026-10-09T02:00:00Z'), 1))).toBe('2026-10-10T02:00:00.000Z');
    expect(iso(addWorkingDays(shanghai, new Date('2026-10-09T02:00:00Z'), 2))).toBe('2026-10-12T02:00:00.000Z');
    // Saturday 11-21 10:00 + 1 → Monday 11-23 10:00.
    expect(iso(addWorkingDays(shanghai, new Date('2026-11-21T02:00:00Z'), 1))).toBe('2026-11-23T02:00:00.000Z');
  });

  it('keeps the local time across the clock change in Berlin', () => {
    // Friday 2026-10-23 10:00 CEST + 1 working day → Monday 10-26 10:00 CET, 73 elapsed hours.
    expect(iso(addWorkingDays(berlin, new Date('2026-10-23T08:00:00Z'), 1))).toBe('2026-10-26T09:00:00.000Z');
  });

  it('lands on a working day, never before the start, never after that day’s working time', () => {
    const instant = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(fc.constantFrom(shanghai, berlin), instant, fc.integer({ min: 1, max: 30 }), (cal, start, n) => {
        const due = addWorkingDays(cal, start, n);
        expect(isWorkingDay(cal, due)).toBe(true);
        expect(due.getTime()).toBeGreaterThan(start.getTime());
        expect(addWorkingDays(cal, start, n + 1).getTime()).toBeGreaterThan(due.getTime());
        const local = toLocalDateTime(due, cal.timeZone);
        const periods = workingPeriodsOn(cal, local);
        expect(local.hour * 60 + local.minute).toBeLessThanOrEqual(periods[periods.length - 1]!.end);
      }),
      { numRuns: 200 },
    );
  });

  it('ends at the last working period when the target day stops earlier than the start time', () => {
    const halfDay = businessCalendarSchema.parse({ ...shanghai, makeUpHours: [['08:30', '12:00']] });
    // Friday 10-09 16:00 + 1 → make-up Saturday ends at 12:00.
    expect(iso(addWorkingDays(halfDay, new Date('2026-10-09T08:00:00Z'), 1))).toBe('2026-10-10T04:00:00.000Z');
    // A call logged at 20:00 is due by the end of the next working day, 17:30.
    expect(iso(addWorkingDays(shanghai, new Date('2026-11-23T12:00:00Z'), 1))).toBe('2026-11-24T09:30:00.000Z');
  });
});

describe('startOfNextWorkingDay', () => {
  it('dispatches a call left over today first thing on the next working day', () => {
    expect(iso(startOfNextWorkingDay(shanghai, new Date('2026-09-30T10:00:00Z')))).toBe('2026-10-08T00:30:00.000Z');
    // Friday 10-09 → make-up Saturday 10-10 08:30.
    expect(iso(startOfNextWorkingDay(shanghai, new Date('2026-10-09T10:00:00Z')))).toBe('2026-10-10T00:30:00.000Z');
  });
});

describe('addCalendarDays and addMonths', () => {
  it('keeps the wall time, holidays or not', () => {
    expect(iso(addCalendarDays(shanghai, new Date('2026-09-28T01:00:00Z'), 13))).toBe('2026-10-11T01:00:00.000Z');
  });

  it('keeps the wall time across a clock change', () => {
    // Berlin 10-20 09:00 CEST + 13 days → 11-02 09:00 CET: 13 days and one hour of elapsed time.
    expect(iso(addCalendarDays(berlin, new Date('2026-10-20T07:00:00Z'), 13))).toBe('2026-11-02T08:00:00.000Z');
  });

  it('clamps to the end of a shorter month', () => {
    expect(iso(addMonths(shanghai, new Date('2027-01-31T01:00:00Z'), 1))).toBe('2027-02-28T01:00:00.000Z');
    expect(iso(addMonths(shanghai, new Date('2027-03-31T01:00:00Z'), -1))).toBe('2027-02-28T01:00:00.000Z');
    expect(iso(addMonths(berlin, new Date('2026-11-15T08:00:00Z'), 6))).toBe('2027-05-15T07:00:00.000Z');
  });
});

describe('zone conversion', () => {
  it('moves a wall time skipped by daylight saving forward and takes the first of a repeated one', () => {
    const at = (month: number, day: number) => ({ year: 2026, month, day, hour: 2, minute: 30, second: 0, millisecond: 0 });
    expect(iso(fromLocalDateTime(at(3, 29), 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(fromLocalDateTime(at(10, 25), 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
  });

  it('round-trips instants and finds local midnight', () => {
    const d = new Date('2026-11-23T01:30:15.250Z');
    expect(fromLocalDateTime(toLocalDateTime(d, 'Asia/Shanghai'), 'Asia/Shanghai').getTime()).toBe(d.getTime());
    expect(iso(startOfLocalDay(shanghai, '2026-12-01'))).toBe('2026-11-30T16:00:00.000Z');
  });
});
