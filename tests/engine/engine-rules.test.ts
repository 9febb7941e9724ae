import { describe, expect, test, vi } from 'vitest';
import { createAftersales } from '../../src/create-aftersales.js';
import { AftersalesError } from '../../src/domain/errors.js';
import type { DocumentStore, SlipRenderer } from '../../src/domain/ports.js';
import { createMemoryStore } from '../../src/adapters/memory/index.js';
import { admin, complaintFiling, gmOffice, memoryEngine, qa, sales, accounting } from './support.js';

describe('createAftersales options', () => {
  test('bad options are refused at once with a coded error naming what to fix', () => {
    const attempt = (options: unknown) => {
      try {
        createAftersales(options as never);
      } catch (e) {
        return e as AftersalesError;
      }
      throw new Error('accepted');
    };
    expect(attempt({ store: { kind: 'sqlite' } })).toMatchObject({ code: 'AFTERSALES.OPTIONS_INVALID', type: 'invalid_data' });
    expect(attempt({ store: { kind: 'mongo' } }).errors[0]!.pointer).toBe('/store');
    const tz = attempt({ settings: { calendar: { timeZone: 'Mars/Olympus' } } });
    expect(tz.errors[0]!.pointer).toBe('/settings/calendar/timeZone');
    expect(tz.localize('en')).toContain('Mars/Olympus');
    expect(attempt({ approvalMatrix: { chain: ['sales-manager'], limits: [{ formKind: 'complaint', currency: 'CNY', role: 'vp', maxAmount: 1 }] } }).errors[0]!.pointer).toBe('/approvalMatrix/limits/0/role');
    expect(attempt({ hooks: [{ name: 'x', hook: 'before-lunch', handler: () => undefined }] }).errors[0]!.pointer).toBe('/hooks/0/hook');
    expect(attempt({ colour: 'red' }).code).toBe('AFTERSALES.OPTIONS_INVALID');
    expect(attempt({ settings: { numbering: { pattern: '{YY}{MM}' } } }).errors[0]).toMatchObject({ pointer: '/settings/numbering/pattern', code: 'AFTERSALES.NUMBERING_PATTERN_INVALID' });
  });

  test('a store instance and the company time zone decide numbering: 30 Nov 17:00 UTC is December in Shanghai', async () => {
    const store = createMemoryStore();
    const aftersales = createAftersales({ store, clock: { now: () => new Date('2026-11-30T17:00:00Z') } });
    expect((await aftersales.documents.create('complaint', { data: complaintFiling() }, sales)).number).toBe('2612-001');
    const utc = createAftersales({ store, clock: { now: () => new Date('2026-11-30T17:00:00Z') }, settings: { calendar: { timeZone: 'UTC' } } });
    expect((await utc.documents.create('complaint', { data: complaintFiling() }, sales)).number).toBe('2611-001');
    const custom = createAftersales({ clock: { now: () => new Date('2026-11-30T01:00:00Z') }, settings: { numbering: { pattern: 'KS-{YYYY}{MM}-{SEQ:4}' } } });
    expect((await custom.documents.create('complaint', { data: complaintFiling() }, sales)).number).toBe('KS-202611-0001');
  });
});

