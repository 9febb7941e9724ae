import { describe, expect, test } from 'vitest';
import { creationChanges } from '../../src/domain/service/creation-changes.js';
import { diffData } from '../../src/domain/workflow/data-merge.js';
import { formSamples } from '../../src/forms/definitions.js';
import { FORM_KINDS } from '../../src/domain/vocabulary.js';

describe('creationChanges: the fields a new document was filed with', () => {
  test.each(FORM_KINDS)('records the %s sample exactly as a diff against nothing would', (kind) => {
    const data = structuredClone(formSamples[kind]) as Record<string, unknown>;
    const changes = creationChanges(data);
    expect(changes).toEqual(diffData({}, data));
    expect(changes.length).toBeGreaterThan(3);
  });

  test('money is one value, keys go in pointer order, escaped, and what JSON cannot hold is left out', () => {
    const data = { 'b/c': 1, a: { amount: 100, currency: 'CNY' }, 'x~y': [1, { z: 2 }], empty: {}, gone: undefined, none: null, fn: () => 1, nested: { deep: { ok: true } } };
    expect(creationChanges(data)).toEqual([
      { pointer: '/a', after: { amount: 100, currency: 'CNY' } },
      { pointer: '/b~1c', after: 1 },
      { pointer: '/nested/deep/ok', after: true },
      { pointer: '/none', after: null },
      { pointer: '/x~0y', after: [1, { z: 2 }] },
    ]);
    expect(creationChanges(data)).toEqual(diffData({}, data));
  });

  test('a recorded list or amount is a copy: changing the document afterwards leaves the audit trail as filed', () => {
    const data = { items: [{ part: 'PUMP-200' }], amount: { amount: 5, currency: 'CNY' } };
    const changes = creationChanges(data);
    data.items[0]!.part = 'changed';
    data.amount.amount = 6;
    expect(changes).toEqual([
      { pointer: '/amount', after: { amount: 5, currency: 'CNY' } },
      { pointer: '/items', after: [{ part: 'PUMP-200' }] },
    ]);
  });
});
