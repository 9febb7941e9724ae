import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createMemoryStore } from '../../src/adapters/memory/index.js';
import { createAftersales } from '../../src/create-aftersales.js';
import type { DocumentStore } from '../../src/domain/ports.js';
import { complaintFiling, sales } from './support.js';

const PERIODS = ['2611', '2612', '2701'];

describe('document ids', () => {
  test('are UUIDv7 and sort in the order the documents were created, even within one millisecond', async () => {
    const aftersales = createAftersales({ store: { kind: 'memory' }, clock: { now: () => new Date('2026-11-23T02:00:00Z') } });
    const created: { id: string; number: string }[] = [];
    // One after another, so creation order is the numbering order.
    for (let i = 0; i < 40; i++) created.push(await aftersales.documents.create('complaint', { data: complaintFiling() }, sales));
    for (const { id } of created) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const byId = [...created].sort((a, b) => (a.id < b.id ? -1 : 1)).map((d) => d.number);
    expect(byId).toEqual(created.map((d) => d.number));
    expect(new Set(created.map((d) => d.id)).size).toBe(created.length);
    await aftersales.close();
  });

  test('come from the ids function a host supplies', async () => {
    let n = 0;
    const aftersales = createAftersales({ store: { kind: 'memory' }, ids: () => `host-${++n}` });
    const doc = await aftersales.documents.create('complaint', { data: complaintFiling() }, sales);
    expect(doc.id).toBe('host-1');
    await aftersales.close();
  });
});

describe('numbering under concurrency', () => {
  test('concurrent transactions get exactly 1..N per period, no gap, no duplicate, failed ones rolled back', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ period: fc.constantFrom(...PERIODS), fails: fc.boolean(), yields: fc.nat(3) }), { minLength: 1, maxLength: 60 }),
        async (ops) => {
          const store = createMemoryStore();
          const results = await Promise.allSettled(
            ops.map((op) =>
              store.transaction(async (tx) => {
                const serial = await tx.nextSerial('complaint', op.period);
                // Interleave with other transactions' turns before deciding the outcome.
                for (let i = 0; i < op.yields; i++) await Promise.resolve();
                if (op.fails) throw new Error('rolled back');
                return { period: op.period, serial };
              }),
            ),
          );
          for (const period of PERIODS) {
            const serials = results
              .filter((r): r is PromiseFulfilledResult<{ period: string; serial: number }> => r.status === 'fulfilled' && r.value.period === period)
              .map((r) => r.value.serial)
              .sort((a, b) => a - b);
            expect(serials).toEqual(serials.map((_, i) => i + 1));
          }
          // The counter itself was rolled back: the next serial continues without a gap.
          const committed = results.filter((r) => r.status === 'fulfilled' && (r.value as { period: string }).period === '2611').length;
          expect(await store.transaction((tx) => tx.nextSerial('complaint', '2611'))).toBe(committed + 1);
          await store.close();
        },
      ),
      { numRuns: 60 },
    );
  });

  test('concurrent creates through the engine number 2611-001.. without gaps when some fail inside the transaction', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 25 }), async (failures) => {
        const inner = createMemoryStore();
        let call = 0;
        // The store refuses some inserts, after the serial was taken, as a full disk or a lost connection would.
        const store: DocumentStore = {
          ...inner,
          transaction: (fn) =>
            inner.transaction((tx) =>
              fn({
                ...tx,
                insertDocument: async (doc) => {
                  if (failures[call++ % failures.length]) throw new Error('disk full');
                  return tx.insertDocument(doc);
                },
              }),
            ),
        };
        const aftersales = createAftersales({ store, clock: { now: () => new Date('2026-11-23T02:00:00Z') } });
        const settled = await Promise.allSettled(failures.map(() => aftersales.documents.create('complaint', { data: complaintFiling() }, sales)));
        const numbers = settled.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<{ number: string }>).value.number).sort();
        expect(numbers).toEqual(numbers.map((_, i) => `2611-${String(i + 1).padStart(3, '0')}`));
        const stored = (await aftersales.documents.list({ kind: 'complaint', limit: 500 })).items.map((d) => d.number).sort();
        expect(stored).toEqual(numbers);
        const audit = await aftersales.verifyAudit();
        expect(audit).toEqual({ intact: true, checked: numbers.length });
      }),
      { numRuns: 15 },
    );
  });
});
