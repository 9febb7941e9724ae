/**
 * The five forms as data: definitions, samples, validation, customisation and the catalogue.
 */
export { createFormCatalog } from './catalog.js';
export { formDefinitions, formSamples, crossFieldRules } from './definitions.js';
export { createFormValidator, type FormValidator } from './validation/form-validator.js';
export { SchemaValidator, createFormAjv, schemaHash, toFieldErrors } from './validation/schema-validator.js';
export { StepDataValidator, withoutRemovals, withoutRequired } from './validation/step-data.js';
export { fieldPattern, labelOf, schemaFieldPointers, schemaAt } from './validation/pointer.js';
export type { CrossFieldRules } from './validation/cross-field.js';
export { customiseForm, CUSTOMISATION_REFUSED } from './customisation/customise-form.js';
export { checkCustomisation } from './customisation/check-customisation.js';
export { applyCustomisation } from './customisation/apply-customisation.js';
export { CUSTOMISATION_LIMITS, type AddedField, type CopyChange, type FormCustomisation, type SafeFieldSchema } from './customisation/format.js';
export type { ComplaintData } from './complaint/types.js';
export type { ReturnSlipData } from './return-slip/types.js';
export type { PenaltyNoticeData } from './penalty-notice/types.js';
export type { AllowanceCertificateData } from './allowance-certificate/types.js';
export type { RepairVoucherData } from './repair-voucher/types.js';
