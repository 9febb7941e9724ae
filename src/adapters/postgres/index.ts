/**
 * The PostgreSQL store, for several server processes sharing one database.
 *
 * How it stays correct across processes:
 * - Numbering: `INSERT … ON CONFLICT (kind, period) DO UPDATE SET last = last + 1 RETURNING last`
 *   locks the counter row until commit, so concurrent creators queue on it: no gaps, no repeats.
 * - Group commit: a process runs the transactions asked for meanwhile as one batch — one
 *   PostgreSQL transaction, each of them in its own SAVEPOINT (a failing one rolls back alone),
 *   one COMMIT for all — so the locks below and the WAL flush are paid once per batch.
 * - Audit chain: each batch takes a transaction-level advisory lock right after BEGIN, before any
 *   other lock, so the chain stays one line whatever the number of processes, and batches of
 *   several processes take their locks in the same order (the chain first) and never deadlock.
 * - Inbox cursors: identity values are handed out at insert time but transactions commit in any
 *   order, so a reader could see seq 6 before seq 5 commits and skip 5 for good. Inbox entries
 *   are therefore added under the same advisory lock: inbox writers commit in seq order, and a
 *   cursor (the last seq seen) never passes over an entry that commits later. Inbox entries are
 *   written by the same transactions that append audit events, so this costs no extra waiting.
 * - Outbox: `FOR UPDATE SKIP LOCKED` plus a lease column; two workers never take the same entry.
 * - Document listing pages by (creation instant, insertion position). A document whose
 *   transaction commits after a reader passed its position is not shown on that reader's later
 *   pages; listing is for browsing, and the inbox is the delivery channel with the strict guarantee.
 * - Migrations run on first use under an advisory lock.
 * - Transactions run at READ COMMITTED (each statement sees what committed before it, which the
 *   chain and counters rely on) and are retried on serialization failures and deadlocks.
 */
import pg from 'pg';
import { chainAuditEvent } from '../../domain/audit/chain.js';
import type { AftersalesDocument, AuditEvent, InboxEntry, NewAuditEvent, Page } from '../../domain/document.js';
import { isAftersalesError, notFound } from '../../domain/errors.js';
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
import {
  decodeDocumentCursor,
  decodeInboxCursor,
  duplicateDocument,
  duplicateFormVersion,
  duplicateIdempotencyKey,
  encodeDocumentCursor,
  encodeInboxCursor,
  instantMs,
  nextOpenDueMs,
  pageSize,
  revisionConflict,
  storeClosed,
  storeUnavailable,
  TransactionScope,
  transactionFinished,
} from '../sqlite/store-shared.js';
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

type Row = Record<string, unknown>;

const json = (value: unknown): string => JSON.stringify(value === undefined ? null : value);
const RETRYABLE = new Set(['40001', '40P01']);

/** A transaction waiting for this process's next batch. */
interface QueuedTransaction {
  fn: (tx: StoreTransaction) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  /** How many times it was re-run already. */
  tries: number;
}

/** The audit chain's last event as a batch holding the chain lock knows it. */
interface ChainTip {
  known: boolean;
  last?: { seq: number; hash: string };
}

/** The most transactions one COMMIT carries: the chain lock is held for the whole batch. */
const MAX_BATCH = 64;

function pgCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function constraintOf(e: unknown): string | undefined {
  return (e as { constraint?: string } | null)?.constraint;
}

function auditFromRow(row: Row): AuditEvent {
  const content = (typeof row.event === 'string' ? JSON.parse(row.event) : row.event) as NewAuditEvent;
  return { ...content, seq: Number(row.seq), prevHash: row.prev_hash as string, hash: row.hash as string };
}

function inboxFromRow(row: Row): InboxEntry {
  return {
    seq: Number(row.seq),
    department: row.department as string,
    documentId: row.document_id as string,
    kind: row.kind as FormKind,
    number: row.number as string,
    copyNumber: Number(row.copy_number),
    formVersion: Number(row.form_version),
    at: row.at as string,
  };
}

function outboxFromRow(row: Row): OutboxEntry {
  const entry: OutboxEntry = {
    id: Number(row.id),
    documentId: row.document_id as string,
    operation: row.operation as OutboxEntry['operation'],
    reference: row.reference as string,
    payload: row.payload as Record<string, unknown>,
    createdAt: row.created_at as string,
    status: row.status as OutboxEntry['status'],
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at as string,
    updatedAt: row.updated_at as string,
  };
  if (row.host_key !== null && row.host_key !== undefined) entry.hostKey = row.host_key as string;
  if (row.last_error !== null && row.last_error !== undefined) entry.lastError = row.last_error as string;
  return entry;
}

function formVersionFromRow(row: Row): StoredFormVersion {
  return {
    kind: row.kind as FormKind,
    version: Number(row.version),
    definition: row.definition,
    customisation: row.customisation,
    createdAt: row.created_at as string,
    createdBy: row.created_by as string,
  };
}

