/**
 * The allowance certificate's cross-field rules.
 */
import type { FieldError } from '../../domain/errors.js';
import { lineAmountsMatch, records, sameCurrency, totalMatches } from '../validation/cross-field.js';

/**
 * Every cross-field rule of the allowance certificate: each item's allowed amount is quantity ×
 * allowed unit price, the certificate's amount is the items' total, one currency throughout.
 *
 * @example
 * allowanceCertificateRules(sample); // []
 */
export function allowanceCertificateRules(data: Record<string, unknown>): FieldError[] {
  const items = records(data.items).map(([i]) => i);
  return [
    ...lineAmountsMatch(data.items, '/items', 'allowedUnitPrice', 'allowedAmount'),
    ...(items.length ? totalMatches('/amount', data.amount, items.map((i) => i.allowedAmount), { 'zh-CN': '折让金额', en: 'the allowed amounts' }) : []),
    ...sameCurrency([
      ...records(data.items).flatMap(([i, n]): [string, unknown][] => [
        [`/items/${n}/originalUnitPrice`, i.originalUnitPrice],
        [`/items/${n}/allowedUnitPrice`, i.allowedUnitPrice],
        [`/items/${n}/allowedAmount`, i.allowedAmount],
      ]),
      ['/amount', data.amount],
    ]),
  ];
}
