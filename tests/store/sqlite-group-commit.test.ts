import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/sqlite/index.js';
import { verifyAuditEvents } from '../../src/domain/audit/chain.js';
import type { StoreTransaction } from '../../src/domain/ports.js';
import { allDocuments, sampleDocument } from './contract.js';

/** One create as the engine does it: number, document, audit event, inbox copy, write-back. */
async function createOne(tx: StoreTransaction, i: number, fail: boolean): Promise<string> {
  const serial = await tx.nextSerial('complaint', '2611');
  const doc = sampleDocument({ number: `2611-${String(serial).padStart(3, '0')}` });
  await tx.insertDocument(doc);
  await tx.appendAudit({ documentId: doc.id, at: doc.createdAt, actorId: `u${i}`, actorRoles: ['sales'], action: 'create', from: null, to: 'draft', changes: [] });
  await tx.addInboxEntries([{ department: 'quality', documentId: doc.id, kind: 'complaint', number: doc.number, copyNumber: 2, formVersion: 1, at: doc.createdAt }]);
  await tx.enqueueOutbox({ documentId: doc.id, operation: 'create-customer-return', reference: doc.number, payload: { i }, createdAt: doc.createdAt });
  if (fail) throw new Error(`refused ${i}`);
  return doc.id;
}

describe('SQLite group commit', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function tempFile(): string {
    const dir = mkdtempSync(join(tmpdir(), 'aftersales-group-'));
    dirs.push(dir);
    return join(dir, 'aftersales.db');
  }

  it('commits the survivors of a concurrent burst together, leaves nothing of the refused ones, and numbers without gaps', async () => {
    const file = tempFile();
    const store = createSqliteStore({ file });
    const outcomes = await Promise.allSettled(Array.from({ length: 60 }, (_, i) => store.transaction((tx) => createOne(tx, i, i % 3 === 1))));
    const committed = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(committed).toHaveLength(40);
    expect(refused.map((o) => String((o as PromiseRejectedResult).reason.message))).toContain('refused 1');

    const docs = await allDocuments(store);
    expect(docs.map((d) => d.id).sort()).toEqual([...committed].sort());
    // A refused transaction's counter increment is rolled back with it: serials 1…40, no gaps.
    expect(docs.map((d) => d.number).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `2611-${String(i + 1).padStart(3, '0')}`));
    const chain = await store.readAuditChain(0, 1000);
    expect(chain.map((e) => e.documentId).sort()).toEqual([...committed].sort());
    expect(verifyAuditEvents(chain)).toEqual({ intact: true, checked: 40 });
    expect((await store.listInbox('quality', undefined, 1000)).items.map((e) => e.documentId).sort()).toEqual([...committed].sort());
    expect((await store.listOutbox({})).map((e) => e.documentId).sort()).toEqual([...committed].sort());
    await store.close();

    // What the file holds, read by another connection: nothing of a refused transaction.
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT last FROM counters').get()).toEqual({ last: 40 });
    expect(db.prepare('SELECT count(*) AS n FROM documents').get()).toEqual({ n: 40 });
    db.close();
  });

  it('shares one disk flush among transactions asked for at once, and acknowledges each only after it', async () => {
    const file = tempFile();
    const store = createSqliteStore({ file });
    const reader = new Database(file, { readonly: true });
    const count = () => (reader.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    const seenAtAcknowledgement: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.transaction(async (tx) => createOne(tx, i, false)).then(() => {
          seenAtAcknowledgement.push(count());
        }),
      ),
    );
    // Even the first caller told already finds all twenty in the file, read by another connection:
    // the burst was committed by one COMMIT, and nobody was told before it.
    expect(seenAtAcknowledgement).toEqual(Array.from({ length: 20 }, () => 20));
    reader.close();
    await store.close();
  });

  it('copies committed work into the database file in the background, not inside a COMMIT', async () => {
    const file = tempFile();
    const store = createSqliteStore({ file });
    const before = statSync(file).size;
    const write = () =>
      Promise.all(Array.from({ length: 50 }, (_, i) => store.transaction(async (tx) => tx.insertDocument(sampleDocument({ number: `n-${Math.random()}`, data: { pad: 'x'.repeat(4000), i } })))));
    for (let round = 0; round < 6; round++) {
      await write();
      await new Promise((r) => setTimeout(r, 60));
    }
    // ~1.2 MB committed, far below the WAL size at which the writer would copy it over itself.
    const deadline = Date.now() + 5000;
    while (statSync(file).size < before + 1_000_000 && Date.now() < deadline) {
      await write();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(statSync(file).size).toBeGreaterThan(before + 1_000_000);
    await store.close();
  });

  it('runs transactions asked for before close, and refuses those asked for after', async () => {
    const file = tempFile();
    const store = createSqliteStore({ file });
    const pending = Promise.all(Array.from({ length: 5 }, (_, i) => store.transaction((tx) => createOne(tx, i, false))));
    const closing = store.close();
    expect(await pending).toHaveLength(5);
    await closing;
    await expect(store.transaction((tx) => createOne(tx, 9, false))).rejects.toMatchObject({ code: 'AFTERSALES.STORE_CLOSED' });
    const reopened = createSqliteStore({ file });
    expect(await allDocuments(reopened)).toHaveLength(5);
    await reopened.close();
  });
});
