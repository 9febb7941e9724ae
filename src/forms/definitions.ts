/**
 * The registry of the five forms as shipped: definitions (version 1), cross-field rules and
 * samples, by form kind.
 */
import type { FormDefinition } from '../domain/form-definition.js';
import type { FormKind } from '../domain/vocabulary.js';
import { allowanceCertificateDefinition } from './allowance-certificate/definition.js';
import { allowanceCertificateRules } from './allowance-certificate/rules.js';
import allowanceCertificateSample from './allowance-certificate/sample.json' with { type: 'json' };
import { complaintDefinition } from './complaint/definition.js';
import { complaintRules } from './complaint/rules.js';
import complaintSample from './complaint/sample.json' with { type: 'json' };
import { penaltyNoticeDefinition } from './penalty-notice/definition.js';
import { penaltyNoticeRules } from './penalty-notice/rules.js';
import penaltyNoticeSample from './penalty-notice/sample.json' with { type: 'json' };
import { repairVoucherDefinition } from './repair-voucher/definition.js';
import { repairVoucherRules } from './repair-voucher/rules.js';
import repairVoucherSample from './repair-voucher/sample.json' with { type: 'json' };
import { returnSlipDefinition } from './return-slip/definition.js';
import { returnSlipRules } from './return-slip/rules.js';
import returnSlipSample from './return-slip/sample.json' with { type: 'json' };
import type { CrossFieldRules } from './validation/cross-field.js';

/**
 * The shipped definition (version 1, `states` still empty) of each form kind.
 *
 * @example
 * formDefinitions.complaint.copies.length; // 5
 */
export const formDefinitions: Record<FormKind, FormDefinition> = {
  'repair-voucher': repairVoucherDefinition,
  complaint: complaintDefinition,
  'return-slip': returnSlipDefinition,
  'penalty-notice': penaltyNoticeDefinition,
  'allowance-certificate': allowanceCertificateDefinition,
};

/**
 * The cross-field rules of each form kind; they apply to every version of the form.
 *
 * @example
 * crossFieldRules.complaint({ quantityShipped: 1, quantityDefective: 2 }); // [{ pointer: '/quantityDefective', … }]
 */
export const crossFieldRules: Record<FormKind, CrossFieldRules> = {
  'repair-voucher': repairVoucherRules,
  complaint: complaintRules,
  'return-slip': returnSlipRules,
  'penalty-notice': penaltyNoticeRules,
  'allowance-certificate': allowanceCertificateRules,
};

/**
 * A realistic Chinese sample document of each form kind (treat as read-only; the catalogue hands out copies).
 *
 * @example
 * formSamples.complaint.customer; // { id: '10100001', name: '华东机电有限公司', country: 'CN' }
 */
export const formSamples: Record<FormKind, Record<string, unknown>> = {
  'repair-voucher': repairVoucherSample,
  complaint: complaintSample,
  'return-slip': returnSlipSample,
  'penalty-notice': penaltyNoticeSample,
  'allowance-certificate': allowanceCertificateSample,
};
