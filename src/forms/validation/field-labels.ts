/**
 * Small builders for the label tables of the form definitions.
 */
import type { Localized } from '../../domain/locale.js';

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
