/**
 * The ports the domain needs from the outside world. Adapters in `src/adapters/<kind>/`
 * implement them; the domain never imports an adapter.
 */
import type { AftersalesDocument, AuditEvent, InboxEntry, NewAuditEvent, Page } from './document.js';
import type { Money } from './money.js';
import type { FormKind } from './vocabulary.js';

// ───────────────────────────── store ─────────────────────────────

/**
 * Filters for {@link DocumentStore.listDocuments}.
 *
 * @example
 * const q: DocumentQuery = { kind: 'complaint', status: 'closed', limit: 50 };
 */
export interface DocumentQuery {
  kind?: FormKind;
  status?: string;
  /** Only documents with an open deadline due before this UTC instant. */
  overdueAt?: string;
  cursor?: string;
  limit?: number;
}

/**
 * A stored answer to an `Idempotency-Key`: the same key and body replays the first result.
 *
 * @example
 * const r: IdempotencyRecord = { scope: 'create:complaint', key: 'k-1', requestHash: 'sha256…', documentId: id, createdAt: now };
 */
export interface IdempotencyRecord {
  scope: string;
  key: string;
  /** Hash of the request body; the same key with another body is a conflict. */
  requestHash: string;
  documentId: string;
  createdAt: string;
}

/**
 * One stored version of a form definition (the admin's customisation and the effective definition).
 *
 * @example
 * const v: StoredFormVersion = { kind: 'complaint', version: 2, definition: {…}, customisation: {…}, createdAt: now, createdBy: 'admin' };
 */
export interface StoredFormVersion {
  kind: FormKind;
  version: number;
  /** The effective definition (JSON-serialisable). */
  definition: unknown;
  /** The customisation that produced it, for audit and re-application. */
  customisation: unknown;
  createdAt: string;
  createdBy: string;
}

/** What a write-back asks of the host ERP. */
export type OutboxOperation = 'create-customer-return' | 'create-credit-memo-request' | 'post-penalty-deduction';

/**
 * A write-back to the host ERP recorded in the same transaction as the state change causing it.
 *
 * @example
 * const e: NewOutboxEntry = { documentId: id, operation: 'create-customer-return', reference: 'RS-2611-004', payload: {…}, createdAt: now };
 */
