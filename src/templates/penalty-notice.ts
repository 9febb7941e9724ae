/** The reward/penalty notice (奖罚通知单): three copies, issued by the GM office, approved by the GM. */
import type { SlipTemplate } from './slip-template.js';

/**
 * The GM office issues it, the GM approves it, accounting checks it, the penalised unit acknowledges.
 *
 * @example
 * penaltyNoticeSlip.signatures[1].role['zh-CN']; // '总经理核准'
 */
export const penaltyNoticeSlip: SlipTemplate = {
  kind: 'penalty-notice',
  leadFields: ['/basisComplaintNumber', '/penalisedDepartment', '/responsibleUnit', '/causeCode'],
  signatures: [
    { role: { 'zh-CN': '总经理室', en: "GM's Office" } },
    { role: { 'zh-CN': '总经理核准', en: 'Approved by the GM' }, name: '/approval/name', at: '/approval/signedAt', approval: true },
    { role: { 'zh-CN': '会计科审核', en: 'Checked by accounting' } },
    { role: { 'zh-CN': '受罚单位签收', en: 'Acknowledged by the unit' } },
  ],
};
