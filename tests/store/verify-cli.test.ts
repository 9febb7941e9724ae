import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/adapters/postgres/index.js';
import { createSqliteStore } from '../../src/adapters/sqlite/index.js';
import { describeVerification, verifyStoreAuditChain } from '../../src/cli/verify.js';
import type { DocumentStore } from '../../src/domain/ports.js';
import { startPostgres, type PostgresHandle } from '../support/postgres.js';

const cli = fileURLToPath(new URL('./fixtures/verify-cli.ts', import.meta.url));

function runVerify(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'verify', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function writeEvents(store: DocumentStore, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await store.transaction((tx) =>
      tx.appendAudit({ documentId: `doc-${i % 3}`, at: new Date(Date.UTC(2026, 10, 23, 1, i)).toISOString(), actorId: 'u-gm', actorRoles: ['gm'], action: 'approve', from: 'pending-approval', to: 'approved', changes: [{ pointer: '/decision/amount', after: { amount: 600_000, currency: 'CNY' } }], note: '同意折让' }),
    );
  }
}

describe('erp-aftersales verify', () => {
  const dirs: string[] = [];
  const dataDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'aftersales-verify-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('prints OK with the count for an intact SQLite store, and names the altered event with a non-zero exit once a row is rewritten', async () => {
    const dir = dataDir();
    const store = createSqliteStore({ file: join(dir, 'aftersales.db') });
    await writeEvents(store, 25);
    await store.close();

    const ok = await runVerify(['--data', dir]);
    expect(ok).toMatchObject({ code: 0, stdout: 'OK: audit chain intact, 25 events verified\n' });

    const db = new Database(join(dir, 'aftersales.db'));
    db.exec('DROP TRIGGER audit_events_append_only_update');
    db.prepare(`UPDATE audit_events SET event = json_set(event, '$.note', '驳回') WHERE seq = 17`).run();
    db.close();
    const altered = await runVerify(['--data', dir]);
    expect(altered.code).toBe(1);
    expect(altered.stdout).toBe('ALTERED: audit event #17 (document doc-2) does not match its hash; the 16 events before it verified\n');

    const json = await runVerify(['--data', dir, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ intact: false, checked: 16, firstBad: { seq: 17, problem: 'altered', documentId: 'doc-2' } });
  });

  it('names a removed event as missing', async () => {
    const dir = dataDir();
    const store = createSqliteStore({ file: join(dir, 'aftersales.db') });
    await writeEvents(store, 8);
    await store.close();
    const db = new Database(join(dir, 'aftersales.db'));
    db.exec('DROP TRIGGER audit_events_append_only_delete');
    db.prepare('DELETE FROM audit_events WHERE seq = 5').run();
    db.close();
    const reopened = createSqliteStore({ file: join(dir, 'aftersales.db') });
    const result = await verifyStoreAuditChain(reopened, 3);
    await reopened.close();
    expect(result).toEqual({ intact: false, checked: 4, firstBad: { seq: 5, problem: 'missing' } });
    expect(describeVerification(result)).toMatch(/^MISSING: audit event #5 /);
  });

  it('exits with 2 and creates nothing when the data directory holds no store', async () => {
    const dir = dataDir();
    const result = await runVerify(['--data', join(dir, 'typo')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No store at');
    expect(result.stdout).toBe('');
    expect(existsSync(join(dir, 'typo'))).toBe(false);
  });

  describe('on PostgreSQL', () => {
    let db: PostgresHandle;
    beforeAll(async () => {
      db = await startPostgres();
    });
    afterAll(async () => {
      await db?.stop();
    });

    it('verifies through --postgres and names the altered event', async () => {
      const store = createPostgresStore({ connectionString: db.connectionString });
      await writeEvents(store, 12);
      await store.close();
      expect(await runVerify(['--postgres', db.connectionString])).toMatchObject({ code: 0, stdout: 'OK: audit chain intact, 12 events verified\n' });

      const admin = new pg.Client({ connectionString: db.connectionString });
      await admin.connect();
      await admin.query('ALTER TABLE aftersales.audit_events DISABLE TRIGGER audit_events_append_only');
      await admin.query(`UPDATE aftersales.audit_events SET event = (event::jsonb || '{"actorId":"u-intruder"}')::json WHERE seq = 9`);
      await admin.end();
      const altered = await runVerify(['--postgres', db.connectionString]);
      expect(altered.code).toBe(1);
      expect(altered.stdout).toMatch(/^ALTERED: audit event #9 \(document doc-0\)/);

      const elsewhere = await runVerify(['--postgres', db.connectionString, '--schema', 'not_there']);
      expect(elsewhere.code).toBe(2);
      expect(elsewhere.stderr).toContain('No store in schema "not_there"');
    });
  });
});
