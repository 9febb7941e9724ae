/**
 * The template table: form kind → slip template → output file name, kept apart from the
 * templates themselves the way an ERP registers a report separately from its layout.
 */
import type { AftersalesDocument } from '../domain/document.js';
import type { FormKind } from '../domain/vocabulary.js';
import { allowanceCertificateSlip } from './allowance-certificate.js';
import { complaintSlip } from './complaint.js';
import { penaltyNoticeSlip } from './penalty-notice.js';
import { repairVoucherSlip } from './repair-voucher.js';
import { returnSlip } from './return-slip.js';
import type { SlipTemplate } from './slip-template.js';

/**
 * Every form kind's slip template.
 *
 * @example
 * slipTemplates.complaint.signatures.length; // 6
 */
export const slipTemplates: Readonly<Record<FormKind, SlipTemplate>> = Object.freeze({
  'repair-voucher': repairVoucherSlip,
  complaint: complaintSlip,
  'return-slip': returnSlip,
  'penalty-notice': penaltyNoticeSlip,
  'allowance-certificate': allowanceCertificateSlip,
});

/**
 * The file name of a printed document: one copy (`complaint-2611-007-copy4.pdf`) or all of its
 * copies (`complaint-2611-007.pdf`). Characters unsafe in file names become `_`.
 *
 * @example
 * slipFileName({ kind: 'complaint', number: '2611-007' }, 4); // 'complaint-2611-007-copy4.pdf'
 * slipFileName({ kind: 'complaint', number: '2611-007' });    // 'complaint-2611-007.pdf'
 */
export function slipFileName(document: Pick<AftersalesDocument, 'kind' | 'number'>, copy?: number | 'all'): string {
  const template = slipTemplates[document.kind];
  const stem = template?.fileStem ? template.fileStem(document) : `${document.kind}-${document.number}`;
  const safe = stem.replace(/[^\p{L}\p{N}._-]+/gu, '_');
  return typeof copy === 'number' ? `${safe}-copy${copy}.pdf` : `${safe}.pdf`;
}
