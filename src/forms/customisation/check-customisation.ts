/**
 * Checks an admin's customisation before it is applied: known keys only, a safe JSON Schema
 * subset for added fields (no references, no patterns that can backtrack catastrophically,
 * bounded sizes), names that do not collide, pointers that exist. Every problem is reported at
 * once, each with a pointer into the customisation.
 */
import { checkSync } from 'recheck';
import type { FieldError } from '../../domain/errors.js';
import type { FormDefinition } from '../../domain/form-definition.js';
import type { Localized } from '../../domain/locale.js';
import { escapePointerSegment, isEnumValuePointer, pointerSegments, schemaAt } from '../validation/pointer.js';
import { CUSTOMISATION_LIMITS as LIMITS, FORBIDDEN_NAMES, SAFE_FORMATS, SETTINGS_KEYS } from './format.js';

type Json = Record<string, unknown>;

/** Collects the problems of one customisation. */
class Problems {
  readonly list: FieldError[] = [];
  patternsChecked = 0;
  add(pointer: string, code: string, zh: string, en: string): void {
    this.list.push({ pointer, code: `AFTERSALES.${code}`, message: { 'zh-CN': zh, en } });
  }
}

const TOP_KEYS = ['title', 'addFields', 'requireFields', 'labels', 'copies', 'addCopies', 'removeCopies', 'copyChanges', 'texts', 'note'];
const FIELD_KEYS = ['schema', 'label', 'labels', 'required', 'section'];
const COPY_KEYS = ['number', 'department', 'label', 'routes', 'hiddenFields'];
const COPY_CHANGE_KEYS = ['number', 'label', 'department', 'routes', 'hideFields', 'showFields'];
const TEXT_KEYS = ['title', 'subtitle', 'footer', 'notice'];
const REFERENCE_KEYWORDS = ['$ref', '$dynamicRef', '$recursiveRef', '$id', '$anchor', '$dynamicAnchor', '$defs', 'definitions', '$schema', '$vocabulary'];
const SCHEMA_KEYS_BY_TYPE: Record<string, string[]> = {
  any: ['type', 'enum', 'title', 'description'],
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  integer: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  boolean: [],
  array: ['items', 'minItems', 'maxItems', 'uniqueItems'],
  object: ['properties', 'required', 'additionalProperties'],
};
const FIELD_NAME = /^[a-z][A-Za-z0-9]{0,63}$/;
const DEPARTMENT_ID = /^[a-z][a-z0-9-]{0,39}$/;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (base: string, key: string | number): string => `${base}/${escapePointerSegment(String(key))}`;

/**
 * Every problem of `input` as a customisation of `current`; an empty list means it may be applied.
 *
 * @example
 * checkCustomisation(complaintV1, { addFields: { x: { schema: { $ref: 'https://evil.example/x.json' } } } });
 * // [{ pointer: '/addFields/x/schema/$ref', code: 'AFTERSALES.SCHEMA_REFERENCE_REFUSED', … }, …]
 */
