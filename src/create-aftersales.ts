/**
 * `createAftersales(options)`: the engine, configured — store, host ERP, company settings,
 * approval matrix, hooks, slip printer, clock. Adapters are chosen by configuration and loaded
 * only when asked for, so a missing database driver does not break memory users.
 */
import { z } from 'zod';
import type { Aftersales } from './domain/aftersales-api.js';
import { parseApprovalMatrix, type ApprovalMatrix } from './domain/approval/approval-matrix.js';
import { AftersalesError, type FieldError } from './domain/errors.js';
import { createHookRegistry } from './domain/hooks/hook-registry.js';
import { assertNumberingPattern } from './domain/numbering/document-number.js';
import type { AnyHookRegistration, HookRegistration } from './domain/hooks/types.js';
import type { Clock, DocumentStore, ErpGateway, Logger, SlipRenderer } from './domain/ports.js';
import { DEFAULT_OUTBOX_DELIVERY, createAftersalesService, type OutboxDelivery } from './domain/service/aftersales-service.js';
import { aftersalesSettingsSchema, type AftersalesSettings } from './domain/settings.js';
import { createMemoryStore } from './adapters/memory/index.js';
import { createNoneGateway } from './adapters/none/index.js';
import { createFormCatalog } from './forms/catalog.js';
import { workflows } from './forms/workflows.js';

const isStoreInstance = (v: unknown): v is DocumentStore =>
  typeof v === 'object' && v !== null && typeof (v as DocumentStore).transaction === 'function' && typeof (v as DocumentStore).getDocument === 'function';
const isGatewayInstance = (v: unknown): v is ErpGateway =>
  typeof v === 'object' && v !== null && typeof (v as ErpGateway).getSalesOrder === 'function' && typeof (v as ErpGateway).createCustomerReturn === 'function';

const storeOption = z.union([
  z.custom<DocumentStore>(isStoreInstance),
  z.object({ kind: z.literal('memory') }).strict(),
  z.object({ kind: z.literal('sqlite'), file: z.string().min(1, 'the SQLite file path is empty'), busyTimeoutMs: z.number().int().positive().optional() }).strict(),
  z
    .object({
      kind: z.literal('postgres'),
      connectionString: z.string().min(1).optional(),
      pool: z.unknown().optional(),
      maxConnections: z.number().int().positive().optional(),
      schema: z.string().regex(/^[a-z_][a-z0-9_]*$/).optional(),
    })
    .strict()
    .refine((o) => o.connectionString !== undefined || o.pool !== undefined, { message: 'a postgres store needs a connectionString or a pool', path: ['connectionString'] }),
]);

const erpOption = z.union([
  z.custom<ErpGateway>(isGatewayInstance),
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('odata') }).passthrough(),
  z.object({ kind: z.literal('rest') }).passthrough(),
]);

const positiveMs = z.number().int().positive();
const outboxOption = z
  .object({
    autoStart: z.boolean().optional(),
    pollMs: positiveMs.optional(),
    backoff: z
      .object({ baseMs: positiveMs.optional(), maxMs: positiveMs.optional(), maxAttempts: z.number().int().min(1).optional() })
      .strict()
      .refine((b) => (b.baseMs ?? DEFAULT_OUTBOX_DELIVERY.backoff.baseMs) <= (b.maxMs ?? DEFAULT_OUTBOX_DELIVERY.backoff.maxMs), { message: 'baseMs must not exceed maxMs', path: ['maxMs'] })
      .optional(),
    leaseMs: positiveMs.optional(),
    batchSize: z.number().int().min(1).max(1000).optional(),
    concurrency: z.number().int().min(1).max(64).optional(),
  })
  .strict();

const optionsSchema = z
  .object({
    store: storeOption.default({ kind: 'memory' }),
    erp: erpOption.default({ kind: 'none' }),
    settings: z.unknown().optional(),
    approvalMatrix: z.unknown().optional(),
    hooks: z
      .array(
        z.object({
          name: z.string().min(1),
          hook: z.enum(['before-create', 'before-transition', 'after-transition', 'before-approve']),
          kinds: z.array(z.string()).optional(),
          order: z.number().optional(),
          handler: z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'handler must be a function'),
        }),
      )
      .default([]),
    /** Register the ERP's own rule hooks (prefill from the sales order, warranty check) when an ERP is configured. */
    erpHooks: z.boolean().default(true),
    renderer: z.custom<SlipRenderer>((v) => typeof v === 'object' && v !== null && typeof (v as SlipRenderer).render === 'function', 'renderer must have a render(jobs) method').optional(),
    clock: z.custom<Clock>((v) => typeof v === 'object' && v !== null && typeof (v as Clock).now === 'function', 'clock must have a now() method').optional(),
    ids: z.custom<() => string>((v) => typeof v === 'function', 'ids must be a function returning a new id').optional(),
    definitionRefreshMs: z.number().int().nonnegative().optional(),
    logger: z.custom<Logger>((v) => typeof v === 'object' && v !== null && typeof (v as Logger).error === 'function', 'logger must have info, warn and error').optional(),
    outbox: outboxOption.optional(),
  })
  .strict();

