/**
 * Drill 2: every role against every action of every form kind in every reachable state, through
 * HTTP. Exactly the combinations the workflows and the approval matrix permit succeed; a role
 * outside the step is 403, a permitted role in the wrong state is 409; approval above the
 * caller's limit is refused naming the role that can approve; a changed amount after approval
 * always goes back for approval; a department never sees another department's inbox, and a copy
 * holder never reads a document before its copy is handed over.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPermissionTable, can, ROLE_DEPARTMENTS } from '../../src/domain/permissions/permission-table.js';
import { formDefinitions } from '../../src/forms/definitions.js';
import { workflows } from '../../src/forms/workflows.js';
import { DEPARTMENTS, ROLE_NAMES, ROLES, type FormKind, type Role } from '../../src/domain/vocabulary.js';
import type { TransitionDefinition } from '../../src/domain/workflow/types.js';
import { ACTORS, buildDrillApp, call, type DrillApp } from './support/drill-app.js';
import { KINDS } from './support/forms.js';
import { DRILL_SEED } from './support/hostile-requests.js';
import { majorIncidentEscalation } from '../../src/domain/rules/major-incident.js';
import { aftersalesSettingsSchema } from '../../src/domain/settings.js';
import { creationData, scaleMoney, stateRecipes, stepData, workflowActions, type RecipeStep } from './support/workflows.js';

let drill: DrillApp;
/** The approval matrix in force (read from the server), for the expected answers. */
let matrix: { chain: Role[]; chains?: Partial<Record<FormKind, Role[]>>; limits: { formKind: string; currency: string; role: Role; maxAmount: number | null; cause?: string }[] };
const table = buildPermissionTable({ workflows, copies: Object.fromEntries(KINDS.map((k) => [k, formDefinitions[k].copies])) });

beforeAll(async () => {
  drill = await buildDrillApp();
  const m = await call(drill.app, 'GET', '/admin/approval-matrix', 'admin');
  expect(m.status).toBe(200);
  matrix = m.body;
});

afterAll(async () => {
  await drill?.close();
});

/** Reads a JSON pointer. */
function at(data: unknown, pointer: string | undefined): unknown {
  if (!pointer) return undefined;
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), data);
}

/** The role's limit for an amount of a kind (null = unlimited, undefined = none). */
function limitOf(role: Role, kind: FormKind, currency: string): number | null | undefined {
  return matrix.limits.find((l) => l.formKind === kind && l.currency === currency && l.role === role && l.cause === undefined)?.maxAmount;
}

const policy = aftersalesSettingsSchema.parse({});

/** A complaint's major quality loss goes to the leadership whatever the matrix says (001). */
function escalationFor(kind: FormKind, amount: { amount: number; currency: string }): Role | undefined {
  return kind === 'complaint' && amount.currency === policy.rules.majorIncident.threshold.currency ? majorIncidentEscalation(amount, policy) : undefined;
}

function chainOf(kind: FormKind): Role[] {
  return matrix.chains?.[kind] ?? matrix.chain;
}

/** The lowest role of the chain whose limit covers the amount, raised to the escalation role for a major incident. */
function neededRole(kind: FormKind, amount: { amount: number; currency: string }): Role | undefined {
  const chain = chainOf(kind);
  const byLimit = chain.find((r) => {
    const l = limitOf(r, kind, amount.currency);
    return l === null || (l !== undefined && Math.abs(amount.amount) <= l);
  });
  const escalation = escalationFor(kind, amount);
  if (!byLimit || !escalation) return byLimit;
  return chain.indexOf(escalation) > chain.indexOf(byLimit) ? escalation : byLimit;
}

function coversAmount(role: Role, kind: FormKind, amount: { amount: number; currency: string } | undefined): boolean {
  if (!amount) return true;
  const l = limitOf(role, kind, amount.currency);
  const withinLimit = l === null || (l !== undefined && Math.abs(amount.amount) <= l);
  const escalation = escalationFor(kind, amount);
  const chain = chainOf(kind);
  return withinLimit && (!escalation || role === escalation || chain.indexOf(role) >= chain.indexOf(escalation));
}