export function checkCustomisation(current: FormDefinition, input: unknown): FieldError[] {
  const p = new Problems();
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(input) ?? '', 'utf8');
  } catch {
    p.add('', 'CUSTOMISATION_NOT_JSON', '定制内容必须是 JSON 数据', 'A customisation must be plain JSON');
    return p.list;
  }
  if (size > LIMITS.totalBytes) {
    p.add('', 'CUSTOMISATION_TOO_LARGE', `定制内容 ${size} 字节，超过上限 ${LIMITS.totalBytes} 字节`, `The customisation is ${size} bytes, more than the limit of ${LIMITS.totalBytes}`);
    return p.list;
  }
  if (!isRecord(input)) {
    p.add('', 'CUSTOMISATION_NOT_OBJECT', '定制内容必须是 JSON 对象', 'A customisation must be a JSON object');
    return p.list;
  }
  for (const key of Object.keys(input)) {
    if ((SETTINGS_KEYS as readonly string[]).includes(key)) {
      p.add(at('', key), 'NOT_A_FORM_SETTING', `“${key}”不是表单定制项：核决权限在 /admin/approval-matrix 设置，行事历在公司设置中维护`, `"${key}" is not part of a form: approval limits are set at /admin/approval-matrix and calendars in the company settings`);
    } else if (!TOP_KEYS.includes(key)) {
      p.add(at('', key), 'CUSTOMISATION_UNKNOWN_KEY', `未知的定制项“${key}”`, `Unknown customisation key "${key}"`);
    }
  }

  const schema = structuredClone(current.schema);
  if (input.title !== undefined) checkPartialLocalized(p, '/title', input.title, LIMITS.labelLength);
  if (input.note !== undefined && (typeof input.note !== 'string' || input.note.length > LIMITS.textLength)) {
    p.add('/note', 'CUSTOMISATION_NOTE_INVALID', `说明必须是不超过 ${LIMITS.textLength} 字的文字`, `The note must be text of at most ${LIMITS.textLength} characters`);
  }
  const added = checkAddedFields(p, schema, input.addFields);
  checkRequireFields(p, schema, input.requireFields);
  if (input.labels !== undefined) {
    if (!isRecord(input.labels)) p.add('/labels', 'CUSTOMISATION_LABELS_INVALID', '标签必须是以字段指针为键的对象', 'Labels must be an object keyed by field pointer');
    else
      for (const [pointer, label] of Object.entries(input.labels)) {
        // A coded value is relabelled by its field pointer plus the value (`/severity/severe`).
        if (!isEnumValuePointer(schema, pointer)) checkFieldPointer(p, at('/labels', pointer), schema, pointer, added);
        checkPartialLocalized(p, at('/labels', pointer), label, LIMITS.labelLength);
      }
  }
  checkCopies(p, current, schema, added, input);
  checkTexts(p, input.texts);
  return p.list;
}

// ───────────────────────────── added fields ─────────────────────────────

/** Checks `addFields`; returns the pointers the new fields will have. */
function checkAddedFields(p: Problems, schema: Json, addFields: unknown): Set<string> {
  const added = new Set<string>();
  if (addFields === undefined) return added;
  if (!isRecord(addFields)) {
    p.add('/addFields', 'CUSTOMISATION_FIELDS_INVALID', '新增字段必须是以字段名为键的对象', 'addFields must be an object keyed by field name');
    return added;
  }
  const names = Object.keys(addFields);
  if (names.length > LIMITS.fields) {
    p.add('/addFields', 'CUSTOMISATION_TOO_MANY_FIELDS', `一次最多新增 ${LIMITS.fields} 个字段`, `At most ${LIMITS.fields} fields may be added at once`);
    return added;
  }
  for (const name of names) {
    const base = at('/addFields', name);
    const field = addFields[name];
    checkFieldName(p, base, name);
    if (!isRecord(field)) {
      p.add(base, 'CUSTOMISATION_FIELD_INVALID', '新增字段必须是对象（schema、label 等）', 'An added field must be an object (schema, label, …)');
      continue;
    }
    for (const key of Object.keys(field)) if (!FIELD_KEYS.includes(key)) p.add(at(base, key), 'CUSTOMISATION_UNKNOWN_KEY', `未知的字段设置“${key}”`, `Unknown field setting "${key}"`);
    let section = '';
    if (field.section !== undefined) {
      const target = typeof field.section === 'string' ? schemaAt(schema, field.section) : undefined;
      if (typeof field.section !== 'string' || !field.section.startsWith('/') || field.section.includes('*') || !target || target.type !== 'object' || !isRecord(target.properties)) {
        p.add(at(base, 'section'), 'CUSTOMISATION_SECTION_UNKNOWN', `区段“${String(field.section)}”不是本表单的对象字段（如 /qa）`, `Section "${String(field.section)}" is not an object field of this form (e.g. /qa)`);
        continue;
      }
      section = field.section;
    }
    const target = section ? schemaAt(schema, section) : schema;
    const pointer = `${section}/${escapePointerSegment(name)}`;
    if (isRecord(target?.properties) && Object.prototype.hasOwnProperty.call(target.properties, name)) {
      p.add(base, 'CUSTOMISATION_FIELD_EXISTS', `字段 ${pointer} 已存在`, `Field ${pointer} already exists`);
      continue;
    }
    if (added.has(pointer)) continue;
    added.add(pointer);
    checkLocalized(p, at(base, 'label'), field.label, LIMITS.labelLength);
    if (field.required !== undefined && typeof field.required !== 'boolean') p.add(at(base, 'required'), 'CUSTOMISATION_REQUIRED_INVALID', 'required 必须是 true 或 false', 'required must be true or false');
    if (field.schema === undefined) p.add(at(base, 'schema'), 'CUSTOMISATION_SCHEMA_MISSING', '新增字段需要 schema', 'An added field needs a schema');
    else {
      const inner = checkFieldSchema(p, at(base, 'schema'), field.schema, 1);
      for (const sub of inner) added.add(pointer + sub);
    }
    if (field.labels !== undefined) {
      if (!isRecord(field.labels)) p.add(at(base, 'labels'), 'CUSTOMISATION_LABELS_INVALID', '标签必须是对象', 'labels must be an object');
      else
        for (const [sub, label] of Object.entries(field.labels)) {
          if (!added.has(pointer + sub)) p.add(at(at(base, 'labels'), sub), 'CUSTOMISATION_FIELD_UNKNOWN', `新增字段没有子字段 ${sub}`, `The added field has no sub-field ${sub}`);
          checkLocalized(p, at(at(base, 'labels'), sub), label, LIMITS.labelLength);
        }
    }
  }
  return added;
}