describe('creating documents', () => {
  test('the same idempotency key and body give the same document; another body with that key is a conflict', async () => {
    const { aftersales } = memoryEngine();
    const first = await aftersales.documents.create('complaint', { data: complaintFiling() }, sales, { idempotencyKey: 'req-1' });
    const again = await aftersales.documents.create('complaint', { data: complaintFiling() }, sales, { idempotencyKey: 'req-1' });
    expect(again.id).toBe(first.id);
    await expect(aftersales.documents.create('complaint', { data: complaintFiling({ quantityDefective: 1 }) }, sales, { idempotencyKey: 'req-1' })).rejects.toMatchObject({
      code: 'AFTERSALES.IDEMPOTENCY_KEY_REUSED',
      type: 'conflict',
    });
    // The key is per form kind, and concurrent repeats still make one document.
    const [a, b] = await Promise.all([
      aftersales.documents.create('complaint', { data: complaintFiling() }, sales, { idempotencyKey: 'req-2' }),
      aftersales.documents.create('complaint', { data: complaintFiling() }, sales, { idempotencyKey: 'req-2' }),
    ]);
    expect(a.id).toBe(b.id);
    expect((await aftersales.documents.list({ kind: 'complaint' })).items.map((d) => d.number)).toEqual(['2611-001', '2611-002']);
  });

  test('a store of one\'s own without findIdempotency still answers repeats, looking inside a transaction', async () => {
    const { findIdempotency: _omitted, ...inner } = createMemoryStore();
    let transactions = 0;
    const store: DocumentStore = { ...inner, transaction: (fn) => (transactions++, inner.transaction(fn)) };
    const aftersales = createAftersales({ store });
    const first = await aftersales.documents.create('complaint', { data: complaintFiling() }, sales, { idempotencyKey: 'own-1' });
    const before = transactions;
    const again = await aftersales.documents.create('complaint', { data: complaintFiling() }, sales, { idempotencyKey: 'own-1' });
    expect(again).toEqual(first);
    // The repeat was found by a look in one transaction, and wrote nothing.
    expect(transactions - before).toBe(1);
    await expect(aftersales.documents.create('complaint', { data: complaintFiling({ quantityDefective: 1 }) }, sales, { idempotencyKey: 'own-1' })).rejects.toMatchObject({ code: 'AFTERSALES.IDEMPOTENCY_KEY_REUSED' });
    expect((await aftersales.documents.list({ kind: 'complaint' })).items).toHaveLength(1);
    await aftersales.close();
  });

  test('invalid data reports every failing field at once and uses no number', async () => {
    const { aftersales } = memoryEngine();
    const err = await aftersales.documents.create('complaint', { data: complaintFiling({ market: 'mars', severity: 'meh' }) }, sales).catch((e) => e);
    expect(err).toMatchObject({ code: 'AFTERSALES.INVALID_DOCUMENT', type: 'invalid_data' });
    expect(err.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/market', '/severity']);
    expect((await aftersales.documents.create('complaint', { data: complaintFiling() }, sales)).number).toBe('2611-001');
  });

  test('an unknown form and a role that may not file are refused', async () => {
    const { aftersales } = memoryEngine();
    await expect(aftersales.documents.create('invoice' as never, { data: {} }, sales)).rejects.toMatchObject({ code: 'AFTERSALES.UNKNOWN_FORM', type: 'not_found' });
    await expect(aftersales.documents.create('complaint', { data: complaintFiling() }, accounting)).rejects.toMatchObject({ code: 'AFTERSALES.ROLE_NOT_PERMITTED', type: 'not_allowed' });
  });
});

describe('taking workflow steps', () => {
  test('unknown action, action not allowed in this state, role not permitted: each its own code', async () => {
    const { aftersales } = memoryEngine();
    const doc = await aftersales.documents.create('complaint', { data: complaintFiling() }, sales);
    await expect(aftersales.documents.act(doc.id, 'teleport', {}, gmOffice)).rejects.toMatchObject({ code: 'AFTERSALES.UNKNOWN_ACTION', type: 'not_found' });
    const wrongState = await aftersales.documents.act(doc.id, 'close', {}, gmOffice).catch((e) => e);
    expect(wrongState).toMatchObject({ code: 'AFTERSALES.ACTION_NOT_ALLOWED_IN_STATE', type: 'conflict', details: { state: 'filed', allowed: ['register'] } });
    expect(wrongState.localize('en')).toContain('"filed"');
    await expect(aftersales.documents.act(doc.id, 'register', {}, qa)).rejects.toMatchObject({ code: 'AFTERSALES.ROLE_NOT_PERMITTED', type: 'not_allowed' });
    expect(await aftersales.documents.availableActions(doc.id, gmOffice)).toEqual(['register']);
    expect(await aftersales.documents.availableActions(doc.id, qa)).toEqual([]);
    await expect(aftersales.documents.get('nope')).rejects.toMatchObject({ code: 'AFTERSALES.NOT_FOUND' });
  });

  test('prototype keys in action data are refused and pollute nothing', async () => {
    const { aftersales } = memoryEngine();
    const doc = await aftersales.documents.create('complaint', { data: complaintFiling() }, sales);
    const evil = JSON.parse('{"registration":{"__proto__":{"polluted":true}}}');
    await expect(aftersales.documents.act(doc.id, 'register', { data: evil }, gmOffice)).rejects.toMatchObject({ code: 'AFTERSALES.FORBIDDEN_KEY', pointer: '/registration/__proto__' });
    await expect(aftersales.documents.create('complaint', { data: JSON.parse('{"constructor":{"prototype":{"x":1}}}') }, sales)).rejects.toMatchObject({ code: 'AFTERSALES.FORBIDDEN_KEY' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await aftersales.documents.get(doc.id)).status).toBe('filed');
  });

  test('two people taking the same step at once: one wins, the other gets a conflict', async () => {
    const { aftersales } = memoryEngine();
    const doc = await aftersales.documents.create('complaint', { data: complaintFiling() }, sales);
    const results = await Promise.allSettled([
      aftersales.documents.act(doc.id, 'register', {}, gmOffice),
      aftersales.documents.act(doc.id, 'register', {}, gmOffice),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ type: 'conflict' });
    expect((await aftersales.documents.audit(doc.id)).map((e) => e.action)).toEqual(['create', 'register']);
  });

  test('fields required by a step are all named when missing', async () => {
    const { aftersales } = memoryEngine();
    const doc = await aftersales.documents.create('complaint', { data: complaintFiling() }, sales);
    await aftersales.documents.act(doc.id, 'register', {}, gmOffice);
    const err = await aftersales.documents.act(doc.id, 'investigate', { data: { qa: { causeDescription: '待查' } } }, qa).catch((e) => e);
    expect(err).toMatchObject({ code: 'AFTERSALES.REQUIRED_FOR_ACTION', type: 'invalid_data' });
    expect(err.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/qa/cause', '/qa/responsibleUnit']);
  });
});

describe('hooks', () => {
  test('before-create enriches before validation, before-transition can veto, an after-transition failure only logs', async () => {
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const seen: string[] = [];
    const { aftersales } = memoryEngine({
      logger,
      hooks: [
        { name: 'severity-from-hotline', hook: 'before-create', kinds: ['complaint'], handler: async () => ({ data: { severity: 'severe' } }) },
        {
          name: 'credit-hold',
          hook: 'before-transition',
          handler: ({ action, input }) => {
            if (action === 'register' && input.comment === 'customer 10100001 on credit hold') throw new AftersalesError({ code: 'AFTERSALES.CUSTOMER_ON_HOLD', type: 'conflict', message: { 'zh-CN': '客户冻结', en: 'Customer on hold' } });
          },
        },
        { name: 'notify', hook: 'after-transition', handler: ({ action }) => { seen.push(action); throw new Error('mail server down'); } },
      ],
    });
    const filing = complaintFiling();
    delete filing.severity;
    const doc = await aftersales.documents.create('complaint', { data: filing }, sales);
    expect(doc.data.severity).toBe('severe');
    await expect(aftersales.documents.act(doc.id, 'register', { comment: 'customer 10100001 on credit hold' }, gmOffice)).rejects.toMatchObject({ code: 'AFTERSALES.CUSTOMER_ON_HOLD' });
    expect((await aftersales.documents.get(doc.id)).status).toBe('filed');
    expect(seen).toEqual([]);
    const registered = await aftersales.documents.act(doc.id, 'register', {}, gmOffice);
    expect(registered.status).toBe('registered');
    expect(seen).toEqual(['register']);
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ hook: 'notify', documentId: doc.id }), 'after-transition hook failed');
  });
});

