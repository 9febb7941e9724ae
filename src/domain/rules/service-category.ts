/**
 * The service category of a repair voucher (000 篇1): A paid, B under a maintenance contract,
 * C free inside the warranty period, D internal administrative work.
 */
import type { FieldError } from '../errors.js';
import { parseIsoDate } from '../calendar/zoned-time.js';

/**
 * A 有费服务 (paid), B 合同服务 (contract), C 免费服务 (warranty), D 内部行政 (internal).
 *
 * @example
 * const category: ServiceCategory = 'C';
 */
export type ServiceCategory = 'A' | 'B' | 'C' | 'D';

/**
 * What the category check needs: the dates are ISO calendar dates, the end dates inclusive.
 *
 * @example
 * const input: ServiceCategoryInput = { category: 'C', serviceDate: '2026-11-23', warrantyUntil: '2027-05-01' };
 */
export interface ServiceCategoryInput {
  category: ServiceCategory;
  serviceDate: string;
  warrantyUntil?: string;
  contractUntil?: string;
}

/**
 * The cross-field errors of a voucher's service category: C needs a warranty still running on
 * the service date, B a maintenance contract still running; A and D always pass. An empty list
 * means the category is allowed. Every error points at `/serviceCategory`.
 *
 * @example
 * checkServiceCategory({ category: 'C', serviceDate: '2026-11-23', warrantyUntil: '2026-11-22' });
 * // [{ pointer: '/serviceCategory', code: 'AFTERSALES.WARRANTY_EXPIRED', message: {…} }]
 */
export function checkServiceCategory(input: ServiceCategoryInput): FieldError[] {
  const { category, serviceDate } = input;
  if (category === 'A' || category === 'D') return [];
  if (!parseIsoDate(serviceDate)) {
    return [{ pointer: '/serviceDate', code: 'AFTERSALES.DATE_INVALID', message: { 'zh-CN': `服务日期“${serviceDate}”不是有效日期（YYYY-MM-DD）`, en: `Service date "${serviceDate}" is not a valid date (YYYY-MM-DD)` } }];
  }
  if (category === 'C') {
    const until = input.warrantyUntil;
    if (until === undefined || !parseIsoDate(until)) {
      return [{ pointer: '/serviceCategory', code: 'AFTERSALES.WARRANTY_UNKNOWN', message: { 'zh-CN': '免费服务（C 类）需要有效的保修期，但保修截止日期未知', en: 'Free warranty service (C) needs a warranty, but its end date is unknown' } }];
    }
    // ISO dates compare correctly as strings; the end date itself is still covered.
    if (until < serviceDate) {
      return [{ pointer: '/serviceCategory', code: 'AFTERSALES.WARRANTY_EXPIRED', message: { 'zh-CN': `保修期已于 ${until} 届满，服务日期 ${serviceDate} 不能按免费服务（C 类）处理`, en: `The warranty ended on ${until}; service on ${serviceDate} cannot be free warranty service (C)` } }];
    }
    return [];
  }
  const until = input.contractUntil;
  if (until === undefined || !parseIsoDate(until)) {
    return [{ pointer: '/serviceCategory', code: 'AFTERSALES.CONTRACT_UNKNOWN', message: { 'zh-CN': '合同服务（B 类）需要有效的保养合同，但合同截止日期未知', en: 'Contract service (B) needs a maintenance contract, but its end date is unknown' } }];
  }
  if (until < serviceDate) {
    return [{ pointer: '/serviceCategory', code: 'AFTERSALES.CONTRACT_EXPIRED', message: { 'zh-CN': `保养合同已于 ${until} 到期，服务日期 ${serviceDate} 不能按合同服务（B 类）处理`, en: `The maintenance contract ended on ${until}; service on ${serviceDate} cannot be contract service (B)` } }];
  }
  return [];
}
