/**
 * Rule hooks integrators register: named, typed, possibly async, run in a defined order. A hook
 * vetoes by throwing an AftersalesError and enriches by returning fields to merge.
 */
import type { AftersalesDocument } from '../document.js';
import type { Money } from '../money.js';
import type { ErpGateway } from '../ports.js';
import type { TransitionContext } from '../workflow/types.js';
import type { Actor, FormKind, Role } from '../vocabulary.js';

/**
 * What each hook point receives.
 *
 * @example
 * const payload: HookPayloads['before-create'] = { kind: 'complaint', data, actor, now: new Date(), erp };
 */
export interface HookPayloads {
  /** Before a document is validated and stored; may enrich `data` (e.g. prefill from the sales order). */
  'before-create': { kind: FormKind; data: Record<string, unknown>; actor: Actor; now: Date; erp: ErpGateway };
  /** Before a workflow step is stored; may enrich `next.data` or veto. */
  'before-transition': TransitionContext & { erp: ErpGateway };
  /** After a workflow step is stored (outside the transaction); cannot veto. */
  'after-transition': { document: AftersalesDocument; previous: AftersalesDocument; action: string; actor: Actor; now: Date };
  /** Before an approval is granted; may veto (e.g. a customer on credit hold). */
  'before-approve': TransitionContext & { amount: Money; approverRole: Role; erp: ErpGateway };
}

/** The hook points. */
export type HookName = keyof HookPayloads;

/**
 * What a hook may return: fields to deep-merge into the document's data.
 *
 * @example
 * return { data: { customer: { name: '华东机电有限公司' } } };
 */
export interface HookResult {
  data?: Record<string, unknown>;
}

/**
 * A hook function. Throw an AftersalesError to veto.
 *
 * @example
 * const h: HookHandler<'before-create'> = async ({ data }) => ({ data: { receivedVia: 'hotline' } });
 */
export type HookHandler<K extends HookName> = (payload: HookPayloads[K]) => void | HookResult | Promise<void | HookResult>;

/**
 * A registered hook. Hooks of one point run by ascending `order` (default 100), then in
 * registration order; each sees the data as enriched by the ones before it.
 *
 * @example
 * aftersales = createAftersales({ hooks: [{
 *   name: 'credit-hold', hook: 'before-approve', kinds: ['allowance-certificate'],
 *   handler: async ({ document }) => { if (await onHold(document)) throw creditHold(); },
 * }] });
 */
export interface HookRegistration<K extends HookName = HookName> {
  name: string;
  hook: K;
  /** Only for these form kinds; all when absent. */
  kinds?: FormKind[];
  order?: number;
  handler: HookHandler<K>;
}

/**
 * Any one registration, discriminated by `hook`, so a handler's payload is typed by its hook
 * point when registrations are written inline.
 *
 * @example
 * const hooks: AnyHookRegistration[] = [{ name: 'hotline', hook: 'before-create', handler: ({ data }) => ({ data: { ...data, receivedVia: 'hotline' } }) }];
 */
export type AnyHookRegistration = { [K in HookName]: HookRegistration<K> }[HookName];
