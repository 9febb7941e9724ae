import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createODataGateway } from '../../src/adapters/odata/index.js';
import { createSqliteStore } from '../../src/adapters/sqlite/index.js';
import { createOutboxWorker } from '../../src/domain/outbox/index.js';
import type { DocumentStore } from '../../src/domain/ports.js';
import { startCapHost, type CapHost } from './support/cap-host.js';

let dir: string;
let host: CapHost;
let store: DocumentStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'outage-'));
  host = await startCapHost({ dbFile: join(dir, 'erp.sqlite') });
});
afterAll(async () => {
  await host?.stop();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('100 write-backs due while the host is down all arrive exactly once after it comes back', async () => {
  let now = new Date('2026-11-23T02:00:00.000Z');
  const clock = { now: () => now };
  store = createSqliteStore({ file: join(dir, 'aftersales.db'), clock });
  const refs = Array.from({ length: 100 }, (_, i) => `RS-2611-${String(i + 1).padStart(3, '0')}`);
  await store.transaction(async (tx) => {
    for (const [i, reference] of refs.entries()) {
      await tx.enqueueOutbox({
        documentId: `doc-${i}`,
        operation: 'create-customer-return',
        reference,
        payload: { customerId: '10100001', salesOrder: '1000123', items: [{ product: 'PUMP-200', quantity: (i % 7) + 1, unit: 'PC', salesOrderItem: '10' }] },
        createdAt: now.toISOString(),
      });
    }
  });
  const erp = createODataGateway({ kind: 'odata', version: 2, serviceRoot: host.v2Root, timeoutMs: 2000 });
  const backoff = { baseMs: 1000, maxMs: 8000, maxAttempts: 8 };
  const worker = createOutboxWorker({ store, erp, clock, logger: { info() {}, warn() {}, error() {} }, backoff, leaseMs: 60_000, batchSize: 25, concurrency: 5 });

  // A few are delivered before the outage: they must not be sent again.

  const early = await worker.runOnce();
  expect(early.delivered).toBe(25);

  await host.stop();
  // Three rounds of the outage, each after the longest possible backoff: everything fails, nothing parks.
  for (let round = 0; round < 3; round++) {
    let r;
    do {
      r = await worker.runOnce();
      expect(r.delivered).toBe(0);
      expect(r.parked).toBe(0);
    } while (r.claimed > 0);
    now = new Date(now.getTime() + backoff.maxMs);
  }
  const failed = await store.listOutbox({ status: 'failed' });
  expect(failed).toHaveLength(75);
  expect(failed.every((e) => e.attempts === 3 && e.lastError?.includes('AFTERSALES.ERP_UNAVAILABLE'))).toBe(true);
  expect(await store.listOutbox({ status: 'parked' })).toHaveLength(0);

  await host.restart();
  now = new Date(now.getTime() + backoff.maxMs);
  for (let i = 0; i < 10 && (await store.listOutbox({ status: 'delivered' })).length < 100; i++) await worker.runOnce();

  const delivered = await store.listOutbox({ status: 'delivered' });
  expect(delivered).toHaveLength(100);
  const res = await fetch(`${host.v4Root}/api-customer-return-srv/A_CustomerReturn?$select=CustomerReturn,PurchaseOrderByCustomer&$top=1000`);
  const rows = ((await res.json()) as { value: { CustomerReturn: string; PurchaseOrderByCustomer: string }[] }).value;
  const count = new Map<string, number>();
  for (const r of rows) count.set(r.PurchaseOrderByCustomer, (count.get(r.PurchaseOrderByCustomer) ?? 0) + 1);
  expect(refs.filter((ref) => count.get(ref) !== 1)).toEqual([]);
  expect(rows).toHaveLength(100);
  // Each outbox entry names the host record that carries its reference.
  const keyOf = new Map(rows.map((r) => [r.PurchaseOrderByCustomer, r.CustomerReturn]));
  expect(delivered.every((e) => e.hostKey === keyOf.get(e.reference))).toBe(true);
});
