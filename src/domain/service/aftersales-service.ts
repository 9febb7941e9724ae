/**
 * The engine: creates documents, takes workflow steps, enforces approval authority, routes
 * copies, records write-backs and audit events, all through the ports.
 */
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { PassThrough } from 'node:stream';
import type { Aftersales, CreateInput, CreateOptions } from '../aftersales-api.js';
import { canonicalJson } from '../audit/chain.js';
import { verifyStoreAuditChain } from '../audit/verify-store.js';
import { complaintStatistics } from '../reports/complaint-statistics.js';
import { DEFAULT_APPROVAL_MATRIX, approvalChain, assertWithinAuthority, parseApprovalMatrix, requiredApprover, type ApprovalMatrix } from '../approval/approval-matrix.js';
import { markDeadlinesMet, scanDeadlines } from '../deadlines/deadline-scan.js';
import type { AftersalesDocument, DocumentLink, FieldChange, NewAuditEvent, OutdatedHostRecord } from '../document.js';
import { AftersalesError, invalidData, isAftersalesError, notFound } from '../errors.js';
import type { FormCatalog } from '../form-catalog.js';
import type { FormDefinition } from '../form-definition.js';
import type { HookRegistry } from '../hooks/hook-registry.js';
import { formatMoney, type Money } from '../money.js';
import { formatDocumentNumber, numberingPeriodOf } from '../numbering/document-number.js';
import { createOutboxWorker, notParked, type OutboxBackoff } from '../outbox/index.js';
import type { Clock, DocumentStore, ErpGateway, Logger, SlipJob, SlipRenderer, StoreTransaction } from '../ports.js';
import { majorIncidentEscalation, majorIncidentThreshold } from '../rules/major-incident.js';
import { reconcileReturn, returnToleranceFor } from '../rules/return-reconciliation.js';
import { orderReturnTolerance } from '../erp/rule-hooks.js';
import type { AftersalesSettings } from '../settings.js';
import { assertSafeKeys, cloneData, diffData, mergeData, readPointer, writePointer } from '../workflow/data-merge.js';
import { actorMayTake, assertRequiredFields, transitionFor } from '../workflow/transitions.js';
import type { ActionInput, TransitionContext, TransitionDefinition, WorkflowDefinition } from '../workflow/types.js';
import { FORM_KINDS, ROLE_NAMES, SYSTEM_ACTOR, isFormKind, type Actor, type FormKind, type Role } from '../vocabulary.js';
import { putAuditedSetting } from './audited-setting.js';
import { copyDeliveries } from './copy-routing.js';
import { creationChanges } from './creation-changes.js';
import { deadlineRole, deadlinesOnCreate, deadlinesOnState } from './deadline-plan.js';
import { draftsFromComplaint } from './derived-drafts.js';
import { createBusinessCalendarSetting } from './business-calendar-setting.js';
import { penaltyFigures, throwIfShareNotDeductible, type PenaltyTaken } from './penalty-shares.js';
import { writeBacksOn } from './write-backs.js';

/**
 * What the engine runs on.
 *
 * @example
 * const service = createAftersalesService({ store: createMemoryStore(), erp: createNoneGateway(), catalog, settings, hooks: createHookRegistry(), clock: { now: () => new Date() } });
 */
export interface AftersalesServiceDeps {
  store: DocumentStore;
  erp: ErpGateway;
  catalog: FormCatalog;
  settings: AftersalesSettings;
  hooks: HookRegistry;
  /** Loads the slip printer when a PDF is first asked for. */
  renderer?: SlipRenderer | (() => Promise<SlipRenderer>);
  clock: Clock;
  /** New document ids; by default UUIDv7 (RFC 9562), which sort in the order documents were created. */
  ids?: () => string;
  logger?: Logger;
  /** The approval matrix used until an admin stores one. */
  approvalMatrix?: ApprovalMatrix;
  /**
   * How long, in ms, the current version of each form is used before it is read again from the
   * store (default 1000): what another process customised is in use here within that time.
   */
  definitionRefreshMs?: number;
  /** Called by `close()` after the store closed (e.g. to close the ERP connection). */
  onClose?: () => Promise<void>;
  /** How write-backs are delivered; without it they are delivered only by `outbox.runOnce()`, with the defaults. */
  outbox?: OutboxDelivery;
}

/**
 * How the engine's outbox worker delivers write-backs to the host ERP.
 *
 * @example
 * const delivery: OutboxDelivery = { autoStart: true, pollMs: 1000, backoff: { baseMs: 2000, maxMs: 900_000, maxAttempts: 12 }, leaseMs: 60_000, batchSize: 20 };
 */
export interface OutboxDelivery {
  /** Deliver in the background from the start; `close()` stops it. */
  autoStart: boolean;
  /** Pause between rounds when nothing was due. */
  pollMs: number;
  backoff: OutboxBackoff;
  /** How long a claimed entry stays reserved for this worker. */
  leaseMs: number;
  /** Entries claimed per round. */
  batchSize: number;
  /** Deliveries of one round run this many at a time. */
  concurrency?: number;
}

/**
 * The delivery defaults: retries for about a day and a half before an entry is parked.
 *
 * @example
 * DEFAULT_OUTBOX_DELIVERY.backoff.maxAttempts; // 12
 */
export const DEFAULT_OUTBOX_DELIVERY: OutboxDelivery = {
  autoStart: false,
  pollMs: 1000,
  backoff: { baseMs: 2000, maxMs: 15 * 60_000, maxAttempts: 12 },
  leaseMs: 60_000,
  batchSize: 20,
};

/**
 * How long a form's current definition is used before it is read again from the store, in ms.
 *
 * @example
 * createAftersalesService({ ...deps, definitionRefreshMs: DEFAULT_DEFINITION_REFRESH_MS });
 */
export const DEFAULT_DEFINITION_REFRESH_MS = 1000;

const SILENT: Logger = { info() {}, warn() {}, error() {} };

/** The setting key the approval matrix is stored under. */
export const APPROVAL_MATRIX_SETTING = 'approval-matrix';

const AUDIT_PAGE = 500;

function requestHash(kind: FormKind, input: CreateInput, options: CreateOptions | undefined): string {
  return createHash('sha256')
    .update(canonicalJson({ kind, data: input.data, amount: input.amount, refiles: options?.refiles }))
    .digest('hex');
}

