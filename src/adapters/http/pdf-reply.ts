/**
 * Sending PDFs: the content type, a download name that survives non-ASCII (RFC 6266/5987).
 */
import type { FastifyReply } from 'fastify';
import type { AftersalesDocument } from '../../domain/document.js';

/**
 * The file name of a printed document: kind, number and which copies.
 *
 * @example
 * pdfFileName({ kind: 'complaint', number: '2611-007' } as AftersalesDocument, '4'); // 'complaint-2611-007-copy-4.pdf'
 */
export function pdfFileName(doc: Pick<AftersalesDocument, 'kind' | 'number'>, copy: string): string {
  return `${doc.kind}-${doc.number}${copy === 'all' ? '' : `-copy-${copy}`}.pdf`;
}

/**
 * A `Content-Disposition` value with an ASCII fallback and the exact UTF-8 name.
 *
 * @example
 * contentDisposition('会计科-收件.pdf'); // 'inline; filename="_____.pdf"; filename*=UTF-8\'\'%E4%BC%9A…'
 */
export function contentDisposition(fileName: string, disposition: 'inline' | 'attachment' = 'inline'): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Replies with PDF bytes.
 *
 * @example
 * return sendPdf(reply, bytes, 'complaint-2611-007.pdf');
 */
export function sendPdf(reply: FastifyReply, pdf: Uint8Array, fileName: string): FastifyReply {
  return reply
    .type('application/pdf')
    .header('content-disposition', contentDisposition(fileName))
    .header('content-length', pdf.byteLength)
    .send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
}
