import { AftersalesError } from './errors.js';

/**
 * An amount of money in integer minor units (fen, cents) with its ISO 4217 currency.
 * Never a float: `{ amount: 100050, currency: 'CNY' }` is 1,000.50 yuan.
 *
 * @example
 * const loss: Money = { amount: 2_000_000, currency: 'CNY' }; // 20,000.00 yuan
 */
export interface Money {
  /** Integer minor units; a safe integer. */
  amount: number;
  /** ISO 4217 code, upper case, e.g. `CNY`. */
  currency: string;
}

/** Minor units per major unit for the currencies the package formats; others default to 2 digits. */
const MINOR_DIGITS: Record<string, number> = { CNY: 2, USD: 2, EUR: 2, HKD: 2, JPY: 0, KRW: 0, TWD: 2 };

/**
 * How many decimal digits a currency's minor unit has.
 *
 * @example
 * minorDigits('CNY'); // 2
 */
export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/**
 * Builds a {@link Money}, refusing fractions, unsafe integers and malformed currencies.
 *
 * @example
 * money(40_000, 'CNY'); // 400.00 yuan
 */
export function money(amount: number, currency: string, pointer = '/amount'): Money {
  if (!Number.isSafeInteger(amount)) {
    throw new AftersalesError({
      code: 'AFTERSALES.AMOUNT_NOT_INTEGER',
      type: 'invalid_data',
      pointer,
      message: { 'zh-CN': '金额必须是以分为单位的整数', en: 'An amount must be a whole number of minor units (fen, cents)' },
    });
  }
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new AftersalesError({
      code: 'AFTERSALES.CURRENCY_INVALID',
      type: 'invalid_data',
      pointer,
      message: { 'zh-CN': `币种“${currency}”无效，应为三位大写字母（如 CNY）`, en: `Currency "${currency}" is not an ISO 4217 code such as CNY` },
    });
  }
  return { amount, currency };
}

/**
 * Sums amounts of one currency; mixing currencies is an error, never a silent conversion.
 *
 * @example
 * addMoney(money(100, 'CNY'), money(250, 'CNY')); // { amount: 350, currency: 'CNY' }
 */
export function addMoney(...parts: Money[]): Money {
  if (parts.length === 0) throw new RangeError('addMoney needs at least one amount');
  const currency = parts[0]!.currency;
  let amount = 0;
  for (const p of parts) {
    assertSameCurrency(currency, p.currency);
    amount += p.amount;
  }
  return money(amount, currency);
}

/**
 * Throws when two currencies differ.
 *
 * @example
 * assertSameCurrency('CNY', 'CNY');
 */
export function assertSameCurrency(a: string, b: string, pointer = '/amount/currency'): void {
  if (a !== b) {
    throw new AftersalesError({
      code: 'AFTERSALES.CURRENCY_MISMATCH',
      type: 'invalid_data',
      pointer,
      message: { 'zh-CN': `币种不一致：${a} 与 ${b}`, en: `Currencies differ: ${a} and ${b}` },
    });
  }
}

/**
 * Splits an amount into integer parts proportional to weights, largest remainder first, so the
 * parts always add up to the whole to the fen.
 *
 * @example
 * allocate(100_00, [70, 10, 10, 10]); // [7000, 1000, 1000, 1000]
 * allocate(100, [1, 1, 1]);           // [34, 33, 33]
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total)) throw new RangeError('total must be a safe integer');
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0 || sum <= 0 || weights.some((w) => w < 0 || !Number.isFinite(w))) {
    throw new RangeError('weights must be non-negative with a positive sum');
  }
  const sign = total < 0 ? -1 : 1;
  const abs = Math.abs(total);
  // BigInt keeps total × weight exact even for large amounts and many base points.
  const scaled = weights.map((w) => BigInt(Math.round(w * 1e6)));
  const scaledSum = scaled.reduce((a, b) => a + b, 0n);
  const floors = scaled.map((w) => (BigInt(abs) * w) / scaledSum);
  const remainders = scaled.map((w, i) => ({ i, r: (BigInt(abs) * w) % scaledSum }));
  let left = abs - Number(floors.reduce((a, b) => a + b, 0n));
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  const parts = floors.map(Number);
  for (let k = 0; left > 0; k++, left--) parts[remainders[k % remainders.length]!.i]! += 1;
  return parts.map((p) => p * sign);
}

/**
 * Formats an amount for a slip: `¥1,000.50` style grouping, exact (no float arithmetic).
 *
 * @example
 * formatMoney({ amount: 100050, currency: 'CNY' }, 'zh-CN'); // '¥1,000.50'
 */
export function formatMoney(m: Money, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const digits = minorDigits(m.currency);
  const neg = m.amount < 0;
  const s = Math.abs(m.amount).toString().padStart(digits + 1, '0');
  const intPart = digits ? s.slice(0, -digits) : s;
  const frac = digits ? '.' + s.slice(-digits) : '';
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const symbol = m.currency === 'CNY' ? '¥' : m.currency === 'USD' ? '$' : m.currency === 'EUR' ? '€' : '';
  const body = symbol ? `${symbol}${grouped}${frac}` : `${grouped}${frac} ${m.currency}`;
  void locale;
  return (neg ? '-' : '') + body;
}
