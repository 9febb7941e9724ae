/**
 * JSON Schema validation of form documents with ajv (draft 2020-12): every error at once, each
 * as a {@link FieldError} with a JSON pointer and a message in zh-CN and en.
 */
import { createHash } from 'node:crypto';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import localizeZhModule from 'ajv-i18n/localize/zh/index.js';
import localizeEnModule from 'ajv-i18n/localize/en/index.js';
import type { FieldError } from '../../domain/errors.js';
import type { FormDefinition, JsonSchema } from '../../domain/form-definition.js';
import type { Localized } from '../../domain/locale.js';
import { canonicalJson } from '../../domain/audit/chain.js';
import { escapePointerSegment, labelOf } from './pointer.js';

type Localize = (errors?: ErrorObject[] | null) => void;
// The three packages are CommonJS whose module.exports is the function itself.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const localizeZh = localizeZhModule as unknown as Localize;
const localizeEn = localizeEnModule as unknown as Localize;

/**
 * The ajv instance the package validates with: draft 2020-12, all errors, standard formats.
 *
 * @example
 * const ajv = createFormAjv();
 * const validate = ajv.compile(schema);
 */
export function createFormAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  addFormats(ajv);
  return ajv;
}

/**
 * Compiles and caches form schemas (per kind, version and schema content) and turns ajv's errors
 * into field errors labelled with the definition's field labels.
 *
 * @example
 * const validator = new SchemaValidator();
 * const errors = validator.validate(definition, data); // [] when valid
 */
export class SchemaValidator {
  private readonly ajv = createFormAjv();
  /** Fast path: the same schema object validates without hashing. */
  private readonly bySchemaObject = new WeakMap<object, ValidateFunction>();
  /** A definition read back from a store is a new object with the same content. */
  private readonly byContent = new Map<string, ValidateFunction>();

  /**
   * The compiled validation function of a definition's schema.
   *
   * @example
   * const fn = validator.compiled(definition); fn(data);
   */
  compiled(definition: Pick<FormDefinition, 'kind' | 'version' | 'schema'>): ValidateFunction {
    const hit = this.bySchemaObject.get(definition.schema);
    if (hit) return hit;
    const key = `${definition.kind}@${definition.version}#${schemaHash(definition.schema)}`;
    let fn = this.byContent.get(key);
    if (!fn) {
      // Versions of one form share their $id; ajv would refuse to register the second one.
      const { $id: _id, ...withoutId } = definition.schema;
      void _id;
      fn = this.ajv.compile(withoutId);
      this.byContent.set(key, fn);
    }
    this.bySchemaObject.set(definition.schema, fn);
    return fn;
  }

  /**
   * Every schema error of `data` against `definition`, or an empty list.
   *
   * @example
   * validator.validate(def, { customer: {} }); // [{ pointer: '/customer/id', code: 'required', … }, …]
   */
  validate(definition: Pick<FormDefinition, 'kind' | 'version' | 'schema' | 'labels'>, data: unknown): FieldError[] {
    const fn = this.compiled(definition);
    if (fn(data)) return [];
    return toFieldErrors(fn.errors ?? [], definition.labels);
  }
}

/**
 * A stable hash of a schema's content, independent of key order.
 *
 * @example
 * schemaHash({ b: 1, a: 2 }) === schemaHash({ a: 2, b: 1 }); // true
 */
export function schemaHash(schema: JsonSchema): string {
  return createHash('sha256').update(canonicalJson(schema)).digest('hex').slice(0, 32);
}

/**
 * Turns ajv errors into field errors: the pointer names the failing field itself (the missing or
 * extra property included) and the message in both languages starts with the field's label.
 *
 * @example
 * toFieldErrors(validate.errors ?? [], definition.labels);
 */
export function toFieldErrors(errors: ErrorObject[], labels: Record<string, Localized> = {}): FieldError[] {
  const zh = errors.map((e) => ({ ...e }));
  const en = errors.map((e) => ({ ...e }));
  localizeZh(zh);
  localizeEn(en);
  const out: FieldError[] = [];
  const seen = new Set<string>();
  errors.forEach((e, i) => {
    // `if`/`then` and `anyOf` wrappers repeat what the inner errors already say.
    if (e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf') return;
    let pointer = e.instancePath;
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'required' && typeof params.missingProperty === 'string') pointer += '/' + escapePointerSegment(params.missingProperty);
    if (e.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') pointer += '/' + escapePointerSegment(params.additionalProperty);
    if (e.keyword === 'dependentRequired' && typeof params.missingProperty === 'string') pointer += '/' + escapePointerSegment(params.missingProperty);
    const key = `${pointer}\u0000${e.keyword}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ pointer, code: e.keyword, message: describe(e, pointer, zh[i]?.message ?? '', en[i]?.message ?? '', labels) });
  });
  return out;
}

function describe(e: ErrorObject, pointer: string, zh: string, en: string, labels: Record<string, Localized>): Localized {
  const label = labelOf(labels, pointer);
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'required' || e.keyword === 'dependentRequired') {
    return label
      ? { 'zh-CN': `缺少必填项“${label['zh-CN']}”`, en: `${label.en} is required` }
      : { 'zh-CN': `缺少必填项 ${String(params.missingProperty)}`, en: `${String(params.missingProperty)} is required` };
  }
  if (e.keyword === 'additionalProperties') {
    return { 'zh-CN': `表单没有字段“${String(params.additionalProperty)}”`, en: `The form has no field "${String(params.additionalProperty)}"` };
  }
  if (e.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    const allowed = params.allowedValues.map((v) => JSON.stringify(v)).join(', ');
    zh = `应当是以下之一：${allowed}`;
    en = `must be one of: ${allowed}`;
  }
  if (!label) return { 'zh-CN': zh, en };
  return { 'zh-CN': `“${label['zh-CN']}”${zh}`, en: `${label.en} ${en}` };
}