function checkFieldName(p: Problems, pointer: string, name: string): void {
  if ((FORBIDDEN_NAMES as readonly string[]).includes(name)) {
    p.add(pointer, 'FIELD_NAME_FORBIDDEN', `字段名“${name}”是保留字`, `The field name "${name}" is reserved`);
  } else if (!FIELD_NAME.test(name)) {
    p.add(pointer, 'FIELD_NAME_INVALID', `字段名“${name}”须为以小写字母开头的英文驼峰名（至多 64 字符）`, `The field name "${name}" must be camelCase ASCII starting with a lower-case letter (at most 64 characters)`);
  }
}

/**
 * Checks one schema of the safe subset; returns the sub-field pointers it defines (relative).
 */
function checkFieldSchema(p: Problems, base: string, s: unknown, depth: number): string[] {
  const subFields: string[] = [];
  if (!isRecord(s)) {
    p.add(base, 'SCHEMA_NOT_OBJECT', '字段定义必须是 JSON Schema 对象', 'A field schema must be a JSON Schema object');
    return subFields;
  }
  if (depth > LIMITS.nestingDepth) {
    p.add(base, 'SCHEMA_TOO_DEEP', `字段嵌套超过 ${LIMITS.nestingDepth} 层`, `Fields nest deeper than ${LIMITS.nestingDepth} levels`);
    return subFields;
  }
  const type = s.type;
  const types = Object.keys(SCHEMA_KEYS_BY_TYPE).filter((k) => k !== 'any');
  if (type !== undefined && (typeof type !== 'string' || !types.includes(type))) {
    p.add(at(base, 'type'), 'SCHEMA_TYPE_INVALID', `类型须为 ${types.join('、')} 之一`, `type must be one of ${types.join(', ')}`);
  }
  if (type === undefined && s.enum === undefined) p.add(base, 'SCHEMA_TYPE_MISSING', '字段定义需要 type 或 enum', 'A field schema needs a type or an enum');
  const allowed = [...SCHEMA_KEYS_BY_TYPE.any!, ...(typeof type === 'string' ? (SCHEMA_KEYS_BY_TYPE[type] ?? []) : [])];
  for (const key of Object.keys(s)) {
    if (REFERENCE_KEYWORDS.includes(key)) {
      p.add(at(base, key), 'SCHEMA_REFERENCE_REFUSED', `不允许引用（${key}）：新增字段的定义必须自成一体`, `References (${key}) are not allowed: an added field's schema must be self-contained`);
    } else if (!allowed.includes(key)) {
      p.add(at(base, key), 'SCHEMA_KEYWORD_REFUSED', `不支持的关键字“${key}”${typeof type === 'string' ? `（类型 ${type}）` : ''}`, `Keyword "${key}" is not allowed${typeof type === 'string' ? ` for type ${type}` : ''}`);
    }
  }
  for (const key of ['title', 'description']) {
    if (s[key] !== undefined && (typeof s[key] !== 'string' || (s[key] as string).length > LIMITS.textLength)) {
      p.add(at(base, key), 'SCHEMA_TEXT_INVALID', `${key} 必须是不超过 ${LIMITS.textLength} 字的文字`, `${key} must be text of at most ${LIMITS.textLength} characters`);
    }
  }
  if (s.enum !== undefined) checkEnum(p, at(base, 'enum'), s.enum);
  for (const key of ['minLength', 'maxLength', 'minItems', 'maxItems']) {
    const v = s[key];
    const bound = key.endsWith('Items') ? LIMITS.maxItemsBound : LIMITS.maxLengthBound;
    if (v !== undefined && (!Number.isSafeInteger(v) || (v as number) < 0 || (v as number) > bound)) {
      p.add(at(base, key), 'SCHEMA_BOUND_INVALID', `${key} 须为 0 到 ${bound} 之间的整数`, `${key} must be a whole number from 0 to ${bound}`);
    }
  }
  if (s.type === 'array' && s.maxItems === undefined && s.items !== undefined) {
    p.add(at(base, 'maxItems'), 'SCHEMA_BOUND_MISSING', `数组字段须设定 maxItems（至多 ${LIMITS.maxItemsBound}）`, `An array field needs maxItems (at most ${LIMITS.maxItemsBound})`);
  }
  for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']) {
    if (s[key] !== undefined && (typeof s[key] !== 'number' || !Number.isFinite(s[key]))) p.add(at(base, key), 'SCHEMA_BOUND_INVALID', `${key} 须为数字`, `${key} must be a number`);
  }
  if (s.multipleOf !== undefined && (typeof s.multipleOf !== 'number' || !(s.multipleOf > 0))) p.add(at(base, 'multipleOf'), 'SCHEMA_BOUND_INVALID', 'multipleOf 须为正数', 'multipleOf must be a positive number');
  if (s.uniqueItems !== undefined && typeof s.uniqueItems !== 'boolean') p.add(at(base, 'uniqueItems'), 'SCHEMA_BOUND_INVALID', 'uniqueItems 须为 true 或 false', 'uniqueItems must be true or false');
  if (s.format !== undefined && !(SAFE_FORMATS as readonly unknown[]).includes(s.format)) {
    p.add(at(base, 'format'), 'SCHEMA_FORMAT_REFUSED', `格式须为 ${SAFE_FORMATS.join('、')} 之一`, `format must be one of ${SAFE_FORMATS.join(', ')}`);
  }
  if (s.pattern !== undefined) checkPattern(p, at(base, 'pattern'), s.pattern);
  if (s.additionalProperties !== undefined && s.additionalProperties !== false) {
    p.add(at(base, 'additionalProperties'), 'SCHEMA_KEYWORD_REFUSED', 'additionalProperties 只能为 false', 'additionalProperties may only be false');
  }
  if (s.type === 'array' && s.items !== undefined) {
    for (const sub of checkFieldSchema(p, at(base, 'items'), s.items, depth + 1)) subFields.push('/*' + sub);
  }
  if (s.type === 'array' && s.items === undefined) p.add(at(base, 'items'), 'SCHEMA_ITEMS_MISSING', '数组字段需要 items', 'An array field needs items');
  if (s.properties !== undefined) {
    if (!isRecord(s.properties)) p.add(at(base, 'properties'), 'SCHEMA_PROPERTIES_INVALID', 'properties 必须是对象', 'properties must be an object');
    else {
      const names = Object.keys(s.properties);
      if (names.length > LIMITS.properties) p.add(at(base, 'properties'), 'SCHEMA_TOO_MANY_PROPERTIES', `至多 ${LIMITS.properties} 个子字段`, `At most ${LIMITS.properties} sub-fields`);
      for (const name of names.slice(0, LIMITS.properties)) {
        const sub = at(at(base, 'properties'), name);
        checkFieldName(p, sub, name);
        subFields.push('/' + escapePointerSegment(name));
        for (const inner of checkFieldSchema(p, sub, s.properties[name], depth + 1)) subFields.push('/' + escapePointerSegment(name) + inner);
      }
    }
  }
  if (s.required !== undefined) {
    const props = isRecord(s.properties) ? s.properties : {};
    if (!Array.isArray(s.required) || s.required.some((r) => typeof r !== 'string' || !Object.prototype.hasOwnProperty.call(props, r))) {
      p.add(at(base, 'required'), 'SCHEMA_REQUIRED_INVALID', 'required 只能列出 properties 中的子字段', 'required may only list sub-fields declared in properties');
    }
  }
  return subFields;
}

