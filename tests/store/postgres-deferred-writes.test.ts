/**
 * The PostgreSQL store's batches with deferred writes: round trips per create, what a failing
 * transaction leaves behind, and how a refusal PostgreSQL reports only at COMMIT time still
 * reaches the transaction it belongs to.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/adapters/postgres/index.js';
import { sqlLiteral, sqlRow } from '../../src/adapters/postgres/sql-literal.js';
import { verifyAuditEvents } from '../../src/domain/audit/chain.js';
import type { NewAuditEvent } from '../../src/domain/document.js';
import { isAftersalesError } from '../../src/domain/errors.js';
import type { DocumentStore, StoreTransaction } from '../../src/domain/ports.js';
import { usePostgresForSuite } from '../support/postgres-suite.js';
import { sampleDocument } from './contract.js';

const suite = usePostgresForSuite();
let schemaCounter = 0;

/** A store on a pool whose connections count the statements (round trips) they send. */
function countedStore(): { store: DocumentStore; schema: string; sent: string[]; close(): Promise<void> } {
  const schema = `deferred_${++schemaCounter}`;
  const pool = new pg.Pool({ connectionString: suite.db.connectionString, max: 4 });
  // The database is dropped at the end even under a failed test: its idle connections then end.
  pool.on('error', () => undefined);
  const sent: string[] = [];
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text;
      sent.push(text);
      return query(...args);
    };
  });
  const store = createPostgresStore({ pool, schema });
  return {
    store,
    schema,
    sent,
    async close() {
      await store.close();
      await pool.end();
    },
  };
}

const event = (documentId: string, i: number): NewAuditEvent => ({
  documentId,
  at: new Date(Date.UTC(2026, 10, 23, 1, 0, i)).toISOString(),
  actorId: `u${i}`,
  actorRoles: ['sales'],
  action: 'create',
  from: null,
  to: 'draft',
  changes: [],
});

const numbered = (serial: number) => `2611-${String(serial).padStart(3, '0')}`;

/** What the engine does for a create: number, insert, audit, copies, idempotency key. */
async function create(tx: StoreTransaction, i: number, key = `req-${i}-${randomUUID()}`) {
  const known = await tx.findIdempotency('create:complaint', key);
  if (known) return (await tx.getDocument(known.documentId))!;
  const doc = sampleDocument({ number: numbered(await tx.nextSerial('complaint', '2611')) });
  await tx.insertDocument(doc);
  await tx.appendAudit(event(doc.id, i));
  await tx.addInboxEntries([{ department: 'quality', documentId: doc.id, kind: 'complaint', number: doc.number, copyNumber: 2, formVersion: 1, at: doc.createdAt }]);
  await tx.saveIdempotency({ scope: 'create:complaint', key, requestHash: 'h', documentId: doc.id, createdAt: doc.createdAt });
  return doc;
}

async function storedNumbers(schema: string): Promise<string[]> {
  return (await suite.admin.query(`SELECT number FROM ${schema}.documents ORDER BY position`)).rows.map((r) => r.number as string);
}

describe('sql literals for batch messages', () => {
  it('quotes text as a parameter would arrive, doubles quotes and backslashes, and refuses NUL', () => {
    expect(sqlLiteral("O'Brien")).toBe("'O''Brien'");
    expect(sqlLiteral('C:\\temp\\')).toBe("E'C:\\\\temp\\\\'");
    expect(sqlLiteral("\\'; DROP TABLE x; --")).toBe("E'\\\\''; DROP TABLE x; --'");
    expect(sqlLiteral(1795399200000)).toBe("'1795399200000'");
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(undefined)).toBe('NULL');
    expect(sqlLiteral('a\0b')).toBeUndefined();
    expect(sqlRow(['complaint', 7, null])).toBe("('complaint', '7', NULL)");
    expect(sqlRow(['ok', 'not\0ok'])).toBeUndefined();
  });

  it("writes the same literal as node-pg's escapeLiteral for any text, and PostgreSQL reads back the text it was given", async () => {
    const text = fc.string({ unit: fc.oneof(fc.constantFrom("'", '\\', '"', 'E', ' ', '\n', '客', '😀'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })) }).filter((t) => !t.includes('\0'));
    fc.assert(fc.property(text, (t) => sqlLiteral(t) === pg.escapeLiteral(t).trimStart()), { numRuns: 2000 });
    const samples = fc.sample(text, { numRuns: 300, seed: 7 });
    const { rows } = await suite.admin.query(`SELECT ${samples.map((t, i) => `${sqlLiteral(t)}::text AS c${i}`).join(', ')}`);
    expect(samples.map((_, i) => rows[0][`c${i}`] as string)).toEqual(samples);
  });
});

