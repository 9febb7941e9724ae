import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { KINDS, expectedFormFiles, formFilePaths } from '../../scripts/form-files.js';
import { FORM_KINDS } from '../../src/domain/vocabulary.js';
import type { AllowanceCertificateData, ComplaintData, PenaltyNoticeData, RepairVoucherData, ReturnSlipData } from '../../src/forms/index.js';
import { formSamples } from '../../src/forms/index.js';

describe('shipped schema files and derived types', () => {
  it('covers exactly the five form kinds', () => {
    expect([...KINDS].sort()).toEqual([...FORM_KINDS].sort());
  });

  it.each(KINDS)('schemas/%s.json is exactly the form’s source schema', (kind) => {
    const paths = formFilePaths(kind);
    expect(readFileSync(paths.shipped, 'utf8')).toBe(readFileSync(paths.source, 'utf8'));
    const schema = JSON.parse(readFileSync(paths.shipped, 'utf8'));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(`https://erp-aftersales.dev/schemas/${kind}.json`);
  });

  it.each(KINDS)('src/forms/%s/types.ts is derived from the current schema (run `npx tsx scripts/form-files.ts` if not)', (kind) => {
    expect(readFileSync(formFilePaths(kind).types, 'utf8')).toBe(expectedFormFiles(kind).types);
  });

  it.each(KINDS)('the %s schema is self-contained: every $ref is local', (kind) => {
    const text = readFileSync(formFilePaths(kind).shipped, 'utf8');
    const refs = [...text.matchAll(/"\$ref":\s*"([^"]+)"/g)].map((m) => m[1]);
    for (const ref of refs) expect(ref).toMatch(/^#\/\$defs\//);
  });

  it.each(KINDS)('schemas/%s.json works on its own in a fresh validator, as a host in another stack would use it', (kind) => {
    const ajv = new Ajv2020({ allErrors: true });
    (addFormatsModule as unknown as (a: Ajv2020) => void)(ajv);
    const schema = JSON.parse(readFileSync(formFilePaths(kind).shipped, 'utf8'));
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    const validate = ajv.compile(schema);
    expect(validate(formSamples[kind]), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...formSamples[kind], notAField: true })).toBe(false);
  });

  it('the package exports the schema files to hosts in other languages', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(pkg.exports['./schemas/*']).toBe('./schemas/*');
    expect(pkg.files).toContain('schemas');
  });

  it('the samples type-check against the derived types', () => {
    // Compile-time agreement: a sample that did not fit its type would fail `tsc`.
    const complaint: ComplaintData = formSamples.complaint as unknown as ComplaintData;
    const slip: ReturnSlipData = formSamples['return-slip'] as unknown as ReturnSlipData;
    const notice: PenaltyNoticeData = formSamples['penalty-notice'] as unknown as PenaltyNoticeData;
    const certificate: AllowanceCertificateData = formSamples['allowance-certificate'] as unknown as AllowanceCertificateData;
    const voucher: RepairVoucherData = formSamples['repair-voucher'] as unknown as RepairVoucherData;
    expect(complaint.customer.name).toBe('华东机电有限公司');
    expect(slip.items[0]?.unitPrice?.currency).toBe('CNY');
    expect(notice.persons.map((p) => p.responsibilityPercent)).toEqual([60, 40]);
    expect(certificate.amount.amount).toBe(300000);
    expect(voucher.quoteLines?.[0]?.kind).toBe('labour');
  });
});
