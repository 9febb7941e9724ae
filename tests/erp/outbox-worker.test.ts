import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRestGateway } from '../../src/adapters/rest/index.js';
import { createMemoryStore } from '../../src/adapters/memory/index.js';
import { createSqliteStore } from '../../src/adapters/sqlite/index.js';
import { createOutboxWorker, retryDelayMs, shouldPark, type OutboxWorker } from '../../src/domain/outbox/index.js';
import type { DocumentStore, Logger, NewOutboxEntry } from '../../src/domain/ports.js';
import { startRestHost, type RestHost } from './support/rest-host.js';

describe('retry policy', () => {
  const policy = { baseMs: 1000, maxMs: 60_000, maxAttempts: 5 };
  it('doubles the delay per failure, caps it, and keeps the jitter in the upper half of the step', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(1, policy, () => 0)).toBe(500);
    expect(retryDelayMs(30, policy, () => 1)).toBe(60_000);
    expect(retryDelayMs(30, policy, () => 0)).toBe(30_000);
  });
  it('parks non-retryable failures at once and retryable ones when attempts run out', () => {
    expect(shouldPark({ retryable: false }, 1, policy)).toBe(true);
    expect(shouldPark({ retryable: true }, 4, policy)).toBe(false);
    expect(shouldPark({ retryable: true }, 5, policy)).toBe(true);
  });
});

