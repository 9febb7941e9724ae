/**
 * The write-backs to the host ERP across documents, for the admin who watches them:
 * `GET /admin/outbox` and `POST /admin/outbox/:id/retry` for a parked one.
 */
import type { FastifyInstance } from 'fastify';
import type { OutboxFilter } from '../../domain/aftersales-api.js';
import { actorOf, assertAdmin, type RouteContext } from './route-context.js';
import { outboxQuerySchema, problemResponses } from './schemas.js';

/**
 * Registers the outbox administration routes.
 *
 * @example
 * registerOutboxRoutes(instance, ctx);
 */
export function registerOutboxRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    '/admin/outbox',
    {
      schema: {
        tags: ['admin'],
        summary: 'The write-backs to the host ERP, oldest first, optionally in one status (e.g. ?status=parked) or of one document',
        querystring: outboxQuerySchema,
        response: { 200: { $ref: 'urn:erp-aftersales:outbox-list#' }, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      assertAdmin(request);
      const q = request.query as OutboxFilter;
      return { items: await ctx.aftersales.outbox.list({ ...(q.status ? { status: q.status } : {}), ...(q.documentId ? { documentId: q.documentId } : {}) }) };
    },
  );

  app.post(
    '/admin/outbox/:id/retry',
    {
      schema: {
        tags: ['admin'],
        summary: "Sends a parked write-back to the host again with a fresh set of attempts; noted in the document's audit trail (409 unless parked)",
        params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 9007199254740991 } } },
        response: { 200: { $ref: 'urn:erp-aftersales:outbox-entry#' }, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      assertAdmin(request);
      return ctx.aftersales.outbox.retry((request.params as { id: number }).id, actorOf(request));
    },
  );
}
