/**
 * One fastify app per drill file: the real engine on a real SQLite file in a temp directory, the
 * real plugin, and a bearer token per role (`Bearer drill-<role>`) so a test can act as anyone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { createAftersales } from '../../../src/create-aftersales.js';
import { aftersalesPlugin } from '../../../src/fastify.js';
import type { Aftersales } from '../../../src/domain/aftersales-api.js';
import { ROLE_DEPARTMENTS } from '../../../src/domain/permissions/permission-table.js';
import { ROLES, type Actor, type Role } from '../../../src/domain/vocabulary.js';

/** Where the plugin is mounted, as the standalone server mounts it. */
export const PREFIX = '/aftersales';

/**
 * One user per role, in the department the permission table puts that role in.
 *
 * @example
 * ACTORS.accounting.department; // 'accounting'
 */
export const ACTORS: Record<Role, Actor> = Object.fromEntries(
  ROLES.map((role) => [role, { id: `u-${role}`, name: `drill ${role}`, roles: [role], department: ROLE_DEPARTMENTS[role] ?? 'gm-office' }]),
) as Record<Role, Actor>;

/**
 * The Authorization header of a role's user.
 *
 * @example
 * await app.inject({ method: 'GET', url: `${PREFIX}/forms`, headers: bearer('admin') });
 */
export function bearer(role: Role): { authorization: string } {
  return { authorization: `Bearer drill-${role}` };
}

/** A running drill app and how to take it down. */
export interface DrillApp {
  app: FastifyInstance;
  aftersales: Aftersales;
  dir: string;
  dbFile: string;
  close(): Promise<void>;
}

/**
 * Builds the app on a fresh SQLite file.
 *
 * @example
 * const { app, close } = await buildDrillApp();
 */
export async function buildDrillApp(options: { engine?: Record<string, unknown>; dir?: string } = {}): Promise<DrillApp> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'aftersales-drill-'));
  const dbFile = join(dir, 'aftersales.db');
  const aftersales = createAftersales({ store: { kind: 'sqlite', file: dbFile }, ...options.engine } as Parameters<typeof createAftersales>[0]);
  const app = Fastify({ logger: false });
  await app.register(aftersalesPlugin, {
    prefix: PREFIX,
    aftersales,
    openapi: false,
    authenticate: (request) => {
      const m = /^Bearer drill-([a-z-]+)$/.exec(String(request.headers.authorization ?? ''));
      return m && (ROLES as readonly string[]).includes(m[1]!) ? ACTORS[m[1] as Role] : undefined;
    },
  });
  await app.ready();
  return {
    app,
    aftersales,
    dir,
    dbFile,
    async close() {
      await app.close();
      await aftersales.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A JSON request as a role; returns status and parsed body.
 *
 * @example
 * const { status, body } = await call(app, 'POST', '/documents/complaint', 'sales', { data });
 */
export async function call(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  role: Role | undefined,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; res: LightMyRequestResponse }> {
  const res = await app.inject({
    method,
    url: PREFIX + path,
    headers: { ...(role ? bearer(role) : {}), ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
  });
  let body: any;
  try {
    body = res.headers['content-type']?.toString().includes('json') ? res.json() : res.rawPayload;
  } catch {
    body = res.body;
  }
  return { status: res.statusCode, body, res };
}
