/**
 * A DocumentStore kept in memory, for tests and demos. Transactions are serialised and undo
 * every change (counters included) when they throw.
 */
import { AftersalesError } from '../../domain/errors.js';
import { chainAuditEvent } from '../../domain/audit/chain.js';
import type { AftersalesDocument, AuditEvent, InboxEntry, Page } from '../../domain/document.js';
import type { DocumentQuery, DocumentStore, IdempotencyRecord, OutboxEntry, StoreTransaction, StoredFormVersion } from '../../domain/ports.js';
import type { FormKind } from '../../domain/vocabulary.js';
import { AsyncMutex } from './async-mutex.js';
import { duplicateWriteBack } from '../sqlite/store-shared.js';

interface StoredDocument {
  doc: AftersalesDocument;
  /** Insertion order, the key of list cursors. */
  position: number;
}

const DEFAULT_PAGE = 50;

function cursorAfter(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  const n = Number(cursor);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new AftersalesError({
      code: 'AFTERSALES.CURSOR_INVALID',
      type: 'invalid_data',
      pointer: '/cursor',
      message: { 'zh-CN': `游标“${cursor}”无效`, en: `Cursor "${cursor}" is not valid` },
    });
  }
  return n;
}

function revisionConflict(doc: AftersalesDocument, expected: number, actual: number | undefined): AftersalesError {
  return new AftersalesError({
    code: 'AFTERSALES.REVISION_CONFLICT',
    type: 'conflict',
    message: {
      'zh-CN': `单据 ${doc.number} 已被他人修改（版本 ${actual ?? '无'}，预期 ${expected}），请重新读取后再操作`,
      en: `Document ${doc.number} was changed by someone else (revision ${actual ?? 'none'}, expected ${expected}); reload and try again`,
    },
    details: { id: doc.id, expectedRevision: expected, revision: actual },
  });
}

function duplicate(what: string): AftersalesError {
  return new AftersalesError({
    code: 'AFTERSALES.DUPLICATE',
    type: 'conflict',
    message: { 'zh-CN': `${what} 已存在`, en: `${what} already exists` },
  });
}

/**
 * Builds an in-memory store.
 *
 * @example
 * const store = createMemoryStore();
 * const aftersales = createAftersales({ store });
 */
