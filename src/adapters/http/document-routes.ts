/**
 * Documents: create (with `Idempotency-Key`), read, list, act, print, audit trail, write-backs.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AftersalesDocument } from '../../domain/document.js';
import { invalidData, notFound } from '../../domain/errors.js';
import { can } from '../../domain/permissions/permission-table.js';
import type { Actor } from '../../domain/vocabulary.js';
import { isFormKind, type FormKind } from '../../domain/vocabulary.js';
import type { Money } from '../../domain/money.js';
import { workflows } from '../../forms/workflows.js';
import { StepDataValidator } from '../../forms/validation/step-data.js';
import { actorOf, assertMay, assertMayEver, localeOf, pageLimit, type RouteContext } from './route-context.js';
import { roleNotAllowed } from './problem.js';
import { pdfFileName, sendPdf } from './pdf-reply.js';
import {
  actionBodySchema,
  createBodySchema,
  createHeadersSchema,
  formSchemaId,
  idParamsSchema,
  kindParamsSchema,
  listQuerySchema,
  problemResponses,
} from './schemas.js';

/**
 * The document as the API shows it: the stored document with `version` for its form version.
 *
 * @example
 * reply.send(documentView(doc));
 */
export function documentView(doc: AftersalesDocument): Record<string, unknown> {
  return {
    id: doc.id,
    kind: doc.kind,
    number: doc.number,
    status: doc.status,
    version: doc.formVersion,
    revision: doc.revision,
    data: doc.data,
    ...(doc.approval ? { approval: doc.approval } : {}),
    links: doc.links,
    deadlines: doc.deadlines,
    // Host records written from figures that changed since: someone must correct them in the host.
    ...(doc.outdatedHostRecords?.length ? { outdatedHostRecords: doc.outdatedHostRecords } : {}),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    createdBy: doc.createdBy,
  };
}

/** The actions the caller may take now: the engine's answer within the permission table. */
async function actionsFor(ctx: RouteContext, doc: AftersalesDocument, actor: Actor): Promise<string[]> {
  const offered = await ctx.aftersales.documents.availableActions(doc.id, actor);
  return offered.filter((a) => can(actor, doc.kind, a, { table: ctx.table, state: doc.status }));
}

/** Loads a document the caller may see with `action`, or 404/403. */
async function loadFor(ctx: RouteContext, id: string, actor: Actor, action: string): Promise<AftersalesDocument> {
  const doc = await ctx.aftersales.documents.get(id);
  if (!doc) throw notFound('document', id);
  assertMay(ctx, actor, doc, action);
  return doc;
}

/** A 201 for a fresh document with its location. */
function created(reply: FastifyReply, prefix: string, doc: AftersalesDocument): Record<string, unknown> {
  reply.code(201).header('location', `${prefix}/documents/${encodeURIComponent(doc.id)}`);
  return {
    id: doc.id,
    kind: doc.kind,
    number: doc.number,
    status: doc.status,
    version: doc.formVersion,
    revision: doc.revision,
    deadlines: doc.deadlines,
    createdAt: doc.createdAt,
  };
}

/**
 * Registers the document routes.
 *
 * @example
 * registerDocumentRoutes(instance, ctx);
 */
