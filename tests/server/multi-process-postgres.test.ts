/**
 * Two server processes on one PostgreSQL, 50 concurrent clients creating 2,000 complaints across
 * both: every number `YYMM-NNN` appears exactly once and the serials run 1..2000 with no gap.
 * One Idempotency-Key sent to both processes at once gives one document.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formSamples } from '../../src/forms/definitions.js';
import { ensureApiKeys } from '../../src/server/api-keys.js';
import { startPostgres, type PostgresHandle } from '../support/postgres.js';
import { spawnServer, type ServerProcess } from './fixtures/spawn-server.js';

const run = promisify(execFile);
const TOTAL = 2000;
const CLIENTS = 50;

let db: PostgresHandle;
let servers: ServerProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'aftersales-multi-'));

beforeAll(async () => {
  db = await startPostgres();
  ensureApiKeys(join(dataDir, 'api-keys.json'));
  const store = { kind: 'postgres', connectionString: db.connectionString };
  servers = await Promise.all([spawnServer({ dataDir, store }), spawnServer({ dataDir, store })]);
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await db?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('two server processes on one PostgreSQL', () => {
  it('number 2,000 concurrent complaints once each, without a gap', async () => {
    const { keys } = ensureApiKeys(join(dataDir, 'api-keys.json'));
    const salesKey = Object.entries(keys).find(([, a]) => a.roles.includes('sales'))![0];
    const body = JSON.stringify({ data: formSamples.complaint });
    const numbers: string[] = [];
    const perServer = [0, 0];
    let next = 0;
    const client = async (): Promise<void> => {
      for (let i = next++; i < TOTAL; i = next++) {
        const target = i % servers.length;
        const res = await fetch(`${servers[target]!.url}/documents/complaint`, {
          method: 'POST',
          headers: { authorization: `Bearer ${salesKey}`, 'content-type': 'application/json', 'idempotency-key': `multi-${i}` },
          body,
        });
        if (res.status !== 201) throw new Error(`request ${i}: ${res.status} ${await res.text()}`);
        numbers.push(((await res.json()) as { number: string }).number);
        perServer[target]!++;
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));

    expect(perServer).toEqual([TOTAL / 2, TOTAL / 2]);
    expect(new Set(numbers).size).toBe(TOTAL);
    const periods = new Set(numbers.map((n) => n.split('-')[0]));
    expect(periods.size).toBe(1);
    const serials = numbers.map((n) => Number(n.split('-')[1])).sort((a, b) => a - b);
    expect(serials).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));

    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'verify', '--postgres', db.connectionString, '--json'], {
      cwd: join(import.meta.dirname, '../..'),
    });
    const verdict = JSON.parse(stdout) as { intact: boolean; checked: number };
    expect(verdict.intact).toBe(true);
    expect(verdict.checked).toBeGreaterThanOrEqual(TOTAL);
  }, 240_000);

  it('give one document for one Idempotency-Key sent to both processes at once, and still number without a gap', async () => {
    const { keys } = ensureApiKeys(join(dataDir, 'api-keys.json'));
    const salesKey = Object.entries(keys).find(([, a]) => a.roles.includes('sales'))![0];
    const send = (i: number, key: string, body: unknown) =>
      fetch(`${servers[i % 2]!.url}/documents/complaint`, {
        method: 'POST',
        headers: { authorization: `Bearer ${salesKey}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      });
    const before = await storedNumbers();
    for (let round = 0; round < 3; round++) {
      // Other creations in flight too, so the repeats share their batches with documents that must be kept.
      const [repeats, others] = await Promise.all([
        Promise.all(Array.from({ length: 12 }, (_, i) => send(i, `both-${round}`, { data: formSamples.complaint }))),
        Promise.all(Array.from({ length: 12 }, (_, i) => send(i, `other-${round}-${i}`, { data: formSamples.complaint }))),
      ]);
      for (const r of [...repeats, ...others]) expect(r.status, await r.clone().text()).toBeLessThan(300);
      const ids = await Promise.all(repeats.map(async (r) => ((await r.json()) as { id: string }).id));
      expect(new Set(ids).size).toBe(1);
    }
    // The same key with another body is a conflict on either process.
    const reused = await send(1, 'both-0', { data: { ...formSamples.complaint, quantityDefective: 1 } });
    expect(reused.status).toBe(409);
    const after = await storedNumbers();
    expect(after.length - before.length).toBe(3 * 13);
    const serials = after.map((n) => Number(n.split('-')[1])).sort((a, b) => a - b);
    expect(serials).toEqual(Array.from({ length: after.length }, (_, i) => i + 1));
  }, 120_000);
});

/** Every document number stored, read from PostgreSQL itself. */
async function storedNumbers(): Promise<string[]> {
  const client = new pg.Client({ connectionString: db.connectionString });
  await client.connect();
  try {
    return (await client.query('SELECT number FROM aftersales.documents')).rows.map((r: { number: string }) => r.number);
  } finally {
    await client.end();
  }
}