function checkEnum(p: Problems, pointer: string, values: unknown): void {
  if (!Array.isArray(values) || values.length === 0) {
    p.add(pointer, 'SCHEMA_ENUM_INVALID', '枚举必须是非空数组', 'enum must be a non-empty array');
    return;
  }
  if (values.length > LIMITS.enumEntries) {
    p.add(pointer, 'SCHEMA_ENUM_TOO_LARGE', `枚举有 ${values.length} 项，上限 ${LIMITS.enumEntries} 项`, `The enum has ${values.length} entries; the limit is ${LIMITS.enumEntries}`);
    return;
  }
  const seen = new Set<unknown>();
  values.forEach((v, i) => {
    const ok = (typeof v === 'string' && v.length <= LIMITS.enumValueLength) || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
    if (!ok) p.add(at(pointer, i), 'SCHEMA_ENUM_INVALID', `枚举值须为不超过 ${LIMITS.enumValueLength} 字的文字、数字或布尔值`, `An enum value must be a string of at most ${LIMITS.enumValueLength} characters, a number or a boolean`);
    else if (seen.has(v)) p.add(at(pointer, i), 'SCHEMA_ENUM_DUPLICATE', `枚举值 ${JSON.stringify(v)} 重复`, `The enum value ${JSON.stringify(v)} is repeated`);
    seen.add(v);
  });
}

