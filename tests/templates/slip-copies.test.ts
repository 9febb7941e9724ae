import { afterAll, describe, expect, it } from 'vitest';
import { FORM_KINDS } from '../../src/domain/vocabulary.js';
import { isAftersalesError } from '../../src/domain/errors.js';
import { copyDepartment, copyLabelText, createPdfSlipRenderer, documentFingerprint, selectCopies, slipFileName } from '../../src/templates/index.js';
import { definitionOf, sampleDocument, usingShippedDefinitions } from './fixtures/slip-fixtures.js';
import { findText, inkRatio, openPdf, pageSize, pageTexts } from './pdf-readback.js';

const renderer = createPdfSlipRenderer({ workers: 0, companyName: '示例机电股份有限公司' });
afterAll(() => renderer.close());

it('prints with the forms\' own definitions', () => {
  expect(usingShippedDefinitions).toBe(true);
});

describe.each(FORM_KINDS)('%s sample printed with every copy', (kind) => {
  const definition = definitionOf(kind);
  const document = sampleDocument(kind);
  let pdf: Uint8Array;

  it('has one page per copy, each naming its own copy and department', async () => {
    pdf = await renderer.render([{ document, definition, copies: 'all', locale: 'zh-CN' }]);
    const texts = pageTexts(pdf);
    const copies = selectCopies(definition, 'all');
    expect(copies.length).toBeGreaterThan(1);
    expect(texts).toHaveLength(copies.length);
    copies.forEach((copy, i) => {
      const label = copy.label['zh-CN'];
      expect(texts[i]).toContain(label);
      expect(texts[i]).toContain(copyDepartment(copy, document, 'zh-CN').name);
      expect(texts[i]).toContain(document.number);
      expect(texts[i]).toContain(documentFingerprint(document));
      const state = definition.states[document.status];
      if (state) expect(texts[i]).toContain(state.description['zh-CN']);
      for (const other of copies) if (other !== copy) expect(texts[i]).not.toContain(other.label['zh-CN']);
    });
  });

  it('draws the Chinese title: ink where the title is, none in the blank beside it', () => {
    const doc = openPdf(pdf);
    const title = definition.texts?.title?.['zh-CN'] ?? definition.title['zh-CN'];
    for (let i = 0; i < doc.countPages(); i++) {
      const page = doc.loadPage(i);
      const box = findText(page, title);
      expect(box, `title on page ${i + 1}`).toBeDefined();
      expect(inkRatio(page, box!)).toBeGreaterThan(0.08);
      // The column right of the title block is left empty by the layout.
      const { width } = pageSize(page);
      expect(inkRatio(page, { x0: width - 34 - 50, y0: box!.y0, x1: width - 36, y1: box!.y1 })).toBe(0);
    }
  });

  it('prints the same copies in English', async () => {
    const texts = pageTexts(await renderer.render([{ document, definition, copies: 'all', locale: 'en' }]));
    const copies = selectCopies(definition, 'all');
    expect(texts).toHaveLength(copies.length);
    copies.forEach((copy, i) => expect(texts[i]).toContain(copyLabelText(copy, document, 'en')));
  });
});

