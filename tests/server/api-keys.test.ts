import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { apiKeyAuthenticator, DEMO_USERS, ensureApiKeys, readApiKeys } from '../../src/server/api-keys.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'aftersales-keys-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const req = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as FastifyRequest;

describe('the API-key file', () => {
  it('is created on the first run with a random key for every demo role, readable only by its owner', () => {
    const file = join(tmp(), 'api-keys.json');
    const first = ensureApiKeys(file);
    expect(first.created).toBe(true);
    const roles = Object.values(first.keys).flatMap((a) => a.roles);
    for (const role of ['sales', 'gm-office', 'qa', 'production', 'rnd', 'sales-manager', 'vp', 'gm', 'warehouse', 'accounting', 'admin', 'service']) {
      expect(roles).toContain(role);
    }
    expect(Object.keys(first.keys)).toHaveLength(DEMO_USERS.length);
    expect(statSync(file).mode & 0o077).toBe(0);
    const again = ensureApiKeys(file);
    expect(again.created).toBe(false);
    expect(again.keys).toEqual(first.keys);
    expect(ensureApiKeys(join(tmp(), 'api-keys.json')).keys).not.toEqual(first.keys);
  });

  it('refuses a file with an unknown role or a short key, naming the entry', () => {
    const file = join(tmp(), 'api-keys.json');
    writeFileSync(file, JSON.stringify({ 'short': { id: 'x', roles: ['sales'], department: 'sales' } }));
    expect(() => readApiKeys(file)).toThrow(/16 characters/);
    writeFileSync(file, JSON.stringify({ ['k'.repeat(20)]: { id: 'x', roles: ['cashier'], department: 'sales' } }));
    expect(() => readApiKeys(file)).toThrow(/roles/);
  });
});

describe('API-key authentication', () => {
  const keys = {
    'sales-key-0123456789': { id: 'u-sales', roles: ['sales' as const], department: 'sales' },
    'accounting-key-012345': { id: 'u-acc', roles: ['accounting' as const], department: 'accounting' },
  };
  const authenticate = apiKeyAuthenticator(keys);

  it('maps a bearer key to its user', () => {
    expect(authenticate(req('Bearer accounting-key-012345'))?.id).toBe('u-acc');
    expect(authenticate(req('bearer sales-key-0123456789'))?.id).toBe('u-sales');
  });

  it('knows no one for a missing, malformed, unknown or truncated key', () => {
    expect(authenticate(req())).toBeUndefined();
    expect(authenticate(req('sales-key-0123456789'))).toBeUndefined();
    expect(authenticate(req('Basic c2FsZXM6eA=='))).toBeUndefined();
    expect(authenticate(req('Bearer sales-key-012345678'))).toBeUndefined();
    expect(authenticate(req('Bearer ' + 'x'.repeat(600)))).toBeUndefined();
  });

  it('reads the keys a first run wrote', () => {
    const file = join(tmp(), 'api-keys.json');
    const { keys: written } = ensureApiKeys(file);
    const [key, actor] = Object.entries(JSON.parse(readFileSync(file, 'utf8')) as typeof written)[0]!;
    expect(apiKeyAuthenticator(readApiKeys(file))(req(`Bearer ${key}`))).toEqual(actor);
  });
});
