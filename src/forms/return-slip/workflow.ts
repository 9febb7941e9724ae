/**
 * The finished-goods return slip (000 十三): sales issues it from a decided complaint, the
 * (deputy) manager approves it within authority, the warehouse signs the receipt with the
 * actual quantity, accounting reconciles it and books or holds it.
 */
import type { WorkflowDefinition } from '../../domain/workflow/types.js';

const APPROVERS = ['sales-manager', 'vp', 'gm'] as const;

/**
 * The return slip workflow.
 *
 * @example
 * returnSlipWorkflow.initial; // 'draft'
 */
export const returnSlipWorkflow: WorkflowDefinition = {
  kind: 'return-slip',
  initial: 'draft',
  createRoles: ['sales'],
  amountPointer: '/total',
  // The amount is the clerk's to change while drafting; after that only approval or an amendment changes it.
  amountEditableIn: ['draft'],
  awaitingApproval: 'submitted',
  // What the manager approved: whose goods, on which complaint, which items at which prices, how many.
  approvedTerms: ['/customer', '/basisComplaintNumber', '/items', '/approvedQuantity'],
  states: {
    draft: { description: { 'zh-CN': '业务开立中', en: 'Being drafted by sales' } },
    submitted: { description: { 'zh-CN': '已送核，待（副）理核准', en: 'Submitted, waiting for the (deputy) manager’s approval' } },
    approved: { description: { 'zh-CN': '已核准，待成品仓库签收', en: 'Approved, waiting for the warehouse to sign the receipt' } },
    received: { description: { 'zh-CN': '仓库已签收，待会计核对数量', en: 'Received by the warehouse, waiting for accounting to reconcile' } },
    held: { description: { 'zh-CN': '实收超过容许比率，待裁决', en: 'Received more than the tolerance allows, held for a decision' } },
    booked: { description: { 'zh-CN': '已依实收数量入账', en: 'Booked by the quantity received' }, final: true },
  },
  transitions: [
    {
      action: 'submit', from: ['draft'], to: 'submitted', roles: ['sales'],
      requires: ['/items/0/quantity', '/approvedQuantity'],
      description: { 'zh-CN': '业务送核', en: 'Sales submits it for approval' },
    },
    {
      action: 'approve', from: ['submitted'], to: 'approved', roles: [...APPROVERS], approves: true,
      description: { 'zh-CN': '（副）理依核决权限核准', en: 'The (deputy) manager approves it within authority' },
    },
    {
      action: 'reject', from: ['submitted'], to: 'draft', roles: [...APPROVERS],
      description: { 'zh-CN': '退回业务修改', en: 'Sent back to sales' },
    },
    {
      action: 'amend', from: ['approved'], to: 'approved', roles: ['sales', ...APPROVERS],
      description: { 'zh-CN': '修改（金额或核准内容变更须重新核准）', en: 'Amends it (a changed amount or approved term goes back for approval)' },
    },
    {
      action: 'receive', from: ['approved'], to: 'received', roles: ['warehouse'],
      requires: ['/actualQuantity', '/receipt/receivedBy'],
      description: { 'zh-CN': '成品仓库签收并填写实收数量', en: 'The warehouse signs the receipt with the actual quantity' },
    },
    {
      // The outcome (book or hold) is decided by reconcileReturn in the engine, not by the clerk.
      action: 'reconcile', from: ['received'],
      to: (ctx) => ((ctx.next.data.reconciliation as { outcome?: string } | undefined)?.outcome === 'hold' ? 'held' : 'booked'),
      roles: ['accounting'],
      // Accounting books a return only against one of the three stamped proofs (000 十三 2).
      requires: ['/proofOfReturn'],
      description: { 'zh-CN': '会计核对核准数量与实收数量，入账或保留', en: 'Accounting reconciles approved and received quantities, books or holds' },
    },
    {
      action: 'release-hold', from: ['held'], to: 'booked', roles: [...APPROVERS],
      description: { 'zh-CN': '裁决超收部分，依实收入账', en: 'Decides on the excess and books by the quantity received' },
    },
  ],
};