export function registerDocumentRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const steps = new StepDataValidator();
  app.post(
    '/documents/:kind',
    {
      bodyLimit: ctx.bodyLimit,
      schema: {
        tags: ['documents'],
        summary: 'Creates a document; the same Idempotency-Key and body give the same document, never a second one',
        description: `\`data\` must be valid against the effective version of the form's schema (GET /forms/:kind); the shipped versions are ${['complaint', 'repair-voucher', 'return-slip', 'penalty-notice', 'allowance-certificate'].map((k) => '`' + formSchemaId(k) + '`').join(', ')}.`,
        params: kindParamsSchema,
        headers: createHeadersSchema,
        body: { $ref: `${createBodySchema.$id}#` },
        response: { 201: { $ref: 'urn:erp-aftersales:created#' }, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const kind = (request.params as { kind: string }).kind;
      if (!isFormKind(kind)) throw notFound('form', kind);
      assertMayEver(ctx, actor, kind, 'create');
      const body = request.body as { data: Record<string, unknown>; amount?: Money; refiles?: string };
      const key = request.headers['idempotency-key'];
      const doc = await ctx.aftersales.documents.create(
        kind,
        { data: body.data, ...(body.amount ? { amount: body.amount } : {}) },
        actor,
        // Keys are per caller: another user's identical request never replays (or reveals) this one's document.
        { ...(typeof key === 'string' ? { idempotencyKey: `${actor.id}:${key}` } : {}), ...(body.refiles ? { refiles: body.refiles } : {}) },
      );
      return created(reply, app.prefix, doc);
    },
  );

  app.get(
    '/documents/:id',
    {
      schema: {
        tags: ['documents'],
        summary: 'One document with its status, history summary, deadlines and the actions the caller may take',
        params: idParamsSchema,
        response: problemResponses(400, 401, 403, 404),
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const doc = await loadFor(ctx, (request.params as { id: string }).id, actor, 'read');
      const [events, availableActions] = await Promise.all([ctx.aftersales.documents.audit(doc.id), actionsFor(ctx, doc, actor)]);
      return {
        ...documentView(doc),
        availableActions,
        history: events.map((e) => ({ at: e.at, actorId: e.actorId, action: e.action, from: e.from, to: e.to, ...(e.note ? { note: e.note } : {}) })),
      };
    },
  );

  app.get(
    '/documents',
    {
      schema: {
        tags: ['documents'],
        summary: 'A page of documents the caller may read',
        querystring: listQuerySchema,
        response: problemResponses(400, 401, 403),
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const q = request.query as { kind?: FormKind; status?: string; overdue?: boolean; cursor?: string; limit?: number };
      if (q.kind) assertMayEver(ctx, actor, q.kind, 'read');
      const page = await ctx.aftersales.documents.list({
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.overdue ? { overdueAt: new Date().toISOString() } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
        limit: pageLimit(ctx, q.limit),
      });
      // Documents the caller may not read stay out of the page; the cursor still moves past them.
      const items = page.items.filter((d) => can(actor, d.kind, 'read', { table: ctx.table, state: d.status })).map(documentView);
      return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    },
  );

  app.post(
    '/documents/:id/actions/:action',
    {
      bodyLimit: ctx.bodyLimit,
      // Most steps carry nothing: `curl -X POST …/actions/close` needs no body.
      config: { aftersalesOptionalBody: true },
      preValidation: async (request) => {
        if (request.body === undefined) request.body = {};
      },
      schema: {
        tags: ['documents'],
        summary: "A workflow step; 409 when the state does not allow it, 403 when the caller's role or authority does not",
        params: {
          type: 'object',
          required: ['id', 'action'],
          properties: { id: { type: 'string', minLength: 1, maxLength: 64 }, action: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' } },
        },
        body: { $ref: `${actionBodySchema.$id}#` },
        response: problemResponses(400, 401, 403, 404, 409, 413, 415, 422),
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { id, action } = request.params as { id: string; action: string };
      const doc = await ctx.aftersales.documents.get(id);
      if (!doc) throw notFound('document', id);
      // An action the table knows is refused here by role; an unknown one is the engine's to answer (404/409).
      const known = ctx.table.some((r) => r.formKind === doc.kind && r.action === action);
      if (known && !can(actor, doc.kind, action, { table: ctx.table, state: doc.status })) throw roleNotAllowed(action, doc.kind, actor.roles);
      const body = (request.body ?? {}) as { data?: Record<string, unknown>; amount?: Money; comment?: string };
      // A value the step's own effect overwrites would otherwise pass unseen: each sent field must fit.
      const takesStep = workflows[doc.kind].transitions.some((t) => t.action === action && t.from.includes(doc.status));
      if (body.data && takesStep) {
        const errors = steps.validate(await ctx.aftersales.forms.definition(doc.kind, doc.formVersion), body.data);
        if (errors.length) throw invalidData(errors);
      }
      const next = await ctx.aftersales.documents.act(id, action, body, actor);
      const availableActions = await actionsFor(ctx, next, actor);
      return { ...documentView(next), availableActions };
    },
  );

  app.get(
    '/documents/:id/pdf',
    {
      schema: {
        tags: ['documents'],
        summary: 'The printed form: one labelled copy (?copy=N) or every copy (?copy=all) in one PDF',
        params: idParamsSchema,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { copy: { type: 'string', pattern: '^(all|[1-9][0-9]?)$', default: 'all' } },
        },
        response: problemResponses(400, 401, 403, 404),
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const doc = await loadFor(ctx, (request.params as { id: string }).id, actor, 'pdf');
      const copy = (request.query as { copy?: string }).copy ?? 'all';
      const copies = copy === 'all' ? ('all' as const) : [Number(copy)];
      const pdf = await ctx.aftersales.documents.pdf(doc.id, copies, localeOf(request));
      return sendPdf(reply, pdf, pdfFileName(doc, copy));
    },
  );

  app.get(
    '/documents/:id/audit',
    {
      schema: { tags: ['documents'], summary: 'The audit trail (hash-chained events)', params: idParamsSchema, response: problemResponses(400, 401, 403, 404) },
    },
    async (request) => {
      const doc = await loadFor(ctx, (request.params as { id: string }).id, actorOf(request), 'audit');
      return { items: await ctx.aftersales.documents.audit(doc.id) };
    },
  );

  app.get(
    '/documents/:id/outbox',
    {
      schema: {
        tags: ['documents'],
        summary: 'The write-backs to the host ERP this document caused, with their delivery state (pending, delivered, failed, parked, superseded)',
        params: idParamsSchema,
        response: { 200: { $ref: 'urn:erp-aftersales:outbox-list#' }, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const doc = await loadFor(ctx, (request.params as { id: string }).id, actorOf(request), 'audit');
      return { items: await ctx.aftersales.documents.outbox(doc.id) };
    },
  );
}
