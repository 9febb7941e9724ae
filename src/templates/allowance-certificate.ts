/** The sales allowance certificate (销货折让证明单): two copies, signed by the managers, stamped by the customer. */
import type { SlipTemplate } from './slip-template.js';

/**
 * Signed by the (deputy) manager and the GM/(deputy GM), then stamped by the customer.
 *
 * @example
 * allowanceCertificateSlip.signatures.at(-1)?.stamp; // true
 */
export const allowanceCertificateSlip: SlipTemplate = {
  kind: 'allowance-certificate',
  leadFields: ['/customer/name', '/basisComplaintNumber', '/invoiceNumber', '/invoiceDate', '/kind'],
  signatures: [
    { role: { 'zh-CN': '业务经办', en: 'Sales' } },
    { role: { 'zh-CN': '（副）经理', en: '(Deputy) manager' }, name: '/signatures/manager/name', at: '/signatures/manager/signedAt' },
    { role: { 'zh-CN': '总经理/（副）总经理', en: 'GM / (deputy) GM' }, name: '/signatures/gm/name', at: '/signatures/gm/signedAt', approval: true },
    { role: { 'zh-CN': '客户盖章', en: 'Customer stamp' }, name: '/signatures/customerStamp/stampedBy', at: '/signatures/customerStamp/stampedAt', stamp: true },
  ],
};
