/** The complaint handling form (客户抱怨处理表): five copies, signed along its routing. */
import type { SlipTemplate } from './slip-template.js';

/**
 * Signature boxes follow the routing of 000 §9: sales files it, QA investigates, the responsible
 * unit answers, the manager comments, the GM office checks, the authority decides.
 *
 * @example
 * complaintSlip.signatures.length; // 6
 */
export const complaintSlip: SlipTemplate = {
  kind: 'complaint',
  leadFields: ['/customer/name', '/customer/id', '/market', '/severity', '/salesOrder', '/itemNumber'],
  signatures: [
    { role: { 'zh-CN': '业务经办', en: 'Sales' } },
    { role: { 'zh-CN': '质量管理部', en: 'Quality Dept.' } },
    { role: { 'zh-CN': '责任单位', en: 'Responsible unit' } },
    { role: { 'zh-CN': '经理', en: 'Manager' }, name: '/managerComment/by' },
    { role: { 'zh-CN': '总经理室', en: "GM's Office" }, name: '/gmOfficeCheck/by' },
    { role: { 'zh-CN': '核决', en: 'Approved by' }, approval: true },
  ],
};
