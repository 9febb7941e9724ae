/** The service voucher / repair card (服务凭证 / 修护卡). */
import type { SlipTemplate } from './slip-template.js';

/**
 * The technician signs the work, the supervisor inspects it, the customer signs on completion.
 *
 * @example
 * repairVoucherSlip.signatures.map((s) => s.role['zh-CN']); // ['服务技术员', '服务主管', '客户签名']
 */
export const repairVoucherSlip: SlipTemplate = {
  kind: 'repair-voucher',
  leadFields: ['/customer/name', '/customer/phone', '/customer/address', '/productModel', '/serialNumber', '/serviceCategory'],
  signatures: [
    { role: { 'zh-CN': '服务技术员', en: 'Service technician' }, name: '/technician' },
    { role: { 'zh-CN': '服务主管', en: 'Service supervisor' }, name: '/qualityChecks/final/inspector', at: '/qualityChecks/final/at' },
    { role: { 'zh-CN': '客户签名', en: 'Customer signature' }, name: '/customerSignature/name', at: '/customerSignature/signedAt', stamp: true },
  ],
};
