/**
 * The slip printer, for hosts that print outside the engine:
 * `import { createPdfSlipRenderer } from 'erp-aftersales/pdf'`. Kept off the main entry so
 * importing the engine does not load pdfmake and the CJK font.
 */
export {
  createPdfSlipRenderer,
  documentFingerprint,
  renderAdminText,
  slipFileName,
  slipTemplates,
  SLIP_PAGE_SIZES,
  type PdfSlipRenderer,
  type PdfSlipRendererOptions,
  type SlipBatchProgress,
  type SlipPageSize,
  type SlipTemplate,
  type SignatureBox,
} from './templates/index.js';