function asMoney(v: unknown): Money | undefined {
  return v && typeof v === 'object' && Number.isSafeInteger((v as Money).amount) && typeof (v as Money).currency === 'string'
    ? { amount: (v as Money).amount, currency: (v as Money).currency }
    : undefined;
}

function sameMoney(a: Money | undefined, b: Money | undefined): boolean {
  return a?.amount === b?.amount && a?.currency === b?.currency;
}

function notPermitted(what: { 'zh-CN': string; en: string }, roles: Role[]): AftersalesError {
  return new AftersalesError({
    code: 'AFTERSALES.ROLE_NOT_PERMITTED',
    type: 'not_allowed',
    message: {
      'zh-CN': `${what['zh-CN']}须由${roles.map((r) => ROLE_NAMES[r]['zh-CN']).join('或')}执行`,
      en: `${what.en} must be done by ${roles.map((r) => ROLE_NAMES[r].en).join(' or ')}`,
    },
    details: { roles },
  });
}

function assertActor(actor: Actor): void {
  if (!actor || typeof actor.id !== 'string' || !actor.id || !Array.isArray(actor.roles)) {
    throw new AftersalesError({
      code: 'AFTERSALES.ACTOR_INVALID',
      type: 'invalid_data',
      message: { 'zh-CN': '操作人须有 id 和角色列表', en: 'The actor needs an id and a list of roles' },
    });
  }
}

/**
 * Builds the engine on its ports.
 *
 * @example
 * const aftersales = createAftersalesService(deps);
 * const doc = await aftersales.documents.create('complaint', { data: sample }, salesClerk);
 */
