/**
 * The plugin's options, checked with zod when the plugin is registered so a wrong setup fails at
 * start-up, not on the first request.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Aftersales } from '../../domain/aftersales-api.js';
import { AftersalesError } from '../../domain/errors.js';
import type { PermissionRow } from '../../domain/permissions/permission-table.js';
import type { Actor } from '../../domain/vocabulary.js';

/**
 * Tells who is calling: the user with roles and department, or `undefined` for a 401.
 *
 * @example
 * const authenticate: Authenticate = async (request) => sessions.get(request.headers.cookie ?? '');
 */
export type Authenticate = (request: FastifyRequest) => Promise<Actor | undefined> | Actor | undefined;

/**
 * Options of {@link aftersalesPlugin}. Give either a built engine (`aftersales`) or the options
 * to build one (`engine`); a plugin that built its engine closes it when fastify closes.
 *
 * @example
 * await app.register(aftersalesPlugin, {
 *   prefix: '/aftersales',
 *   engine: { store: { kind: 'sqlite', file: './data/aftersales.db' } },
 *   authenticate: async (req) => lookUpUser(req.headers.authorization),
 * });
 */
export interface AftersalesPluginOptions {
  /** An engine from `createAftersales()`; the host keeps ownership and closes it. */
  aftersales?: Aftersales;
  /** Options for `createAftersales()`; the plugin builds the engine and closes it on `onClose`. */
  engine?: Record<string, unknown>;
  /** Who is calling; `undefined` answers 401. */
  authenticate: Authenticate;
  /** The routes' prefix, e.g. `/aftersales`. */
  prefix?: string;
  /** Overrides the default permission table (role × form kind × action). */
  permissions?: PermissionRow[];
  /** Largest accepted JSON body in bytes (default 256 KiB). */
  bodyLimit?: number;
  /** Page size bounds for lists and inboxes. */
  pageSize?: { default?: number; max?: number };
  /** Largest number of copies merged into one inbox PDF (default 50). */
  inboxPdfMax?: number;
  /** Serve the OpenAPI document at `/openapi.json` (default true). */
  openapi?: boolean | { title?: string; version?: string };
}

const isFunction = (v: unknown): boolean => typeof v === 'function';
const isEngine = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && ['forms', 'documents', 'inbox', 'approvalMatrix'].every((k) => k in (v as object));

/** The zod schema the options are parsed with. */
export const aftersalesPluginOptionsSchema = z
  .object({
    aftersales: z.custom<Aftersales>(isEngine, { message: 'aftersales must be an engine from createAftersales()' }).optional(),
    engine: z.record(z.string(), z.unknown()).optional(),
    authenticate: z.custom<Authenticate>(isFunction, { message: 'authenticate must be a function (request) => Actor | undefined' }),
    prefix: z.string().optional(),
    permissions: z
      .array(z.object({ role: z.string(), formKind: z.string(), action: z.string().min(1), states: z.array(z.string()).optional() }))
      .optional(),
    bodyLimit: z.number().int().min(1024).max(64 * 1024 * 1024).default(256 * 1024),
    pageSize: z
      .object({ default: z.number().int().min(1).max(1000).default(50), max: z.number().int().min(1).max(1000).default(200) })
      .default({ default: 50, max: 200 }),
    inboxPdfMax: z.number().int().min(1).max(1000).default(50),
    openapi: z.union([z.boolean(), z.object({ title: z.string().optional(), version: z.string().optional() })]).default(true),
  })
  .passthrough()
  .refine((o) => (o.aftersales === undefined) !== (o.engine === undefined), {
    message: 'give exactly one of `aftersales` (an engine) or `engine` (options to build one)',
    path: ['aftersales'],
  });

/**
 * The options after defaults.
 *
 * @example
 * const o: ResolvedPluginOptions = parsePluginOptions(opts);
 */
export type ResolvedPluginOptions = z.infer<typeof aftersalesPluginOptionsSchema>;

/**
 * Parses the options, throwing an invalid_data AftersalesError that names every bad option.
 *
 * @example
 * parsePluginOptions({ authenticate: async () => undefined, engine: { store: { kind: 'memory' } } });
 */
export function parsePluginOptions(options: unknown): ResolvedPluginOptions {
  const parsed = aftersalesPluginOptionsSchema.safeParse(options ?? {});
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((i) => ({
    pointer: '/' + i.path.map(String).join('/'),
    code: i.code,
    message: { 'zh-CN': `插件选项无效：${i.message}`, en: `Invalid plugin option: ${i.message}` },
  }));
  throw new AftersalesError({
    code: 'AFTERSALES.PLUGIN_OPTIONS_INVALID',
    type: 'invalid_data',
    message: {
      'zh-CN': '售后插件选项无效：' + errors.map((e) => `${e.pointer} ${e.message['zh-CN']}`).join('；'),
      en: 'Invalid after-sales plugin options: ' + errors.map((e) => `${e.pointer} ${e.message.en}`).join('; '),
    },
    errors,
  });
}
