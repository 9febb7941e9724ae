import { describe, expect, test } from 'vitest';
import {
  DEFAULT_APPROVAL_MATRIX,
  assertWithinAuthority,
  parseApprovalMatrix,
  requiredApprover,
  type ApprovalMatrix,
} from '../../../src/domain/approval/index.js';
import type { Actor } from '../../../src/domain/vocabulary.js';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const person = (...roles: Actor['roles']): Actor => ({ id: roles.join('+'), roles, department: 'sales' });

describe('requiredApprover', () => {
  test('the lowest role in the chain whose limit covers the amount; limits are inclusive', () => {
    const q = (amount: number) => requiredApprover(DEFAULT_APPROVAL_MATRIX, { formKind: 'complaint', amount: cny(amount) });
    expect(q(0)).toBe('sales-manager');
    expect(q(500_000)).toBe('sales-manager');
    expect(q(500_001)).toBe('vp');
    expect(q(5_000_000)).toBe('vp');
    expect(q(5_000_001)).toBe('gm');
    expect(q(9_000_000_000)).toBe('gm');
  });

  test('a cause-specific row wins over the general one for that role', () => {
    const matrix: ApprovalMatrix = parseApprovalMatrix({
      ...DEFAULT_APPROVAL_MATRIX,
      limits: [...DEFAULT_APPROVAL_MATRIX.limits, { formKind: 'complaint', cause: 'delivery-delay', currency: 'CNY', role: 'sales-manager', maxAmount: 1_000_000 }],
    });
    expect(requiredApprover(matrix, { formKind: 'complaint', cause: 'delivery-delay', amount: cny(800_000) })).toBe('sales-manager');
    expect(requiredApprover(matrix, { formKind: 'complaint', cause: 'labelling', amount: cny(800_000) })).toBe('vp');
    expect(requiredApprover(matrix, { formKind: 'complaint', amount: cny(800_000) })).toBe('vp');
  });

  test('a per-form chain replaces the global one', () => {
    const matrix = parseApprovalMatrix({
      chain: ['sales-manager', 'vp', 'gm'],
      chains: { 'penalty-notice': ['gm'] },
      limits: [...DEFAULT_APPROVAL_MATRIX.limits.filter((r) => r.formKind !== 'penalty-notice'), { formKind: 'penalty-notice', currency: 'CNY', role: 'gm', maxAmount: null }],
    });
    expect(requiredApprover(matrix, { formKind: 'penalty-notice', amount: cny(1) })).toBe('gm');
  });

  test('no limits for the currency, or an amount above every limit, are coded errors', () => {
    expect(() => requiredApprover(DEFAULT_APPROVAL_MATRIX, { formKind: 'complaint', amount: { amount: 1, currency: 'USD' } })).toThrow(
      expect.objectContaining({ code: 'AFTERSALES.APPROVAL_CURRENCY_NOT_CONFIGURED', type: 'invalid_data' }),
    );
    expect(() => requiredApprover(DEFAULT_APPROVAL_MATRIX, { formKind: 'repair-voucher', amount: cny(1) })).toThrow(expect.objectContaining({ code: 'AFTERSALES.APPROVAL_CURRENCY_NOT_CONFIGURED' }));
    const capped = parseApprovalMatrix({ chain: ['sales-manager', 'vp'], limits: [{ formKind: 'complaint', currency: 'CNY', role: 'vp', maxAmount: 100 }] });
    expect(() => requiredApprover(capped, { formKind: 'complaint', amount: cny(101) })).toThrow(expect.objectContaining({ code: 'AFTERSALES.APPROVAL_ABOVE_ALL_LIMITS' }));
  });
});

