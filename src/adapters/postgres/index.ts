/**
 * The PostgreSQL store, for several server processes sharing one database.
 *
 * How it stays correct across processes:
 * - Group commit: a process runs the transactions asked for meanwhile as one batch, one
 *   PostgreSQL transaction and one COMMIT for all of them (see commit-batch.ts), and answers each
 *   caller only after that COMMIT.
 * - Audit chain: a batch takes a transaction-level advisory lock (the chain lock) before any
 *   other lock and holds it to its COMMIT, so the chain stays one line whatever the number of
 *   processes, and batches of several processes take their locks in the same order and never
 *   deadlock. The chain's tip is read with the lock and then kept in the batch, which hashes
 *   each new event at once.
 * - Numbering: only batches write `counters`, always under the chain lock, so a batch reads a
 *   counter once (with the lock, in the same round trip), counts in memory and writes the new
 *   value with its COMMIT: no gaps, no repeats. A transaction that fails gives its serials back
 *   before the next one takes any.
 * - Deferred writes: new documents, audit events, inbox copies and idempotency keys wait in the
 *   batch and go in with its COMMIT, in one message: from taking the chain lock to releasing it
 *   the batch needs two round trips, however many transactions it carries. The batch's reads see
 *   its waiting rows first; a transaction that throws just drops its own. A transaction asking
 *   for anything else (an update, the outbox, settings, form versions) sends what waits, gets a
 *   SAVEPOINT of its own and writes at once, as before.
 * - When PostgreSQL refuses those rows (a key or number already taken, or anything else it
 *   reports), nothing of the batch is stored, and its transactions run again, each in its own
 *   savepoint from its first operation, so the refusal reaches the transaction it belongs to.
 *   A batch lost to a connection failure is not run again: its COMMIT may have happened.
 * - Inbox cursors: identity values are handed out at insert time but transactions commit in any
 *   order, so a reader could see seq 6 before seq 5 commits and skip 5 for good. Inbox entries
 *   are therefore inserted under the chain lock, in the order they were added: inbox writers
 *   commit in seq order, and a cursor (the last seq seen) never passes over an entry that
 *   commits later. The same holds for documents' insertion positions.
 * - Outbox: `FOR UPDATE SKIP LOCKED` plus a lease column; two workers never take the same entry.
 * - Document listing pages by (creation instant, insertion position). A document whose
 *   transaction commits after a reader passed its position is not shown on that reader's later
 *   pages; listing is for browsing, and the inbox is the delivery channel with the strict guarantee.
 * - Migrations run on first use under an advisory lock.
 * - Transactions run at READ COMMITTED (each statement sees what committed before it, which the
 *   chain and counters rely on: the lock is taken before they are read) and are retried on
 *   serialization failures and deadlocks.
 * - Statements are not prepared by name: the ones the chain lock waits for travel as literals in
 *   simple-protocol messages (a prepared statement would cost a round trip of its own), and named
 *   statements would not survive a transaction-pooling proxy such as PgBouncer in front of the database.
 */
import pg from 'pg';
import type { AftersalesDocument, Page } from '../../domain/document.js';
import { isAftersalesError, notFound } from '../../domain/errors.js';
import type { Clock, DocumentQuery, DocumentStore, StoreTransaction } from '../../domain/ports.js';
import {
  decodeDocumentCursor,
  decodeInboxCursor,
  encodeDocumentCursor,
  encodeInboxCursor,
  instantMs,
  pageSize,
  storeClosed,
  storeUnavailable,
  TransactionScope,
} from '../sqlite/store-shared.js';
import { CommitBatch, counterKey, type BatchSettings } from './commit-batch.js';
import { auditFromRow, formVersionFromRow, idempotencyFromRow, inboxFromRow, isRetryable, isUnavailable, outboxFromRow, refusedByPostgres, type Row } from './rows.js';
import { advisoryKey, migratePostgres, quoteIdent } from './schema.js';

/**
 * How to reach the database: a connection string (the store owns and closes its pool) or the
 * host's own pool (left open on close).
 *
 * @example
 * const options: PostgresStoreOptions = { connectionString: 'postgres://app@db.internal/erp', schema: 'aftersales' };
 */
export type PostgresStoreOptions = ({ connectionString: string; maxConnections?: number } | { pool: pg.Pool }) & {
  /** The schema holding the store's tables (default `aftersales`); created when missing. */
  schema?: string;
  /** How many times a transaction is re-run after a serialization failure or deadlock (default 5). */
  maxRetries?: number;
  /** The clock stamping outbox updates (default: the system clock). */
  clock?: Clock;
};

