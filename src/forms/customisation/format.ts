/**
 * The format of an admin's form customisation and its limits. A customisation changes a form's
 * fields, labels, copies and texts; approval limits and calendars are engine settings
 * (`PUT /admin/approval-matrix`, the settings), not form customisations, and are refused here.
 */
import type { CopyDefinition, CopyRoute } from '../../domain/document.js';
import type { FormTexts } from '../../domain/form-definition.js';
import type { Localized } from '../../domain/locale.js';

/**
 * The JSON Schema subset an added field may use: types, enums, lengths, patterns, formats,
 * numeric bounds, array items and nested objects with required properties. No references, no
 * combinators, no custom keywords.
 *
 * @example
 * const s: SafeFieldSchema = { type: 'string', maxLength: 40, pattern: '^RMA-\\d{6}$' };
 */
export interface SafeFieldSchema {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  enum?: (string | number | boolean)[];
  title?: string;
  description?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: (typeof SAFE_FORMATS)[number];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  items?: SafeFieldSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, SafeFieldSchema>;
  required?: string[];
  additionalProperties?: false;
}

/**
 * A field an admin adds to a form.
 *
 * @example
 * const f: AddedField = { schema: { type: 'string', maxLength: 40 }, label: { 'zh-CN': '退货授权号', en: 'RMA number' }, required: true };
 */
export interface AddedField {
  schema: SafeFieldSchema;
  label: Localized;
  /** Labels of the added field's own sub-fields, by pointer relative to it (`/street`). */
  labels?: Record<string, Localized>;
  required?: boolean;
  /** Pointer of an existing object field to add it into (e.g. `/qa`); the document's top level when absent. */
  section?: string;
}

/**
 * A change to one existing copy.
 *
 * @example
 * const c: CopyChange = { number: 2, hideFields: ['/decision/amount'] };
 */
export interface CopyChange {
  number: number;
  label?: Partial<Localized>;
  department?: CopyDefinition['department'];
  routes?: CopyRoute[];
  /** Field pointers (`*` for any array element) to leave off this copy. */
  hideFields?: string[];
  /** Field pointers to show again on this copy. */
  showFields?: string[];
}

/**
 * An admin's customisation of one form; every accepted one makes a new version.
 *
 * @example
 * const c: FormCustomisation = {
 *   addFields: { rmaNumber: { schema: { type: 'string', maxLength: 40 }, label: { 'zh-CN': '退货授权号', en: 'RMA number' }, required: true } },
 *   labels: { '/reason': { en: 'Why the customer complains' } },
 *   copyChanges: [{ number: 4, hideFields: ['/claimedAmount'] }],
 * };
 */
export interface FormCustomisation {
  title?: Partial<Localized>;
  addFields?: Record<string, AddedField>;
  /** Pointers of existing fields to make required (`/qa/responsibleUnit`, `/items/*\/unitPrice`). */
  requireFields?: string[];
  labels?: Record<string, Partial<Localized>>;
  /** Replaces every copy. */
  copies?: CopyDefinition[];
  addCopies?: CopyDefinition[];
  removeCopies?: number[];
  copyChanges?: CopyChange[];
  texts?: Partial<Record<keyof FormTexts, Partial<Localized>>>;
  /** Why the change was made; kept with the stored version. */
  note?: string;
}

/**
 * The sizes past which a customisation is refused.
 *
 * @example
 * CUSTOMISATION_LIMITS.enumEntries; // 1000
 */
export const CUSTOMISATION_LIMITS = {
  /** Bytes of the whole customisation as JSON. */
  totalBytes: 256 * 1024,
  fields: 200,
  enumEntries: 1000,
  enumValueLength: 200,
  patternLength: 256,
  /** Patterns per customisation, so proving them safe stays within seconds. */
  patterns: 20,
  /** Milliseconds recheck may spend proving a pattern safe; an undecided pattern is refused. */
  patternCheckMs: 1500,
  textLength: 2000,
  labelLength: 200,
  nestingDepth: 4,
  properties: 50,
  copies: 20,
  routes: 20,
  maxLengthBound: 100_000,
  maxItemsBound: 1000,
} as const;

/**
 * The formats an added string field may declare.
 *
 * @example
 * const s: SafeFieldSchema = { type: 'string', format: 'date' };
 */
export const SAFE_FORMATS = ['date', 'date-time', 'time', 'email', 'uri'] as const;

/**
 * Names that would reach into JavaScript's object machinery.
 *
 * @example
 * FORBIDDEN_NAMES.includes('__proto__'); // true
 */
export const FORBIDDEN_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'] as const;

/**
 * Keys that belong to engine settings, not to a form; named so the refusal can say where they go.
 *
 * @example
 * SETTINGS_KEYS.includes('approvalLimits'); // true
 */
export const SETTINGS_KEYS = ['approvalLimits', 'approvalMatrix', 'approval', 'limits', 'calendar', 'calendars', 'businessCalendar', 'deadlines'] as const;
