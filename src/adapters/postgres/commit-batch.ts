/**
 * One PostgreSQL transaction carrying the transactions a process queued meanwhile (group
 * commit), written so the chain lock is held for as few round trips as possible.
 *
 * - Nothing is sent before it is needed. Reads of documents and idempotency keys run as they
 *   come; the chain lock is taken, with the chain's tip and the counters read in the same
 *   message, when a transaction first numbers or appends to the audit chain.
 * - Counters are counted here while the lock is held (every writer of `counters` holds it), and
 *   new documents, audit events, inbox copies and idempotency keys wait here as SQL rows.
 *   Reads see those rows first. A transaction that throws drops its rows and gives back the
 *   serials and chain positions it took: nothing was sent for it, so no SAVEPOINT is needed.
 * - The rows of the whole batch, the counters' new values and COMMIT go in one message: one
 *   round trip from the first write to the release of the lock.
 * - A transaction asking for anything else (updates, outbox, settings, form versions) turns
 *   direct: the rows waiting so far are sent, it gets its own SAVEPOINT, and from then on its
 *   statements go out at once, as every transaction's did before.
 * - When PostgreSQL refuses a statement outside such a savepoint (a key or number taken behind
 *   the batch's back), nobody can tell whose it was: the batch reports a {@link BatchFailure}
 *   and its store runs its transactions again, each direct from its first operation.
 */
import type pg from 'pg';
import { chainAuditEventWithJson } from '../../domain/audit/chain.js';
import type { AftersalesDocument, AuditEvent } from '../../domain/document.js';
import { notFound } from '../../domain/errors.js';
import type { NewOutboxEntry, StoreTransaction } from '../../domain/ports.js';
import {
  duplicateDocument,
  duplicateFormVersion,
  duplicateIdempotencyKey,
  duplicateWriteBack,
  instantMs,
  nextOpenDueMs,
  revisionConflict,
  transactionFinished,
} from '../sqlite/store-shared.js';
import { PendingWrites } from './pending-writes.js';
import { idempotencyFromRow, json, outboxFromRow, pgCode, type Row } from './rows.js';
import { sqlLiteral } from './sql-literal.js';

/**
 * What a batch needs to know of its store.
 *
 * @example
 * const settings: BatchSettings = { S: '"aftersales"', chainLock: advisoryKey('aftersales', 'audit-chain'), recentCounters: () => [['complaint', '2611']], counterUsed: () => undefined };
 */
export interface BatchSettings {
  /** The store's schema, quoted. */
  S: string;
  /** The audit chain's advisory lock key (a bigint as text). */
  chainLock: string;
  /** Counters this process numbered with lately: read with the chain lock, as they are likely wanted again. */
  recentCounters(): Iterable<readonly [kind: string, period: string]>;
  /** Notes that a counter was numbered with. */
  counterUsed(kind: string, period: string): void;
}

/**
 * How one transaction of a batch ended; its caller is answered only once the batch commits.
 *
 * @example
 * const outcome = await batch.run(fn, false);
 * if (outcome && !outcome.ok) reject(outcome.error);
 */
export type TransactionOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Why a batch stopped: a statement failed outside any transaction's savepoint, so the whole
 * batch is rolled back.
 *
 * @example
 * if (batch.failure?.rerun) requeueEachDirect(items); else items.forEach((i) => fail(i, batch.failure.error));
 */
export interface BatchFailure {
  error: unknown;
  /** Running the batch's transactions again, each in its own savepoint, can tell whose the failure was. */
  rerun: boolean;
}

/** A counter as the batch holding the chain lock knows it. */
interface Counter {
  kind: string;
  period: string;
  /** The value in the database. */
  stored: number;
  /** The last serial handed out. */
  last: number;
}

/** The audit chain's last event (none in an empty chain). */
interface ChainTip {
  last?: { seq: number; hash: string };
}

