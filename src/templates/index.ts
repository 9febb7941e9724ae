/**
 * PDF slips: each form printed as its labelled copies (一式N联), in Chinese or English, one
 * document at a time or as streamed batches.
 */
export { createPdfSlipRenderer, type PdfSlipRenderer, type PdfSlipRendererOptions, type SlipBatchProgress } from './pdf-slip-renderer.js';
export { slipFileName, slipTemplates } from './template-table.js';
export { documentFingerprint, fingerprintQrPayload } from './document-fingerprint.js';
export type { SignatureBox, SlipTemplate } from './slip-template.js';
export { SLIP_PAGE_SIZES, copyChrome, copyDepartment, copyLabelText, selectCopies, slipDocDefinition, slipPrintPlan, type CopyChrome, type SlipLayoutOptions, type SlipPageSize, type SlipPrintPlan } from './slip-layout.js';
export { renderSlipPart, type PageComposition, type SlipPart } from './slip-print.js';
export { renderAdminText } from './admin-texts.js';
export { StreamingPdfConcatenation } from './pdf-concatenation.js';
export { loadSlipFonts, slipFontFiles, SLIP_FONT_FAMILY } from './slip-fonts.js';
export { renderPdf, type PdfDocDefinition } from './pdf-engine.js';
