import { describe, expect, test } from 'vitest';
import { FORM_KINDS } from '../../../src/domain/vocabulary.js';
import { workflows } from '../../../src/forms/workflows.js';
import { formDefinitions } from '../../../src/forms/definitions.js';
import { actionsFrom, diffData, mergeData, readPointer, transitionFor, writePointer } from '../../../src/domain/workflow/index.js';

describe('the five workflows', () => {
  test.each(FORM_KINDS)('%s: a closed list of described states; every transition starts and ends in one; action names are kebab-case', (kind) => {
    const wf = workflows[kind];
    expect(wf.kind).toBe(kind);
    const states = Object.keys(wf.states);
    expect(states).toContain(wf.initial);
    for (const [name, s] of Object.entries(wf.states)) {
      expect(s.description['zh-CN'], name).toMatch(/\S/);
      expect(s.description.en, name).toMatch(/\S/);
    }
    for (const t of wf.transitions) {
      expect(t.action).toMatch(/^[a-z]+(-[a-z]+)*$/);
      for (const from of t.from) expect(states, `${t.action} from`).toContain(from);
      if (typeof t.to === 'string') expect(states, `${t.action} to`).toContain(t.to);
      expect(t.roles.length, t.action).toBeGreaterThan(0);
    }
    // Every state is reachable from the initial one, and a final state is reachable.
    const reached = new Set([wf.initial]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const t of wf.transitions) {
        if (typeof t.to !== 'string' || !t.from.some((f) => reached.has(f)) || reached.has(t.to)) continue;
        reached.add(t.to);
        grew = true;
      }
    }
    const viaChoice = wf.transitions.filter((t) => typeof t.to === 'function').length;
    if (viaChoice === 0) expect([...reached].sort()).toEqual([...states].sort());
    expect(states.some((s) => wf.states[s]!.final)).toBe(true);
    // Final states have no way out: a step may still record something there (a notice sent), never leave.
    for (const s of states.filter((x) => wf.states[x]!.final)) {
      for (const t of wf.transitions.filter((x) => x.from.includes(s))) expect(t.to, `${t.action} from ${s}`).toBe(s);
    }
  });

  test.each(FORM_KINDS)('%s: every copy route names a state of the workflow', (kind) => {
    const states = Object.keys(workflows[kind].states);
    for (const copy of formDefinitions[kind].copies) for (const r of copy.routes) expect(states, `copy ${copy.number}`).toContain(r.onState);
  });

  test('the complaint follows 000 §9 in order', () => {
    const path = ['register', 'investigate', 'propose-countermeasure', 'comment', 'rnd-comment', 'check', 'propose-handling', 'consolidate', 'decide', 'record-result', 'close'];
    const wf = workflows.complaint;
    let state = wf.initial;
    for (const action of path) {
      const t = wf.transitions.find((x) => x.action === action && x.from.includes(state));
      expect(t, `${action} from ${state}`).toBeDefined();
      state = typeof t!.to === 'string' ? t!.to : action === 'comment' ? 'rnd-review' : state;
    }
    expect(state).toBe('closed');
    expect(wf.transitions.find((t) => t.action === 'decide')?.approves).toBe(true);
  });
});

describe('transitionFor', () => {
  const gmOffice = { id: 'g', roles: ['gm-office' as const], department: 'gm-office' };
  test('finds the step, or says why not', () => {
    expect(transitionFor(workflows.complaint, 'filed', 'register', gmOffice).to).toBe('registered');
    expect(() => transitionFor(workflows.complaint, 'filed', 'fly', gmOffice)).toThrow(expect.objectContaining({ code: 'AFTERSALES.UNKNOWN_ACTION' }));
    expect(() => transitionFor(workflows.complaint, 'closed', 'register', gmOffice)).toThrow(expect.objectContaining({ code: 'AFTERSALES.ACTION_NOT_ALLOWED_IN_STATE', details: expect.objectContaining({ allowed: [] }) }));
    expect(() => transitionFor(workflows.complaint, 'registered', 'investigate', gmOffice)).toThrow(expect.objectContaining({ code: 'AFTERSALES.ROLE_NOT_PERMITTED' }));
  });
});

describe('merging and diffing data', () => {
  test('objects merge deeply, arrays are replaced, null removes a field', () => {
    const data: Record<string, unknown> = { qa: { cause: 'labelling', rndRequired: true }, items: [1, 2, 3], note: 'x' };
    mergeData(data, { qa: { responsibleUnit: '包装组' }, items: [9], note: null });
    expect(data).toEqual({ qa: { cause: 'labelling', rndRequired: true, responsibleUnit: '包装组' }, items: [9] });
  });

  test('the changes list each leaf as a JSON pointer with before and after; money changes as one value', () => {
    const before = { qa: { cause: 'labelling' }, decision: { amount: { amount: 100, currency: 'CNY' } }, 'a/b': 1 };
    const after = { qa: { cause: 'delivery-delay', responsibleUnit: '物流组' }, decision: { amount: { amount: 200, currency: 'CNY' } }, 'a/b': 1 };
    expect(diffData(before, after)).toEqual([
      { pointer: '/decision/amount', before: { amount: 100, currency: 'CNY' }, after: { amount: 200, currency: 'CNY' } },
      { pointer: '/qa/cause', before: 'labelling', after: 'delivery-delay' },
      { pointer: '/qa/responsibleUnit', after: '物流组' },
    ]);
  });

  test('pointers read and write, escaping ~ and /', () => {
    const data: Record<string, unknown> = {};
    writePointer(data, '/a~1b/c~0d', 5);
    expect(data).toEqual({ 'a/b': { 'c~d': 5 } });
    expect(readPointer(data, '/a~1b/c~0d')).toBe(5);
    expect(readPointer(data, '/missing/x')).toBeUndefined();
    expect(readPointer({ items: [{ q: 3 }] }, '/items/0/q')).toBe(3);
  });
});
