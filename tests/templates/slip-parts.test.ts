import jsQRModule from 'jsqr';
import * as mupdf from 'mupdf';
import { afterAll, expect, it } from 'vitest';
import type { SlipJob } from '../../src/domain/ports.js';
import { createPdfSlipRenderer, documentFingerprint, fingerprintQrPayload, renderSlipPart, selectCopies } from '../../src/templates/index.js';
import { definitionOf, sampleDocument } from './fixtures/slip-fixtures.js';
import { openPdf } from './pdf-readback.js';

// The package's typings describe a CommonJS export the ESM default does not match.
const jsQR = jsQRModule as unknown as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const renderer = createPdfSlipRenderer({ workers: 0, companyName: '示例机电股份有限公司' });
afterAll(() => renderer.close());

function scanQr(page: mupdf.Page): string | undefined {
  const pix = page.toPixmap(mupdf.Matrix.scale(2, 2), mupdf.ColorSpace.DeviceRGB, true);
  return jsQR(new Uint8ClampedArray(pix.getPixels()), pix.getWidth(), pix.getHeight())?.data;
}

// Several documents share one rendered part: each is laid out in its own pass, so nothing of one
// (its QR image, its page numbers) may leak onto the pages of the next.
const jobs: SlipJob[] = [
  { document: sampleDocument('complaint', '2611-101', 3), definition: definitionOf('complaint'), copies: 'all', locale: 'zh-CN' },
  { document: sampleDocument('return-slip', '2611-102', 1), definition: definitionOf('return-slip'), copies: 'all', locale: 'zh-CN' },
  { document: sampleDocument('complaint', '2611-103', 4), definition: definitionOf('complaint'), copies: [2, 4], locale: 'en' },
];

it('prints every document of a part with its own QR code, fingerprint and copy labels', async () => {
  const pdf = openPdf(await renderer.render(jobs));
  const expected = jobs.flatMap((job) => selectCopies(job.definition, job.copies).map(() => job));
  expect(pdf.countPages()).toBe(expected.length);
  expected.forEach((job, i) => {
    const page = pdf.loadPage(i);
    expect(scanQr(page), `page ${i + 1}`).toBe(fingerprintQrPayload(job.document));
    const text = page.toStructuredText('').asText();
    expect(text).toContain(job.document.number);
    expect(text).toContain(documentFingerprint(job.document));
  });
});

it('composes each printed page from a body page of its own document', async () => {
  const { composition } = await renderSlipPart(jobs, { pageSize: 'A4', timeZone: 'Asia/Shanghai' });
  const copies = jobs.map((job) => selectCopies(job.definition, job.copies).length);
  expect(composition).toHaveLength(copies.reduce((a, b) => a + b, 0));
  // A body page is printed under the copies of one document only, and copy pages are never reused.
  const overs = composition.map((c) => c.over);
  expect(new Set(overs).size).toBe(overs.length);
  let at = 0;
  const bodiesOf = copies.map((n) => new Set(composition.slice(at, (at += n)).map((c) => c.under)));
  bodiesOf.forEach((bodies, i) => bodiesOf.slice(i + 1).forEach((later) => [...bodies].forEach((b) => expect(later.has(b)).toBe(false))));
});
