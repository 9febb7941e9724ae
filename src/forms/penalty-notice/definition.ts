/**
 * The reward/penalty notice (奖罚通知单), version 1: three copies when the GM approves it; copy 3
 * goes to the penalised department named on the notice.
 */
import type { FormDefinition, JsonSchema } from '../../domain/form-definition.js';
import type { Localized } from '../../domain/locale.js';
import { copyLabel, enumValueLabels, group, signatureLabels, t } from '../validation/field-labels.js';
import schema from './schema.json' with { type: 'json' };

/** Labels (coded values' names are added from the schema) of every penalty-notice field by JSON pointer (`*` for any array element). */
const labels: Record<string, Localized> = {
  '/basisComplaintNumber': t('依据（客户抱怨处理表编号）', 'Basis (complaint no.)'),
  '/causeCode': t('发生原因', 'Cause'),
  '/causeDescription': t('原因说明', 'Cause description'),
  '/penalisedDepartment': t('受罚部门', 'Penalised department'),
  '/responsibleUnit': t('责任单位', 'Responsible unit'),
  '/faultType': t('过失类别', 'Fault'),
  '/lossBasis': t('损失计算基准', 'Loss basis'),
  '/loss': t('损失金额', 'Loss'),
  '/payrollPeriod': t('罚扣月份', 'Payroll month'),
  ...group('/persons', t('责任人员', 'Persons'), {
    '*/employeeId': t('工号', 'Employee no.'),
    '*/name': t('姓名', 'Name'),
    '*/basePoints': t('基点数', 'Base points'),
    '*/responsibilityPercent': t('责任比例（%）', 'Responsibility (%)'),
    '*/share': t('分摊金额', 'Share'),
    '*/monthlyBonus': t('当月效率奖金', 'Monthly bonus'),
    '*/level': t('行政处分', 'Administrative penalty'),
    '*/demeritCount': t('处分次数', 'Counts'),
    '*/administrativeDeduction': t('行政罚扣', 'Administrative deduction'),
    '*/deductedThisMonth': t('当月罚扣', 'Deducted this month'),
    '*/carriedOver': t('递延罚扣', 'Carried over'),
  }),
  ...group('/totals', t('合计', 'Totals'), {
    share: t('分摊合计', 'Total shares'),
    administrativeDeduction: t('行政罚扣合计', 'Administrative deductions'),
    deductedThisMonth: t('当月罚扣合计', 'Deducted this month'),
    carriedOver: t('递延合计', 'Carried over'),
  }),
  ...signatureLabels('/approval', t('总经理核准', 'GM approval')),
  '/note': t('备注', 'Note'),
};

/**
 * The penalty notice as shipped (version 1).
 *
 * @example
 * penaltyNoticeDefinition.copies[2].department; // { field: '/penalisedDepartment' }
 */
export const penaltyNoticeDefinition: FormDefinition = {
  kind: 'penalty-notice',
  version: 1,
  title: t('奖罚通知单', 'Reward/penalty notice'),
  schema: schema as JsonSchema,
  labels: { ...labels, ...enumValueLabels(schema as JsonSchema) },
  copies: [
    { number: 1, department: 'gm-office', label: copyLabel(1, '总经理室存', "GM's Office"), routes: [{ onState: 'approved', department: 'gm-office' }] },
    { number: 2, department: 'accounting', label: copyLabel(2, '会计科查核', 'Accounting (checks)'), routes: [{ onState: 'approved', department: 'accounting' }] },
    {
      number: 3,
      department: { field: '/penalisedDepartment' },
      label: copyLabel(3, '受罚部门罚扣', 'Penalised Dept. (deducts)'),
      routes: [{ onState: 'approved', department: { field: '/penalisedDepartment' } }],
    },
  ],
  states: {},
  texts: {
    title: t('奖罚通知单', 'Reward/Penalty Notice'),
    subtitle: t('编号：{{number}}', 'No. {{number}}'),
    footer: t('本单一式三联。编号 {{number}}', 'Three copies. No. {{number}}'),
    notice: t('当月罚扣以当月效率奖金 50% 为限，超过部分逐月分期罚扣。', 'At most 50% of the monthly efficiency bonus is deducted in a month; the rest is deducted in the following months.'),
  },
};
