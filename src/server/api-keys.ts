/**
 * API-key authentication of the standalone server: `DIR/api-keys.json` maps each key to a user,
 * roles and department; clients send `Authorization: Bearer <key>`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { ROLES, type Actor, type Role } from '../domain/vocabulary.js';

const actorSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  roles: z.array(z.enum(ROLES)).min(1),
  department: z.string().min(1),
});

/** The file's shape: `{ "<key>": { id, name, roles, department } }`. */
export const apiKeysFileSchema = z.record(z.string(), actorSchema).superRefine((keys, ctx) => {
  for (const key of Object.keys(keys)) {
    if (key.length < 16) ctx.addIssue({ code: 'custom', path: [key.slice(0, 4) + '…'], message: 'an API key must have at least 16 characters' });
  }
});

/**
 * The parsed `api-keys.json`.
 *
 * @example
 * const keys: ApiKeys = { 'k-3f9…': { id: 'u-accounting', name: '李会计', roles: ['accounting'], department: 'accounting' } };
 */
export type ApiKeys = Record<string, Actor>;

/** The demo users the first run creates: one per role the forms need, in Chinese. */
export const DEMO_USERS: { role: Role; id: string; name: string; department: string }[] = [
  { role: 'sales', id: 'u-sales', name: '王业务', department: 'sales' },
  { role: 'gm-office', id: 'u-gm-office', name: '陈生管', department: 'gm-office' },
  { role: 'qa', id: 'u-qa', name: '刘品管', department: 'qa' },
  { role: 'production', id: 'u-production', name: '赵课长', department: 'manufacturing' },
  { role: 'rnd', id: 'u-rnd', name: '孙工程师', department: 'rnd' },
  { role: 'sales-manager', id: 'u-sales-manager', name: '周经理', department: 'sales' },
  { role: 'vp', id: 'u-vp', name: '吴副总', department: 'gm-office' },
  { role: 'gm', id: 'u-gm', name: '郑总经理', department: 'gm-office' },
  { role: 'warehouse', id: 'u-warehouse', name: '钱仓管', department: 'warehouse' },
  { role: 'accounting', id: 'u-accounting', name: '李会计', department: 'accounting' },
  { role: 'service', id: 'u-service', name: '何技师', department: 'service' },
  { role: 'service-supervisor', id: 'u-service-supervisor', name: '林主管', department: 'service' },
  { role: 'admin', id: 'u-admin', name: '系统管理员', department: 'gm-office' },
];

/**
 * Fresh random keys for the demo users.
 *
 * @example
 * const keys = createDemoApiKeys();
 * Object.values(keys).map((a) => a.roles[0]); // ['sales', 'gm-office', …]
 */
export function createDemoApiKeys(): ApiKeys {
  const keys: ApiKeys = {};
  for (const u of DEMO_USERS) keys[`ak_${u.role}_${randomBytes(18).toString('base64url')}`] = { id: u.id, name: u.name, roles: [u.role], department: u.department };
  return keys;
}

/**
 * Reads and checks an `api-keys.json`.
 *
 * @example
 * const keys = readApiKeys('./data/api-keys.json');
 */
export function readApiKeys(file: string): ApiKeys {
  const parsed = apiKeysFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file} is not a valid API-key file: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data as ApiKeys;
}

/**
 * Reads `file`, creating it with demo keys (mode 0600) when it does not exist yet.
 *
 * @example
 * const { keys, created } = ensureApiKeys('./data/api-keys.json');
 */
export function ensureApiKeys(file: string): { keys: ApiKeys; created: boolean } {
  if (existsSync(file)) return { keys: readApiKeys(file), created: false };
  const keys = createDemoApiKeys();
  writeFileSync(file, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  return { keys, created: true };
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * An `authenticate` for the plugin that accepts `Authorization: Bearer <key>`. Every known key is
 * compared in constant time (SHA-256 digests, `timingSafeEqual`), so timing reveals nothing about
 * how much of a key was right.
 *
 * @example
 * await app.register(aftersalesPlugin, { authenticate: apiKeyAuthenticator(readApiKeys(file)), … });
 */
export function apiKeyAuthenticator(keys: ApiKeys): (request: FastifyRequest) => Actor | undefined {
  const entries = Object.entries(keys).map(([key, actor]) => ({ digest: digest(key), actor }));
  return (request) => {
    const header = request.headers.authorization;
    if (typeof header !== 'string' || header.length > 512) return undefined;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) return undefined;
    const presented = digest(match[1]!);
    let found: Actor | undefined;
    for (const e of entries) if (timingSafeEqual(e.digest, presented) && !found) found = e.actor;
    return found;
  };
}
