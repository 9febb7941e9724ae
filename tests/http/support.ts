/**
 * Builds a fresh app with the plugin on the engine for each test, and speaks as any demo user.
 */
import Fastify, { type FastifyInstance, type InjectOptions, type LightMyRequestResponse } from 'fastify';
import { aftersalesPlugin } from '../../src/fastify.js';
import { AftersalesError } from '../../src/domain/errors.js';
import type { AftersalesDocument } from '../../src/domain/document.js';
import type { Role } from '../../src/domain/vocabulary.js';
import { apiKeyAuthenticator, DEMO_USERS, type ApiKeys } from '../../src/server/api-keys.js';

/** The test key of a demo role. */
export const keyOf = (role: Role): string => `test-key-${role}-0000000000`;

/** Every demo user under its test key. */
export const TEST_KEYS: ApiKeys = Object.fromEntries(
  DEMO_USERS.map((u) => [keyOf(u.role), { id: u.id, name: u.name, roles: [u.role], department: u.department }]),
);

/** A fresh app on the memory store (or the given engine options), mounted at `/aftersales`. */
export async function buildApp(engine: Record<string, unknown> = { store: { kind: 'memory' } }): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(aftersalesPlugin, { prefix: '/aftersales', engine, authenticate: apiKeyAuthenticator(TEST_KEYS) });
  await app.ready();
  return app;
}

/** A request as `role`, JSON body and language optional. */
export function call(
  app: FastifyInstance,
  role: Role | undefined,
  method: InjectOptions['method'],
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url: '/aftersales' + url,
    headers: { ...(role ? { authorization: `Bearer ${keyOf(role)}` } : {}), ...headers },
    ...(body === undefined ? {} : { payload: body as object }),
  });
}

/** The HTTP `act` the workflow walker uses: 403 comes back as a not_allowed error so the next approver tries. */
export function httpAct(app: FastifyInstance) {
  return async (id: string, action: string, input: object, actor: { roles: Role[] }): Promise<AftersalesDocument> => {
    const res = await call(app, actor.roles[0], 'POST', `/documents/${id}/actions/${action}`, input, { 'accept-language': 'en' });
    if (res.statusCode === 200) return { ...res.json(), formVersion: res.json().version } as AftersalesDocument;
    const p = res.json() as { code: string; detail: string };
    throw new AftersalesError({
      code: p.code,
      type: res.statusCode === 403 ? 'not_allowed' : 'conflict',
      message: { 'zh-CN': p.detail, en: `${action} by ${actor.roles[0]}: ${res.statusCode} ${p.detail}` },
    });
  };
}
