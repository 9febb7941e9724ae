/**
 * Walks a document along its workflow to a final state, each step taken by a user holding the
 * step's role: how the demo data gets a closed complaint, so accounting's inbox has something.
 */
import type { AftersalesDocument } from '../domain/document.js';
import { isAftersalesError } from '../domain/errors.js';
import type { ActionInput, TransitionDefinition, WorkflowDefinition } from '../domain/workflow/types.js';
import type { Actor } from '../domain/vocabulary.js';

/**
 * The shortest sequence of transitions from `from` to a final state (preferring `target` when
 * given), over transitions whose target is known in advance.
 *
 * @example
 * pathToFinal(workflows.complaint, 'filed', 'closed').map((t) => t.action); // ['register', 'investigate', …, 'close']
 */
export function pathToFinal(workflow: WorkflowDefinition, from: string, target?: string, skip: ReadonlySet<string> = new Set()): TransitionDefinition[] {
  const isGoal = (s: string): boolean => (target ? s === target : workflow.states[s]?.final === true);
  const known = pathTo(workflow, from, isGoal, false, skip);
  // A transition whose target is computed at run time may lead anywhere; plan through it and re-plan after it.
  return known.length ? known : pathTo(workflow, from, isGoal, true, skip);
}

/** Breadth-first search to the first state passing `isGoal`; `skip` holds `state|action` pairs not to take. */
function pathTo(workflow: WorkflowDefinition, from: string, isGoal: (state: string) => boolean, wildcard: boolean, skip: ReadonlySet<string>): TransitionDefinition[] {
  const previous = new Map<string, { state: string; via: TransitionDefinition }>();
  const queue = [from];
  const seen = new Set([from]);
  const states = Object.keys(workflow.states);
  while (queue.length) {
    const state = queue.shift()!;
    if (isGoal(state) && state !== from) {
      const path: TransitionDefinition[] = [];
      for (let s = state; s !== from; s = previous.get(s)!.state) path.unshift(previous.get(s)!.via);
      return path;
    }
    for (const t of workflow.transitions) {
      if (!t.from.includes(state) || skip.has(`${state}|${t.action}`)) continue;
      const targets = typeof t.to === 'string' ? [t.to] : wildcard ? states : [];
      for (const to of targets) {
        if (seen.has(to)) continue;
        seen.add(to);
        previous.set(to, { state, via: t });
        queue.push(to);
      }
    }
  }
  return [];
}

/** Final states that end a document without carrying it out. */
const UNHAPPY_ENDS = /^(rejected|cancell?ed|withdrawn|void(ed)?|refused|unsubstantiated|not-substantiated)$/;

/**
 * The state a document reaches when everything goes as the regulations intend: `closed` when the
 * form has one, else the first final state that is not a rejection or cancellation.
 *
 * @example
 * happyEnd(workflows.complaint); // 'closed'
 */
export function happyEnd(workflow: WorkflowDefinition): string {
  const finals = Object.entries(workflow.states).filter(([, d]) => d.final).map(([s]) => s);
  return finals.includes('closed') ? 'closed' : (finals.find((s) => !UNHAPPY_ENDS.test(s)) ?? finals[0] ?? workflow.initial);
}

/**
 * Takes the steps of {@link pathToFinal} through `act`, each by the first user holding one of the
 * step's roles; for an approval it tries the approval chain upwards until one user's authority
 * covers the amount. `inputFor` supplies each step's fields.
 *
 * @example
 * await walkToFinal({ workflow, document: doc, actors, act: (id, a, input, actor) => aftersales.documents.act(id, a, input, actor) });
 */
export async function walkToFinal(options: {
  workflow: WorkflowDefinition;
  document: AftersalesDocument;
  actors: Actor[];
  act: (id: string, action: string, input: ActionInput, actor: Actor) => Promise<AftersalesDocument>;
  inputFor?: (transition: TransitionDefinition, document: AftersalesDocument) => ActionInput;
  /** The state to reach; {@link happyEnd} by default. */
  target?: string;
}): Promise<AftersalesDocument> {
  let doc = options.document;
  const target = options.target ?? happyEnd(options.workflow);
  const tried = new Set<string>();
  for (let guard = 0; guard < 40; guard++) {
    if (doc.status === target) return doc;
    // Re-planned at every step: where a computed target leads is known only once it is taken.
    const [step] = pathToFinal(options.workflow, doc.status, target, tried);
    if (!step) throw new Error(`no way from "${doc.status}" to "${target}" in ${options.workflow.kind}`);
    tried.add(`${doc.status}|${step.action}`);
    const candidates = options.actors.filter((a) => a.roles.some((r) => step.roles.includes(r)));
    if (candidates.length === 0) throw new Error(`nobody holds a role for "${step.action}" (${step.roles.join(', ')})`);
    const input = options.inputFor?.(step, doc) ?? {};
    let lastError: unknown;
    let moved = false;
    for (const actor of candidates) {
      try {
        doc = await options.act(doc.id, step.action, input, actor);
        moved = true;
        break;
      } catch (e) {
        // Above one approver's authority: the next one up the chain tries.
        if (isAftersalesError(e) && e.type === 'not_allowed') {
          lastError = e;
          continue;
        }
        throw e;
      }
    }
    if (!moved) throw lastError;
  }
  throw new Error(`${options.workflow.kind} did not reach a final state in 40 steps`);
}
