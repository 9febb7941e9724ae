/**
 * Validation of the fields a workflow step sends, before they are merged into the document. The
 * merged document is validated as a whole later, but a step whose own effect rewrites a field
 * (registering stamps `/registration/acceptedAt`) would hide a value of the wrong type the
 * client sent there: each value the client supplies must already fit its field.
 */
import type { FieldError } from '../../domain/errors.js';
import type { FormDefinition, JsonSchema } from '../../domain/form-definition.js';
import { SchemaValidator } from './schema-validator.js';

// Under these the presence of a property decides which branch applies: its `required` stays.
const COMBINATORS = ['oneOf', 'anyOf', 'allOf', 'not', 'if', 'then', 'else'];
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];

/**
 * The schema with `required` removed from every object outside combinators: a step sends only
 * the fields it changes (objects are deep-merged), so a field it leaves out is not missing.
 *
 * @example
 * withoutRequired({ type: 'object', required: ['a'], properties: { a: { type: 'string' } } });
 * // { type: 'object', properties: { a: { type: 'string' } } }
 */
export function withoutRequired(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'required' || key === 'minProperties' || key === 'dependentRequired') continue;
    if (COMBINATORS.includes(key) || ['const', 'default', 'enum', 'examples'].includes(key)) out[key] = value;
    // Keys of these maps are field names, not keywords: a field may well be called `required`.
    else if (SCHEMA_MAPS.includes(key) && isSchemaObject(value)) out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSchemaObject(v) ? withoutRequired(v) : v]));
    else if (Array.isArray(value)) out[key] = value.map((v) => (isSchemaObject(v) ? withoutRequired(v) : v));
    else if (isSchemaObject(value)) out[key] = withoutRequired(value);
    else out[key] = value;
  }
  return out;
}

function isSchemaObject(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The step's data without the properties set to `null`, which the merge removes rather than sets.
 * Array items are kept as sent: an array replaces the stored one whole.
 *
 * @example
 * withoutRemovals({ qa: { note: null, cause: 'x' } }); // { qa: { cause: 'x' } }
 */
export function withoutRemovals(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === null) continue;
    out[key] = isSchemaObject(value) ? withoutRemovals(value) : value;
  }
  return out;
}

/**
 * Checks a step's data against the document's form version, field by field.
 *
 * @example
 * const steps = new StepDataValidator();
 * steps.validate(definition, { registration: 'x' }); // [{ pointer: '/registration', code: 'type', … }]
 */
export class StepDataValidator {
  private readonly schemas = new SchemaValidator();
  private readonly loose = new WeakMap<object, JsonSchema>();

  /**
   * Every value in `data` that does not fit its field, with pointers into the document; [] when all fit.
   *
   * @example
   * steps.validate(definition, { qa: { cause: 'rejects-mixed-in' } }); // []
   */
  validate(definition: Pick<FormDefinition, 'kind' | 'version' | 'schema' | 'labels'>, data: Record<string, unknown>): FieldError[] {
    let schema = this.loose.get(definition.schema);
    if (!schema) {
      schema = withoutRequired(definition.schema);
      this.loose.set(definition.schema, schema);
    }
    return this.schemas.validate({ ...definition, schema }, withoutRemovals(data));
  }
}
