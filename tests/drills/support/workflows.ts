/**
 * The workflows as the drills read them: each form kind's actions, a recipe (the steps from
 * creation) to reach every state, and the expected answer of every role to every action there.
 */
import { workflows } from '../../../src/forms/workflows.js';
import type { TransitionDefinition, WorkflowDefinition } from '../../../src/domain/workflow/types.js';
import type { FormKind, Role } from '../../../src/domain/vocabulary.js';
import { formSample, formSchema } from './forms.js';

/**
 * Every workflow action of a form kind.
 *
 * @example
 * workflowActions('complaint'); // ['register', 'investigate', …]
 */
export function workflowActions(kind: FormKind): string[] {
  return [...new Set(workflows[kind].transitions.map((t) => t.action))];
}

/**
 * The workflow of a form kind.
 *
 * @example
 * workflowOf('return-slip').initial; // 'draft'
 */
export function workflowOf(kind: FormKind): WorkflowDefinition {
  return workflows[kind];
}

/** Top-level field of a pointer: `/qa/cause` → `qa`. */
function topKey(pointer: string): string {
  return pointer.split('/')[1]!.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * What the issuer files: the sample without the fields later steps fill in (unless the schema
 * requires them from the start).
 *
 * @example
 * Object.keys(creationData('return-slip')); // no 'receipt', no 'actualQuantity'
 */
export function creationData(kind: FormKind): Record<string, unknown> {
  const required = new Set((formSchema(kind).required as string[] | undefined) ?? []);
  const later = new Set(workflows[kind].transitions.flatMap((t) => (t.requires ?? []).map(topKey)).filter((k) => !required.has(k)));
  return Object.fromEntries(Object.entries(formSample(kind)).filter(([k]) => !later.has(k)));
}

/**
 * The fields a step fills in, taken from the sample: the top-level fields its `requires` name.
 *
 * @example
 * stepData('complaint', investigate); // { qa: { cause: 'rejects-mixed-in', … } }
 */
export function stepData(kind: FormKind, t: TransitionDefinition): Record<string, unknown> {
  const sample = formSample(kind);
  const out: Record<string, unknown> = Object.fromEntries((t.requires ?? []).map(topKey).filter((k) => k in sample).map((k) => [k, sample[k]]));
  // A field the sample leaves empty (a repair fixed on site has no goods receipt) gets a value its schema accepts.
  for (const pointer of t.requires ?? []) if (readAt(out, pointer) === undefined) writeAt(out, pointer, synthesise(formSchema(kind), pointer));
  return out;
}

function readAt(data: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), data);
}

function writeAt(data: Record<string, unknown>, pointer: string, value: unknown): void {
  const keys = pointer.split('/').slice(1);
  let cur: Record<string, unknown> = data;
  for (const [i, k] of keys.slice(0, -1).entries()) {
    if (cur[k] === undefined) cur[k] = /^\d+$/.test(keys[i + 1]!) ? [] : {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys.at(-1)!] = value;
}

/** A plain value the schema at `pointer` accepts. */
function synthesise(root: Record<string, unknown>, pointer: string): unknown {
  let s: Record<string, unknown> | undefined = root;
  for (const k of pointer.split('/').slice(1)) {
    s = /^\d+$/.test(k) ? (s?.items as Record<string, unknown>) : ((s?.properties as Record<string, Record<string, unknown>> | undefined)?.[k]);
    while (s && typeof s.$ref === 'string') s = (s.$ref as string).slice(2).split('/').reduce<any>((o, x) => o?.[x], root);
  }
  if (!s) return 'drill';
  if (Array.isArray(s.enum)) return s.enum[0];
  if (s.format === 'date') return '2026-11-20';
  if (s.format === 'date-time') return '2026-11-20T02:00:00.000Z';
  if (s.type === 'number' || s.type === 'integer') return typeof s.minimum === 'number' && s.minimum > 1 ? s.minimum : 1;
  if (s.type === 'boolean') return true;
  if (s.type === 'object') return {};
  return 'drill 演练';
}

/**
 * Every amount of money in the data multiplied by `factor`, keeping lines, totals and shares
 * consistent with each other; only the top-level fields that hold money are returned.
 *
 * @example
 * scaleMoney({ total: { amount: 100, currency: 'CNY' }, reason: 'x' }, 3); // { total: { amount: 300, currency: 'CNY' } }
 */
export function scaleMoney(data: Record<string, unknown>, factor: number): Record<string, unknown> {
  let found = false;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.amount === 'number' && typeof o.currency === 'string' && Object.keys(o).length === 2) {
        found = true;
        return { amount: o.amount * factor, currency: o.currency };
      }
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    found = false;
    const scaled = walk(v);
    if (found) out[k] = scaled;
  }
  return out;
}