/** What the workflows and the matrix say `role` gets for `action` on a document in `state`. */
function expected(kind: FormKind, state: string, action: string, role: Role, data: Record<string, unknown>, deadlines: { endsWith?: string; metAt?: string }[] = []): 'ok' | 403 | 409 {
  const ts = workflows[kind].transitions.filter((t) => t.action === action);
  const mayEver = ts.some((t) => t.roles.includes(role));
  if (!mayEver) return 403;
  const here = ts.find((t) => t.from.includes(state) && t.roles.includes(role));
  if (!here) return ts.some((t) => t.from.includes(state)) ? 403 : 409;
  if (here.approves) {
    const amount = at(data, workflows[kind].amountPointer) as { amount: number; currency: string } | undefined;
    if (!coversAmount(role, kind, amount)) return 403;
  }
  // A step that ends a clock (the contract-expiry notice) has nothing to do where no such clock runs.
  if (here.meets?.length && !deadlines.some((d) => d.endsWith !== undefined && here.meets!.includes(d.endsWith) && !d.metAt)) return 409;
  return 'ok';
}

async function create(kind: FormKind, data = creationData(kind)): Promise<{ id: string; status: string }> {
  const r = await call(drill.app, 'POST', `/documents/${kind}`, workflows[kind].createRoles![0]!, { data });
  expect(r.status, `create ${kind}: ${JSON.stringify(r.body)}`).toBe(201);
  return r.body;
}

async function act(id: string, step: RecipeStep): Promise<{ status: number; body: any }> {
  return call(drill.app, 'POST', `/documents/${id}/actions/${step.action}`, step.role, { data: step.data });
}

/** Every amount in the data times `factor` (lines, totals and shares stay consistent). */
function scaled(data: Record<string, unknown>, factor: number): Record<string, unknown> {
  return factor === 1 ? data : { ...data, ...scaleMoney(data, factor) };
}

/** A fresh document walked to `state` by the recipe, its amounts scaled by `factor`. */
async function reach(kind: FormKind, recipe: RecipeStep[], state: string, factor = 1): Promise<any> {
  const doc = await create(kind, scaled(creationData(kind), factor));
  let last: any = doc;
  for (const step of recipe) {
    const r = await act(doc.id, { ...step, data: scaled(step.data, factor) });
    expect(r.status, `${kind} → ${state}: ${step.action} by ${step.role}: ${JSON.stringify(r.body).slice(0, 400)}`).toBe(200);
    last = r.body;
  }
  expect(last.status, `${kind} recipe for ${state}`).toBe(state);
  return last;
}

function transitionFor(kind: FormKind, state: string, action: string): TransitionDefinition {
  const ts = workflows[kind].transitions.filter((t) => t.action === action);
  return ts.find((t) => t.from.includes(state)) ?? ts[0]!;
}

describe('create: only the issuing roles may file each form', () => {
  for (const kind of KINDS) {
    it(`${kind}: ${ROLES.length} roles`, async () => {
      const mismatches: string[] = [];
      for (const role of ROLES) {
        const r = await call(drill.app, 'POST', `/documents/${kind}`, role, { data: creationData(kind) });
        const want = (workflows[kind].createRoles ?? []).includes(role) ? 201 : 403;
        if (r.status !== want) mismatches.push(`${role}: ${r.status} (expected ${want}) ${JSON.stringify(r.body).slice(0, 160)}`);
      }
      expect(mismatches).toEqual([]);
    });
  }
});

const counts = { combinations: 0, permitted: 0 };

