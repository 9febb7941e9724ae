/**
 * Prints a planned run: pdfmake lays out each distinct form body once, then every copy gets a
 * page per body page carrying only its own label, fingerprint and page number; the joining
 * step lays each copy page over its body page (see {@link PageComposition}).
 */
import type { SlipJob } from '../domain/ports.js';
import { openPdfRun, type PdfkitDocument } from './pdf-engine.js';
import { SLIP_FONT_FAMILY } from './slip-fonts.js';
import { slipDocDefinition, slipPrintPlan, type SlipLayoutOptions } from './slip-layout.js';

/**
 * How the pages of a rendered part become printed pages: each printed page is the body page
 * `under` with the copy page `over` drawn on top (0-based page indexes in the part).
 *
 * @example
 * const composition: PageComposition = [{ under: 0, over: 1 }, { under: 0, over: 2 }];
 */
export type PageComposition = { under: number; over: number }[];

/**
 * A rendered part: the PDF as pdfkit wrote it, and how its pages compose the printed pages.
 *
 * @example
 * const { pdf, composition } = await renderSlipPart(jobs, { pageSize: 'A4', timeZone: 'Asia/Shanghai' });
 */
export interface SlipPart {
  pdf: Uint8Array;
  composition: PageComposition;
}

/**
 * Renders jobs into one part. Each job's bodies are laid out in a pass of their own and its copy
 * pages follow at once, so nothing of a job outlives it but the PDF bytes already written.
 *
 * @example
 * const part = await renderSlipPart([{ document: doc, definition: def, copies: 'all', locale: 'zh-CN' }], { pageSize: 'A4', timeZone: 'Asia/Shanghai' });
 */
export async function renderSlipPart(jobs: readonly SlipJob[], options: SlipLayoutOptions): Promise<SlipPart> {
  const composition: PageComposition = [];
  const run = openPdfRun(slipDocDefinition([], options));
  const doc = run.document;
  const regular = doc.provideFont(SLIP_FONT_FAMILY, false, false);
  const bold = doc.provideFont(SLIP_FONT_FAMILY, true, false);
  const put = (face: unknown, size: number, color: string, text: string, x: number, y: number, align: 'left' | 'center' | 'right', span: number) => {
    if (!text) return;
    doc._font = face;
    doc.fontSize(size).fillColor(color);
    const w = doc.widthOfString(text);
    const at = align === 'left' ? x : align === 'right' ? x + span - w : x + (span - w) / 2;
    doc.text(text, at, y, { lineBreak: false });
  };
  let pages = 0;
  for (const job of jobs) {
    const plan = slipPrintPlan([job], options);
    const { width, height, margins, font } = plan.paper;
    const [left, , right, bottom] = margins;
    const span = width - left - right;
    // Body pages are numbered by pdfmake within this pass; the part numbers them after the pages before.
    const first = pages;
    pages += run.draw(plan.definition.content as unknown[]);
    for (const { body, chrome } of plan.copies) {
      body.pages.forEach((under, j) => {
        doc.addPage({ size: [width, height], margin: 0 });
        put(regular, font, '#444444', chrome.heading, left, 22, 'left', span);
        put(bold, font + 2, '#000000', chrome.label, left, 22 - 1, 'right', span);
        const y = height - bottom + 12;
        put(regular, font - 1.5, '#000000', chrome.fingerprintLine, left, y, 'left', span);
        put(regular, font - 1.5, '#000000', chrome.footer, left, y, 'center', span);
        put(regular, font - 1.5, '#000000', chrome.page(j + 1, body.pages.length), left, y, 'right', span);
        composition.push({ under: first + under - 1, over: pages++ });
      });
    }
  }
  const pdf = await run.end();
  return { pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength), composition };
}

export type { PdfkitDocument };
