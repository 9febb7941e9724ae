/**
 * The shapes every form shares: the stored document, its audit events, inbox entries, copies.
 */
import type { Localized } from './locale.js';
import type { Money } from './money.js';
import type { FormKind, Role } from './vocabulary.js';

/**
 * A link between documents: a re-filed complaint points at the original; a draft produced on
 * closing points at the complaint it came from.
 *
 * @example
 * const link: DocumentLink = { rel: 'refiles', id: '…', kind: 'complaint', number: '2611-003' };
 */
export interface DocumentLink {
  rel: 'refiles' | 'refiled-as' | 'derived-from' | 'derived';
  id: string;
  kind: FormKind;
  number: string;
}

/**
 * A deadline attached to a document, computed on the company's business calendar.
 *
 * @example
 * const d: Deadline = { name: 'complaint-close', dueAt: '2026-12-07T09:00:00.000Z', startedAt: '2026-11-24T01:00:00.000Z' };
 */
export interface Deadline {
  /** Stable name, e.g. `dispatch`, `on-site`, `qa-report`, `gm-consolidation`, `complaint-close`, `contract-expiry-notice`. */
  name: string;
  /** UTC instant the step is due. */
  dueAt: string;
  /** UTC instant the clock started. */
  startedAt: string;
  /** UTC instant the step was done; absent while open. */
  metAt?: string;
  /** The state or action that ends this deadline. */
  endsWith?: string;
}

/**
 * The approval the document's amount needs and what has been granted.
 *
 * @example
 * const a: ApprovalState = { amount: { amount: 500000, currency: 'CNY' }, requiredRole: 'vp' };
 */
export interface ApprovalState {
  /** The money the decision commits. */
  amount: Money;
  /** The lowest role in the chain whose limit covers the amount. */
  requiredRole?: Role;
  /** Set once approved; cleared when the amount changes afterwards. */
  approvedBy?: { actorId: string; role: Role; at: string; amount: Money };
}

/**
 * A record the host ERP holds from a write-back delivered before the document's amount changed:
 * the host was told the old figures and is not corrected by the engine.
 *
 * @example
 * const o: OutdatedHostRecord = { operation: 'create-customer-return', reference: '2611-004', hostKey: 'MAT-DN-RET-2026-00001', since: '2026-11-24T02:00:00.000Z', deliveredAmount: { amount: 60000, currency: 'CNY' }, currentAmount: { amount: 45000, currency: 'CNY' } };
 */
export interface OutdatedHostRecord {
  /** The write-back that created it (an `OutboxOperation`). */
  operation: string;
  /** Our reference the host stores with it. */
  reference: string;
  /** The host's key of the record. */
  hostKey?: string;
  /** UTC instant the amount changed after delivery. */
  since: string;
  /** The approved amount the record was written from. */
  deliveredAmount?: Money;
  /** The amount the document commits now. */
  currentAmount: Money;
}

/**
 * A stored document of one of the five forms.
 *
 * @example
 * const doc: AftersalesDocument = await aftersales.documents.get(id);
 * doc.number; // '2611-007'
 */
export interface AftersalesDocument {
  id: string;
  kind: FormKind;
  /** Business number, e.g. `2611-007` (year, month, serial in the company's time zone). */
  number: string;
  status: string;
  /** The form definition version the document was created with and keeps. */
  formVersion: number;
  /** The form's fields, valid against that version's schema. */
  data: Record<string, unknown>;
  approval?: ApprovalState;
  links: DocumentLink[];
  deadlines: Deadline[];
  /** Host records written from figures that have since changed; someone must correct them in the host. */
  outdatedHostRecords?: OutdatedHostRecord[];
  /** Optimistic-concurrency counter, +1 on every change. */
  revision: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
}

/**
 * One field changed by an action.
 *
 * @example
 * const c: FieldChange = { pointer: '/decision/amount', before: 50000, after: 60000 };
 */
export interface FieldChange {
  pointer: string;
  before?: unknown;
  after?: unknown;
}

/**
 * An audit event as the domain produces it, before the store chains it.
 *
 * @example
 * const e: NewAuditEvent = { documentId: id, at: now, actorId: 'u1', actorRoles: ['sales'], action: 'create', from: null, to: 'draft', changes: [] };
 */
export interface NewAuditEvent {
  documentId: string;
  at: string;
  actorId: string;
  actorRoles: Role[];
  action: string;
  from: string | null;
  to: string;
  changes: FieldChange[];
  note?: string;
}

/**
 * An audit event as stored: numbered and hash-chained to the one before it.
 *
 * @example
 * const events: AuditEvent[] = await aftersales.documents.audit(id);
 */
export interface AuditEvent extends NewAuditEvent {
  /** Global position in the chain, from 1, without gaps. */
  seq: number;
  prevHash: string;
  hash: string;
}

/**
 * Where a copy goes when: each route puts one inbox entry in a department's inbox when the
 * document reaches the state (e.g. return slip copy 3: warehouse on approval, accounting on receipt).
 *
 * @example
 * const r: CopyRoute = { onState: 'closed', department: 'accounting' };
 */
export interface CopyRoute {
  onState: string;
  /** A department id, or `{ field }` to take it from the document (the penalised department). */
  department: string | { field: string };
}

/**
 * One of the N copies a form is printed as (一式N联).
 *
 * @example
 * const copy4: CopyDefinition = {
 *   number: 4, department: 'accounting',
 *   label: { 'zh-CN': '第四联 会计科存', en: 'Copy 4 — Accounting' },
 *   routes: [{ onState: 'closed', department: 'accounting' }],
 * };
 */
export interface CopyDefinition {
  number: number;
  /** The department that keeps this copy, or `{ field }` to read it from the document. */
  department: string | { field: string };
  label: Localized;
  routes: CopyRoute[];
  /** JSON pointers of fields left off this copy (e.g. prices on the warehouse copy). */
  hiddenFields?: string[];
}

/**
 * An entry in a department's inbox: one copy of one document.
 *
 * @example
 * const page = await aftersales.inbox.list('accounting');
 * page.items[0].copyNumber; // 4
 */
export interface InboxEntry {
  /** Monotonic position; the cursor is built from it. */
  seq: number;
  department: string;
  documentId: string;
  kind: FormKind;
  number: string;
  copyNumber: number;
  formVersion: number;
  at: string;
}

/**
 * A page of results with the cursor to resume after the last item.
 *
 * @example
 * let page = await aftersales.inbox.list('accounting');
 * while (page.nextCursor) page = await aftersales.inbox.list('accounting', page.nextCursor);
 */
export interface Page<T> {
  items: T[];
  /** Opaque; absent when there is nothing more now. */
  nextCursor?: string;
}
