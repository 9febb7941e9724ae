/**
 * The embedded store: one SQLite file in WAL mode, the default for a standalone server. Writes are
 * serialised: transactions run one after the other on one connection, and SQLite's file lock
 * between processes. Those waiting are group-committed: one `BEGIN IMMEDIATE … COMMIT` carries a
 * batch of them, each in its own SAVEPOINT, so one failing rolls back alone. The COMMIT writes the
 * WAL; the disk flush (`fdatasync` of the WAL file) runs on libuv's thread pool while the next
 * batch is being written, and a caller is answered only after the flush that follows its COMMIT
 * (see wal-flush.ts): an acknowledged write survives a crash or a power loss, as with
 * `synchronous=FULL`, without the event loop waiting for the disk. A worker thread with its own
 * connection copies the WAL into the database file (checkpoints), so that work and its fsync do
 * not stall the event loop either. Reads use a second connection, so they see committed data
 * only, never a transaction in progress, and wait for the flush of what was committed before they
 * were asked.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { chainAuditEventWithJson } from '../../domain/audit/chain.js';
import type { AftersalesDocument, AuditEvent, InboxEntry, NewAuditEvent, Page } from '../../domain/document.js';
import { notFound } from '../../domain/errors.js';
import type {
  Clock,
  DocumentQuery,
  DocumentStore,
  IdempotencyRecord,
  NewOutboxEntry,
  OutboxEntry,
  StoredFormVersion,
  StoreTransaction,
} from '../../domain/ports.js';
import type { FormKind } from '../../domain/vocabulary.js';
import { AsyncMutex } from './async-mutex.js';
import { migrateSqlite } from './schema.js';
import { WalFlusher } from './wal-flush.js';
import {
  decodeDocumentCursor,
  decodeInboxCursor,
  duplicateDocument,
  duplicateFormVersion,
  duplicateIdempotencyKey,
  duplicateWriteBack,
  encodeDocumentCursor,
  encodeInboxCursor,
  idempotencyFromRow,
  inboxEntryFromRow,
  outboxEntryFromRow,
  instantMs,
  nextOpenDueMs,
  pageSize,
  revisionConflict,
  storeClosed,
  storeUnavailable,
  TransactionScope,
  transactionFinished,
} from './store-shared.js';

/**
 * Where the SQLite store keeps its data.
 *
 * @example
 * const options: SqliteStoreOptions = { file: './data/aftersales.db' };
 */
export interface SqliteStoreOptions {
  /** Path of the database file; its directory is created when missing. */
  file: string;
  /** How long a write waits for another process holding the file's write lock, in ms (default 5000). */
  busyTimeoutMs?: number;
  /** The clock stamping outbox updates (default: the system clock). */
  clock?: Clock;
}

/**
 * The name of the store file inside a data directory (`serve --data DIR`, `verify --data DIR`).
 *
 * @example
 * createSqliteStore({ file: join(dataDir, SQLITE_FILE_NAME) });
 */
export const SQLITE_FILE_NAME = 'aftersales.db';

type Row = Record<string, unknown>;

