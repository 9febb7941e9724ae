/**
 * How a form's lifecycle is declared: a closed list of states and named transitions, each with
 * the roles that may take it and what it requires.
 */
import type { AftersalesDocument } from '../document.js';
import type { Localized } from '../locale.js';
import type { Money } from '../money.js';
import type { Actor, FormKind, Role } from '../vocabulary.js';
import type { StateDescription } from '../form-definition.js';

/**
 * What an actor sends with an action: fields to merge into the document and, for decisions, the
 * amount the decision commits.
 *
 * @example
 * const input: ActionInput = { data: { qa: { cause: '原材料不良', responsibleUnit: '二车间' } } };
 */
export interface ActionInput {
  /** Fields merged into `document.data` (deep merge of objects; arrays replaced). */
  data?: Record<string, unknown>;
  /** The money this decision commits; changing it after approval returns to approval. */
  amount?: Money;
  /** Free-text comment kept in the audit event. */
  comment?: string;
}

/**
 * Everything a guard or a hook sees about a transition in progress.
 *
 * @example
 * const guard = (ctx: TransitionContext) => { if (!ctx.next.data.qa) throw …; };
 */
export interface TransitionContext {
  action: string;
  actor: Actor;
  /** The document before the action. */
  document: AftersalesDocument;
  /** The document as it will be stored (data merged, status set). */
  next: AftersalesDocument;
  input: ActionInput;
  /** UTC now. */
  now: Date;
}

/**
 * A named transition.
 *
 * @example
 * const register: TransitionDefinition = {
 *   action: 'register', from: ['filed'], to: 'registered', roles: ['gm-office'],
 *   description: { 'zh-CN': '总经理室生管登记编号及追踪表', en: 'GM office registers the complaint' },
 * };
 */
export interface TransitionDefinition {
  action: string;
  from: string[];
  /** The next state, or a function choosing it (e.g. R&D only when flagged). */
  to: string | ((ctx: TransitionContext) => string);
  roles: Role[];
  description: Localized;
  /** JSON pointers into `next.data` that must hold a value after the merge. */
  requires?: string[];
  /** Extra checks; throw an AftersalesError to refuse. */
  guard?: (ctx: TransitionContext) => void;
  /** True when this transition approves the document's amount against the approval matrix. */
  approves?: boolean;
  /** Steps whose last taker may not take this one too: two signatures need two people. */
  notBySameActorAs?: string[];
  /**
   * Deadlines (by their `endsWith`) this step meets, whatever state it leads to: a notice sent
   * after the document closed still ends its clock. Such deadlines stay open, and are scanned,
   * after the document reaches a final state.
   */
  meets?: string[];
}

/**
 * A form's whole lifecycle.
 *
 * @example
 * const wf: WorkflowDefinition = complaintWorkflow;
 * wf.states[wf.initial].description.en;
 */
export interface WorkflowDefinition {
  kind: FormKind;
  initial: string;
  states: Record<string, StateDescription>;
  transitions: TransitionDefinition[];
  /** Roles that may create a document of this form; anyone when absent. */
  createRoles?: Role[];
  /** JSON pointer of the money the decision commits (e.g. `/decision/amount`); `input.amount` is written here. */
  amountPointer?: string;
  /** JSON pointer of the cause used to pick cause-specific approval limits. */
  causePointer?: string;
  /** The state a document returns to when its amount or approved terms change after approval. */
  awaitingApproval?: string;
  /**
   * JSON pointers of what an approval covers besides the amount: who is charged, how many pieces,
   * which outcome. After approval only `amend` may change them, and that sends the document back
   * for approval, as a changed amount does.
   */
  approvedTerms?: string[];
  /**
   * States in which any step may still change the committed amount (drafting). Elsewhere only an
   * approving step or `amend` may; by default no state.
   */
  amountEditableIn?: string[];
}
