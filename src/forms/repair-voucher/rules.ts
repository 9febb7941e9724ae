/**
 * The repair voucher's cross-field rules.
 */
import type { FieldError } from '../../domain/errors.js';
import { checkServiceCategory } from '../../domain/rules/service-category.js';
import { lineAmountsMatch, records, sameCurrency, totalMatches } from '../validation/cross-field.js';

const isoDate = (v: unknown): string | undefined => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : undefined);

/**
 * Free warranty service (C) needs the product inside its warranty and contract service (B) a valid
 * contract, on the service date (the call's date until the visit is booked).
 *
 * @example
 * serviceCategoryFits({ serviceCategory: 'C', serviceDate: '2027-06-01', warrantyUntil: '2027-05-31' }); // one error
 */
export function serviceCategoryFits(data: Record<string, unknown>): FieldError[] {
  const category = data.serviceCategory;
  const serviceDate = isoDate(data.serviceDate) ?? isoDate(data.callAt);
  if (typeof category !== 'string' || !['A', 'B', 'C', 'D'].includes(category) || !serviceDate) return [];
  return checkServiceCategory({
    category: category as 'A' | 'B' | 'C' | 'D',
    serviceDate,
    warrantyUntil: isoDate(data.warrantyUntil),
    contractUntil: isoDate(data.contractUntil),
  });
}

/**
 * A line added after the first quote needs the customer's confirmation before work continues.
 *
 * @example
 * addedLinesConfirmed({ quoteLines: [{ addedAfterQuote: true }] }); // one error at /quoteLines/0/customerConfirmed
 */
export function addedLinesConfirmed(data: Record<string, unknown>): FieldError[] {
  return records(data.quoteLines)
    .filter(([l]) => l.addedAfterQuote === true && l.customerConfirmed !== true)
    .map(([, i]) => ({
      pointer: `/quoteLines/${i}/customerConfirmed`,
      code: 'AFTERSALES.ADDED_ITEM_NOT_CONFIRMED',
      message: { 'zh-CN': '报价后追加的项目须经客户确认', en: 'An item added after the quote needs the customer’s confirmation' },
    }));
}

/**
 * An item taken back for repair gets a customer goods receipt (客户商品领取收据).
 *
 * @example
 * goodsReceiptWhenTakenBack({ outcome: 'taken-back' }); // one error at /goodsReceiptNumber
 */
export function goodsReceiptWhenTakenBack(data: Record<string, unknown>): FieldError[] {
  if (data.outcome !== 'taken-back' || (typeof data.goodsReceiptNumber === 'string' && data.goodsReceiptNumber)) return [];
  return [
    {
      pointer: '/goodsReceiptNumber',
      code: 'AFTERSALES.GOODS_RECEIPT_REQUIRED',
      message: { 'zh-CN': '携回修护须开立客户商品领取收据', en: 'An item taken back for repair needs a customer goods receipt number' },
    },
  ];
}

/**
 * Every cross-field rule of the repair voucher.
 *
 * @example
 * repairVoucherRules(sample); // []
 */
export function repairVoucherRules(data: Record<string, unknown>): FieldError[] {
  const lines = records(data.quoteLines).map(([l]) => l);
  return [
    ...serviceCategoryFits(data),
    ...lineAmountsMatch(data.quoteLines, '/quoteLines', 'unitPrice', 'amount'),
    ...(lines.length ? totalMatches('/total', data.total, lines.map((l) => l.amount), { 'zh-CN': '报价明细金额', en: 'the quote lines' }) : []),
    ...addedLinesConfirmed(data),
    ...goodsReceiptWhenTakenBack(data),
    ...sameCurrency([
      ...records(data.quoteLines).flatMap(([l, n]): [string, unknown][] => [[`/quoteLines/${n}/unitPrice`, l.unitPrice], [`/quoteLines/${n}/amount`, l.amount]]),
      ['/total', data.total],
    ]),
  ];
}