export function createAftersalesService(deps: AftersalesServiceDeps): Aftersales {
  const { store, erp, catalog, hooks, clock } = deps;
  // The policy in force: the configured settings with the admin's stored calendar, when there is one.
  let settings = deps.settings;
  // UUIDv7 ids grow with time, so the stores' id indexes fill at their end instead of at random pages.
  const newId = deps.ids ?? (() => uuidv7());
  const nowIso = () => clock.now().toISOString();
  let renderer: SlipRenderer | undefined = typeof deps.renderer === 'object' ? deps.renderer : undefined;
  const delivery = deps.outbox ?? DEFAULT_OUTBOX_DELIVERY;
  const worker = createOutboxWorker({
    store,
    erp,
    clock,
    logger: deps.logger ?? SILENT,
    backoff: delivery.backoff,
    leaseMs: delivery.leaseMs,
    batchSize: delivery.batchSize,
    pollMs: delivery.pollMs,
    ...(delivery.concurrency ? { concurrency: delivery.concurrency } : {}),
  });

  const workflowOf = (kind: FormKind): WorkflowDefinition => catalog.workflow(kind);
  const isFinal = (doc: AftersalesDocument) => workflowOf(doc.kind).states[doc.status]?.final === true;

  function assertKind(kind: string): asserts kind is FormKind {
    if (!isFormKind(kind)) {
      throw new AftersalesError({
        code: 'AFTERSALES.UNKNOWN_FORM',
        type: 'not_found',
        message: { 'zh-CN': `没有表单“${kind}”；可用：${FORM_KINDS.join('、')}`, en: `No form "${kind}"; the forms are ${FORM_KINDS.join(', ')}` },
        details: { kind, kinds: FORM_KINDS },
      });
    }
  }

  // Form definitions are read once and shared: a stored version never changes, and validation
  // compiles each definition's schema once per object. The current version of a form is re-read
  // after `definitionRefreshMs`, so a customisation stored by another process (several servers
  // on one PostgreSQL) is in use there within that time; one stored here is in use at once.
  const refreshMs = deps.definitionRefreshMs ?? DEFAULT_DEFINITION_REFRESH_MS;
  const businessCalendar = createBusinessCalendarSetting({ store, configured: deps.settings.calendar, refreshMs, now: () => Date.now() });
  async function refreshPolicy(): Promise<void> {
    const calendar = await businessCalendar.current();
    if (calendar !== settings.calendar) settings = { ...deps.settings, calendar };
  }
  const byVersion = new Map<string, FormDefinition>();
  const current = new Map<FormKind, { definition: FormDefinition; readAtMs: number }>();
  const reading = new Map<FormKind, Promise<FormDefinition>>();

  function baseOf(kind: FormKind): FormDefinition {
    const base = catalog.baseDefinition(kind);
    return remember(kind, base.version, base);
  }

  function remember(kind: FormKind, version: number, definition: unknown): FormDefinition {
    const key = `${kind}@${version}`;
    const known = byVersion.get(key);
    if (known) return known;
    byVersion.set(key, definition as FormDefinition);
    return definition as FormDefinition;
  }

  async function readCurrentDefinition(kind: FormKind): Promise<FormDefinition> {
    const readAtMs = Date.now();
    const latest = (await store.listFormVersions(kind)).at(-1);
    const definition = latest ? remember(kind, latest.version, latest.definition) : baseOf(kind);
    const cached = current.get(kind);
    // A newer version learnt meanwhile (stored here) wins over an older read finishing late.
    if (!cached || cached.definition.version <= definition.version) current.set(kind, { definition, readAtMs });
    return current.get(kind)!.definition;
  }

  /** The form's current definition, shared: callers must not modify it. */
  function currentDefinition(kind: FormKind): Promise<FormDefinition> {
    const cached = current.get(kind);
    if (cached && Date.now() - cached.readAtMs < refreshMs) return Promise.resolve(cached.definition);
    let pending = reading.get(kind);
    if (!pending) {
      // Requests arriving while the definition is being re-read share that one read.
      pending = readCurrentDefinition(kind).finally(() => reading.delete(kind));
      reading.set(kind, pending);
    }
    return pending;
  }

  /** One version of a form's definition, shared: callers must not modify it. */
  async function definitionOf(kind: FormKind, version: number): Promise<FormDefinition> {
    const known = byVersion.get(`${kind}@${version}`);
    if (known) return known;
    const stored = await store.getFormVersion(kind, version);
    if (stored) return remember(kind, version, stored.definition);
    const base = catalog.baseDefinition(kind);
    if (base.version === version) return remember(kind, version, base);
    throw notFound('version', `${kind}@${version}`);
  }

  async function loadDocument(id: string): Promise<AftersalesDocument> {
    const doc = typeof id === 'string' && id ? await store.getDocument(id) : undefined;
    if (!doc) throw notFound('document', String(id));
    return doc;
  }

  async function approvalMatrix(): Promise<ApprovalMatrix> {
    return (await store.getSetting<ApprovalMatrix>(APPROVAL_MATRIX_SETTING)) ?? deps.approvalMatrix ?? DEFAULT_APPROVAL_MATRIX;
  }

  function validate(definition: FormDefinition, data: Record<string, unknown>): void {
    const errors = catalog.validate(definition, data);
    if (errors.length) throw invalidData(errors);
  }

  function committedAmount(wf: WorkflowDefinition, data: Record<string, unknown>): Money {
    return (wf.amountPointer ? asMoney(readPointer(data, wf.amountPointer)) : undefined) ?? { amount: 0, currency: settings.currency };
  }

  async function allocateNumber(tx: StoreTransaction, kind: FormKind, at: Date): Promise<string> {
    const { year, month, period } = numberingPeriodOf(at, settings.calendar.timeZone);
    const serial = await tx.nextSerial(kind, period);
    return formatDocumentNumber(settings.numbering.pattern, { year, month, serial });
  }

  function auditEvent(doc: AftersalesDocument, actor: Actor, action: string, from: string | null, to: string, changes: FieldChange[], at: string, note?: string): NewAuditEvent {
    return { documentId: doc.id, at, actorId: actor.id, actorRoles: [...actor.roles], action, from, to, changes, ...(note ? { note } : {}) };
  }

  /** Inserts a new document with its number, audit event and copies; inside the caller's transaction. */
  async function insertNew(
    tx: StoreTransaction,
    kind: FormKind,
    data: Record<string, unknown>,
    formVersion: number,
    definition: FormDefinition,
    actor: Actor,
    now: Date,
    links: DocumentLink[],
    note?: string,
  ): Promise<AftersalesDocument> {
    const wf = workflowOf(kind);
    const at = now.toISOString();
    const doc: AftersalesDocument = {
      id: newId(),
      kind,
      number: await allocateNumber(tx, kind, now),
      status: wf.initial,
      formVersion,
      data,
      links,
      deadlines: [],
      revision: 1,
      createdAt: at,
      updatedAt: at,
      createdBy: actor.id,
    };
    doc.deadlines = [...deadlinesOnCreate(doc, settings, now), ...deadlinesOnState(doc, wf.initial, settings, now)];
    await tx.insertDocument(doc);
    await tx.appendAudit(auditEvent(doc, actor, 'create', null, doc.status, creationChanges(data), at, note));
    const deliveries = copyDeliveries(definition, doc, doc.status, at);
    if (deliveries.length) await tx.addInboxEntries(deliveries);
    return doc;
  }

  /** Re-filing: the original must be a complaint whose customer rejected the decision. */
  async function checkRefile(tx: StoreTransaction, kind: FormKind, originalId: string): Promise<AftersalesDocument> {
    const original = await tx.getDocument(originalId);
    if (!original) throw notFound('document', originalId);
    if (kind !== 'complaint' || original.kind !== 'complaint') {
      throw new AftersalesError({
        code: 'AFTERSALES.REFILE_NOT_A_COMPLAINT',
        type: 'invalid_data',
        pointer: '/refiles',
        message: { 'zh-CN': '只有客户抱怨处理表可以重新填报并关联原单', en: 'Only a complaint can be re-filed against an original complaint' },
      });
    }
    if (readPointer(original.data, '/result/customerAccepted') !== false) {
      throw new AftersalesError({
        code: 'AFTERSALES.REFILE_NEEDS_REJECTED_DECISION',
        type: 'conflict',
        pointer: '/refiles',
        message: {
          'zh-CN': `原单 ${original.number} 尚未记录客户不接受核决结果，不能重新填报`,
          en: `Complaint ${original.number} has no record of the customer rejecting the decision, so it cannot be re-filed`,
        },
        details: { original: original.id, status: original.status },
      });
    }
    if (original.links.some((l) => l.rel === 'refiled-as')) {
      throw new AftersalesError({
        code: 'AFTERSALES.ALREADY_REFILED',
        type: 'conflict',
        pointer: '/refiles',
        message: { 'zh-CN': `原单 ${original.number} 已重新填报过`, en: `Complaint ${original.number} has already been re-filed` },
      });
    }
    return original;
  }

  /** Adds links to an existing document, with one audit event of `action` naming them. */
  async function addLinks(tx: StoreTransaction, target: AftersalesDocument, links: DocumentLink[], actor: Actor, at: string, action: string, note: string): Promise<void> {
    const updated: AftersalesDocument = { ...target, links: [...target.links, ...links], revision: target.revision + 1, updatedAt: at };
    await tx.updateDocument(updated, target.revision);
    await tx.appendAudit({
      documentId: target.id,
      at,
      actorId: actor.id,
      actorRoles: [...actor.roles],
      action,
      from: target.status,
      to: target.status,
      changes: links.map((l, i) => ({ pointer: `/links/${target.links.length + i}`, after: l })),
      note,
    });
  }

  async function create(kindIn: FormKind, input: CreateInput, actor: Actor, options?: CreateOptions): Promise<AftersalesDocument> {
    assertKind(kindIn);
    await refreshPolicy();
    const kind: FormKind = kindIn;
    assertActor(actor);
    const wf = workflowOf(kind);
    if (wf.createRoles && !wf.createRoles.some((r) => actor.roles.includes(r))) {
      throw notPermitted({ 'zh-CN': `开立${kind}`, en: `Creating a ${kind}` }, wf.createRoles);
    }
    if (!input || typeof input.data !== 'object' || input.data === null || Array.isArray(input.data)) {
      throw invalidData([{ pointer: '/data', code: 'type', message: { 'zh-CN': '单据内容必须是对象', en: 'must be an object' } }]);
    }
    assertSafeKeys(input.data, '/data');
    const key = options?.idempotencyKey;
    const scope = `create:${kind}`;
    const hash = key ? requestHash(kind, input, options) : '';
    const replay = async (tx: Pick<StoreTransaction, 'findIdempotency' | 'getDocument'>) => {
      if (!key) return undefined;
      const found = await tx.findIdempotency(scope, key);
      if (!found) return undefined;
      if (found.requestHash !== hash) {
        throw new AftersalesError({
          code: 'AFTERSALES.IDEMPOTENCY_KEY_REUSED',
          type: 'conflict',
          message: {
            'zh-CN': `幂等键“${key}”已用于另一份不同的请求`,
            en: `Idempotency key "${key}" was already used for a different request`,
          },
          details: { idempotencyKey: key, documentId: found.documentId },
        });
      }
      return tx.getDocument(found.documentId);
    };
    if (key) {
      // Committed state, outside any transaction: a repeat is answered without queueing behind writers.
      // Called on the store itself: a store of one's own may be a class whose methods use `this`.
      const earlier = store.findIdempotency ? await replay(store as Required<Pick<DocumentStore, 'findIdempotency' | 'getDocument'>>) : await store.transaction(replay);
      if (earlier) return earlier;
    }

    const now = clock.now();
    const data = cloneData(input.data);
    if (input.amount && wf.amountPointer) writePointer(data, wf.amountPointer, input.amount);
    // Hooks enrich before validation, so prefilled fields are validated like typed ones.
    await hooks.run('before-create', kind, { kind, data, actor, now, erp }, data);
    if (kind === 'penalty-notice') {
      // The shares and instalments are the engine's arithmetic, not the clerk's.
      const figures = penaltyFigures(data, settings, now, await otherPenaltyDeductions());
      if (figures) mergeData(data, figures);
    }
    const definition = await currentDefinition(kind);
    validate(definition, data);

    // The key was free a moment ago; it is not looked up again inside the transaction, where a
    // store serialising writers would hold its lock for that read. If a concurrent request took
    // it meanwhile, saving it is refused and this one answers as a repeat of that one.
    const written = store.transaction(async (tx) => {
      const links: DocumentLink[] = [];
      let original: AftersalesDocument | undefined;
      if (options?.refiles) {
        original = await checkRefile(tx, kind, options.refiles);
        links.push({ rel: 'refiles', id: original.id, kind: original.kind, number: original.number });
      }
      const created = await insertNew(tx, kind, data, definition.version, definition, actor, now, links, original ? `refiles ${original.number}` : undefined);
      if (original) await addLinks(tx, original, [{ rel: 'refiled-as', id: created.id, kind, number: created.number }], actor, now.toISOString(), 'link', `refiled-as ${kind} ${created.number}`);
      if (key) await tx.saveIdempotency({ scope, key, requestHash: hash, documentId: created.id, createdAt: now.toISOString() });
      return created;
    });
    if (!key) return written;
    try {
      return await written;
    } catch (error) {
      if (!isAftersalesError(error) || error.type !== 'conflict') throw error;
      // Only a key found now makes the refusal a repeat; any other conflict is reported as it is.
      const earlier = await store.transaction(replay);
      if (earlier) return earlier;
      throw error;
    }
  }

  /** Engine-side rules of particular steps, applied before the next state is chosen. */
  function applyStepRules(doc: AftersalesDocument, action: string, next: AftersalesDocument, now: Date, looked: { penaltyTaken?: PenaltyTaken; orderTolerance?: number } = {}): void {
    const { penaltyTaken } = looked;
    if (doc.kind === 'complaint' && action === 'register' && !readPointer(next.data, '/registration/acceptedAt')) {
      // The GM office's acceptance starts the closing clock; the form records when it was.
      writePointer(next.data, '/registration/acceptedAt', now.toISOString());
    }
    if (doc.kind === 'penalty-notice' && (action === 'submit' || action === 'amend' || action === 'approve')) {
      // Again at approval: another notice approved meanwhile may have used this month's room.
      const figures = penaltyFigures(next.data, settings, now, penaltyTaken);
      if (figures) mergeData(next.data, figures);
    }
    if (doc.kind === 'return-slip' && action === 'reconcile') {
      const approvedQuantity = Number(readPointer(next.data, '/approvedQuantity') ?? 0);
      const actualQuantity = Number(readPointer(next.data, '/actualQuantity') ?? 0);
      // The order's ratio, else the company's: never one typed at reconciliation.
      const toleranceRatio = returnToleranceFor(looked.orderTolerance, settings);
      const r = reconcileReturn({ approvedQuantity, actualQuantity, toleranceRatio });
      mergeData(next.data, { reconciliation: { toleranceRatio, outcome: r.decision } });
    }
  }

  /**
   * The committed amount is set while drafting, by the step that approves it, or by an amendment
   * (which returns it to approval); any other step changing it would commit money nobody decided.
   */
  function throwIfAmountChangedOutsideDecision(wf: WorkflowDefinition, transition: TransitionDefinition, doc: AftersalesDocument, next: AftersalesDocument): void {
    if (!wf.amountPointer || transition.approves || transition.action === 'amend' || wf.amountEditableIn?.includes(doc.status)) return;
    const before = readPointer(doc.data, wf.amountPointer);
    const after = readPointer(next.data, wf.amountPointer);
    if (canonicalJson(before ?? null) === canonicalJson(after ?? null)) return;
    throw new AftersalesError({
      code: 'AFTERSALES.AMOUNT_NOT_DECIDED_HERE',
      type: 'invalid_data',
      pointer: wf.amountPointer,
      message: {
        'zh-CN': `“${transition.description['zh-CN']}”这一步不能更改核决金额；请在核决或更正时更改`,
        en: `The step "${transition.description.en}" cannot change the committed amount; change it when deciding or amending`,
      },
      details: { action: transition.action, state: doc.status },
    });
  }

  /**
   * What other penalty notices deduct from each person per payroll month, from their write-backs
   * still standing (queued, sent or parked): the 50 % cap holds across all of a person's notices.
   */
  async function otherPenaltyDeductions(documentId?: string): Promise<PenaltyTaken> {
    const taken = new Map<string, { economic: number; administrative: number }>();
    for (const o of await store.listOutbox({ operation: 'post-penalty-deduction' })) {
      // A store of one's own may ignore the operation filter: the check stays.
      if (o.operation !== 'post-penalty-deduction' || o.status === 'superseded' || o.documentId === documentId) continue;
      const p = o.payload as { employeeId?: unknown; period?: unknown; amount?: unknown; kind?: unknown };
      const amount = asMoney(p.amount);
      if (typeof p.employeeId !== 'string' || typeof p.period !== 'string' || !amount) continue;
      const key = `${p.employeeId}|${p.period}`;
      const sum = taken.get(key) ?? { economic: 0, administrative: 0 };
      sum[p.kind === 'administrative' ? 'administrative' : 'economic'] += amount.amount;
      taken.set(key, sum);
    }
    return (employeeId, month) => taken.get(`${employeeId}|${month}`) ?? { economic: 0, administrative: 0 };
  }

  /** The over-quantity ratio comes from the customer's order or the company's setting; accounting does not choose it. */
  function throwIfToleranceTyped(input: ActionInput): void {
    if (readPointer((input.data ?? {}) as Record<string, unknown>, '/reconciliation/toleranceRatio') === undefined) return;
    const message = {
      'zh-CN': '超量允收比率取自客户订单，订单未定时取公司设定，不能在核对时填写',
      en: "The over-quantity acceptance ratio comes from the customer's order, else the company setting; it cannot be entered when reconciling",
    };
    throw invalidData([{ pointer: '/reconciliation/toleranceRatio', code: 'AFTERSALES.TOLERANCE_NOT_ENTERED', message }], 'AFTERSALES.TOLERANCE_NOT_ENTERED');
  }

  /** The first approved term (see {@link WorkflowDefinition.approvedTerms}) that differs between two versions of the data. */
  function changedApprovedTerm(wf: WorkflowDefinition, before: Record<string, unknown>, after: Record<string, unknown>): string | undefined {
    return wf.approvedTerms?.find((pointer) => canonicalJson(readPointer(before, pointer) ?? null) !== canonicalJson(readPointer(after, pointer) ?? null));
  }

  /**
   * After approval, what the approval covers besides the amount (who is charged, how many, which
   * outcome) changes only by `amend`, which sends it back for approval; another step changing it
   * would carry out terms nobody approved.
   */
  function throwIfApprovedTermsChangedOutsideAmend(wf: WorkflowDefinition, transition: TransitionDefinition, doc: AftersalesDocument, next: AftersalesDocument): void {
    if (!doc.approval?.approvedBy || transition.approves || transition.action === 'amend') return;
    const pointer = changedApprovedTerm(wf, doc.data, next.data);
    if (!pointer) return;
    throw new AftersalesError({
      code: 'AFTERSALES.APPROVED_TERMS_LOCKED',
      type: 'invalid_data',
      pointer,
      message: {
        'zh-CN': `“${transition.description['zh-CN']}”这一步不能更改已核准的内容（${pointer}）；请以“修改”更改，并重新核准`,
        en: `The step "${transition.description.en}" cannot change what was approved (${pointer}); amend it, and it goes back for approval`,
      },
      details: { action: transition.action, state: doc.status },
    });
  }

  /** Refuses a step whose earlier counterpart (e.g. the manager's signature) the same person took. */
  async function throwIfSameActorTookCounterpart(wf: WorkflowDefinition, transition: TransitionDefinition, doc: AftersalesDocument, actor: Actor): Promise<void> {
    const counterparts = transition.notBySameActorAs;
    if (!counterparts?.length) return;
    const last = (await store.listAudit(doc.id)).findLast((e) => counterparts.includes(e.action));
    if (!last || last.actorId !== actor.id) return;
    const earlier = wf.transitions.find((t) => t.action === last.action)!;
    throw new AftersalesError({
      code: 'AFTERSALES.SECOND_SIGNER_REQUIRED',
      type: 'not_allowed',
      message: {
        'zh-CN': `“${earlier.description['zh-CN']}”与“${transition.description['zh-CN']}”须由两人分别签核；${actor.name ?? actor.id} 已签过前者`,
        en: `"${earlier.description.en}" and "${transition.description.en}" need two different people; ${actor.name ?? actor.id} already took the first`,
      },
      details: { action: transition.action, signedAs: last.action, actorId: actor.id },
    });
  }

  async function act(id: string, action: string, input: ActionInput = {}, actor: Actor): Promise<AftersalesDocument> {
    assertActor(actor);
    await refreshPolicy();
    const doc = await loadDocument(id);
    const wf = workflowOf(doc.kind);
    const transition = transitionFor(wf, doc.status, action, actor);
    await throwIfSameActorTookCounterpart(wf, transition, doc, actor);
    const now = clock.now();
    const at = now.toISOString();

    const next: AftersalesDocument = structuredClone(doc);
    if (input.data !== undefined) {
      if (typeof input.data !== 'object' || input.data === null || Array.isArray(input.data)) {
        throw invalidData([{ pointer: '/data', code: 'type', message: { 'zh-CN': '必须是对象', en: 'must be an object' } }]);
      }
      mergeData(next.data, input.data);
    }
    if (input.amount !== undefined) {
      if (!asMoney(input.amount)) {
        throw invalidData([{ pointer: '/amount', code: 'type', message: { 'zh-CN': '金额须为 { amount: 整数分, currency }', en: 'must be { amount: integer minor units, currency }' } }]);
      }
      if (wf.amountPointer) writePointer(next.data, wf.amountPointer, input.amount);
    }
    assertRequiredFields(transition, next.data);
    const penaltyTaken = doc.kind === 'penalty-notice' && ['submit', 'amend', 'approve'].includes(action) ? await otherPenaltyDeductions(doc.id) : undefined;
    let orderTolerance: number | undefined;
    if (doc.kind === 'return-slip' && action === 'reconcile') {
      throwIfToleranceTyped(input);
      orderTolerance = await orderReturnTolerance(next.data, erp);
    }
    applyStepRules(doc, action, next, now, { ...(penaltyTaken ? { penaltyTaken } : {}), ...(orderTolerance !== undefined ? { orderTolerance } : {}) });
    throwIfAmountChangedOutsideDecision(wf, transition, doc, next);
    throwIfApprovedTermsChangedOutsideAmend(wf, transition, doc, next);

    const ctx: TransitionContext = { action, actor, document: doc, next, input, now };
    next.status = typeof transition.to === 'function' ? transition.to(ctx) : transition.to;
    transition.guard?.(ctx);
    await hooks.run('before-transition', doc.kind, { ...ctx, erp }, next.data);
    const definition = await definitionOf(doc.kind, doc.formVersion);
    validate(definition, next.data);

    const notes: string[] = input.comment ? [input.comment] : [];
    let revoked: { before: unknown; amount: Money; term?: string } | undefined;
    const amount = committedAmount(wf, next.data);
    if (transition.approves) {
      if (doc.kind === 'penalty-notice') throwIfShareNotDeductible(next.data, settings);
      const matrix = await approvalMatrix();
      const cause = wf.causePointer ? readPointer(next.data, wf.causePointer) : undefined;
      const q = { formKind: doc.kind, cause: typeof cause === 'string' ? cause : undefined, amount };
      let requiredRole = requiredApprover(matrix, q);
      // A major quality loss goes to the leadership whatever the matrix says (001 §8); checked before the limits so a refusal names who can really approve.
      const escalation = doc.kind === 'complaint' ? majorIncidentEscalation(amount, settings) : undefined;
      const unmeasured = escalation && !majorIncidentThreshold(amount.currency, settings);
      if (escalation) {
        const chain = approvalChain(matrix, doc.kind);
        const place = chain.indexOf(escalation);
        if (place < 0 || place > chain.indexOf(requiredRole)) requiredRole = escalation;
        const reaches = actor.roles.includes(escalation) || (place >= 0 && actor.roles.some((r) => chain.indexOf(r) >= place));
        if (!reaches) {
          throw new AftersalesError({
            code: 'AFTERSALES.APPROVAL_LIMIT_EXCEEDED',
            type: 'not_allowed',
            pointer: '/amount',
            message: unmeasured
              ? {
                  'zh-CN': `未设定以 ${amount.currency} 计的重大质量事故标准，无法判定损失轻重，须呈${ROLE_NAMES[requiredRole]['zh-CN']}核决（设定 rules.majorIncident.otherCurrencies 即可按标准判定）`,
                  en: `No major-incident threshold in ${amount.currency} is configured, so the loss cannot be shown to be minor; it needs approval by the ${ROLE_NAMES[requiredRole].en} (set rules.majorIncident.otherCurrencies to judge it by a threshold)`,
                }
              : {
                  'zh-CN': `损失达重大质量事故标准，须呈${ROLE_NAMES[requiredRole]['zh-CN']}核决`,
                  en: `The loss is a major quality incident; it needs approval by the ${ROLE_NAMES[requiredRole].en}`,
                },
            details: { nextRole: requiredRole, amount, majorIncident: true, ...(unmeasured ? { thresholdMissing: amount.currency } : {}) },
          });
        }
      }
      const role = assertWithinAuthority(matrix, actor, q);
      await hooks.run('before-approve', doc.kind, { ...ctx, amount, approverRole: role, erp }, next.data);
      // What an approval hook filled in is checked like everything else.
      if (hooks.list('before-approve', doc.kind).length) validate(definition, next.data);
      next.approval = { amount, requiredRole, approvedBy: { actorId: actor.id, role, at, amount } };
      notes.push(`approved ${formatMoney(amount, 'en')} as ${role} (required: ${requiredRole})`);
    } else if (doc.approval?.approvedBy && wf.awaitingApproval) {
      // A changed amount or approved term is a new commitment: it goes back to the approval authority.
      const term = sameMoney(doc.approval.approvedBy.amount, amount) ? changedApprovedTerm(wf, doc.data, next.data) : undefined;
      if (!sameMoney(doc.approval.approvedBy.amount, amount) || term) {
        revoked = { before: doc.approval.approvedBy, amount, ...(term ? { term } : {}) };
        next.approval = { amount };
        next.status = wf.awaitingApproval;
      }
    }

    for (const ended of transition.meets ?? []) next.deadlines = markDeadlinesMet(next.deadlines, ended, now);
    if (next.status !== doc.status) {
      next.deadlines = [...markDeadlinesMet(next.deadlines, next.status, now), ...deadlinesOnState(next, next.status, settings, now)];
    }
    next.revision = doc.revision + 1;
    next.updatedAt = at;

    const changes = diffData(doc.data, next.data);
    const writeBacks = next.status !== doc.status ? await store.listOutbox({ documentId: doc.id }) : [];
    // A superseded write-back is replaced on re-approval; any other one is queued or sent already.
    const alreadySent = new Set(writeBacks.filter((o) => o.status !== 'superseded').map((o) => `${o.operation}|${o.reference}`));
    let outdated: OutdatedHostRecord[] = [];
    if (revoked) {
      const deliveredAmount = asMoney((revoked.before as { amount?: unknown } | undefined)?.amount);
      const currentAmount = revoked.amount;
      outdated = writeBacks
        .filter((o) => o.status === 'delivered')
        .map((o) => ({ operation: o.operation, reference: o.reference, ...(o.hostKey ? { hostKey: o.hostKey } : {}), since: at, ...(deliveredAmount ? { deliveredAmount } : {}), currentAmount }));
      // The host cannot be unsent to: the document says which host records now disagree with it.
      if (outdated.length) next.outdatedHostRecords = [...(next.outdatedHostRecords ?? []), ...outdated];
    }
    if (transition.approves) {
      const keyOf = (o: { operation: string; reference: string }) => `${o.operation}|${o.reference}`;
      const delivered = new Map(writeBacks.filter((o) => o.status === 'delivered').map((o) => [keyOf(o), o]));
      for (const due of writeBacksOn(next, next.status, settings, now, penaltyTaken)) {
        const sent = delivered.get(keyOf(due));
        if (!sent) continue;
        let record = next.outdatedHostRecords?.find((r) => keyOf(r) === keyOf(due));
        if (!record && canonicalJson(sent.payload) !== canonicalJson(due.payload)) {
          // Delivered while the amount was being changed: the host got the earlier figures all the same.
          record = { operation: sent.operation, reference: sent.reference, ...(sent.hostKey ? { hostKey: sent.hostKey } : {}), since: at, currentAmount: amount };
          next.outdatedHostRecords = [...(next.outdatedHostRecords ?? []), record];
        }
        if (record) notes.push(`not sent again: the host keeps ${record.operation} ${record.reference}${record.hostKey ? ` (${record.hostKey})` : ''} with the earlier figures; correct it in the host`);
      }
    }

    // Definitions are read before the transaction: a store may not be re-entered while it is held.
    const draftDefinitions =
      next.kind === 'complaint' && next.status === 'closed' && doc.status !== 'closed'
        ? new Map(await Promise.all(draftsFromComplaint(next).map(async (p) => [p.kind, await currentDefinition(p.kind)] as const)))
        : undefined;

    const stored = await store.transaction(async (tx) => {
      await tx.updateDocument(next, doc.revision);
      await tx.appendAudit(auditEvent(next, actor, action, doc.status, revoked ? wf.awaitingApproval! : next.status, changes, at, notes.join('\n') || undefined));
      if (revoked) {
        // Queued write-backs carry the old figures: they are never sent; re-approval queues new ones.
        const superseded = await tx.supersedeOutbox(next.id, at);
        const note = [revoked.term ? `approved term ${revoked.term} changed` : `amount changed to ${revoked.amount.amount} ${revoked.amount.currency}`];
        if (superseded) note.push(`${superseded} undelivered write-back(s) superseded`);
        await tx.appendAudit(auditEvent(next, actor, 'approval-revoked', next.status, next.status, [{ pointer: '/approval/approvedBy', before: revoked.before }], at, note.join('; ')));
        if (outdated.length) {
          await tx.appendAudit(
            auditEvent(
              next,
              actor,
              'host-record-outdated',
              next.status,
              next.status,
              outdated.map((o, i) => ({ pointer: `/outdatedHostRecords/${(next.outdatedHostRecords?.length ?? 0) - outdated.length + i}`, after: o })),
              at,
              outdated.map((o) => `the host keeps ${o.operation} ${o.reference}${o.hostKey ? ` (${o.hostKey})` : ''} written for the earlier amount; it is not corrected automatically`).join('\n'),
            ),
          );
        }
      }
      if (next.status !== doc.status) {
        const deliveries = copyDeliveries(definition, next, next.status, at);
        if (deliveries.length) await tx.addInboxEntries(deliveries);
        for (const entry of writeBacksOn(next, next.status, settings, now, penaltyTaken)) {
          if (!alreadySent.has(`${entry.operation}|${entry.reference}`)) await tx.enqueueOutbox(entry);
        }
        if (draftDefinitions) await createDerivedDrafts(tx, next, now, draftDefinitions);
      }
      return (await tx.getDocument(next.id)) ?? next;
    });

    for (const reg of hooks.list('after-transition', stored.kind)) {
      try {
        await reg.handler({ document: stored, previous: doc, action, actor, now } as never);
      } catch (e) {
        // After the step is stored a hook can no longer refuse it; its failure is only reported.
        deps.logger?.error({ hook: reg.name, documentId: stored.id, err: e instanceof Error ? e.message : String(e) }, 'after-transition hook failed');
      }
    }
    return stored;
  }

  /** The drafts a closed complaint leads to, numbered in their own sequences and linked both ways. */
  async function createDerivedDrafts(tx: StoreTransaction, complaint: AftersalesDocument, now: Date, definitions: Map<FormKind, FormDefinition>): Promise<void> {
    const plans = draftsFromComplaint(complaint);
    if (plans.length === 0) return;
    const at = now.toISOString();
    const derivedLinks: DocumentLink[] = [];
    for (const plan of plans) {
      const definition = definitions.get(plan.kind) ?? catalog.baseDefinition(plan.kind);
      const draft = await insertNew(tx, plan.kind, plan.data, definition.version, definition, SYSTEM_ACTOR, now, [
        { rel: 'derived-from', id: complaint.id, kind: complaint.kind, number: complaint.number },
      ], `derived from complaint ${complaint.number}`);
      derivedLinks.push({ rel: 'derived', id: draft.id, kind: draft.kind, number: draft.number });
    }
    const current = (await tx.getDocument(complaint.id))!;
    await addLinks(tx, current, derivedLinks, SYSTEM_ACTOR, at, 'derive', derivedLinks.map((l) => `${l.kind} ${l.number}`).join(', '));
  }

  async function getRenderer(): Promise<SlipRenderer> {
    if (renderer) return renderer;
    if (typeof deps.renderer === 'function') {
      renderer = await deps.renderer();
      return renderer;
    }
    throw new AftersalesError({
      code: 'AFTERSALES.RENDERER_NOT_CONFIGURED',
      type: 'unavailable',
      message: { 'zh-CN': '未配置 PDF 打印组件', en: 'No slip renderer is configured' },
    });
  }

  const service: Aftersales = {
    forms: {
      async list() {
        return Promise.all(
          FORM_KINDS.map(async (kind) => {
            const def = await currentDefinition(kind);
            return { kind, version: def.version, title: def.title };
          }),
        );
      },
      async definition(kind, version) {
        assertKind(kind);
        // A copy: the engine's own is shared by every request.
        return structuredClone(version === undefined ? await currentDefinition(kind) : await definitionOf(kind, version));
      },
      async customise(kind, customisation, actor) {
        assertKind(kind);
        assertActor(actor);
        if (!actor.roles.includes('admin')) throw notPermitted({ 'zh-CN': '自定义表单', en: 'Customising a form' }, ['admin']);
        // Read afresh: the next version number follows what is stored now, whoever stored it.
        const latest = structuredClone(await readCurrentDefinition(kind));
        // The very change that made the latest version, sent again (a retry after a timeout): that version, not a refusal.
        const made = await store.getFormVersion(kind, latest.version);
        if (made && canonicalJson(made.customisation ?? null) === canonicalJson(customisation ?? null)) return latest;
        const nextDef: FormDefinition = { ...catalog.customise(latest, customisation), version: latest.version + 1 };
        // A change that changes nothing makes no version.
        if (canonicalJson({ ...nextDef, version: latest.version }) === canonicalJson(latest)) return latest;
        const at = nowIso();
        await store.transaction(async (tx) => {
          await tx.saveFormVersion({ kind, version: nextDef.version, definition: nextDef, customisation, createdAt: at, createdBy: actor.id });
        });
        const stored = remember(kind, nextDef.version, structuredClone(nextDef));
        current.set(kind, { definition: stored, readAtMs: Date.now() });
        return nextDef;
      },
    },
    documents: {
      create,
      act: (id, action, input, actor) => act(id, action, input ?? {}, actor),
      get: loadDocument,
      async list(query) {
        if (query?.kind !== undefined) assertKind(query.kind);
        return store.listDocuments(query ?? {});
      },
      async audit(id) {
        await loadDocument(id);
        return store.listAudit(id);
      },
      async availableActions(id, actor) {
        const doc = await loadDocument(id);
        const wf = workflowOf(doc.kind);
        return [...new Set(wf.transitions.filter((t) => t.from.includes(doc.status) && actorMayTake(t, actor)).map((t) => t.action))];
      },
      async outbox(id) {
        await loadDocument(id);
        return store.listOutbox({ documentId: id });
      },
      async pdf(id, copies, locale) {
        const doc = await loadDocument(id);
        const definition = await definitionOf(doc.kind, doc.formVersion);
        return (await getRenderer()).render([{ document: doc, definition, copies, locale, companyName: settings.companyName }]);
      },
    },
    calendar: {
      get: () => businessCalendar.current(),
      async set(calendar, actor) {
        assertActor(actor);
        const stored = await businessCalendar.set(calendar, actor, nowIso());
        settings = { ...deps.settings, calendar: stored };
        return stored;
      },
    },
    approvalMatrix: {
      get: approvalMatrix,
      async set(matrix, actor) {
        assertActor(actor);
        if (!actor.roles.includes('admin')) throw notPermitted({ 'zh-CN': '设定核决权限', en: 'Setting the approval matrix' }, ['admin']);
        const parsed = parseApprovalMatrix(matrix);
        const before = await approvalMatrix();
        const at = nowIso();
        await putAuditedSetting(store, { key: APPROVAL_MATRIX_SETTING, value: parsed, before, action: 'set-approval-matrix', actor, at });
        return parsed;
      },
    },
    inbox: {
      async list(department, cursor, limit = 50) {
        const page = await store.listInbox(department, cursor, limit);
        // Nothing new keeps the caller where it was: a poller storing nextCursor never starts over.
        return page.items.length === 0 && cursor && !page.nextCursor ? { ...page, nextCursor: cursor } : page;
      },
      async pdf(department, cursor, limit, locale) {
        const page = await store.listInbox(department, cursor, limit);
        if (page.items.length === 0) return { pdf: new Uint8Array(), count: 0 };
        const jobs = [];
        for (const entry of page.items) {
          const document = await loadDocument(entry.documentId);
          jobs.push({ document, definition: await definitionOf(entry.kind, entry.formVersion), copies: [entry.copyNumber], locale, companyName: settings.companyName });
        }
        const pdf = await (await getRenderer()).render(jobs);
        return { pdf, count: page.items.length, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
      },
      async streamPdf(department, cursor, limit, locale) {
        const page = await store.listInbox(department, cursor, limit);
        const next = page.nextCursor ? { nextCursor: page.nextCursor } : {};
        if (page.items.length === 0) return { count: 0, ...next };
        const printer = await getRenderer();
        const jobs = async function* (): AsyncGenerator<SlipJob> {
          for (const entry of page.items) {
            yield { document: await loadDocument(entry.documentId), definition: await definitionOf(entry.kind, entry.formVersion), copies: [entry.copyNumber], locale, companyName: settings.companyName };
          }
        };
        const stream = new PassThrough();
        const printed = printer.renderToStream
          ? printer.renderToStream(jobs(), stream)
          : (async () => {
              const all: SlipJob[] = [];
              for await (const job of jobs()) all.push(job);
              stream.end(Buffer.from(await printer.render(all)));
            })();
        // Headers are gone by the time a document fails to print: the reader sees the stream end in error.
        printed.catch((error: unknown) => {
          if (!stream.destroyed) {
            deps.logger?.error({ err: error instanceof Error ? error.message : String(error), department }, 'inbox PDF stopped');
            stream.destroy(error instanceof Error ? error : new Error(String(error)));
          }
        });
        return { stream, count: page.items.length, ...next };
      },
    },
    deadlines: {
      async scan(now = clock.now()) {
        const docs: AftersalesDocument[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.listDocuments({ cursor, limit: 500 });
          docs.push(...page.items.filter((d) => d.deadlines.length > 0));
          cursor = page.nextCursor;
        } while (cursor);
        return scanDeadlines(docs, now, {
          dueSoonWithinMinutes: settings.deadlines.dueSoonWithinMinutes,
          roleFor: (_doc, name) => deadlineRole(name),
          isFinal,
          // A clock a step ends (not a state) keeps running after the document closes.
          runsPastFinal: (d, deadline) => deadline.endsWith !== undefined && workflowOf(d.kind).transitions.some((t) => t.meets?.includes(deadline.endsWith!)),
        });
      },
    },
    outbox: {
      async list(filter = {}) {
        return store.listOutbox({ ...(filter.documentId !== undefined ? { documentId: filter.documentId } : {}), ...(filter.status !== undefined ? { status: filter.status } : {}) });
      },
      async retry(id, actor) {
        assertActor(actor);
        if (!actor.roles.includes('admin')) throw notPermitted({ 'zh-CN': '重试回写', en: 'Retrying a write-back' }, ['admin']);
        // Who sent a refused write-back to the host again is part of the document's history, stored with the change itself.
        return worker.retryParked(id, async (tx, parked) => {
          if (parked.status !== 'parked') throw notParked(id, parked.status);
          const doc = await tx.getDocument(parked.documentId);
          await tx.appendAudit({
            documentId: parked.documentId,
            at: nowIso(),
            actorId: actor.id,
            actorRoles: [...actor.roles],
            action: 'retry-write-back',
            from: doc?.status ?? null,
            to: doc?.status ?? 'unknown',
            changes: [{ pointer: `/outbox/${id}/status`, before: 'parked', after: 'pending' }],
            note: `${parked.operation} ${parked.reference} sent again after ${parked.attempts} attempt(s)${parked.lastError ? `; last error: ${parked.lastError.slice(0, 300)}` : ''}`,
          });
        });
      },
      runOnce: () => worker.runOnce(),
    },
    reports: {
      async complaints(month, actor) {
        assertActor(actor);
        const readers: Role[] = ['gm-office', 'gm', 'vp', 'qa', 'admin'];
        if (!actor.roles.some((r) => readers.includes(r))) throw notPermitted({ 'zh-CN': '查阅客诉月度统计', en: 'Reading the monthly complaint statistics' }, readers);
        if (typeof month !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
          throw invalidData([{ pointer: '/month', code: 'format', message: { 'zh-CN': `月份“${String(month)}”应为 YYYY-MM`, en: `Month "${String(month)}" must be YYYY-MM` } }]);
        }
        const closed: AftersalesDocument[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.listDocuments({ kind: 'complaint', status: 'closed', limit: 500, ...(cursor ? { cursor } : {}) });
          closed.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        return complaintStatistics(closed, month, settings.calendar.timeZone);
      },
    },
    verifyAudit: () => verifyStoreAuditChain(store, AUDIT_PAGE),
    async close() {
      // The worker's round in progress still writes to the store: stop it first.
      await worker.stop();
      await store.close();
      await deps.onClose?.();
    },
  };
  if (delivery.autoStart) worker.start();
  return service;
}
