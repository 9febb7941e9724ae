import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { SlipJob } from '../../src/domain/ports.js';
import { createPdfSlipRenderer, documentFingerprint, type SlipBatchProgress } from '../../src/templates/index.js';
import { definitionOf, sampleDocument } from './fixtures/slip-fixtures.js';
import { findText, inkRatio, openPdf, pageTexts } from './pdf-readback.js';

const dir = mkdtempSync(join(tmpdir(), 'slip-batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const complaint = definitionOf('complaint');
const returnSlip = definitionOf('return-slip');

async function* inboxPage(count: number): AsyncGenerator<SlipJob> {
  for (let i = 1; i <= count; i++) {
    // Alternate forms so parts carry different fonts subsets and page shapes.
    const kind = i % 3 === 0 ? 'return-slip' : 'complaint';
    yield { document: sampleDocument(kind, `2611-${String(i).padStart(3, '0')}`, i), definition: kind === 'complaint' ? complaint : returnSlip, copies: [kind === 'complaint' ? 4 : 3], locale: 'zh-CN' };
    await new Promise((r) => setImmediate(r));
  }
}

describe('batch printing', () => {
  it('streams many documents from worker threads into one PDF, in order, each page drawn', async () => {
    const renderer = createPdfSlipRenderer({ workers: 2, pagesPerChunk: 4, companyName: '示例机电股份有限公司' });
    const file = join(dir, 'accounting-inbox.pdf');
    const progress: SlipBatchProgress[] = [];
    try {
      const { pages } = await renderer.renderToStream(inboxPage(14), createWriteStream(file), (p) => progress.push(p));
      expect(pages).toBe(14);
    } finally {
      await renderer.close();
    }
    const bytes = new Uint8Array(readFileSync(file));
    const texts = pageTexts(bytes);
    expect(texts).toHaveLength(14);
    texts.forEach((text, i) => {
      const n = i + 1;
      const kind = n % 3 === 0 ? 'return-slip' : 'complaint';
      expect(text).toContain(`2611-${String(n).padStart(3, '0')}`);
      expect(text).toContain(kind === 'complaint' ? '第四联' : '第三联');
      expect(text).toContain('会计科');
      expect(text).toContain(documentFingerprint(sampleDocument(kind, `2611-${String(n).padStart(3, '0')}`, n)));
    });
    // Pages from the first, a middle and the last part all carry real glyphs.
    const doc = openPdf(bytes);
    for (const i of [0, 7, 13]) {
      const page = doc.loadPage(i);
      const title = (i + 1) % 3 === 0 ? returnSlip.title['zh-CN'] : complaint.title['zh-CN'];
      expect(inkRatio(page, findText(page, title)!)).toBeGreaterThan(0.08);
    }
    // Subset fonts from different parts keep distinct names.
    const subsetNames = new Set([...Buffer.from(bytes).toString('latin1').matchAll(/\/BaseFont \/([A-Z]{6}\+[\w-]+)/g)].map((m) => m[1]));
    expect(subsetNames.size).toBeGreaterThanOrEqual(2 * 4);
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress.at(-1)).toEqual({ documents: 14, pages: 14 });
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.pages).toBeGreaterThan(progress[i - 1]!.pages);
  });

  it('gives the same pages from render() whether the batch goes to workers or not', async () => {
    const jobs: SlipJob[] = [];
    for await (const job of inboxPage(6)) jobs.push({ ...job, copies: 'all' });
    const pooled = createPdfSlipRenderer({ workers: 2, pagesPerChunk: 5 });
    const here = createPdfSlipRenderer({ workers: 0 });
    try {
      const a = pageTexts(await pooled.render(jobs));
      const b = pageTexts(await here.render(jobs));
      expect(a.length).toBe(5 * 4 + 4 * 2);
      expect(a).toEqual(b);
    } finally {
      await pooled.close();
    }
  });

  it('fails with the copy error before rendering anything when a job asks for a missing copy', async () => {
    const renderer = createPdfSlipRenderer({ workers: 2, pagesPerChunk: 2 });
    const jobs: SlipJob[] = [
      { document: sampleDocument('complaint'), definition: complaint, copies: [1], locale: 'zh-CN' },
      { document: sampleDocument('return-slip'), definition: returnSlip, copies: [7], locale: 'zh-CN' },
    ];
    try {
      const sink = new PassThrough().resume();
      await expect(renderer.renderToStream(jobs, sink)).rejects.toMatchObject({ code: 'AFTERSALES.COPY_NOT_FOUND' });
    } finally {
      await renderer.close();
    }
  });
});
