/**
 * The return slip's cross-field rules.
 */
import type { FieldError } from '../../domain/errors.js';
import { asNumber, lineAmountsMatch, records, sameCurrency, totalMatches } from '../validation/cross-field.js';

/**
 * The quantity approved for return equals the sum of the slip's item quantities: the slip returns
 * what the complaint's decision approved, no more and no less.
 *
 * @example
 * itemsMatchApprovedQuantity({ approvedQuantity: 320, items: [{ quantity: 300 }] }); // one error
 */
export function itemsMatchApprovedQuantity(data: Record<string, unknown>): FieldError[] {
  const approved = asNumber(data.approvedQuantity);
  const quantities = records(data.items).map(([i]) => asNumber(i.quantity));
  if (approved === undefined || quantities.length === 0 || quantities.some((q) => q === undefined)) return [];
  const sum = quantities.reduce<number>((a, q) => a + (q ?? 0), 0);
  if (Math.abs(sum - approved) < 1e-9) return [];
  return [
    {
      pointer: '/approvedQuantity',
      code: 'AFTERSALES.APPROVED_QUANTITY_MISMATCH',
      message: { 'zh-CN': `核准退货数量 ${approved} 与明细数量合计 ${sum} 不符`, en: `The approved quantity ${approved} differs from the items' total ${sum}` },
    },
  ];
}

/**
 * Every cross-field rule of the return slip.
 *
 * @example
 * returnSlipRules(sample); // []
 */
export function returnSlipRules(data: Record<string, unknown>): FieldError[] {
  const items = records(data.items).map(([i]) => i);
  return [
    ...itemsMatchApprovedQuantity(data),
    ...lineAmountsMatch(data.items, '/items', 'unitPrice', 'amount'),
    ...(items.every((i) => i.amount !== undefined) ? totalMatches('/total', data.total, items.map((i) => i.amount), { 'zh-CN': '明细金额', en: 'the item amounts' }) : []),
    ...sameCurrency([
      ...records(data.items).flatMap(([i, n]): [string, unknown][] => [[`/items/${n}/unitPrice`, i.unitPrice], [`/items/${n}/amount`, i.amount]]),
      ['/total', data.total],
    ]),
  ];
}