describe('PostgreSQL batches with deferred writes', () => {
  it('sends a lone create in two round trips after its key lookup, and a burst of 20 in two for all of them', async () => {
    const { store, sent, close } = countedStore();
    await store.transaction((tx) => tx.findIdempotency('warm-up', 'k')); // migrations run here
    sent.length = 0;
    await store.transaction((tx) => create(tx, 0));
    // The key is looked up before the chain lock is taken; then the lock with the reads it needs, and the rows with COMMIT.
    expect(sent).toHaveLength(3);
    expect(sent[0]).toMatch(/\.idempotency WHERE scope/);
    expect(sent[1]).toMatch(/^BEGIN;\nSELECT pg_advisory_xact_lock\(.*\);\nSELECT seq, hash FROM .*;\nSELECT kind, period, last FROM /s);
    expect(sent[2]).toMatch(/^INSERT INTO .*COMMIT$/s);

    sent.length = 0;
    const docs = await Promise.all(Array.from({ length: 20 }, (_, i) => store.transaction((tx) => create(tx, i + 1))));
    // Each create reads its idempotency key (the first before the chain lock, the others under it) …
    expect(sent.filter((s) => s.includes('.idempotency WHERE scope'))).toHaveLength(20);
    // … and everything else of all 20 takes the lock and commits in two round trips.
    expect(sent.filter((s) => !s.includes('.idempotency WHERE scope'))).toHaveLength(2);
    expect(docs.map((d) => d.number).sort()).toEqual(Array.from({ length: 21 }, (_, i) => numbered(i + 1)).slice(1));
    expect(verifyAuditEvents(await store.readAuditChain(0, 100))).toEqual({ intact: true, checked: 21 });
    expect((await store.listInbox('quality', undefined, 100)).items.map((e) => e.number)).toEqual(Array.from({ length: 21 }, (_, i) => numbered(i + 1)));
    await close();
  });

  it('sends no statement for a transaction that throws, and numbers the next one without a gap', async () => {
    const { store, schema, sent, close } = countedStore();
    await store.transaction((tx) => tx.findIdempotency('warm-up', 'k'));
    sent.length = 0;
    const refused = new Error('rule hook refused');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        store.transaction(async (tx) => {
          const doc = await create(tx, i);
          // The refused ones throw after numbering, inserting, auditing, copying and saving their key.
          if (i % 4 === 1) throw refused;
          return doc;
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(Array.from({ length: 12 }, (_, i) => (i % 4 === 1 ? 'rejected' : 'fulfilled')));
    expect(outcomes.filter((o) => o.status === 'rejected').every((o) => (o as PromiseRejectedResult).reason === refused)).toBe(true);
    expect(sent.filter((s) => /SAVEPOINT/.test(s))).toEqual([]);
    expect(await storedNumbers(schema)).toEqual(Array.from({ length: 9 }, (_, i) => numbered(i + 1)));
    const kept = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.id] : []));
    expect((await store.readAuditChain(0, 100)).map((e) => e.documentId)).toEqual(kept);
    expect(verifyAuditEvents(await store.readAuditChain(0, 100))).toEqual({ intact: true, checked: 9 });
    expect((await suite.admin.query(`SELECT count(*)::int AS n FROM ${schema}.idempotency`)).rows[0].n).toBe(9);
    expect((await suite.admin.query(`SELECT count(*)::int AS n FROM ${schema}.inbox`)).rows[0].n).toBe(9);
    expect((await suite.admin.query(`SELECT last FROM ${schema}.counters`)).rows).toEqual([{ last: 9 }]);
    await expect(store.transaction((tx) => tx.nextSerial('complaint', '2611'))).resolves.toBe(10);
    await close();
  });

  it('lets a transaction see what earlier ones of its batch wrote, and nothing of one that threw', async () => {
    const { store, close } = countedStore();
    const kept = sampleDocument({ number: '2611-001' });
    const dropped = sampleDocument({ number: '2611-002' });
    const [, , seen] = await Promise.allSettled([
      store.transaction(async (tx) => {
        await tx.insertDocument(kept);
        await tx.saveIdempotency({ scope: 'create:complaint', key: 'K-1', requestHash: 'h1', documentId: kept.id, createdAt: kept.createdAt });
      }),
      store.transaction(async (tx) => {
        await tx.insertDocument(dropped);
        await tx.saveIdempotency({ scope: 'create:complaint', key: 'K-2', requestHash: 'h2', documentId: dropped.id, createdAt: dropped.createdAt });
        throw new Error('refused');
      }),
      store.transaction(async (tx) => ({
        kept: await tx.getDocument(kept.id),
        keptKey: await tx.findIdempotency('create:complaint', 'K-1'),
        dropped: await tx.getDocument(dropped.id),
        droppedKey: await tx.findIdempotency('create:complaint', 'K-2'),
        // The same number as a document of the batch is refused at once, as the constraint would.
        duplicate: await tx.insertDocument(sampleDocument({ number: '2611-001' })).catch((e: unknown) => (isAftersalesError(e) ? e.code : e)),
      })),
    ]);
    expect(seen).toMatchObject({ status: 'fulfilled', value: { kept, keptKey: { key: 'K-1', documentId: kept.id }, dropped: undefined, droppedKey: undefined, duplicate: 'AFTERSALES.DUPLICATE_DOCUMENT' } });
    expect(await store.getDocument(kept.id)).toEqual(kept);
    expect(await store.getDocument(dropped.id)).toBeUndefined();
    await close();
  });

  it('sends the waiting rows and opens a savepoint when a transaction asks for an update, and rolls back only its part', async () => {
    const { store, schema, close } = countedStore();
    const first = sampleDocument({ number: '2611-001' });
    const second = sampleDocument({ number: '2611-002' });
    const third = sampleDocument({ number: '2611-003' });
    const outcomes = await Promise.allSettled([
      store.transaction(async (tx) => {
        await tx.insertDocument({ ...first, number: numbered(await tx.nextSerial('complaint', '2611')) });
        await tx.appendAudit(event(first.id, 1));
      }),
      store.transaction(async (tx) => {
        await tx.insertDocument({ ...second, number: numbered(await tx.nextSerial('complaint', '2611')) });
        await tx.appendAudit(event(second.id, 2));
        // Its own row went in inside its savepoint, so the update finds it.
        await tx.updateDocument({ ...second, status: 'submitted', revision: 2 }, 1);
        await tx.enqueueOutbox({ documentId: second.id, operation: 'create-customer-return', reference: second.number, payload: {}, createdAt: second.createdAt });
        throw new Error('refused after the update');
      }),
      store.transaction(async (tx) => {
        await tx.insertDocument({ ...third, number: numbered(await tx.nextSerial('complaint', '2611')) });
        await tx.appendAudit(event(third.id, 3));
        await tx.updateDocument({ ...first, status: 'submitted', revision: 2 }, 1);
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await storedNumbers(schema)).toEqual(['2611-001', '2611-002']);
    expect((await store.getDocument(first.id))?.status).toBe('submitted');
    expect(await store.getDocument(second.id)).toBeUndefined();
    expect((await store.getDocument(third.id))?.number).toBe('2611-002');
    expect(await store.listOutbox({})).toEqual([]);
    const chain = await store.readAuditChain(0, 10);
    expect(chain.map((e) => e.documentId)).toEqual([first.id, third.id]);
    expect(verifyAuditEvents(chain)).toEqual({ intact: true, checked: 2 });
    await close();
  });

  it('runs a batch again, each transaction in its own savepoint, when PostgreSQL refuses its rows, and tells only the one whose key was taken', async () => {
    const { store, schema, sent, close } = countedStore();
    await store.transaction((tx) => tx.findIdempotency('warm-up', 'k'));
    // Another system saved this key behind the store's back.
    await suite.admin.query(`INSERT INTO ${schema}.idempotency (scope, key, request_hash, document_id, created_at) VALUES ('create:complaint', 'TAKEN', 'h', 'elsewhere', '2026-11-23T01:00:00Z')`);
    sent.length = 0;
    const calls = new Map<number, number>();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        store.transaction(async (tx) => {
          calls.set(i, (calls.get(i) ?? 0) + 1);
          const doc = sampleDocument({ number: numbered(await tx.nextSerial('complaint', '2611')) });
          await tx.insertDocument(doc);
          await tx.appendAudit(event(doc.id, i));
          // Saved without looking first: only PostgreSQL's constraint can refuse it.
          await tx.saveIdempotency({ scope: 'create:complaint', key: i === 3 ? 'TAKEN' : `K-${i}`, requestHash: 'h', documentId: doc.id, createdAt: doc.createdAt });
          return doc.number;
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const refusal = (outcomes[3] as PromiseRejectedResult).reason;
    expect(isAftersalesError(refusal) && refusal.code).toBe('AFTERSALES.IDEMPOTENCY_KEY_TAKEN');
    // The whole batch ran again; the refused one once more as a key race, in vain.
    expect([...calls.entries()].sort((a, b) => a[0] - b[0]).map(([, n]) => n)).toEqual([2, 2, 2, 3, 2, 2]);
    expect(sent.some((s) => s === 'ROLLBACK')).toBe(true);
    expect(sent.some((s) => /SAVEPOINT item/.test(s))).toBe(true);
    const numbers = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(numbers).toEqual(['2611-001', '2611-002', '2611-003', '2611-004', '2611-005']);
    expect(await storedNumbers(schema)).toEqual(numbers);
    expect(verifyAuditEvents(await store.readAuditChain(0, 100))).toEqual({ intact: true, checked: 5 });
    await expect(store.transaction((tx) => tx.nextSerial('complaint', '2611'))).resolves.toBe(6);
    await close();
  });

  it('answers a transaction that carries on after PostgreSQL refused one of its writes with that refusal, and commits the rest of its batch', async () => {
    const { store, schema, close } = countedStore();
    await store.transaction((tx) => tx.insertDocument(sampleDocument({ number: '2611-001' })));
    const calls = [0, 0, 0];
    const outcomes = await Promise.allSettled([
      store.transaction(async (tx) => {
        calls[0]!++;
        await tx.insertDocument(sampleDocument({ number: '2611-002' }));
        // The number was taken behind the batch's back: only the re-run, with its savepoint, can see it.
        await tx.insertDocument(sampleDocument({ number: '2611-001' })).catch(() => undefined);
        return 'carried on';
      }),
      store.transaction(async (tx) => {
        calls[1]!++;
        await tx.insertDocument(sampleDocument({ number: '2611-003' }));
        return 'stored';
      }),
    ]);
    // Its savepoint is aborted, so what it wrote before cannot be stored either.
    expect(outcomes[0]).toMatchObject({ status: 'rejected', reason: { code: 'AFTERSALES.DUPLICATE_DOCUMENT' } });
    expect(outcomes[1]).toEqual({ status: 'fulfilled', value: 'stored' });
    expect(calls).toEqual([2, 2, 0]);
    expect(await storedNumbers(schema)).toEqual(['2611-001', '2611-003']);
    // Alone in its batch too: its COMMIT would otherwise roll everything back unnoticed.
    const alone = store.transaction(async (tx) => {
      await tx.putSetting('company-name', '华东机电');
      await tx.insertDocument(sampleDocument({ number: '2611-003' })).catch(() => undefined);
      return 'carried on';
    });
    await expect(alone).rejects.toMatchObject({ code: 'AFTERSALES.DUPLICATE_DOCUMENT' });
    expect(await store.getSetting('company-name')).toBeUndefined();
    await close();
  });

  it('tells the right transaction when PostgreSQL refuses a value of its deferred rows', async () => {
    const { store, schema, close } = countedStore();
    const outcomes = await Promise.allSettled(
      [2, 1.5, 4].map((copyNumber, i) =>
        store.transaction((tx) => tx.addInboxEntries([{ department: 'accounting', documentId: `d${i}`, kind: 'complaint', number: numbered(i + 1), copyNumber, formVersion: 1, at: '2026-11-23T01:00:00Z' }])),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: '22P02' });
    expect((await suite.admin.query(`SELECT document_id FROM ${schema}.inbox ORDER BY seq`)).rows.map((r) => r.document_id)).toEqual(['d0', 'd2']);
    await close();
  });

  it('stores text that looks like SQL, quotes, backslashes and emoji exactly, and sends a value with NUL as a parameter', async () => {
    const { store, schema, close } = countedStore();
    const tricky = sampleDocument({ id: `id-'\\'-${randomUUID()}`, number: "2611-001'); DROP TABLE documents; --", status: "dr\\aft$$'" });
    const key = { scope: "create:complaint'", key: "E'\\x00'; --", requestHash: '\\\\', documentId: tricky.id, createdAt: tricky.createdAt };
    await store.transaction(async (tx) => {
      await tx.insertDocument(tricky);
      await tx.saveIdempotency(key);
      await tx.appendAudit({ ...event(tricky.id, 1), note: "引号 “” ‘’ \\ '; -- 🚚" });
      await tx.addInboxEntries([{ department: "qa'\\", documentId: tricky.id, kind: 'complaint', number: tricky.number, copyNumber: 3, formVersion: 1, at: tricky.createdAt }]);
    });
    expect(await store.getDocument(tricky.id)).toEqual(tricky);
    expect(await store.findDocumentByNumber('complaint', tricky.number)).toEqual(tricky);
    await store.transaction(async (tx) => expect(await tx.findIdempotency(key.scope, key.key)).toEqual(key));
    expect((await store.listAudit(tricky.id))[0]?.note).toBe("引号 “” ‘’ \\ '; -- 🚚");
    expect((await store.listInbox("qa'\\", undefined, 10)).items.map((e) => e.number)).toEqual([tricky.number]);
    expect(verifyAuditEvents(await store.readAuditChain(0, 10)).intact).toBe(true);

    // PostgreSQL refuses NUL in text; the refusal reaches only the transaction that sent it.
    const [withNul, fine] = await Promise.allSettled([
      store.transaction((tx) => tx.insertDocument(sampleDocument({ number: '2611-\0-002' }))),
      store.transaction((tx) => tx.insertDocument(sampleDocument({ number: '2611-003' }))),
    ]);
    expect(withNul).toMatchObject({ status: 'rejected', reason: { code: '22021' } });
    expect(fine.status).toBe('fulfilled');
    expect((await suite.admin.query(`SELECT count(*)::int AS n FROM ${schema}.documents`)).rows[0].n).toBe(2);
    await close();
  });

  it('does not run a batch again when its connection is lost before COMMIT, and reports the store unavailable', async () => {
    const { store, schema, close } = countedStore();
    await store.transaction((tx) => tx.findIdempotency('warm-up', 'k'));
    let calls = 0;
    const attempt = store.transaction(async (tx) => {
      calls++;
      const doc = sampleDocument({ number: numbered(await tx.nextSerial('complaint', '2611')) });
      await tx.insertDocument(doc);
      // The batch holds the chain lock now: its connection is the one idle in a transaction.
      await suite.admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`);
      return doc.id;
    });
    const err = await attempt.catch((e: unknown) => e);
    expect(isAftersalesError(err) && err.type).toBe('unavailable');
    expect(calls).toBe(1);
    expect((await suite.admin.query(`SELECT count(*)::int AS n FROM ${schema}.documents`)).rows[0].n).toBe(0);
    // The pool replaces the lost connection; numbering goes on from where it was.
    await expect(store.transaction((tx) => tx.nextSerial('complaint', '2611'))).resolves.toBe(1);
    await close();
  });
});
