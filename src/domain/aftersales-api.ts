/**
 * The engine's public surface: what `createAftersales()` returns and what the HTTP plugin, the
 * CLI and integrators call.
 */
import type { AftersalesDocument, AuditEvent, InboxEntry, Page } from './document.js';
import type { FormDefinition } from './form-definition.js';
import type { Locale } from './locale.js';
import type { Money } from './money.js';
import type { DocumentQuery, OutboxEntry } from './ports.js';
import type { OutboxRound } from './outbox/outbox-worker.js';
import type { ActionInput } from './workflow/types.js';
import type { ComplaintStatistics } from './reports/complaint-statistics.js';
import type { BusinessCalendar } from './settings.js';
import type { Actor, FormKind, Role } from './vocabulary.js';

/**
 * What a create call carries.
 *
 * @example
 * await aftersales.documents.create('complaint', { data: sample }, salesClerk, { idempotencyKey: 'req-1' });
 */
export interface CreateInput {
  data: Record<string, unknown>;
  amount?: Money;
}

/**
 * Options of a create call.
 *
 * @example
 * const opts: CreateOptions = { idempotencyKey: req.headers['idempotency-key'] };
 */
export interface CreateOptions {
  /** The same key and body return the first document; the same key and another body is a conflict. */
  idempotencyKey?: string;
  /** Re-files a rejected complaint: the new complaint links this original (its id). */
  refiles?: string;
}

/**
 * The outcome of checking the audit hash chain.
 *
 * @example
 * const r = await aftersales.verifyAudit();
 * if (!r.intact) console.error(`event ${r.firstBad?.seq}: ${r.firstBad?.problem}`);
 */
export interface AuditVerification {
  intact: boolean;
  checked: number;
  firstBad?: { seq: number; problem: 'altered' | 'missing' | 'out-of-order'; documentId?: string };
}

/**
 * A reminder (催办单) for an overdue or soon-due step, or an inquiry (洽办单) about a step done late.
 *
 * @example
 * const scan = await aftersales.deadlines.scan(new Date());
 * scan.reminders.map((r) => r.number);
 */
export interface DeadlineNotice {
  kind: 'due-soon' | 'reminder' | 'inquiry';
  documentId: string;
  formKind: FormKind;
  number: string;
  deadline: string;
  dueAt: string;
  /** Who should act (role). */
  role?: Role;
  /** Minutes late (positive) or left (negative). */
  minutesLate: number;
}

/**
 * The result of a deadline scan.
 *
 * @example
 * const { dueSoon, reminders, inquiries } = await aftersales.deadlines.scan(new Date());
 */
export interface DeadlineScan {
  dueSoon: DeadlineNotice[];
  reminders: DeadlineNotice[];
  inquiries: DeadlineNotice[];
}

/**
 * Which write-backs to list.
 *
 * @example
 * const parked = await aftersales.outbox.list({ status: 'parked' });
 */
export interface OutboxFilter {
  documentId?: string;
  status?: OutboxEntry['status'];
}

/**
 * The write-backs to the host ERP across documents, for the admin who watches them.
 *
 * @example
 * for (const e of await aftersales.outbox.list({ status: 'parked' })) await aftersales.outbox.retry(e.id, admin);
 */
export interface OutboxAdministration {
  /** The write-backs, oldest first, optionally of one document or in one status. */
  list(filter?: OutboxFilter): Promise<OutboxEntry[]>;
  /** Sends a parked write-back back for delivery with a fresh set of attempts; admins only, noted in the document's audit trail. */
  retry(id: number, actor: Actor): Promise<OutboxEntry>;
  /** Delivers the write-backs due now, once (what the background worker does every `pollMs`). */
  runOnce(): Promise<OutboxRound>;
}

