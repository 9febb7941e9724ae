/**
 * The service voucher / repair card (服务凭证 / 修护卡), version 1.
 *
 * Copies (000 篇1 §8–§13): the technician takes the voucher to the customer, who signs it; the
 * service centre files it against the call register; an item taken back for repair carries a
 * repair card with the actual hours and parts. Hence three copies: 1 the service centre's file
 * copy (in its inbox when the voucher is closed), 2 the customer's copy (handed over on site, no
 * inbox), 3 the repair card (in the service centre's inbox when the item is taken back), which
 * leaves prices off because it hangs on the item in the workshop.
 */
import type { FormDefinition, JsonSchema } from '../../domain/form-definition.js';
import type { Localized } from '../../domain/locale.js';
import { copyLabel, enumValueLabels, group, signatureLabels, t } from '../validation/field-labels.js';
import schema from './schema.json' with { type: 'json' };

const check = (name: string, label: Localized): Record<string, Localized> =>
  group(`/qualityChecks/${name}`, label, {
    inspector: t(`${label['zh-CN']}人`, `${label.en}: inspector`),
    at: t(`${label['zh-CN']}时间`, `${label.en}: at`),
    passed: t(`${label['zh-CN']}合格`, `${label.en}: passed`),
    note: t(`${label['zh-CN']}说明`, `${label.en}: note`),
  });

/** Labels (coded values' names are added from the schema) of every repair-voucher field by JSON pointer (`*` for any array element). */
const labels: Record<string, Localized> = {
  ...group('/customer', t('客户', 'Customer'), {
    id: t('客户编号', 'Customer no.'),
    name: t('客户名称', 'Customer name'),
    address: t('地址', 'Address'),
    phone: t('电话', 'Phone'),
  }),
  '/productModel': t('商品型号', 'Product model'),
  '/serialNumber': t('机号/车架号', 'Serial no. / VIN'),
  '/fault': t('故障描述', 'Fault'),
  '/callAt': t('叫修时间', 'Called at'),
  '/site': t('市区/郊区', 'Urban or suburban'),
  '/province': t('本省/外省', 'Same or other province'),
  '/serviceCategory': t('服务类别', 'Service category'),
  '/warrantyUntil': t('保修截止日', 'Warranty until'),
  '/contractId': t('保养合同编号', 'Maintenance contract no.'),
  '/contractUntil': t('合同截止日', 'Contract until'),
  '/technician': t('技术员', 'Technician'),
  '/dispatchedAt': t('派工时间', 'Dispatched at'),
  '/arrivedAt': t('到达时间', 'Arrived at'),
  '/serviceDate': t('服务日期', 'Service date'),
  ...group('/quoteLines', t('报价明细', 'Quote'), {
    '*/kind': t('项目类别', 'Kind'),
    '*/partNumber': t('零件号', 'Part no.'),
    '*/description': t('项目', 'Description'),
    '*/quantity': t('数量/工时', 'Quantity / hours'),
    '*/unitPrice': t('单价/工时费率', 'Unit price / rate'),
    '*/amount': t('金额', 'Amount'),
    '*/addedAfterQuote': t('报价后追加', 'Added after quote'),
    '*/customerConfirmed': t('客户已确认', 'Confirmed by customer'),
  }),
  '/total': t('合计金额', 'Total'),
  ...group('/partsReplaced', t('配换零件', 'Parts replaced'), {
    '*/partNumber': t('零件号', 'Part no.'),
    '*/description': t('零件名称', 'Part'),
    '*/quantity': t('数量', 'Quantity'),
    '*/oldPartReturned': t('旧件已回收', 'Old part returned'),
  }),
  '/repairHours': t('实际修护时间（小时）', 'Actual repair hours'),
  '/outcome': t('处理结果', 'Outcome'),
  '/goodsReceiptNumber': t('客户商品领取收据号', 'Customer goods receipt no.'),
  ...signatureLabels('/customerSignature', t('客户签认', 'Customer signature')),
  '/qualityChecks': t('三检', 'Quality checks'),
  ...check('self', t('自检', 'Self-check')),
  ...check('team', t('互检', 'Team check')),
  ...check('final', t('终检', 'Final check')),
  '/returnedAt': t('还商品时间', 'Returned at'),
  '/invoiceNumber': t('发票号码', 'Invoice no.'),
  ...group('/followUp', t('回访', 'Follow-up'), {
    attempts: t('回访记录', 'Attempts'),
    'attempts/*/at': t('回访时间', 'Called at'),
    'attempts/*/reached': t('已联系上', 'Reached'),
    'attempts/*/note': t('回访说明', 'Note'),
    result: t('回访结果', 'Result'),
    satisfaction: t('满意度', 'Satisfaction'),
    'satisfaction/attitude': t('服务态度', 'Attitude'),
    'satisfaction/skill': t('技术水平', 'Skill'),
    'satisfaction/arrivalTime': t('到达时间', 'Arrival time'),
    'satisfaction/promisesKept': t('承诺兑现', 'Promises kept'),
  }),
};

/**
 * The repair voucher as shipped (version 1).
 *
 * @example
 * repairVoucherDefinition.copies.map((c) => c.label['zh-CN']); // ['第一联 服务中心存', '第二联 客户收执', '第三联 修护卡（随商品）']
 */
export const repairVoucherDefinition: FormDefinition = {
  kind: 'repair-voucher',
  version: 1,
  title: t('服务凭证', 'Service voucher'),
  schema: schema as JsonSchema,
  labels: { ...labels, ...enumValueLabels(schema as JsonSchema, { '/province/other': t('外省', 'Other province') }) },
  copies: [
    { number: 1, department: 'service', label: copyLabel(1, '服务中心存', 'Service Centre'), routes: [{ onState: 'closed', department: 'service' }] },
    { number: 2, department: 'customer', label: copyLabel(2, '客户收执', 'Customer'), routes: [] },
    {
      number: 3,
      department: 'service',
      label: copyLabel(3, '修护卡（随商品）', 'Repair card (stays with the item)'),
      routes: [{ onState: 'taken-back', department: 'service' }],
      hiddenFields: ['/quoteLines/*/unitPrice', '/quoteLines/*/amount', '/total'],
    },
  ],
  states: {},
  texts: {
    title: t('服务凭证 / 修护卡', 'Service Voucher / Repair Card'),
    subtitle: t('编号：{{number}}', 'No. {{number}}'),
    footer: t('本单一式三联。现场处理完妥请客户签字。编号 {{number}}', 'Three copies. The customer signs when the work is done on site. No. {{number}}'),
    notice: t('有费服务于还商品当天开具发票；更换零件须回收旧件。', 'Paid service is invoiced the day the item is returned; replaced parts are taken back.'),
  },
};
