import { describe, expect, it } from 'vitest';
import { workflows } from '../../src/forms/workflows.js';
import { happyEnd, pathToFinal } from '../../src/server/workflow-walk.js';
import { FORM_KINDS } from '../../src/domain/vocabulary.js';

describe('walking a workflow', () => {
  it('takes a complaint from filed to closed through every required step of the regulations', () => {
    const early = pathToFinal(workflows.complaint, 'filed', 'closed').map((t) => t.action);
    expect(early.slice(0, 4)).toEqual(['register', 'investigate', 'propose-countermeasure', 'comment']);
    // After the managers' comment the rest of the way is fixed.
    const late = pathToFinal(workflows.complaint, 'commented', 'closed').map((t) => t.action);
    expect(late).toEqual(['check', 'propose-handling', 'consolidate', 'decide', 'record-result', 'close']);
  });

  it('aims each form at a final state that carries it out, not one that rejects it', () => {
    for (const kind of FORM_KINDS) {
      const end = happyEnd(workflows[kind]);
      expect(workflows[kind].states[end]?.final, kind).toBe(true);
      expect(end).not.toMatch(/reject|cancel|withdraw/);
    }
    expect(happyEnd(workflows.complaint)).toBe('closed');
  });
});
