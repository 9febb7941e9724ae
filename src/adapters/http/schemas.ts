/**
 * The JSON Schemas of the HTTP surface: request envelopes, query strings, responses and the
 * problem body. Registered with `addSchema` under stable `$id`s and referenced by the routes, so
 * the OpenAPI document names them.
 *
 * Why the create route validates the envelope and not the form itself: an admin's customisation
 * adds fields and required fields and makes a new version while the server runs, so the schema a
 * document must satisfy is only known per request. The engine validates `data` against the
 * effective version (every error at once, with pointers and messages in both languages); the
 * route schema bounds the envelope (`data` an object, `amount` integer minor units, `comment`
 * length). The shipped form schemas are registered too (`urn:erp-aftersales:form:<kind>`) and
 * linked from the route's description for documentation.
 */
import { FORM_KINDS } from '../../domain/vocabulary.js';

/** `$id` of a form kind's shipped schema as registered with fastify. */
export const formSchemaId = (kind: string): string => `urn:erp-aftersales:form:${kind}`;

/** Integer minor units with a currency: never a float. */
export const moneySchema = {
  $id: 'urn:erp-aftersales:money',
  type: 'object',
  required: ['amount', 'currency'],
  additionalProperties: false,
  properties: {
    amount: { type: 'integer', minimum: 0, maximum: 9007199254740991, description: 'integer minor units (fen, cents); an allowance, a loss, a price or a refund is never negative' },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
  },
} as const;

/** The body of `POST /documents/:kind`. */
export const createBodySchema = {
  $id: 'urn:erp-aftersales:create-document',
  type: 'object',
  required: ['data'],
  additionalProperties: false,
  properties: {
    data: { type: 'object', description: "the form's fields, valid against the effective version of the form's schema (GET /forms/:kind)" },
    amount: { $ref: 'urn:erp-aftersales:money' },
    refiles: { type: 'string', minLength: 1, maxLength: 64, description: 'id of a complaint the customer rejected; the new one links it' },
  },
} as const;

/** The body of `POST /documents/:id/actions/:action`. */
export const actionBodySchema = {
  $id: 'urn:erp-aftersales:action',
  type: 'object',
  additionalProperties: false,
  properties: {
    data: { type: 'object', description: 'fields merged into the document (objects deep-merged, arrays replaced)' },
    amount: { $ref: 'urn:erp-aftersales:money' },
    comment: { type: 'string', maxLength: 2000 },
  },
} as const;

/** A deadline as returned. */
export const deadlineSchema = {
  $id: 'urn:erp-aftersales:deadline',
  type: 'object',
  properties: {
    name: { type: 'string' },
    dueAt: { type: 'string' },
    startedAt: { type: 'string' },
    metAt: { type: 'string' },
    endsWith: { type: 'string' },
  },
} as const;

/** What a successful creation answers. */
export const createdSchema = {
  $id: 'urn:erp-aftersales:created',
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string' },
    number: { type: 'string' },
    status: { type: 'string' },
    version: { type: 'integer', description: 'the form definition version the document keeps' },
    revision: { type: 'integer' },
    deadlines: { type: 'array', items: { $ref: 'urn:erp-aftersales:deadline' } },
    createdAt: { type: 'string' },
  },
} as const;

/** The problem body of every error. */
export const problemSchema = {
  $id: 'urn:erp-aftersales:problem',
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { pointer: { type: 'string' }, message: { type: 'string' }, code: { type: 'string' }, in: { type: 'string' } } },
    },
    details: { type: 'object', additionalProperties: true },
  },
} as const;

/** Query of `GET /documents`. */
export const listQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: [...FORM_KINDS] },
    status: { type: 'string', minLength: 1, maxLength: 64 },
    overdue: { type: 'boolean' },
    cursor: { type: 'string', minLength: 1, maxLength: 512 },
    limit: { type: 'integer', minimum: 1, maximum: 1000 },
  },
} as const;

/** Query of the inbox routes. */
export const inboxQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    cursor: { type: 'string', minLength: 1, maxLength: 512 },
    limit: { type: 'integer', minimum: 1, maximum: 1000 },
  },
} as const;

/** Path parameter `:id`. */
export const idParamsSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

/** Path parameter `:kind` (checked against the five kinds in the handler for a 404). */
export const kindParamsSchema = {
  type: 'object',
  required: ['kind'],
  properties: { kind: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

/** Header `Idempotency-Key`. */
export const createHeadersSchema = {
  type: 'object',
  properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 255 } },
} as const;

/** The delivery states of a write-back to the host ERP. */
export const OUTBOX_STATUSES = ['pending', 'delivered', 'failed', 'parked', 'superseded'] as const;

/** One write-back to the host ERP and its delivery state, as returned. */
export const outboxEntrySchema = {
  $id: 'urn:erp-aftersales:outbox-entry',
  type: 'object',
  properties: {
    id: { type: 'integer' },
    documentId: { type: 'string' },
    operation: { type: 'string', enum: ['create-customer-return', 'create-credit-memo-request', 'post-penalty-deduction'] },
    reference: { type: 'string', description: 'our document number; the host never gets two records for it' },
    payload: { type: 'object', additionalProperties: true },
    status: {
      type: 'string',
      enum: [...OUTBOX_STATUSES],
      description: '`parked`: refused or given up after its attempts, waiting for an admin to retry; `superseded`: never sent, replaced by a write-back with re-approved figures',
    },
    attempts: { type: 'integer' },
    nextAttemptAt: { type: 'string' },
    hostKey: { type: 'string' },
    lastError: { type: 'string' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;

/** A list of write-backs. */
export const outboxListSchema = {
  $id: 'urn:erp-aftersales:outbox-list',
  type: 'object',
  properties: { items: { type: 'array', items: { $ref: 'urn:erp-aftersales:outbox-entry' } } },
} as const;

/** Query of `GET /admin/outbox`. */
export const outboxQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: [...OUTBOX_STATUSES] },
    documentId: { type: 'string', minLength: 1, maxLength: 64 },
  },
} as const;

/** Every shared schema, in registration order. */
export const sharedSchemas = [moneySchema, createBodySchema, actionBodySchema, deadlineSchema, createdSchema, problemSchema, outboxEntrySchema, outboxListSchema] as const;

/** Error responses every route may give, for the OpenAPI document. */
export const problemResponses = (...statuses: number[]): Record<number, unknown> =>
  Object.fromEntries(statuses.map((s) => [s, { description: 'application/problem+json', $ref: 'urn:erp-aftersales:problem#' }]));