describe('forms', () => {
  test('an admin customisation makes a new version; older documents keep and validate against theirs', async () => {
    const { aftersales } = memoryEngine();
    const old = await aftersales.documents.create('complaint', { data: complaintFiling({ itemDescription: undefined }) }, sales);
    expect(old.formVersion).toBe(1);
    await expect(aftersales.forms.customise('complaint', { requireFields: ['/itemDescription'] }, sales)).rejects.toMatchObject({ code: 'AFTERSALES.ROLE_NOT_PERMITTED' });
    const v2 = await aftersales.forms.customise('complaint', { requireFields: ['/itemDescription'] }, admin);
    expect(v2.version).toBe(2);
    expect((await aftersales.forms.list()).find((f) => f.kind === 'complaint')?.version).toBe(2);
    expect((await aftersales.forms.definition('complaint', 1)).version).toBe(1);
    await expect(aftersales.documents.create('complaint', { data: complaintFiling({ itemDescription: undefined }) }, sales)).rejects.toMatchObject({ code: 'AFTERSALES.INVALID_DOCUMENT' });
    const fresh = await aftersales.documents.create('complaint', { data: complaintFiling() }, sales);
    expect(fresh.formVersion).toBe(2);
    expect((await aftersales.documents.act(old.id, 'register', {}, gmOffice)).formVersion).toBe(1);
  });

  test('the same customisation sent again (a retry after a timeout) returns its version; one that changes nothing makes none', async () => {
    const { aftersales } = memoryEngine();
    const addRma = { addFields: { rmaNumber: { schema: { type: 'string', maxLength: 40 }, label: { 'zh-CN': '退货授权号', en: 'RMA number' } } } };
    const v2 = await aftersales.forms.customise('complaint', addRma, admin);
    expect(v2.version).toBe(2);
    const retried = await aftersales.forms.customise('complaint', structuredClone(addRma), admin);
    expect(retried).toEqual(v2);
    expect((await aftersales.forms.customise('complaint', {}, admin)).version).toBe(2);
    expect((await aftersales.forms.list()).find((f) => f.kind === 'complaint')?.version).toBe(2);
    // Adding the field once more after another change is still refused: it exists.
    await aftersales.forms.customise('complaint', { requireFields: ['/itemDescription'] }, admin);
    await expect(aftersales.forms.customise('complaint', addRma, admin)).rejects.toMatchObject({ code: 'AFTERSALES.CUSTOMISATION_REFUSED' });
  });
});