function idempotencyFromRow(row: Row): IdempotencyRecord {
  return {
    scope: row.scope as string,
    key: row.key as string,
    requestHash: row.request_hash as string,
    documentId: row.document_id as string,
    createdAt: row.created_at as string,
  };
}

/** Connection failures, server shutdown and resource exhaustion: the store is unavailable, not the request wrong. */
function isUnavailable(e: unknown): boolean {
  const code = pgCode(e);
  if (code && /^(08|53|57)/.test(code)) return true;
  if (code && /^E[A-Z]+$/.test(code)) return true; // ECONNREFUSED, ETIMEDOUT, ENOTFOUND…
  return e instanceof Error && /Connection terminated|connection timeout/i.test(e.message);
}

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
  const chainLock = advisoryKey(schema, 'audit-chain');
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

  // The batch holds the chain lock from its BEGIN (see runBatch).
  const makeTransaction = (client: pg.PoolClient, isActive: () => boolean, chain: ChainTip): StoreTransaction => {
    const q = async (sql: string, params: unknown[] = []): Promise<Row[]> => {
      if (!isActive()) throw transactionFinished();
      return (await client.query(sql, params)).rows as Row[];
    };
    return {
      async nextSerial(kind, period) {
        const rows = await q(
          `INSERT INTO ${S}.counters AS c (kind, period, last) VALUES ($1, $2, 1)
           ON CONFLICT (kind, period) DO UPDATE SET last = c.last + 1 RETURNING last`,
          [kind, period],
        );
        return Number(rows[0]!.last);
      },
      async getDocument(id) {
        const rows = await q(`SELECT body FROM ${S}.documents WHERE id = $1`, [id]);
        return rows[0]?.body as AftersalesDocument | undefined;
      },
      async insertDocument(doc) {
        try {
          await q(
            `INSERT INTO ${S}.documents (id, kind, number, status, created_at, created_ms, next_due_ms, revision, body)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::json)`,
            [doc.id, doc.kind, doc.number, doc.status, doc.createdAt, instantMs(doc.createdAt), nextOpenDueMs(doc), doc.revision, json(doc)],
          );
        } catch (e) {
          if (pgCode(e) === '23505') throw duplicateDocument(doc.kind, doc.number);
          throw e;
        }
      },
      async updateDocument(doc, expectedRevision) {
        let rows: Row[];
        try {
          rows = await q(
            `UPDATE ${S}.documents SET kind = $1, number = $2, status = $3, next_due_ms = $4, revision = $5, body = $6::json
             WHERE id = $7 AND revision = $8 RETURNING id`,
            [doc.kind, doc.number, doc.status, nextOpenDueMs(doc), doc.revision, json(doc), doc.id, expectedRevision],
          );
        } catch (e) {
          if (pgCode(e) === '23505') throw duplicateDocument(doc.kind, doc.number);
          throw e;
        }
        if (rows.length === 1) return;
        const current = await q(`SELECT revision FROM ${S}.documents WHERE id = $1`, [doc.id]);
        if (current.length === 0) throw notFound('document', doc.id);
        throw revisionConflict(doc.id, expectedRevision, Number(current[0]!.revision));
      },
      async appendAudit(event) {
        if (!isActive()) throw transactionFinished();
        if (!chain.known) {
          const last = (await q(`SELECT seq, hash FROM ${S}.audit_events ORDER BY seq DESC LIMIT 1`))[0];
          chain.known = true;
          chain.last = last ? { seq: Number(last.seq), hash: last.hash as string } : undefined;
        }
        const stored = chainAuditEvent(chain.last, event);
        const { seq, prevHash, hash, ...content } = stored;
        await q(`INSERT INTO ${S}.audit_events (seq, document_id, prev_hash, hash, event) VALUES ($1, $2, $3, $4, $5::json)`, [seq, event.documentId, prevHash, hash, json(content)]);
        chain.last = { seq, hash };
        return stored;
      },
      async addInboxEntries(entries) {
        if (entries.length === 0) return;
        // Inbox writers commit in seq order under the batch's chain lock (see the module comment): a cursor never skips an entry.
        const params: unknown[] = [];
        const values = entries.map((e) => {
          params.push(e.department, e.documentId, e.kind, e.number, e.copyNumber, e.formVersion, e.at);
          const n = params.length;
          return `($${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
        });
        await q(`INSERT INTO ${S}.inbox (department, document_id, kind, number, copy_number, form_version, at) VALUES ${values.join(', ')}`, params);
      },
      async findIdempotency(scope, key) {
        const rows = await q(`SELECT * FROM ${S}.idempotency WHERE scope = $1 AND key = $2`, [scope, key]);
        return rows[0] ? idempotencyFromRow(rows[0]) : undefined;
      },
      async saveIdempotency(r) {
        try {
          await q(`INSERT INTO ${S}.idempotency (scope, key, request_hash, document_id, created_at) VALUES ($1, $2, $3, $4, $5)`, [
            r.scope,
            r.key,
            r.requestHash,
            r.documentId,
            r.createdAt,
          ]);
        } catch (e) {
          if (pgCode(e) === '23505') throw duplicateIdempotencyKey(r.scope, r.key);
          throw e;
        }
      },
      async enqueueOutbox(e: NewOutboxEntry) {
        const rows = await q(
          `INSERT INTO ${S}.outbox (document_id, operation, reference, payload, created_at, status, attempts, next_attempt_at, next_attempt_ms, updated_at)
           VALUES ($1, $2, $3, $4::json, $5, 'pending', 0, $5, $6, $5) RETURNING *`,
          [e.documentId, e.operation, e.reference, json(e.payload), e.createdAt, instantMs(e.createdAt)],
        );
        return outboxFromRow(rows[0]!);
      },
      async supersedeOutbox(documentId: string, at: string) {
        const rows = await q(
          `UPDATE ${S}.outbox SET status = 'superseded', lease_until_ms = NULL, updated_at = $1
           WHERE document_id = $2 AND status IN ('pending', 'failed', 'parked') RETURNING id`,
          [at, documentId],
        );
        return rows.length;
      },
      async saveFormVersion(v) {
        try {
          await q(`INSERT INTO ${S}.form_versions (kind, version, definition, customisation, created_at, created_by) VALUES ($1, $2, $3::json, $4::json, $5, $6)`, [
            v.kind,
            v.version,
            json(v.definition),
            json(v.customisation),
            v.createdAt,
            v.createdBy,
          ]);
        } catch (e) {
          if (pgCode(e) === '23505') throw duplicateFormVersion(v.kind, v.version);
          throw e;
        }
      },
      async putSetting(key, value) {
        await q(`INSERT INTO ${S}.settings (key, value) VALUES ($1, $2::json) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [key, json(value)]);
      },
    };
  };

  /**
   * Group commit: transactions asked for while this process's batch runs wait in `queued`; the
   * next batch runs them one after the other in one PostgreSQL transaction, each in its own
   * SAVEPOINT (a failing one rolls back alone), and one COMMIT — one WAL flush, one hold of the
   * chain lock and the counter rows — carries them all. Each caller is answered after that COMMIT.
   * The batch takes the chain lock first, so every batch takes its locks in the same order and
   * batches of several processes never deadlock on each other.
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
    const code = pgCode(e);
    // A concurrent request saved the same idempotency key first: re-running finds its record and replays it.
    const keyRace = isAftersalesError(e) && e.code === 'AFTERSALES.IDEMPOTENCY_KEY_TAKEN' && item.tries === 0;
    if (item.tries < maxRetries && ((code !== undefined && RETRYABLE.has(code)) || keyRace)) {
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
    const done: { item: QueuedTransaction; result: unknown }[] = [];
    let current: QueuedTransaction | undefined;
    let broken: unknown;
    try {
      await client.query(`BEGIN; SELECT pg_advisory_xact_lock((${chainLock})::bigint)`);
      // The batch holds the chain lock throughout, so the chain's tip is read once and then kept here.
      const chain: ChainTip = { known: false };
      let savepointOpen = false;
      for (let taken = 0; queued.length && taken < MAX_BATCH; taken++) {
        const item = queued.shift()!;
        current = item;
        // The previous transaction's savepoint is released in the same round trip that opens this one.
        await client.query(savepointOpen ? 'RELEASE SAVEPOINT item; SAVEPOINT item' : 'SAVEPOINT item');
        savepointOpen = true;
        const tipBefore = { ...chain };
        let active = true;
        try {
          const result = await scope.run(() => item.fn(makeTransaction(client, () => active, chain)));
          active = false;
          current = undefined;
          done.push({ item, result });
        } catch (e) {
          active = false;
          Object.assign(chain, tipBefore);
          await client.query('ROLLBACK TO SAVEPOINT item; RELEASE SAVEPOINT item');
          savepointOpen = false;
          current = undefined;
          failed(item, e);
        }
      }
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError));
      // Nothing of this batch was stored: each of its transactions fails, or is re-run when that helps.
      for (const d of done.splice(0)) failed(d.item, e);
      if (current) failed(current, e);
    } finally {
      // A connection that could not roll back is thrown away rather than reused mid-transaction.
      client.release(broken instanceof Error ? broken : undefined);
    }
    for (const d of done) d.item.resolve(d.result);
  };

  const store: DocumentStore = {
    async transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
      scope.assertOutside();
      await ready();
      if (closed) throw storeClosed();
      return new Promise<T>((resolve, reject) => {
        queued.push({ fn, resolve: resolve as (value: unknown) => void, reject, tries: 0 });
        pump();
      });
    },

    async getDocument(id) {
      return (await query(`SELECT body FROM ${S}.documents WHERE id = $1`, [id]))[0]?.body as AftersalesDocument | undefined;
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
      if (filter.documentId !== undefined) (params.push(filter.documentId), where.push(`document_id = $${params.length}`));
      if (filter.status !== undefined) (params.push(filter.status), where.push(`status = $${params.length}`));
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
