/**
 * What the SQL stores (SQLite and PostgreSQL) share: cursors, the next open deadline of a
 * document, page sizes, and the errors they raise. No driver code here.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { AftersalesError } from '../../domain/errors.js';
import type { AftersalesDocument, InboxEntry } from '../../domain/document.js';
import type { IdempotencyRecord, OutboxEntry } from '../../domain/ports.js';
import type { FormKind } from '../../domain/vocabulary.js';

/**
 * Page size when the caller gives none.
 *
 * @example
 * store.listDocuments({}); // at most DEFAULT_PAGE_SIZE documents
 */
export const DEFAULT_PAGE_SIZE = 50;

/**
 * The most one page may hold, whatever the caller asks for.
 *
 * @example
 * pageSize(1_000_000); // MAX_PAGE_SIZE
 */
export const MAX_PAGE_SIZE = 1000;

/**
 * A page size within 1..{@link MAX_PAGE_SIZE}.
 *
 * @example
 * pageSize(undefined); // 50
 */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(limit)));
}

/**
 * The cursor a caller sent is not one we made.
 *
 * @example
 * throw invalidCursor();
 */
export function invalidCursor(): AftersalesError {
  return new AftersalesError({
    code: 'AFTERSALES.CURSOR_INVALID',
    type: 'invalid_data',
    pointer: '/cursor',
    message: { 'zh-CN': '分页游标无效', en: 'The cursor is not valid' },
  });
}

/**
 * The inbox cursor: the position of the last entry seen, made opaque.
 *
 * @example
 * decodeInboxCursor(encodeInboxCursor(42)); // 42
 */
export function encodeInboxCursor(seq: number): string {
  return Buffer.from(`i1:${seq}`).toString('base64url');
}

/**
 * Reads an inbox cursor; `undefined` means from the start.
 *
 * @example
 * decodeInboxCursor(undefined); // 0
 */
export function decodeInboxCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  const m = /^i1:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw invalidCursor();
  return Number(m[1]);
}

/** Where a document listing stopped: the creation instant and insertion position of the last document. */
export interface DocumentCursor {
  createdMs: number;
  position: number;
}

/**
 * The document listing cursor, made opaque.
 *
 * @example
 * encodeDocumentCursor({ createdMs: 1764000000000, position: 7 });
 */
export function encodeDocumentCursor(c: DocumentCursor): string {
  return Buffer.from(`d1:${c.createdMs}:${c.position}`).toString('base64url');
}

/**
 * Reads a document listing cursor; `undefined` means from the start.
 *
 * @example
 * decodeDocumentCursor(encodeDocumentCursor({ createdMs: 1, position: 2 })); // { createdMs: 1, position: 2 }
 */
export function decodeDocumentCursor(cursor: string | undefined): DocumentCursor | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const m = /^d1:(-?\d{1,16}):(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw invalidCursor();
  return { createdMs: Number(m[1]), position: Number(m[2]) };
}

/**
 * Milliseconds since the epoch of an ISO instant, so instants written with or without
 * milliseconds or offsets compare correctly.
 *
 * @example
 * instantMs('2026-11-23T02:00:00Z'); // 1795399200000
 */
export function instantMs(iso: string, pointer = '/createdAt'): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) {
    throw new AftersalesError({
      code: 'AFTERSALES.INSTANT_INVALID',
      type: 'invalid_data',
      pointer,
      message: { 'zh-CN': `时间“${iso}”无效`, en: `"${iso}" is not a valid instant` },
    });
  }
  return ms;
}

/**
 * The earliest due instant among the document's open deadlines (no `metAt`), or null: what
 * the overdue filter compares with.
 *
 * @example
 * nextOpenDueMs({ deadlines: [{ name: 'qa-report', dueAt: '2026-11-26T09:00:00Z', startedAt: '…' }] }); // 1795683600000
 */
export function nextOpenDueMs(doc: Pick<AftersalesDocument, 'deadlines'>): number | null {
  let next: number | null = null;
  (doc.deadlines ?? []).forEach((d, i) => {
    if (d.metAt !== undefined && d.metAt !== null) return;
    const ms = instantMs(d.dueAt, `/deadlines/${i}/dueAt`);
    if (next === null || ms < next) next = ms;
  });
  return next;
}

/**
 * Someone else changed the document since it was read.
 *
 * @example
 * throw revisionConflict(doc.id, 3, 4);
 */
export function revisionConflict(id: string, expected: number, actual: number | undefined): AftersalesError {
  return new AftersalesError({
    code: 'AFTERSALES.REVISION_CONFLICT',
    type: 'conflict',
    pointer: '/revision',
    message: {
      'zh-CN': `单据“${id}”已被他人修改（期望版本 ${expected}，当前 ${actual ?? '无'}），请刷新后重试`,
      en: `Document "${id}" was changed by someone else (expected revision ${expected}, found ${actual ?? 'none'}); reload and try again`,
    },
    details: { id, expectedRevision: expected, actualRevision: actual ?? null },
  });
}

/**
 * A document with this id, or this number for its kind, is already stored.
 *
 * @example
 * throw duplicateDocument('complaint', '2611-007');
 */
export function duplicateDocument(kind: string, number: string): AftersalesError {
  return new AftersalesError({
    code: 'AFTERSALES.DUPLICATE_DOCUMENT',
    type: 'conflict',
    pointer: '/number',
    message: { 'zh-CN': `单据编号“${number}”（${kind}）已存在`, en: `A ${kind} numbered "${number}" (or with this id) already exists` },
    details: { kind, number },
  });
}

