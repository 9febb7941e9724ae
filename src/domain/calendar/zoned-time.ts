/**
 * Conversions between UTC instants and wall-clock dates and times in an IANA time zone, done with
 * `Intl.DateTimeFormat` so the package needs no time-zone library.
 */
import { AftersalesError } from '../errors.js';

/**
 * A calendar date without a time zone.
 *
 * @example
 * const national: LocalDate = { year: 2026, month: 10, day: 1 };
 */
export interface LocalDate {
  year: number;
  /** 1 = January. */
  month: number;
  day: number;
}

/**
 * A wall-clock date and time in some time zone, to the millisecond.
 *
 * @example
 * const call: LocalDateTime = { year: 2026, month: 11, day: 23, hour: 9, minute: 30, second: 0, millisecond: 0 };
 */
export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (cause) {
      throw new AftersalesError({
        code: 'AFTERSALES.TIME_ZONE_INVALID',
        type: 'invalid_data',
        pointer: '/calendar/timeZone',
        message: { 'zh-CN': `时区“${timeZone}”无效，应为 IANA 时区名（如 Asia/Shanghai）`, en: `Time zone "${timeZone}" is not an IANA zone such as Asia/Shanghai` },
        cause,
      });
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * True when the runtime knows the IANA time zone.
 *
 * @example
 * isValidTimeZone('Europe/Berlin'); // true
 * isValidTimeZone('Mars/Olympus');  // false
 */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The wall-clock date and time an instant shows in a time zone.
 *
 * @example
 * toLocalDateTime(new Date('2026-11-23T01:30:00Z'), 'Asia/Shanghai'); // 2026-11-23 09:30
 */
export function toLocalDateTime(instant: Date, timeZone: string): LocalDateTime {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('invalid Date');
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
    // Intl has no sub-second part here; zone offsets are whole minutes, so the UTC milliseconds carry over.
    millisecond: ((ms % 1000) + 1000) % 1000,
  };
}

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
function offsetAt(ms: number, timeZone: string): number {
  const l = toLocalDateTime(new Date(ms), timeZone);
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second, l.millisecond) - ms;
}

/**
 * The UTC instant of a wall-clock time in a time zone. A time skipped by a daylight-saving
 * change moves forward by the gap (02:30 on the spring-forward night in Berlin is 03:30 CEST); a
 * time that occurs twice takes the earlier occurrence — the same choice as Temporal's `compatible`.
 *
 * @example
 * fromLocalDateTime({ year: 2026, month: 11, day: 23, hour: 9, minute: 30, second: 0, millisecond: 0 }, 'Asia/Shanghai');
 * // 2026-11-23T01:30:00.000Z
 */
export function fromLocalDateTime(local: LocalDateTime, timeZone: string): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.millisecond);
  // Offsets a day either side bracket at most one transition for every zone in use.
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [wall - before, wall - after].filter((t, i) => offsetAt(t, timeZone) === (i === 0 ? before : after));
  if (candidates.length) return new Date(Math.min(...candidates));
  return new Date(wall - before);
}

/**
 * The wall-clock time `minutes` after midnight on a local date, as a UTC instant.
 *
 * @example
 * atLocalMinutes({ year: 2026, month: 11, day: 23 }, 8 * 60 + 30, 'Asia/Shanghai'); // 2026-11-23T00:30:00.000Z
 */
export function atLocalMinutes(date: LocalDate, minutes: number, timeZone: string): Date {
  return fromLocalDateTime({ ...date, hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }, timeZone);
}

/**
 * The local date `n` days after (or before, when negative) another.
 *
 * @example
 * addDaysToDate({ year: 2026, month: 9, day: 30 }, 1); // { year: 2026, month: 10, day: 1 }
 */
export function addDaysToDate(date: LocalDate, n: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day) + n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The weekday of a local date, 0 = Sunday … 6 = Saturday.
 *
 * @example
 * weekdayOf({ year: 2026, month: 10, day: 1 }); // 4 (Thursday)
 */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/**
 * A local date as `YYYY-MM-DD`.
 *
 * @example
 * isoDateOf({ year: 2026, month: 10, day: 1 }); // '2026-10-01'
 */
export function isoDateOf(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/**
 * Parses `YYYY-MM-DD`, refusing dates that do not exist (2026-02-30).
 *
 * @example
 * parseIsoDate('2026-10-01'); // { year: 2026, month: 10, day: 1 }
 */
export function parseIsoDate(s: string): LocalDate | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return isoDateOf(addDaysToDate(date, 0)) === s ? date : undefined;
}

/**
 * Minutes after local midnight of an `HH:MM` clock time.
 *
 * @example
 * clockMinutes('13:30'); // 810
 */
export function clockMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}
