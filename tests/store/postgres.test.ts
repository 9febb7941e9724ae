import { POSTGRES_MIGRATIONS } from '../../src/adapters/postgres/schema.js';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/adapters/postgres/index.js';
import { verifyAuditEvents } from '../../src/domain/audit/chain.js';
import { isAftersalesError } from '../../src/domain/errors.js';
import type { DocumentStore } from '../../src/domain/ports.js';
import { usePostgresForSuite } from '../support/postgres-suite.js';
import { describeStoreContract, sampleDocument } from './contract.js';

const suite = usePostgresForSuite();
let schemaCounter = 0;

/** A store in a schema of its own, so every test starts empty. */
function freshStore(schema = `contract_${++schemaCounter}`): { store: DocumentStore; schema: string } {
  return { store: createPostgresStore({ connectionString: suite.db.connectionString, schema }), schema };
}

describeStoreContract('postgres', async () => {
  const { store, schema } = freshStore();
  return {
    store,
    cleanup: () => store.close(),
    // Someone with database rights: switches the append-only trigger off and rewrites who acted.
    tamperAudit: async (seq) => {
      await suite.admin.query(`ALTER TABLE ${schema}.audit_events DISABLE TRIGGER audit_events_append_only`);
      await suite.admin.query(`UPDATE ${schema}.audit_events SET event = (event::jsonb || '{"actorId":"u-intruder"}')::json WHERE seq = $1`, [seq]);
    },
  };
});

