/**
 * The sales allowance certificate (销货折让证明单), version 1: two copies once the managers have
 * signed and the customer has stamped it.
 */
import type { FormDefinition, JsonSchema } from '../../domain/form-definition.js';
import type { Localized } from '../../domain/locale.js';
import { copyLabel, enumValueLabels, group, signatureLabels, t } from '../validation/field-labels.js';
import schema from './schema.json' with { type: 'json' };

/** Labels (coded values' names are added from the schema) of every allowance-certificate field by JSON pointer (`*` for any array element). */
const labels: Record<string, Localized> = {
  ...group('/customer', t('客户', 'Customer'), { id: t('客户编号', 'Customer no.'), name: t('客户名称', 'Customer name') }),
  '/basisComplaintNumber': t('依据（客户抱怨处理表编号）', 'Basis (complaint no.)'),
  '/invoiceNumber': t('原发票号码', 'Original invoice no.'),
  '/invoiceDate': t('发票日期', 'Invoice date'),
  '/salesOrder': t('订单编号', 'Sales order'),
  '/kind': t('类别', 'Kind'),
  '/reason': t('折让原因', 'Reason'),
  ...group('/items', t('折让明细', 'Items'), {
    '*/itemNumber': t('料号', 'Item number'),
    '*/description': t('品名规格', 'Description'),
    '*/quantity': t('数量', 'Quantity'),
    '*/unit': t('单位', 'Unit'),
    '*/originalUnitPrice': t('原单价', 'Original unit price'),
    '*/allowedUnitPrice': t('折让单价', 'Allowed unit price'),
    '*/allowedAmount': t('折让金额', 'Allowed amount'),
  }),
  '/amount': t('折让总额', 'Total allowed'),
  '/proof': t('折让凭证', 'Proof'),
  '/signatures': t('核签', 'Signatures'),
  ...signatureLabels('/signatures/manager', t('（副）经理核签', 'Manager')),
  ...signatureLabels('/signatures/gm', t('总（副）经理核签', 'GM')),
  ...group('/signatures/customerStamp', t('客户签章', 'Customer stamp'), {
    stampedBy: t('签章单位', 'Stamped by'),
    stampedAt: t('签章日期', 'Stamped on'),
  }),
};

/**
 * The allowance certificate as shipped (version 1).
 *
 * @example
 * allowanceCertificateDefinition.copies[1].label.en; // 'Copy 2 — Accounting (books it)'
 */
export const allowanceCertificateDefinition: FormDefinition = {
  kind: 'allowance-certificate',
  version: 1,
  title: t('销货折让证明单', 'Sales allowance certificate'),
  schema: schema as JsonSchema,
  labels: { ...labels, ...enumValueLabels(schema as JsonSchema) },
  copies: [
    { number: 1, department: 'sales', label: copyLabel(1, '业务部存', 'Sales Dept.'), routes: [{ onState: 'stamped', department: 'sales' }] },
    { number: 2, department: 'accounting', label: copyLabel(2, '会计科作帐', 'Accounting (books it)'), routes: [{ onState: 'stamped', department: 'accounting' }] },
  ],
  states: {},
  texts: {
    title: t('销货折让证明单', 'Sales Allowance Certificate'),
    subtitle: t('编号：{{number}}', 'No. {{number}}'),
    footer: t('本单一式二联，经（副）经理、总（副）经理核签及客户签章后生效。编号 {{number}}', 'Two copies; valid once signed by the managers and stamped by the customer. No. {{number}}'),
    notice: t('客户签章后请寄回本公司业务部。', 'Please return this certificate to our sales department once stamped.'),
  },
};
