/**
 * The fastify plugin: decorates the host with the engine (`fastify.aftersales`) and mounts the
 * after-sales routes under the host's prefix, in their own encapsulated context so the error
 * format, validator and 404 handler stay ours and never change the host's.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import type { Aftersales } from '../../domain/aftersales-api.js';
import { isAftersalesError } from '../../domain/errors.js';
import type { CopyDefinition } from '../../domain/document.js';
import { buildPermissionTable, type PermissionRow, type PermissionTable } from '../../domain/permissions/permission-table.js';
import { FORM_KINDS, ROLES, type Actor, type FormKind } from '../../domain/vocabulary.js';
import { workflows } from '../../forms/workflows.js';
import { registerDocumentRoutes } from './document-routes.js';
import { registerFormRoutes } from './form-routes.js';
import { registerInboxRoutes } from './inbox-routes.js';
import { registerOutboxRoutes } from './outbox-routes.js';
import { registerCalendarRoutes } from './calendar-routes.js';
import { registerReportRoutes } from './report-routes.js';
import { parsePluginOptions, type AftersalesPluginOptions, type ResolvedPluginOptions } from './options.js';
import { httpError, PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';
import { useDepthBoundJsonParser } from './json-body.js';
import { localeOf, type RouteContext } from './route-context.js';
import { formSchemaId, sharedSchemas } from './schemas.js';
import { createValidatorCompiler } from './validation.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The after-sales engine the plugin serves. */
    aftersales: Aftersales;
  }
  interface FastifyRequest {
    /** The authenticated caller of an after-sales route. */
    aftersalesActor?: Actor;
  }
  interface FastifyContextConfig {
    /** Routes that answer without authentication (the OpenAPI document). */
    aftersalesPublic?: boolean;
    /** Routes whose body is optional: none, or an empty JSON body, counts as `{}` (workflow steps). */
    aftersalesOptionalBody?: boolean;
  }
}

/** The actor a host's `authenticate` returned, checked so a bad one is a 500, not a silent grant. */
function checkActor(actor: unknown): Actor | undefined {
  if (actor === undefined || actor === null) return undefined;
  const a = actor as Actor;
  const ok =
    typeof a.id === 'string' &&
    a.id.length > 0 &&
    typeof a.department === 'string' &&
    Array.isArray(a.roles) &&
    a.roles.every((r) => (ROLES as readonly string[]).includes(r));
  if (!ok) throw new Error('authenticate() returned something that is not an Actor { id, roles, department }');
  return a;
}

/** The default table: workflow roles plus the copies of the current definitions. */
async function defaultTable(aftersales: Aftersales): Promise<PermissionTable> {
  const copies: Partial<Record<FormKind, CopyDefinition[]>> = {};
  for (const kind of FORM_KINDS) copies[kind] = (await aftersales.forms.definition(kind)).copies;
  return buildPermissionTable({ workflows, copies });
}

