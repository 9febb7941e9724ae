/**
 * Finding the transition an action takes and refusing it with a reason a user understands.
 */
import { AftersalesError, invalidData } from '../errors.js';
import { ROLE_NAMES, type Actor } from '../vocabulary.js';
import { hasValue } from './data-merge.js';
import type { TransitionDefinition, WorkflowDefinition } from './types.js';

/**
 * The actions of a workflow that can be taken from a state (by anyone).
 *
 * @example
 * actionsFrom(complaintWorkflow, 'filed'); // ['register']
 */
export function actionsFrom(workflow: WorkflowDefinition, state: string): string[] {
  return [...new Set(workflow.transitions.filter((t) => t.from.includes(state)).map((t) => t.action))];
}

/**
 * True when the actor holds one of the transition's roles.
 *
 * @example
 * actorMayTake(register, { id: 'u1', roles: ['gm-office'], department: 'gm-office' }); // true
 */
export function actorMayTake(transition: TransitionDefinition, actor: Actor): boolean {
  return transition.roles.some((r) => actor.roles.includes(r));
}

/**
 * The transition an action takes from the document's state, or the reason it cannot:
 * unknown action (`not_found`), not allowed in this state (`conflict`), role not permitted
 * (`not_allowed`).
 *
 * @example
 * const t = transitionFor(complaintWorkflow, 'filed', 'register', gmOffice);
 */
export function transitionFor(workflow: WorkflowDefinition, state: string, action: string, actor: Actor): TransitionDefinition {
  const named = workflow.transitions.filter((t) => t.action === action);
  if (named.length === 0) {
    throw new AftersalesError({
      code: 'AFTERSALES.UNKNOWN_ACTION',
      type: 'not_found',
      message: { 'zh-CN': `${workflow.kind} 没有“${action}”这一操作`, en: `${workflow.kind} has no action "${action}"` },
      details: { action, kind: workflow.kind, actions: [...new Set(workflow.transitions.map((t) => t.action))] },
    });
  }
  const transition = named.find((t) => t.from.includes(state));
  if (!transition) {
    const allowed = actionsFrom(workflow, state);
    const stateName = workflow.states[state]?.description;
    throw new AftersalesError({
      code: 'AFTERSALES.ACTION_NOT_ALLOWED_IN_STATE',
      type: 'conflict',
      message: {
        'zh-CN': `单据当前状态为“${state}”${stateName ? `（${stateName['zh-CN']}）` : ''}，不能执行“${action}”；可执行：${allowed.join('、') || '无'}`,
        en: `The document is in state "${state}"${stateName ? ` (${stateName.en})` : ''}, which does not allow "${action}"; allowed: ${allowed.join(', ') || 'none'}`,
      },
      details: { state, action, allowed },
    });
  }
  if (!actorMayTake(transition, actor)) {
    throw new AftersalesError({
      code: 'AFTERSALES.ROLE_NOT_PERMITTED',
      type: 'not_allowed',
      message: {
        'zh-CN': `“${action}”须由${transition.roles.map((r) => ROLE_NAMES[r]['zh-CN']).join('或')}执行`,
        en: `"${action}" must be taken by ${transition.roles.map((r) => ROLE_NAMES[r].en).join(' or ')}`,
      },
      details: { action, roles: transition.roles },
    });
  }
  return transition;
}

/**
 * Refuses a transition whose required fields are missing, naming every missing one.
 *
 * @example
 * assertRequiredFields(investigate, next.data); // throws for a missing /qa/cause
 */
export function assertRequiredFields(transition: TransitionDefinition, data: Record<string, unknown>): void {
  const missing = (transition.requires ?? []).filter((p) => !hasValue(data, p));
  if (missing.length === 0) return;
  throw invalidData(
    missing.map((pointer) => ({
      pointer,
      code: 'required',
      message: { 'zh-CN': `执行“${transition.action}”前必须填写`, en: `is required to ${transition.action}` },
    })),
    'AFTERSALES.REQUIRED_FOR_ACTION',
  );
}

/**
 * Builds a guard's refusal.
 *
 * @example
 * throw guardRefusal('AFTERSALES.RND_COMMENT_NOT_REQUESTED', '/qa/rndRequired', { 'zh-CN': '…', en: '…' });
 */
export function guardRefusal(code: string, pointer: string | undefined, message: { 'zh-CN': string; en: string }, type: 'invalid_data' | 'conflict' | 'not_allowed' = 'invalid_data'): AftersalesError {
  return new AftersalesError({ code, type, pointer, message });
}
