/**
 * Rows of the PostgreSQL store's tables as the domain sees them, and the driver errors the
 * store tells apart.
 */
import type { AuditEvent, NewAuditEvent } from '../../domain/document.js';
import type { OutboxEntry, StoredFormVersion } from '../../domain/ports.js';
import type { FormKind } from '../../domain/vocabulary.js';
import { idempotencyFromRow, inboxEntryFromRow as inboxFromRow, outboxEntryFromRow } from '../sqlite/store-shared.js';

export { idempotencyFromRow, inboxFromRow };

/**
 * One row as node-postgres returns it.
 *
 * @example
 * const row: Row = { seq: '7', hash: 'ab12…' };
 */
export type Row = Record<string, unknown>;

/**
 * The text a `json` column stores for a value (`null` for undefined).
 *
 * @example
 * json({ a: 1 }); // '{"a":1}'
 */
export const json = (value: unknown): string => JSON.stringify(value === undefined ? null : value);

/**
 * The SQLSTATE of a PostgreSQL error (or the errno code of a socket error), if any.
 *
 * @example
 * pgCode(uniqueViolation); // '23505'
 */
export function pgCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Serialization failures and deadlocks: PostgreSQL asks for the transaction to be run again.
 *
 * @example
 * if (isRetryable(e)) retryLater();
 */
export function isRetryable(e: unknown): boolean {
  const code = pgCode(e);
  return code === '40001' || code === '40P01';
}

/**
 * Connection failures, server shutdown and resource exhaustion: the store is unavailable, not
 * the request wrong.
 *
 * @example
 * isUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })); // true
 */
export function isUnavailable(e: unknown): boolean {
  const code = pgCode(e);
  if (code && /^(08|53|57)/.test(code)) return true;
  if (code && /^E[A-Z]+$/.test(code)) return true; // ECONNREFUSED, ETIMEDOUT, ENOTFOUND…
  return e instanceof Error && /Connection terminated|connection timeout|not queryable|Client was closed/i.test(e.message);
}

/**
 * PostgreSQL answered a statement with an error (not a fatal one): the transaction it was in is
 * aborted, and statements after it in the same message, COMMIT included, were not run.
 *
 * @example
 * refusedByPostgres(uniqueViolation); // true
 * refusedByPostgres(new Error('Connection terminated unexpectedly')); // false
 */
export function refusedByPostgres(e: unknown): boolean {
  const code = pgCode(e);
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code) && (e as { severity?: unknown }).severity === 'ERROR' && !isUnavailable(e);
}

/**
 * An audit event from its row.
 *
 * @example
 * const event = auditFromRow((await pool.query('SELECT * FROM aftersales.audit_events WHERE seq = 1')).rows[0]);
 */
export function auditFromRow(row: Row): AuditEvent {
  const content = (typeof row.event === 'string' ? JSON.parse(row.event) : row.event) as NewAuditEvent;
  return { ...content, seq: Number(row.seq), prevHash: row.prev_hash as string, hash: row.hash as string };
}

/**
 * An outbox entry from its row (node-postgres decodes the `json` payload).
 *
 * @example
 * const entry = outboxFromRow(rows[0]);
 */
export function outboxFromRow(row: Row): OutboxEntry {
  return outboxEntryFromRow(row, row.payload);
}

/**
 * A stored form version from its row.
 *
 * @example
 * const versions = rows.map(formVersionFromRow);
 */
export function formVersionFromRow(row: Row): StoredFormVersion {
  return {
    kind: row.kind as FormKind,
    version: Number(row.version),
    definition: row.definition,
    customisation: row.customisation,
    createdAt: row.created_at as string,
    createdBy: row.created_by as string,
  };
}

