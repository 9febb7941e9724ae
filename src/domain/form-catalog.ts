/**
 * What the engine needs to know about forms, supplied by `src/forms` (schemas, copies, samples,
 * validation, customisation) and the workflows. Injected so the service stays testable with any
 * catalogue.
 */
import type { FieldError } from './errors.js';
import type { FormDefinition } from './form-definition.js';
import type { Locale } from './locale.js';
import type { WorkflowDefinition } from './workflow/types.js';
import type { FormKind } from './vocabulary.js';

/**
 * The forms and their rules as the engine sees them.
 *
 * @example
 * const errors = catalog.validate(definition, data);
 * if (errors.length) throw invalidData(errors);
 */
export interface FormCatalog {
  /** The shipped definition (version 1) of a form kind. */
  baseDefinition(kind: FormKind): FormDefinition;
  /** The workflow of a form kind. */
  workflow(kind: FormKind): WorkflowDefinition;
  /**
   * Every error at once: JSON Schema errors and cross-field rules, each with a pointer and a
   * message in both languages. An empty list means valid.
   */
  validate(definition: FormDefinition, data: unknown): FieldError[];
  /**
   * Checks an admin customisation and applies it to `current`, giving the next version's
   * definition; throws an invalid_data AftersalesError for a refused customisation.
   */
  customise(current: FormDefinition, customisation: unknown, locale?: Locale): FormDefinition;
  /** A realistic sample document (Chinese) of the form kind. */
  sample(kind: FormKind): Record<string, unknown>;
}