/** The routes' own encapsulated context. */
function routesPlugin(options: ResolvedPluginOptions): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const aftersales = app.aftersales;
    const shared: object[] = [...sharedSchemas];
    for (const kind of FORM_KINDS) {
      const def = await aftersales.forms.definition(kind, 1).catch(() => aftersales.forms.definition(kind));
      const { $schema: _draft, $id: _id, ...schema } = def.schema as Record<string, unknown>;
      shared.push({ ...schema, $id: formSchemaId(kind), title: (schema.title as string | undefined) ?? def.title.en });
    }
    for (const s of shared) app.addSchema(s);
    app.setValidatorCompiler(createValidatorCompiler(shared));
    // Response schemas document the API; compiling serializers against every form schema costs
    // more at start-up than it saves per reply.
    app.setSerializerCompiler(() => (data) => JSON.stringify(data));

    app.decorateRequest('aftersalesActor', undefined);
    // Bodies are JSON only: anything else is a 415, not a string that fails validation.
    app.removeContentTypeParser('text/plain');
    useDepthBoundJsonParser(app);

    app.setErrorHandler((err, request, reply) => {
      const { status, problem } = toProblem(err, localeOf(request), request.url);
      if (status >= 500) request.log.error({ err }, 'after-sales request failed');
      else if (!isAftersalesError(err)) request.log.info({ code: problem.code }, 'after-sales request refused');
      if (status === 401) reply.header('www-authenticate', 'Bearer realm="erp-aftersales"');
      if (status === 503) reply.header('retry-after', '5');
      return reply.code(status).type(PROBLEM_CONTENT_TYPE).send(problem);
    });
    // Unknown paths under the prefix answer in the same problem format.
    if (options.prefix && options.prefix !== '/') {
      app.setNotFoundHandler((request, reply) => {
        const { status, problem } = toProblem(httpError('routeNotFound'), localeOf(request), request.url);
        return reply.code(status).type(PROBLEM_CONTENT_TYPE).send(problem);
      });
    }

    app.addHook('onRequest', async (request: FastifyRequest) => {
      if (request.routeOptions.config?.aftersalesPublic) return;
      const actor = checkActor(await options.authenticate(request));
      if (!actor) throw httpError('unauthenticated');
      request.aftersalesActor = actor;
    });

    const openapi = options.openapi;
    if (openapi && !app.hasDecorator('swagger')) {
      const info = typeof openapi === 'object' ? openapi : {};
      await app.register(swagger, {
        // Component names from the schemas' stable `$id`s (`urn:erp-aftersales:money` → `money`).
        refResolver: {
          buildLocalReference: (json, _base, _fragment, i) =>
            typeof json.$id === 'string' ? json.$id.replace(/^urn:erp-aftersales:/, '').replace(/[^A-Za-z0-9._-]/g, '-') : `def-${i}`,
        },
        openapi: {
          openapi: '3.1.0',
          info: {
            title: info.title ?? 'erp-aftersales',
            version: info.version ?? '1',
            description: 'After-sales service forms, workflows, approval authority and multi-copy slips. Errors are application/problem+json.',
          },
          components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
          security: [{ apiKey: [] }],
        },
      });
    }

    const fixed = options.permissions as PermissionRow[] | undefined;
    const ctx: RouteContext = {
      aftersales,
      table: fixed ?? (await defaultTable(aftersales)),
      refreshTable: async () => {
        if (!fixed) ctx.table = await defaultTable(aftersales);
      },
      pageSize: { default: options.pageSize.default, max: options.pageSize.max },
      bodyLimit: options.bodyLimit,
      inboxPdfMax: options.inboxPdfMax,
    };
    registerFormRoutes(app, ctx);
    registerDocumentRoutes(app, ctx);
    registerInboxRoutes(app, ctx);
    registerOutboxRoutes(app, ctx);
    registerCalendarRoutes(app, ctx);
    registerReportRoutes(app, ctx);

    if (openapi) {
      app.get('/openapi.json', { config: { aftersalesPublic: true }, schema: { hide: true } as object }, async () =>
        (app as FastifyInstance & { swagger(): unknown }).swagger(),
      );
    }
  };
}

const plugin: FastifyPluginAsync<AftersalesPluginOptions> = async (fastify, rawOptions) => {
  const options = parsePluginOptions(rawOptions);
  let aftersales = options.aftersales;
  if (!aftersales) {
    // Loaded only when the plugin builds the engine itself.
    const { createAftersales } = await import('../../create-aftersales.js');
    const built: Aftersales = await createAftersales(options.engine as Parameters<typeof createAftersales>[0]);
    aftersales = built;
    fastify.addHook('onClose', async () => built.close());
  }
  fastify.decorate('aftersales', aftersales);
  await fastify.register(routesPlugin(options), { prefix: options.prefix ?? '' });
};

/**
 * The after-sales fastify plugin. Register it with a prefix and an `authenticate` function; give
 * it an engine or the options to build one. Every route is described in the OpenAPI document at
 * `<prefix>/openapi.json`; every error is `application/problem+json` in the caller's language.
 *
 * @example
 * import Fastify from 'fastify';
 * import { aftersalesPlugin } from 'erp-aftersales/fastify';
 *
 * const app = Fastify();
 * await app.register(aftersalesPlugin, {
 *   prefix: '/aftersales',
 *   engine: { store: { kind: 'sqlite', file: './data/aftersales.db' } },
 *   authenticate: async (request) => users.byToken(request.headers.authorization),
 * });
 * await app.listen({ port: 3000, host: '127.0.0.1' });
 */
export const aftersalesPlugin = fp(plugin, { name: 'erp-aftersales', fastify: '5.x' });
