import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../src/domain/errors.js';
import { COMPLAINT_CAUSES } from '../../src/domain/rules/complaint-causes.js';
import { FORM_KINDS, type FormKind } from '../../src/domain/vocabulary.js';
import { createFormValidator, formDefinitions, formSamples, schemaAt, schemaFieldPointers } from '../../src/forms/index.js';
import { enumFields, isEnumValuePointer } from '../../src/forms/validation/pointer.js';

const validator = createFormValidator();
const sample = (kind: FormKind): Record<string, any> => structuredClone(formSamples[kind]) as Record<string, any>;
const CJK = /[\u4e00-\u9fff]/;

/** A broken variant of each sample and the exact pointers every error must be reported at. */
const broken: Record<FormKind, { data: () => Record<string, unknown>; pointers: string[] }> = {
  complaint: {
    data: () => {
      const d = sample('complaint');
      d.customer = { id: '10100001' };
      d.market = 'overseas';
      d.quantityShipped = 300;
      d.shipDate = '2026/10/28';
      delete d.severity;
      d.claimedAmount = { amount: 19200.5, currency: 'cny' };
      d.decision.responsibility[1].ratioPercent = 20;
      d.unknownField = 1;
      return d;
    },
    pointers: ['/customer/name', '/market', '/shipDate', '/severity', '/claimedAmount/amount', '/claimedAmount/currency', '/unknownField', '/quantityDefective', '/decision/quantity', '/decision/responsibility'],
  },
  'return-slip': {
    data: () => {
      const d = sample('return-slip');
      d.handling = 'refund';
      delete d.items[0].unit;
      d.items[0].amount = { amount: 1900000, currency: 'CNY' };
      d.proofOfReturn = 'photo';
      d.basisComplaintNumber = '';
      return d;
    },
    pointers: ['/handling', '/items/0/unit', '/items/0/amount/amount', '/total/amount', '/proofOfReturn', '/basisComplaintNumber'],
  },
  'penalty-notice': {
    data: () => {
      const d = sample('penalty-notice');
      d.causeCode = 'bad-luck';
      d.penalisedDepartment = 'Manufacturing Dept';
      d.persons[1].responsibilityPercent = 30;
      d.persons[0].deductedThisMonth = { amount: 150000, currency: 'CNY' };
      d.persons[1].level = 'fired';
      d.payrollPeriod = '2026-13';
      return d;
    },
    pointers: ['/causeCode', '/penalisedDepartment', '/persons', '/persons/0/deductedThisMonth/amount', '/persons/0/carriedOver/amount', '/totals/deductedThisMonth/amount', '/persons/1/level', '/payrollPeriod'],
  },
  'allowance-certificate': {
    data: () => {
      const d = sample('allowance-certificate');
      d.kind = 'discount';
      delete d.invoiceNumber;
      d.items[0].allowedAmount = { amount: 320000, currency: 'CNY' };
      delete d.signatures.customerStamp.stampedAt;
      return d;
    },
    pointers: ['/kind', '/invoiceNumber', '/items/0/allowedAmount/amount', '/amount/amount', '/signatures/customerStamp/stampedAt'],
  },
  'repair-voucher': {
    data: () => {
      const d = sample('repair-voucher');
      d.warrantyUntil = '2026-11-01';
      d.callAt = '2026-11-23 09:20';
      d.site = 'rural';
      d.quoteLines[2].customerConfirmed = false;
      d.quoteLines[0].amount = { amount: 18001, currency: 'CNY' };
      d.outcome = 'taken-back';
      d.customer.phone = 'call me';
      return d;
    },
    pointers: ['/serviceCategory', '/callAt', '/site', '/quoteLines/2/customerConfirmed', '/quoteLines/0/amount/amount', '/total/amount', '/goodsReceiptNumber', '/customer/phone'],
  },
};

function expectBothLanguages(errors: FieldError[]): void {
  for (const e of errors) {
    expect(e.message['zh-CN'], e.pointer).toMatch(CJK);
    expect(e.message.en, e.pointer).toMatch(/[A-Za-z]{2}/);
    expect(e.message.en, e.pointer).not.toMatch(CJK);
    expect(e.code).toBeTruthy();
  }
}

