/**
 * Counting time on a company's business calendar: working periods per weekday, public holidays
 * and make-up working days (调休), all evaluated in the company's time zone. Instants go in and
 * come out as UTC `Date`s.
 */
import { AftersalesError } from '../errors.js';
import type { BusinessCalendar } from '../settings.js';
import {
  addDaysToDate,
  atLocalMinutes,
  clockMinutes,
  fromLocalDateTime,
  isoDateOf,
  parseIsoDate,
  toLocalDateTime,
  weekdayOf,
  type LocalDate,
} from './zoned-time.js';

/**
 * One working period of a day in minutes after local midnight, start inclusive, end exclusive.
 *
 * @example
 * const morning: WorkingPeriod = { start: 510, end: 720 }; // 08:30–12:00
 */
export interface WorkingPeriod {
  start: number;
  end: number;
}

const HOUR_MS = 3_600_000;
/** A calendar with no working time within ten years is a configuration error, not a long wait. */
const SEARCH_LIMIT_DAYS = 3_660;

function noWorkingTime(calendar: BusinessCalendar): AftersalesError {
  return new AftersalesError({
    code: 'AFTERSALES.CALENDAR_WITHOUT_WORKING_TIME',
    type: 'invalid_data',
    pointer: '/calendar/workingHours',
    message: {
      'zh-CN': `工作日历（${calendar.timeZone}）在十年内没有任何工作时段，无法计算期限`,
      en: `The business calendar (${calendar.timeZone}) has no working time within ten years; no deadline can be computed`,
    },
  });
}

function toLocalDate(calendar: BusinessCalendar, day: Date | string): LocalDate {
  if (typeof day !== 'string') return toLocalDateTime(day, calendar.timeZone);
  const parsed = parseIsoDate(day);
  if (!parsed) throw new RangeError(`not an ISO date: ${day}`);
  return parsed;
}

/**
 * The working periods of a local date, sorted: none on a holiday, `makeUpHours` on a make-up
 * working day, otherwise the weekday's hours. A date listed both as holiday and as make-up day
 * is treated as a holiday.
 *
 * @example
 * workingPeriodsOn(cal, '2026-09-27'); // make-up Sunday: [{ start: 510, end: 720 }, { start: 780, end: 1050 }]
 */
export function workingPeriodsOn(calendar: BusinessCalendar, day: Date | string | LocalDate): WorkingPeriod[] {
  const date = typeof day === 'object' && !(day instanceof Date) ? day : toLocalDate(calendar, day);
  const iso = isoDateOf(date);
  if (calendar.holidays.includes(iso)) return [];
  const hours = calendar.makeUpWorkdays.includes(iso)
    ? calendar.makeUpHours
    : (calendar.workingHours[String(weekdayOf(date)) as keyof BusinessCalendar['workingHours']] ?? []);
  return hours
    .map(([from, to]) => ({ start: clockMinutes(from), end: clockMinutes(to) }))
    .filter((p) => p.end > p.start)
    .sort((a, b) => a.start - b.start);
}

/**
 * True when the day has working time: not a holiday, and a working weekday or a make-up day.
 * A `Date` is read in the calendar's time zone; a string is an ISO date.
 *
 * @example
 * isWorkingDay(cal, '2026-10-01'); // false — National Day
 * isWorkingDay(cal, '2026-10-10'); // true  — make-up Saturday
 */
export function isWorkingDay(calendar: BusinessCalendar, day: Date | string): boolean {
  return workingPeriodsOn(calendar, day).length > 0;
}

/**
 * True when the instant lies inside a working period (its end included).
 *
 * @example
 * isWithinWorkingHours(cal, new Date('2026-11-23T04:30:00Z')); // false — 12:30 lunch break in Shanghai
 */
export function isWithinWorkingHours(calendar: BusinessCalendar, instant: Date): boolean {
  const local = toLocalDateTime(instant, calendar.timeZone);
  return workingPeriodsOn(calendar, local).some((p) => {
    const t = instant.getTime();
    return t >= atLocalMinutes(local, p.start, calendar.timeZone).getTime() && t <= atLocalMinutes(local, p.end, calendar.timeZone).getTime();
  });
}

/**
 * The instant `hours` of working time after `start`, counting only time inside working periods.
 * A start outside working hours begins at the next period; a result that falls exactly on the
 * end of a period stays there (6 hours from 08:30 with a 12:00–13:00 break is 15:30).
 * Fractions of an hour are allowed and counted to the millisecond.
 *
 * @example
 * // called Friday 16:00 in Shanghai, 6 working hours: 1.5 h on Friday, 4.5 h on Monday → Monday 14:00
 * addWorkingHours(cal, new Date('2026-11-20T08:00:00Z'), 6); // 2026-11-23T06:00:00.000Z
 */
export function addWorkingHours(calendar: BusinessCalendar, start: Date, hours: number): Date {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError('hours must be a non-negative number');
  let remaining = Math.round(hours * HOUR_MS);
  if (remaining === 0) return new Date(start.getTime());
  let cursor = start.getTime();
  let date: LocalDate = toLocalDateTime(start, calendar.timeZone);
  for (let i = 0; i < SEARCH_LIMIT_DAYS; i++, date = addDaysToDate(date, 1)) {
    for (const p of workingPeriodsOn(calendar, date)) {
      const from = atLocalMinutes(date, p.start, calendar.timeZone).getTime();
      const to = atLocalMinutes(date, p.end, calendar.timeZone).getTime();
      if (to <= cursor) continue;
      const segmentStart = Math.max(from, cursor);
      const available = to - segmentStart;
      if (remaining <= available) return new Date(segmentStart + remaining);
      remaining -= available;
      cursor = to;
    }
  }
  throw noWorkingTime(calendar);
}