describe('every action × role × state: exactly the permitted combinations succeed', () => {
  for (const kind of KINDS) {
    it(`${kind}`, async () => {
      const recipes = stateRecipes(kind);
      const actions = workflowActions(kind);
      const mismatches: string[] = [];
      for (const [state, recipe] of recipes) {
        const shared = await reach(kind, recipe, state);
        for (const action of actions) {
          const t = transitionFor(kind, state, action);
          for (const role of ROLES) {
            counts.combinations++;
            const step = { action, role, data: stepData(kind, t) };
            const want = expected(kind, state, action, role, { ...shared.data, ...step.data }, shared.deadlines);
            if (want === 'ok') {
              counts.permitted++;
              // A success moves the document on, so each permitted combination gets its own.
              const fresh = await reach(kind, recipe, state);
              const r = await act(fresh.id, step);
              if (r.status !== 200) mismatches.push(`${state} ${action} by ${role}: ${r.status}, expected success ${JSON.stringify(r.body).slice(0, 200)}`);
              else if (typeof t.to === 'string' && r.body.status !== t.to && !(t.approves && r.body.status === workflows[kind].awaitingApproval))
                mismatches.push(`${state} ${action} by ${role}: went to ${r.body.status}, expected ${t.to}`);
            } else {
              const r = await act(shared.id, step);
              if (r.status !== want) mismatches.push(`${state} ${action} by ${role}: ${r.status}, expected ${want} ${JSON.stringify(r.body).slice(0, 200)}`);
            }
          }
        }
        // Refusals must leave the shared document exactly as it was.
        const after = await call(drill.app, 'GET', `/documents/${shared.id}`, 'admin');
        if (after.body.revision !== shared.revision || after.body.status !== state) mismatches.push(`${state}: refused actions changed the document (revision ${shared.revision} → ${after.body.revision}, status ${after.body.status})`);
      }
      expect(mismatches).toEqual([]);
    });
  }

  it('covered every combination', () => {
    console.log(`role × action × state: ${counts.combinations} combinations, ${counts.permitted} permitted`);
    expect(counts.combinations).toBeGreaterThan(1000);
  });
});

