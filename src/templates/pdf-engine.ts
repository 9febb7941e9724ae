/**
 * Turns one pdfmake document definition into PDF bytes, with the warm slip fonts and without
 * touching pdfmake's process-wide singleton (a host may use pdfmake with its own settings).
 */
import { createRequire } from 'node:module';
import { installLayoutPatches } from './pdf-layout-patches.js';
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

/** pdfmake's own pieces, for laying out several bodies one after another into one document. */
interface PdfmakeParts {
  PDFDocument: new (fonts: object, images: object, patterns: object, attachments: object, options: object, vfs: unknown, localAccessPolicy: (p: string) => boolean) => PdfkitStream;
  LayoutBuilder: new (pageSize: object, pageMargins: object, svgMeasure: object) => {
    registerTableLayouts(layouts: object): void;
    layoutDocument(content: unknown, pdfDocument: object, styles: object, defaultStyle: object, background: unknown, header: unknown, footer: unknown, watermark: unknown, pageBreakBefore: unknown): unknown[];
  };
  SVGMeasure: new () => object;
  Renderer: new (pdfDocument: object) => { renderPages(pages: unknown[]): void };
  tableLayouts: object;
  normalizePageSize(size: unknown, orientation: unknown): { width: number; height: number };
  normalizePageMargin(margin: unknown): object;
  vfs: unknown;
}
type PdfkitStream = PdfkitDocument & NodeJS.ReadableStream & { end(): void; _pdfMakePages?: unknown; images: Record<string, unknown>; _imageRegistry: Record<string, unknown> };

let pdfmakeParts: PdfmakeParts | undefined;

function loadPdfmakeParts(): PdfmakeParts {
  if (!pdfmakeParts) {
    const pageSize = pdfmakeRequire('./js/PageSize.js') as Pick<PdfmakeParts, 'normalizePageSize' | 'normalizePageMargin'>;
    pdfmakeParts = {
      PDFDocument: (pdfmakeRequire('./js/PDFDocument.js') as { default: PdfmakeParts['PDFDocument'] }).default,
      LayoutBuilder: (pdfmakeRequire('./js/LayoutBuilder.js') as { default: PdfmakeParts['LayoutBuilder'] }).default,
      SVGMeasure: (pdfmakeRequire('./js/SVGMeasure.js') as { default: PdfmakeParts['SVGMeasure'] }).default,
      Renderer: (pdfmakeRequire('./js/Renderer.js') as { default: PdfmakeParts['Renderer'] }).default,
      tableLayouts: (pdfmakeRequire('./js/tableLayouts.js') as { tableLayouts: object }).tableLayouts,
      normalizePageSize: pageSize.normalizePageSize,
      normalizePageMargin: pageSize.normalizePageMargin,
      vfs: (pdfmakeRequire('./js/virtual-fs.js') as { default: unknown }).default,
    };
  }
  return pdfmakeParts;
}

/**
 * One PDF drawn in several layout passes, each starting on a new page: see {@link openPdfRun}.
 *
 * @example
 * const run = openPdfRun(dd);
 * const pages = run.draw([{ text: '第一份' }]); // 1
 * run.draw([{ text: '第二份' }]);               // on page 2
 * const pdf = await run.end();
 */
export interface PdfRun {
  /** The pdfkit document, for drawing pages of one's own between passes. */
  readonly document: PdfkitDocument;
  /** Lays out `content` on new pages with the run's page settings and draws it; returns the pages it took. */
  draw(content: unknown[]): number;
  /** Ends the document; resolves to its bytes. */
  end(): Promise<Buffer>;
}

/**
 * Opens a PDF that receives one pdfmake layout pass per {@link PdfRun.draw} call, with the page
 * size, margins and styles of `dd` (whose `content` is ignored). pdfmake keeps everything it
 * has laid out until it has drawn the last page; drawing each form body in its own pass lets a
 * body's layout be collected as soon as it is drawn, instead of living (and being promoted to
 * the old generation) until the whole part is done. Fonts are embedded once per run.
 *
 * @example
 * const run = openPdfRun({ pageSize: 'A4', pageMargins: [34, 52, 34, 44], defaultStyle: { font: SLIP_FONT_FAMILY } });
 * for (const body of bodies) run.draw([body]);
 * const pdf = await run.end();
 */
export function openPdfRun(dd: PdfDocDefinition, fontFiles?: SlipFontFiles): PdfRun {
  const { files } = loadSlipFonts(fontFiles);
  installLayoutPatches();
  const parts = loadPdfmakeParts();
  const pageSize = parts.normalizePageSize(dd.pageSize ?? 'A4', dd.pageOrientation);
  const pageMargins = parts.normalizePageMargin(dd.pageMargins ?? 40);
  const allowed = new Set([files.normal, files.bold]);
  const fonts = { [SLIP_FONT_FAMILY]: { normal: files.normal, bold: files.bold, italics: files.normal, bolditalics: files.bold } };
  // The options pdfmake's printer gives pdfkit for such a definition; pages are flushed as drawn.
  const info = Object.fromEntries(Object.entries((dd.info ?? {}) as Record<string, unknown>).filter(([, v]) => v).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), v]));
  const options = { size: [pageSize.width, pageSize.height], pdfVersion: '1.3', compress: true, fontLayoutCache: true, bufferPages: false, autoFirstPage: false, info: { Producer: 'pdfmake', Creator: 'pdfmake', ...info }, font: null, tagged: false, displayTitle: false };
  const doc = new parts.PDFDocument(fonts, {}, {}, {}, options, parts.vfs, (p) => allowed.has(p));
  const chunks: Buffer[] = [];
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  ended.catch(() => undefined);
  return {
    document: doc,
    draw(content) {
      // pdfmake names inline images `$$pdfmake$$1`, `$$pdfmake$$2`, … afresh in every pass; the
      // names of the pass before must not resolve to its images.
      for (const label of Object.keys(doc.images)) {
        if (!label.startsWith('$$pdfmake$$')) continue;
        delete doc.images[label];
        delete doc._imageRegistry[label];
      }
      const builder = new parts.LayoutBuilder(pageSize, pageMargins, new parts.SVGMeasure());
      builder.registerTableLayouts(parts.tableLayouts);
      const pages = builder.layoutDocument(content, doc, (dd.styles as object | undefined) ?? {}, (dd.defaultStyle as object | undefined) ?? { fontSize: 12, font: 'Roboto' }, dd.background, dd.header, dd.footer, dd.watermark, dd.pageBreakBefore);
      new parts.Renderer(doc).renderPages(pages);
      // The renderer leaves the laid-out pages on the document; drop them so they can be collected.
      doc._pdfMakePages = undefined;
      return pages.length;
    },
    end() {
      doc.end();
      return ended;
    },
  };
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
  installLayoutPatches();
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
