/**
 * Small builders for the label tables of the form definitions.
 */
import type { Localized } from '../../domain/locale.js';
import { COMPLAINT_CAUSES } from '../../domain/rules/complaint-causes.js';
import { enumFields, escapePointerSegment } from './pointer.js';

/**
 * A text in both languages.
 *
 * @example
 * t('客户', 'Customer'); // { 'zh-CN': '客户', en: 'Customer' }
 */
export function t(zh: string, en: string): Localized {
  return { 'zh-CN': zh, en };
}

/**
 * The labels of a group of fields under one parent, the parent's own label included.
 *
 * @example
 * group('/approval', t('核准', 'Approval'), { name: t('核准人', 'Approved by') });
 * // { '/approval': …, '/approval/name': … }
 */
export function group(at: string, label: Localized, children: Record<string, Localized>): Record<string, Localized> {
  const out: Record<string, Localized> = { [at]: label };
  for (const [name, l] of Object.entries(children)) out[`${at}/${name}`] = l;
  return out;
}

/**
 * The labels of a signature (`{ name, signedAt }`) under one parent.
 *
 * @example
 * signatureLabels('/approval', t('核准', 'Approval'));
 */
export function signatureLabels(at: string, label: Localized): Record<string, Localized> {
  return group(at, label, {
    name: t(`${label['zh-CN']}人`, `${label.en}: name`),
    signedAt: t(`${label['zh-CN']}时间`, `${label.en}: signed at`),
  });
}

/**
 * The copy label printed on each page, e.g. `第四联 会计科存` / `Copy 4 — Accounting`.
 *
 * @example
 * copyLabel(4, '会计科存', 'Accounting'); // { 'zh-CN': '第四联 会计科存', en: 'Copy 4 — Accounting' }
 */
export function copyLabel(number: number, zhKeeper: string, enKeeper: string): Localized {
  const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  const zhNumber = number <= 10 ? digits[number]! : String(number);
  return { 'zh-CN': `第${zhNumber}联 ${zhKeeper}`, en: `Copy ${number} — ${enKeeper}` };
}

/** How the coded values the five forms ship with read, by value. */
const VALUE_NAMES: Record<string, Localized> = {
  domestic: t('内销', 'Domestic'),
  foreign: t('外销', 'Foreign'),
  return: t('退货', 'Return'),
  exchange: t('换货', 'Exchange'),
  allowance: t('折让', 'Allowance'),
  compensation: t('赔款', 'Compensation'),
  rework: t('重处理', 'Rework'),
  undetermined: t('客户加工中未确定', 'Customer still processing, quantity not determined'),
  'not-substantiated': t('不成立', 'Not substantiated'),
  grumble: t('抱怨', 'Grumble'),
  general: t('一般', 'General'),
  intermediate: t('中级', 'Intermediate'),
  severe: t('强烈', 'Severe'),
  ...Object.fromEntries(COMPLAINT_CAUSES.map((c) => [c.id, t(`${c.number}. ${c.name['zh-CN']}`, `${c.number}. ${c.name.en}`)])),
  individual: t('个人过失', 'Individual fault'),
  joint: t('共同过失', 'Joint fault'),
  'a-grade-price-difference': t('A 级售价差额（一个月内转售）', 'A-grade price difference (resold within a month)'),
  'actual-loss': t('实际损失', 'Actual loss'),
  none: t('无', 'None'),
  warning: t('警告', 'Warning'),
  'minor-demerit': t('小过', 'Minor demerit'),
  'major-demerit': t('大过', 'Major demerit'),
  'original-invoice-stamped': t('原发票退回并经买方盖章', 'Original invoice returned, stamped by the buyer'),
  'invoice-copy-stamped': t('发票影本注明退回数量、单价、金额并盖章', 'Invoice copy with the returned quantity, price and amount, stamped'),
  'return-certificate-stamped': t('销货退回证明单经买方盖章', 'Sales-return certificate stamped by the buyer'),
  'certificate-stamped': t('本证明单经买方盖章寄回', 'This certificate, stamped by the buyer and returned'),
  'book-actual': t('依实收数量入账', 'Book the quantity received'),
  hold: t('暂缓，待裁决', 'Held for a decision'),
  urban: t('市区', 'Urban'),
  suburban: t('郊区', 'Suburban'),
  same: t('本省', 'Same province'),
  other: t('其他', 'Other'),
  A: t('A 有费服务', 'A Paid service'),
  B: t('B 合同服务', 'B Contract service'),
  C: t('C 免费服务（保修期内）', 'C Free warranty service'),
  D: t('D 内部行政', 'D Internal administrative work'),
  labour: t('工时', 'Labour'),
  part: t('零件', 'Part'),
  material: t('材料', 'Material'),
  'fixed-on-site': t('现场处理完妥', 'Fixed on site'),
  'taken-back': t('携回修护', 'Taken back for repair'),
  reached: t('已联系上', 'Reached'),
  unreachable: t('无法联系', 'Unreachable'),
  'very-satisfied': t('非常满意', 'Very satisfied'),
  satisfied: t('满意', 'Satisfied'),
  dissatisfied: t('不满意', 'Dissatisfied'),
  'very-dissatisfied': t('非常不满意', 'Very dissatisfied'),
};

/**
 * Labels of every enum value of a schema, keyed `<field pointer>/<value>` (e.g.
 * `/severity/severe`), from the shipped value names and `overrides` (by field pattern + value).
 *
 * @example
 * enumValueLabels(schema, { '/province/other': t('外省', 'Other province') });
 */
export function enumValueLabels(schema: Record<string, unknown>, overrides: Record<string, Localized> = {}): Record<string, Localized> {
  const out: Record<string, Localized> = {};
  for (const [pointer, values] of enumFields(schema)) {
    for (const value of values) {
      const key = `${pointer}/${escapePointerSegment(String(value))}`;
      const label = overrides[key] ?? VALUE_NAMES[String(value)];
      if (label) out[key] = label;
    }
  }
  return out;
}