/**
 * Where documents are stored: in memory (tests, demos), a SQLite file, PostgreSQL, or your own
 * {@link DocumentStore}.
 *
 * @example
 * const store: StoreOption = { kind: 'sqlite', file: './data/aftersales.db' };
 */
export type StoreOption =
  | DocumentStore
  | { kind: 'memory' }
  | { kind: 'sqlite'; file: string; busyTimeoutMs?: number }
  | { kind: 'postgres'; connectionString?: string; pool?: unknown; maxConnections?: number; schema?: string };

/**
 * The host ERP: none, an OData v2/v4 service, a REST API, or your own {@link ErpGateway}.
 *
 * @example
 * const erp: ErpOption = { kind: 'odata', version: 2, serviceRoot: 'https://s4.example.com/sap/opu/odata/sap', auth: { kind: 'basic', user: 'U', password: 'P' } };
 */
export type ErpOption = ErpGateway | { kind: 'none' } | ({ kind: 'odata' } & Record<string, unknown>) | ({ kind: 'rest' } & Record<string, unknown>);

/**
 * How the engine is configured. Every field is optional: the defaults are an in-memory store,
 * no ERP, the regulations' default settings and the demo approval matrix.
 *
 * @example
 * const options: AftersalesOptions = {
 *   store: { kind: 'sqlite', file: './data/aftersales.db' },
 *   settings: { companyName: '华东机电有限公司', calendar: { timeZone: 'Asia/Shanghai' } },
 *   hooks: [{ name: 'hotline', hook: 'before-create', handler: () => ({ data: { receivedVia: 'hotline' } }) }],
 * };
 */
export interface AftersalesOptions {
  store?: StoreOption;
  erp?: ErpOption;
  /** Company policy (see `aftersalesSettingsSchema`); missing values take the regulations' defaults. */
  settings?: unknown;
  /** The approval matrix used until an admin stores one (default: the demo matrix). */
  approvalMatrix?: unknown;
  /** Rule hooks, each typed by its hook point. */
  hooks?: AnyHookRegistration[];
  /** Register the ERP's rule hooks when an ERP is configured (default true). */
  erpHooks?: boolean;
  /** The slip printer; default: the pdfmake renderer, loaded on the first PDF. */
  renderer?: SlipRenderer;
  clock?: Clock;
  /** New document ids; default UUIDv7, which sort in creation order. */
  ids?: () => string;
  logger?: Logger;
  /** How write-backs reach the host ERP (see {@link OutboxOption}). */
  outbox?: OutboxOption;
  /**
   * How long, in ms, each form's current definition is used before it is read again (default
   * 1000): with several processes on one store, what one customises is in use in the others
   * within that time; in the process that customised it, at once.
   */
  definitionRefreshMs?: number;
}

/**
 * The engine's outbox worker, which delivers write-backs (customer returns, credit memo
 * requests, payroll deductions) to the host ERP. It starts by itself when an ERP other than
 * `none` is configured and stops in `close()`.
 *
 * @example
 * const outbox: OutboxOption = { pollMs: 5_000, backoff: { baseMs: 2_000, maxMs: 15 * 60_000, maxAttempts: 12 }, leaseMs: 60_000, batchSize: 20 };
 * // several processes on one PostgreSQL store: let only some of them deliver
 * const quiet: OutboxOption = { autoStart: false };
 */
export interface OutboxOption {
  /** Deliver in the background (default: true when an ERP other than `none` is configured). */
  autoStart?: boolean;
  /** Pause between rounds when nothing was due (default 1000 ms). */
  pollMs?: number;
  /** Retry policy for an ERP that is down (default 2 s doubling to 15 min, parked after 12 attempts). */
  backoff?: { baseMs?: number; maxMs?: number; maxAttempts?: number };
  /** How long a claimed write-back stays reserved for this process (default 60 s). */
  leaseMs?: number;
  /** Write-backs claimed per round (default 20). */
  batchSize?: number;
  /** Deliveries of one round run this many at a time (default 4). */
  concurrency?: number;
}

