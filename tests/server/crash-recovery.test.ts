/**
 * Kills the standalone server with SIGKILL while it is acknowledging creations, restarts it on the
 * same data directory, and finds every acknowledged (201) complaint with its number; the numbers
 * have no gap, and `erp-aftersales verify` reports the audit chain intact.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { formSamples } from '../../src/forms/definitions.js';
import { ensureApiKeys } from '../../src/server/api-keys.js';
import { spawnServer } from './fixtures/spawn-server.js';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'aftersales-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('a server killed mid-stream', () => {
  it('loses no acknowledged document and keeps the audit chain intact', async () => {
    const { keys } = ensureApiKeys(join(dataDir, 'api-keys.json'));
    const salesKey = Object.entries(keys).find(([, a]) => a.roles.includes('sales'))![0];
    const adminKey = Object.entries(keys).find(([, a]) => a.roles.includes('admin'))![0];
    const body = JSON.stringify({ data: formSamples.complaint });

    const first = await spawnServer({ dataDir });
    const acknowledged = new Map<string, string>();
    let failedAfterKill = 0;
    // The clients keep sending until the process is gone, so requests are in flight when it dies.
    let killing = false;
    let killed = false;
    const client = async (c: number): Promise<void> => {
      for (let i = 0; !killed; i++) {
        try {
          const res = await fetch(`${first.url}/documents/complaint`, {
            method: 'POST',
            headers: { authorization: `Bearer ${salesKey}`, 'content-type': 'application/json', 'idempotency-key': `crash-${c}-${i}` },
            body,
          });
          if (res.status === 201) {
            const doc = (await res.json()) as { id: string; number: string };
            acknowledged.set(doc.id, doc.number);
          } else throw new Error(`unexpected ${res.status}: ${await res.text()}`);
        } catch (e) {
          if (!killing) throw e;
          failedAfterKill++;
        }
      }
    };
    const clients = Array.from({ length: 8 }, (_, c) => client(c));
    // Kill once a good number are acknowledged, while the clients keep sending.
    const started = Date.now();
    while (acknowledged.size < 150 && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 10));
    killing = true;
    await first.kill();
    killed = true;
    await Promise.all(clients);
    expect(acknowledged.size).toBeGreaterThanOrEqual(150);
    expect(first.child.signalCode).toBe('SIGKILL');
    // Requests were in flight when it died.
    expect(failedAfterKill).toBeGreaterThan(0);

    const second = await spawnServer({ dataDir });
    try {
      const headers = { authorization: `Bearer ${adminKey}` };
      for (const [id, number] of acknowledged) {
        const res = await fetch(`${second.url}/documents/${id}`, { headers });
        expect(res.status, id).toBe(200);
        expect(((await res.json()) as { number: string }).number).toBe(number);
      }
      // Every stored complaint (acknowledged or caught between commit and answer) numbered 1..n without a gap.
      const numbers: string[] = [];
      let cursor: string | undefined;
      do {
        const page = (await (await fetch(`${second.url}/documents?kind=complaint&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers })).json()) as {
          items: { number: string }[];
          nextCursor?: string;
        };
        numbers.push(...page.items.map((d) => d.number));
        cursor = page.nextCursor;
      } while (cursor);
      expect(numbers.length).toBeGreaterThanOrEqual(acknowledged.size);
      const serials = numbers.map((n) => Number(n.split('-')[1])).sort((a, b) => a - b);
      expect(serials).toEqual(Array.from({ length: serials.length }, (_, i) => i + 1));
    } finally {
      await second.stop();
    }
    // SIGTERM is a graceful shutdown.
    expect(second.child.exitCode).toBe(0);

    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'verify', '--data', dataDir, '--json'], { cwd: join(import.meta.dirname, '../..') });
    const verdict = JSON.parse(stdout) as { intact: boolean; checked: number };
    expect(verdict.intact).toBe(true);
    expect(verdict.checked).toBeGreaterThanOrEqual(acknowledged.size);
  }, 180_000);
});
