/**
 * The repair voucher (000 维护与保养作业程序 §6–§21, 003): a call is registered, a technician
 * dispatched and on site, the fault fixed there or the item taken back, repaired and checked
 * three times, delivered (invoiced when paid), followed up, closed.
 */
import type { TransitionContext, TransitionDefinition, WorkflowDefinition } from '../../domain/workflow/types.js';
import { readPointer } from '../../domain/workflow/data-merge.js';
import { guardRefusal } from '../../domain/workflow/transitions.js';

/**
 * Paid service (category A) is invoiced the day the item is returned (§10, §13).
 *
 * @example
 * paidServiceInvoiced(ctx); // throws when category A has no invoice number
 */
export function paidServiceInvoiced(ctx: TransitionContext): void {
  if (ctx.next.data.serviceCategory === 'A' && !ctx.next.data.invoiceNumber) {
    throw guardRefusal('AFTERSALES.INVOICE_REQUIRED', '/invoiceNumber', {
      'zh-CN': '有费服务（A 类）须于交还当日开立发票',
      en: 'Paid service (category A) must be invoiced the day the item is returned',
    });
  }
}

/**
 * The three quality checks (三检) must all have passed before delivery.
 *
 * @example
 * threeChecksPassed(ctx); // throws when the final check failed
 */
export function threeChecksPassed(ctx: TransitionContext): void {
  const failed = (['self', 'team', 'final'] as const).filter((c) => readPointer(ctx.next.data, `/qualityChecks/${c}/passed`) !== true);
  if (failed.length) {
    throw guardRefusal('AFTERSALES.QUALITY_CHECKS_INCOMPLETE', `/qualityChecks/${failed[0]}/passed`, {
      'zh-CN': `交车前须通过自检、互检、终检（未通过：${failed.join('、')}）`,
      en: `The self, team and final checks must pass before delivery (not passed: ${failed.join(', ')})`,
    });
  }
}

/**
 * A replaced part is issued only against the old part (旧件回收), and added quote items need the
 * customer's confirmation before work continues.
 *
 * @example
 * partsAndQuoteConfirmed(ctx);
 */
export function partsAndQuoteConfirmed(ctx: TransitionContext): void {
  const parts = (ctx.next.data.partsReplaced as { oldPartReturned?: boolean }[] | undefined) ?? [];
  const i = parts.findIndex((p) => p.oldPartReturned !== true);
  if (i >= 0) {
    throw guardRefusal('AFTERSALES.OLD_PART_NOT_RETURNED', `/partsReplaced/${i}/oldPartReturned`, {
      'zh-CN': '更换零件须交回旧件',
      en: 'A replaced part is issued only against the old part',
    });
  }
  const lines = (ctx.next.data.quoteLines as { addedAfterQuote?: boolean; customerConfirmed?: boolean }[] | undefined) ?? [];
  const j = lines.findIndex((l) => l.addedAfterQuote === true && l.customerConfirmed !== true);
  if (j >= 0) {
    throw guardRefusal('AFTERSALES.ADDED_ITEM_NOT_CONFIRMED', `/quoteLines/${j}/customerConfirmed`, {
      'zh-CN': '报价后追加的项目须经客户确认',
      en: 'An item added after the quote needs the customer’s confirmation',
    });
  }
}

/**
 * "Unreachable" only after at least three tries at different times (003).
 *
 * @example
 * followUpComplete(ctx);
 */
export function followUpComplete(ctx: TransitionContext): void {
  const attempts = (readPointer(ctx.next.data, '/followUp/attempts') as { at: string }[] | undefined) ?? [];
  if (readPointer(ctx.next.data, '/followUp/result') === 'unreachable' && new Set(attempts.map((a) => a.at)).size < 3) {
    throw guardRefusal('AFTERSALES.FOLLOW_UP_TOO_FEW_ATTEMPTS', '/followUp/attempts', {
      'zh-CN': '至少在不同时间回访三次仍未联系上，才可记为无法联系',
      en: 'A customer is unreachable only after at least three tries at different times',
    });
  }
}

/**
 * Recording the maintenance-contract expiry notice (000 §20): it ends the notice's clock, in any
 * state, and is refused where no notice is waiting to be sent.
 *
 * @example
 * recordContractNotice.meets; // ['contract-notice-sent']
 */
export const recordContractNotice: Omit<TransitionDefinition, 'from' | 'to'> = {
  action: 'record-contract-notice',
  roles: ['service-supervisor'],
  meets: ['contract-notice-sent'],
  guard: (ctx) => {
    if (ctx.document.deadlines.some((d) => d.endsWith === 'contract-notice-sent' && d.metAt === undefined)) return;
    throw guardRefusal(
      'AFTERSALES.NO_CONTRACT_NOTICE_DUE',
      '/contractUntil',
      { 'zh-CN': '此服务凭证没有待发的维护合同到期通知', en: 'This voucher has no maintenance-contract expiry notice waiting to be sent' },
      'conflict',
    );
  },
  description: { 'zh-CN': '登记已发出维护合同到期通知', en: 'Records that the maintenance-contract expiry notice was sent' },
};

