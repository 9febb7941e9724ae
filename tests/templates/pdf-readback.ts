/**
 * Reads a produced PDF back with MuPDF: pages, text, and ink on the rasterised page — text
 * extraction alone cannot tell a drawn glyph from a blank one.
 */
import * as mupdf from 'mupdf';

/** A rectangle in PDF points, origin top-left as MuPDF reports it. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Opens PDF bytes.
 *
 * @example
 * const pdf = openPdf(bytes); pdf.countPages();
 */
export function openPdf(bytes: Uint8Array): mupdf.Document {
  return mupdf.Document.openDocument(bytes, 'application/pdf');
}

/**
 * The text of every page.
 *
 * @example
 * pageTexts(bytes)[3]; // '…第四联 会计科存…'
 */
export function pageTexts(bytes: Uint8Array): string[] {
  const doc = openPdf(bytes);
  const out: string[] = [];
  for (let i = 0; i < doc.countPages(); i++) out.push(doc.loadPage(i).toStructuredText("").asText());
  return out;
}

/**
 * Where `needle` is drawn on the page (union of the hits' quads), or undefined.
 *
 * @example
 * const box = findText(page, '客户抱怨处理表');
 */
export function findText(page: mupdf.Page, needle: string): Box | undefined {
  const hits = page.search(needle, undefined) as unknown as number[][][];
  const first = hits[0];
  if (!first?.length) return undefined;
  const xs = first.flatMap((q) => [q[0]!, q[2]!, q[4]!, q[6]!]);
  const ys = first.flatMap((q) => [q[1]!, q[3]!, q[5]!, q[7]!]);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

/**
 * The share of dark pixels (gray < 128) inside a box of the page rasterised at `scale`.
 *
 * @example
 * inkRatio(page, titleBox) > 0.05; // the title was really drawn
 */
export function inkRatio(page: mupdf.Page, box: Box, scale = 3): number {
  const pix = page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceGray, false);
  const px = pix.getPixels();
  const stride = pix.getStride();
  const x0 = Math.max(0, Math.floor(box.x0 * scale));
  const x1 = Math.min(pix.getWidth(), Math.ceil(box.x1 * scale));
  const y0 = Math.max(0, Math.floor(box.y0 * scale));
  const y1 = Math.min(pix.getHeight(), Math.ceil(box.y1 * scale));
  let dark = 0;
  let total = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++, total++) if (px[y * stride + x]! < 128) dark++;
  }
  return total ? dark / total : 0;
}

/**
 * Page size in points.
 *
 * @example
 * pageSize(page); // { width: 595.28, height: 841.89 }
 */
export function pageSize(page: mupdf.Page): { width: number; height: number } {
  const [x0, y0, x1, y1] = page.getBounds() as [number, number, number, number];
  return { width: x1 - x0, height: y1 - y0 };
}