export function createMemoryStore(): DocumentStore {
  const docs = new Map<string, StoredDocument>();
  const byNumber = new Map<string, string>();
  const counters = new Map<string, number>();
  const audit: AuditEvent[] = [];
  const inbox: InboxEntry[] = [];
  const idempotency = new Map<string, IdempotencyRecord>();
  const outbox: OutboxEntry[] = [];
  const formVersions = new Map<FormKind, StoredFormVersion[]>();
  const settings = new Map<string, unknown>();
  let position = 0;
  let closed = false;
  const lock = new AsyncMutex();

  const assertOpen = () => {
    if (closed) {
      throw new AftersalesError({ code: 'AFTERSALES.STORE_CLOSED', type: 'unavailable', message: { 'zh-CN': '存储已关闭', en: 'The store is closed' } });
    }
  };
  const read = <T>(fn: () => T): Promise<T> =>
    lock.runExclusive(async () => {
      assertOpen();
      return structuredClone(fn());
    });

  function makeTransaction(undo: (() => void)[]): StoreTransaction {
    return {
      async nextSerial(kind, period) {
        const key = `${kind}|${period}`;
        const before = counters.get(key);
        const next = (before ?? 0) + 1;
        counters.set(key, next);
        undo.push(() => (before === undefined ? counters.delete(key) : counters.set(key, before)));
        return next;
      },
      async getDocument(id) {
        const s = docs.get(id);
        return s ? structuredClone(s.doc) : undefined;
      },
      async insertDocument(doc) {
        if (docs.has(doc.id)) throw duplicate(`document ${doc.id}`);
        const numberKey = `${doc.kind}|${doc.number}`;
        if (byNumber.has(numberKey)) throw duplicate(`${doc.kind} ${doc.number}`);
        docs.set(doc.id, { doc: structuredClone(doc), position: ++position });
        byNumber.set(numberKey, doc.id);
        undo.push(() => {
          docs.delete(doc.id);
          byNumber.delete(numberKey);
        });
      },
      async updateDocument(doc, expectedRevision) {
        const s = docs.get(doc.id);
        if (!s || s.doc.revision !== expectedRevision) throw revisionConflict(doc, expectedRevision, s?.doc.revision);
        const previous = s.doc;
        s.doc = structuredClone(doc);
        undo.push(() => {
          s.doc = previous;
        });
      },
      async appendAudit(event) {
        // One copy is kept; the caller gets its own event back with the chain fields added.
        const stored = chainAuditEvent(audit.at(-1), event);
        audit.push(structuredClone(stored));
        undo.push(() => audit.pop());
        return stored;
      },
      async addInboxEntries(entries) {
        for (const e of entries) inbox.push({ ...structuredClone(e), seq: (inbox.at(-1)?.seq ?? 0) + 1 });
        const n = entries.length;
        undo.push(() => inbox.splice(inbox.length - n, n));
      },
      async findIdempotency(scope, key) {
        const r = idempotency.get(`${scope}|${key}`);
        return r ? structuredClone(r) : undefined;
      },
      async saveIdempotency(record) {
        const key = `${record.scope}|${record.key}`;
        if (idempotency.has(key)) throw duplicate(`idempotency key ${record.key}`);
        idempotency.set(key, structuredClone(record));
        undo.push(() => idempotency.delete(key));
      },
      async enqueueOutbox(entry) {
        const stored: OutboxEntry = {
          ...structuredClone(entry),
          id: (outbox.at(-1)?.id ?? 0) + 1,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: entry.createdAt,
          updatedAt: entry.createdAt,
        };
        if (outbox.some((o) => o.operation === entry.operation && o.reference === entry.reference && o.status !== 'superseded')) {
          throw duplicateWriteBack(entry.operation, entry.reference);
        }
        outbox.push(stored);
        undo.push(() => outbox.pop());
        return structuredClone(stored);
      },
      async supersedeOutbox(documentId, at) {
        const undelivered = outbox.filter((o) => o.documentId === documentId && (o.status === 'pending' || o.status === 'failed' || o.status === 'parked'));
        for (const o of undelivered) {
          const before = { status: o.status, updatedAt: o.updatedAt };
          o.status = 'superseded';
          o.updatedAt = at;
          undo.push(() => Object.assign(o, before));
        }
        return undelivered.length;
      },
      async requeueOutbox(id, at) {
        const o = outbox.find((e) => e.id === id);
        if (!o || (o.status !== 'parked' && o.status !== 'failed')) return undefined;
        const before = { ...o };
        Object.assign(o, { status: 'pending', attempts: 0, nextAttemptAt: at, updatedAt: at });
        undo.push(() => Object.assign(o, before));
        return structuredClone(o);
      },
      async saveFormVersion(version) {
        const list = formVersions.get(version.kind) ?? [];
        if (list.some((v) => v.version === version.version)) throw duplicate(`${version.kind} version ${version.version}`);
        formVersions.set(version.kind, [...list, structuredClone(version)]);
        undo.push(() => formVersions.set(version.kind, list));
      },
      async putSetting(key, value) {
        const had = settings.has(key);
        const before = settings.get(key);
        settings.set(key, structuredClone(value));
        undo.push(() => (had ? settings.set(key, before) : settings.delete(key)));
      },
    };
  }

  return {
    transaction(fn) {
      return lock.runExclusive(async () => {
        assertOpen();
        const undo: (() => void)[] = [];
        try {
          return await fn(makeTransaction(undo));
        } catch (e) {
          for (const step of undo.reverse()) step();
          throw e;
        }
      });
    },
    getDocument: (id) => read(() => docs.get(id)?.doc),
    findIdempotency: (scope, key) => read(() => idempotency.get(`${scope}|${key}`)),
    findDocumentByNumber: (kind, number) =>
      read(() => {
        const id = byNumber.get(`${kind}|${number}`);
        return id ? docs.get(id)?.doc : undefined;
      }),
    listDocuments: (query: DocumentQuery) =>
      read((): Page<AftersalesDocument> => {
        const after = cursorAfter(query.cursor);
        const limit = Math.max(1, Math.min(query.limit ?? DEFAULT_PAGE, 500));
        const matching = [...docs.values()]
          .filter((s) => s.position > after)
          .filter((s) => !query.kind || s.doc.kind === query.kind)
          .filter((s) => !query.status || s.doc.status === query.status)
          .filter((s) => !query.overdueAt || s.doc.deadlines.some((d) => !d.metAt && d.dueAt < query.overdueAt!))
          .sort((a, b) => a.position - b.position);
        const items = matching.slice(0, limit);
        return {
          items: items.map((s) => s.doc),
          ...(matching.length > limit ? { nextCursor: String(items.at(-1)!.position) } : {}),
        };
      }),
    listAudit: (documentId) => read(() => audit.filter((e) => e.documentId === documentId)),
    readAuditChain: (afterSeq, limit) => read(() => audit.filter((e) => e.seq > afterSeq).slice(0, limit)),
    listInbox: (department, cursor, limit) =>
      read((): Page<InboxEntry> => {
        const after = cursorAfter(cursor);
        const items = inbox.filter((e) => e.department === department && e.seq > after).slice(0, Math.max(1, limit));
        return { items, ...(items.length ? { nextCursor: String(items.at(-1)!.seq) } : {}) };
      }),
    listFormVersions: (kind) => read(() => [...(formVersions.get(kind) ?? [])].sort((a, b) => a.version - b.version)),
    getFormVersion: (kind, version) => read(() => formVersions.get(kind)?.find((v) => v.version === version)),
    getSetting: <T>(key: string) => read(() => settings.get(key) as T | undefined),
    listOutbox: (filter) =>
      read(() =>
        outbox.filter(
          (o) =>
            (filter.id === undefined || o.id === filter.id) &&
            (!filter.documentId || o.documentId === filter.documentId) &&
            (!filter.status || o.status === filter.status) &&
            (!filter.operation || o.operation === filter.operation),
        ),
      ),
    claimOutbox: (now, limit, leaseMs) =>
      lock.runExclusive(async () => {
        assertOpen();
        const due = outbox.filter((o) => (o.status === 'pending' || o.status === 'failed') && o.nextAttemptAt <= now).slice(0, limit);
        const leaseUntil = new Date(Date.parse(now) + leaseMs).toISOString();
        for (const o of due) o.nextAttemptAt = leaseUntil;
        return structuredClone(due);
      }),
    settleOutbox: (id, outcome) =>
      lock.runExclusive(async () => {
        assertOpen();
        const o = outbox.find((x) => x.id === id);
        if (!o) throw new AftersalesError({ code: 'AFTERSALES.NOT_FOUND', type: 'not_found', message: { 'zh-CN': `回写记录 ${id} 不存在`, en: `No outbox entry ${id}` } });
        o.status = outcome.status;
        o.attempts = outcome.attempts;
        if (outcome.hostKey !== undefined) o.hostKey = outcome.hostKey;
        if (outcome.lastError !== undefined) o.lastError = outcome.lastError;
        if (outcome.nextAttemptAt !== undefined) o.nextAttemptAt = outcome.nextAttemptAt;
        o.updatedAt = new Date().toISOString();
      }),
    async close() {
      closed = true;
    },
  };
}
