/**
 * Building blocks of the cross-field rules JSON Schema cannot express. Each reads the document
 * defensively (it may also be schema-invalid, and every error is reported at once) and returns
 * field errors in the same shape as schema errors.
 */
import type { FieldError } from '../../domain/errors.js';
import type { Localized } from '../../domain/locale.js';
import { formatMoney, type Money } from '../../domain/money.js';

/**
 * A form's cross-field rules: a function of the document's data returning every violation.
 *
 * @example
 * const rules: CrossFieldRules = (data) => defectiveWithinShipped(data);
 */
export type CrossFieldRules = (data: Record<string, unknown>) => FieldError[];

/**
 * A value as a plain object, or undefined.
 *
 * @example
 * asRecord({ a: 1 }); // { a: 1 }
 */
export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/**
 * A value as an array of plain objects (other entries skipped, indices kept), or [].
 *
 * @example
 * records([{ a: 1 }, 2]); // [[{ a: 1 }, 0]]
 */
export function records(v: unknown): [Record<string, unknown>, number][] {
  if (!Array.isArray(v)) return [];
  const out: [Record<string, unknown>, number][] = [];
  v.forEach((x, i) => {
    const r = asRecord(x);
    if (r) out.push([r, i]);
  });
  return out;
}

/**
 * A value as {@link Money} when it has an integer amount and a currency, else undefined.
 *
 * @example
 * asMoney({ amount: 100, currency: 'CNY' }); // { amount: 100, currency: 'CNY' }
 */
export function asMoney(v: unknown): Money | undefined {
  const r = asRecord(v);
  return r && Number.isSafeInteger(r.amount) && typeof r.currency === 'string' ? { amount: r.amount as number, currency: r.currency } : undefined;
}

/**
 * A finite number or undefined.
 *
 * @example
 * asNumber('3'); // undefined
 */
export function asNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * The minor units of quantity × unit price, rounded half away from zero to the fen. Quantities
 * may be fractional (1.5 labour hours); decimal digits are scaled to integers first so
 * 0.2 × 26000 is exactly 5200.
 *
 * @example
 * lineAmount(1.5, 12000); // 18000
 */
export function lineAmount(quantity: number, unitPriceMinor: number): number {
  const digits = (String(quantity).split('.')[1] ?? '').length;
  if (digits > 6 || /e/i.test(String(quantity))) return Math.round(quantity * unitPriceMinor);
  const scale = 10 ** digits;
  const scaledQty = BigInt(Math.round(quantity * scale));
  const product = scaledQty * BigInt(unitPriceMinor);
  const big = BigInt(scale);
  const neg = product < 0n;
  const abs = neg ? -product : product;
  const rounded = (abs + big / 2n) / big;
  return Number(neg ? -rounded : rounded);
}

/**
 * Each line's amount must equal its quantity × unit price.
 *
 * @example
 * lineAmountsMatch(data.items, '/items', 'unitPrice', 'amount');
 */
export function lineAmountsMatch(lines: unknown, at: string, priceField: string, amountField: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const [line, i] of records(lines)) {
    const quantity = asNumber(line.quantity);
    const price = asMoney(line[priceField]);
    const amount = asMoney(line[amountField]);
    if (quantity === undefined || !price || !amount || price.currency !== amount.currency) continue;
    const expected = lineAmount(quantity, price.amount);
    if (expected !== amount.amount) {
      const want = formatMoney({ amount: expected, currency: amount.currency });
      errors.push({
        pointer: `${at}/${i}/${amountField}/amount`,
        code: 'AFTERSALES.LINE_AMOUNT_MISMATCH',
        message: {
          'zh-CN': `金额应为数量 × 单价 = ${want}，实为 ${formatMoney(amount)}`,
          en: `The amount must be quantity × unit price = ${want}, not ${formatMoney(amount)}`,
        },
      });
    }
  }
  return errors;
}

/**
 * Every amount of a document is in one currency (the first one found); each other one is an error
 * at its own pointer.
 *
 * @example
 * sameCurrency([['/loss', data.loss], ['/persons/0/share', p.share]]);
 */
export function sameCurrency(amounts: [pointer: string, value: unknown][]): FieldError[] {
  let first: { pointer: string; currency: string } | undefined;
  const errors: FieldError[] = [];
  for (const [pointer, value] of amounts) {
    const m = asMoney(value);
    if (!m) continue;
    if (!first) {
      first = { pointer, currency: m.currency };
      continue;
    }
    if (m.currency !== first.currency) {
      errors.push({
        pointer: `${pointer}/currency`,
        code: 'AFTERSALES.CURRENCY_MISMATCH',
        message: {
          'zh-CN': `币种应与 ${first.pointer} 一致（${first.currency}），实为 ${m.currency}`,
          en: `The currency must match ${first.pointer} (${first.currency}), not ${m.currency}`,
        },
      });
    }
  }
  return errors;
}

/**
 * Percentages that must add up to exactly 100 (responsibility ratios).
 *
 * @example
 * percentagesSumTo100(data.decision?.responsibility, '/decision/responsibility', 'ratioPercent');
 */
export function percentagesSumTo100(entries: unknown, at: string, field: string): FieldError[] {
  const list = records(entries);
  if (list.length === 0) return [];
  const values = list.map(([r]) => asNumber(r[field]));
  if (values.some((v) => v === undefined)) return [];
  // Hundredths avoid 33.33 + 33.33 + 33.34 failing on float noise.
  const sum = values.reduce<number>((a, v) => a + Math.round((v ?? 0) * 100), 0);
  if (sum === 10000) return [];
  const shown = sum / 100;
  return [
    {
      pointer: at,
      code: 'AFTERSALES.RESPONSIBILITY_NOT_100',
      message: { 'zh-CN': `责任比例合计应为 100%，实为 ${shown}%`, en: `The responsibility ratios must add up to 100%, not ${shown}%` },
    },
  ];
}

/**
 * A total that must equal the sum of parts of one currency.
 *
 * @example
 * totalMatches('/total', data.total, items.map((i) => i.amount));
 */
export function totalMatches(pointer: string, total: unknown, parts: unknown[], what: Localized): FieldError[] {
  const t = asMoney(total);
  const ms = parts.map(asMoney);
  if (!t || ms.length === 0 || ms.some((m) => !m || m.currency !== t.currency)) return [];
  const sum = ms.reduce((a, m) => a + (m?.amount ?? 0), 0);
  if (sum === t.amount) return [];
  const want = formatMoney({ amount: sum, currency: t.currency });
  return [
    {
      pointer: `${pointer}/amount`,
      code: 'AFTERSALES.TOTAL_MISMATCH',
      message: { 'zh-CN': `应等于${what['zh-CN']}合计 ${want}，实为 ${formatMoney(t)}`, en: `must equal the sum of ${what.en}, ${want}, not ${formatMoney(t)}` },
    },
  ];
}
