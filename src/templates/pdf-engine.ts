/**
 * Turns one pdfmake document definition into PDF bytes, with the warm slip fonts and without
 * touching pdfmake's process-wide singleton (a host may use pdfmake with its own settings).
 */
import { createRequire } from 'node:module';
import { loadSlipFonts, SLIP_FONT_FAMILY, type SlipFontFiles } from './slip-fonts.js';

const require = createRequire(import.meta.url);
const pdfmakeRequire = createRequire(require.resolve('pdfmake/package.json'));

type Printer = { createPdfKitDocument(dd: object, options?: object): Promise<NodeJS.ReadableStream & { end(): void }> };
type PrinterCtor = new (fonts: object, vfs: unknown, urlResolver: unknown, localAccessPolicy: (p: string) => boolean) => Printer;

/**
 * A pdfmake document definition; loosely typed because slips are built as plain data.
 *
 * @example
 * const dd: PdfDocDefinition = { content: [{ text: '客户抱怨处理表' }] };
 */
export type PdfDocDefinition = Record<string, unknown>;

/**
 * The pdfkit document pdfmake has laid out and drawn, still open for more pages.
 *
 * @example
 * await renderPdf(dd, undefined, (doc) => { doc.addPage({ size: [595.28, 841.89] }); });
 */
export interface PdfkitDocument {
  addPage(options: { size: [number, number]; margin?: number }): PdfkitDocument;
  provideFont(family: string, bold: boolean, italics: boolean): unknown;
  _font: unknown;
  fontSize(size: number): PdfkitDocument;
  fillColor(color: string): PdfkitDocument;
  widthOfString(text: string): number;
  text(text: string, x: number, y: number, options?: { lineBreak?: boolean }): PdfkitDocument;
}

let printerParts: { Printer: PrinterCtor; vfs: unknown; URLResolver: new (vfs: unknown) => { setUrlAccessPolicy(p: (u: string) => boolean): void } } | undefined;

/**
 * Renders a definition to a PDF buffer. Fonts are loaded on first use; slips never fetch URLs
 * and read no local file but the font files.
 *
 * @example
 * const pdf = await renderPdf({ content: ['你好'], defaultStyle: { font: SLIP_FONT_FAMILY } });
 */
export async function renderPdf(dd: PdfDocDefinition, fontFiles?: SlipFontFiles, beforeEnd?: (pdfkitDocument: PdfkitDocument) => void): Promise<Buffer> {
  const { files } = loadSlipFonts(fontFiles);
  printerParts ??= {
    Printer: (pdfmakeRequire('./js/Printer.js') as { default: PrinterCtor }).default,
    vfs: (pdfmakeRequire('./js/virtual-fs.js') as { default: unknown }).default,
    URLResolver: (pdfmakeRequire('./js/URLResolver.js') as { default: new (vfs: unknown) => { setUrlAccessPolicy(p: (u: string) => boolean): void } }).default,
  };
  const resolver = new printerParts.URLResolver(printerParts.vfs);
  resolver.setUrlAccessPolicy(() => false);
  const allowed = new Set([files.normal, files.bold]);
  // A fresh descriptor object: pdfmake rewrites the one it is given.
  const fonts = { [SLIP_FONT_FAMILY]: { normal: files.normal, bold: files.bold, italics: files.normal, bolditalics: files.bold } };
  const printer = new printerParts.Printer(fonts, printerParts.vfs, resolver, (p) => allowed.has(p));
  const doc = await printer.createPdfKitDocument(dd, { fontLayoutCache: true });
  beforeEnd?.(doc as unknown as PdfkitDocument);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
