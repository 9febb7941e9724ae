/**
 * Merging an action's fields into a document's data, reading JSON pointers, and listing what
 * changed for the audit trail.
 */
import { AftersalesError } from '../errors.js';
import type { FieldChange } from '../document.js';

/** Keys that would reach an object's prototype if merged. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Escapes one JSON pointer segment. */
export function pointerSegment(key: string): string {
  // Nearly every key needs no escaping, and every create escapes each of its keys.
  if (!key.includes('~') && !key.includes('/')) return key;
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Deeper than any form goes; bounds the work a hostile body can cause (and the stack it could exhaust). */
export const MAX_DATA_DEPTH = 32;

/**
 * Refuses keys that could pollute prototypes, anywhere in the value, and nesting deeper than
 * {@link MAX_DATA_DEPTH}. Walks with an explicit stack so no input can overflow the call stack.
 *
 * @example
 * assertSafeKeys(JSON.parse('{"__proto__":{"admin":true}}')); // throws AFTERSALES.FORBIDDEN_KEY
 */
export function assertSafeKeys(value: unknown, pointer = ''): void {
  // Pointers are spelt out only for an error: building one per field costs every create.
  interface At {
    value: unknown;
    parent: At | undefined;
    segment: string;
    depth: number;
  }
  const pointerOf = (at: At): string => {
    const segments: string[] = [];
    for (let a: At | undefined = at; a?.parent; a = a.parent) segments.push(a.segment);
    return pointer + segments.reverse().map((s) => `/${s}`).join('');
  };
  const pending: At[] = [{ value, parent: undefined, segment: '', depth: 0 }];
  while (pending.length) {
    const at = pending.pop()!;
    const isArray = Array.isArray(at.value);
    if (!isArray && !isPlainObject(at.value)) continue;
    if (at.depth >= MAX_DATA_DEPTH) {
      throw new AftersalesError({
        code: 'AFTERSALES.NESTING_TOO_DEEP',
        type: 'invalid_data',
        pointer: pointerOf(at),
        message: { 'zh-CN': `数据嵌套超过 ${MAX_DATA_DEPTH} 层`, en: `The data is nested more than ${MAX_DATA_DEPTH} levels deep` },
      });
    }
    if (isArray) {
      const items = at.value as unknown[];
      for (let i = 0; i < items.length; i++) pending.push({ value: items[i], parent: at, segment: String(i), depth: at.depth + 1 });
      continue;
    }
    const obj = at.value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (FORBIDDEN_KEYS.has(key)) {
        throw new AftersalesError({
          code: 'AFTERSALES.FORBIDDEN_KEY',
          type: 'invalid_data',
          pointer: pointerOf({ value: undefined, parent: at, segment: pointerSegment(key), depth: at.depth + 1 }),
          message: { 'zh-CN': `字段名“${key}”不允许使用`, en: `The field name "${key}" is not allowed` },
        });
      }
      const item = obj[key];
      // Only objects and arrays can hold further keys.
      if (typeof item === 'object' && item !== null) pending.push({ value: item, parent: at, segment: pointerSegment(key), depth: at.depth + 1 });
    }
  }
}

/**
 * Deep-merges `patch` into `target` in place: objects merge, arrays and scalars replace, `null`
 * removes the field. Refuses `__proto__`, `constructor` and `prototype`.
 *
 * @example
 * const data = { qa: { cause: 'labelling' } };
 * mergeData(data, { qa: { responsibleUnit: '二车间' } }); // { qa: { cause: 'labelling', responsibleUnit: '二车间' } }
 */
export function mergeData(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  assertSafeKeys(patch);
  mergeInto(target, patch);
  return target;
}

function mergeInto(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === undefined) continue;
    if (value === null) {
      delete target[key];
    } else if (isPlainObject(value) && isPlainObject(target[key])) {
      mergeInto(target[key] as Record<string, unknown>, value);
    } else {
      target[key] = structuredClone(value);
    }
  }
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * The value at a JSON pointer, or `undefined`.
 *
 * @example
 * readPointer({ qa: { cause: 'labelling' } }, '/qa/cause'); // 'labelling'
 */
