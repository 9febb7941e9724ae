/**
 * An admin's customisation from request body to next form version: checked, applied, and the
 * resulting schema compiled once so a version that cannot validate is never stored.
 */
import { AftersalesError, invalidData } from '../../domain/errors.js';
import type { FormDefinition } from '../../domain/form-definition.js';
import { SchemaValidator } from '../validation/schema-validator.js';
import { applyCustomisation } from './apply-customisation.js';
import { checkCustomisation } from './check-customisation.js';
import type { FormCustomisation } from './format.js';

/**
 * The code of every refused customisation; the `errors` list says what and where.
 *
 * @example
 * if (isAftersalesError(e) && e.code === CUSTOMISATION_REFUSED) showProblems(e.errors);
 */
export const CUSTOMISATION_REFUSED = 'AFTERSALES.CUSTOMISATION_REFUSED';

const defaultSchemas = new SchemaValidator();

/**
 * Checks `input` and applies it to `current`, returning the next version; throws an
 * `invalid_data` {@link AftersalesError} coded `AFTERSALES.CUSTOMISATION_REFUSED` with every
 * problem (pointers into the customisation) when it is refused. `schemas` is the cache the new
 * version is compiled into.
 *
 * @example
 * const v2 = customiseForm(v1, {
 *   addFields: { rmaNumber: { schema: { type: 'string', maxLength: 40 }, label: { 'zh-CN': '退货授权号', en: 'RMA number' }, required: true } },
 * });
 */
export function customiseForm(current: FormDefinition, input: unknown, schemas: SchemaValidator = defaultSchemas): FormDefinition {
  const problems = checkCustomisation(current, input);
  if (problems.length) throw invalidData(problems, CUSTOMISATION_REFUSED);
  const next = applyCustomisation(current, input as FormCustomisation);
  try {
    // Compiled into the cache documents of the new version will be validated with.
    schemas.compiled(next);
  } catch (e) {
    throw new AftersalesError({
      code: CUSTOMISATION_REFUSED,
      type: 'invalid_data',
      message: { 'zh-CN': `定制后的表单定义无法编译：${(e as Error).message}`, en: `The customised form schema does not compile: ${(e as Error).message}` },
      errors: [{ pointer: '', code: 'AFTERSALES.SCHEMA_DOES_NOT_COMPILE', message: { 'zh-CN': '定制后的表单定义无法编译', en: 'The customised form schema does not compile' } }],
      cause: e,
    });
  }
  return next;
}
