import { describe, expect, test } from 'vitest';
import { createHookRegistry } from '../../../src/domain/hooks/index.js';
import { AftersalesError } from '../../../src/domain/errors.js';
import type { HookPayloads } from '../../../src/domain/hooks/types.js';
import { createNoneGateway } from '../../../src/adapters/none/index.js';

const payload = (data: Record<string, unknown> = {}): HookPayloads['before-create'] => ({
  kind: 'complaint',
  data,
  actor: { id: 'u1', roles: ['sales'], department: 'sales' },
  now: new Date('2026-11-23T01:00:00Z'),
  erp: createNoneGateway(),
});

describe('hook registry', () => {
  test('hooks run by order, then registration order, each seeing the data the earlier ones enriched', async () => {
    const trail: string[] = [];
    const hooks = createHookRegistry([
      { name: 'late', hook: 'before-create', order: 200, handler: ({ data }) => { trail.push(`late saw ${String(data.step)}`); return { data: { step: 'late' } }; } },
      { name: 'first-default', hook: 'before-create', handler: ({ data }) => { trail.push(`first saw ${String(data.step)}`); return { data: { step: 'first', customer: { name: '华东机电' } } }; } },
      { name: 'early', hook: 'before-create', order: 10, handler: () => { trail.push('early'); return { data: { step: 'early', customer: { id: '10100001' } } }; } },
      { name: 'second-default', hook: 'before-create', handler: ({ data }) => { trail.push(`second saw ${String(data.step)}`); } },
    ]);
    const p = payload();
    await hooks.run('before-create', 'complaint', p, p.data);
    expect(trail).toEqual(['early', 'first saw early', 'second saw first', 'late saw first']);
    expect(p.data).toEqual({ step: 'late', customer: { id: '10100001', name: '华东机电' } });
  });

  test('async hooks are awaited in turn', async () => {
    const trail: string[] = [];
    const hooks = createHookRegistry([
      { name: 'slow', hook: 'before-create', handler: async () => { await new Promise((r) => setTimeout(r, 20)); trail.push('slow'); return { data: { slow: true } }; } },
      { name: 'fast', hook: 'before-create', handler: async ({ data }) => { trail.push(`fast saw slow=${String(data.slow)}`); } },
    ]);
    const p = payload();
    await hooks.run('before-create', 'complaint', p, p.data);
    expect(trail).toEqual(['slow', 'fast saw slow=true']);
  });

  test('an AftersalesError vetoes and stops the rest; any other throw is wrapped naming the hook', async () => {
    const ran: string[] = [];
    const veto = new AftersalesError({ code: 'AFTERSALES.CUSTOMER_ON_HOLD', type: 'conflict', message: { 'zh-CN': '客户冻结', en: 'Customer on hold' } });
    const hooks = createHookRegistry([
      { name: 'credit-hold', hook: 'before-create', handler: () => { ran.push('credit-hold'); throw veto; } },
      { name: 'after', hook: 'before-create', handler: () => { ran.push('after'); } },
    ]);
    await expect(hooks.run('before-create', 'complaint', payload())).rejects.toBe(veto);
    expect(ran).toEqual(['credit-hold']);

    const broken = createHookRegistry([{ name: 'crm-sync', hook: 'before-create', handler: async () => { throw new TypeError('fetch failed'); } }]);
    const err = await broken.run('before-create', 'complaint', payload()).catch((e) => e);
    expect(err).toMatchObject({ code: 'AFTERSALES.HOOK_FAILED', type: 'unavailable', details: { hook: 'crm-sync' } });
    expect(err.localize('en')).toBe('Rule hook "crm-sync" failed: fetch failed');
  });

  test('hooks limited to some form kinds, and hooks of other points, do not run', async () => {
    const ran: string[] = [];
    const hooks = createHookRegistry([
      { name: 'vouchers-only', hook: 'before-create', kinds: ['repair-voucher'], handler: () => { ran.push('vouchers-only'); } },
      { name: 'transition', hook: 'before-transition', handler: () => { ran.push('transition'); } },
      { name: 'complaints', hook: 'before-create', kinds: ['complaint'], handler: () => { ran.push('complaints'); } },
    ]);
    await hooks.run('before-create', 'complaint', payload());
    expect(ran).toEqual(['complaints']);
  });

  test('returned data cannot smuggle prototype keys', async () => {
    const hooks = createHookRegistry([{ name: 'evil', hook: 'before-create', handler: () => ({ data: JSON.parse('{"__proto__":{"admin":true}}') }) }]);
    const p = payload();
    await expect(hooks.run('before-create', 'complaint', p, p.data)).rejects.toMatchObject({ code: 'AFTERSALES.FORBIDDEN_KEY' });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  test('a registration without a handler is refused', () => {
    expect(() => createHookRegistry([{ name: 'x', hook: 'before-create', handler: undefined as never }])).toThrow(expect.objectContaining({ code: 'AFTERSALES.HOOK_INVALID' }));
  });
});
