import { describe, expect, it } from 'vitest';
import { AftersalesError, invalidData, notFound } from '../../src/domain/errors.js';
import { ajvFieldErrors, ajvPointer, PROBLEM_TYPE_BASE, toProblem } from '../../src/adapters/http/problem.js';
import type { ErrorObject } from 'ajv';

describe('problem+json from errors', () => {
  it('maps each error type to its status with the code in the type URI', () => {
    const cases: [AftersalesError, number][] = [
      [invalidData([{ pointer: '/quantity', code: 'minimum', message: { 'zh-CN': '不能小于 0', en: 'must be ≥ 0' } }]), 422],
      [notFound('document', 'x'), 404],
      [new AftersalesError({ code: 'AFTERSALES.APPROVAL_LIMIT_EXCEEDED', type: 'not_allowed', message: { 'zh-CN': '超出核决权限', en: 'Above your limit' } }), 403],
      [new AftersalesError({ code: 'AFTERSALES.STATE_CONFLICT', type: 'conflict', message: { 'zh-CN': '状态不允许', en: 'Not in this state' } }), 409],
      [new AftersalesError({ code: 'AFTERSALES.ERP_UNAVAILABLE', type: 'unavailable', message: { 'zh-CN': 'ERP 不可用', en: 'ERP unavailable' } }), 503],
    ];
    for (const [err, status] of cases) {
      const { status: s, problem } = toProblem(err, 'en', '/x');
      expect(s).toBe(status);
      expect(problem.status).toBe(status);
      expect(problem.type).toBe(PROBLEM_TYPE_BASE + err.code);
      expect(problem.code).toBe(err.code);
      expect(problem.instance).toBe('/x');
    }
  });

  it('speaks the caller language, field messages included', () => {
    const err = invalidData([{ pointer: '/quantity', code: 'minimum', message: { 'zh-CN': '不能小于 0', en: 'must be ≥ 0' } }]);
    const zh = toProblem(err, 'zh-CN').problem;
    const en = toProblem(err, 'en').problem;
    expect(zh.title).toBe('数据校验未通过');
    expect(zh.detail).toContain('数据校验未通过');
    expect(zh.errors).toEqual([{ pointer: '/quantity', code: 'minimum', message: '不能小于 0' }]);
    expect(en.errors![0]!.message).toBe('must be ≥ 0');
  });

  it('turns fastify client errors into 4xx problems, never 500, and hides internals of real failures', () => {
    expect(toProblem(Object.assign(new Error('x'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 }), 'en').problem.code).toBe('AFTERSALES.BODY_NOT_JSON');
    expect(toProblem(Object.assign(new Error('x'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }), 'en').status).toBe(413);
    expect(toProblem(Object.assign(new Error('x'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }), 'zh-CN').problem.detail).toContain('application/json');
    expect(toProblem(Object.assign(new SyntaxError('bad'), { statusCode: 400 }), 'en').problem.code).toBe('AFTERSALES.BODY_NOT_JSON');
    const internal = toProblem(new Error('password=secret at db.ts:12'), 'en');
    expect(internal.status).toBe(500);
    expect(JSON.stringify(internal.problem)).not.toContain('secret');
  });
});

describe('ajv errors as field errors', () => {
  const missing = { instancePath: '/data', schemaPath: '#/required', keyword: 'required', params: { missingProperty: 'customer' }, message: "must have required property 'customer'" } as ErrorObject;
  const extra = { instancePath: '', schemaPath: '#/additionalProperties', keyword: 'additionalProperties', params: { additionalProperty: 'a/b' }, message: 'must NOT have additional properties' } as ErrorObject;

  it('points at the missing or extra property itself', () => {
    expect(ajvPointer(missing)).toBe('/data/customer');
    expect(ajvPointer(extra)).toBe('/a~1b');
  });

  it('translates to Chinese without touching the originals', () => {
    const [zh] = ajvFieldErrors([missing], 'zh-CN');
    expect(zh!.message).toMatch(/customer/);
    expect(zh!.message).toMatch(/[\u4e00-\u9fff]/);
    expect(missing.message).toBe("must have required property 'customer'");
    expect(ajvFieldErrors([missing], 'en', 'querystring')[0]).toMatchObject({ in: 'query', message: "must have required property 'customer'" });
  });
});