describe('assertWithinAuthority', () => {
  test('within the limit the approver acts in the lowest of their roles that covers it', () => {
    expect(assertWithinAuthority(DEFAULT_APPROVAL_MATRIX, person('sales-manager'), { formKind: 'complaint', amount: cny(500_000) })).toBe('sales-manager');
    expect(assertWithinAuthority(DEFAULT_APPROVAL_MATRIX, person('sales-manager', 'vp'), { formKind: 'complaint', amount: cny(600_000) })).toBe('vp');
    expect(assertWithinAuthority(DEFAULT_APPROVAL_MATRIX, person('gm'), { formKind: 'return-slip', amount: cny(100) })).toBe('gm');
  });

  test('above the limit: not_allowed naming the next role in both languages', () => {
    let err: unknown;
    try {
      assertWithinAuthority(DEFAULT_APPROVAL_MATRIX, person('sales-manager'), { formKind: 'complaint', amount: cny(1_920_000) });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'AFTERSALES.APPROVAL_LIMIT_EXCEEDED', type: 'not_allowed', details: { nextRole: 'vp', role: 'sales-manager', limit: 500_000 } });
    const e = err as { localize(l: 'zh-CN' | 'en'): string };
    expect(e.localize('zh-CN')).toBe('金额 ¥19,200.00 超出您的核决权限（权限 ¥5,000.00），须呈副总经理核决');
    expect(e.localize('en')).toBe('¥19,200.00 is above your approval authority (limit ¥5,000.00); it needs approval by the Vice president');
    expect(() => assertWithinAuthority(DEFAULT_APPROVAL_MATRIX, person('vp'), { formKind: 'complaint', amount: cny(6_000_000) })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ nextRole: 'gm' }) }),
    );
    expect(() => assertWithinAuthority(DEFAULT_APPROVAL_MATRIX, person('sales'), { formKind: 'complaint', amount: cny(1) })).toThrow(
      expect.objectContaining({ code: 'AFTERSALES.APPROVAL_LIMIT_EXCEEDED', details: expect.objectContaining({ nextRole: 'sales-manager' }) }),
    );
  });
});

describe('parseApprovalMatrix', () => {
  test('refuses fractions of a fen, negative limits, roles outside the chain and duplicate rows, each with a pointer', () => {
    let err: { code: string; errors: { pointer: string }[] } | undefined;
    try {
      parseApprovalMatrix({
        chain: ['sales-manager', 'vp'],
        limits: [
          { formKind: 'complaint', currency: 'CNY', role: 'sales-manager', maxAmount: 10.5 },
          { formKind: 'complaint', currency: 'CNY', role: 'vp', maxAmount: -1 },
          { formKind: 'complaint', currency: 'CNY', role: 'gm', maxAmount: null },
          { formKind: 'complaint', currency: 'CNY', role: 'vp', maxAmount: 5 },
        ],
      });
    } catch (e) {
      err = e as typeof err;
    }
    expect(err?.code).toBe('AFTERSALES.APPROVAL_MATRIX_INVALID');
    expect(err?.errors.map((e) => e.pointer).sort()).toEqual(['/limits/0/maxAmount', '/limits/1/maxAmount']);
    const second = (() => {
      try {
        parseApprovalMatrix({ chain: ['sales-manager', 'vp'], limits: [{ formKind: 'complaint', currency: 'CNY', role: 'gm', maxAmount: null }, { formKind: 'complaint', currency: 'CNY', role: 'gm', maxAmount: 1 }] });
      } catch (e) {
        return e as { errors: { pointer: string }[] };
      }
    })();
    expect(second?.errors.map((e) => e.pointer).sort()).toEqual(['/limits/0/role', '/limits/1', '/limits/1/role']);
  });

  test('the demo matrix is valid and reads 5,000 / 50,000 / unlimited yuan', () => {
    const m = parseApprovalMatrix(DEFAULT_APPROVAL_MATRIX);
    expect(m.limits.filter((r) => r.formKind === 'complaint').map((r) => [r.role, r.maxAmount])).toEqual([
      ['sales-manager', 500_000],
      ['vp', 5_000_000],
      ['gm', null],
    ]);
  });
});