/**
 * Refuses a pattern that is too long, does not compile as a Unicode regular expression (as ajv
 * compiles it), or that recheck cannot prove free of catastrophic backtracking in time.
 */
function checkPattern(p: Problems, pointer: string, pattern: unknown): void {
  if (typeof pattern !== 'string') {
    p.add(pointer, 'PATTERN_INVALID', '正则表达式必须是文字', 'A pattern must be a string');
    return;
  }
  if (++p.patternsChecked > LIMITS.patterns) {
    p.add(pointer, 'PATTERN_TOO_MANY', `一次定制至多 ${LIMITS.patterns} 个正则表达式`, `At most ${LIMITS.patterns} patterns per customisation`);
    return;
  }
  if (pattern.length > LIMITS.patternLength) {
    p.add(pointer, 'PATTERN_TOO_LONG', `正则表达式长 ${pattern.length} 字符，上限 ${LIMITS.patternLength}`, `The pattern is ${pattern.length} characters long; the limit is ${LIMITS.patternLength}`);
    return;
  }
  try {
    new RegExp(pattern, 'u');
  } catch (e) {
    p.add(pointer, 'PATTERN_INVALID', `正则表达式无效：${(e as Error).message}`, `The pattern is not a valid regular expression: ${(e as Error).message}`);
    return;
  }
  let status: string;
  let attack = '';
  try {
    const result = checkSync(pattern, 'u', { timeout: LIMITS.patternCheckMs });
    status = result.status;
    if (result.status === 'vulnerable') attack = `${result.complexity.type}`;
  } catch {
    status = 'unknown';
  }
  if (status === 'vulnerable') {
    p.add(pointer, 'PATTERN_UNSAFE', `正则表达式可能灾难性回溯（${attack} 复杂度），可被恶意输入拖垮`, `The pattern can backtrack catastrophically (${attack} complexity); hostile input could hang validation`);
  } else if (status !== 'safe') {
    p.add(pointer, 'PATTERN_UNSAFE', '无法在时限内确认正则表达式不会灾难性回溯，请简化', 'The pattern could not be proven free of catastrophic backtracking in time; simplify it');
  }
}

// ───────────────────────────── pointers, labels, texts ─────────────────────────────

function fieldExists(schema: Json, pointer: string, added: Set<string>): boolean {
  return added.has(pointer) || (pointer.startsWith('/') && schemaAt(schema, pointer) !== undefined);
}

function checkFieldPointer(p: Problems, at_: string, schema: Json, pointer: unknown, added: Set<string>): boolean {
  if (typeof pointer !== 'string' || !fieldExists(schema, pointer, added)) {
    p.add(at_, 'CUSTOMISATION_FIELD_UNKNOWN', `表单没有字段 ${String(pointer)}`, `The form has no field ${String(pointer)}`);
    return false;
  }
  return true;
}

