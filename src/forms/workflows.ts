/**
 * The workflows of the five forms, by form kind.
 */
import type { WorkflowDefinition } from '../domain/workflow/types.js';
import type { FormKind } from '../domain/vocabulary.js';
import { allowanceCertificateWorkflow } from './allowance-certificate/workflow.js';
import { complaintWorkflow } from './complaint/workflow.js';
import { penaltyNoticeWorkflow } from './penalty-notice/workflow.js';
import { repairVoucherWorkflow } from './repair-voucher/workflow.js';
import { returnSlipWorkflow } from './return-slip/workflow.js';

export { allowanceCertificateWorkflow, complaintWorkflow, penaltyNoticeWorkflow, repairVoucherWorkflow, returnSlipWorkflow };

/**
 * Every form's workflow.
 *
 * @example
 * workflows.complaint.initial; // 'filed'
 */
export const workflows: Record<FormKind, WorkflowDefinition> = {
  'repair-voucher': repairVoucherWorkflow,
  complaint: complaintWorkflow,
  'return-slip': returnSlipWorkflow,
  'penalty-notice': penaltyNoticeWorkflow,
  'allowance-certificate': allowanceCertificateWorkflow,
};