describe('audit chain and printing', () => {
  test('verifyAudit names the first altered event', async () => {
    const inner = createMemoryStore();
    let tamper = false;
    const store: DocumentStore = {
      ...inner,
      readAuditChain: async (after, limit) => {
        const events = await inner.readAuditChain(after, limit);
        return tamper ? events.map((e) => (e.seq === 2 ? { ...e, actorId: 'someone-else' } : e)) : events;
      },
    };
    const aftersales = createAftersales({ store });
    const doc = await aftersales.documents.create('complaint', { data: complaintFiling() }, sales);
    await aftersales.documents.act(doc.id, 'register', {}, gmOffice);
    await aftersales.documents.act(doc.id, 'investigate', { data: { qa: { cause: 'delivery-delay', responsibleUnit: '包装组' } } }, qa);
    expect(await aftersales.verifyAudit()).toEqual({ intact: true, checked: 3 });
    tamper = true;
    expect(await aftersales.verifyAudit()).toMatchObject({ intact: false, firstBad: { seq: 2, problem: 'altered', documentId: doc.id } });
  });

  test('verifyAudit stays intact while documents keep being created during it', async () => {
    const inner = createMemoryStore();
    let created: Promise<unknown> | undefined;
    let aftersales: ReturnType<typeof createAftersales>;
    const store: DocumentStore = {
      ...inner,
      readAuditChain: async (after, limit) => {
        const events = await inner.readAuditChain(after, limit);
        // A clerk files a complaint just as the walk reaches the end of the chain.
        if (events.length === 0 && !created) await (created = aftersales.documents.create('complaint', { data: complaintFiling() }, sales));
        return events;
      },
    };
    aftersales = createAftersales({ store });
    await aftersales.documents.create('complaint', { data: complaintFiling() }, sales);
    expect(await aftersales.verifyAudit()).toEqual({ intact: true, checked: 1 });
    // The complaint filed meanwhile is in the chain, and the next walk checks it.
    expect(await aftersales.verifyAudit()).toEqual({ intact: true, checked: 2 });
  });

  test('verifyAudit stays intact when events enter the chain out of time order, as processes waiting for it do', async () => {
    let now = new Date('2026-11-23T02:00:01.000Z');
    const aftersales = createAftersales({ store: { kind: 'memory' }, clock: { now: () => now } });
    await aftersales.documents.create('complaint', { data: complaintFiling() }, sales);
    // The next create read the clock a moment earlier but reached the chain after it.
    now = new Date('2026-11-23T02:00:00.000Z');
    await aftersales.documents.create('complaint', { data: complaintFiling() }, sales);
    expect(await aftersales.verifyAudit()).toEqual({ intact: true, checked: 2 });
    await aftersales.close();
  });

  test('PDFs go to the configured renderer with the document’s own definition version and the chosen copies', async () => {
    const jobs: unknown[] = [];
    const renderer: SlipRenderer = { render: async (j) => { jobs.push(...j); return new Uint8Array([37, 80, 68, 70]); } };
    const { aftersales } = memoryEngine({ renderer });
    const doc = await aftersales.documents.create('complaint', { data: complaintFiling() }, sales);
    expect(await aftersales.documents.pdf(doc.id, [4], 'en')).toEqual(new Uint8Array([37, 80, 68, 70]));
    expect(jobs).toMatchObject([{ document: { id: doc.id }, definition: { kind: 'complaint', version: 1 }, copies: [4], locale: 'en' }]);
    expect(await aftersales.inbox.pdf('accounting', undefined, 10, 'zh-CN')).toEqual({ pdf: new Uint8Array(), count: 0 });
  });
});
