/**
 * The audit trail's changes for a new document: every field it was filed with.
 */
import type { FieldChange } from '../document.js';
import { cloneData, diffData, pointerSegment } from '../workflow/data-merge.js';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Money is one value in the audit trail, as in `diffData`. */
function isMoneyValue(v: Record<string, unknown>): boolean {
  const keys = Object.keys(v);
  return keys.length === 2 && keys.includes('amount') && keys.includes('currency');
}

/**
 * What `diffData({}, data)` gives — one change per filled-in field, in pointer order, money as
 * one value — in one walk, without copying values that cannot change (strings, numbers, booleans):
 * every create records it.
 *
 * @example
 * creationChanges({ b: 1, a: { amount: 100, currency: 'CNY' } });
 * // [{ pointer: '/a', after: { amount: 100, currency: 'CNY' } }, { pointer: '/b', after: 1 }]
 */
export function creationChanges(data: Record<string, unknown>): FieldChange[] {
  if (!isPlainObject(data) || isMoneyValue(data)) return diffData({}, data);
  const changes: FieldChange[] = [];
  const walk = (value: unknown, pointer: string): void => {
    if (isPlainObject(value) && !isMoneyValue(value)) {
      for (const key of Object.keys(value).sort()) walk(value[key], `${pointer}/${pointerSegment(key)}`);
      return;
    }
    // What JSON cannot hold is no change, as `diffData` finds by comparing the JSON texts.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return;
    if (typeof value === 'bigint') JSON.stringify(value);
    changes.push({ pointer, after: typeof value === 'object' && value !== null ? cloneData(value) : value });
  };
  walk(data, '');
  return changes;
}
