/**
 * Copy inboxes: a department pulls the copies addressed to it, oldest first, as JSON or as one
 * merged PDF, resuming from a cursor.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { canReadInbox } from '../../domain/permissions/permission-table.js';
import { actorOf, localeOf, pageLimit, type RouteContext } from './route-context.js';
import { httpError } from './problem.js';
import { contentDisposition } from './pdf-reply.js';
import { inboxQuerySchema, problemResponses } from './schemas.js';

/** The response header carrying the cursor after the copies in a merged PDF. */
export const NEXT_CURSOR_HEADER = 'aftersales-next-cursor';
/** The response header carrying how many copies a merged PDF holds. */
export const COPY_COUNT_HEADER = 'aftersales-copy-count';

const departmentParams = {
  type: 'object',
  required: ['department'],
  properties: { department: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' } },
} as const;

/** The department of the path, if the caller may read its inbox. */
function departmentFor(request: FastifyRequest): string {
  const department = (request.params as { department: string }).department;
  if (!canReadInbox(actorOf(request), department)) throw httpError('inboxForbidden', { department });
  return department;
}

/**
 * Registers the inbox routes.
 *
 * @example
 * registerInboxRoutes(instance, ctx);
 */
export function registerInboxRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    '/inbox/:department',
    {
      schema: {
        tags: ['inbox'],
        summary: 'The copies addressed to a department, oldest first, with a cursor to resume from',
        params: departmentParams,
        querystring: inboxQuerySchema,
        response: problemResponses(400, 401, 403),
      },
    },
    async (request) => {
      const department = departmentFor(request);
      const q = request.query as { cursor?: string; limit?: number };
      return ctx.aftersales.inbox.list(department, q.cursor, pageLimit(ctx, q.limit));
    },
  );

  app.get(
    '/inbox/:department/pdf',
    {
      schema: {
        tags: ['inbox'],
        summary: `The same copies as one merged PDF; the cursor after them is in the \`${NEXT_CURSOR_HEADER}\` header (204 when there is nothing new)`,
        params: departmentParams,
        querystring: inboxQuerySchema,
        response: problemResponses(400, 401, 403),
      },
    },
    async (request, reply) => {
      const department = departmentFor(request);
      const q = request.query as { cursor?: string; limit?: number };
      const limit = Math.min(q.limit ?? ctx.inboxPdfMax, ctx.inboxPdfMax);
      const { stream, nextCursor, count } = await ctx.aftersales.inbox.streamPdf(department, q.cursor, limit, localeOf(request));
      // Nothing new is an empty answer, not an empty PDF: the client keeps its cursor.
      if (!stream) {
        if (q.cursor) reply.header(NEXT_CURSOR_HEADER, q.cursor);
        return reply.code(204).header(COPY_COUNT_HEADER, 0).send();
      }
      if (nextCursor) reply.header(NEXT_CURSOR_HEADER, nextCursor);
      // Streamed as printed (no Content-Length): the first page leaves before the last is drawn.
      return reply
        .type('application/pdf')
        .header(COPY_COUNT_HEADER, count)
        .header('content-disposition', contentDisposition(`inbox-${department}.pdf`))
        .send(stream);
    },
  );
}