function checkRequireFields(p: Problems, schema: Json, requireFields: unknown): void {
  if (requireFields === undefined) return;
  if (!Array.isArray(requireFields)) {
    p.add('/requireFields', 'CUSTOMISATION_REQUIRE_INVALID', 'requireFields 必须是字段指针数组', 'requireFields must be an array of field pointers');
    return;
  }
  requireFields.forEach((pointer, i) => {
    const here = at('/requireFields', i);
    if (!checkFieldPointer(p, here, schema, pointer, new Set())) return;
    const segments = pointerSegments(pointer as string);
    const last = segments.at(-1);
    if (last === '*') p.add(here, 'CUSTOMISATION_REQUIRE_INVALID', '不能将数组元素本身设为必填', 'An array element itself cannot be made required');
  });
}

function checkLocalized(p: Problems, pointer: string, v: unknown, max: number): void {
  if (!isRecord(v) || typeof v['zh-CN'] !== 'string' || typeof v.en !== 'string') {
    p.add(pointer, 'LOCALIZED_INVALID', '需要中文（zh-CN）与英文（en）两种文字', 'Both zh-CN and en texts are needed');
    return;
  }
  checkPartialLocalized(p, pointer, v, max);
}

function checkPartialLocalized(p: Problems, pointer: string, v: unknown, max: number): void {
  if (!isRecord(v)) {
    p.add(pointer, 'LOCALIZED_INVALID', '须为 { "zh-CN": …, "en": … } 对象', 'Must be an object { "zh-CN": …, "en": … }');
    return;
  }
  for (const [key, text] of Object.entries(v)) {
    if (key !== 'zh-CN' && key !== 'en') p.add(at(pointer, key), 'LOCALIZED_INVALID', `不支持的语言“${key}”（只支持 zh-CN、en）`, `Unsupported language "${key}" (zh-CN and en only)`);
    else if (typeof text !== 'string' || text.length === 0 || text.length > max) p.add(at(pointer, key), 'LOCALIZED_INVALID', `文字须为 1 到 ${max} 个字符`, `The text must be 1 to ${max} characters`);
  }
}

/** Only `{{name}}` and `{{a.b}}` references: no helpers, partials, triple-stash or comments. */
const SIMPLE_REFERENCE = /^\{\{\s*[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*\s*\}\}$/;

function checkTexts(p: Problems, texts: unknown): void {
  if (texts === undefined) return;
  if (!isRecord(texts)) {
    p.add('/texts', 'CUSTOMISATION_TEXTS_INVALID', 'texts 必须是对象', 'texts must be an object');
    return;
  }
  for (const [key, value] of Object.entries(texts)) {
    const base = at('/texts', key);
    if (!TEXT_KEYS.includes(key)) {
      p.add(base, 'CUSTOMISATION_UNKNOWN_KEY', `未知的文字项“${key}”（title、subtitle、footer、notice）`, `Unknown text "${key}" (title, subtitle, footer, notice)`);
      continue;
    }
    checkPartialLocalized(p, base, value, LIMITS.textLength);
    if (!isRecord(value)) continue;
    for (const [locale, text] of Object.entries(value)) {
      if (typeof text !== 'string') continue;
      const refs = text.match(/\{\{[^]*?\}\}\}?/g) ?? [];
      const leftovers = text.replace(/\{\{[^]*?\}\}\}?/g, '');
      if (refs.some((r) => !SIMPLE_REFERENCE.test(r)) || leftovers.includes('{{')) {
        p.add(at(base, locale), 'TEMPLATE_REFUSED', '文字中只能引用 {{number}} 这类简单字段，不能用助手、局部模板或三重括号', 'Texts may only reference simple fields such as {{number}}: no helpers, partials or triple braces');
      }
    }
  }
}

// ───────────────────────────── copies ─────────────────────────────

