/**
 * Reads a produced PDF back: its text, page count, and any active content (scripts, launch
 * actions, embedded files) a reader would run.
 */
import * as mupdf from 'mupdf';

/** Dictionary keys and action types through which a PDF runs something when opened or clicked. */
const ACTIVE = new Set(['JavaScript', 'JS', 'OpenAction', 'AA', 'Launch', 'SubmitForm', 'ImportData', 'EmbeddedFile', 'EmbeddedFiles', 'RichMedia', 'GoToR', 'XFA']);

/**
 * The text of every page, in order.
 *
 * @example
 * pdfText(bytes).includes('客户抱怨处理表'); // true
 */
export function pdfText(bytes: Uint8Array): string {
  const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
  const out: string[] = [];
  for (let i = 0; i < doc.countPages(); i++) out.push(doc.loadPage(i).toStructuredText('preserve-whitespace').asText());
  return out.join('\n\f');
}

/**
 * How many pages.
 *
 * @example
 * pdfPages(bytes); // 5
 */
export function pdfPages(bytes: Uint8Array): number {
  return mupdf.Document.openDocument(bytes, 'application/pdf').countPages();
}

/**
 * Every active-content key or action type found in any object of the file; empty for a slip
 * that only shows text and lines.
 *
 * @example
 * activeContent(bytes); // []
 */
export function activeContent(bytes: Uint8Array): string[] {
  const doc = mupdf.Document.openDocument(bytes, 'application/pdf').asPDF();
  if (!doc) throw new Error('not a PDF');
  const found = new Set<string>();
  const visit = (obj: mupdf.PDFObject, depth: number): void => {
    if (depth > 6 || !obj.isDictionary()) return;
    obj.forEach((val, key) => {
      if (typeof key === 'string' && ACTIVE.has(key)) found.add(key);
      if (key === 'S' && val.isName() && ACTIVE.has(val.asName())) found.add(val.asName());
      if (!val.isIndirect()) visit(val, depth + 1);
    });
  };
  for (let i = 1; i < doc.countObjects(); i++) {
    try {
      visit(doc.newIndirect(i).resolve(), 0);
    } catch {
      /* free object slot */
    }
  }
  visit(doc.getTrailer(), 0);
  return [...found];
}
