/**
 * Reads a form's JSON Schema and labels into what a slip prints: scalar fields for the bordered
 * grid and array fields for line-item tables. Driven by the schema, so fields an admin adds
 * print without a template change.
 */
import type { FormDefinition, JsonSchema } from '../domain/form-definition.js';
import type { Locale } from '../domain/locale.js';
import { formatMoney, type Money } from '../domain/money.js';
import { enumName } from './enum-names.js';

/**
 * One printable field of a form.
 *
 * @example
 * const f: SlipField = { pointer: '/customer/name', key: 'name', label: '客户名称', shape: 'text', wide: false };
 */
export interface SlipField {
  /** JSON pointer without array indexes, e.g. `/items/quantity` for a column. */
  pointer: string;
  key: string;
  label: string;
  shape: 'text' | 'long-text' | 'money' | 'number' | 'boolean' | 'date' | 'date-time' | 'list' | 'table' | 'comment';
  /** Columns of a line-item table. */
  columns?: SlipField[];
  schema: JsonSchema;
}

/**
 * How values are printed: locale and company time zone.
 *
 * @example
 * const f: ValueFormat = { locale: 'zh-CN', timeZone: 'Asia/Shanghai' };
 */
export interface ValueFormat {
  locale: Locale;
  timeZone: string;
}

function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let s = schema;
  for (let i = 0; i < 8 && typeof s.$ref === 'string' && s.$ref.startsWith('#/'); i++) {
    let target: unknown = root;
    for (const seg of s.$ref.slice(2).split('/')) target = (target as Record<string, unknown> | undefined)?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (!target || typeof target !== 'object') break;
    const { $ref: _ref, ...rest } = s;
    s = { ...(target as JsonSchema), ...rest };
  }
  return s;
}

/**
 * True for the `{ amount, currency }` shape of money.
 *
 * @example
 * isMoneySchema({ type: 'object', properties: { amount: {}, currency: {} } }); // true
 */
export function isMoneySchema(schema: JsonSchema): boolean {
  const props = schema.properties as Record<string, unknown> | undefined;
  return !!props && 'amount' in props && 'currency' in props && Object.keys(props).length === 2;
}

/**
 * True for a remark with its author and time (`{ text, by, at }`), printed as one line.
 *
 * @example
 * isCommentSchema({ properties: { text: {}, by: {}, at: {} } }); // true
 */
export function isCommentSchema(schema: JsonSchema): boolean {
  const keys = Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {});
  return keys.includes('text') && keys.every((k) => k === 'text' || k === 'by' || k === 'at');
}

function humanise(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The label of a field: the definition's label for the pointer (trying the usual spellings of
 * array items), else the schema's title, else the key made readable; nested fields without a
 * label of their own are prefixed with their parent's.
 *
 * @example
 * fieldLabel(def, '/customer/name', 'name', {}, 'zh-CN', '客户'); // '客户名称' or '客户 · Name'
 */
export function fieldLabel(definition: FormDefinition, pointer: string, key: string, schema: JsonSchema, locale: Locale, parentLabel?: string): string {
  const segs = pointer.split('/').slice(1);
  const candidates = [pointer];
  // A column can be labelled `/items/0/qty`, `/items/-/qty`, `/items/*/qty` or `/items/qty`.
  for (let i = segs.length - 1; i > 0; i--) {
    for (const marker of ['0', '-', '*']) candidates.push('/' + [...segs.slice(0, i), marker, ...segs.slice(i)].join('/'));
  }
  for (const c of candidates) {
    const l = definition.labels?.[c];
    if (l) return l[locale] ?? l.en;
  }
  if (typeof schema.title === 'string' && schema.title) return schema.title;
  return parentLabel ? `${parentLabel} · ${humanise(key)}` : humanise(key);
}

function shapeOf(schema: JsonSchema): SlipField['shape'] {
  const type = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== 'null') : schema.type;
  if (isMoneySchema(schema)) return 'money';
  if (type === 'boolean') return 'boolean';
  if (type === 'number' || type === 'integer') return 'number';
  if (schema.format === 'date') return 'date';
  if (schema.format === 'date-time') return 'date-time';
  if (type === 'array') return 'list';
  if (typeof schema.maxLength === 'number' && schema.maxLength > 200) return 'long-text';
  return 'text';
}

/**
 * Every printable field of a definition, in schema order: nested objects are flattened into
 * their leaves, arrays of objects become tables (with their own flattened columns).
 *
 * @example
 * slipFields(complaintDefinition, 'zh-CN').map((f) => f.pointer); // ['/customer/id', '/customer/name', …, '/decision/responsibility', …]
 */
export function slipFields(definition: FormDefinition, locale: Locale): SlipField[] {
  // Every copy of every document of a print run walks the same schema; walk it once per definition.
  let byLocale = fieldsByDefinition.get(definition);
  if (!byLocale) fieldsByDefinition.set(definition, (byLocale = new Map()));
  let fields = byLocale.get(locale);
  if (!fields) byLocale.set(locale, (fields = walkFields(definition, locale)));
  return fields;
}

const fieldsByDefinition = new WeakMap<FormDefinition, Map<Locale, SlipField[]>>();