describe('reading: participants always, copy holders only from the hand-over, others never', () => {
  for (const kind of KINDS) {
    it(`${kind}: GET /documents/:id and the list, for every role in every state`, async () => {
      const mismatches: string[] = [];
      const docs: { id: string; state: string }[] = [];
      for (const [state, recipe] of stateRecipes(kind)) {
        const doc = await reach(kind, recipe, state);
        docs.push({ id: doc.id, state });
        for (const role of ROLES) {
          const want = can(ACTORS[role], kind, 'read', { table, state }) ? 200 : 403;
          const r = await call(drill.app, 'GET', `/documents/${doc.id}`, role);
          if (r.status !== want) mismatches.push(`${role} reads ${state}: ${r.status}, expected ${want}`);
          const a = await call(drill.app, 'GET', `/documents/${doc.id}/audit`, role);
          if (want === 403 && a.status !== 403) mismatches.push(`${role} reads the audit of ${state}: ${a.status}, expected 403`);
        }
      }
      for (const role of ROLES) {
        const list = await call(drill.app, 'GET', `/documents?kind=${kind}&limit=1000`, role);
        if (list.status === 403) continue;
        for (const item of list.body.items as { id: string; status: string }[]) {
          if (!can(ACTORS[role], kind, 'read', { table, state: item.status })) mismatches.push(`${role} lists a ${kind} in ${item.status}`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  }

  it('an accountant never sees a complaint before it is decided and closed', async () => {
    for (const [state, recipe] of stateRecipes('complaint')) {
      const doc = await reach('complaint', recipe, state);
      const r = await call(drill.app, 'GET', `/documents/${doc.id}`, 'accounting');
      expect(r.status, state).toBe(state === 'closed' ? 200 : 403);
      const pdf = await call(drill.app, 'GET', `/documents/${doc.id}/pdf?copy=4`, 'accounting');
      if (state !== 'closed') expect(pdf.status, `pdf in ${state}`).toBe(403);
    }
  });
});

/** Where each kind waits for approval, and the approving step. */
function approvalSetup(kind: FormKind): { awaiting: string; approve: TransitionDefinition; recipe: RecipeStep[] } | undefined {
  const approve = workflows[kind].transitions.find((t) => t.approves);
  if (!approve) return undefined;
  const recipes = stateRecipes(kind);
  const awaiting = approve.from.find((s) => recipes.has(s))!;
  return { awaiting, approve, recipe: recipes.get(awaiting)! };
}

describe('approval authority', () => {
  const approving = KINDS.filter((k) => workflows[k].transitions.some((t) => t.approves));

  it('approval above the caller’s limit is always refused, naming the role that can approve', async () => {
    const original = matrix;
    const cases = fc.sample(
      fc.record({
        kind: fc.constantFrom(...approving),
        factor: fc.integer({ min: 1, max: 60 }),
        roleIndex: fc.nat({ max: 20 }),
        locale: fc.constantFrom('zh-CN' as const, 'en' as const),
        salesManager: fc.oneof(fc.constantFrom(0, 300_000, 500_000), fc.integer({ min: 0, max: 5_000_000 })),
        vpAbove: fc.integer({ min: 0, max: 50_000_000 }),
        gmAbove: fc.option(fc.integer({ min: 0, max: 200_000_000 }), { freq: 4 }),
      }),
      { seed: DRILL_SEED, numRuns: 60 },
    );
    const mismatches: string[] = [];
    const tally = { approved: 0, refused: 0, aboveAll: 0 };
    for (const c of cases) {
      // A matrix of its own for each case: the admin's limits, then the approval against them.
      const vp = c.salesManager + c.vpAbove;
      const limits = { 'sales-manager': c.salesManager, vp, gm: c.gmAbove === null ? null : vp + c.gmAbove };
      const put = await call(drill.app, 'PUT', '/admin/approval-matrix', 'admin', {
        chain: ['sales-manager', 'vp', 'gm'],
        limits: approving.flatMap((formKind) => (['sales-manager', 'vp', 'gm'] as const).map((role) => ({ formKind, currency: 'CNY', role, maxAmount: limits[role] }))),
      });
      expect(put.status, JSON.stringify(put.body).slice(0, 300)).toBe(200);
      matrix = (await call(drill.app, 'GET', '/admin/approval-matrix', 'admin')).body;
      const setup = approvalSetup(c.kind)!;
      const role = setup.approve.roles[c.roleIndex % setup.approve.roles.length]!;
      const doc = await reach(c.kind, setup.recipe, setup.awaiting, c.factor);
      const stepInput = scaled(stepData(c.kind, setup.approve), c.factor);
      const money = at({ ...doc.data, ...stepInput }, workflows[c.kind].amountPointer) as { amount: number; currency: string };
      const r = await call(drill.app, 'POST', `/documents/${doc.id}/actions/${setup.approve.action}`, role, { data: stepInput }, { 'accept-language': c.locale });
      const needed = neededRole(c.kind, money);
      const label = `${c.kind} ${money.amount} by ${role} (limits ${JSON.stringify(limits)})`;
      if (coversAmount(role, c.kind, money)) {
        tally.approved++;
        if (r.status !== 200) mismatches.push(`${label}: ${r.status}, expected success ${JSON.stringify(r.body).slice(0, 200)}`);
        else {
          const approved = r.body.approval?.approvedBy;
          const stored = at(r.body.data, workflows[c.kind].amountPointer) as { amount: number } | undefined;
          if (approved && stored && approved.amount.amount !== stored.amount) mismatches.push(`${label}: approved ${approved.amount.amount} but the document says ${stored.amount}`);
        }
      } else if (!needed) {
        tally.aboveAll++;
        if (r.status !== 403 || r.body.code !== 'AFTERSALES.APPROVAL_ABOVE_ALL_LIMITS') mismatches.push(`${label}: ${r.status} ${r.body.code}, expected 403 above every limit`);
      } else {
        tally.refused++;
        const nameOk = String(r.body.detail).includes(ROLE_NAMES[needed][c.locale]);
        if (r.status !== 403 || r.body.code !== 'AFTERSALES.APPROVAL_LIMIT_EXCEEDED' || r.body.details?.nextRole !== needed || !nameOk)
          mismatches.push(`${label}: ${r.status} ${r.body.code} nextRole=${r.body.details?.nextRole} (expected 403 naming ${needed}) ${r.body.detail}`);
      }
      if (r.status !== 200) {
        const after = await call(drill.app, 'GET', `/documents/${doc.id}`, 'admin');
        if (after.body.status !== setup.awaiting || after.body.approval?.approvedBy || after.body.revision !== doc.revision) mismatches.push(`${label}: a refused approval changed the document`);
      }
    }
    const restore = await call(drill.app, 'PUT', '/admin/approval-matrix', 'admin', original);
    expect(restore.status).toBe(200);
    matrix = original;
    console.log(`approval authority: ${cases.length} cases, ${tally.approved} within the limit, ${tally.refused} refused naming the next role, ${tally.aboveAll} above every limit`);
    expect(mismatches).toEqual([]);
    expect(tally.refused).toBeGreaterThan(5);
  });

  it('a document whose every amount is negative is refused before anyone approves it', async () => {
    const outcomes: string[] = [];
    for (const kind of approving) {
      const setup = approvalSetup(kind)!;
      // The lowest approver: a negative sum must not slip under the smallest limit.
      const steps = [...setup.recipe, { action: setup.approve.action, role: setup.approve.roles[0]!, data: stepData(kind, setup.approve) }];
      const created = await call(drill.app, 'POST', `/documents/${kind}`, workflows[kind].createRoles![0]!, { data: scaled(creationData(kind), -1) });
      expect(created.status, `${kind}: ${JSON.stringify(created.body).slice(0, 200)}`).toBeLessThan(500);
      let refusedAt = created.status >= 400 ? 'create' : '';
      for (const step of refusedAt ? [] : steps) {
        const r = await act(created.body.id, { ...step, data: scaled(step.data, -1) });
        expect(r.status, `${kind} ${step.action}: ${JSON.stringify(r.body).slice(0, 200)}`).toBeLessThan(500);
        if (r.status >= 400) {
          refusedAt = `${step.action} (${r.status} ${r.body.code})`;
          break;
        }
      }
      outcomes.push(`${kind}: ${refusedAt || 'APPROVED a negative amount'}`);
    }
    console.log(`negative amounts: ${outcomes.join('; ')}`);
    expect(outcomes.filter((o) => o.includes('APPROVED'))).toEqual([]);
    expect(outcomes.filter((o) => !o.endsWith(': create')), 'negative money is refused when the document is filed').toEqual([]);
  });

  for (const kind of ['complaint', 'return-slip', 'penalty-notice', 'allowance-certificate'] as FormKind[]) {
    it(`${kind}: an approved amount changed afterwards always returns to approval`, async () => {
      const setup = approvalSetup(kind)!;
      const wf = workflows[kind];
      const approvedState = typeof setup.approve.to === 'string' ? setup.approve.to : undefined;
      const recipes = stateRecipes(kind);
      const mismatches: string[] = [];
      const seen = { backToApproval: 0, refused: 0 };
      // Every step after approval, by each of its roles, once with a changed amount in its data.
      const later = [...recipes].filter(([, r]) => r.some((s) => s.action === setup.approve.action)).map(([s]) => s);
      for (const state of later) {
        for (const t of wf.transitions.filter((x) => x.from.includes(state) && !x.approves)) {
          for (const role of t.roles) {
            const doc = await reach(kind, recipes.get(state)!, state);
            // Twice every amount: lines, totals and shares stay consistent, so only the approval is at stake.
            const doubled = scaleMoney(doc.data, 2);
            const changed = at(doubled, wf.amountPointer) as { amount: number; currency: string };
            for (const [how, body] of [
              ['in data', { data: { ...stepData(kind, t), ...doubled } }],
              ['as amount', { data: stepData(kind, t), amount: changed }],
            ] as const) {
              const fresh = how === 'in data' ? doc : await reach(kind, recipes.get(state)!, state);
              const r = await call(drill.app, 'POST', `/documents/${fresh.id}/actions/${t.action}`, role, body);
              if (r.status >= 500) mismatches.push(`${state} ${t.action} by ${role} ${how}: ${r.status}`);
              if (r.status !== 200) {
                seen.refused++;
                continue;
              }
              const now = at(r.body.data, wf.amountPointer) as { amount: number } | undefined;
              if (now?.amount !== changed.amount) continue;
              seen.backToApproval++;
              if (r.body.status !== wf.awaitingApproval || r.body.approval?.approvedBy)
                mismatches.push(`${state} ${t.action} by ${role} changed the amount ${how} to ${changed.amount} and went to ${r.body.status} with approval ${JSON.stringify(r.body.approval?.approvedBy ?? null)}`);
            }
          }
        }
      }
      // The amend step itself must be able to change it, and then it must go back.
      if (approvedState && recipes.has(approvedState)) {
        const amend = wf.transitions.find((t) => t.action === 'amend' && t.from.includes(approvedState));
        if (amend) {
          const doc = await reach(kind, recipes.get(approvedState)!, approvedState);
          const r = await call(drill.app, 'POST', `/documents/${doc.id}/actions/amend`, amend.roles.at(-1)!, { data: scaleMoney(doc.data, 3) });
          expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
          expect(r.body.status).toBe(wf.awaitingApproval);
          expect(r.body.approval?.approvedBy).toBeUndefined();
        }
      }
      console.log(`${kind}: a changed amount after approval went back for approval ${seen.backToApproval} times, was refused ${seen.refused} times`);
      expect(mismatches).toEqual([]);
    });
  }
});

describe('copy inboxes', () => {
  it('a department never sees another department’s inbox', async () => {
    // Closed complaints put copies in five inboxes.
    const recipe = stateRecipes('complaint').get('closed')!;
    await reach('complaint', recipe, 'closed');
    const departments = [...new Set([...Object.keys(DEPARTMENTS), ...Object.values(ROLE_DEPARTMENTS)])];
    const mismatches: string[] = [];
    for (const role of ROLES) {
      const mine = ACTORS[role].department;
      for (const dept of departments) {
        const r = await call(drill.app, 'GET', `/inbox/${dept}`, role);
        const want = role === 'admin' || dept === mine ? 200 : 403;
        if (r.status !== want) mismatches.push(`${role} (${mine}) reads inbox ${dept}: ${r.status}, expected ${want}`);
        if (r.status === 200 && (r.body.items as { department: string }[]).some((e) => e.department !== dept)) mismatches.push(`inbox ${dept} holds another department's copy`);
        if (want === 403) {
          const pdf = await call(drill.app, 'GET', `/inbox/${dept}/pdf`, role);
          if (pdf.status !== 403) mismatches.push(`${role} pulls inbox PDF of ${dept}: ${pdf.status}`);
        }
      }
      for (const odd of [`${mine.toUpperCase()}`, `${mine}%20`, `..%2F${mine === 'accounting' ? 'qa' : 'accounting'}`, `%2E%2E`, 'accounting%00', '__proto__', 'constructor']) {
        const r = await call(drill.app, 'GET', `/inbox/${odd}`, role);
        if (r.status === 200 && role !== 'admin') mismatches.push(`${role} reads inbox "${odd}"`);
        if (r.status >= 500) mismatches.push(`inbox "${odd}": ${r.status}`);
      }
    }
    const acc = await call(drill.app, 'GET', '/inbox/accounting', 'accounting');
    expect(acc.body.items.length, 'the closed complaint reached accounting').toBeGreaterThan(0);
    // Every copy in accounting's inbox is of a document accounting may already read: nothing early.
    for (const entry of acc.body.items as { documentId: string; kind: FormKind }[]) {
      const doc = await call(drill.app, 'GET', `/documents/${entry.documentId}`, 'admin');
      if (!can(ACTORS.accounting, entry.kind, 'read', { table, state: doc.body.status })) mismatches.push(`accounting holds a copy of a ${entry.kind} in ${doc.body.status}`);
      const read = await call(drill.app, 'GET', `/documents/${entry.documentId}`, 'accounting');
      if (read.status !== 200) mismatches.push(`accounting cannot read the ${entry.kind} whose copy it holds: ${read.status}`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('administration', () => {
  it('only an administrator changes the approval matrix or a form', async () => {
    const current = (await call(drill.app, 'GET', '/admin/approval-matrix', 'admin')).body;
    const mismatches: string[] = [];
    for (const role of ROLES) {
      const want = role === 'admin' ? 200 : 403;
      const m = await call(drill.app, 'PUT', '/admin/approval-matrix', role, current);
      if (m.status !== want) mismatches.push(`${role} PUT approval matrix: ${m.status}, expected ${want}`);
      const f = await call(drill.app, 'PUT', '/admin/forms/complaint', role, { labels: { '/reason': { en: `Reason (${role})` } }, note: 'drill' });
      if (f.status !== want && !(role === 'admin' && f.status === 201)) mismatches.push(`${role} PUT form: ${f.status}, expected ${want}`);
      const g = await call(drill.app, 'GET', '/admin/approval-matrix', role);
      if (role !== 'admin' && g.status !== 403 && g.status !== 200) mismatches.push(`${role} GET approval matrix: ${g.status}`);
    }
    expect(mismatches).toEqual([]);
  });
});
