import { createRequire } from 'node:module';
import * as mupdf from 'mupdf';
import { afterAll, describe, expect, it } from 'vitest';
import { FORM_KINDS } from '../../src/domain/vocabulary.js';
import { createPdfSlipRenderer, documentFingerprint, fingerprintQrPayload, selectCopies } from '../../src/templates/index.js';
import { definitionOf, sampleDocument } from './fixtures/slip-fixtures.js';
import { openPdf } from './pdf-readback.js';

// jsqr is CommonJS: its function is the module itself.
const jsQR = createRequire(import.meta.url)('jsqr') as typeof import('jsqr').default;

const renderer = createPdfSlipRenderer({ workers: 0, companyName: '示例机电股份有限公司' });
afterAll(() => renderer.close());

/** Every QR code a scanner finds on the page, rasterised as a phone camera would see it (about 150 dpi). */
function scanQr(page: mupdf.Page): string | undefined {
  const pix = page.toPixmap(mupdf.Matrix.scale(2, 2), mupdf.ColorSpace.DeviceRGB, true);
  const rgba = new Uint8ClampedArray(pix.getPixels());
  return jsQR(rgba, pix.getWidth(), pix.getHeight())?.data;
}

describe.each(FORM_KINDS)('%s: the QR code on every copy', (kind) => {
  it('scans back to the document fingerprint printed beside it', async () => {
    const definition = definitionOf(kind);
    const document = sampleDocument(kind);
    const pdf = openPdf(await renderer.render([{ document, definition, copies: 'all', locale: 'zh-CN' }]));
    const copies = selectCopies(definition, 'all');
    expect(pdf.countPages()).toBe(copies.length);
    const payload = fingerprintQrPayload(document);
    expect(payload).toContain(documentFingerprint(document));
    for (let i = 0; i < pdf.countPages(); i++) expect(scanQr(pdf.loadPage(i)), `copy ${i + 1}`).toBe(payload);
  });
});

it('scans to a new payload once the document changes, so an old paper copy no longer matches', async () => {
  const definition = definitionOf('complaint');
  const document = sampleDocument('complaint');
  const changed = { ...document, revision: document.revision + 1 };
  const [before, after] = await Promise.all(
    [document, changed].map(async (d) => scanQr(openPdf(await renderer.render([{ document: d, definition, copies: [1], locale: 'zh-CN' }])).loadPage(0))),
  );
  expect(before).toBe(fingerprintQrPayload(document));
  expect(after).toBe(fingerprintQrPayload(changed));
  expect(after).not.toBe(before);
});
