/**
 * Accounting's reconciliation of a return slip (000 十三 2(1)): the quantity actually received
 * against the quantity approved on the complaint.
 */
import { AftersalesError } from '../errors.js';
import { floorTimes, ratioOf } from './exact-ratio.js';

/**
 * What accounting compares.
 *
 * @example
 * const input: ReturnReconciliationInput = { approvedQuantity: 100, actualQuantity: 104, toleranceRatio: 0.05 };
 */
export interface ReturnReconciliationInput {
  approvedQuantity: number;
  actualQuantity: number;
  /** The customer's over-quantity acceptance ratio from the order, else the company default (0..1). */
  toleranceRatio: number;
}

/**
 * Book the return by the actual quantity, or hold it for a decision.
 *
 * @example
 * const r: ReturnReconciliation = { decision: 'hold', excess: 6, allowedMaximum: 105 };
 */
export type ReturnReconciliation =
  | { decision: 'book-actual'; bookedQuantity: number }
  | { decision: 'hold'; excess: number; allowedMaximum: number };

function quantityError(field: string, value: unknown): AftersalesError {
  return new AftersalesError({
    code: 'AFTERSALES.QUANTITY_INVALID',
    type: 'invalid_data',
    pointer: `/${field}`,
    message: { 'zh-CN': `数量必须是非负整数，收到 ${String(value)}`, en: `A quantity must be a whole number ≥ 0, got ${String(value)}` },
  });
}

/**
 * Books the actual quantity when it is at most the approved quantity, or over it by no more than
 * the tolerance (allowed maximum = ⌊approved × (1 + ratio)⌋, computed exactly); otherwise holds
 * it, stating how much more than approved arrived (`excess`) and the most that could be booked.
 *
 * @example
 * reconcileReturn({ approvedQuantity: 100, actualQuantity: 105, toleranceRatio: 0.05 }); // { decision: 'book-actual', bookedQuantity: 105 }
 * reconcileReturn({ approvedQuantity: 100, actualQuantity: 106, toleranceRatio: 0.05 }); // { decision: 'hold', excess: 6, allowedMaximum: 105 }
 */
export function reconcileReturn(input: ReturnReconciliationInput): ReturnReconciliation {
  const { approvedQuantity, actualQuantity, toleranceRatio } = input;
  if (!Number.isSafeInteger(approvedQuantity) || approvedQuantity < 0) throw quantityError('approvedQuantity', approvedQuantity);
  if (!Number.isSafeInteger(actualQuantity) || actualQuantity < 0) throw quantityError('actualQuantity', actualQuantity);
  if (!(toleranceRatio >= 0 && toleranceRatio <= 1)) {
    throw new AftersalesError({
      code: 'AFTERSALES.RATIO_OUT_OF_RANGE',
      type: 'invalid_data',
      pointer: '/toleranceRatio',
      message: { 'zh-CN': `超量允收比率必须在 0 到 1 之间，收到 ${toleranceRatio}`, en: `The over-quantity acceptance ratio must be between 0 and 1, got ${toleranceRatio}` },
    });
  }
  const r = ratioOf(toleranceRatio);
  const allowedMaximum = floorTimes(approvedQuantity, { num: r.den + r.num, den: r.den });
  if (actualQuantity <= allowedMaximum) return { decision: 'book-actual', bookedQuantity: actualQuantity };
  return { decision: 'hold', excess: actualQuantity - approvedQuantity, allowedMaximum };
}

/**
 * The tolerance that applies: the customer's over-quantity acceptance ratio from the order when
 * it states one, else the company default from the settings.
 *
 * @example
 * returnToleranceFor(undefined, settings); // 0.05, the company default
 * returnToleranceFor(0.1, settings);       // 0.1, from the order
 */
export function returnToleranceFor(orderRatio: number | undefined | null, settings: { rules: { returnToleranceRatio: number } }): number {
  return orderRatio ?? settings.rules.returnToleranceRatio;
}
