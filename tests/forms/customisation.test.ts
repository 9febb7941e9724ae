import { describe, expect, it } from 'vitest';
import { isAftersalesError, type AftersalesError } from '../../src/domain/errors.js';
import type { FormDefinition } from '../../src/domain/form-definition.js';
import { CUSTOMISATION_REFUSED, createFormCatalog, type FormCustomisation } from '../../src/forms/index.js';
import { workflows } from '../../src/forms/workflows.js';

const catalog = createFormCatalog(workflows);

function refusal(current: FormDefinition, customisation: unknown): AftersalesError {
  try {
    catalog.customise(current, customisation);
  } catch (e) {
    if (isAftersalesError(e)) return e;
    throw e;
  }
  throw new Error('the customisation was accepted');
}

const codesAt = (err: AftersalesError) => err.errors.map((e) => `${e.pointer} ${e.code}`);

describe('customising the complaint form, documents keeping their version', () => {
  const v1 = catalog.baseDefinition('complaint');
  const v1Snapshot = JSON.stringify(v1);
  const claimReference: FormCustomisation = {
    addFields: {
      claimReference: {
        schema: { type: 'string', pattern: '^KS-\\d{6}$', maxLength: 9 },
        label: { 'zh-CN': '客户索赔单号', en: 'Customer claim reference' },
      },
    },
    addCopies: [
      {
        number: 6,
        department: 'warehouse',
        label: { 'zh-CN': '第六联 成品仓库存', en: 'Copy 6 — Finished-goods Warehouse' },
        routes: [{ onState: 'closed', department: 'warehouse' }],
      },
    ],
    labels: { '/reason': { en: 'Why the customer complains' }, '/severity/severe': { 'zh-CN': '强烈（须当日回复）' } },
    texts: { footer: { 'zh-CN': '本单一式六联。编号 {{number}}', en: 'Six copies. No. {{number}}' } },
  };
  const v2 = catalog.customise(v1, claimReference);
  const v3 = catalog.customise(v2, {
    requireFields: ['/claimReference'],
    copyChanges: [{ number: 6, hideFields: ['/claimedAmount', '/proposal/amount', '/decision/amount'] }],
    note: '仓库联不显示金额',
  });

  const docV1 = catalog.sample('complaint');
  const docV2 = catalog.sample('complaint');
  const docV3 = { ...catalog.sample('complaint'), claimReference: 'KS-202611' };

  it('each accepted change is a new version; the earlier definition is untouched', () => {
    expect([v1.version, v2.version, v3.version]).toEqual([1, 2, 3]);
    expect(JSON.stringify(v1)).toBe(v1Snapshot);
    expect(v2.labels['/claimReference']).toEqual({ 'zh-CN': '客户索赔单号', en: 'Customer claim reference' });
    expect(v2.labels['/reason']).toEqual({ 'zh-CN': '抱怨理由', en: 'Why the customer complains' });
    expect(v2.labels['/severity/severe']).toEqual({ 'zh-CN': '强烈（须当日回复）', en: 'Severe' });
    expect(v2.texts.footer?.['zh-CN']).toBe('本单一式六联。编号 {{number}}');
    expect(v2.copies.map((c) => c.department)).toEqual(['qa', 'manufacturing', 'sales', 'accounting', 'gm-office', 'warehouse']);
  });

  it('hides the amounts on the warehouse copy only', () => {
    expect(v3.copies[5]!.hiddenFields).toEqual(['/claimedAmount', '/proposal/amount', '/decision/amount']);
    expect(v3.copies.slice(0, 5).every((c) => !c.hiddenFields)).toBe(true);
    expect(v2.copies[5]!.hiddenFields).toBeUndefined();
  });

  it('documents created before and after validate against the versions they were created with', () => {
    expect(catalog.validate(v1, docV1)).toEqual([]);
    expect(catalog.validate(v2, docV2)).toEqual([]);
    expect(catalog.validate(v3, docV3)).toEqual([]);
    // The later versions do not reach back: v1 knows nothing of the new field, v3 requires it.
    expect(catalog.validate(v1, docV3).map((e) => e.pointer)).toEqual(['/claimReference']);
    const missing = catalog.validate(v3, docV1);
    expect(missing.map((e) => [e.pointer, e.code])).toEqual([['/claimReference', 'required']]);
    expect(missing[0]!.message).toEqual({ 'zh-CN': '缺少必填项“客户索赔单号”', en: 'Customer claim reference is required' });
  });

  it('the added field’s own rules apply, with its label in the message', () => {
    const errors = catalog.validate(v3, { ...docV3, claimReference: 'KS-12' });
    expect(errors.map((e) => e.pointer)).toEqual(['/claimReference']);
    expect(errors[0]!.message['zh-CN']).toContain('客户索赔单号');
  });

  it('versions survive being stored as JSON and still validate as created', () => {
    const [s1, s2, s3] = [v1, v2, v3].map((d) => JSON.parse(JSON.stringify(d)) as FormDefinition);
    expect(catalog.validate(s1!, docV1)).toEqual([]);
    expect(catalog.validate(s2!, docV2)).toEqual([]);
    expect(catalog.validate(s3!, docV3)).toEqual([]);
    expect(catalog.validate(s3!, docV1).map((e) => e.pointer)).toEqual(['/claimReference']);
  });

  it('adds a field inside a section and requires a field of a shared definition without touching its siblings', () => {
    const v = catalog.customise(v1, {
      addFields: { lotNumber: { schema: { type: 'string', maxLength: 20 }, label: { 'zh-CN': '批号', en: 'Lot number' }, required: true, section: '/qa' } },
      requireFields: ['/countermeasure/by', '/decision/responsibility/*/persons'],
    });
    const doc = catalog.sample('complaint');
    const pointers = catalog.validate(v, doc).map((e) => e.pointer).sort();
    // The sample names persons for the first responsible unit only.
    expect(pointers).toEqual(['/decision/responsibility/1/persons', '/qa/lotNumber']);
    // `by` is required on the countermeasure only; the manager's comment uses the same shape.
    const noBy = { ...doc, qa: { ...(doc.qa as object), lotNumber: 'B07' }, countermeasure: { text: 'x' }, managerComment: { text: 'y' }, decision: { ...(doc.decision as object), responsibility: [{ unit: '制造二科', ratioPercent: 100, persons: [] }] } };
    expect(catalog.validate(v, noBy).map((e) => e.pointer)).toEqual(['/countermeasure/by']);
  });

  it('adds structured fields (objects, arrays of objects) with labels for their parts, closed to extra properties', () => {
    const v = catalog.customise(v1, {
      addFields: {
        returnAddress: {
          schema: { type: 'object', required: ['street'], properties: { street: { type: 'string', maxLength: 100 }, postcode: { type: 'string', pattern: '^\\d{6}$' } } },
          label: { 'zh-CN': '退货地址', en: 'Return address' },
          labels: { '/street': { 'zh-CN': '街道', en: 'Street' }, '/postcode': { 'zh-CN': '邮编', en: 'Postcode' } },
        },
        photos: {
          schema: { type: 'array', maxItems: 10, items: { type: 'object', properties: { url: { type: 'string', format: 'uri' }, takenOn: { type: 'string', format: 'date' } } } },
          label: { 'zh-CN': '照片', en: 'Photos' },
        },
      },
    });
    expect(v.labels['/returnAddress/postcode']).toEqual({ 'zh-CN': '邮编', en: 'Postcode' });
    const doc = { ...catalog.sample('complaint'), returnAddress: { postcode: '2150' }, photos: [{ url: 'https://files.example/1.jpg', takenOn: '2026-11-02', size: 3 }] };
    const errors = catalog.validate(v, doc);
    expect(errors.map((e) => e.pointer).sort()).toEqual(['/photos/0/size', '/returnAddress/postcode', '/returnAddress/street']);
    expect(errors.find((e) => e.pointer === '/returnAddress/street')?.message['zh-CN']).toBe('缺少必填项“街道”');
    const fixed = { ...doc, returnAddress: { street: '文三路 259 号', postcode: '310012' }, photos: [{ url: 'https://files.example/1.jpg', takenOn: '2026-11-02' }] };
    expect(catalog.validate(v, fixed)).toEqual([]);
  });

  it('replaces, removes and relabels copies', () => {
    const v = catalog.customise(v1, { removeCopies: [5], copyChanges: [{ number: 3, label: { en: 'Copy 3 — Sales' }, department: 'sales' }] });
    expect(v.copies.map((c) => c.number)).toEqual([1, 2, 3, 4]);
    expect(v.copies[2]!.label).toEqual({ 'zh-CN': '第三联 业务部门依批示办理', en: 'Copy 3 — Sales' });
  });
});

