/**
 * Conversions between the host's wire values and ours: OData V2 `/Date(ms)/` and decimal
 * strings, V4 ISO dates and JSON numbers, money as exact integer minor units.
 */
import { AftersalesError } from '../../domain/errors.js';
import { minorDigits, type Money } from '../../domain/money.js';

const V2_DATE = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;

/**
 * An ISO calendar date (`YYYY-MM-DD`, UTC) from a host date: V2 `/Date(ms)/`, V4 `Edm.Date`
 * or `Edm.DateTimeOffset`, or a REST date-time string.
 *
 * @example
 * hostDateToIso('/Date(1714608000000)/'); // '2024-05-02'
 * hostDateToIso('2024-05-02T00:00:00Z');  // '2024-05-02'
 */
export function hostDateToIso(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return undefined;
  const v2 = V2_DATE.exec(value);
  if (v2) return new Date(Number(v2[1])).toISOString().slice(0, 10);
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(value);
  return iso ? iso[1] : undefined;
}

/**
 * A date as the host's protocol wants it on a write.
 *
 * @example
 * isoDateToHost('2024-05-02', 2); // '/Date(1714608000000)/'
 * isoDateToHost('2024-05-02', 4); // '2024-05-02'
 */
export function isoDateToHost(iso: string, version: 2 | 4): string {
  return version === 2 ? `/Date(${Date.parse(`${iso}T00:00:00Z`)})/` : iso;
}

/**
 * A quantity from a host decimal (V2 sends `"12.000"`, V4 a JSON number).
 *
 * @example
 * hostNumber('12.000'); // 12
 */
export function hostNumber(value: unknown): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  return Number.isFinite(n) ? n : undefined;
}

/**
 * A decimal value as the host's protocol wants it: V2 `Edm.Decimal` is a JSON string.
 *
 * @example
 * numberToHost(5, 2); // '5'
 * numberToHost(5, 4); // 5
 */
export function numberToHost(n: number, version: 2 | 4): string | number {
  return version === 2 ? String(n) : n;
}

/**
 * Exact integer minor units from a host decimal amount, without float arithmetic.
 *
 * @example
 * hostAmountToMoney('1234.5', 'CNY'); // { amount: 123450, currency: 'CNY' }
 */
export function hostAmountToMoney(value: unknown, currency: string): Money | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const text = typeof value === 'number' ? numberToPlainString(value) : String(value).trim();
  const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) {
    throw new AftersalesError({
      code: 'AFTERSALES.ERP_REJECTED',
      type: 'invalid_data',
      message: { 'zh-CN': `ERP 返回的金额“${text}”无法识别`, en: `The ERP sent an amount "${text}" that is not a decimal` },
    });
  }
  const digits = minorDigits(currency);
  const frac = (m[3] ?? '').padEnd(digits, '0');
  // Digits beyond the currency's minor unit are rounded half away from zero, as accounting does.
  const kept = frac.slice(0, digits);
  const roundUp = frac.length > digits && Number(frac[digits]) >= 5;
  let minor = BigInt((m[2] || '0') + kept) + (roundUp ? 1n : 0n);
  if (m[1] === '-') minor = -minor;
  return { amount: Number(minor), currency };
}

/**
 * A decimal string of a money amount, for the host.
 *
 * @example
 * moneyToDecimal({ amount: 123450, currency: 'CNY' }); // '1234.50'
 */
export function moneyToDecimal(m: Money): string {
  const digits = minorDigits(m.currency);
  const neg = m.amount < 0;
  const s = Math.abs(m.amount).toString().padStart(digits + 1, '0');
  const body = digits ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s;
  return (neg ? '-' : '') + body;
}

function numberToPlainString(n: number): string {
  const s = String(n);
  return /e/i.test(s) ? n.toFixed(Math.min(20, Math.max(0, -Math.floor(Math.log10(Math.abs(n) || 1)) + 15))) : s;
}

/**
 * The rows of a collection answer, whatever the protocol: V2 `d.results`, V4 `value`, or an
 * expanded V2 navigation `{ results: [...] }`.
 *
 * @example
 * rowsOf({ d: { results: [{ SalesOrder: '1' }] } }); // [{ SalesOrder: '1' }]
 */
export function rowsOf(body: unknown): Record<string, unknown>[] {
  if (Array.isArray(body)) return body as Record<string, unknown>[];
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (Array.isArray(b.results)) return b.results as Record<string, unknown>[];
    if (Array.isArray(b.value)) return b.value as Record<string, unknown>[];
    if (b.d !== undefined) return rowsOf(b.d);
  }
  return [];
}

/**
 * The single entity of an answer: V2 wraps it in `d`, V4 returns it bare.
 *
 * @example
 * entityOf({ d: { CustomerReturn: '60000001' } }); // { CustomerReturn: '60000001' }
 */
export function entityOf(body: unknown): Record<string, unknown> {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (b.d && typeof b.d === 'object' && !Array.isArray(b.d)) return b.d as Record<string, unknown>;
    return b;
  }
  return {};
}
