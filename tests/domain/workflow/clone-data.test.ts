import { describe, expect, test } from 'vitest';
import { cloneData } from '../../../src/domain/workflow/data-merge.js';

describe('copying form data', () => {
  test('a parsed body is copied deeply: changing the copy leaves the original as it was', () => {
    const original = JSON.parse('{"customer":{"name":"甲"},"items":[{"qty":2,"tags":["a"]}],"note":null,"ok":true}') as Record<string, any>;
    const copy = cloneData(original);
    expect(copy).toEqual(original);
    copy.customer.name = '乙';
    copy.items[0].tags.push('b');
    copy.items.push({ qty: 1 });
    expect(original).toEqual({ customer: { name: '甲' }, items: [{ qty: 2, tags: ['a'] }], note: null, ok: true });
  });

  test('what is not plain data is copied as structuredClone copies it, or refused as it refuses it', () => {
    const at = new Date('2026-11-23T05:00:00Z');
    const copy = cloneData({ at, list: [1, , 3], map: new Map([['k', 1]]) });
    expect(copy.at).toBeInstanceOf(Date);
    expect(copy.at).not.toBe(at);
    expect(copy.at.getTime()).toBe(at.getTime());
    expect(1 in copy.list).toBe(false);
    expect(copy.map.get('k')).toBe(1);
    expect(() => cloneData({ f: () => 1 })).toThrow(expect.objectContaining({ name: 'DataCloneError' }));
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    expect(cloneData(bare)).toEqual(structuredClone(bare));
  });
});