/** A transaction waiting for this process's next batch. */
interface QueuedTransaction {
  fn: (tx: StoreTransaction) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  /** How many times it was re-run already. */
  tries: number;
  /** Writes at once in its own savepoint: its batch failed and could not tell whose the failure was. */
  direct: boolean;
}

/** The most transactions one COMMIT carries: the chain lock is held for the whole batch. */
const MAX_BATCH = 64;

/** How many counters a batch reads with the chain lock without being asked (those numbered with lately). */
const RECENT_COUNTERS = 8;

/** The batch learns of a lost connection from the statement that fails next. */
const ignoreConnectionError = (): void => undefined;

/** Passes the package's own errors through and turns connection failures into `unavailable`. */
function storeError(e: unknown): unknown {
  return !isAftersalesError(e) && isUnavailable(e) ? storeUnavailable(e) : e;
}

/**
 * Connects the PostgreSQL store; the schema is created or upgraded on first use.
 *
 * @example
 * const store = createPostgresStore({ connectionString: process.env.DATABASE_URL! });
 * const page = await store.listDocuments({ kind: 'complaint', limit: 20 });
 * await store.close();
 */
export function createPostgresStore(options: PostgresStoreOptions): DocumentStore {
  const schema = options.schema ?? 'aftersales';
  const S = quoteIdent(schema);
  const ownsPool = !('pool' in options);
  const pool = 'pool' in options ? options.pool : new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 });
  // An idle client losing its connection must not crash the host process; the next query reconnects.
  if (ownsPool) pool.on('error', () => undefined);
  const maxRetries = options.maxRetries ?? 5;
  const clock = options.clock ?? { now: () => new Date() };
  const scope = new TransactionScope();
  let migrated: Promise<number> | undefined;
  let closed = false;

  const ready = (): Promise<number> => {
    if (closed) return Promise.reject(storeClosed());
    migrated ??= migratePostgres(pool, schema).catch((e: unknown) => {
      migrated = undefined;
      throw storeError(e);
    });
    return migrated;
  };

  const query = async (sql: string, params: unknown[] = []): Promise<Row[]> => {
    await ready();
    try {
      return (await pool.query(sql, params)).rows as Row[];
    } catch (e) {
      throw storeError(e);
    }
  };

  // Least recently numbered first; a batch reads these counters with the chain lock.
  const recentCounters = new Map<string, readonly [string, string]>();
  const batchSettings: BatchSettings = {
    S,
    chainLock: advisoryKey(schema, 'audit-chain'),
    recentCounters: () => recentCounters.values(),
    counterUsed(kind, period) {
      const key = counterKey(kind, period);
      recentCounters.delete(key);
      recentCounters.set(key, [kind, period]);
      if (recentCounters.size > RECENT_COUNTERS) recentCounters.delete(recentCounters.keys().next().value!);
    },
  };

  /**
   * Group commit: transactions asked for while this process's batch runs wait in `queued`; the
   * next batch runs them one after the other in one PostgreSQL transaction and one COMMIT — one
   * WAL flush and one hold of the chain lock carry them all. Each caller is answered after that
   * COMMIT; a transaction that throws is answered at once (it stored nothing).
   */
  const queued: QueuedTransaction[] = [];
  let batchRunning = false;

  const pump = (): void => {
    if (batchRunning || queued.length === 0) return;
    batchRunning = true;
    // setImmediate lets the requests read in this turn of the event loop join the batch.
    setImmediate(() => {
      void runBatch().finally(() => {
        batchRunning = false;
        pump();
      });
    });
  };

  /** A failed transaction is re-run when PostgreSQL asks for it (serialization failure, deadlock, key race). */
  const failed = (item: QueuedTransaction, e: unknown): void => {
    // A concurrent request saved the same idempotency key first: re-running finds its record and replays it.
    const keyRace = isAftersalesError(e) && e.code === 'AFTERSALES.IDEMPOTENCY_KEY_TAKEN' && item.tries === 0;
    if (item.tries < maxRetries && (isRetryable(e) || keyRace)) {
      const pause = Math.random() * 10 * 2 ** item.tries;
      item.tries++;
      setTimeout(() => {
        if (closed) return item.reject(storeClosed());
        queued.push(item);
        pump();
      }, pause);
      return;
    }
    item.reject(storeError(e));
  };

  const runBatch = async (): Promise<void> => {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (e) {
      for (const item of queued.splice(0)) item.reject(storeError(e));
      return;
    }
    // A connection lost between round trips (or after release) must not crash the process: its next statement fails instead.
    if (!client.listeners('error').includes(ignoreConnectionError)) client.on('error', ignoreConnectionError);
    const batch = new CommitBatch(client, batchSettings);
    const done: { item: QueuedTransaction; result: unknown }[] = [];
    let current: QueuedTransaction | undefined;
    try {
      for (let taken = 0; queued.length && taken < MAX_BATCH; taken++) {
        const item = queued.shift()!;
        current = item;
        const outcome = await batch.run((tx) => scope.run(() => item.fn(tx)), item.direct);
        if (!outcome) break;
        current = undefined;
        if (outcome.ok) done.push({ item, result: outcome.value });
        else failed(item, outcome.error);
      }
      await batch.finish();
    } catch (e) {
      // The batch reports what PostgreSQL refuses through its failure; anything else ends it too.
      batch.failure ??= { error: e, rerun: false };
    }
    const failure = batch.failure;
    const rollbackError = failure ? await batch.abandon() : undefined;
    // A connection that could not roll back is thrown away rather than reused mid-transaction.
    client.release(rollbackError === undefined ? undefined : rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError)));
    if (!failure) {
      for (const d of done) d.item.resolve(d.result);
      return;
    }
    // Nothing of this batch was stored.
    const items = [...done.map((d) => d.item), ...(current ? [current] : [])];
    // Only when PostgreSQL answered with an error is COMMIT known not to have run; a lost connection is not retried.
    if (failure.rerun && refusedByPostgres(failure.error) && !isRetryable(failure.error)) {
      // Each runs again first, in a savepoint of its own, so the refusal reaches the one it belongs to.
      for (const item of items) item.direct = true;
      queued.unshift(...items);
    } else {
      for (const item of items) failed(item, failure.error);
    }
  };

  const store: DocumentStore = {
    async transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
      scope.assertOutside();
      await ready();
      if (closed) throw storeClosed();
      return new Promise<T>((resolve, reject) => {
        queued.push({ fn, resolve: resolve as (value: unknown) => void, reject, tries: 0, direct: false });
        pump();
      });
    },

    async getDocument(id) {
      return (await query(`SELECT body FROM ${S}.documents WHERE id = $1`, [id]))[0]?.body as AftersalesDocument | undefined;
    },

    async findIdempotency(scope, key) {
      const row = (await query(`SELECT * FROM ${S}.idempotency WHERE scope = $1 AND key = $2`, [scope, key]))[0];
      return row ? idempotencyFromRow(row) : undefined;
    },

    async findDocumentByNumber(kind, number) {
      return (await query(`SELECT body FROM ${S}.documents WHERE kind = $1 AND number = $2`, [kind, number]))[0]?.body as AftersalesDocument | undefined;
    },

    async listDocuments(q: DocumentQuery): Promise<Page<AftersalesDocument>> {
      const limit = pageSize(q.limit);
      const after = decodeDocumentCursor(q.cursor);
      const where: string[] = [];
      const params: unknown[] = [];
      const param = (v: unknown): string => (params.push(v), `$${params.length}`);
      if (q.kind !== undefined) where.push(`kind = ${param(q.kind)}`);
      if (q.status !== undefined) where.push(`status = ${param(q.status)}`);
      if (q.overdueAt !== undefined) where.push(`next_due_ms < ${param(instantMs(q.overdueAt, '/overdueAt'))}`);
      if (after) where.push(`(created_ms, position) > (${param(after.createdMs)}, ${param(after.position)})`);
      const rows = await query(
        `SELECT position, created_ms, body FROM ${S}.documents ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY created_ms, position LIMIT ${param(limit + 1)}`,
        params,
      );
      const items = rows.slice(0, limit).map((r) => r.body as AftersalesDocument);
      const last = rows[limit - 1];
      return rows.length > limit && last ? { items, nextCursor: encodeDocumentCursor({ createdMs: Number(last.created_ms), position: Number(last.position) }) } : { items };
    },

    async listAudit(documentId) {
      return (await query(`SELECT * FROM ${S}.audit_events WHERE document_id = $1 ORDER BY seq`, [documentId])).map(auditFromRow);
    },

    async readAuditChain(afterSeq, limit) {
      return (await query(`SELECT * FROM ${S}.audit_events WHERE seq > $1 ORDER BY seq LIMIT $2`, [afterSeq, pageSize(limit)])).map(auditFromRow);
    },

    async listInbox(department, cursor, limit) {
      const afterSeq = decodeInboxCursor(cursor);
      const items = (await query(`SELECT * FROM ${S}.inbox WHERE department = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [department, afterSeq, pageSize(limit)])).map(inboxFromRow);
      const last = items.at(-1);
      // A cursor after the last entry returned lets the department resume there once more copies arrive.
      return last ? { items, nextCursor: encodeInboxCursor(last.seq) } : { items };
    },

    async listFormVersions(kind) {
      return (await query(`SELECT * FROM ${S}.form_versions WHERE kind = $1 ORDER BY version`, [kind])).map(formVersionFromRow);
    },

    async getFormVersion(kind, version) {
      const row = (await query(`SELECT * FROM ${S}.form_versions WHERE kind = $1 AND version = $2`, [kind, version]))[0];
      return row ? formVersionFromRow(row) : undefined;
    },

    async getSetting<T>(key: string) {
      const row = (await query(`SELECT value FROM ${S}.settings WHERE key = $1`, [key]))[0];
      return row ? (row.value as T) : undefined;
    },

    async listOutbox(filter) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.id !== undefined) (params.push(filter.id), where.push(`id = $${params.length}`));
      if (filter.documentId !== undefined) (params.push(filter.documentId), where.push(`document_id = $${params.length}`));
      if (filter.status !== undefined) (params.push(filter.status), where.push(`status = $${params.length}`));
      if (filter.operation !== undefined) (params.push(filter.operation), where.push(`operation = $${params.length}`));
      return (await query(`SELECT * FROM ${S}.outbox ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id`, params)).map(outboxFromRow);
    },

    async claimOutbox(now, limit, leaseMs) {
      const nowMs = instantMs(now, '/now');
      const rows = await query(
        `WITH due AS (
           SELECT id FROM ${S}.outbox
           WHERE status IN ('pending', 'failed') AND next_attempt_ms <= $1 AND (lease_until_ms IS NULL OR lease_until_ms <= $1)
           ORDER BY next_attempt_ms, id LIMIT $2
           FOR UPDATE SKIP LOCKED)
         UPDATE ${S}.outbox o SET lease_until_ms = $3, updated_at = $4 FROM due WHERE o.id = due.id RETURNING o.*`,
        [nowMs, pageSize(limit), nowMs + leaseMs, now],
      );
      return rows.map(outboxFromRow).sort((a, b) => a.id - b.id);
    },

    async settleOutbox(id, outcome) {
      const nextMs = outcome.nextAttemptAt === undefined ? null : instantMs(outcome.nextAttemptAt, '/nextAttemptAt');
      const rows = await query(
        `UPDATE ${S}.outbox SET status = $1, attempts = $2, host_key = COALESCE($3, host_key), last_error = $4,
           next_attempt_at = COALESCE($5, next_attempt_at), next_attempt_ms = COALESCE($6, next_attempt_ms), lease_until_ms = NULL, updated_at = $7
         WHERE id = $8 RETURNING id`,
        [outcome.status, outcome.attempts, outcome.hostKey ?? null, outcome.lastError ?? null, outcome.nextAttemptAt ?? null, nextMs, clock.now().toISOString(), id],
      );
      if (rows.length === 0) throw notFound('outbox', String(id));
    },

    async close() {
      if (closed) return;
      // Transactions asked for before close still run; none are taken after it.
      while (batchRunning || queued.length) await new Promise((r) => setTimeout(r, 2));
      closed = true;
      await migrated?.catch(() => undefined);
      if (ownsPool) await pool.end();
    },
  };
  return store;
}

/**
 * True when the database already holds a store in `schema` (its audit table exists).
 *
 * @example
 * if (!(await postgresStoreExists(url))) console.error('no store there');
 */
export async function postgresStoreExists(connectionString: string, schema = 'aftersales'): Promise<boolean> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ table: string | null }>('SELECT to_regclass($1)::text AS table', [`${quoteIdent(schema)}.audit_events`]);
    return rows[0]?.table != null;
  } finally {
    await client.end();
  }
}
