/** Actors, a clock that can be moved, and engine builders shared by the engine tests. */
import { expect } from 'vitest';
import { createAftersales, type AftersalesEngine, type AftersalesOptions } from '../../src/create-aftersales.js';
import type { AftersalesDocument } from '../../src/domain/document.js';
import type { Actor, Role } from '../../src/domain/vocabulary.js';
import complaintSample from '../../src/forms/complaint/sample.json' with { type: 'json' };

export const actor = (role: Role, department: string = role, id = `u-${role}`): Actor => ({ id, name: id, roles: [role], department });

export const sales = actor('sales', 'sales');
export const gmOffice = actor('gm-office', 'gm-office');
export const qa = actor('qa', 'qa');
export const production = actor('production', 'manufacturing');
export const rnd = actor('rnd', 'rnd');
export const salesManager = actor('sales-manager', 'sales');
export const vp = actor('vp', 'gm-office');
export const gm = actor('gm', 'gm-office');
export const warehouse = actor('warehouse', 'warehouse');
export const accounting = actor('accounting', 'accounting');
export const service = actor('service', 'service');
export const supervisor = actor('service-supervisor', 'service');
export const admin = actor('admin', 'gm-office');

/** A clock tests move forward by hand. */
export function manualClock(startIso = '2026-11-23T01:00:00.000Z') {
  let t = Date.parse(startIso);
  return {
    now: () => new Date(t),
    advanceHours(h: number) {
      t += h * 3_600_000;
    },
    set(iso: string) {
      t = Date.parse(iso);
    },
  };
}

/** An engine on a fresh memory store with a manual clock. */
export function memoryEngine(options: AftersalesOptions = {}) {
  const clock = manualClock();
  const aftersales = createAftersales({ store: { kind: 'memory' }, clock, ...options });
  return { aftersales, clock };
}

/** What sales fills in when filing a complaint: the sample without the later steps' fields. */
export function complaintFiling(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const data: Record<string, unknown> = structuredClone(complaintSample);
  for (const later of ['registration', 'qa', 'countermeasure', 'managerComment', 'rndComment', 'gmOfficeCheck', 'proposal', 'consolidation', 'decision', 'result']) delete data[later];
  return { ...data, ...overrides };
}

export const cny = (amount: number) => ({ amount, currency: 'CNY' });

export type Step = { action: string; actor: Actor; data?: Record<string, unknown>; to: string; pointers?: string[] };

/** The routing of 000 §9, one step per department, with what each one writes. */
export function routing(outcome: string, amount: number, options: { rndRequired?: boolean; accepted?: boolean; approver?: Actor } = {}): Step[] {
  const rndRequired = options.rndRequired ?? true;
  const steps: Step[] = [
    { action: 'register', actor: gmOffice, data: { registration: { trackingLogEntry: '追踪表 2611-001' } }, to: 'registered', pointers: ['/registration/acceptedAt', '/registration/trackingLogEntry'] },
    {
      action: 'investigate', actor: qa, to: 'investigated',
      data: { qa: { cause: 'rejects-mixed-in', causeDescription: '剔除品混入良品', responsibleUnit: '制造二科 阻焊组', rndRequired } },
      pointers: ['/qa/cause', '/qa/causeDescription', '/qa/responsibleUnit', '/qa/rndRequired'],
    },
    { action: 'propose-countermeasure', actor: production, data: { countermeasure: { text: '剔除品改用红色周转箱并上锁' } }, to: 'countermeasure-proposed', pointers: ['/countermeasure/text'] },
    { action: 'comment', actor: vp, data: { managerComment: { text: '同意对策' } }, to: rndRequired ? 'rnd-review' : 'commented', pointers: ['/managerComment/text'] },
  ];
  if (rndRequired) steps.push({ action: 'rnd-comment', actor: rnd, data: { rndComment: { text: '阻焊工艺参数无需变更' } }, to: 'commented', pointers: ['/rndComment/text'] });
  steps.push(
    { action: 'check', actor: gmOffice, data: { gmOfficeCheck: { text: '时效正常' } }, to: 'checked', pointers: ['/gmOfficeCheck/text'] },
    { action: 'propose-handling', actor: sales, data: { proposal: { handling: outcome, quantity: 320, amount: cny(amount) } }, to: 'handling-proposed', pointers: ['/proposal/amount', '/proposal/handling', '/proposal/quantity'] },
    { action: 'consolidate', actor: gmOffice, data: { consolidation: { text: '呈副总经理核决' } }, to: 'consolidated', pointers: ['/consolidation/text'] },
    {
      action: 'decide', actor: options.approver ?? vp, to: 'decided',
      data: {
        decision: {
          outcome, quantity: 320, amount: cny(amount),
          responsibility: [
            { unit: '制造二科 阻焊组', ratioPercent: 70, persons: [{ employeeId: 'E1001', name: '张伟' }, { employeeId: 'E1002', name: '刘洋' }] },
            { unit: '质量管理部 终检组', ratioPercent: 30 },
          ],
        },
      },
      pointers: ['/decision/amount', '/decision/outcome', '/decision/quantity', '/decision/responsibility'],
    },
    { action: 'record-result', actor: sales, data: { result: { customerAccepted: options.accepted ?? true, notifiedAt: '2026-11-30' } }, to: 'result-recorded', pointers: ['/result/customerAccepted', '/result/notifiedAt'] },
    { action: 'close', actor: gmOffice, to: 'closed', pointers: [] },
  );
  return steps;
}

export async function walk(aftersales: AftersalesEngine, clock: { advanceHours(h: number): void }, steps: Step[], filing = complaintFiling()) {
  const doc = await aftersales.documents.create('complaint', { data: filing }, sales);
  let current: AftersalesDocument = doc;
  for (const step of steps) {
    clock.advanceHours(2);
    current = await aftersales.documents.act(current.id, step.action, { data: step.data ?? {} }, step.actor);
    expect(current.status, step.action).toBe(step.to);
  }
  return current;
}


/** Walks a complaint up to the steps before `stopBefore` (e.g. `decide`). */
export async function complaintUpTo(aftersales: AftersalesEngine, clock: { advanceHours(h: number): void }, stopBefore: string, outcome: string, amount: number) {
  const steps = routing(outcome, amount, { rndRequired: false });
  return walk(aftersales, clock, steps.slice(0, steps.findIndex((s) => s.action === stopBefore)));
}
