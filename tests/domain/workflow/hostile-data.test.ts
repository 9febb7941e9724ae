import { describe, expect, it } from 'vitest';
import { isAftersalesError } from '../../../src/domain/errors.js';
import { MAX_DATA_DEPTH, assertSafeKeys, mergeData } from '../../../src/domain/workflow/data-merge.js';

function nestedArrays(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

function caught(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
}

describe('hostile shapes in document data', () => {
  it('refuses arrays nested thousands deep with a coded error at the field, not a stack overflow', () => {
    const e = caught(() => assertSafeKeys({ x: nestedArrays(60_000) }, '/data'));
    expect(isAftersalesError(e)).toBe(true);
    expect(e).toMatchObject({ code: 'AFTERSALES.NESTING_TOO_DEEP', type: 'invalid_data' });
    expect((e as { pointer: string }).pointer.startsWith('/data/x/0/0')).toBe(true);
  });

  it('refuses objects nested past the limit when merged into a document', () => {
    let patch: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 5_000; i++) patch = { a: patch };
    const e = caught(() => mergeData({}, { qa: patch }));
    expect(e).toMatchObject({ code: 'AFTERSALES.NESTING_TOO_DEEP' });
  });

  it('accepts data as deep as the limit allows', () => {
    expect(() => assertSafeKeys({ x: nestedArrays(MAX_DATA_DEPTH - 2) })).not.toThrow();
  });

  it('still names a prototype key anywhere in the data', () => {
    const e = caught(() => assertSafeKeys(JSON.parse('{"items":[{"ok":1},{"constructor":{"x":1}}]}'), '/data'));
    expect(e).toMatchObject({ code: 'AFTERSALES.FORBIDDEN_KEY', pointer: '/data/items/1/constructor' });
  });
});