export interface NewOutboxEntry {
  documentId: string;
  operation: OutboxOperation;
  /** Our idempotency reference (the document number); the host never gets two records for it. */
  reference: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

/**
 * A write-back and its delivery state.
 *
 * @example
 * const entries = await store.listOutbox({ documentId: id });
 * entries[0].status; // 'delivered'
 */
export interface OutboxEntry extends NewOutboxEntry {
  id: number;
  /**
   * `superseded`: never to be sent, because the document's amount changed before delivery and
   * the write-back was replaced by one with the re-approved figures.
   */
  status: 'pending' | 'delivered' | 'failed' | 'parked' | 'superseded';
  attempts: number;
  /** UTC instant of the next attempt while pending or failed. */
  nextAttemptAt: string;
  /** The host's key of the created record once delivered. */
  hostKey?: string;
  /** The host's last error message. */
  lastError?: string;
  updatedAt: string;
}

/**
 * The operations that must happen together in one transaction.
 *
 * @example
 * await store.transaction(async (tx) => {
 *   const serial = await tx.nextSerial('complaint', '2611');
 *   await tx.insertDocument(doc);
 *   await tx.appendAudit(event);
 * });
 */
export interface StoreTransaction {
  /**
   * The next serial for a form kind in a period (e.g. `2611`), from 1, atomically: no gaps, no
   * duplicates across processes; rolled back with the transaction.
   */
  nextSerial(kind: FormKind, period: string): Promise<number>;
  getDocument(id: string): Promise<AftersalesDocument | undefined>;
  insertDocument(doc: AftersalesDocument): Promise<void>;
  /** Replaces the document if its stored revision is `expectedRevision`; otherwise a conflict error. */
  updateDocument(doc: AftersalesDocument, expectedRevision: number): Promise<void>;
  /** Appends to the hash chain (seq, prevHash and hash assigned here). */
  appendAudit(event: NewAuditEvent): Promise<AuditEvent>;
  addInboxEntries(entries: Omit<InboxEntry, 'seq'>[]): Promise<void>;
  findIdempotency(scope: string, key: string): Promise<IdempotencyRecord | undefined>;
  saveIdempotency(record: IdempotencyRecord): Promise<void>;
  /** Records a write-back; an undelivered entry with the same operation and reference must have been superseded first. */
  enqueueOutbox(entry: NewOutboxEntry): Promise<OutboxEntry>;
  /**
   * Marks the document's undelivered write-backs (`pending`, `failed`, `parked`) `superseded` at
   * `at`, so they are never sent; delivered ones stay as they are. Returns how many were marked.
   *
   * @example
   * await store.transaction((tx) => tx.supersedeOutbox(doc.id, now)); // 1
   */
  supersedeOutbox(documentId: string, at: string): Promise<number>;
  /**
   * Sends a `parked` or `failed` write-back back for delivery: `pending`, no attempts, due at
   * `at`, its last error kept. Gives the entry as it is now, or undefined when it is in another
   * status (delivered, superseded, or retried by someone else meanwhile) or does not exist.
   *
   * @example
   * await store.transaction((tx) => tx.requeueOutbox(7, now)); // { id: 7, status: 'pending', attempts: 0, … }
   */
  requeueOutbox(id: number, at: string): Promise<OutboxEntry | undefined>;
  saveFormVersion(version: StoredFormVersion): Promise<void>;
  putSetting(key: string, value: unknown): Promise<void>;
}

/**
 * Where documents, form versions, audit events, counters, idempotency keys, inboxes and the
 * outbox live. Implemented by the `memory`, `sqlite` and `postgres` adapters, which all pass
 * the same contract suite.
 *
 * @example
 * const store: DocumentStore = createSqliteStore({ file: './data/aftersales.db' });
 * const doc = await store.getDocument(id);
 */
export interface DocumentStore {
  /** Runs `fn` in one transaction: all of it is stored, or none of it. */
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  getDocument(id: string): Promise<AftersalesDocument | undefined>;
  findDocumentByNumber(kind: FormKind, number: string): Promise<AftersalesDocument | undefined>;
  /**
   * The committed idempotency record for a scope and key, read outside any transaction: the
   * engine's look before a create, which must not wait behind (or hold) the writers' lock.
   * Optional for stores of one's own: without it the engine looks inside a transaction.
   */
  findIdempotency?(scope: string, key: string): Promise<IdempotencyRecord | undefined>;
  listDocuments(query: DocumentQuery): Promise<Page<AftersalesDocument>>;
  listAudit(documentId: string): Promise<AuditEvent[]>;
  /** The whole chain in `seq` order, in pages, for verification. */
  readAuditChain(afterSeq: number, limit: number): Promise<AuditEvent[]>;
  listInbox(department: string, cursor: string | undefined, limit: number): Promise<Page<InboxEntry>>;
  listFormVersions(kind: FormKind): Promise<StoredFormVersion[]>;
  getFormVersion(kind: FormKind, version: number): Promise<StoredFormVersion | undefined>;
  getSetting<T = unknown>(key: string): Promise<T | undefined>;
  /**
   * Write-backs in `id` order; `id` picks one (an admin retrying it) without reading the others,
   * `operation` one kind of host record (a person's other payroll deductions).
   */
  listOutbox(filter: { id?: number; documentId?: string; status?: OutboxEntry['status']; operation?: OutboxEntry['operation'] }): Promise<OutboxEntry[]>;
  /** Takes up to `limit` entries due at `now` for delivery, leasing them so another worker does not. */
  claimOutbox(now: string, limit: number, leaseMs: number): Promise<OutboxEntry[]>;
  /** Records the outcome of one delivery attempt. */
  settleOutbox(id: number, outcome: { status: OutboxEntry['status']; hostKey?: string; lastError?: string; nextAttemptAt?: string; attempts: number }): Promise<void>;
  close(): Promise<void>;
}

// ───────────────────────────── host ERP ─────────────────────────────

/**
 * A customer as the host ERP knows it.
 *
 * @example
 * const c: ErpCustomer = { id: '10100001', name: '华东机电有限公司', country: 'CN', region: 'JS' };
 */
export interface ErpCustomer {
  id: string;
  name: string;
  country?: string;
  region?: string;
  phone?: string;
  address?: string;
}

/**
 * A sales order item.
 *
 * @example
 * const i: ErpSalesOrderItem = { itemNumber: '10', product: 'PUMP-200', description: '离心泵', quantity: 100, unit: 'PC', netAmount: { amount: 1_200_000, currency: 'CNY' } };
 */
export interface ErpSalesOrderItem {
  itemNumber: string;
  product: string;
  description?: string;
  quantity: number;
  unit?: string;
  netAmount?: Money;
  /** Over-delivery tolerance ratio agreed for this item (e.g. 0.05), when the host has one. */
  overDeliveryTolerance?: number;
}

/**
 * A sales order with its items.
 *
 * @example
 * const o = await erp.getSalesOrder('1000123');
 * o?.items.length;
 */
export interface ErpSalesOrder {
  orderNumber: string;
  customerId: string;
  customerName?: string;
  /** ISO date the goods were shipped (or requested delivery date when not shipped). */
  shipDate?: string;
  currency?: string;
  items: ErpSalesOrderItem[];
}

/**
 * A product master record.
 *
 * @example
 * const p: ErpProduct = { id: 'PUMP-200', description: '离心泵 200 型' };
 */
export interface ErpProduct {
  id: string;
  description?: string;
  unit?: string;
}

/**
 * An invoice.
 *
 * @example
 * const inv: ErpInvoice = { id: '90000001', customerId: '10100001', date: '2026-10-02', total: { amount: 1_200_000, currency: 'CNY' } };
 */
export interface ErpInvoice {
  id: string;
  customerId: string;
  date?: string;
  total?: Money;
}

/**
 * What the host knows of a serial number's warranty and maintenance contract.
 *
 * @example
 * const e: ServiceEntitlement = { serialNumber: 'SN-001', warrantyUntil: '2027-05-01' };
 */
export interface ServiceEntitlement {
  serialNumber: string;
  /** ISO date the warranty ends (inclusive). */
  warrantyUntil?: string;
  contractId?: string;
  /** ISO date the maintenance contract ends (inclusive). */
  contractUntil?: string;
}

/**
 * A write-back: the customer return for a return slip.
 *
 * @example
 * const r: CustomerReturnRequest = { reference: '2611-004', customerId: '10100001', salesOrder: '1000123', reason: '质量问题', items: [{ product: 'PUMP-200', quantity: 5 }] };
 */
export interface CustomerReturnRequest {
  /** Our document number: the idempotency reference the host stores. */
  reference: string;
  customerId: string;
  salesOrder?: string;
  reason?: string;
  items: { product: string; quantity: number; unit?: string; salesOrderItem?: string }[];
}

/**
 * A write-back: the credit memo request for an allowance certificate.
 *
 * @example
 * const r: CreditMemoRequest = { reference: '2611-002', customerId: '10100001', amount: { amount: 300000, currency: 'CNY' } };
 */
export interface CreditMemoRequest {
  reference: string;
  customerId: string;
  salesOrder?: string;
  invoice?: string;
  reason?: string;
  amount: Money;
}

/**
 * A write-back: the payroll deduction for one person of a penalty notice.
 *
 * @example
 * const r: PenaltyDeductionRequest = { reference: '2611-001/E1001/2026-11', employeeId: 'E1001', period: '2026-11', amount: { amount: 60000, currency: 'CNY' } };
 */
export interface PenaltyDeductionRequest {
  reference: string;
  employeeId: string;
  /** Payroll month, `YYYY-MM`. */
  period: string;
  amount: Money;
  reason?: string;
  /** `administrative` for a warning's or demerit's deduction, `economic` (the default) for a share of a loss. */
  kind?: 'economic' | 'administrative';
}

/**
 * The host's answer to a write-back.
 *
 * @example
 * const r: ErpWriteResult = { hostKey: '60000001', alreadyExisted: false };
 */
export interface ErpWriteResult {
  /** The host's key of the record (e.g. SAP's CustomerReturn number). */
  hostKey: string;
  /** True when the host already had a record with our reference (a retry after a lost answer). */
  alreadyExisted: boolean;
}

/**
 * The host ERP: master data to fill and check forms, and write-backs of decisions. Chosen by
 * configuration: `{ kind: 'odata', version: 2 | 4, … }`, `{ kind: 'rest', … }` or `{ kind: 'none' }`.
 *
 * @example
 * const order = await erp.getSalesOrder('1000123');
 * if (!order) throw notFound('document', '1000123');
 */
export interface ErpGateway {
  readonly kind: string;
  getCustomer(id: string): Promise<ErpCustomer | undefined>;
  getSalesOrder(orderNumber: string): Promise<ErpSalesOrder | undefined>;
  getProduct(id: string): Promise<ErpProduct | undefined>;
  getInvoice(id: string): Promise<ErpInvoice | undefined>;
  getServiceEntitlement(serialNumber: string): Promise<ServiceEntitlement | undefined>;
  createCustomerReturn(req: CustomerReturnRequest): Promise<ErpWriteResult>;
  createCreditMemoRequest(req: CreditMemoRequest): Promise<ErpWriteResult>;
  postPenaltyDeduction(req: PenaltyDeductionRequest): Promise<ErpWriteResult>;
}

// ───────────────────────────── time, ids, logs ─────────────────────────────

/**
 * The clock, injectable so deadlines and numbering can be tested at any date.
 *
 * @example
 * const fixed: Clock = { now: () => new Date('2026-11-23T02:00:00Z') };
 */
export interface Clock {
  now(): Date;
}

/**
 * Structured logging; pino and fastify's logger fit.
 *
 * @example
 * logger.warn({ documentId }, 'outbox delivery failed');
 */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

// ───────────────────────────── printing ─────────────────────────────

/**
 * One document to print, with the definition version it was created with.
 *
 * @example
 * const job: SlipJob = { document: doc, definition: def, copies: 'all', locale: 'zh-CN' };
 */
export interface SlipJob {
  document: AftersalesDocument;
  /** The effective definition of `document.formVersion` (unknown here to keep the port free of form types). */
  definition: import('./form-definition.js').FormDefinition;
  /** Copy numbers to print, or every copy. */
  copies: number[] | 'all';
  locale: 'zh-CN' | 'en';
  /** Company name printed in the header. */
  companyName?: string;
}

/**
 * Prints documents as their labelled copies. The pdfmake adapter in `src/templates` implements it.
 *
 * @example
 * const pdf = await renderer.render([{ document: doc, definition: def, copies: [4], locale: 'zh-CN' }]);
 */
export interface SlipRenderer {
  /** One PDF holding every requested copy of every job, in order. */
  render(jobs: SlipJob[]): Promise<Uint8Array>;
  /**
   * The same PDF written to `out` as it is printed, jobs pulled one by one; ends `out`. Optional:
   * without it, a streamed answer is rendered whole first.
   */
  renderToStream?(jobs: AsyncIterable<SlipJob> | Iterable<SlipJob>, out: NodeJS.WritableStream): Promise<{ pages: number }>;
}