function checkDepartment(p: Problems, pointer: string, department: unknown, schema: Json, added: Set<string>): void {
  if (typeof department === 'string') {
    if (!DEPARTMENT_ID.test(department)) p.add(pointer, 'DEPARTMENT_INVALID', `部门代码“${department}”须为小写字母、数字和连字符`, `Department id "${department}" must be lower-case letters, digits and hyphens`);
    return;
  }
  if (isRecord(department) && Object.keys(department).length === 1 && typeof department.field === 'string') {
    if (!fieldExists(schema, department.field, added) || department.field.includes('*')) {
      p.add(at(pointer, 'field'), 'CUSTOMISATION_FIELD_UNKNOWN', `表单没有字段 ${department.field}`, `The form has no field ${department.field}`);
    }
    return;
  }
  p.add(pointer, 'DEPARTMENT_INVALID', '部门须为部门代码或 { "field": 字段指针 }', 'A department is a department id or { "field": pointer }');
}

function checkRoutes(p: Problems, pointer: string, routes: unknown, current: FormDefinition, schema: Json, added: Set<string>): void {
  if (!Array.isArray(routes) || routes.length > LIMITS.routes) {
    p.add(pointer, 'COPY_ROUTES_INVALID', `送达规则须为数组（至多 ${LIMITS.routes} 条）`, `routes must be an array of at most ${LIMITS.routes}`);
    return;
  }
  const states = Object.keys(current.states);
  routes.forEach((route, i) => {
    const base = at(pointer, i);
    if (!isRecord(route)) {
      p.add(base, 'COPY_ROUTES_INVALID', '送达规则须为 { onState, department }', 'A route is { onState, department }');
      return;
    }
    for (const key of Object.keys(route)) if (key !== 'onState' && key !== 'department') p.add(at(base, key), 'CUSTOMISATION_UNKNOWN_KEY', `未知的送达设置“${key}”`, `Unknown route setting "${key}"`);
    if (typeof route.onState !== 'string' || (states.length > 0 && !states.includes(route.onState))) {
      p.add(at(base, 'onState'), 'STATE_UNKNOWN', `流程没有状态“${String(route.onState)}”（可用：${states.join('、')}）`, `The workflow has no state "${String(route.onState)}" (states: ${states.join(', ')})`);
    }
    checkDepartment(p, at(base, 'department'), route.department, schema, added);
  });
}

function checkHidden(p: Problems, pointer: string, fields: unknown, schema: Json, added: Set<string>): void {
  if (!Array.isArray(fields) || fields.length > 500) {
    p.add(pointer, 'COPY_FIELDS_INVALID', '须为字段指针数组', 'Must be an array of field pointers');
    return;
  }
  fields.forEach((f, i) => checkFieldPointer(p, at(pointer, i), schema, f, added));
}

function checkCopyDefinition(p: Problems, pointer: string, copy: unknown, current: FormDefinition, schema: Json, added: Set<string>): number | undefined {
  if (!isRecord(copy)) {
    p.add(pointer, 'COPY_INVALID', '联次须为对象', 'A copy must be an object');
    return undefined;
  }
  for (const key of Object.keys(copy)) if (!COPY_KEYS.includes(key)) p.add(at(pointer, key), 'CUSTOMISATION_UNKNOWN_KEY', `未知的联次设置“${key}”`, `Unknown copy setting "${key}"`);
  if (!Number.isSafeInteger(copy.number) || (copy.number as number) < 1 || (copy.number as number) > LIMITS.copies) {
    p.add(at(pointer, 'number'), 'COPY_NUMBER_INVALID', `联次编号须为 1 到 ${LIMITS.copies} 的整数`, `A copy number is a whole number from 1 to ${LIMITS.copies}`);
  }
  checkDepartment(p, at(pointer, 'department'), copy.department, schema, added);
  checkLocalized(p, at(pointer, 'label'), copy.label, LIMITS.labelLength);
  checkRoutes(p, at(pointer, 'routes'), copy.routes, current, schema, added);
  if (copy.hiddenFields !== undefined) checkHidden(p, at(pointer, 'hiddenFields'), copy.hiddenFields, schema, added);
  return Number.isSafeInteger(copy.number) ? (copy.number as number) : undefined;
}