describe.each(['sqlite', 'memory'] as const)('outbox worker on the %s store against a REST host', (storeKind) => {
  let dir: string;
  let store: DocumentStore;
  let host: RestHost;
  let now: Date;
  const clock = { now: () => now };
  const logs: { level: string; msg?: string }[] = [];
  const logger: Logger = {
    info: (_o, msg) => logs.push({ level: 'info', msg }),
    warn: (_o, msg) => logs.push({ level: 'warn', msg }),
    error: (_o, msg) => logs.push({ level: 'error', msg }),
  };
  let worker: OutboxWorker;

  beforeAll(async () => {
    host = await startRestHost();
  });
  afterAll(async () => {
    await host.stop();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    now = new Date('2026-11-23T02:00:00.000Z');
    store = storeKind === 'sqlite' ? createSqliteStore({ file: join(dir, 'aftersales.db'), clock }) : createMemoryStore();
    host.failing = false;
    host.delayMs = 0;
    host.slowWritesMs = 0;
    logs.length = 0;
    const erp = createRestGateway({ kind: 'rest', baseUrl: host.url, timeoutMs: 500 });
    worker = createOutboxWorker({ store, erp, clock, logger, backoff: { baseMs: 1000, maxMs: 60_000, maxAttempts: 3 }, leaseMs: 30_000, batchSize: 10, random: () => 1 });
  });
  afterEach(async () => {
    await worker.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function enqueue(entry: Partial<NewOutboxEntry> & { reference: string }) {
    return store.transaction((tx) =>
      tx.enqueueOutbox({
        documentId: `doc-${entry.reference}`,
        operation: 'create-customer-return',
        payload: { customerId: 'CUST-0001', items: [{ product: 'PUMP-200', quantity: 2 }] },
        createdAt: now.toISOString(),
        ...entry,
      }),
    );
  }
  const returnsFor = (ref: string) => [...(host.docs.get('Delivery Note')?.values() ?? [])].filter((d) => d.po_no === ref);

  it("delivers a due entry and records the host's key on it", async () => {
    const e = await enqueue({ reference: 'RS-2611-101' });
    expect(await worker.runOnce()).toEqual({ claimed: 1, delivered: 1, failed: 0, parked: 0 });
    const [stored] = await store.listOutbox({ documentId: e.documentId });
    expect(stored).toMatchObject({ status: 'delivered', attempts: 1, hostKey: returnsFor('RS-2611-101')[0]!.name });
    expect(await worker.runOnce()).toEqual({ claimed: 0, delivered: 0, failed: 0, parked: 0 });
  });

  it('backs off while the host is down, parks after the last attempt, and an admin retry delivers it', async () => {
    const e = await enqueue({ reference: 'RS-2611-102' });
    host.failing = true;
    expect((await worker.runOnce()).failed).toBe(1);
    let [s] = await store.listOutbox({ documentId: e.documentId });
    expect(s).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: '2026-11-23T02:00:01.000Z' });
    expect(s!.lastError).toContain('AFTERSALES.ERP_UNAVAILABLE');
    expect((await worker.runOnce()).claimed).toBe(0); // not due yet
    now = new Date(now.getTime() + 1000);
    expect((await worker.runOnce()).failed).toBe(1);
    [s] = await store.listOutbox({ documentId: e.documentId });
    expect(s).toMatchObject({ status: 'failed', attempts: 2, nextAttemptAt: '2026-11-23T02:00:03.000Z' });
    now = new Date(now.getTime() + 2000);
    expect((await worker.runOnce()).parked).toBe(1);
    [s] = await store.listOutbox({ documentId: e.documentId });
    expect(s).toMatchObject({ status: 'parked', attempts: 3 });
    now = new Date(now.getTime() + 3_600_000);
    expect((await worker.runOnce()).claimed).toBe(0); // parked stays parked

    host.failing = false;
    expect((await worker.retryParked(s!.id)).status).toBe('pending');
    expect((await worker.runOnce()).delivered).toBe(1);
    expect(returnsFor('RS-2611-102')).toHaveLength(1);
    await expect(worker.retryParked(s!.id)).rejects.toMatchObject({ code: 'AFTERSALES.OUTBOX_NOT_PARKED', type: 'conflict' });
    await expect(worker.retryParked(99_999)).rejects.toMatchObject({ code: 'AFTERSALES.NOT_FOUND' });
  });

  it("waits at least as long as the host's Retry-After asks, within maxMs", async () => {
    const e = await enqueue({ reference: 'RS-2611-105' });
    host.failing = true;
    host.retryAfter = '30';
    try {
      expect((await worker.runOnce()).failed).toBe(1);
    } finally {
      host.retryAfter = undefined;
    }
    const [s] = await store.listOutbox({ documentId: e.documentId });
    expect(s!.nextAttemptAt).toBe('2026-11-23T02:00:30.000Z');
  });

  it("parks at once what the host refuses, with the host's message", async () => {
    const e = await enqueue({ reference: 'RS-2611-103', payload: { customerId: 'CUST-NOPE', items: [{ product: 'PUMP-200', quantity: 1 }] } });
    expect((await worker.runOnce()).parked).toBe(1);
    const [s] = await store.listOutbox({ documentId: e.documentId });
    expect(s).toMatchObject({ status: 'parked', attempts: 1 });
    expect(s!.lastError).toContain('Could not find Customer: CUST-NOPE');
  });

  it('parks a malformed payload without calling the host', async () => {
    const before = host.requests.length;
    const e = await enqueue({ reference: 'PN-1', operation: 'post-penalty-deduction', payload: { employeeId: 'HR-EMP-00012', period: '2026-13', amount: { amount: 1.5, currency: 'CNY' } } });
    expect((await worker.runOnce()).parked).toBe(1);
    const [s] = await store.listOutbox({ documentId: e.documentId });
    expect(s!.lastError).toContain('AFTERSALES.OUTBOX_PAYLOAD_INVALID');
    expect(host.requests.length).toBe(before);
  });

  it('a retry after a lost answer finds the record the host already made instead of making a second', async () => {
    const e = await enqueue({ reference: 'RS-2611-104' });
    host.slowWritesMs = 800; // longer than the gateway's 500 ms timeout: the host creates it, we never hear back
    expect((await worker.runOnce()).failed).toBe(1);
    expect(returnsFor('RS-2611-104')).toHaveLength(1);
    host.slowWritesMs = 0;
    now = new Date(now.getTime() + 1000);
    expect((await worker.runOnce()).delivered).toBe(1);
    expect(returnsFor('RS-2611-104')).toHaveLength(1);
    const [s] = await store.listOutbox({ documentId: e.documentId });
    expect(s).toMatchObject({ status: 'delivered', hostKey: returnsFor('RS-2611-104')[0]!.name, attempts: 2 });
  });

  it('delivers in the background once started, and stops cleanly', async () => {
    worker = createOutboxWorker({ store, erp: createRestGateway({ kind: 'rest', baseUrl: host.url }), clock, logger, backoff: { baseMs: 10, maxMs: 100, maxAttempts: 3 }, leaseMs: 30_000, batchSize: 2, pollMs: 20 });
    worker.start();
    for (let i = 0; i < 5; i++) await enqueue({ reference: `RS-BG-${i}` });
    const deadline = Date.now() + 5000;
    while ((await store.listOutbox({ status: 'delivered' })).length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await worker.stop();
    expect((await store.listOutbox({ status: 'delivered' })).length).toBe(5);
    for (let i = 0; i < 5; i++) expect(returnsFor(`RS-BG-${i}`)).toHaveLength(1);
  });
});