describe('slip options', () => {
  const definition = definitionOf('complaint');
  const document = sampleDocument('complaint');

  it('prints in English with English labels', async () => {
    const pdf = await renderer.render([{ document, definition, copies: [4], locale: 'en' }]);
    const [text] = pageTexts(pdf);
    expect(pageTexts(pdf)).toHaveLength(1);
    expect(text).toContain(definition.copies.find((c) => c.number === 4)!.label.en);
    expect(text).toContain('Page 1 of 1');
    expect(text).toContain(copyLabelText(definition.copies[3]!, document, 'en'));
  });

  it.each([
    ['A5', 419.53, 595.28],
    ['continuous-241', 683.15, 792],
  ] as const)('prints on %s paper', async (pageSizeName, w, h) => {
    const small = createPdfSlipRenderer({ workers: 0, pageSize: pageSizeName });
    const pdf = await small.render([{ document, definition, copies: [1], locale: 'zh-CN' }]);
    const page = openPdf(pdf).loadPage(0);
    expect(pageSize(page).width).toBeCloseTo(w, 0);
    expect(pageSize(page).height).toBeCloseTo(h, 0);
    expect(inkRatio(page, findText(page, definition.title['zh-CN'])!)).toBeGreaterThan(0.08);
  });

  it('leaves a copy\'s hidden fields off that copy only', async () => {
    const amountLabel = definition.labels['/claimedAmount']?.['zh-CN'] ?? 'Claimed amount';
    const hiding = {
      ...definition,
      copies: definition.copies.map((c) => (c.number === 2 ? { ...c, hiddenFields: ['/claimedAmount', '/decision/amount', '/proposal/amount'] } : c)),
    };
    const texts = pageTexts(await renderer.render([{ document, definition: hiding, copies: [1, 2], locale: 'zh-CN' }]));
    expect(texts[0]).toContain('¥19,200.00');
    expect(texts[0]).toContain(amountLabel);
    expect(texts[1]).not.toContain('¥19,200.00');
    expect(texts[1]).not.toContain(amountLabel);
  });

  it('prints admin-added fields from the schema without a template change', async () => {
    const extended = {
      ...definition,
      schema: { ...definition.schema, properties: { ...(definition.schema.properties as object), batchLot: { type: 'string' } } },
      labels: { ...definition.labels, '/batchLot': { 'zh-CN': '生产批号', en: 'Batch lot' } },
    };
    const doc = { ...document, data: { ...document.data, batchLot: 'LOT-2610-B07' } };
    const [text] = pageTexts(await renderer.render([{ document: doc, definition: extended, copies: [1], locale: 'zh-CN' }]));
    expect(text).toContain('生产批号');
    expect(text).toContain('LOT-2610-B07');
  });

  it('numbers the pages within each copy when a copy runs over a page', async () => {
    const definition = definitionOf('return-slip');
    const base = sampleDocument('return-slip');
    const item = (base.data.items as Record<string, unknown>[])[0]!;
    const long = { ...base, data: { ...base.data, items: Array.from({ length: 60 }, (_, i) => ({ ...item, itemNumber: `PCB-${1000 + i}` })) } };
    const texts = pageTexts(await renderer.render([{ document: long, definition, copies: [2, 3], locale: 'zh-CN' }]));
    expect(texts.length % 2).toBe(0);
    const perCopy = texts.length / 2;
    expect(perCopy).toBeGreaterThan(1);
    texts.forEach((text, i) => {
      const copy = definition.copies.find((c) => c.number === (i < perCopy ? 2 : 3))!;
      expect(text).toContain(copy.label['zh-CN']);
      expect(text).toContain(`第 ${(i % perCopy) + 1} 页 / 共 ${perCopy} 页`);
    });
    expect(texts[perCopy - 1]).toContain('PCB-1059');
  });

  it('refuses a copy the form does not have', async () => {
    const err = await renderer.render([{ document, definition, copies: [9], locale: 'zh-CN' }]).catch((e: unknown) => e);
    expect(isAftersalesError(err) && err.code).toBe('AFTERSALES.COPY_NOT_FOUND');
  });

  it('names files after the document and copy', () => {
    expect(slipFileName({ kind: 'complaint', number: '2611-007' }, 4)).toBe('complaint-2611-007-copy4.pdf');
    expect(slipFileName({ kind: 'return-slip', number: '2611-004' })).toBe('return-slip-2611-004.pdf');
    expect(slipFileName({ kind: 'complaint', number: '26/11 007' }, 1)).toBe('complaint-26_11_007-copy1.pdf');
  });

  it('gives a new fingerprint when the document changes, and prints it', async () => {
    const changed = { ...document, revision: document.revision + 1 };
    expect(documentFingerprint(changed)).not.toBe(documentFingerprint(document));
    expect(documentFingerprint({ ...document })).toBe(documentFingerprint(document));
    const [text] = pageTexts(await renderer.render([{ document: changed, definition, copies: [1], locale: 'zh-CN' }]));
    expect(text).toContain(documentFingerprint(changed));
  });
});