function checkCopies(p: Problems, current: FormDefinition, schema: Json, added: Set<string>, input: Json): void {
  let numbers = current.copies.map((c) => c.number);
  if (input.copies !== undefined) {
    if (!Array.isArray(input.copies) || input.copies.length === 0 || input.copies.length > LIMITS.copies) {
      p.add('/copies', 'COPIES_INVALID', `联次须为 1 到 ${LIMITS.copies} 项的数组`, `copies must be an array of 1 to ${LIMITS.copies} copies`);
      return;
    }
    numbers = input.copies.map((c, i) => checkCopyDefinition(p, at('/copies', i), c, current, schema, added) ?? -1);
  }
  if (input.removeCopies !== undefined) {
    if (!Array.isArray(input.removeCopies)) p.add('/removeCopies', 'COPIES_INVALID', 'removeCopies 须为联次编号数组', 'removeCopies must be an array of copy numbers');
    else
      input.removeCopies.forEach((n, i) => {
        if (!numbers.includes(n as number)) p.add(at('/removeCopies', i), 'COPY_UNKNOWN', `没有第 ${String(n)} 联`, `There is no copy ${String(n)}`);
      });
    if (Array.isArray(input.removeCopies)) numbers = numbers.filter((n) => !(input.removeCopies as unknown[]).includes(n));
  }
  if (input.addCopies !== undefined) {
    if (!Array.isArray(input.addCopies) || input.addCopies.length > LIMITS.copies) p.add('/addCopies', 'COPIES_INVALID', 'addCopies 须为联次数组', 'addCopies must be an array of copies');
    else numbers = [...numbers, ...input.addCopies.map((c, i) => checkCopyDefinition(p, at('/addCopies', i), c, current, schema, added) ?? -1)];
  }
  if (input.copyChanges !== undefined) {
    if (!Array.isArray(input.copyChanges)) p.add('/copyChanges', 'COPIES_INVALID', 'copyChanges 须为数组', 'copyChanges must be an array');
    else
      input.copyChanges.forEach((change, i) => {
        const base = at('/copyChanges', i);
        if (!isRecord(change)) {
          p.add(base, 'COPY_INVALID', '联次修改须为对象', 'A copy change must be an object');
          return;
        }
        for (const key of Object.keys(change)) if (!COPY_CHANGE_KEYS.includes(key)) p.add(at(base, key), 'CUSTOMISATION_UNKNOWN_KEY', `未知的联次设置“${key}”`, `Unknown copy setting "${key}"`);
        if (!numbers.includes(change.number as number)) p.add(at(base, 'number'), 'COPY_UNKNOWN', `没有第 ${String(change.number)} 联`, `There is no copy ${String(change.number)}`);
        if (change.label !== undefined) checkPartialLocalized(p, at(base, 'label'), change.label, LIMITS.labelLength);
        if (change.department !== undefined) checkDepartment(p, at(base, 'department'), change.department, schema, added);
        if (change.routes !== undefined) checkRoutes(p, at(base, 'routes'), change.routes, current, schema, added);
        if (change.hideFields !== undefined) checkHidden(p, at(base, 'hideFields'), change.hideFields, schema, added);
        if (change.showFields !== undefined) checkHidden(p, at(base, 'showFields'), change.showFields, schema, added);
      });
  }
  const sorted = [...numbers].sort((a, b) => a - b);
  if (sorted.length === 0) p.add('/copies', 'COPIES_INVALID', '表单至少要有一联', 'A form needs at least one copy');
  else if (sorted.length > LIMITS.copies) p.add('/copies', 'COPIES_INVALID', `表单至多 ${LIMITS.copies} 联`, `A form has at most ${LIMITS.copies} copies`);
  else if (sorted.some((n, i) => n !== i + 1)) {
    p.add(input.copies !== undefined ? '/copies' : input.addCopies !== undefined ? '/addCopies' : '/removeCopies', 'COPY_NUMBERS_NOT_CONSECUTIVE', `联次编号须从 1 连续编号，现为 ${sorted.join('、')}`, `Copies must be numbered 1, 2, 3, … without gaps or repeats; they are ${sorted.join(', ')}`);
  }
}

/**
 * The label a customisation gives a field, merged over the current one.
 *
 * @example
 * mergeLabel({ 'zh-CN': '原因', en: 'Reason' }, { en: 'Why' }); // { 'zh-CN': '原因', en: 'Why' }
 */
export function mergeLabel(current: Localized | undefined, change: Partial<Localized>): Localized {
  return { 'zh-CN': change['zh-CN'] ?? current?.['zh-CN'] ?? change.en ?? '', en: change.en ?? current?.en ?? change['zh-CN'] ?? '' };
}
