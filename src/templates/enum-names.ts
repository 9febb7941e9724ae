/**
 * How the shipped forms' coded values read on paper. A form definition's own labels win
 * (`labels['/severity/severe']`); these are the defaults for the values the five forms ship with.
 */
import type { Locale, Localized } from '../domain/locale.js';
import { COMPLAINT_CAUSES } from '../domain/rules/complaint-causes.js';

const names: Record<string, Localized> = {
  domestic: { 'zh-CN': '国内', en: 'Domestic' },
  foreign: { 'zh-CN': '国外', en: 'Foreign' },
  return: { 'zh-CN': '退货', en: 'Return' },
  exchange: { 'zh-CN': '换货', en: 'Exchange' },
  allowance: { 'zh-CN': '折让', en: 'Allowance' },
  compensation: { 'zh-CN': '赔偿', en: 'Compensation' },
  rework: { 'zh-CN': '重工', en: 'Rework' },
  undetermined: { 'zh-CN': '客户加工中未确定', en: 'Customer still processing' },
  'not-substantiated': { 'zh-CN': '不成立', en: 'Not substantiated' },
  grumble: { 'zh-CN': '抱怨', en: 'Grumble' },
  general: { 'zh-CN': '一般', en: 'General' },
  intermediate: { 'zh-CN': '中级', en: 'Intermediate' },
  severe: { 'zh-CN': '强烈', en: 'Severe' },
  // The fifteen complaint causes come from the regulation's own list, so slips and forms never disagree.
  ...Object.fromEntries(COMPLAINT_CAUSES.map((c) => [c.id, c.name])),
  individual: { 'zh-CN': '个人过失', en: 'Individual fault' },
  joint: { 'zh-CN': '共同过失', en: 'Joint fault' },
  'a-grade-price-difference': { 'zh-CN': 'A 级品差价', en: 'A-grade price difference' },
  'actual-loss': { 'zh-CN': '实际损失', en: 'Actual loss' },
  none: { 'zh-CN': '无', en: 'None' },
  warning: { 'zh-CN': '警告', en: 'Warning' },
  'minor-demerit': { 'zh-CN': '小过', en: 'Minor demerit' },
  'major-demerit': { 'zh-CN': '大过', en: 'Major demerit' },
  urban: { 'zh-CN': '市区', en: 'Urban' },
  suburban: { 'zh-CN': '郊区', en: 'Suburban' },
  same: { 'zh-CN': '省内', en: 'Same province' },
  labour: { 'zh-CN': '工时', en: 'Labour' },
  part: { 'zh-CN': '零件', en: 'Part' },
  material: { 'zh-CN': '材料', en: 'Material' },
  'fixed-on-site': { 'zh-CN': '现场修复', en: 'Fixed on site' },
  'taken-back': { 'zh-CN': '带回修理', en: 'Taken back for repair' },
  reached: { 'zh-CN': '已联系', en: 'Reached' },
  unreachable: { 'zh-CN': '无法联系', en: 'Unreachable' },
  'very-satisfied': { 'zh-CN': '非常满意', en: 'Very satisfied' },
  satisfied: { 'zh-CN': '满意', en: 'Satisfied' },
  dissatisfied: { 'zh-CN': '不满意', en: 'Dissatisfied' },
  'very-dissatisfied': { 'zh-CN': '非常不满意', en: 'Very dissatisfied' },
  'original-invoice-stamped': { 'zh-CN': '原发票退回并盖章', en: 'Original invoice returned, stamped' },
  'invoice-copy-stamped': { 'zh-CN': '发票副本盖章', en: 'Invoice copy, stamped' },
  'return-certificate-stamped': { 'zh-CN': '销货退回证明单盖章', en: 'Sales-return certificate, stamped' },
  'certificate-stamped': { 'zh-CN': '本证明单盖章', en: 'This certificate, stamped' },
  'book-actual': { 'zh-CN': '按实收数量入账', en: 'Book the actual quantity' },
  hold: { 'zh-CN': '暂缓待决', en: 'Hold for a decision' },
};

/** Values whose meaning depends on the field, keyed `field.value`. */
const fieldNames: Record<string, Localized> = {
  'serviceCategory.A': { 'zh-CN': 'A 有费服务', en: 'A Paid service' },
  'serviceCategory.B': { 'zh-CN': 'B 合同服务', en: 'B Contract service' },
  'serviceCategory.C': { 'zh-CN': 'C 免费服务', en: 'C Free warranty service' },
  'serviceCategory.D': { 'zh-CN': 'D 内部事务', en: 'D Internal work' },
  'province.other': { 'zh-CN': '外省', en: 'Other province' },
};

/**
 * The printed name of a coded value, or `undefined` when it is not one of the shipped codes.
 *
 * @example
 * enumName('severity', 'severe', 'zh-CN'); // '强烈'
 * enumName('serviceCategory', 'C', 'en');  // 'C Free warranty service'
 */
export function enumName(field: string, value: string, locale: Locale): string | undefined {
  return (fieldNames[`${field}.${value}`] ?? names[value])?.[locale];
}
