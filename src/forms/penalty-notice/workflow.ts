/**
 * The reward/penalty notice (000 客户投诉经济处罚准则): the GM office issues it once
 * responsibility is decided, the GM approves it, the penalised department deducts it.
 */
import type { WorkflowDefinition } from '../../domain/workflow/types.js';

/**
 * The penalty notice workflow.
 *
 * @example
 * penaltyNoticeWorkflow.states.approved.description['zh-CN']; // '总经理已核准，待罚扣'
 */
export const penaltyNoticeWorkflow: WorkflowDefinition = {
  kind: 'penalty-notice',
  initial: 'draft',
  createRoles: ['gm-office'],
  amountPointer: '/loss',
  // The amount is the clerk's to change while drafting; after that only approval or an amendment changes it.
  amountEditableIn: ['draft'],
  causePointer: '/causeCode',
  awaitingApproval: 'submitted',
  // What the GM approved: who is penalised, for what, how much each, from which payroll month.
  approvedTerms: ['/basisComplaintNumber', '/causeCode', '/penalisedDepartment', '/responsibleUnit', '/faultType', '/lossBasis', '/payrollPeriod', '/persons'],
  states: {
    draft: { description: { 'zh-CN': '总经理室开立中', en: 'Being drafted by the GM office' } },
    submitted: { description: { 'zh-CN': '已呈核，待总经理核准', en: 'Submitted, waiting for the GM’s approval' } },
    approved: { description: { 'zh-CN': '总经理已核准，待罚扣', en: 'Approved by the GM, waiting for the deduction' } },
    deducted: { description: { 'zh-CN': '已罚扣，结案', en: 'Deducted and closed' }, final: true },
  },
  transitions: [
    {
      action: 'submit', from: ['draft'], to: 'submitted', roles: ['gm-office'],
      requires: ['/persons/0/employeeId', '/loss'],
      description: { 'zh-CN': '呈总经理核准', en: 'Submitted to the GM' },
    },
    {
      action: 'approve', from: ['submitted'], to: 'approved', roles: ['gm'], approves: true,
      description: { 'zh-CN': '总经理依核决权限核准', en: 'The GM approves it within authority' },
    },
    {
      action: 'reject', from: ['submitted'], to: 'draft', roles: ['gm'],
      description: { 'zh-CN': '退回总经理室修改', en: 'Sent back to the GM office' },
    },
    {
      action: 'amend', from: ['approved'], to: 'approved', roles: ['gm-office', 'gm'],
      description: { 'zh-CN': '修改（金额或核准内容变更须重新核准）', en: 'Amends it (a changed amount or approved term goes back for approval)' },
    },
    {
      action: 'record-deduction', from: ['approved'], to: 'deducted', roles: ['accounting'],
      description: { 'zh-CN': '会计查核并登记罚扣', en: 'Accounting checks and records the deduction' },
    },
  ],
};