describe('refused customisations', () => {
  const complaint = catalog.baseDefinition('complaint');
  const field = (schema: unknown) => ({ addFields: { hostile: { schema, label: { 'zh-CN': '字段', en: 'Field' } } } });

  it('a pattern with catastrophic backtracking', () => {
    const started = Date.now();
    const err = refusal(complaint, field({ type: 'string', pattern: '^(a+)+$' }));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(err.code).toBe(CUSTOMISATION_REFUSED);
    expect(err.type).toBe('invalid_data');
    expect(codesAt(err)).toEqual(['/addFields/hostile/schema/pattern AFTERSALES.PATTERN_UNSAFE']);
    expect(err.errors[0]!.message['zh-CN']).toContain('灾难性回溯');
    expect(err.errors[0]!.message.en).toContain('backtrack catastrophically');
    expect(err.localize('zh-CN')).toContain('/addFields/hostile/schema/pattern');
  });

  it('other backtracking shapes, over-long and broken patterns', () => {
    expect(codesAt(refusal(complaint, field({ type: 'string', pattern: '^([a-z0-9]+)*@x$' })))).toEqual(['/addFields/hostile/schema/pattern AFTERSALES.PATTERN_UNSAFE']);
    expect(codesAt(refusal(complaint, field({ type: 'string', pattern: 'a'.repeat(300) })))).toEqual(['/addFields/hostile/schema/pattern AFTERSALES.PATTERN_TOO_LONG']);
    expect(codesAt(refusal(complaint, field({ type: 'string', pattern: '([a-' })))).toEqual(['/addFields/hostile/schema/pattern AFTERSALES.PATTERN_INVALID']);
  });

  it('more patterns than can be proven safe in seconds', () => {
    const fields = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`code${i}`, { schema: { type: 'string', pattern: `^C${i}-\\d{4}$` }, label: { 'zh-CN': `代码${i}`, en: `Code ${i}` } }]));
    expect(codesAt(refusal(complaint, { addFields: fields }))).toEqual(['/addFields/code20/schema/pattern AFTERSALES.PATTERN_TOO_MANY']);
  });

  it('a safe pattern is accepted', () => {
    expect(catalog.customise(complaint, field({ type: 'string', pattern: '^[A-Z]{2}-\\d{4}$' })).version).toBe(2);
  });

  it('a $ref to a URL, anywhere in the field', () => {
    expect(codesAt(refusal(complaint, field({ $ref: 'https://evil.example/schema.json' })))).toContain('/addFields/hostile/schema/$ref AFTERSALES.SCHEMA_REFERENCE_REFUSED');
    const nested = refusal(complaint, field({ type: 'array', maxItems: 3, items: { type: 'object', properties: { x: { $ref: 'http://127.0.0.1:1/x' } } } }));
    expect(codesAt(nested)).toContain('/addFields/hostile/schema/items/properties/x/$ref AFTERSALES.SCHEMA_REFERENCE_REFUSED');
    expect(codesAt(refusal(complaint, field({ type: 'string', $id: 'https://evil.example/' })))).toEqual(['/addFields/hostile/schema/$id AFTERSALES.SCHEMA_REFERENCE_REFUSED']);
    expect(codesAt(refusal(complaint, field({ type: 'string', $dynamicRef: '#meta' })))).toEqual(['/addFields/hostile/schema/$dynamicRef AFTERSALES.SCHEMA_REFERENCE_REFUSED']);
  });

  it('a 10 MB enum, and an enum past 1,000 entries', () => {
    const huge = Array.from({ length: 1_000_000 }, (_, i) => `value-${i}`.padEnd(10, 'x'));
    const started = Date.now();
    const err = refusal(complaint, field({ enum: huge }));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(codesAt(err)).toEqual([' AFTERSALES.CUSTOMISATION_TOO_LARGE']);
    expect(err.errors[0]!.message.en).toMatch(/more than the limit of 262144/);
    const many = Array.from({ length: 1001 }, (_, i) => `v${i}`);
    expect(codesAt(refusal(complaint, field({ enum: many })))).toEqual(['/addFields/hostile/schema/enum AFTERSALES.SCHEMA_ENUM_TOO_LARGE']);
  });

  it('unknown keywords, and keywords that do not fit the type', () => {
    expect(codesAt(refusal(complaint, field({ type: 'string', if: { minLength: 1 }, then: {} })))).toEqual([
      '/addFields/hostile/schema/if AFTERSALES.SCHEMA_KEYWORD_REFUSED',
      '/addFields/hostile/schema/then AFTERSALES.SCHEMA_KEYWORD_REFUSED',
    ]);
    expect(codesAt(refusal(complaint, field({ type: 'number', pattern: '^1$' })))).toEqual(['/addFields/hostile/schema/pattern AFTERSALES.SCHEMA_KEYWORD_REFUSED']);
    expect(codesAt(refusal(complaint, field({ type: 'string', format: 'regex' })))).toEqual(['/addFields/hostile/schema/format AFTERSALES.SCHEMA_FORMAT_REFUSED']);
  });

  it('names that collide with existing fields or reach into the prototype', () => {
    const proto = JSON.parse('{"addFields":{"__proto__":{"schema":{"type":"string"},"label":{"zh-CN":"原型","en":"Proto"}}}}');
    expect(codesAt(refusal(complaint, proto))).toEqual(['/addFields/__proto__ AFTERSALES.FIELD_NAME_FORBIDDEN']);
    expect(codesAt(refusal(complaint, { addFields: { reason: { schema: { type: 'string' }, label: { 'zh-CN': '原因', en: 'Reason' } } } }))).toEqual(['/addFields/reason AFTERSALES.CUSTOMISATION_FIELD_EXISTS']);
    expect(codesAt(refusal(complaint, { addFields: { 'Bad Name': { schema: { type: 'string' }, label: { 'zh-CN': '甲', en: 'A' } } } }))).toEqual(['/addFields/Bad Name AFTERSALES.FIELD_NAME_INVALID']);
    expect(({} as Record<string, unknown>).schema).toBeUndefined();
  });

  it('approval limits and calendars are settings, not form customisations', () => {
    const err = refusal(complaint, { approvalLimits: { 'sales-manager': 500000 }, calendar: { timeZone: 'Asia/Shanghai' } });
    expect(codesAt(err)).toEqual(['/approvalLimits AFTERSALES.NOT_A_FORM_SETTING', '/calendar AFTERSALES.NOT_A_FORM_SETTING']);
    expect(err.errors[0]!.message.en).toContain('/admin/approval-matrix');
  });

  it('everything wrong is reported at once, each at its pointer in the customisation', () => {
    const err = refusal(complaint, {
      colour: 'red',
      requireFields: ['/noSuchField'],
      labels: { '/nowhere': { en: 'x' }, '/reason': { fr: 'raison' } },
      copyChanges: [{ number: 9, hideFields: ['/decision/amount'] }],
      addCopies: [{ number: 7, department: 'Warehouse!', label: { 'zh-CN': '第七联' }, routes: [{ onState: 'shipped', department: 'warehouse' }] }],
      texts: { footer: { 'zh-CN': '{{#each items}}{{/each}}', en: '{{{number}}}' } },
    });
    expect(codesAt(err)).toEqual([
      '/colour AFTERSALES.CUSTOMISATION_UNKNOWN_KEY',
      '/requireFields/0 AFTERSALES.CUSTOMISATION_FIELD_UNKNOWN',
      '/labels/~1nowhere AFTERSALES.CUSTOMISATION_FIELD_UNKNOWN',
      '/labels/~1reason/fr AFTERSALES.LOCALIZED_INVALID',
      '/addCopies/0/department AFTERSALES.DEPARTMENT_INVALID',
      '/addCopies/0/label AFTERSALES.LOCALIZED_INVALID',
      '/addCopies/0/routes/0/onState AFTERSALES.STATE_UNKNOWN',
      '/copyChanges/0/number AFTERSALES.COPY_UNKNOWN',
      '/addCopies AFTERSALES.COPY_NUMBERS_NOT_CONSECUTIVE',
      '/texts/footer/zh-CN AFTERSALES.TEMPLATE_REFUSED',
      '/texts/footer/en AFTERSALES.TEMPLATE_REFUSED',
    ]);
    for (const e of err.errors) {
      expect(e.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(e.message.en).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('a refused customisation leaves no new version behind', () => {
    const before = JSON.stringify(complaint);
    refusal(complaint, field({ type: 'string', pattern: '(x+x+)+y' }));
    expect(JSON.stringify(complaint)).toBe(before);
  });
});

describe('the documented customisation example', () => {
  it('is accepted as written in src/forms/customisation/README.md', async () => {
    const { readFileSync } = await import('node:fs');
    const md = readFileSync(new URL('../../src/forms/customisation/README.md', import.meta.url), 'utf8');
    const example = JSON.parse(md.split('```json')[1]!.split('```')[0]!);
    const v2 = catalog.customise(catalog.baseDefinition('complaint'), example);
    expect(v2.copies.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(catalog.validate(v2, { ...catalog.sample('complaint'), claimReference: 'KS-000001' }).map((e) => e.pointer)).toEqual(['/decision/responsibility/1/persons']);
  });
});
