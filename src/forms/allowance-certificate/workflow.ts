/**
 * The sales allowance certificate (000 十三 1(1)): sales issues it, the (deputy) manager and the
 * GM/(deputy) GM sign it within authority, the customer stamps it, accounting books it.
 */
import type { WorkflowDefinition } from '../../domain/workflow/types.js';

/**
 * The allowance certificate workflow.
 *
 * @example
 * allowanceCertificateWorkflow.transitions.map((t) => t.action);
 */
export const allowanceCertificateWorkflow: WorkflowDefinition = {
  kind: 'allowance-certificate',
  initial: 'draft',
  createRoles: ['sales'],
  amountPointer: '/amount',
  // The amount is the clerk's to change while drafting; after that only approval or an amendment changes it.
  amountEditableIn: ['draft'],
  awaitingApproval: 'manager-signed',
  // What the GM signed: whose invoice, which items at which allowed prices.
  approvedTerms: ['/customer', '/basisComplaintNumber', '/invoiceNumber', '/invoiceDate', '/kind', '/items'],
  states: {
    draft: { description: { 'zh-CN': '业务开立中', en: 'Being drafted by sales' } },
    submitted: { description: { 'zh-CN': '已送签，待（副）理核签', en: 'Submitted, waiting for the (deputy) manager’s signature' } },
    'manager-signed': { description: { 'zh-CN': '（副）理已签，待总（副）经理核签', en: 'Signed by the manager, waiting for the GM or deputy GM' } },
    'gm-signed': { description: { 'zh-CN': '总（副）经理已签，待客户签章', en: 'Signed by the GM, waiting for the customer’s stamp' } },
    stamped: { description: { 'zh-CN': '客户已签章，待会计作帐', en: 'Stamped by the customer, waiting for accounting to book it' } },
    booked: { description: { 'zh-CN': '会计已作帐', en: 'Booked by accounting' }, final: true },
  },
  transitions: [
    {
      action: 'submit', from: ['draft'], to: 'submitted', roles: ['sales'],
      requires: ['/amount', '/invoiceNumber'],
      description: { 'zh-CN': '业务送签', en: 'Sales submits it for signature' },
    },
    {
      action: 'manager-sign', from: ['submitted'], to: 'manager-signed', roles: ['sales-manager', 'vp'],
      description: { 'zh-CN': '（副）理核签', en: 'The (deputy) manager signs' },
    },
    {
      // A VP may sign as either; never as both on one certificate.
      action: 'gm-sign', from: ['manager-signed'], to: 'gm-signed', roles: ['vp', 'gm'], approves: true, notBySameActorAs: ['manager-sign'],
      description: { 'zh-CN': '总（副）经理依核决权限核签', en: 'The GM or deputy GM signs within authority' },
    },
    {
      action: 'reject', from: ['submitted', 'manager-signed'], to: 'draft', roles: ['sales-manager', 'vp', 'gm'],
      description: { 'zh-CN': '退回业务修改', en: 'Sent back to sales' },
    },
    {
      action: 'amend', from: ['gm-signed'], to: 'gm-signed', roles: ['sales', 'sales-manager', 'vp', 'gm'],
      description: { 'zh-CN': '修改（金额或核签内容变更须重新核签）', en: 'Amends it (a changed amount or signed term goes back for signature)' },
    },
    {
      action: 'record-stamp', from: ['gm-signed'], to: 'stamped', roles: ['sales'],
      requires: ['/signatures/customerStamp/stampedAt'],
      description: { 'zh-CN': '登记客户签章', en: 'Records the customer’s stamp' },
    },
    {
      // The stamped invoice copy or the certificate stamped by the buyer is what accounting books against (000 十三 1(5)).
      action: 'book', from: ['stamped'], to: 'booked', roles: ['accounting'], requires: ['/proof'],
      description: { 'zh-CN': '会计作帐', en: 'Accounting books it' },
    },
  ],
};