function outboxDelivery(option: z.infer<typeof outboxOption> | undefined, erp: ErpGateway): OutboxDelivery {
  const d = DEFAULT_OUTBOX_DELIVERY;
  return {
    autoStart: option?.autoStart ?? erp.kind !== 'none',
    pollMs: option?.pollMs ?? d.pollMs,
    backoff: { ...d.backoff, ...option?.backoff },
    leaseMs: option?.leaseMs ?? d.leaseMs,
    batchSize: option?.batchSize ?? d.batchSize,
    ...(option?.concurrency ? { concurrency: option.concurrency } : {}),
  };
}

/**
 * The engine as returned by {@link createAftersales}: the `Aftersales` surface plus `ready()`,
 * which resolves once the store and ERP are connected (or rejects with why they are not).
 *
 * @example
 * const aftersales = createAftersales({ store: { kind: 'sqlite', file: 'a.db' } });
 * await aftersales.ready();
 */
export interface AftersalesEngine extends Aftersales {
  ready(): Promise<void>;
  /** The effective settings, defaults applied. */
  readonly settings: AftersalesSettings;
}

function issuesToErrors(issues: z.core.$ZodIssue[], root: string): FieldError[] {
  return issues.map((issue) => {
    const pointer = root + (issue.path.length ? '/' + issue.path.map(String).join('/') : '');
    return { pointer, code: issue.code, message: { 'zh-CN': `${pointer || '/'}：${issue.message}`, en: `${pointer || '/'}: ${issue.message}` } };
  });
}

function optionsInvalid(errors: FieldError[]): AftersalesError {
  return new AftersalesError({
    code: 'AFTERSALES.OPTIONS_INVALID',
    type: 'invalid_data',
    pointer: errors[0]?.pointer,
    errors,
    message: {
      'zh-CN': 'createAftersales 配置有误，请修正：' + errors.map((e) => e.message['zh-CN']).join('；'),
      en: 'createAftersales options are not valid; fix: ' + errors.map((e) => e.message.en).join('; '),
    },
  });
}

function driverUnavailable(what: string, cause: unknown): AftersalesError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new AftersalesError({
    code: 'AFTERSALES.ADAPTER_UNAVAILABLE',
    type: 'unavailable',
    message: { 'zh-CN': `无法加载${what}：${why}`, en: `Cannot load the ${what}: ${why}` },
    details: { adapter: what },
    cause,
  });
}

async function openStore(option: z.infer<typeof storeOption>): Promise<DocumentStore> {
  if (isStoreInstance(option)) return option;
  if (option.kind === 'memory') return createMemoryStore();
  if (option.kind === 'sqlite') {
    const mod = await import('./adapters/sqlite/index.js').catch((e: unknown) => {
      throw driverUnavailable('SQLite store (better-sqlite3)', e);
    });
    return mod.createSqliteStore({ file: option.file, ...(option.busyTimeoutMs ? { busyTimeoutMs: option.busyTimeoutMs } : {}) });
  }
  const mod = await import('./adapters/postgres/index.js').catch((e: unknown) => {
    throw driverUnavailable('PostgreSQL store (pg)', e);
  });
  const { kind: _kind, ...rest } = option;
  return mod.createPostgresStore(rest as never);
}

async function openGateway(option: z.infer<typeof erpOption>): Promise<ErpGateway> {
  if (isGatewayInstance(option)) return option;
  if (option.kind === 'none') return createNoneGateway();
  if (option.kind === 'odata') {
    const mod = await import('./adapters/odata/index.js').catch((e: unknown) => {
      throw driverUnavailable('OData gateway', e);
    });
    return mod.createODataGateway(option);
  }
  const mod = await import('./adapters/rest/index.js').catch((e: unknown) => {
    throw driverUnavailable('REST gateway', e);
  });
  return mod.createRestGateway(option);
}

/**
 * Builds the engine. Options are checked at once (a coded `AFTERSALES.OPTIONS_INVALID` error
 * says what to fix); the store and ERP connect in the background and every call waits for them.
 *
 * @example
 * const aftersales = createAftersales({ store: { kind: 'memory' } });
 * const doc = await aftersales.documents.create('complaint', { data: sample }, salesClerk);
 * await aftersales.documents.act(doc.id, 'register', {}, gmOffice);
 */
