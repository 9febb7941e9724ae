/**
 * The complaint's routing (000 客户投诉管理办法 §9): sales files it, the GM office registers
 * it, QA investigates, production proposes countermeasures, the managers comment, R&D when
 * asked, the GM office checks, sales proposes the handling, the GM office consolidates, the
 * approval authority decides, sales records the customer's answer, the GM office closes it.
 */
import type { WorkflowDefinition } from '../../domain/workflow/types.js';
import { readPointer } from '../../domain/workflow/data-merge.js';
import { guardRefusal } from '../../domain/workflow/transitions.js';

const APPROVERS = ['sales-manager', 'vp', 'gm'] as const;

/**
 * The complaint workflow.
 *
 * @example
 * complaintWorkflow.states[complaintWorkflow.initial].description.en; // 'Filed by sales, waiting for the GM office to register it'
 */
export const complaintWorkflow: WorkflowDefinition = {
  kind: 'complaint',
  initial: 'filed',
  createRoles: ['sales'],
  amountPointer: '/decision/amount',
  causePointer: '/qa/cause',
  awaitingApproval: 'consolidated',
  // The decision approved is its outcome, quantity and who is responsible, not only its amount.
  approvedTerms: ['/decision/outcome', '/decision/quantity', '/decision/responsibility'],
  states: {
    filed: { description: { 'zh-CN': '业务已填表，待总经理室生管登记编号', en: 'Filed by sales, waiting for the GM office to register it' } },
    registered: { description: { 'zh-CN': '已登记于追踪表，待质量管理部追查原因及责任', en: 'Registered in the tracking log, waiting for QA to investigate' } },
    investigated: { description: { 'zh-CN': '已查明原因及责任单位，待生产单位拟定对策', en: 'Cause and responsible unit found, waiting for production to propose countermeasures' } },
    'countermeasure-proposed': { description: { 'zh-CN': '已拟定处理对策，待经理室批示意见', en: 'Countermeasures proposed, waiting for the managers’ comment' } },
    'rnd-review': { description: { 'zh-CN': '待研发部提示意见', en: 'Waiting for R&D’s comment' } },
    commented: { description: { 'zh-CN': '意见齐备，待总经理室查核', en: 'Comments complete, waiting for the GM office’s check' } },
    checked: { description: { 'zh-CN': '总经理室已查核，待业务拟定处理意见', en: 'Checked by the GM office, waiting for sales to propose the handling' } },
    'handling-proposed': { description: { 'zh-CN': '业务已拟定处理意见，待总经理室一日内综合意见', en: 'Handling proposed, waiting for the GM office to consolidate within one day' } },
    consolidated: { description: { 'zh-CN': '已综合意见，待依核决权限核决', en: 'Consolidated, waiting for the decision within approval authority' } },
    decided: { description: { 'zh-CN': '已核决，待业务向客户说明并填写交涉结果', en: 'Decided, waiting for sales to tell the customer and record the result' } },
    'result-recorded': { description: { 'zh-CN': '交涉结果已填写，待总经理室核签结案', en: 'Result recorded, waiting for the GM office to sign it off' } },
    closed: { description: { 'zh-CN': '经核签结案', en: 'Signed off and closed' }, final: true },
  },
  transitions: [
    {
      action: 'register', from: ['filed'], to: 'registered', roles: ['gm-office'],
      description: { 'zh-CN': '总经理室生管编列投诉编号并登记于追踪表', en: 'The GM office registers the complaint in the tracking log' },
    },
    {
      action: 'investigate', from: ['registered'], to: 'investigated', roles: ['qa'],
      requires: ['/qa/cause', '/qa/responsibleUnit'],
      description: { 'zh-CN': '质量管理部追查原因并判定责任归属', en: 'QA investigates the cause and decides the responsible unit' },
    },
    {
      action: 'propose-countermeasure', from: ['investigated'], to: 'countermeasure-proposed', roles: ['production'],
      requires: ['/countermeasure/text'],
      description: { 'zh-CN': '生产单位分析异常原因并拟定处理对策', en: 'The production unit analyses the cause and proposes countermeasures' },
    },
    {
      // 经理室批示意见: the managers above the units (sales manager or VP) comment.
      action: 'comment', from: ['countermeasure-proposed'],
      to: (ctx) => (readPointer(ctx.next.data, '/qa/rndRequired') === true ? 'rnd-review' : 'commented'),
      roles: ['sales-manager', 'vp'],
      requires: ['/managerComment/text'],
      description: { 'zh-CN': '经理室批示意见（需要时转研发部）', en: 'The managers comment (then R&D when QA asked for it)' },
    },
    {
      action: 'rnd-comment', from: ['rnd-review'], to: 'commented', roles: ['rnd'],
      requires: ['/rndComment/text'],
      description: { 'zh-CN': '研发部提示意见', en: 'R&D comments' },
    },
    {
      action: 'check', from: ['commented'], to: 'checked', roles: ['gm-office'],
      description: { 'zh-CN': '总经理室查核', en: 'The GM office checks the opinions' },
    },
    {
      action: 'propose-handling', from: ['checked'], to: 'handling-proposed', roles: ['sales'],
      requires: ['/proposal/handling', '/proposal/amount'],
      description: { 'zh-CN': '业务拟定处理意见及金额', en: 'Sales proposes the handling and its amount' },
    },
    {
      action: 'consolidate', from: ['handling-proposed'], to: 'consolidated', roles: ['gm-office'],
      description: { 'zh-CN': '总经理室综合业务与工厂意见', en: 'The GM office consolidates the opinions of sales and the plant' },
    },
    {
      action: 'decide', from: ['consolidated'], to: 'decided', roles: [...APPROVERS], approves: true,
      requires: ['/decision/outcome', '/decision/amount'],
      guard: (ctx) => {
        const outcome = readPointer(ctx.next.data, '/decision/outcome');
        const amount = readPointer(ctx.next.data, '/decision/amount') as { amount?: number } | undefined;
        if ((outcome === 'allowance' || outcome === 'compensation') && !(typeof amount?.amount === 'number' && amount.amount > 0)) {
          throw guardRefusal('AFTERSALES.DECISION_AMOUNT_REQUIRED', '/decision/amount', {
            'zh-CN': '折让或赔偿的核决必须有大于零的金额',
            en: 'An allowance or compensation decision needs an amount above zero',
          });
        }
      },
      description: { 'zh-CN': '依核决权限核决（业务经理、副总经理或总经理）', en: 'The approval authority decides (sales manager, VP or GM by amount)' },
    },
    {
      action: 'reject-decision', from: ['consolidated'], to: 'checked', roles: [...APPROVERS],
      description: { 'zh-CN': '核决人退回，业务重新拟定处理意见', en: 'The approver sends it back for sales to propose the handling again' },
    },
    {
      action: 'amend', from: ['decided', 'result-recorded'], to: (ctx) => ctx.document.status, roles: ['gm-office', ...APPROVERS],
      description: { 'zh-CN': '修改核决内容（金额、结果、数量或责任变更须重新核决）', en: 'Amends the decision (a changed amount, outcome, quantity or responsibility goes back for approval)' },
    },
    {
      action: 'record-result', from: ['decided'], to: 'result-recorded', roles: ['sales'],
      requires: ['/result/customerAccepted'],
      description: { 'zh-CN': '业务向客户说明交涉并填写结果', en: 'Sales tells the customer and records the result' },
    },
    {
      action: 'close', from: ['result-recorded'], to: 'closed', roles: ['gm-office'],
      description: { 'zh-CN': '总经理室核签结案', en: 'The GM office signs it off and closes it' },
    },
  ],
};