describe('PostgreSQL store across connections (as several server processes)', () => {
  const event = (documentId: string, i: number) => ({
    documentId,
    at: new Date(Date.UTC(2026, 10, 23, 1, 0, i)).toISOString(),
    actorId: `u${i}`,
    actorRoles: ['sales' as const],
    action: 'create',
    from: null,
    to: 'draft',
    changes: [],
  });

  it('migrates once when several stores start on an empty schema at the same moment', async () => {
    const schema = `race_${++schemaCounter}`;
    const stores = Array.from({ length: 4 }, () => freshStore(schema).store);
    const serials = await Promise.all(stores.map((s) => s.transaction((tx) => tx.nextSerial('complaint', '2611'))));
    expect([...serials].sort()).toEqual([1, 2, 3, 4]);
    const { rows } = await suite.admin.query(`SELECT version FROM ${schema}.schema_version`);
    expect(rows).toEqual([{ version: POSTGRES_MIGRATIONS.length }]);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('numbers without gaps or repeats and keeps one audit chain when three stores create at once', async () => {
    const schema = `shared_${++schemaCounter}`;
    const stores = [freshStore(schema).store, freshStore(schema).store, freshStore(schema).store];
    const create = (store: DocumentStore, i: number) =>
      store.transaction(async (tx) => {
        const serial = await tx.nextSerial('complaint', '2611');
        const doc = sampleDocument({ number: `2611-${String(serial).padStart(3, '0')}` });
        await tx.insertDocument(doc);
        await tx.appendAudit(event(doc.id, i));
        await tx.addInboxEntries([{ department: 'accounting', documentId: doc.id, kind: 'complaint', number: doc.number, copyNumber: 4, formVersion: 1, at: doc.createdAt }]);
        return serial;
      });
    const serials = await Promise.all(Array.from({ length: 150 }, (_, i) => create(stores[i % 3]!, i)));
    expect([...serials].sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    const chain = await stores[0]!.readAuditChain(0, 1000);
    expect(verifyAuditEvents(chain)).toEqual({ intact: true, checked: 150 });
    await Promise.all(stores.map((s) => s.close()));
  });

  it('commits the survivors of concurrent bursts from two stores together and leaves nothing of the refused ones, numbering without gaps', async () => {
    const schema = `group_${++schemaCounter}`;
    const stores = [freshStore(schema).store, freshStore(schema).store];
    const create = (store: DocumentStore, i: number) =>
      store.transaction(async (tx) => {
        const serial = await tx.nextSerial('complaint', '2611');
        const doc = sampleDocument({ number: `2611-${String(serial).padStart(3, '0')}` });
        await tx.insertDocument(doc);
        await tx.appendAudit(event(doc.id, i));
        await tx.addInboxEntries([{ department: 'quality', documentId: doc.id, kind: 'complaint', number: doc.number, copyNumber: 2, formVersion: 1, at: doc.createdAt }]);
        await tx.enqueueOutbox({ documentId: doc.id, operation: 'create-customer-return', reference: doc.number, payload: { i }, createdAt: doc.createdAt });
        if (i % 4 === 1) throw new Error(`refused ${i}`);
        return doc.id;
      });
    const outcomes = await Promise.allSettled(Array.from({ length: 80 }, (_, i) => create(stores[i % 2]!, i)));
    const committed = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(committed).toHaveLength(60);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason.message))).toContain('refused 1');
    const { rows: docs } = await suite.admin.query(`SELECT id, number FROM ${schema}.documents ORDER BY number`);
    expect(docs.map((d) => d.id).sort()).toEqual([...committed].sort());
    expect(docs.map((d) => d.number)).toEqual(Array.from({ length: 60 }, (_, i) => `2611-${String(i + 1).padStart(3, '0')}`));
    const chain = await stores[0]!.readAuditChain(0, 1000);
    expect(verifyAuditEvents(chain)).toEqual({ intact: true, checked: 60 });
    expect(chain.map((e) => e.documentId).sort()).toEqual([...committed].sort());
    const { rows: inbox } = await suite.admin.query(`SELECT document_id FROM ${schema}.inbox`);
    expect(inbox.map((r) => r.document_id).sort()).toEqual([...committed].sort());
    const { rows: outbox } = await suite.admin.query(`SELECT document_id FROM ${schema}.outbox`);
    expect(outbox.map((r) => r.document_id).sort()).toEqual([...committed].sort());
    expect((await suite.admin.query(`SELECT last FROM ${schema}.counters`)).rows).toEqual([{ last: 60 }]);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('never lets an inbox reader pass over a copy that commits late', async () => {
    const schema = `inbox_${++schemaCounter}`;
    const writers = [freshStore(schema).store, freshStore(schema).store];
    const reader = freshStore(schema).store;
    // Each writer holds its transaction open a while after adding, so commits interleave with reads.
    const add = (store: DocumentStore, i: number) =>
      store.transaction(async (tx) => {
        await tx.addInboxEntries([{ department: 'accounting', documentId: `d${i}`, kind: 'complaint', number: `2611-${i}`, copyNumber: 4, formVersion: 1, at: new Date().toISOString() }]);
        await new Promise((r) => setTimeout(r, i % 4));
      });
    const writing = Promise.all(Array.from({ length: 60 }, (_, i) => add(writers[i % 2]!, i)));
    const seen: string[] = [];
    let cursor: string | undefined;
    let done = false;
    void writing.then(() => (done = true));
    while (!done || seen.length < 60) {
      const page = await reader.listInbox('accounting', cursor, 4);
      seen.push(...page.items.map((e) => e.documentId));
      cursor = page.nextCursor ?? cursor;
      if (page.items.length === 0 && done) break;
    }
    await writing;
    seen.push(...(await reader.listInbox('accounting', cursor, 100)).items.map((e) => e.documentId));
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    await Promise.all([...writers, reader].map((s) => s.close()));
  });

  it('replays the first answer when two processes race with the same idempotency key', async () => {
    const schema = `idem_${++schemaCounter}`;
    const stores = [freshStore(schema).store, freshStore(schema).store];
    const createOnce = (store: DocumentStore) =>
      store.transaction(async (tx) => {
        const known = await tx.findIdempotency('create:complaint', 'ERP-REQ-7');
        if (known) return known.documentId;
        const doc = sampleDocument({ number: `2611-${String(await tx.nextSerial('complaint', '2611')).padStart(3, '0')}` });
        await tx.insertDocument(doc);
        await new Promise((r) => setTimeout(r, 20));
        await tx.saveIdempotency({ scope: 'create:complaint', key: 'ERP-REQ-7', requestHash: 'h', documentId: doc.id, createdAt: doc.createdAt });
        return doc.id;
      });
    const [a, b] = await Promise.all([createOnce(stores[0]!), createOnce(stores[1]!)]);
    expect(a).toBe(b);
    expect((await stores[0]!.listDocuments({})).items.map((d) => d.id)).toEqual([a]);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('refuses to update, delete or truncate audit rows through SQL while its triggers are in place', async () => {
    const { store, schema } = freshStore();
    await store.transaction((tx) => tx.appendAudit(event('d1', 1)));
    await expect(suite.admin.query(`UPDATE ${schema}.audit_events SET hash = 'x'`)).rejects.toThrow(/append-only/);
    await expect(suite.admin.query(`DELETE FROM ${schema}.audit_events`)).rejects.toThrow(/append-only/);
    await expect(suite.admin.query(`TRUNCATE ${schema}.audit_events`)).rejects.toThrow(/append-only/);
    expect(verifyAuditEvents(await store.readAuditChain(0, 10)).intact).toBe(true);
    await store.close();
  });

  it('works on a pool the host owns and leaves it open on close', async () => {
    const pool = new pg.Pool({ connectionString: suite.db.connectionString, max: 3 });
    const store = createPostgresStore({ pool, schema: `hosted_${++schemaCounter}` });
    const doc = sampleDocument();
    await store.transaction((tx) => tx.insertDocument(doc));
    await store.close();
    expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await pool.end();
  });

  it('reports the store unavailable, not a failed request, when the server cannot be reached', async () => {
    const url = new URL(suite.db.connectionString);
    url.port = '1';
    const store = createPostgresStore({ connectionString: url.toString() });
    for (const attempt of [store.getDocument('x'), store.transaction((tx) => tx.nextSerial('complaint', '2611'))]) {
      const err = await attempt.catch((e: unknown) => e);
      expect(isAftersalesError(err) && [err.type, err.code]).toEqual(['unavailable', 'AFTERSALES.STORE_UNAVAILABLE']);
    }
    await store.close();
  });

  it('numbers without gaps or repeats and keeps one audit chain and inbox order when three server processes write at once', async () => {
    const schema = `processes_${++schemaCounter}`;
    const writerScript = fileURLToPath(new URL('./fixtures/store-writer.ts', import.meta.url));
    const runs = ['p1', 'p2', 'p3'].map(
      (name) =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, ['--import', 'tsx', writerScript, suite.db.connectionString, name, '40', schema], { stdio: ['ignore', 'ignore', 'pipe'] });
          let stderr = '';
          child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
          child.on('exit', (code) => resolve({ code, stderr }));
        }),
    );
    const results = await Promise.all(runs);
    expect(results.map((r) => r.code), results.map((r) => r.stderr).join('\n')).toEqual([0, 0, 0]);
    const { store } = freshStore(schema);
    const docs = (await store.listDocuments({ limit: 500 })).items;
    expect(docs.map((d) => d.number).sort()).toEqual(Array.from({ length: 120 }, (_, i) => `2611-${String(i + 1).padStart(3, '0')}`));
    expect(new Set(docs.map((d) => d.createdBy))).toEqual(new Set(['p1', 'p2', 'p3']));
    expect(verifyAuditEvents(await store.readAuditChain(0, 1000))).toEqual({ intact: true, checked: 120 });
    const inbox = (await store.listInbox('gm-office', undefined, 1000)).items;
    expect(new Set(inbox.map((e) => e.documentId))).toEqual(new Set(docs.map((d) => d.id)));
    await store.close();
  });

  it('refuses a transaction started inside another one of the same store', async () => {
    const { store } = freshStore();
    await store.transaction(async () => {
      await expect(store.transaction((inner) => inner.nextSerial('complaint', '2611'))).rejects.toThrow(/inside another transaction/);
    });
    await expect(store.transaction((tx) => tx.nextSerial('complaint', '2611'))).resolves.toBe(1);
    await store.close();
  });

  it('runs on an already migrated schema under a role that may use its tables but not create anything', async () => {
    const { store, schema } = freshStore();
    await store.transaction((tx) => tx.nextSerial('complaint', '2611'));
    await store.close();
    const role = `clerk_${schemaCounter}`;
    await suite.admin.query(`CREATE ROLE ${role} LOGIN`);
    await suite.admin.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
    await suite.admin.query(`GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
    await suite.admin.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`);
    const url = new URL(suite.db.connectionString);
    url.username = role;
    const clerk = createPostgresStore({ connectionString: url.toString(), schema });
    await expect(clerk.transaction((tx) => tx.nextSerial('complaint', '2611'))).resolves.toBe(2);
    const doc = sampleDocument();
    await clerk.transaction(async (tx) => {
      await tx.insertDocument(doc);
      await tx.appendAudit(event(doc.id, 1));
    });
    expect(await clerk.getDocument(doc.id)).toEqual(doc);
    await clerk.close();
  });
});
