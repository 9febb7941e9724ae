/**
 * Bodies a client should never send: nesting deep enough to exhaust a recursive walk, and
 * negative money, are refused with a 4xx problem naming what is wrong, and change nothing.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonDepth, MAX_BODY_DEPTH } from '../../src/adapters/http/json-body.js';
import allowanceSample from '../../src/forms/allowance-certificate/sample.json' with { type: 'json' };
import complaintSample from '../../src/forms/complaint/sample.json' with { type: 'json' };
import { buildApp, keyOf } from './support.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildApp();
});
afterAll(async () => {
  await app.close();
});

/** A raw JSON text body as a role. */
const rawPost = (role: Parameters<typeof keyOf>[0], url: string, text: string) =>
  app.inject({ method: 'POST', url: '/aftersales' + url, payload: text, headers: { authorization: `Bearer ${keyOf(role)}`, 'content-type': 'application/json', 'accept-language': 'en' } });

/** The sample with one field's value replaced by brackets nested `depth` deep. */
const deepBody = (sample: object, field: string, depth: number) =>
  JSON.stringify({ data: { ...sample, [field]: 'DEEP' } }).replace('"DEEP"', '['.repeat(depth) + ']'.repeat(depth));

const allowanceData = () => {
  const data: Record<string, unknown> = structuredClone(allowanceSample);
  delete data.approval;
  return data;
};

describe('nesting depth', () => {
  it('counts brackets outside strings only', () => {
    expect(jsonDepth('{"a":[1,[2]]}')).toBe(3);
    expect(jsonDepth('{"a":"[[[[\\"[[["}')).toBe(1);
    expect(jsonDepth('[]')).toBe(1);
    expect(jsonDepth('"x"')).toBe(0);
    expect(jsonDepth('['.repeat(100_000), 10)).toBe(11);
  });

  for (const depth of [MAX_BODY_DEPTH, 5_000, 60_000]) {
    it(`refuses a form whose field nests ${depth} deep with 400, not a server error`, async () => {
      const res = await rawPost('sales', '/documents/allowance-certificate', deepBody(allowanceData(), 'invoiceDate', depth));
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'AFTERSALES.BODY_TOO_DEEP', status: 400, details: { maxDepth: MAX_BODY_DEPTH } });
    });
  }

  it('refuses an action whose data nests thousands deep, and the document is unchanged', async () => {
    const created = await rawPost('sales', '/documents/complaint', JSON.stringify({ data: complaintSample }));
    expect(created.statusCode, created.body).toBe(201);
    const { id, revision } = created.json() as { id: string; revision: number };
    const res = await rawPost('sales', `/documents/${id}/actions/register`, `{"data":{"note":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`);
    expect([res.statusCode, res.json().code]).toEqual([400, 'AFTERSALES.BODY_TOO_DEEP']);
    const after = await app.inject({ method: 'GET', url: `/aftersales/documents/${id}`, headers: { authorization: `Bearer ${keyOf('sales')}` } });
    expect(after.json()).toMatchObject({ status: 'filed', revision });
  });

  it('still parses ordinary bodies, and still refuses prototype poisoning', async () => {
    const ok = await rawPost('sales', '/documents/allowance-certificate', JSON.stringify({ data: allowanceData() }));
    expect(ok.statusCode, ok.body).toBe(201);
    const poisoned = await rawPost('sales', '/documents/allowance-certificate', '{"data":{},"__proto__":{"admin":true}}');
    expect(poisoned.statusCode).toBe(400);
    expect(poisoned.json().code).toBe('AFTERSALES.BODY_NOT_JSON');
  });
});

describe('negative money', () => {
  for (const [pointer, set] of [
    ['/amount/amount', (d: Record<string, unknown>) => (d.amount = { amount: -100, currency: 'CNY' })],
    ['/items/0/originalUnitPrice/amount', (d: Record<string, unknown>) => ((d.items as Record<string, unknown>[])[0]!.originalUnitPrice = { amount: -1, currency: 'CNY' })],
    ['/items/0/allowedAmount/amount', (d: Record<string, unknown>) => ((d.items as Record<string, unknown>[])[0]!.allowedAmount = { amount: -50_000, currency: 'CNY' })],
  ] as const) {
    it(`refuses an allowance certificate with a negative amount at ${pointer}, naming the field (pointers into data, as for every form error)`, async () => {
      const data = allowanceData();
      set(data);
      const res = await rawPost('sales', '/documents/allowance-certificate', JSON.stringify({ data }));
      expect(res.statusCode).toBe(422);
      expect(res.json().errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    });
  }

  it('refuses a negative amount in the request envelope and in an action', async () => {
    const create = await rawPost('sales', '/documents/complaint', JSON.stringify({ data: complaintSample, amount: { amount: -1, currency: 'CNY' } }));
    expect(create.statusCode).toBe(400);
    expect(create.json().errors).toEqual([expect.objectContaining({ pointer: '/amount/amount' })]);

    const created = await rawPost('sales', '/documents/complaint', JSON.stringify({ data: complaintSample }));
    const { id, revision } = created.json() as { id: string; revision: number };
    const act = await rawPost('sales', `/documents/${id}/actions/register`, JSON.stringify({ amount: { amount: -60_000, currency: 'CNY' } }));
    expect(act.statusCode).toBe(400);
    expect(act.json().errors).toEqual([expect.objectContaining({ pointer: '/amount/amount' })]);
    const after = await app.inject({ method: 'GET', url: `/aftersales/documents/${id}`, headers: { authorization: `Bearer ${keyOf('sales')}` } });
    expect(after.json().revision).toBe(revision);
  });

  it('accepts zero: an allowance of nothing is still a document', async () => {
    const data = allowanceData();
    const zero = { amount: 0, currency: 'CNY' };
    Object.assign((data.items as Record<string, unknown>[])[0]!, { allowedUnitPrice: zero, allowedAmount: zero });
    data.amount = zero;
    const res = await rawPost('sales', '/documents/allowance-certificate', JSON.stringify({ data }));
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('a step whose own effect rewrites a field', () => {
  it('refuses a value of the wrong type there instead of silently replacing it, and the document is unchanged', async () => {
    const created = await rawPost('sales', '/documents/complaint', JSON.stringify({ data: complaintSample }));
    const { id, revision } = created.json() as { id: string; revision: number };
    const register = (data: unknown) =>
      app.inject({
        method: 'POST',
        url: `/aftersales/documents/${id}/actions/register`,
        payload: { data } as object,
        headers: { authorization: `Bearer ${keyOf('gm-office')}`, 'accept-language': 'en' },
      });
    for (const value of ['x', [], 5, { acceptedAt: 7 }]) {
      const res = await register({ registration: value });
      expect(res.statusCode, JSON.stringify(value)).toBe(422);
      expect(res.json().errors[0].pointer).toMatch(/^\/registration/);
    }
    expect((await app.inject({ method: 'GET', url: `/aftersales/documents/${id}`, headers: { authorization: `Bearer ${keyOf('sales')}` } })).json()).toMatchObject({ status: 'filed', revision });
    const ok = await register({ registration: { trackingLogEntry: 'T-2026-118' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().data.registration).toMatchObject({ trackingLogEntry: 'T-2026-118', acceptedAt: expect.any(String) });
  });
});
