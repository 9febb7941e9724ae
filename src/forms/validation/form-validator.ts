/**
 * Validation of a document against whichever version of its form it was created with: the
 * version's JSON Schema, then the kind's cross-field rules, every error in one list.
 */
import type { FieldError } from '../../domain/errors.js';
import type { FormDefinition } from '../../domain/form-definition.js';
import type { FormKind } from '../../domain/vocabulary.js';
import { crossFieldRules } from '../definitions.js';
import type { CrossFieldRules } from './cross-field.js';
import { SchemaValidator } from './schema-validator.js';

/**
 * Validates documents of the five forms.
 *
 * @example
 * const validator = createFormValidator();
 * const errors = validator.validate(definition, data);
 * if (errors.length) throw invalidData(errors);
 */
export interface FormValidator {
  /** Every schema and cross-field error of `data`, each with a pointer and both languages; [] when valid. */
  validate(definition: FormDefinition, data: unknown): FieldError[];
  /** The JSON Schema errors only. */
  validateSchema(definition: FormDefinition, data: unknown): FieldError[];
}

/**
 * Builds a validator with its own compiled-schema cache.
 *
 * @example
 * const validator = createFormValidator();
 * validator.validate(formDefinitions.complaint, formSamples.complaint); // []
 */
export function createFormValidator(rules: Record<FormKind, CrossFieldRules> = crossFieldRules, schemas: SchemaValidator = new SchemaValidator()): FormValidator {
  return {
    validate(definition, data) {
      const schemaErrors = schemas.validate(definition, data);
      if (typeof data !== 'object' || data === null || Array.isArray(data)) return schemaErrors;
      const ruleErrors = rules[definition.kind]?.(data as Record<string, unknown>) ?? [];
      if (ruleErrors.length === 0) return schemaErrors;
      // A field already failing its schema is not reported again by a rule.
      const failing = new Set(schemaErrors.map((e) => e.pointer));
      return [...schemaErrors, ...ruleErrors.filter((e) => !failing.has(e.pointer))];
    },
    validateSchema(definition, data) {
      return schemas.validate(definition, data);
    },
  };
}
