/**
 * What every route module needs: the engine, the permission table, the bounds, and the caller.
 */
import type { FastifyRequest } from 'fastify';
import type { Aftersales } from '../../domain/aftersales-api.js';
import type { AftersalesDocument } from '../../domain/document.js';
import type { Locale } from '../../domain/locale.js';
import { pickLocale } from '../../domain/locale.js';
import { can, canEver, isAdmin, type PermissionAction, type PermissionTable } from '../../domain/permissions/permission-table.js';
import type { Actor } from '../../domain/vocabulary.js';
import { httpError, roleNotAllowed } from './problem.js';

/**
 * The shared state of the routes of one plugin registration.
 *
 * @example
 * registerDocumentRoutes(instance, { aftersales, table, pageSize: { default: 50, max: 200 }, bodyLimit: 262144, inboxPdfMax: 50 });
 */
export interface RouteContext {
  aftersales: Aftersales;
  table: PermissionTable;
  /** Rebuilds `table` after an admin changed a form's copies (a no-op for a host-supplied table). */
  refreshTable(): Promise<void>;
  pageSize: { default: number; max: number };
  bodyLimit: number;
  inboxPdfMax: number;
}

/**
 * The authenticated caller; the plugin's `onRequest` hook has set it or answered 401.
 *
 * @example
 * const actor = actorOf(request);
 */
export function actorOf(request: FastifyRequest): Actor {
  const actor = request.aftersalesActor;
  if (!actor) throw httpError('unauthenticated');
  return actor;
}

/**
 * The caller's language from `Accept-Language`, zh-CN by default.
 *
 * @example
 * const locale = localeOf(request); // 'en' for `Accept-Language: en-US`
 */
export function localeOf(request: FastifyRequest): Locale {
  return pickLocale(request.headers['accept-language']);
}

/**
 * Throws 403 unless the caller may take `action` on this document in its current state.
 *
 * @example
 * assertMay(ctx, actor, doc, 'read');
 */
export function assertMay(ctx: RouteContext, actor: Actor, doc: AftersalesDocument, action: PermissionAction): void {
  if (!can(actor, doc.kind, action, { table: ctx.table, state: doc.status })) throw roleNotAllowed(action, doc.kind, actor.roles);
}

/**
 * Throws 403 unless the caller may take `action` on some document of the kind.
 *
 * @example
 * assertMayEver(ctx, actor, 'complaint', 'create');
 */
export function assertMayEver(ctx: RouteContext, actor: Actor, kind: AftersalesDocument['kind'], action: PermissionAction): void {
  if (!canEver(actor, kind, action, ctx.table)) throw roleNotAllowed(action, kind, actor.roles);
}

/**
 * A page size within the configured bounds.
 *
 * @example
 * pageLimit(ctx, 5000); // 200
 */
export function pageLimit(ctx: RouteContext, asked: number | undefined): number {
  return Math.min(Math.max(1, asked ?? ctx.pageSize.default), ctx.pageSize.max);
}

/**
 * Administration routes answer 403 to anyone but an admin.
 *
 * @example
 * assertAdmin(request);
 */
export function assertAdmin(request: FastifyRequest): void {
  if (!isAdmin(actorOf(request))) throw httpError('adminOnly');
}