export function createAftersales(options: AftersalesOptions = {}): AftersalesEngine {
  const parsed = optionsSchema.safeParse(options ?? {});
  if (!parsed.success) throw optionsInvalid(issuesToErrors(parsed.error.issues, ''));
  const opts = parsed.data;
  const settingsResult = aftersalesSettingsSchema.safeParse(opts.settings ?? {});
  if (!settingsResult.success) throw optionsInvalid(issuesToErrors(settingsResult.error.issues, '/settings'));
  const settings = settingsResult.data;
  try {
    assertNumberingPattern(settings.numbering.pattern);
  } catch (e) {
    throw optionsInvalid([{ pointer: '/settings/numbering/pattern', code: (e as AftersalesError).code, message: (e as AftersalesError).messages }]);
  }
  let matrix: ApprovalMatrix | undefined;
  if (opts.approvalMatrix !== undefined) {
    try {
      matrix = parseApprovalMatrix(opts.approvalMatrix);
    } catch (e) {
      throw optionsInvalid((e as AftersalesError).errors.map((fe) => ({ ...fe, pointer: '/approvalMatrix' + fe.pointer })));
    }
  }
  const hooks = createHookRegistry(opts.hooks as AnyHookRegistration[]);
  let ownRenderer: (SlipRenderer & { close?: () => Promise<void> }) | undefined;

  const ready: Promise<Aftersales> = (async () => {
    const store = await openStore(opts.store);
    let erp: ErpGateway;
    try {
      erp = await openGateway(opts.erp);
    } catch (e) {
      await store.close().catch(() => undefined);
      throw e;
    }
    if (erp.kind !== 'none' && opts.erpHooks) {
      const mod = await import('./domain/erp/rule-hooks.js');
      for (const reg of mod.erpRuleHooks(erp)) hooks.register(reg);
    }
    return createAftersalesService({
      store,
      erp,
      catalog: createFormCatalog(workflows),
      settings,
      hooks,
      clock: opts.clock ?? { now: () => new Date() },
      ...(opts.ids ? { ids: opts.ids } : {}),
      ...(opts.logger ? { logger: opts.logger } : {}),
      ...(opts.definitionRefreshMs !== undefined ? { definitionRefreshMs: opts.definitionRefreshMs } : {}),
      ...(matrix ? { approvalMatrix: matrix } : {}),
      outbox: outboxDelivery(opts.outbox, erp),
      renderer:
        opts.renderer ??
        (async () => {
          const mod = await import('./templates/index.js');
          ownRenderer = mod.createPdfSlipRenderer({ timeZone: settings.calendar.timeZone, companyName: settings.companyName });
          return ownRenderer;
        }),
      onClose: async () => {
        await ownRenderer?.close?.();
      },
    });
  })();
  // Failures surface on the first call (and from ready()); never as an unhandled rejection.
  ready.catch(() => undefined);
  const use = <T>(fn: (a: Aftersales) => Promise<T>): Promise<T> => ready.then(fn);

  return {
    settings,
    ready: () => ready.then(() => undefined),
    forms: {
      list: () => use((a) => a.forms.list()),
      definition: (kind, version) => use((a) => a.forms.definition(kind, version)),
      customise: (kind, customisation, actor) => use((a) => a.forms.customise(kind, customisation, actor)),
    },
    documents: {
      create: (kind, input, actor, createOptions) => use((a) => a.documents.create(kind, input, actor, createOptions)),
      act: (id, action, input, actor) => use((a) => a.documents.act(id, action, input, actor)),
      get: (id) => use((a) => a.documents.get(id)),
      list: (query) => use((a) => a.documents.list(query)),
      audit: (id) => use((a) => a.documents.audit(id)),
      availableActions: (id, actor) => use((a) => a.documents.availableActions(id, actor)),
      outbox: (id) => use((a) => a.documents.outbox(id)),
      pdf: (id, copies, locale) => use((a) => a.documents.pdf(id, copies, locale)),
    },
    calendar: {
      get: () => use((a) => a.calendar.get()),
      set: (calendar, actor) => use((a) => a.calendar.set(calendar, actor)),
    },
    approvalMatrix: {
      get: () => use((a) => a.approvalMatrix.get()),
      set: (m, actor) => use((a) => a.approvalMatrix.set(m, actor)),
    },
    inbox: {
      list: (department, cursor, limit) => use((a) => a.inbox.list(department, cursor, limit)),
      pdf: (department, cursor, limit, locale) => use((a) => a.inbox.pdf(department, cursor, limit, locale)),
      streamPdf: (department, cursor, limit, locale) => use((a) => a.inbox.streamPdf(department, cursor, limit, locale)),
    },
    reports: {
      complaints: (month, actor) => use((a) => a.reports.complaints(month, actor)),
    },
    deadlines: {
      scan: (now) => use((a) => a.deadlines.scan(now)),
    },
    outbox: {
      list: (filter) => use((a) => a.outbox.list(filter)),
      retry: (id, actor) => use((a) => a.outbox.retry(id, actor)),
      runOnce: () => use((a) => a.outbox.runOnce()),
    },
    verifyAudit: () => use((a) => a.verifyAudit()),
    close: async () => {
      const a = await ready.catch(() => undefined);
      await a?.close();
    },
  };
}
