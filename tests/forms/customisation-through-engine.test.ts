import { afterAll, describe, expect, it } from 'vitest';
import { createAftersales, type Actor } from '../../src/index.js';
import * as mupdf from 'mupdf';

const openPdf = (bytes: Uint8Array) => mupdf.Document.openDocument(bytes, 'application/pdf');
const pdfPages = (bytes: Uint8Array): number => openPdf(bytes).countPages();
const pdfText = (bytes: Uint8Array): string => {
  const doc = openPdf(bytes);
  return Array.from({ length: doc.countPages() }, (_, i) => doc.loadPage(i).toStructuredText('preserve-whitespace').asText()).join('\f');
};

const admin: Actor = { id: 'u-admin', name: '系统管理员', roles: ['admin'], department: 'gm-office' };
const sales: Actor = { id: 'u-sales', name: '林业务', roles: ['sales'], department: 'sales' };

describe('the engine keeps each document on the form version it was created with', () => {
  const aftersales = createAftersales({ store: { kind: 'memory' } });
  afterAll(() => aftersales.close());

  it('customise the complaint, create documents before and after, both stay valid as created', async () => {
    const v1 = await aftersales.forms.definition('complaint');
    const { formSamples } = await import('../../src/forms/index.js');
    const data = structuredClone(formSamples.complaint);
    const before = await aftersales.documents.create('complaint', { data }, sales);
    expect(before.formVersion).toBe(v1.version);

    const v2 = await aftersales.forms.customise(
      'complaint',
      {
        addFields: {
          claimReference: { schema: { type: 'string', pattern: '^KS-\\d{6}$' }, label: { 'zh-CN': '客户索赔单号', en: 'Customer claim reference' }, required: true },
        },
        addCopies: [
          {
            number: 6,
            department: 'warehouse',
            label: { 'zh-CN': '第六联 成品仓库存', en: 'Copy 6 — Finished-goods Warehouse' },
            routes: [{ onState: 'closed', department: 'warehouse' }],
            hiddenFields: ['/claimedAmount', '/proposal/amount', '/decision/amount'],
          },
        ],
      },
      admin,
    );
    expect(v2.version).toBe(v1.version + 1);
    expect((await aftersales.forms.definition('complaint')).version).toBe(v2.version);

    // Without the new required field a new complaint is refused, at the field, in both languages.
    const refused = await aftersales.documents.create('complaint', { data: structuredClone(formSamples.complaint) }, sales).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'AFTERSALES.INVALID_DOCUMENT', type: 'invalid_data' });
    const fieldErrors = (refused as { errors: { pointer: string; message: { 'zh-CN': string; en: string } }[] }).errors;
    expect(fieldErrors.map((e) => e.pointer)).toContain('/claimReference');

    const after = await aftersales.documents.create('complaint', { data: { ...structuredClone(formSamples.complaint), claimReference: 'KS-202611' } }, sales);
    expect(after.formVersion).toBe(v2.version);

    // Each document validates against its own version, read back from the store.
    const { createFormCatalog } = await import('../../src/forms/index.js');
    const { workflows } = await import('../../src/forms/workflows.js');
    const catalog = createFormCatalog(workflows);
    const oldDoc = await aftersales.documents.get(before.id);
    const newDoc = await aftersales.documents.get(after.id);
    expect(catalog.validate(await aftersales.forms.definition('complaint', oldDoc.formVersion), oldDoc.data)).toEqual([]);
    expect(catalog.validate(await aftersales.forms.definition('complaint', newDoc.formVersion), newDoc.data)).toEqual([]);
    expect((await aftersales.forms.definition('complaint', oldDoc.formVersion)).copies).toHaveLength(5);
    expect((await aftersales.forms.definition('complaint', newDoc.formVersion)).copies[5]?.hiddenFields).toContain('/decision/amount');

    // Printed: the old document still has its five copies; the new one's warehouse copy leaves the amounts off.
    expect(pdfPages(await aftersales.documents.pdf(before.id, 'all', 'zh-CN'))).toBe(5);
    const accountingCopy = pdfText(await aftersales.documents.pdf(after.id, [4], 'zh-CN'));
    const warehouseCopy = pdfText(await aftersales.documents.pdf(after.id, [6], 'zh-CN'));
    expect(accountingCopy).toContain('19,200.00');
    expect(warehouseCopy).toContain('第六联');
    expect(warehouseCopy).toContain('KS-202611');
    expect(warehouseCopy).not.toContain('19,200.00');
  });

  it('a hostile customisation is refused and makes no version', async () => {
    const current = await aftersales.forms.definition('complaint');
    const err = await aftersales.forms
      .customise('complaint', { addFields: { x: { schema: { type: 'string', pattern: '(a|aa)+$' }, label: { 'zh-CN': '甲', en: 'X' } } } }, admin)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AFTERSALES.CUSTOMISATION_REFUSED', type: 'invalid_data' });
    expect((await aftersales.forms.definition('complaint')).version).toBe(current.version);
  });
});
