/** The finished-goods return slip (成品退货单): four copies, approved by the (deputy) manager. */
import type { SlipTemplate } from './slip-template.js';

/**
 * Sales issues it, the (deputy) manager approves it, the warehouse signs for the goods received.
 *
 * @example
 * returnSlip.signatures.map((s) => s.role.en); // ['Sales', '(Deputy) manager', 'Warehouse receipt', 'Accounting']
 */
export const returnSlip: SlipTemplate = {
  kind: 'return-slip',
  leadFields: ['/customer/name', '/basisComplaintNumber', '/salesOrder', '/handling'],
  signatures: [
    { role: { 'zh-CN': '业务经办', en: 'Sales' } },
    { role: { 'zh-CN': '（副）经理', en: '(Deputy) manager' }, name: '/approval/name', at: '/approval/signedAt', approval: true },
    { role: { 'zh-CN': '成品仓库签收', en: 'Warehouse receipt' }, name: '/receipt/receivedBy', at: '/receipt/receivedAt' },
    { role: { 'zh-CN': '会计科', en: 'Accounting' } },
  ],
};