export function readPointer(data: unknown, pointer: string): unknown {
  let at: unknown = data;
  for (const seg of parsePointer(pointer)) {
    if (at === null || typeof at !== 'object' || !Object.prototype.hasOwnProperty.call(at, seg)) return undefined;
    at = (at as Record<string, unknown>)[seg];
  }
  return at;
}

/**
 * Sets the value at a JSON pointer, creating objects on the way.
 *
 * @example
 * writePointer(data, '/decision/amount', { amount: 300000, currency: 'CNY' });
 */
export function writePointer(data: Record<string, unknown>, pointer: string, value: unknown): void {
  const segs = parsePointer(pointer);
  if (segs.length === 0) return;
  if (segs.some((s) => FORBIDDEN_KEYS.has(s))) assertSafeKeys({ [segs.find((s) => FORBIDDEN_KEYS.has(s))!]: 1 }, pointer);
  let at: Record<string, unknown> = data;
  for (const seg of segs.slice(0, -1)) {
    if (!isPlainObject(at[seg])) at[seg] = {};
    at = at[seg] as Record<string, unknown>;
  }
  at[segs.at(-1)!] = structuredClone(value);
}

/**
 * True when a pointer holds a value: not absent, `null` or blank text.
 *
 * @example
 * hasValue({ qa: { cause: '' } }, '/qa/cause'); // false
 */
export function hasValue(data: unknown, pointer: string): boolean {
  const v = readPointer(data, pointer);
  return v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');
}

/** Money is one value in the audit trail: `{ amount, currency }` changes as a whole. */
function isMoneyValue(v: unknown): boolean {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 2 && keys.includes('amount') && keys.includes('currency');
}

/**
 * The fields that differ, as JSON pointers with before and after; objects are compared field
 * by field, arrays, money and scalars as whole values.
 *
 * @example
 * diffData({ a: { b: 1 } }, { a: { b: 2, c: 3 } }); // [{ pointer: '/a/b', before: 1, after: 2 }, { pointer: '/a/c', after: 3 }]
 */
export function diffData(before: unknown, after: unknown, pointer = ''): FieldChange[] {
  if (isPlainObject(before) && isPlainObject(after) && !isMoneyValue(before) && !isMoneyValue(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffData(before[k], after[k], `${pointer}/${pointerSegment(k)}`));
  }
  if (before === undefined && isPlainObject(after) && !isMoneyValue(after)) return diffData({}, after, pointer);
  if (after === undefined && isPlainObject(before) && !isMoneyValue(before)) return diffData(before, {}, pointer);
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const change: FieldChange = { pointer };
  if (before !== undefined) change.before = structuredClone(before);
  if (after !== undefined) change.after = structuredClone(after);
  return [change];
}

/** Thrown inside {@link cloneData} when a value is not plain JSON data. */
const NOT_PLAIN = Symbol('not plain data');

function clonePlain(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') throw NOT_PLAIN;
    return value;
  }
  if (depth > MAX_DATA_DEPTH) throw NOT_PLAIN;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype || Object.keys(value).length !== value.length) throw NOT_PLAIN;
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = clonePlain(value[i], depth + 1);
    return copy;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) throw NOT_PLAIN;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__') throw NOT_PLAIN;
    copy[key] = clonePlain((value as Record<string, unknown>)[key], depth + 1);
  }
  return copy;
}

/**
 * A deep copy of form data, as `structuredClone` makes it: plain objects, arrays and primitives
 * (what a parsed request holds) are copied directly, several times faster; anything else (dates,
 * maps, odd prototypes, sparse arrays) goes to `structuredClone`, which then decides.
 *
 * @example
 * const data = cloneData(request.body.data); // data !== request.body.data, same content
 */
export function cloneData<T>(value: T): T {
  try {
    return clonePlain(value, 0) as T;
  } catch (e) {
    if (e !== NOT_PLAIN) throw e;
    return structuredClone(value);
  }
}