/**
 * An idempotency key was already recorded in this scope.
 *
 * @example
 * throw duplicateIdempotencyKey('create:complaint', 'k-1');
 */
export function duplicateIdempotencyKey(scope: string, key: string): AftersalesError {
  return new AftersalesError({
    code: 'AFTERSALES.IDEMPOTENCY_KEY_TAKEN',
    type: 'conflict',
    pointer: '/idempotencyKey',
    message: { 'zh-CN': `幂等键“${key}”已被使用`, en: `Idempotency key "${key}" was already used` },
    details: { scope, key },
  });
}

/**
 * A write-back for the same host record is already queued or delivered (and not superseded):
 * sending it twice could create the record twice in the host.
 *
 * @example
 * throw duplicateWriteBack('create-customer-return', '2611-004');
 */
export function duplicateWriteBack(operation: string, reference: string): AftersalesError {
  return new AftersalesError({
    code: 'AFTERSALES.DUPLICATE',
    type: 'conflict',
    message: { 'zh-CN': `回写 ${operation} ${reference} 已存在`, en: `write-back ${operation} ${reference} already exists` },
    details: { operation, reference },
  });
}

/**
 * This form definition version is already stored.
 *
 * @example
 * throw duplicateFormVersion('complaint', 2);
 */
export function duplicateFormVersion(kind: string, version: number): AftersalesError {
  return new AftersalesError({
    code: 'AFTERSALES.FORM_VERSION_EXISTS',
    type: 'conflict',
    pointer: '/version',
    message: { 'zh-CN': `表单“${kind}”的第 ${version} 版已存在`, en: `Version ${version} of form "${kind}" already exists` },
    details: { kind, version },
  });
}

/**
 * A transaction object was used after its transaction ended: a programming error that would
 * otherwise write outside any transaction.
 *
 * @example
 * throw transactionFinished();
 */
export function transactionFinished(): AftersalesError {
  return new AftersalesError({
    code: 'AFTERSALES.TRANSACTION_FINISHED',
    type: 'unavailable',
    message: { 'zh-CN': '事务已结束，不能再使用', en: 'The transaction has ended and cannot be used any more' },
  });
}

/**
 * The store cannot be reached or stays locked by another process past the wait allowed: worth
 * retrying later, not the caller's fault.
 *
 * @example
 * throw storeUnavailable(err);
 */
export function storeUnavailable(cause: unknown, detail = ''): AftersalesError {
  return new AftersalesError({
    code: 'AFTERSALES.STORE_UNAVAILABLE',
    type: 'unavailable',
    message: {
      'zh-CN': '数据库暂时不可用，请稍后重试' + (detail ? `（${detail}）` : ''),
      en: 'The database is not available; try again later' + (detail ? ` (${detail})` : ''),
    },
    cause,
  });
}

/**
 * Knows whether the running code is inside one of a store's transactions, so a nested
 * `store.transaction` fails at once instead of waiting for the outer one forever (SQLite) or
 * running outside it (PostgreSQL).
 *
 * @example
 * const scope = new TransactionScope();
 * await scope.run(() => work()); // scope.assertOutside() throws inside work()
 */
export class TransactionScope {
  private readonly storage = new AsyncLocalStorage<{ open: boolean }>();

  /** Runs `fn` marked as inside a transaction until it settles. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const mark = { open: true };
    try {
      return await this.storage.run(mark, fn);
    } finally {
      // Work the transaction started but did not await may run later, outside it.
      mark.open = false;
    }
  }

  /** True when called from inside a transaction still open. */
  isInside(): boolean {
    return this.storage.getStore()?.open === true;
  }

  /** Throws when called from inside a transaction still open. */
  assertOutside(): void {
    if (this.isInside()) {
      throw new Error('store.transaction was called inside another transaction of the same store; use the transaction object (tx) passed to the outer one');
    }
  }
}

/**
 * The store was closed; nothing more can be read or written through it.
 *
 * @example
 * throw storeClosed();
 */
export function storeClosed(): AftersalesError {
  return new AftersalesError({
    code: 'AFTERSALES.STORE_CLOSED',
    type: 'unavailable',
    message: { 'zh-CN': '存储已关闭', en: 'The store has been closed' },
  });
}

/** A row as the SQL drivers return it. */
type StoredRow = Record<string, unknown>;

/**
 * An inbox entry from its row, in either SQL store.
 *
 * @example
 * const entries = rows.map(inboxEntryFromRow);
 */
export function inboxEntryFromRow(row: StoredRow): InboxEntry {
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

/**
 * An outbox entry from its row and its decoded payload (SQLite keeps JSON as text, PostgreSQL
 * decodes it); optional columns that are NULL are left out.
 *
 * @example
 * const entry = outboxEntryFromRow(row, JSON.parse(row.payload as string));
 */
export function outboxEntryFromRow(row: StoredRow, payload: unknown): OutboxEntry {
  const entry: OutboxEntry = {
    id: Number(row.id),
    documentId: row.document_id as string,
    operation: row.operation as OutboxEntry['operation'],
    reference: row.reference as string,
    payload: payload as Record<string, unknown>,
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

/**
 * An idempotency record from its row, in either SQL store.
 *
 * @example
 * const found = row ? idempotencyFromRow(row) : undefined;
 */
export function idempotencyFromRow(row: StoredRow): IdempotencyRecord {
  return {
    scope: row.scope as string,
    key: row.key as string,
    requestHash: row.request_hash as string,
    documentId: row.document_id as string,
    createdAt: row.created_at as string,
  };
}