describe.each(FORM_KINDS)('%s', (kind) => {
  const definition = formDefinitions[kind];

  it('its Chinese sample is valid', () => {
    expect(validator.validate(definition, sample(kind))).toEqual([]);
    expect(JSON.stringify(sample(kind))).toMatch(CJK);
  });

  it('a broken variant reports every error at once, each at its field, in zh-CN and en', () => {
    const errors = validator.validate(definition, broken[kind].data());
    expect(errors.map((e) => e.pointer).sort()).toEqual([...broken[kind].pointers].sort());
    expectBothLanguages(errors);
  });

  it('a missing required field is named by its label in both languages', () => {
    const required = (definition.schema.required as string[])[0]!;
    const d = sample(kind);
    delete d[required];
    const [error] = validator.validate(definition, d);
    expect(error?.pointer).toBe(`/${required}`);
    expect(error?.message['zh-CN']).toContain(definition.labels[`/${required}`]!['zh-CN']);
    expect(error?.message.en).toContain(definition.labels[`/${required}`]!.en);
  });

  it('labels every field in zh-CN and en, and no field that does not exist', () => {
    const moneyDef = (definition.schema.$defs as Record<string, unknown>).money;
    const fields = schemaFieldPointers(definition.schema).filter((p) => schemaAt(definition.schema, p.slice(0, p.lastIndexOf('/'))) !== moneyDef);
    const missing = fields.filter((p) => !definition.labels[p]?.['zh-CN'] || !definition.labels[p]?.en);
    expect(missing).toEqual([]);
    const dangling = Object.keys(definition.labels).filter((p) => !schemaAt(definition.schema, p) && !isEnumValuePointer(definition.schema, p));
    expect(dangling).toEqual([]);
  });

  it('names every coded value in zh-CN and en, keyed by field and value', () => {
    const unnamed = enumFields(definition.schema).flatMap(([p, values]) => values.map((v) => `${p}/${String(v)}`)).filter((k) => !definition.labels[k]?.['zh-CN'] || !definition.labels[k]?.en);
    expect(unnamed).toEqual([]);
  });

  it('keeps money as integer minor units with an ISO currency in a local $defs', () => {
    const money = (definition.schema.$defs as Record<string, any>).money;
    expect(money.properties.amount.type).toBe('integer');
    expect(money.properties.currency.pattern).toBe('^[A-Z]{3}$');
    const d = sample(kind);
    const text = JSON.stringify(d).replace(/\{"amount":(\d+),"currency"/, '{"amount":$1.5,"currency"');
    expect(validator.validate(definition, JSON.parse(text)).some((e) => e.code === 'type' && e.pointer.endsWith('/amount'))).toBe(true);
  });

  it('prints each copy with its number and keeping department in both languages', () => {
    definition.copies.forEach((copy, i) => {
      expect(copy.number).toBe(i + 1);
      expect(copy.label['zh-CN']).toMatch(/^第[一二三四五六七八九十]联 /);
      expect(copy.label.en).toMatch(new RegExp(`^Copy ${i + 1} — `));
      for (const hidden of copy.hiddenFields ?? []) expect(schemaAt(definition.schema, hidden), hidden).toBeDefined();
    });
    for (const text of Object.values(definition.texts)) {
      expect(text?.['zh-CN']).toBeTruthy();
      expect(text?.en).toBeTruthy();
    }
  });
});

describe('copies as DOMAIN.md §1 and §4 set them', () => {
  const departments = (kind: FormKind) => formDefinitions[kind].copies.map((c) => c.department);
  const routes = (kind: FormKind) => formDefinitions[kind].copies.map((c) => c.routes.map((r) => `${r.onState}→${typeof r.department === 'string' ? r.department : r.department.field}`));

  it('complaint: five copies, all handed over when it is closed', () => {
    expect(departments('complaint')).toEqual(['qa', 'manufacturing', 'sales', 'accounting', 'gm-office']);
    expect(formDefinitions.complaint.copies[3]!.label).toEqual({ 'zh-CN': '第四联 会计科存', en: 'Copy 4 — Accounting' });
    expect(routes('complaint').flat()).toEqual(['closed→qa', 'closed→manufacturing', 'closed→sales', 'closed→accounting', 'closed→gm-office']);
  });

  it('return slip: four copies; 2–4 to the warehouse on approval, then 3 to accounting and 4 back to sales on receipt', () => {
    expect(departments('return-slip')).toEqual(['sales', 'warehouse', 'accounting', 'sales']);
    expect(routes('return-slip')).toEqual([['approved→sales'], ['approved→warehouse'], ['approved→warehouse', 'received→accounting'], ['approved→warehouse', 'received→sales']]);
    expect(formDefinitions['return-slip'].copies[1]!.hiddenFields).toContain('/items/*/unitPrice');
  });

  it('penalty notice: three copies on approval, the third to the penalised department named on the notice', () => {
    expect(departments('penalty-notice')).toEqual(['gm-office', 'accounting', { field: '/penalisedDepartment' }]);
    expect(routes('penalty-notice').flat()).toEqual(['approved→gm-office', 'approved→accounting', 'approved→/penalisedDepartment']);
  });

  it('allowance certificate: two copies once stamped', () => {
    expect(departments('allowance-certificate')).toEqual(['sales', 'accounting']);
    expect(routes('allowance-certificate').flat()).toEqual(['stamped→sales', 'stamped→accounting']);
  });

  it('repair voucher: service centre file copy, customer copy, repair card without prices', () => {
    expect(departments('repair-voucher')).toEqual(['service', 'customer', 'service']);
    expect(formDefinitions['repair-voucher'].copies[2]!.hiddenFields).toEqual(['/quoteLines/*/unitPrice', '/quoteLines/*/amount', '/total']);
  });

  it('coded values read as the regulation words them', () => {
    expect(formDefinitions.complaint.labels['/customerRequest/undetermined']).toEqual({ 'zh-CN': '客户加工中未确定', en: 'Customer still processing, quantity not determined' });
    expect(formDefinitions['penalty-notice'].labels['/causeCode/delivery-delay']?.['zh-CN']).toBe('9. 交货延迟');
    expect(formDefinitions['repair-voucher'].labels['/province/other']?.['zh-CN']).toBe('外省');
    expect(formDefinitions['repair-voucher'].labels['/serviceCategory/C']?.['zh-CN']).toBe('C 免费服务（保修期内）');
  });

  it('complaint and penalty notice use the fifteen cause codes of the regulation', () => {
    const ids = COMPLAINT_CAUSES.map((c) => c.id);
    expect((formDefinitions['penalty-notice'].schema.$defs as any).causeCode.enum).toEqual(ids);
    expect((formDefinitions.complaint.schema.$defs as any).causeCode.enum).toEqual(ids);
  });
});

describe('validator', () => {
  it('reports in the caller’s language through the shared error type', async () => {
    const { invalidData } = await import('../../src/domain/errors.js');
    const errors = validator.validate(formDefinitions.complaint, broken.complaint.data());
    const err = invalidData(errors);
    const zh = err.toJSON('zh-CN') as { errors: { pointer: string; message: string }[] };
    const en = err.toJSON('en') as { errors: { pointer: string; message: string }[] };
    expect(zh.errors.find((e) => e.pointer === '/quantityDefective')?.message).toBe('不良数量 320 超过交运数量 300');
    expect(en.errors.find((e) => e.pointer === '/quantityDefective')?.message).toBe('The defective quantity 320 exceeds the quantity shipped 300');
    expect(zh.errors.find((e) => e.pointer === '/customer/name')?.message).toBe('缺少必填项“客户名称”');
  });

  it('escapes property names in pointers', () => {
    const d = { ...sample('complaint'), 'a/b~c': 1 };
    expect(validator.validate(formDefinitions.complaint, d).map((e) => e.pointer)).toEqual(['/a~1b~0c']);
  });

  it('rejects data that is not an object without throwing', () => {
    for (const data of [null, 42, 'x', []]) expect(validator.validate(formDefinitions.complaint, data)[0]?.code).toBe('type');
  });

  it('validates a definition read back from storage (a new object with the same content)', () => {
    const stored = JSON.parse(JSON.stringify(formDefinitions['return-slip']));
    expect(validator.validate(stored, sample('return-slip'))).toEqual([]);
    expect(validator.validate(stored, broken['return-slip'].data()).length).toBe(6);
  });
});