function walkFields(definition: FormDefinition, locale: Locale): SlipField[] {
  const root = definition.schema;
  const walk = (schema: JsonSchema, pointer: string, parentLabel: string | undefined, out: SlipField[], depth: number): void => {
    const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const [key, raw] of Object.entries(props)) {
      const s = resolveRef(raw, root);
      const p = `${pointer}/${key}`;
      const label = fieldLabel(definition, p, key, s, locale, parentLabel);
      if (isCommentSchema(s)) {
        out.push({ pointer: p, key, label: fieldLabel(definition, p, key, s, locale, parentLabel), shape: 'comment', schema: s });
        continue;
      }
      if (s.properties && !isMoneySchema(s) && depth < 6) {
        walk(s, p, label, out, depth + 1);
        continue;
      }
      const items = s.items && typeof s.items === 'object' ? resolveRef(s.items as JsonSchema, root) : undefined;
      if (items?.properties && !isMoneySchema(items)) {
        const columns: SlipField[] = [];
        walk(items, p, undefined, columns, depth + 1);
        out.push({ pointer: p, key, label, shape: 'table', columns, schema: s });
        continue;
      }
      out.push({ pointer: p, key, label, shape: shapeOf(s), schema: s });
    }
  };
  const out: SlipField[] = [];
  walk(root, '', undefined, out, 0);
  return out;
}

/**
 * Reads a value by JSON pointer (array indexes allowed).
 *
 * @example
 * valueAt({ customer: { name: '华东' } }, '/customer/name'); // '华东'
 */
export function valueAt(data: unknown, pointer: string): unknown {
  if (pointer === '') return data;
  let v: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!Object.prototype.hasOwnProperty.call(v, seg)) return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A UTC instant as the company reads it: `YYYY-MM-DD HH:mm` in its time zone.
 *
 * @example
 * formatInstant('2026-11-03T01:30:00.000Z', 'Asia/Shanghai'); // '2026-11-03 09:30'
 */
export function formatInstant(iso: string, timeZone: string, withTime = true): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  let f = dateTimeFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    dateTimeFormats.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(d).map((p) => [p.type, p.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return withTime ? `${date} ${parts.hour}:${parts.minute}` : date;
}

function isMoney(v: unknown): v is Money {
  return !!v && typeof v === 'object' && typeof (v as Money).amount === 'number' && typeof (v as Money).currency === 'string';
}

/**
 * A value as printed on the slip, or `''` when there is none.
 *
 * @example
 * formatValue({ amount: 1920000, currency: 'CNY' }, field, def, { locale: 'zh-CN', timeZone: 'Asia/Shanghai' }); // '¥19,200.00'
 */
export function formatValue(value: unknown, field: Pick<SlipField, 'key' | 'pointer' | 'shape'>, definition: FormDefinition, fmt: ValueFormat): string {
  if (value === undefined || value === null || value === '') return '';
  if (field.shape === 'comment' && typeof value === 'object' && !Array.isArray(value)) {
    const { text, by, at } = value as { text?: unknown; by?: unknown; at?: unknown };
    const signed = [typeof by === 'string' ? by : '', typeof at === 'string' ? formatInstant(at, fmt.timeZone) : ''].filter(Boolean).join(fmt.locale === 'zh-CN' ? '，' : ', ');
    const body = typeof text === 'string' ? text : '';
    return signed ? (fmt.locale === 'zh-CN' ? `${body}（${signed}）` : `${body} (${signed})`) : body;
  }
  if (isMoney(value)) return Number.isSafeInteger(value.amount) ? formatMoney(value, fmt.locale) : '';
  if (typeof value === 'boolean') return value ? (fmt.locale === 'zh-CN' ? '是' : 'Yes') : fmt.locale === 'zh-CN' ? '否' : 'No';
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) >= 10000 ? value.toLocaleString('en-US') : String(value);
  if (typeof value === 'string') {
    if (field.shape === 'date-time' || (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && field.shape !== 'text' && field.shape !== 'long-text')) return formatInstant(value, fmt.timeZone);
    const own = definition.labels?.[`${field.pointer}/${value}`];
    if (own) return own[fmt.locale] ?? own.en;
    return enumName(field.key, value, fmt.locale) ?? value;
  }
  if (Array.isArray(value)) {
    return value
      .map((v) => (v && typeof v === 'object' && !isMoney(v) ? Object.values(v as Record<string, unknown>).filter((x) => typeof x === 'string').join(' ') : formatValue(v, field, definition, fmt)))
      .filter(Boolean)
      .join(fmt.locale === 'zh-CN' ? '、' : ', ');
  }
  if (typeof value === 'object') {
    return Object.values(value as Record<string, unknown>)
      .map((v) => formatValue(v, { ...field, shape: 'text' }, definition, fmt))
      .filter(Boolean)
      .join(' ');
  }
  return String(value);
}

/**
 * True when `pointer` is one of the hidden pointers or lies under one; array indexes and the
 * `-`/`*` item markers are ignored on both sides.
 *
 * @example
 * isHidden('/items/unitPrice', ['/items/0/unitPrice']); // true
 */
export function isHidden(pointer: string, hidden: readonly string[] | undefined): boolean {
  if (!hidden?.length) return false;
  const canon = (p: string) => p.split('/').filter((s) => !/^(\d+|-|\*)$/.test(s)).join('/');
  const p = canon(pointer);
  return hidden.some((h) => {
    const c = canon(h);
    return p === c || p.startsWith(c + '/');
  });
}
