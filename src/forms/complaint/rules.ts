/**
 * The complaint's cross-field rules: what its JSON Schema cannot say.
 */
import type { FieldError } from '../../domain/errors.js';
import { asNumber, asRecord, percentagesSumTo100, sameCurrency } from '../validation/cross-field.js';

/**
 * The defective quantity cannot exceed the quantity shipped.
 *
 * @example
 * defectiveWithinShipped({ quantityShipped: 100, quantityDefective: 120 }); // one error at /quantityDefective
 */
export function defectiveWithinShipped(data: Record<string, unknown>): FieldError[] {
  const shipped = asNumber(data.quantityShipped);
  const defective = asNumber(data.quantityDefective);
  if (shipped === undefined || defective === undefined || defective <= shipped) return [];
  return [
    {
      pointer: '/quantityDefective',
      code: 'AFTERSALES.DEFECTIVE_EXCEEDS_SHIPPED',
      message: { 'zh-CN': `不良数量 ${defective} 超过交运数量 ${shipped}`, en: `The defective quantity ${defective} exceeds the quantity shipped ${shipped}` },
    },
  ];
}

/**
 * Unless the customer is still processing the goods (客户加工中未确定), the defective quantity is known.
 *
 * @example
 * defectiveQuantityKnown({ customerRequest: 'return' }); // one error at /quantityDefective
 */
export function defectiveQuantityKnown(data: Record<string, unknown>): FieldError[] {
  if (data.customerRequest === undefined || data.customerRequest === 'undetermined' || data.quantityDefective !== undefined) return [];
  return [
    {
      pointer: '/quantityDefective',
      code: 'AFTERSALES.DEFECTIVE_QUANTITY_REQUIRED',
      message: {
        'zh-CN': '客户要求不是“客户加工中未确定”时，必须填写不良数量',
        en: 'The defective quantity is required unless the customer is still processing the goods (undetermined)',
      },
    },
  ];
}

/**
 * The decided quantity (returned, reworked, exchanged) cannot exceed what was shipped.
 *
 * @example
 * decidedQuantityWithinShipped({ quantityShipped: 10, decision: { quantity: 12 } }); // one error
 */
export function decidedQuantityWithinShipped(data: Record<string, unknown>): FieldError[] {
  const shipped = asNumber(data.quantityShipped);
  const decided = asNumber(asRecord(data.decision)?.quantity);
  if (shipped === undefined || decided === undefined || decided <= shipped) return [];
  return [
    {
      pointer: '/decision/quantity',
      code: 'AFTERSALES.DECIDED_EXCEEDS_SHIPPED',
      message: { 'zh-CN': `核决数量 ${decided} 超过交运数量 ${shipped}`, en: `The decided quantity ${decided} exceeds the quantity shipped ${shipped}` },
    },
  ];
}

/**
 * Every cross-field rule of the complaint.
 *
 * @example
 * complaintRules(sample); // []
 */
export function complaintRules(data: Record<string, unknown>): FieldError[] {
  return [
    ...defectiveWithinShipped(data),
    ...defectiveQuantityKnown(data),
    ...decidedQuantityWithinShipped(data),
    ...percentagesSumTo100(asRecord(data.decision)?.responsibility, '/decision/responsibility', 'ratioPercent'),
    ...sameCurrency([
      ['/claimedAmount', data.claimedAmount],
      ['/proposal/amount', asRecord(data.proposal)?.amount],
      ['/decision/amount', asRecord(data.decision)?.amount],
    ]),
  ];
}