/** One transaction running in the batch. */
interface Run {
  active: boolean;
  /** Asked to write at once from its first operation (a re-run after a failed batch). */
  forced: boolean;
  /** Its own SAVEPOINT is open and its statements go out at once. */
  direct: boolean;
  /** The switch to direct, while under way. */
  switching?: Promise<void>;
  /** What PostgreSQL refused of its direct statements: its savepoint is aborted, so it cannot commit even if it carried on. */
  refusal?: { error: unknown };
  pending: PendingWrites;
  /** The chain's tip when it started, if the batch knew it then. */
  tipBefore?: ChainTip;
  countersBefore: Map<string, number>;
}

/**
 * A counter's key in maps, exact for any text (the length ends the kind).
 *
 * @example
 * counterKey('complaint', '2611'); // '9:complaint2611'
 */
export const counterKey = (kind: string, period: string): string => `${kind.length}:${kind}${period}`;

/**
 * A batch on one pooled connection: {@link CommitBatch.run} each queued transaction in turn,
 * then {@link CommitBatch.finish}, or {@link CommitBatch.abandon} after a {@link BatchFailure}.
 *
 * @example
 * const batch = new CommitBatch(await pool.connect(), settings);
 * const outcome = await batch.run((tx) => createComplaint(tx), false);
 * await batch.finish();
 * if (batch.failure) await batch.abandon();
 */
