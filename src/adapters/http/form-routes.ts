/**
 * The forms and the admin's customisations: `GET /forms`, `GET /forms/:kind`,
 * `PUT /admin/forms/:kind`, `GET|PUT /admin/approval-matrix`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../../domain/errors.js';
import { isFormKind, type FormKind } from '../../domain/vocabulary.js';
import { actorOf, assertAdmin, type RouteContext } from './route-context.js';
import { kindParamsSchema, problemResponses } from './schemas.js';

/** The form kind of the path, or 404. */
function kindOf(request: FastifyRequest): FormKind {
  const kind = (request.params as { kind: string }).kind;
  if (!isFormKind(kind)) throw notFound('form', kind);
  return kind;
}

/**
 * Registers the form and admin routes.
 *
 * @example
 * registerFormRoutes(instance, ctx);
 */
export function registerFormRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    '/forms',
    { schema: { tags: ['forms'], summary: 'The form kinds, each with its current definition version', response: problemResponses(401) } },
    async () => ({ items: await ctx.aftersales.forms.list() }),
  );

  app.get(
    '/forms/:kind',
    {
      schema: {
        tags: ['forms'],
        summary: 'The effective definition: JSON Schema, copies, states, version',
        params: kindParamsSchema,
        querystring: { type: 'object', properties: { version: { type: 'integer', minimum: 1 } }, additionalProperties: false },
        response: problemResponses(400, 401, 404),
      },
    },
    async (request) => ctx.aftersales.forms.definition(kindOf(request), (request.query as { version?: number }).version),
  );

  app.put(
    '/admin/forms/:kind',
    {
      bodyLimit: ctx.bodyLimit,
      schema: {
        tags: ['admin'],
        summary: "An admin's customisation (extra fields, required fields, labels, copies); creates a new version",
        params: kindParamsSchema,
        body: { type: 'object' },
        response: problemResponses(400, 401, 403, 404, 422),
      },
    },
    async (request) => {
      assertAdmin(request);
      const definition = await ctx.aftersales.forms.customise(kindOf(request), request.body, actorOf(request));
      // Changed copies change who receives (and so may read) a document from which state on.
      await ctx.refreshTable();
      return definition;
    },
  );

  app.get(
    '/admin/approval-matrix',
    { schema: { tags: ['admin'], summary: 'The approval authority limits (核决权限)', response: problemResponses(401, 403) } },
    async (request) => {
      assertAdmin(request);
      return ctx.aftersales.approvalMatrix.get();
    },
  );

  app.put(
    '/admin/approval-matrix',
    {
      bodyLimit: ctx.bodyLimit,
      schema: {
        tags: ['admin'],
        summary: 'Replaces the approval authority limits',
        body: { type: ['object', 'array'] },
        response: problemResponses(400, 401, 403, 422),
      },
    },
    async (request) => {
      assertAdmin(request);
      return ctx.aftersales.approvalMatrix.set(request.body, actorOf(request));
    },
  );
}