/** A transaction waiting for the next group commit. */
interface BatchItem {
  fn: () => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/**
 * Copies the WAL into the database file from a worker thread with its own connection, so the
 * copying and the database file's fsync do not stall the event loop inside a COMMIT.
 */
const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
parentPort.on('message', (m) => {
  if (m === 'close') { db.close(); parentPort.close(); return; }
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
  parentPort.postMessage('done');
});`;

/** Transactions committed before checkpoints move to the worker thread. */
const BACKGROUND_CHECKPOINT_AFTER = 100;
/** How often, at most, the checkpoint worker is asked to run, in ms. */
const CHECKPOINT_EVERY_MS = 250;
/** Pages the WAL may reach before the writer checkpoints itself: the bound should the worker be unavailable. */
const WRITER_AUTOCHECKPOINT_PAGES = 20_000;

/** A background checkpointer; `request()` is cheap and coalesces. */
function startCheckpointer(file: string): { request(): void; close(): Promise<void> } | undefined {
  let worker: Worker;
  try {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    worker = new Worker(CHECKPOINT_WORKER, { eval: true, workerData: { file, driver } });
  } catch {
    return undefined;
  }
  worker.unref();
  let busy = false;
  let alive = true;
  let lastAt = 0;
  worker.on('message', () => (busy = false));
  worker.on('error', () => (alive = false));
  worker.on('exit', () => (alive = false));
  return {
    request() {
      const now = Date.now();
      if (!alive || busy || now - lastAt < CHECKPOINT_EVERY_MS) return;
      busy = true;
      lastAt = now;
      worker.postMessage('checkpoint');
    },
    async close() {
      if (!alive) return;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('close');
      // A worker that does not leave on its own is stopped: close must not hang.
      const timer = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The most transactions one COMMIT carries. */
const MAX_BATCH = 256;

const json = (value: unknown): string => JSON.stringify(value === undefined ? null : value);

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && String((e as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT');
}

function auditFromRow(row: Row): AuditEvent {
  return { ...(JSON.parse(row.event as string) as NewAuditEvent), seq: Number(row.seq), prevHash: row.prev_hash as string, hash: row.hash as string };
}


function outboxFromRow(row: Row): OutboxEntry {
  return outboxEntryFromRow(row, JSON.parse(row.payload as string));
}

function formVersionFromRow(row: Row): StoredFormVersion {
  return {
    kind: row.kind as FormKind,
    version: Number(row.version),
    definition: JSON.parse(row.definition as string),
    customisation: JSON.parse(row.customisation as string),
    createdAt: row.created_at as string,
    createdBy: row.created_by as string,
  };
}

function openConnection(file: string, busyTimeoutMs: number, readonly: boolean): Database.Database {
  const db = new Database(file, { readonly, timeout: busyTimeoutMs });
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    // FULL: a transaction acknowledged to the caller survives a crash or power loss.
    db.pragma('synchronous = FULL');
  }
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
  return db;
}

/** The statements a transaction uses, prepared once per store. */
function writeStatements(db: Database.Database) {
  return {
    savepoint: db.prepare('SAVEPOINT item'),
    release: db.prepare('RELEASE item'),
    rollbackTo: db.prepare('ROLLBACK TO item'),
    nextSerial: db.prepare(
      'INSERT INTO counters (kind, period, last) VALUES (?, ?, 1) ON CONFLICT (kind, period) DO UPDATE SET last = last + 1 RETURNING last',
    ),
    getDocument: db.prepare('SELECT body FROM documents WHERE id = ?'),
    insertDocument: db.prepare(
      'INSERT INTO documents (id, kind, number, status, created_at, created_ms, next_due_ms, revision, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    updateDocument: db.prepare(
      'UPDATE documents SET kind = ?, number = ?, status = ?, next_due_ms = ?, revision = ?, body = ? WHERE id = ? AND revision = ?',
    ),
    revisionOf: db.prepare('SELECT revision FROM documents WHERE id = ?'),
    lastAudit: db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1'),
    insertAudit: db.prepare('INSERT INTO audit_events (seq, document_id, prev_hash, hash, event) VALUES (?, ?, ?, ?, ?)'),
    insertInbox: db.prepare(
      'INSERT INTO inbox (department, document_id, kind, number, copy_number, form_version, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    findIdempotency: db.prepare('SELECT * FROM idempotency WHERE scope = ? AND key = ?'),
    insertIdempotency: db.prepare('INSERT INTO idempotency (scope, key, request_hash, document_id, created_at) VALUES (?, ?, ?, ?, ?)'),
    insertOutbox: db.prepare(
      `INSERT INTO outbox (document_id, operation, reference, payload, created_at, status, attempts, next_attempt_at, next_attempt_ms, updated_at)
       VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) RETURNING *`,
    ),
    supersedeOutbox: db.prepare(
      `UPDATE outbox SET status = 'superseded', lease_until_ms = NULL, updated_at = ? WHERE document_id = ? AND status IN ('pending', 'failed', 'parked')`,
    ),
    requeueOutbox: db.prepare(
      `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, next_attempt_ms = ?, lease_until_ms = NULL, updated_at = ?
       WHERE id = ? AND status IN ('parked', 'failed') RETURNING *`,
    ),
    insertFormVersion: db.prepare(
      'INSERT INTO form_versions (kind, version, definition, customisation, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    putSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    dueOutbox: db.prepare(
      `SELECT id FROM outbox WHERE status IN ('pending', 'failed') AND next_attempt_ms <= ? AND (lease_until_ms IS NULL OR lease_until_ms <= ?)
       ORDER BY next_attempt_ms, id LIMIT ?`,
    ),
    leaseOutbox: db.prepare('UPDATE outbox SET lease_until_ms = ?, updated_at = ? WHERE id = ? RETURNING *'),
    settleOutbox: db.prepare(
      `UPDATE outbox SET status = ?, attempts = ?, host_key = COALESCE(?, host_key), last_error = ?,
         next_attempt_at = COALESCE(?, next_attempt_at), next_attempt_ms = COALESCE(?, next_attempt_ms), lease_until_ms = NULL, updated_at = ?
       WHERE id = ?`,
    ),
  };
}

/**
 * Opens (creating and migrating when needed) the SQLite store in `file`. One process serves a
 * file at a time best (other processes may read it, e.g. `verify`); several server processes
 * belong on PostgreSQL. Do not call `store.transaction` inside a transaction: transactions are
 * serialised, so the inner one would wait for the outer forever.
 *
 * @example
 * const store = createSqliteStore({ file: './data/aftersales.db' });
 * await store.transaction(async (tx) => tx.insertDocument(doc));
 * await store.close();
 */
export function createSqliteStore(options: SqliteStoreOptions): DocumentStore {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const clock = options.clock ?? { now: () => new Date() };
  const inMemory = options.file === ':memory:' || options.file === '';
  if (!inMemory) mkdirSync(dirname(options.file), { recursive: true });
  const writer = openConnection(options.file, busyTimeoutMs, false);
  migrateSqlite(writer);
  // Prepared while the busy timeout still applies: preparing may read the schema another process is changing.
  const write = writeStatements(writer);
  // From here on only BEGIN IMMEDIATE can meet a busy file, and it waits without blocking (see begin()).
  writer.pragma('busy_timeout = 0');
  // An in-memory database has only one connection; its reads then queue behind transactions.
  const reader = inMemory ? undefined : openConnection(options.file, busyTimeoutMs, true);
  // COMMIT only writes the WAL; the flusher puts it on disk before anyone is answered.
  const flusher = inMemory ? undefined : new WalFlusher(`${options.file}-wal`);
  if (flusher) writer.pragma('synchronous = NORMAL');
  // Started once the store is busy: a store writing little checkpoints inside COMMIT as SQLite does.
  let checkpointer: ReturnType<typeof startCheckpointer>;
  let committedSinceOpen = 0;
  let raiseAutocheckpoint = false;
  const checkpointSoon = (committed: number): void => {
    if (inMemory) return;
    committedSinceOpen += committed;
    if (!checkpointer && committedSinceOpen >= BACKGROUND_CHECKPOINT_AFTER) {
      checkpointer = startCheckpointer(options.file);
      // Set inside the next batch's transaction: outside it the writer, with no busy timeout, may meet another process's lock.
      if (checkpointer) raiseAutocheckpoint = true;
    }
    checkpointer?.request();
  };
  const lock = new AsyncMutex();
  const scope = new TransactionScope();
  let closed = false;

  const read = <T>(fn: (db: Database.Database) => T): Promise<T> => {
    if (closed) return Promise.reject(storeClosed());
    // A read waits for the flush of what was committed before it was asked: it shows no write that could still be lost.
    if (flusher?.pending && !scope.isInside()) return flusher.durable().then(() => readNow(fn));
    return readNow(fn);
  };

  const readNow = <T>(fn: (db: Database.Database) => T): Promise<T> => {
    if (closed) return Promise.reject(storeClosed());
    if (reader) {
      try {
        return Promise.resolve(fn(reader));
      } catch (e) {
        return Promise.reject(e);
      }
    }
    // Inside a transaction the lock is already ours: queueing behind it would wait forever.
    return scope.isInside() ? Promise.resolve().then(() => fn(writer)) : lock.run(() => fn(writer));
  };

  /**
   * Takes the file's write lock, waiting asynchronously while another process holds it: a
   * blocking busy wait would stall this process's event loop, and with it the lock holder when
   * that is another store in the same process.
   */
  const begin = async (): Promise<void> => {
    const giveUpAt = Date.now() + busyTimeoutMs;
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      try {
        writer.exec('BEGIN IMMEDIATE');
        return;
      } catch (e) {
        if ((e as { code?: unknown }).code !== 'SQLITE_BUSY') throw e;
        if (Date.now() >= giveUpAt) throw storeUnavailable(e, `${options.file} is locked by another process`);
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  };

  /**
   * Group commit: transactions asked for while a batch is running wait in `queued`; the next batch
   * runs them one after the other inside one `BEGIN IMMEDIATE … COMMIT`, each in its own
   * SAVEPOINT, so a failing one rolls back alone and the others share one disk flush. Each caller
   * hears of success only after that COMMIT.
   */
  const queued: BatchItem[] = [];
  let batchScheduled = false;

  const scheduleBatch = (): void => {
    if (batchScheduled) return;
    batchScheduled = true;
    // setImmediate lets the requests read in this turn of the event loop join the batch.
    setImmediate(() => {
      void lock.run(runBatch).finally(() => {
        batchScheduled = false;
        if (queued.length) scheduleBatch();
      });
    });
  };

  const runBatch = async (): Promise<void> => {
    if (queued.length === 0) return;
    if (closed || flusher?.failed !== undefined) {
      const reason = closed ? storeClosed() : flusher!.failed;
      for (const item of queued.splice(0)) item.reject(reason);
      return;
    }
    try {
      await begin();
    } catch (e) {
      for (const item of queued.splice(0)) item.reject(e);
      return;
    }
    if (raiseAutocheckpoint) {
      raiseAutocheckpoint = false;
      writer.pragma(`wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT_PAGES}`);
    }
    const done: { item: BatchItem; result: unknown }[] = [];
    let current: BatchItem | undefined;
    try {
      // Transactions queued while the batch runs join it, up to a bound that keeps each caller's wait short.
      for (let taken = 0; queued.length && taken < MAX_BATCH; taken++) {
        const item = queued.shift()!;
        current = item;
        if (!writer.inTransaction) {
          // An earlier error ended the whole transaction: what it held is gone, so those callers fail.
          for (const d of done.splice(0)) d.item.reject(storeUnavailable(undefined, 'the transaction was rolled back by SQLite'));
          await begin();
        }
        write.savepoint.run();
        try {
          const result = await scope.run(async () => item.fn());
          write.release.run();
          current = undefined;
          done.push({ item, result });
        } catch (e) {
          if (writer.inTransaction) {
            write.rollbackTo.run();
            write.release.run();
          }
          current = undefined;
          item.reject(e);
        }
      }
      if (writer.inTransaction) writer.exec('COMMIT');
    } catch (e) {
      // BEGIN, a savepoint or the COMMIT failed: nothing of this batch is stored, and its callers hear so.
      try {
        if (writer.inTransaction) writer.exec('ROLLBACK');
      } catch {
        // The connection is unusable; the error below is what the callers need.
      }
      current?.reject(e);
      for (const d of done) d.item.reject(e);
      return;
    }
    if (done.length === 0) return;
    checkpointSoon(done.length);
    if (!flusher) {
      for (const d of done) d.item.resolve(d.result);
      return;
    }
    // The lock is released now, so the next batch is written while this one's flush runs.
    flusher.commitMade().then(
      () => {
        for (const d of done) d.item.resolve(d.result);
      },
      (e: unknown) => {
        for (const d of done) d.item.reject(e);
      },
    );
  };

  /** Runs `fn` inside the next group-committed batch; resolves once its batch is committed. */
  const immediate = <T>(fn: () => Promise<T> | T): Promise<T> => {
    if (closed) return Promise.reject(storeClosed());
    try {
      scope.assertOutside();
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<T>((resolve, reject) => {
      queued.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      scheduleBatch();
    });
  };

  const makeTransaction = (isActive: () => boolean): StoreTransaction => {
    const guard = <A extends unknown[], R>(fn: (...args: A) => R) =>
      async (...args: A): Promise<Awaited<R>> => {
        if (!isActive()) throw transactionFinished();
        return await fn(...args);
      };
    return {
      nextSerial: guard((kind: FormKind, period: string) => Number((write.nextSerial.get(kind, period) as Row).last)),
      getDocument: guard((id: string) => {
        const row = write.getDocument.get(id) as Row | undefined;
        return row ? (JSON.parse(row.body as string) as AftersalesDocument) : undefined;
      }),
      insertDocument: guard((doc: AftersalesDocument) => {
        try {
          write.insertDocument.run(doc.id, doc.kind, doc.number, doc.status, doc.createdAt, instantMs(doc.createdAt), nextOpenDueMs(doc), doc.revision, JSON.stringify(doc));
        } catch (e) {
          if (isUniqueViolation(e)) throw duplicateDocument(doc.kind, doc.number);
          throw e;
        }
      }),
      updateDocument: guard((doc: AftersalesDocument, expectedRevision: number) => {
        let changed: number;
        try {
          changed = write.updateDocument.run(doc.kind, doc.number, doc.status, nextOpenDueMs(doc), doc.revision, JSON.stringify(doc), doc.id, expectedRevision).changes;
        } catch (e) {
          if (isUniqueViolation(e)) throw duplicateDocument(doc.kind, doc.number);
          throw e;
        }
        if (changed === 1) return;
        const current = write.revisionOf.get(doc.id) as Row | undefined;
        if (!current) throw notFound('document', doc.id);
        throw revisionConflict(doc.id, expectedRevision, Number(current.revision));
      }),
      appendAudit: guard((event: NewAuditEvent) => {
        const last = write.lastAudit.get() as Row | undefined;
        // The event's text comes from the walk that hashes it: serialised once, not twice.
        const { stored, contentJson } = chainAuditEventWithJson(last ? { seq: Number(last.seq), hash: last.hash as string } : undefined, event);
        write.insertAudit.run(stored.seq, event.documentId, stored.prevHash, stored.hash, contentJson);
        return stored;
      }),
      addInboxEntries: guard((entries: Omit<InboxEntry, 'seq'>[]) => {
        for (const e of entries) write.insertInbox.run(e.department, e.documentId, e.kind, e.number, e.copyNumber, e.formVersion, e.at);
      }),
      findIdempotency: guard((scope: string, key: string) => {
        const row = write.findIdempotency.get(scope, key) as Row | undefined;
        return row ? idempotencyFromRow(row) : undefined;
      }),
      saveIdempotency: guard((r: IdempotencyRecord) => {
        try {
          write.insertIdempotency.run(r.scope, r.key, r.requestHash, r.documentId, r.createdAt);
        } catch (e) {
          if (isUniqueViolation(e)) throw duplicateIdempotencyKey(r.scope, r.key);
          throw e;
        }
      }),
      enqueueOutbox: guard((e: NewOutboxEntry) => {
        try {
          return outboxFromRow(
            write.insertOutbox.get(e.documentId, e.operation, e.reference, json(e.payload), e.createdAt, e.createdAt, instantMs(e.createdAt), e.createdAt) as Row,
          );
        } catch (err) {
          if (isUniqueViolation(err)) throw duplicateWriteBack(e.operation, e.reference);
          throw err;
        }
      }),
      supersedeOutbox: guard((documentId: string, at: string) => write.supersedeOutbox.run(at, documentId).changes),
      requeueOutbox: guard((id: number, at: string) => {
        const row = write.requeueOutbox.get(at, instantMs(at, '/at'), at, id) as Row | undefined;
        return row ? outboxFromRow(row) : undefined;
      }),
      saveFormVersion: guard((v: StoredFormVersion) => {
        try {
          write.insertFormVersion.run(v.kind, v.version, json(v.definition), json(v.customisation), v.createdAt, v.createdBy);
        } catch (e) {
          if (isUniqueViolation(e)) throw duplicateFormVersion(v.kind, v.version);
          throw e;
        }
      }),
      putSetting: guard((key: string, value: unknown) => {
        write.putSetting.run(key, json(value));
      }),
    };
  };

  const store: DocumentStore = {
    transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(storeClosed());
      return immediate(async () => {
        let active = true;
        try {
          return await fn(makeTransaction(() => active));
        } finally {
          active = false;
        }
      });
    },

    getDocument: (id) =>
      read((db) => {
        const row = db.prepare('SELECT body FROM documents WHERE id = ?').get(id) as Row | undefined;
        return row ? (JSON.parse(row.body as string) as AftersalesDocument) : undefined;
      }),

    findIdempotency: (scope, key) =>
      read((db) => {
        const row = db.prepare('SELECT * FROM idempotency WHERE scope = ? AND key = ?').get(scope, key) as Row | undefined;
        return row ? idempotencyFromRow(row) : undefined;
      }),

    findDocumentByNumber: (kind, number) =>
      read((db) => {
        const row = db.prepare('SELECT body FROM documents WHERE kind = ? AND number = ?').get(kind, number) as Row | undefined;
        return row ? (JSON.parse(row.body as string) as AftersalesDocument) : undefined;
      }),

    listDocuments: (query: DocumentQuery) =>
      read((db): Page<AftersalesDocument> => {
        const limit = pageSize(query.limit);
        const after = decodeDocumentCursor(query.cursor);
        const where: string[] = [];
        const params: unknown[] = [];
        if (query.kind !== undefined) (where.push('kind = ?'), params.push(query.kind));
        if (query.status !== undefined) (where.push('status = ?'), params.push(query.status));
        if (query.overdueAt !== undefined) (where.push('next_due_ms IS NOT NULL AND next_due_ms < ?'), params.push(instantMs(query.overdueAt, '/overdueAt')));
        if (after) (where.push('(created_ms > ? OR (created_ms = ? AND position > ?))'), params.push(after.createdMs, after.createdMs, after.position));
        const rows = db
          .prepare(`SELECT position, created_ms, body FROM documents ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY created_ms, position LIMIT ?`)
          .all(...params, limit + 1) as Row[];
        const items = rows.slice(0, limit).map((r) => JSON.parse(r.body as string) as AftersalesDocument);
        const last = rows[limit - 1];
        return rows.length > limit && last
          ? { items, nextCursor: encodeDocumentCursor({ createdMs: Number(last.created_ms), position: Number(last.position) }) }
          : { items };
      }),

    listAudit: (documentId) =>
      read((db) => (db.prepare('SELECT * FROM audit_events WHERE document_id = ? ORDER BY seq').all(documentId) as Row[]).map(auditFromRow)),

    readAuditChain: (afterSeq, limit) =>
      read((db) => (db.prepare('SELECT * FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, pageSize(limit)) as Row[]).map(auditFromRow)),

    listInbox: (department, cursor, limit) =>
      read((db): Page<InboxEntry> => {
        const afterSeq = decodeInboxCursor(cursor);
        const rows = db.prepare('SELECT * FROM inbox WHERE department = ? AND seq > ? ORDER BY seq LIMIT ?').all(department, afterSeq, pageSize(limit)) as Row[];
        const items = rows.map(inboxEntryFromRow);
        const last = items.at(-1);
        // A cursor after the last entry returned lets the department resume there once more copies arrive.
        return last ? { items, nextCursor: encodeInboxCursor(last.seq) } : { items };
      }),

    listFormVersions: (kind) =>
      read((db) => (db.prepare('SELECT * FROM form_versions WHERE kind = ? ORDER BY version').all(kind) as Row[]).map(formVersionFromRow)),

    getFormVersion: (kind, version) =>
      read((db) => {
        const row = db.prepare('SELECT * FROM form_versions WHERE kind = ? AND version = ?').get(kind, version) as Row | undefined;
        return row ? formVersionFromRow(row) : undefined;
      }),

    getSetting: <T>(key: string) =>
      read((db) => {
        const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as Row | undefined;
        return row ? (JSON.parse(row.value as string) as T) : undefined;
      }),

    listOutbox: (filter) =>
      read((db) => {
        const where: string[] = [];
        const params: unknown[] = [];
        if (filter.id !== undefined) (where.push('id = ?'), params.push(filter.id));
        if (filter.documentId !== undefined) (where.push('document_id = ?'), params.push(filter.documentId));
        if (filter.status !== undefined) (where.push('status = ?'), params.push(filter.status));
        if (filter.operation !== undefined) (where.push('operation = ?'), params.push(filter.operation));
        return (db.prepare(`SELECT * FROM outbox ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id`).all(...params) as Row[]).map(outboxFromRow);
      }),

    claimOutbox: (now, limit, leaseMs) =>
      immediate(() => {
        const nowMs = instantMs(now, '/now');
        const due = write.dueOutbox.all(nowMs, nowMs, pageSize(limit)) as Row[];
        return due.map((r) => outboxFromRow(write.leaseOutbox.get(nowMs + leaseMs, now, r.id) as Row));
      }),

    settleOutbox: (id, outcome) =>
      immediate(() => {
        const nextMs = outcome.nextAttemptAt === undefined ? null : instantMs(outcome.nextAttemptAt, '/nextAttemptAt');
        const changed = write.settleOutbox.run(
          outcome.status,
          outcome.attempts,
          outcome.hostKey ?? null,
          outcome.lastError ?? null,
          outcome.nextAttemptAt ?? null,
          nextMs,
          clock.now().toISOString(),
          id,
        ).changes;
        if (changed === 0) throw notFound('outbox', String(id));
      }),

    close: () =>
      lock.run(async () => {
        // Transactions asked for before close still run, as they would have without group commit.
        while (queued.length && !closed) await runBatch();
        if (closed) return;
        closed = true;
        await flusher?.close();
        await checkpointer?.close();
        reader?.close();
        writer.close();
      }),
  };
  return store;
}