/**
 * The repair voucher workflow.
 *
 * @example
 * repairVoucherWorkflow.initial; // 'called'
 */
export const repairVoucherWorkflow: WorkflowDefinition = {
  kind: 'repair-voucher',
  initial: 'called',
  createRoles: ['service', 'service-supervisor'],
  states: {
    called: { description: { 'zh-CN': '已登记叫修，待派工', en: 'Call registered, waiting for dispatch' } },
    dispatched: { description: { 'zh-CN': '已派工，技术员前往中', en: 'Dispatched, technician on the way' } },
    'on-site': { description: { 'zh-CN': '技术员已到达现场', en: 'Technician on site' } },
    'fixed-on-site': { description: { 'zh-CN': '现场修复，客户已签认', en: 'Fixed on site, signed by the customer' } },
    'taken-back': { description: { 'zh-CN': '带回修理，已开客户商品领取收据', en: 'Taken back for repair with a customer goods receipt' } },
    repaired: { description: { 'zh-CN': '修复并经三检，待交还', en: 'Repaired and checked three times, waiting for return' } },
    delivered: { description: { 'zh-CN': '已交还客户，待回访', en: 'Returned to the customer, waiting for the follow-up call' } },
    'followed-up': { description: { 'zh-CN': '已回访，待主管结案', en: 'Followed up, waiting for the supervisor to close it' } },
    closed: { description: { 'zh-CN': '已结案', en: 'Closed' }, final: true },
  },
  transitions: [
    {
      action: 'dispatch', from: ['called'], to: 'dispatched', roles: ['service-supervisor'],
      requires: ['/technician'],
      description: { 'zh-CN': '主管派工', en: 'The supervisor dispatches a technician' },
    },
    {
      action: 'arrive', from: ['dispatched'], to: 'on-site', roles: ['service', 'service-supervisor'],
      requires: ['/arrivedAt'],
      description: { 'zh-CN': '技术员到达现场', en: 'The technician arrives on site' },
    },
    {
      action: 'fix-on-site', from: ['on-site'], to: 'fixed-on-site', roles: ['service'],
      requires: ['/customerSignature/name'],
      guard: (ctx) => {
        partsAndQuoteConfirmed(ctx);
        paidServiceInvoiced(ctx);
      },
      description: { 'zh-CN': '现场修复，客户于凭证签认', en: 'Fixed on site; the customer signs the voucher' },
    },
    {
      action: 'take-back', from: ['on-site'], to: 'taken-back', roles: ['service'],
      requires: ['/goodsReceiptNumber'],
      description: { 'zh-CN': '带回修理并开立客户商品领取收据', en: 'Taken back for repair with a customer goods receipt' },
    },
    {
      action: 'escalate', from: ['dispatched', 'on-site', 'taken-back'], to: (ctx) => ctx.document.status, roles: ['service', 'service-supervisor'],
      description: { 'zh-CN': '无法如期修复，呈报服务主管', en: 'Cannot meet the promised time; escalated to the service supervisor' },
    },
    {
      action: 'repair', from: ['taken-back'], to: 'repaired', roles: ['service'],
      requires: ['/repairHours'],
      guard: (ctx) => {
        partsAndQuoteConfirmed(ctx);
        threeChecksPassed(ctx);
      },
      description: { 'zh-CN': '修复并完成三检', en: 'Repaired and checked three times' },
    },
    {
      action: 'deliver', from: ['repaired'], to: 'delivered', roles: ['service', 'service-supervisor'],
      requires: ['/returnedAt'],
      guard: paidServiceInvoiced,
      description: { 'zh-CN': '交还客户（有费服务当日开票）', en: 'Returned to the customer (paid service invoiced that day)' },
    },
    {
      action: 'follow-up', from: ['delivered', 'fixed-on-site'], to: 'followed-up', roles: ['service', 'service-supervisor'],
      requires: ['/followUp/result'],
      guard: followUpComplete,
      description: { 'zh-CN': '交车后 1–3 天电话回访', en: 'Follow-up call 1–3 days after delivery' },
    },
    // §20: a month before a maintenance contract ends, usually long after the voucher closed.
    { ...recordContractNotice, from: ['called', 'dispatched', 'on-site', 'fixed-on-site', 'taken-back', 'repaired', 'delivered', 'followed-up'], to: (ctx) => ctx.document.status },
    { ...recordContractNotice, from: ['closed'], to: 'closed' },
    {
      action: 'close', from: ['followed-up'], to: 'closed', roles: ['service-supervisor'],
      description: { 'zh-CN': '服务主管结案', en: 'The service supervisor closes it' },
    },
  ],
};
