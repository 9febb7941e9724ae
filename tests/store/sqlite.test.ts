import { SQLITE_MIGRATIONS } from '../../src/adapters/sqlite/schema.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/sqlite/index.js';
import { isAftersalesError } from '../../src/domain/errors.js';
import { verifyAuditEvents } from '../../src/domain/audit/chain.js';
import { describeStoreContract, sampleDocument } from './contract.js';

function tempFile(): { file: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aftersales-sqlite-'));
  return { dir, file: join(dir, 'aftersales.db') };
}

describeStoreContract('sqlite', async () => {
  const { dir, file } = tempFile();
  const store = createSqliteStore({ file });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
    // Someone with the file at hand: drops the append-only trigger and rewrites who acted.
    tamperAudit: async (seq) => {
      const db = new Database(file);
      db.exec('DROP TRIGGER audit_events_append_only_update');
      db.prepare(`UPDATE audit_events SET event = json_set(event, '$.actorId', 'u-intruder') WHERE seq = ?`).run(seq);
      db.close();
    },
  };
});

describe('SQLite store specifics', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('brings a file written with the first schema version up to date, keeping its documents, chain and write-backs', async () => {
    const { dir, file } = tempFile();
    dirs.push(dir);
    const first = createSqliteStore({ file });
    const doc = sampleDocument();
    const parked = await first.transaction(async (tx) => {
      await tx.insertDocument(doc);
      await tx.appendAudit({ documentId: doc.id, at: doc.createdAt, actorId: 'u1', actorRoles: ['sales'], action: 'create', from: null, to: 'draft', changes: [] });
      return tx.enqueueOutbox({ documentId: doc.id, operation: 'create-customer-return', reference: doc.number, payload: {}, createdAt: doc.createdAt });
    });
    await first.settleOutbox(parked.id, { status: 'parked', lastError: 'HTTP 400', attempts: 3 });
    await first.close();
    // Turn it into a file as the first release left it: schema version 1, which had no index after its first migration.
    const old = new Database(file);
    old.exec('DROP INDEX outbox_one_live_per_reference; UPDATE schema_version SET version = 1');
    old.close();

    const reopened = createSqliteStore({ file });
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT version FROM schema_version').get()).toEqual({ version: SQLITE_MIGRATIONS.length });
    db.close();
    expect(await reopened.getDocument(doc.id)).toEqual(doc);
    expect(verifyAuditEvents(await reopened.readAuditChain(0, 10))).toEqual({ intact: true, checked: 1 });
    expect(await reopened.listOutbox({ status: 'parked' })).toMatchObject([{ id: parked.id, reference: doc.number, attempts: 3 }]);
    // The rule the new version adds holds from now on.
    await expect(
      reopened.transaction((tx) => tx.enqueueOutbox({ documentId: doc.id, operation: 'create-customer-return', reference: doc.number, payload: {}, createdAt: doc.createdAt })),
    ).rejects.toMatchObject({ code: 'AFTERSALES.DUPLICATE' });
    await reopened.close();
  });

  it('refuses to update or delete audit rows through SQL while its triggers are in place', async () => {
    const { dir, file } = tempFile();
    dirs.push(dir);
    const store = createSqliteStore({ file });
    await store.transaction((tx) => tx.appendAudit({ documentId: 'd1', at: '2026-11-23T01:00:00.000Z', actorId: 'u1', actorRoles: ['sales'], action: 'create', from: null, to: 'draft', changes: [] }));
    await store.close();
    const db = new Database(file);
    expect(() => db.prepare(`UPDATE audit_events SET hash = 'x' WHERE seq = 1`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT version FROM schema_version').get()).toEqual({ version: SQLITE_MIGRATIONS.length });
    db.close();
  });

  it('reopens a file with its data and schema, and numbers on from where it stopped', async () => {
    const { dir, file } = tempFile();
    dirs.push(dir);
    const doc = sampleDocument();
    const first = createSqliteStore({ file });
    await first.transaction(async (tx) => {
      await tx.nextSerial('complaint', '2611');
      await tx.insertDocument(doc);
    });
    await first.close();
    const again = createSqliteStore({ file });
    expect(await again.getDocument(doc.id)).toEqual(doc);
    await again.transaction(async (tx) => expect(await tx.nextSerial('complaint', '2611')).toBe(2));
    await again.close();
  });

  it('keeps numbering and the audit chain whole when two stores write the same file at once', async () => {
    const { dir, file } = tempFile();
    dirs.push(dir);
    const a = createSqliteStore({ file });
    const b = createSqliteStore({ file });
    const create = (store: typeof a, i: number) =>
      store.transaction(async (tx) => {
        const serial = await tx.nextSerial('complaint', '2611');
        const doc = sampleDocument({ number: `2611-${String(serial).padStart(3, '0')}` });
        await tx.insertDocument(doc);
        // Yield inside the transaction so the other store really has to wait for the lock.
        await new Promise((r) => setImmediate(r));
        await tx.appendAudit({ documentId: doc.id, at: doc.createdAt, actorId: `u${i}`, actorRoles: ['sales'], action: 'create', from: null, to: 'draft', changes: [] });
        return serial;
      });
    const serials = await Promise.all(Array.from({ length: 120 }, (_, i) => create(i % 2 ? a : b, i)));
    expect([...serials].sort((x, y) => x - y)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    const chain = await a.readAuditChain(0, 1000);
    expect(verifyAuditEvents(chain)).toEqual({ intact: true, checked: 120 });
    await a.close();
    await b.close();
  });

  it('shows readers only committed data while a transaction is in progress', async () => {
    const { dir, file } = tempFile();
    dirs.push(dir);
    const store = createSqliteStore({ file });
    const doc = sampleDocument();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const insertedYet = new Promise<void>((r) => (inserted = r));
    const tx = store.transaction(async (t) => {
      await t.insertDocument(doc);
      inserted();
      await gate;
    });
    await insertedYet;
    expect(await store.getDocument(doc.id)).toBeUndefined();
    release();
    await tx;
    expect(await store.getDocument(doc.id)).toEqual(doc);
    await store.close();
  });

  it('waits for another process holding the write lock, and reports the store unavailable when it holds it too long', async () => {
    const { dir, file } = tempFile();
    dirs.push(dir);
    const store = createSqliteStore({ file, busyTimeoutMs: 300 });
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    setTimeout(() => other.exec('COMMIT'), 100);
    await expect(store.transaction((tx) => tx.nextSerial('complaint', '2611'))).resolves.toBe(1);

    other.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    const err = await store.transaction((tx) => tx.nextSerial('complaint', '2611')).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(isAftersalesError(err) && [err.type, err.code]).toEqual(['unavailable', 'AFTERSALES.STORE_UNAVAILABLE']);
    other.exec('ROLLBACK');
    other.close();
    await expect(store.transaction((tx) => tx.nextSerial('complaint', '2611'))).resolves.toBe(2);
    await store.close();
  });

  it('refuses a transaction started inside another one at once instead of waiting forever, in a file or in memory', async () => {
    const { dir, file } = tempFile();
    dirs.push(dir);
    for (const store of [createSqliteStore({ file }), createSqliteStore({ file: ':memory:' })]) {
      const doc = sampleDocument();
      let later: Promise<unknown> | undefined;
      await store.transaction(async (tx) => {
        await tx.insertDocument(doc);
        await expect(store.transaction((inner) => inner.nextSerial('complaint', '2611'))).rejects.toThrow(/inside another transaction/);
        await expect(store.claimOutbox(new Date().toISOString(), 1, 1000)).rejects.toThrow(/inside another transaction/);
        expect(await store.getDocument(sampleDocument().id)).toBeUndefined();
        // Started here but run after the outer transaction ends: allowed.
        later = new Promise((r) => setTimeout(r, 5)).then(() => store.transaction((inner) => inner.nextSerial('complaint', '2611')));
      });
      await expect(later).resolves.toBe(1);
      expect(await store.getDocument(doc.id)).toEqual(doc);
      await store.close();
    }
  });

  it('refuses a transaction object used after its transaction ended, and any use after close', async () => {
    const { dir, file } = tempFile();
    dirs.push(dir);
    const store = createSqliteStore({ file });
    const leaked = await store.transaction(async (tx) => tx);
    await expect(leaked.nextSerial('complaint', '2611')).rejects.toMatchObject({ code: 'AFTERSALES.TRANSACTION_FINISHED' });
    await store.close();
    await expect(store.getDocument('x')).rejects.toMatchObject({ code: 'AFTERSALES.STORE_CLOSED' });
    await expect(store.transaction((tx) => tx.nextSerial('complaint', '2611'))).rejects.toMatchObject({ code: 'AFTERSALES.STORE_CLOSED' });
    await expect(store.claimOutbox(new Date().toISOString(), 1, 1000)).rejects.toMatchObject({ code: 'AFTERSALES.STORE_CLOSED' });
  });
});
