/**
 * The form catalogue the engine is built with: the five shipped definitions with their
 * workflows' states, validation of any version, customisation and samples.
 */
import type { FormCatalog } from '../domain/form-catalog.js';
import type { FormDefinition } from '../domain/form-definition.js';
import type { WorkflowDefinition } from '../domain/workflow/types.js';
import { FORM_KINDS, type FormKind } from '../domain/vocabulary.js';
import { notFound } from '../domain/errors.js';
import { customiseForm } from './customisation/customise-form.js';
import { crossFieldRules, formDefinitions, formSamples } from './definitions.js';
import { createFormValidator } from './validation/form-validator.js';
import { SchemaValidator } from './validation/schema-validator.js';

/**
 * Builds the catalogue from the workflows of the five forms.
 *
 * @example
 * import { workflows } from './workflows.js';
 * const catalog = createFormCatalog(workflows);
 * catalog.validate(catalog.baseDefinition('complaint'), catalog.sample('complaint')); // []
 */
export function createFormCatalog(workflows: Record<FormKind, WorkflowDefinition>): FormCatalog {
  const schemas = new SchemaValidator();
  const validator = createFormValidator(crossFieldRules, schemas);
  const base = new Map<FormKind, FormDefinition>();
  for (const kind of FORM_KINDS) {
    const workflow = workflows[kind];
    base.set(kind, Object.freeze({ ...structuredClone(formDefinitions[kind]), states: structuredClone(workflow?.states ?? {}) }) as FormDefinition);
  }
  const known = (kind: FormKind): FormKind => {
    if (!base.has(kind)) throw notFound('form', String(kind));
    return kind;
  };
  return {
    baseDefinition: (kind) => structuredClone(base.get(known(kind))!),
    workflow: (kind) => {
      const wf = workflows[known(kind)];
      if (!wf) throw notFound('form', kind);
      return wf;
    },
    validate: (definition, data) => validator.validate(definition, data),
    customise: (current, customisation) => customiseForm(current, customisation, schemas),
    sample: (kind) => structuredClone(formSamples[known(kind)]),
  };
}
