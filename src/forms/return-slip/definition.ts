/**
 * The finished-goods return slip (成品退货单), version 1: four copies; on approval copy 1 stays
 * with sales and copies 2–4 go to the warehouse; once the warehouse signs the receipt, copy 3
 * goes on to accounting and copy 4 back to sales.
 */
import type { FormDefinition, JsonSchema } from '../../domain/form-definition.js';
import type { Localized } from '../../domain/locale.js';
import { copyLabel, enumValueLabels, group, signatureLabels, t } from '../validation/field-labels.js';
import schema from './schema.json' with { type: 'json' };

/** Labels (coded values' names are added from the schema) of every return-slip field by JSON pointer (`*` for any array element). */
const labels: Record<string, Localized> = {
  ...group('/customer', t('客户', 'Customer'), { id: t('客户编号', 'Customer no.'), name: t('客户名称', 'Customer name') }),
  '/basisComplaintNumber': t('退回依据（客户抱怨处理表编号）', 'Basis (complaint no.)'),
  '/salesOrder': t('订单编号', 'Sales order'),
  '/reason': t('退货原因', 'Reason for return'),
  '/handling': t('处理方式', 'Handling'),
  ...group('/items', t('退货明细', 'Returned items'), {
    '*/itemNumber': t('料号', 'Item number'),
    '*/description': t('品名规格', 'Description'),
    '*/quantity': t('数量', 'Quantity'),
    '*/unit': t('单位', 'Unit'),
    '*/unitPrice': t('单价', 'Unit price'),
    '*/amount': t('金额', 'Amount'),
  }),
  '/total': t('合计金额', 'Total'),
  '/approvedQuantity': t('核准退货数量', 'Approved quantity'),
  '/actualQuantity': t('实退数量', 'Actual quantity received'),
  '/proofOfReturn': t('退货凭证', 'Proof of return'),
  ...signatureLabels('/approval', t('（副）经理核示', 'Manager approval')),
  ...group('/receipt', t('成品仓储签收', 'Warehouse receipt'), {
    receivedBy: t('签收人', 'Received by'),
    receivedAt: t('签收时间', 'Received at'),
    note: t('签收说明', 'Receipt note'),
  }),
  ...group('/reconciliation', t('会计核对', 'Accounting reconciliation'), {
    toleranceRatio: t('超收容许比率', 'Tolerance ratio'),
    outcome: t('核对结果', 'Outcome'),
    voucherNumber: t('传票号码', 'Voucher no.'),
    note: t('核对说明', 'Note'),
  }),
};

/**
 * The return slip as shipped (version 1). Prices are left off the warehouse copy.
 *
 * @example
 * returnSlipDefinition.copies[2].routes; // warehouse on approval, accounting on receipt
 */
export const returnSlipDefinition: FormDefinition = {
  kind: 'return-slip',
  version: 1,
  title: t('成品退货单', 'Finished-goods return slip'),
  schema: schema as JsonSchema,
  labels: { ...labels, ...enumValueLabels(schema as JsonSchema) },
  copies: [
    { number: 1, department: 'sales', label: copyLabel(1, '业务部存（督促）', 'Sales Dept. (follow-up)'), routes: [{ onState: 'approved', department: 'sales' }] },
    {
      number: 2,
      department: 'warehouse',
      label: copyLabel(2, '成品仓储存', 'Finished-goods Warehouse'),
      routes: [{ onState: 'approved', department: 'warehouse' }],
      hiddenFields: ['/items/*/unitPrice', '/items/*/amount', '/total'],
    },
    {
      number: 3,
      department: 'accounting',
      label: copyLabel(3, '会计科存', 'Accounting'),
      routes: [
        { onState: 'approved', department: 'warehouse' },
        { onState: 'received', department: 'accounting' },
      ],
    },
    {
      number: 4,
      department: 'sales',
      label: copyLabel(4, '业务部存（仓储退回）', 'Sales Dept. (returned by the warehouse)'),
      routes: [
        { onState: 'approved', department: 'warehouse' },
        { onState: 'received', department: 'sales' },
      ],
    },
  ],
  states: {},
  texts: {
    title: t('成品退货单', 'Finished-Goods Return Slip'),
    subtitle: t('编号：{{number}}', 'No. {{number}}'),
    footer: t('本单一式四联。编号 {{number}}', 'Four copies. No. {{number}}'),
    notice: t('实收数量与本单不符时，仓储应请示后依实际签收。', 'If the goods received differ from this slip, the warehouse signs for what actually arrived after asking.'),
  },
};
