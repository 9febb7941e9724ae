/**
 * The customer complaint form (客户抱怨处理表), version 1: five copies handed over when the
 * complaint is signed off and closed (经核签结案).
 */
import type { FormDefinition, JsonSchema } from '../../domain/form-definition.js';
import type { Localized } from '../../domain/locale.js';
import { copyLabel, enumValueLabels, group, t } from '../validation/field-labels.js';
import schema from './schema.json' with { type: 'json' };

const comment = (at: string, label: Localized): Record<string, Localized> =>
  group(at, label, {
    text: t(`${label['zh-CN']}内容`, label.en),
    by: t(`${label['zh-CN']}人`, `${label.en}: by`),
    at: t(`${label['zh-CN']}时间`, `${label.en}: at`),
  });

/** Labels (coded values' names are added from the schema) of every complaint field by JSON pointer (`*` for any array element). */
const labels: Record<string, Localized> = {
  ...group('/customer', t('客户', 'Customer'), { id: t('客户编号', 'Customer no.'), name: t('客户名称', 'Customer name'), country: t('国家/地区', 'Country') }),
  '/market': t('内销/外销', 'Domestic or foreign'),
  '/salesOrder': t('订单编号', 'Sales order'),
  '/itemNumber': t('料号', 'Item number'),
  '/itemDescription': t('品名规格', 'Item description'),
  '/unit': t('单位', 'Unit'),
  '/quantityShipped': t('交运数量', 'Quantity shipped'),
  '/shipDate': t('交运日期', 'Ship date'),
  '/quantityDefective': t('不良数量', 'Defective quantity'),
  '/customerRequest': t('客户要求', "Customer's request"),
  '/reason': t('抱怨理由', 'Complaint reason'),
  '/sampleAttached': t('附样品', 'Sample attached'),
  '/severity': t('抱怨等级', 'Severity'),
  '/claimedAmount': t('客户索赔金额', 'Amount claimed'),
  ...group('/registration', t('生管登记', 'Registration'), {
    acceptedAt: t('受理时间', 'Accepted at'),
    trackingLogEntry: t('追踪表登记号', 'Tracking log entry'),
    registeredBy: t('登记人', 'Registered by'),
  }),
  ...group('/qa', t('质量管理部调查', 'QA investigation'), {
    cause: t('发生原因', 'Cause'),
    causeDescription: t('原因说明', 'Cause description'),
    responsibleUnit: t('责任单位', 'Responsible unit'),
    investigationReport: t('调查报告', 'Investigation report'),
    investigatedAt: t('调查日期', 'Investigated on'),
    rndRequired: t('需研发意见', 'R&D comment needed'),
  }),
  ...comment('/countermeasure', t('处理对策', 'Countermeasure')),
  ...comment('/managerComment', t('经理意见', "Manager's comment")),
  ...comment('/rndComment', t('研发意见', 'R&D comment')),
  ...comment('/gmOfficeCheck', t('总经理室查核', 'GM office check')),
  ...group('/proposal', t('业务拟办', 'Proposed handling'), {
    handling: t('拟处理方式', 'Handling'),
    quantity: t('拟处理数量', 'Quantity'),
    amount: t('拟处理金额', 'Amount'),
    note: t('拟办说明', 'Note'),
  }),
  ...comment('/consolidation', t('总经理室汇总', 'GM office consolidation')),
  ...group('/decision', t('核决', 'Decision'), {
    outcome: t('核决处理方式', 'Outcome'),
    quantity: t('核准数量', 'Approved quantity'),
    amount: t('核准金额', 'Approved amount'),
    responsibility: t('责任归属', 'Responsibility'),
    'responsibility/*/unit': t('责任单位', 'Unit'),
    'responsibility/*/ratioPercent': t('责任比例（%）', 'Ratio (%)'),
    'responsibility/*/persons': t('责任人', 'Persons'),
    'responsibility/*/persons/*/employeeId': t('工号', 'Employee no.'),
    'responsibility/*/persons/*/name': t('姓名', 'Name'),
    note: t('核决说明', 'Note'),
  }),
  ...group('/result', t('处理结果', 'Result'), {
    customerAccepted: t('客户接受', 'Customer accepted'),
    note: t('结果说明', 'Note'),
    notifiedAt: t('通知客户日期', 'Customer notified on'),
  }),
};

const closed = (department: string) => [{ onState: 'closed', department }];

/**
 * The complaint form as shipped (version 1). `states` is filled from the workflow by the catalogue.
 *
 * @example
 * complaintDefinition.copies.map((c) => c.department); // ['qa', 'manufacturing', 'sales', 'accounting', 'gm-office']
 */
export const complaintDefinition: FormDefinition = {
  kind: 'complaint',
  version: 1,
  title: t('客户抱怨处理表', 'Customer complaint form'),
  schema: schema as JsonSchema,
  labels: { ...labels, ...enumValueLabels(schema as JsonSchema) },
  copies: [
    { number: 1, department: 'qa', label: copyLabel(1, '质量管理部存', 'Quality Dept.'), routes: closed('qa') },
    { number: 2, department: 'manufacturing', label: copyLabel(2, '制造部门存', 'Manufacturing'), routes: closed('manufacturing') },
    { number: 3, department: 'sales', label: copyLabel(3, '业务部门依批示办理', 'Sales Dept. (acts on the decision)'), routes: closed('sales') },
    { number: 4, department: 'accounting', label: copyLabel(4, '会计科存', 'Accounting'), routes: closed('accounting') },
    { number: 5, department: 'gm-office', label: copyLabel(5, '总经理室存', "GM's Office"), routes: closed('gm-office') },
  ],
  states: {},
  texts: {
    title: t('客户抱怨处理表', 'Customer Complaint Form'),
    subtitle: t('编号：{{number}}', 'No. {{number}}'),
    footer: t('本单一式五联，经核签结案后分送各联存查。编号 {{number}}', 'Five copies, distributed once signed off and closed. No. {{number}}'),
    notice: t('业务人员不得对客户作超越核决权限的承诺。', 'Sales must not promise the customer anything beyond the approval authority.'),
  },
};