/**
 * The same local time `n` working days after `start`'s local date. When the target day's last
 * working period ends earlier than that time (a short make-up day, a call logged in the evening),
 * the result is the end of that day's last period, so the deadline never lies after the day's
 * working time. A start on a non-working day counts from that day, so 1 working day after a
 * Saturday is the Monday. `n = 0` returns `start`.
 *
 * @example
 * // Wednesday 2026-09-30 10:00 + 1 working day, with 10-01…07 off → Thursday 2026-10-08 10:00
 * addWorkingDays(cal, new Date('2026-09-30T02:00:00Z'), 1); // 2026-10-08T02:00:00.000Z
 */
export function addWorkingDays(calendar: BusinessCalendar, start: Date, n: number): Date {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('n must be a non-negative integer');
  if (n === 0) return new Date(start.getTime());
  const local = toLocalDateTime(start, calendar.timeZone);
  let date: LocalDate = local;
  let counted = 0;
  for (let i = 0; counted < n; i++) {
    if (i >= SEARCH_LIMIT_DAYS) throw noWorkingTime(calendar);
    date = addDaysToDate(date, 1);
    if (isWorkingDay(calendar, isoDateOf(date))) counted++;
  }
  const periods = workingPeriodsOn(calendar, date);
  const lastEnd = periods[periods.length - 1]!.end;
  const startMinutes = local.hour * 60 + local.minute + (local.second * 1000 + local.millisecond) / 60_000;
  if (startMinutes > lastEnd) return atLocalMinutes(date, lastEnd, calendar.timeZone);
  return fromLocalDateTime({ ...date, hour: local.hour, minute: local.minute, second: local.second, millisecond: local.millisecond }, calendar.timeZone);
}

/**
 * The same local wall time `n` calendar days later (earlier when negative). Across a
 * daylight-saving change this is 23 or 25 hours per day, as people count days.
 *
 * @example
 * // complaint accepted Monday 2026-11-23 09:00 Shanghai, 13 days → 2026-12-06 09:00
 * addCalendarDays(cal, new Date('2026-11-23T01:00:00Z'), 13); // 2026-12-06T01:00:00.000Z
 */
export function addCalendarDays(calendar: BusinessCalendar, start: Date, n: number): Date {
  if (!Number.isSafeInteger(n)) throw new RangeError('n must be an integer');
  const local = toLocalDateTime(start, calendar.timeZone);
  return fromLocalDateTime({ ...local, ...addDaysToDate(local, n) }, calendar.timeZone);
}

/**
 * The local date `n` months after (before when negative) a date, clamped to the end of a shorter
 * month (01-31 + 1 month = 02-28).
 *
 * @example
 * addMonthsToDate({ year: 2027, month: 3, day: 31 }, -1); // { year: 2027, month: 2, day: 28 }
 */
export function addMonthsToDate(date: LocalDate, n: number): LocalDate {
  if (!Number.isSafeInteger(n)) throw new RangeError('n must be an integer');
  const monthIndex = date.year * 12 + (date.month - 1) + n;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { year, month, day: Math.min(date.day, lastDay) };
}

/**
 * The same local wall time `n` months later (earlier when negative), the day clamped to the end
 * of a shorter month; used for maintenance-contract expiry.
 *
 * @example
 * addMonths(cal, new Date('2027-01-31T01:00:00Z'), 1); // 2027-02-28T01:00:00.000Z (09:00 Shanghai)
 */
export function addMonths(calendar: BusinessCalendar, start: Date, n: number): Date {
  const local = toLocalDateTime(start, calendar.timeZone);
  return fromLocalDateTime({ ...local, ...addMonthsToDate(local, n) }, calendar.timeZone);
}

/**
 * The UTC instant of local midnight at the start of an ISO date in the calendar's time zone.
 *
 * @example
 * startOfLocalDay(cal, '2026-12-01'); // 2026-11-30T16:00:00.000Z in Asia/Shanghai
 */
export function startOfLocalDay(calendar: BusinessCalendar, isoDate: string): Date {
  return atLocalMinutes(toLocalDate(calendar, isoDate), 0, calendar.timeZone);
}

/**
 * The start of the first working period of the next working day after `at`'s local date: when a
 * call left undispatched today is dispatched first (000 §18).
 *
 * @example
 * // Wednesday 2026-09-30 18:00 with 10-01…07 off → Thursday 10-08 08:30
 * startOfNextWorkingDay(cal, new Date('2026-09-30T10:00:00Z')); // 2026-10-08T00:30:00.000Z
 */
export function startOfNextWorkingDay(calendar: BusinessCalendar, at: Date): Date {
  let date: LocalDate = toLocalDateTime(at, calendar.timeZone);
  for (let i = 0; i < SEARCH_LIMIT_DAYS; i++) {
    date = addDaysToDate(date, 1);
    const first = workingPeriodsOn(calendar, date)[0];
    if (first) return atLocalMinutes(date, first.start, calendar.timeZone);
  }
  throw noWorkingTime(calendar);
}
