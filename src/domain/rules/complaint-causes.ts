/**
 * The causes a complaint is judged under (000 客户投诉行政处分判定项目补充说明): fifteen items
 * the GM office uses to attribute responsibility and penalties.
 */
import type { Localized } from '../locale.js';

/**
 * One cause: a stable id, its position in the regulation's list, and its name in both languages.
 *
 * @example
 * const c: ComplaintCause = COMPLAINT_CAUSES[8]; // { id: 'delivery-delay', number: 9, … }
 */
export interface ComplaintCause {
  id: string;
  /** Position in the regulation's list, 1–15. */
  number: number;
  name: Localized;
}

/**
 * The fifteen complaint causes of 000, in the regulation's order.
 *
 * @example
 * COMPLAINT_CAUSES.find((c) => c.id === 'wrong-shipment')?.name['zh-CN']; // '装运错误'
 */
export const COMPLAINT_CAUSES = [
  { id: 'document-or-sample-error', number: 1, name: { 'zh-CN': '票据错误或附样等资料错误', en: 'Wrong documents, samples or other paperwork' } },
  { id: 'financial-error', number: 2, name: { 'zh-CN': '财务错误', en: 'Financial error' } },
  { id: 'material-against-specification', number: 3, name: { 'zh-CN': '未依制作规范备料、用料', en: 'Material prepared or used against the production specification' } },
  { id: 'rejects-mixed-in', number: 4, name: { 'zh-CN': '剔除的不合格品混入正常品缴库', en: 'Rejected products mixed into good stock' } },
  { id: 'over-shipment-without-consent', number: 5, name: { 'zh-CN': '成品交运超出应收范围未经客户同意', en: 'Shipped beyond the accepted quantity without the customer’s consent' } },
  { id: 'production-data-reduced', number: 6, name: { 'zh-CN': '擅自减少有关生产资料', en: 'Production materials or data reduced without authorisation' } },
  { id: 'special-requirement-not-passed-on', number: 7, name: { 'zh-CN': '业务人员未将特殊质量要求反映给有关部门', en: 'Special quality requirement not passed on by sales' } },
  { id: 'order-entry-error', number: 8, name: { 'zh-CN': '订单误记造成错误', en: 'Order recorded wrongly' } },
  { id: 'delivery-delay', number: 9, name: { 'zh-CN': '交货延迟', en: 'Late delivery' } },
  { id: 'wrong-shipment', number: 10, name: { 'zh-CN': '装运错误', en: 'Wrong shipment' } },
  { id: 'delivery-note-error', number: 11, name: { 'zh-CN': '交货单误记交运错误', en: 'Delivery note recorded wrongly, goods shipped wrongly' } },
  { id: 'storage-or-transport', number: 12, name: { 'zh-CN': '仓储保管不当及运输问题', en: 'Improper storage or transport damage' } },
  { id: 'labelling-not-to-specification', number: 13, name: { 'zh-CN': '外观标示不符规格', en: 'Markings or labels not to specification' } },
  { id: 'inspection-data-mismatch', number: 14, name: { 'zh-CN': '检验资料不符', en: 'Inspection data do not match' } },
  { id: 'other', number: 15, name: { 'zh-CN': '其他', en: 'Other' } },
] as const satisfies readonly ComplaintCause[];

/**
 * The id of one of the fifteen causes.
 *
 * @example
 * const cause: ComplaintCauseId = 'delivery-delay';
 */
export type ComplaintCauseId = (typeof COMPLAINT_CAUSES)[number]['id'];

/**
 * True when `s` is the id of one of the fifteen causes.
 *
 * @example
 * isComplaintCause('delivery-delay'); // true
 */
export function isComplaintCause(s: unknown): s is ComplaintCauseId {
  return typeof s === 'string' && COMPLAINT_CAUSES.some((c) => c.id === s);
}
