/**
 * Rows a batch has written but not yet sent: documents, audit events, inbox copies and
 * idempotency keys, kept as SQL value lists in the order they were written, with what the
 * batch's own reads must see of them.
 */
import type { AftersalesDocument, InboxEntry } from '../../domain/document.js';
import type { IdempotencyRecord } from '../../domain/ports.js';
import { sqlRow } from './sql-literal.js';

// NUL never reaches these keys: a value holding one is sent as a parameter, not buffered.
const numberKey = (kind: string, number: string): string => `${kind}\0${number}`;
const recordKey = (scope: string, key: string): string => `${scope}\0${key}`;

/**
 * The unsent rows of one transaction or of the finished transactions of a batch. Every `add…`
 * returns false, and keeps nothing, when a value cannot travel as a literal; the caller then
 * writes the row at once with bound parameters.
 *
 * @example
 * const pending = new PendingWrites();
 * pending.addKey({ scope: 'create:complaint', key: 'ERP-REQ-7', requestHash: 'h', documentId: id, createdAt: now });
 * await client.query([...pending.statements('"aftersales"'), 'COMMIT'].join(';\n'));
 */
export class PendingWrites {
  private readonly documents: string[] = [];
  private readonly audit: string[] = [];
  private readonly inbox: string[] = [];
  private readonly keys: string[] = [];
  private readonly bodies = new Map<string, string>();
  private readonly numbers = new Set<string>();
  private readonly records = new Map<string, IdempotencyRecord>();

  /** True when nothing waits to be sent. */
  get empty(): boolean {
    return this.documents.length + this.audit.length + this.inbox.length + this.keys.length === 0;
  }

  /** The stored JSON of a document written here, by id. */
  documentBody(id: string): string | undefined {
    return this.bodies.get(id);
  }

  /** True when a document with this id, or this kind and number, is written here. */
  holdsDocument(doc: Pick<AftersalesDocument, 'id' | 'kind' | 'number'>): boolean {
    return this.bodies.has(doc.id) || this.numbers.has(numberKey(doc.kind, doc.number));
  }

  /** A copy of the idempotency record written here for the scope and key. */
  record(scope: string, key: string): IdempotencyRecord | undefined {
    const r = this.records.get(recordKey(scope, key));
    return r ? { ...r } : undefined;
  }

  /** A new document, with the derived columns its caller computed and its stored JSON. */
  addDocument(doc: AftersalesDocument, createdMs: number, nextDueMs: number | null, body: string): boolean {
    const row = sqlRow([doc.id, doc.kind, doc.number, doc.status, doc.createdAt, createdMs, nextDueMs, doc.revision, body]);
    if (row === undefined) return false;
    this.documents.push(row);
    this.bodies.set(doc.id, body);
    this.numbers.add(numberKey(doc.kind, doc.number));
    return true;
  }

  /** An audit event already chained (its seq and hashes assigned), with its stored JSON. */
  addAudit(seq: number, documentId: string, prevHash: string, hash: string, event: string): boolean {
    const row = sqlRow([seq, documentId, prevHash, hash, event]);
    if (row === undefined) return false;
    this.audit.push(row);
    return true;
  }

  /** Copies for departments' inboxes; their seq is assigned when they are sent. */
  addInbox(entries: readonly Omit<InboxEntry, 'seq'>[]): boolean {
    const rows: string[] = [];
    for (const e of entries) {
      const row = sqlRow([e.department, e.documentId, e.kind, e.number, e.copyNumber, e.formVersion, e.at]);
      if (row === undefined) return false;
      rows.push(row);
    }
    this.inbox.push(...rows);
    return true;
  }

  /** An idempotency record; the caller has checked that its scope and key are free here. */
  addKey(r: IdempotencyRecord): boolean {
    const row = sqlRow([r.scope, r.key, r.requestHash, r.documentId, r.createdAt]);
    if (row === undefined) return false;
    this.keys.push(row);
    this.records.set(recordKey(r.scope, r.key), { scope: r.scope, key: r.key, requestHash: r.requestHash, documentId: r.documentId, createdAt: r.createdAt });
    return true;
  }

  /** Takes over another's rows after its own, as a finished transaction joins its batch. */
  absorb(other: PendingWrites): void {
    if (other.empty) return;
    this.documents.push(...other.documents);
    this.audit.push(...other.audit);
    this.inbox.push(...other.inbox);
    this.keys.push(...other.keys);
    for (const [id, body] of other.bodies) this.bodies.set(id, body);
    for (const n of other.numbers) this.numbers.add(n);
    for (const [k, r] of other.records) this.records.set(k, r);
    other.clear();
  }

  /** One multi-row INSERT per table with rows; rows keep their order, so identity values follow it. */
  statements(S: string): string[] {
    const out: string[] = [];
    if (this.documents.length) {
      out.push(`INSERT INTO ${S}.documents (id, kind, number, status, created_at, created_ms, next_due_ms, revision, body) VALUES ${this.documents.join(', ')}`);
    }
    if (this.audit.length) out.push(`INSERT INTO ${S}.audit_events (seq, document_id, prev_hash, hash, event) VALUES ${this.audit.join(', ')}`);
    if (this.inbox.length) out.push(`INSERT INTO ${S}.inbox (department, document_id, kind, number, copy_number, form_version, at) VALUES ${this.inbox.join(', ')}`);
    if (this.keys.length) out.push(`INSERT INTO ${S}.idempotency (scope, key, request_hash, document_id, created_at) VALUES ${this.keys.join(', ')}`);
    return out;
  }

  /** Forgets every row (sent, or dropped with a failed transaction). */
  clear(): void {
    this.documents.length = 0;
    this.audit.length = 0;
    this.inbox.length = 0;
    this.keys.length = 0;
    this.bodies.clear();
    this.numbers.clear();
    this.records.clear();
  }
}
