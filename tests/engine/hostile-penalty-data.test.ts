import { describe, expect, it } from 'vitest';
import penaltySample from '../../src/forms/penalty-notice/sample.json' with { type: 'json' };
import { gmOffice, memoryEngine } from './support.js';

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as { code: string; type: string; errors: { pointer: string }[] };
  }
  throw new Error('expected a refusal');
}

describe('a penalty notice with malformed persons or sums', () => {
  it('is refused with every field error listed, never a TypeError from the share arithmetic', async () => {
    const { aftersales } = memoryEngine();
    const data = { ...structuredClone(penaltySample), persons: [null] };
    const e = await refusal(aftersales.documents.create('penalty-notice', { data }, gmOffice));
    expect(e.type).toBe('invalid_data');
    expect(e.errors.some((x) => x.pointer.startsWith('/persons/0'))).toBe(true);
    await aftersales.close();
  });

  it('reports a malformed currency alongside the other errors instead of hiding them', async () => {
    const { aftersales } = memoryEngine();
    const data = structuredClone(penaltySample) as Record<string, unknown>;
    data.loss = { amount: 100, currency: 'CNY\u0000' };
    delete data.penalisedDepartment;
    const e = await refusal(aftersales.documents.create('penalty-notice', { data }, gmOffice));
    expect(e.type).toBe('invalid_data');
    const pointers = e.errors.map((x) => x.pointer);
    expect(pointers.some((p) => p.startsWith('/loss'))).toBe(true);
    expect(pointers).toContain('/penalisedDepartment');
    await aftersales.close();
  });
});
