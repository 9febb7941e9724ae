/**
 * Document numbers: year, month and a serial restarting each month (年度 月份 流水编号),
 * evaluated in the company's time zone.
 */
import { AftersalesError } from '../errors.js';

/**
 * The year and month a number belongs to, and the period key its serial counts in.
 *
 * @example
 * const p: NumberingPeriod = { year: 2026, month: 11, period: '2611' };
 */
export interface NumberingPeriod {
  year: number;
  month: number;
  /** `YYMM`, the key of the serial counter. */
  period: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Every zone offset in use is whole minutes, so a month never turns within one UTC minute. */
const MINUTE_MS = 60_000;
/** The last answer per time zone: creates arrive many per minute and formatting dates is slow. */
const lastPeriods = new Map<string, { minute: number; period: NumberingPeriod }>();

/**
 * The numbering period of an instant in the company's time zone: the month it falls in there,
 * not in UTC.
 *
 * @example
 * numberingPeriodOf(new Date('2026-11-30T17:00:00Z'), 'Asia/Shanghai'); // { year: 2026, month: 12, period: '2612' }
 */
export function numberingPeriodOf(instant: Date, timeZone: string): NumberingPeriod {
  const minute = Math.floor(instant.getTime() / MINUTE_MS);
  const last = lastPeriods.get(timeZone);
  if (last && last.minute === minute) return { ...last.period };
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(instant);
  const year = Number(parts.find((p) => p.type === 'year')?.value);
  const month = Number(parts.find((p) => p.type === 'month')?.value);
  const period = { year, month, period: String(year % 100).padStart(2, '0') + String(month).padStart(2, '0') };
  if (Number.isFinite(minute)) lastPeriods.set(timeZone, { minute, period: { ...period } });
  return period;
}

/**
 * The period key (`YYMM`) of an instant in the company's time zone.
 *
 * @example
 * numberingPeriod(new Date('2026-11-30T17:00:00Z'), 'Asia/Shanghai'); // '2612'
 * numberingPeriod(new Date('2026-11-30T15:00:00Z'), 'Asia/Shanghai'); // '2611'
 */
export function numberingPeriod(instant: Date, timeZone: string): string {
  return numberingPeriodOf(instant, timeZone).period;
}

/** Patterns already found to hold exactly one serial. */
const checkedPatterns = new Set<string>();

const TOKEN = /\{(YYYY|YY|MM|SEQ(?::(\d{1,2}))?)\}/g;

/**
 * Checks a numbering pattern: it must contain `{SEQ}` or `{SEQ:n}` exactly once, or numbers would repeat.
 *
 * @example
 * assertNumberingPattern('{YY}{MM}-{SEQ:3}');
 */
export function assertNumberingPattern(pattern: string): void {
  const seqs = [...pattern.matchAll(TOKEN)].filter((m) => m[1]!.startsWith('SEQ'));
  if (seqs.length !== 1) {
    throw new AftersalesError({
      code: 'AFTERSALES.NUMBERING_PATTERN_INVALID',
      type: 'invalid_data',
      pointer: '/numbering/pattern',
      message: {
        'zh-CN': `编号格式“${pattern}”必须且只能包含一个流水号 {SEQ} 或 {SEQ:n}`,
        en: `Numbering pattern "${pattern}" must contain exactly one serial, {SEQ} or {SEQ:n}`,
      },
    });
  }
}

/**
 * Formats a document number. `{YY}` two-digit year, `{YYYY}` four-digit year, `{MM}` month,
 * `{SEQ:n}` the serial padded to n digits (it grows past n rather than wrap).
 *
 * @example
 * formatDocumentNumber('{YY}{MM}-{SEQ:3}', { year: 2026, month: 11, serial: 7 }); // '2611-007'
 * formatDocumentNumber('{YY}{MM}-{SEQ:3}', { year: 2026, month: 11, serial: 1234 }); // '2611-1234'
 */
export function formatDocumentNumber(pattern: string, parts: { year: number; month: number; serial: number }): string {
  // Every create formats a number; a pattern need be checked only once.
  if (!checkedPatterns.has(pattern)) {
    assertNumberingPattern(pattern);
    if (checkedPatterns.size < 64) checkedPatterns.add(pattern);
  }
  return pattern.replace(TOKEN, (_m, token: string, width?: string) => {
    if (token === 'YYYY') return String(parts.year).padStart(4, '0');
    if (token === 'YY') return String(parts.year % 100).padStart(2, '0');
    if (token === 'MM') return String(parts.month).padStart(2, '0');
    return String(parts.serial).padStart(width ? Number(width) : 1, '0');
  });
}