/** One step of a recipe: who takes which action with what. */
export interface RecipeStep {
  action: string;
  role: Role;
  data: Record<string, unknown>;
}

/** Data that sends a computed transition the other way (R&D review, a held return). */
const VARIANTS: Partial<Record<FormKind, Record<string, (data: Record<string, unknown>) => Record<string, unknown>>>> = {
  complaint: { comment: (d) => ({ ...d, qa: { rndRequired: true } }) },
};

/** States whose computed transition the engine decides from earlier data: their recipe by hand. */
const HAND_RECIPES: Partial<Record<FormKind, (recipes: Map<string, RecipeStep[]>) => [string, RecipeStep[]] | undefined>> = {
  // Received far above the approved quantity and any tolerance: reconciling must hold it.
  'return-slip': (r) => {
    const toReceived = r.get('received');
    if (!toReceived) return undefined;
    const steps = toReceived.map((s) => (s.action === 'receive' ? { ...s, data: { ...s.data, actualQuantity: 10_000 } } : s));
    const reconcile = workflows['return-slip'].transitions.find((t) => t.action === 'reconcile')!;
    return ['held', [...steps, { action: 'reconcile', role: 'accounting', data: stepData('return-slip', reconcile) }]];
  },
};

/**
 * The steps from creation to each state reachable from the initial one, the first role of each
 * step taking it (approvals by the top of the chain, so authority never stops the way). States
 * behind a computed transition are reached with the variant data that sends it there.
 *
 * @example
 * stateRecipes('complaint').get('decided')!.map((s) => s.action); // ['register', …, 'decide']
 */
export function stateRecipes(kind: FormKind): Map<string, RecipeStep[]> {
  const wf = workflows[kind];
  const recipes = new Map<string, RecipeStep[]>([[wf.initial, []]]);
  const queue = [wf.initial];
  const sample = formSample(kind);
  let handDone = false;
  while (queue.length || !handDone) {
    if (!queue.length) {
      handDone = true;
      const extra = HAND_RECIPES[kind]?.(recipes);
      if (extra && !recipes.has(extra[0])) {
        recipes.set(extra[0], extra[1]);
        queue.push(extra[0]);
      }
      continue;
    }
    const state = queue.shift()!;
    const path = recipes.get(state)!;
    for (const t of wf.transitions) {
      if (!t.from.includes(state)) continue;
      const role = (t.approves ? t.roles.at(-1) : t.roles[0])!;
      const base = stepData(kind, t);
      const options: { data: Record<string, unknown>; to: string }[] = [];
      for (const variant of [undefined, VARIANTS[kind]?.[t.action]]) {
        const data = variant ? variant(base) : base;
        const to = typeof t.to === 'string' ? t.to : predictTarget(t, state, { ...sample, ...data }, data);
        if (to) options.push({ data, to });
        if (typeof t.to === 'string') break;
      }
      for (const o of options) {
        if (recipes.has(o.to)) continue;
        recipes.set(o.to, [...path, { action: t.action, role, data: o.data }]);
        queue.push(o.to);
      }
    }
  }
  return recipes;
}

/** Where a computed transition would go, asked with a stand-in context. */
function predictTarget(t: TransitionDefinition, from: string, merged: Record<string, unknown>, data: Record<string, unknown>): string | undefined {
  if (typeof t.to === 'string') return t.to;
  try {
    const doc = { status: from, data: merged } as never;
    return t.to({ action: t.action, actor: { id: 'x', roles: t.roles, department: 'x' }, document: doc, next: { status: from, data: merged } as never, input: { data }, now: new Date() });
  } catch {
    return undefined;
  }
}