export class CommitBatch {
  /** Set once a statement failed outside a savepoint; the batch is then rolled back. */
  failure?: BatchFailure;
  /** Some transaction ran with deferred writes, so a failure may be told apart by re-running. */
  private deferredRuns = false;
  /** BEGIN was sent: the batch ends with COMMIT or ROLLBACK. */
  private open = false;
  /** The chain lock is held and the chain's tip known. */
  private locked = false;
  private locking?: Promise<void>;
  private tip: ChainTip = {};
  private tipAtLock: ChainTip = {};
  private readonly counters = new Map<string, Counter>();
  private readonly counterReads = new Map<string, Promise<void>>();
  /** Rows of the batch's finished transactions not sent yet. */
  private readonly pending = new PendingWrites();
  /** A savepoint named `item` is open (a direct transaction's, released when the next one opens). */
  private savepointOpen = false;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly settings: BatchSettings,
  ) {}

  /** Runs one queued transaction; undefined when the batch failed meanwhile (see {@link failure}). */
  async run(fn: (tx: StoreTransaction) => Promise<unknown>, forced: boolean): Promise<TransactionOutcome | undefined> {
    const run: Run = {
      active: true,
      forced,
      direct: false,
      pending: new PendingWrites(),
      ...(this.locked ? { tipBefore: { ...this.tip } } : {}),
      countersBefore: new Map([...this.counters].map(([k, c]) => [k, c.last])),
    };
    if (!forced) this.deferredRuns = true;
    let outcome: TransactionOutcome;
    try {
      outcome = { ok: true, value: await fn(this.transaction(run)) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    run.active = false;
    // An operation the function did not wait for still finishes before the next transaction starts.
    await Promise.allSettled([run.switching, this.locking]);
    if (this.failure) return undefined;
    if (outcome.ok && run.refusal) outcome = { ok: false, error: run.refusal.error };
    if (outcome.ok) {
      this.pending.absorb(run.pending);
      return outcome;
    }
    // Its rows are dropped; the serials and chain positions it took are handed out again.
    this.tip = run.tipBefore ?? { ...this.tipAtLock };
    for (const [key, c] of this.counters) c.last = run.countersBefore.get(key) ?? c.stored;
    if (run.direct) {
      try {
        await this.client.query('ROLLBACK TO SAVEPOINT item; RELEASE SAVEPOINT item');
        this.savepointOpen = false;
      } catch (e) {
        this.fail(e, false);
        return undefined;
      }
    }
    return outcome;
  }

  /** Sends every waiting row and the counters' new values with COMMIT, in one round trip. */
  async finish(): Promise<void> {
    if (this.failure) return;
    const { S } = this.settings;
    const statements: string[] = [];
    const rows = this.pending.statements(S);
    const counters = [...this.counters.values()].filter((c) => c.last !== c.stored);
    if (rows.length || counters.length) {
      // Rows go in under the chain lock even when nobody numbered: inbox copies commit in seq order.
      if (!this.open) statements.push('BEGIN', this.lockStatement());
      statements.push(...rows);
      if (counters.length) {
        // Kinds and periods were read as literals or through parameters, so they hold no NUL.
        const values = counters.map((c) => `(${sqlLiteral(c.kind)}, ${sqlLiteral(c.period)}, ${sqlLiteral(c.last)})`);
        statements.push(`INSERT INTO ${S}.counters (kind, period, last) VALUES ${values.join(', ')} ON CONFLICT (kind, period) DO UPDATE SET last = excluded.last`);
      }
      this.open = true;
    }
    if (!this.open) return;
    statements.push('COMMIT');
    try {
      const results = await this.script(statements);
      this.open = false;
      // PostgreSQL answers COMMIT of an aborted transaction with ROLLBACK, not with an error.
      if (results.at(-1)?.command !== 'COMMIT') this.fail(new Error('PostgreSQL rolled the batch back instead of committing it'), false);
    } catch {
      // script() recorded the failure.
    }
  }

  /** Rolls back after a failure; gives the error when even that failed (the connection is then not reused). */
  async abandon(): Promise<unknown> {
    if (!this.open) return undefined;
    try {
      await this.client.query('ROLLBACK');
      this.open = false;
      return undefined;
    } catch (e) {
      return e;
    }
  }

  private fail(error: unknown, rerun: boolean): void {
    this.failure ??= { error, rerun: rerun && this.deferredRuns };
  }

  private guard(run: Run): void {
    if (!run.active) throw transactionFinished();
    if (this.failure) throw this.failure.error;
  }

  private lockStatement(): string {
    return `SELECT pg_advisory_xact_lock((${this.settings.chainLock})::bigint)`;
  }

  /**
   * Adds BEGIN, the chain lock, the chain's tip and the counters likely wanted to a message;
   * gives what reads the answers. The lock comes before any other lock the batch takes, so
   * batches of several processes take their locks in the same order and never deadlock.
   */
  private lockInto(statements: string[], wanted?: readonly [string, string]): (results: pg.QueryResult[]) => void {
    const { S } = this.settings;
    statements.push('BEGIN', this.lockStatement());
    const tipAt = statements.push(`SELECT seq, hash FROM ${S}.audit_events ORDER BY seq DESC LIMIT 1`) - 1;
    const asked = new Map<string, Counter>();
    for (const [kind, period] of wanted ? [...this.settings.recentCounters(), wanted] : this.settings.recentCounters()) {
      const key = counterKey(kind, period);
      if (!this.counters.has(key) && !kind.includes('\0') && !period.includes('\0')) asked.set(key, { kind, period, stored: 0, last: 0 });
    }
    const pairs = [...asked.values()].map((c) => `(${sqlLiteral(c.kind)}, ${sqlLiteral(c.period)})`);
    const countersAt = pairs.length ? statements.push(`SELECT kind, period, last FROM ${S}.counters WHERE (kind, period) IN (${pairs.join(', ')})`) - 1 : -1;
    this.open = true;
    return (results) => {
      const tip = results[tipAt]?.rows[0] as Row | undefined;
      this.tip = tip ? { last: { seq: Number(tip.seq), hash: tip.hash as string } } : {};
      this.tipAtLock = { ...this.tip };
      for (const row of (results[countersAt]?.rows ?? []) as Row[]) {
        const c = asked.get(counterKey(row.kind as string, row.period as string));
        if (c) c.stored = c.last = Number(row.last);
      }
      // A counter without a row starts at 0.
      for (const [key, c] of asked) this.counters.set(key, c);
      this.locked = true;
    };
  }

  /** Sends several statements as one simple-protocol message (one round trip). */
  private async script(statements: string[]): Promise<pg.QueryResult[]> {
    try {
      const result = (await this.client.query(statements.join(';\n'))) as unknown as pg.QueryResult | pg.QueryResult[];
      return Array.isArray(result) ? result : [result];
    } catch (e) {
      // Outside any transaction's savepoint: the batch's transaction is lost.
      this.fail(e, true);
      throw e;
    }
  }

  /**
   * One statement for a transaction, with the error its caller sees (`refusal`). A failure inside
   * its savepoint is its own; outside any savepoint it fails the batch.
   */
  private async statement(run: Run, sql: string, params: unknown[] = [], refusal: (e: unknown) => unknown = (e) => e): Promise<Row[]> {
    this.guard(run);
    try {
      return (await this.client.query(sql, params)).rows as Row[];
    } catch (e) {
      const error = refusal(e);
      if (run.direct) run.refusal ??= { error };
      else if (this.open) this.fail(e, true);
      throw error;
    }
  }

  private lock(wanted?: readonly [string, string]): Promise<void> {
    this.locking ??= (async () => {
      const statements: string[] = [];
      const read = this.lockInto(statements, wanted);
      read(await this.script(statements));
    })();
    return this.locking;
  }

  /**
   * Turns a transaction direct: sends the rows waiting so far, opens its savepoint and sends its
   * own waiting rows inside it, all in one message (with the chain lock when not held yet).
   */
  private enterDirect(run: Run): Promise<void> {
    if (run.direct) return Promise.resolve();
    run.switching ??= (async () => {
      if (this.locking) await this.locking;
      this.guard(run);
      const { S } = this.settings;
      const statements: string[] = [];
      const read = this.locked ? undefined : this.lockInto(statements);
      statements.push(...this.pending.statements(S));
      if (this.savepointOpen) statements.push('RELEASE SAVEPOINT item');
      statements.push('SAVEPOINT item', ...run.pending.statements(S));
      const sent = this.script(statements).then((results) => read?.(results));
      // An operation asking for the lock meanwhile waits for this message instead of sending its own.
      if (read) this.locking = sent;
      await sent;
      this.pending.clear();
      run.pending.clear();
      this.savepointOpen = true;
      run.direct = true;
    })();
    return run.switching;
  }

  /** True when the transaction writes at once (a forced one turns direct at its first operation). */
  private async isDirect(run: Run): Promise<boolean> {
    if (run.forced || run.switching) await this.enterDirect(run);
    return run.direct;
  }

  private async counter(run: Run, kind: string, period: string): Promise<Counter> {
    this.settings.counterUsed(kind, period);
    if (!this.locked) await this.lock([kind, period]);
    const key = counterKey(kind, period);
    let reading = this.counterReads.get(key);
    if (!this.counters.has(key) && !reading) {
      const { S } = this.settings;
      reading = this.statement(run, `SELECT last FROM ${S}.counters WHERE kind = $1 AND period = $2`, [kind, period]).then((rows) => {
        const stored = rows[0] ? Number(rows[0].last) : 0;
        this.counters.set(key, { kind, period, stored, last: stored });
      });
      this.counterReads.set(key, reading);
      // A read refused inside a savepoint may be asked again by a later transaction.
      reading.catch(() => this.counterReads.delete(key));
    }
    if (reading) await reading;
    return this.counters.get(key)!;
  }

  private transaction(run: Run): StoreTransaction {
    const { S } = this.settings;
    const q = (sql: string, params?: unknown[], refusal?: (e: unknown) => unknown) => this.statement(run, sql, params, refusal);
    const taken = (refusal: () => unknown) => (e: unknown) => (pgCode(e) === '23505' ? refusal() : e);
    const direct = async () => {
      this.guard(run);
      await this.enterDirect(run);
    };
    return {
      nextSerial: async (kind, period) => {
        this.guard(run);
        await this.isDirect(run);
        const counter = await this.counter(run, kind, period);
        this.guard(run);
        // The batch holds the chain lock, and every writer of counters does: counting here is exact.
        counter.last += 1;
        return counter.last;
      },

      getDocument: async (id) => {
        this.guard(run);
        await this.isDirect(run);
        const body = run.pending.documentBody(id) ?? this.pending.documentBody(id);
        if (body !== undefined) return JSON.parse(body) as AftersalesDocument;
        return (await q(`SELECT body FROM ${S}.documents WHERE id = $1`, [id]))[0]?.body as AftersalesDocument | undefined;
      },

      insertDocument: async (doc) => {
        this.guard(run);
        const writeNow = await this.isDirect(run);
        const createdMs = instantMs(doc.createdAt);
        const nextDueMs = nextOpenDueMs(doc);
        const body = json(doc);
        if (!writeNow) {
          // What the unique constraints would refuse among the batch's own rows is refused here, at once.
          if (run.pending.holdsDocument(doc) || this.pending.holdsDocument(doc)) throw duplicateDocument(doc.kind, doc.number);
          if (run.pending.addDocument(doc, createdMs, nextDueMs, body)) return;
          await this.enterDirect(run);
        }
        await q(
          `INSERT INTO ${S}.documents (id, kind, number, status, created_at, created_ms, next_due_ms, revision, body)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::json)`,
          [doc.id, doc.kind, doc.number, doc.status, doc.createdAt, createdMs, nextDueMs, doc.revision, body],
          taken(() => duplicateDocument(doc.kind, doc.number)),
        );
      },

      updateDocument: async (doc, expectedRevision) => {
        await direct();
        const rows = await q(
          `UPDATE ${S}.documents SET kind = $1, number = $2, status = $3, next_due_ms = $4, revision = $5, body = $6::json
           WHERE id = $7 AND revision = $8 RETURNING id`,
          [doc.kind, doc.number, doc.status, nextOpenDueMs(doc), doc.revision, json(doc), doc.id, expectedRevision],
          taken(() => duplicateDocument(doc.kind, doc.number)),
        );
        if (rows.length === 1) return;
        const current = await q(`SELECT revision FROM ${S}.documents WHERE id = $1`, [doc.id]);
        if (current.length === 0) throw notFound('document', doc.id);
        throw revisionConflict(doc.id, expectedRevision, Number(current[0]!.revision));
      },

      appendAudit: async (event): Promise<AuditEvent> => {
        this.guard(run);
        const writeNow = await this.isDirect(run);
        if (!this.locked) await this.lock();
        this.guard(run);
        // The event's text comes from the walk that hashes it: serialised once, not twice.
        const { stored, contentJson } = chainAuditEventWithJson(this.tip.last, event);
        if (!writeNow) {
          if (run.pending.addAudit(stored.seq, event.documentId, stored.prevHash, stored.hash, contentJson)) {
            this.tip = { last: { seq: stored.seq, hash: stored.hash } };
            return stored;
          }
          await this.enterDirect(run);
        }
        await q(`INSERT INTO ${S}.audit_events (seq, document_id, prev_hash, hash, event) VALUES ($1, $2, $3, $4, $5::json)`, [
          stored.seq,
          event.documentId,
          stored.prevHash,
          stored.hash,
          contentJson,
        ]);
        this.tip = { last: { seq: stored.seq, hash: stored.hash } };
        return stored;
      },

      addInboxEntries: async (entries) => {
        if (entries.length === 0) return;
        this.guard(run);
        // Inbox rows go in under the batch's chain lock, so inbox writers commit in seq order (see the store's module comment).
        if (!(await this.isDirect(run))) {
          if (run.pending.addInbox(entries)) return;
          await this.enterDirect(run);
        }
        const params: unknown[] = [];
        const values = entries.map((e) => {
          params.push(e.department, e.documentId, e.kind, e.number, e.copyNumber, e.formVersion, e.at);
          const n = params.length;
          return `($${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
        });
        await q(`INSERT INTO ${S}.inbox (department, document_id, kind, number, copy_number, form_version, at) VALUES ${values.join(', ')}`, params);
      },

      findIdempotency: async (scope, key) => {
        this.guard(run);
        await this.isDirect(run);
        const waiting = run.pending.record(scope, key) ?? this.pending.record(scope, key);
        if (waiting) return waiting;
        const rows = await q(`SELECT * FROM ${S}.idempotency WHERE scope = $1 AND key = $2`, [scope, key]);
        return rows[0] ? idempotencyFromRow(rows[0]) : undefined;
      },

      saveIdempotency: async (r) => {
        this.guard(run);
        if (!(await this.isDirect(run))) {
          if (run.pending.record(r.scope, r.key) || this.pending.record(r.scope, r.key)) throw duplicateIdempotencyKey(r.scope, r.key);
          if (run.pending.addKey(r)) return;
          await this.enterDirect(run);
        }
        await q(
          `INSERT INTO ${S}.idempotency (scope, key, request_hash, document_id, created_at) VALUES ($1, $2, $3, $4, $5)`,
          [r.scope, r.key, r.requestHash, r.documentId, r.createdAt],
          taken(() => duplicateIdempotencyKey(r.scope, r.key)),
        );
      },

      enqueueOutbox: async (e: NewOutboxEntry) => {
        await direct();
        let rows: Row[];
        try {
          rows = await q(
            `INSERT INTO ${S}.outbox (document_id, operation, reference, payload, created_at, status, attempts, next_attempt_at, next_attempt_ms, updated_at)
             VALUES ($1, $2, $3, $4::json, $5, 'pending', 0, $5, $6, $5) RETURNING *`,
            [e.documentId, e.operation, e.reference, json(e.payload), e.createdAt, instantMs(e.createdAt)],
          );
        } catch (err) {
          if (pgCode(err) === '23505') throw duplicateWriteBack(e.operation, e.reference);
          throw err;
        }
        return outboxFromRow(rows[0]!);
      },

      supersedeOutbox: async (documentId: string, at: string) => {
        await direct();
        const rows = await q(
          `UPDATE ${S}.outbox SET status = 'superseded', lease_until_ms = NULL, updated_at = $1
           WHERE document_id = $2 AND status IN ('pending', 'failed', 'parked') RETURNING id`,
          [at, documentId],
        );
        return rows.length;
      },

      requeueOutbox: async (id: number, at: string) => {
        await direct();
        const rows = await q(
          `UPDATE ${S}.outbox SET status = 'pending', attempts = 0, next_attempt_at = $1, next_attempt_ms = $2, lease_until_ms = NULL, updated_at = $1
           WHERE id = $3 AND status IN ('parked', 'failed') RETURNING *`,
          [at, instantMs(at, '/at'), id],
        );
        return rows[0] ? outboxFromRow(rows[0]) : undefined;
      },

      saveFormVersion: async (v) => {
        await direct();
        await q(
          `INSERT INTO ${S}.form_versions (kind, version, definition, customisation, created_at, created_by) VALUES ($1, $2, $3::json, $4::json, $5, $6)`,
          [v.kind, v.version, json(v.definition), json(v.customisation), v.createdAt, v.createdBy],
          taken(() => duplicateFormVersion(v.kind, v.version)),
        );
      },

      putSetting: async (key, value) => {
        await direct();
        await q(`INSERT INTO ${S}.settings (key, value) VALUES ($1, $2::json) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [key, json(value)]);
      },
    };
  }
}