/**
 * The engine. Built by `createAftersales(options)`.
 *
 * @example
 * const aftersales = createAftersales({ store: { kind: 'sqlite', file: './data/aftersales.db' } });
 * const doc = await aftersales.documents.create('complaint', { data: sample }, salesClerk);
 * await aftersales.documents.act(doc.id, 'register', {}, gmOffice);
 */
export interface Aftersales {
  forms: {
    list(): Promise<{ kind: FormKind; version: number; title: FormDefinition['title'] }[]>;
    /** The effective definition, of the given version or the current one. */
    definition(kind: FormKind, version?: number): Promise<FormDefinition>;
    /** Applies an admin customisation; returns the new version. */
    customise(kind: FormKind, customisation: unknown, actor: Actor): Promise<FormDefinition>;
  };
  documents: {
    create(kind: FormKind, input: CreateInput, actor: Actor, options?: CreateOptions): Promise<AftersalesDocument>;
    /** Takes a workflow step; 'conflict' when the state does not allow it, 'not_allowed' for the role or authority. */
    act(id: string, action: string, input: ActionInput, actor: Actor): Promise<AftersalesDocument>;
    get(id: string): Promise<AftersalesDocument>;
    list(query: DocumentQuery): Promise<Page<AftersalesDocument>>;
    audit(id: string): Promise<AuditEvent[]>;
    /** The actions the actor may take now. */
    availableActions(id: string, actor: Actor): Promise<string[]>;
    outbox(id: string): Promise<OutboxEntry[]>;
    /** The printed copies (`'all'` or a list of copy numbers) as one PDF. */
    pdf(id: string, copies: number[] | 'all', locale: Locale): Promise<Uint8Array>;
  };
  approvalMatrix: {
    get(): Promise<unknown>;
    set(matrix: unknown, actor: Actor): Promise<unknown>;
  };
  inbox: {
    list(department: string, cursor?: string, limit?: number): Promise<Page<InboxEntry>>;
    pdf(department: string, cursor: string | undefined, limit: number, locale: Locale): Promise<{ pdf: Uint8Array; nextCursor?: string; count: number }>;
    /**
     * The same copies as {@link pdf}, streamed: the page of the inbox is read first (so `count`
     * and `nextCursor` are known before the first byte), then each document is loaded and printed
     * as the stream is read. Memory stays bounded however many copies are asked for; a reader
     * that stops reading (or is destroyed) stops the printing. `stream` is undefined when there
     * is nothing new.
     */
    streamPdf(department: string, cursor: string | undefined, limit: number, locale: Locale): Promise<{ stream?: NodeJS.ReadableStream; nextCursor?: string; count: number }>;
  };
  deadlines: {
    scan(now?: Date): Promise<DeadlineScan>;
  };
  /**
   * The business calendar deadlines are counted on: the configured one until an admin stores
   * another. Deadlines set from then on use it; those already set keep theirs.
   *
   * @example
   * const cal = await aftersales.calendar.get();
   * await aftersales.calendar.set({ ...cal, holidays: [...cal.holidays, '2027-01-01'] }, admin);
   */
  calendar: {
    get(): Promise<BusinessCalendar>;
    /** Admin only; refused with every failing field when the calendar is not valid. */
    set(calendar: unknown, actor: Actor): Promise<BusinessCalendar>;
  };
  /**
   * The monthly complaint statistics (by the 10th of the next month): cases closed in a month
   * of the company's time zone, late ones, outcomes, and each unit's part of the responsibility
   * and the losses. For the GM office, the GM, the VP, QA and admins.
   *
   * @example
   * const s = await aftersales.reports.complaints('2026-11', gmOffice);
   * s.units.map((u) => `${u.unit} ${u.responsibilityPercent}%`);
   */
  reports: {
    complaints(month: string, actor: Actor): Promise<ComplaintStatistics>;
  };
  /** Write-backs to the host ERP: delivered by the engine's outbox worker, watched and retried here. */
  outbox: OutboxAdministration;
  verifyAudit(): Promise<AuditVerification>;
  close(): Promise<void>;
}
