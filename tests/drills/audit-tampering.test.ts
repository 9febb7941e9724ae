/**
 * Drill 4: someone with access to the database file edits the audit trail directly (dropping the
 * append-only triggers first). `verify` — the engine's and the `erp-aftersales verify` command's
 * — must name the event that was altered or removed, and pass on an untouched file.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAftersales } from '../../src/create-aftersales.js';
import { buildDrillApp, call, type DrillApp } from './support/drill-app.js';
import { stateRecipes, creationData } from './support/workflows.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let drill: DrillApp;
let pristine: string;
const docs: { id: string; number: string }[] = [];

beforeAll(async () => {
  drill = await buildDrillApp({ dir: mkdtempSync(join(tmpdir(), 'aftersales-audit-')) });
  // Two complaints walked a few steps, so the chain interleaves documents.
  for (let i = 0; i < 2; i++) {
    const c = await call(drill.app, 'POST', '/documents/complaint', 'sales', { data: creationData('complaint') });
    expect(c.status).toBe(201);
    docs.push({ id: c.body.id, number: c.body.number });
  }
  for (const step of stateRecipes('complaint').get('countermeasure-proposed')!) {
    for (const d of docs) expect((await call(drill.app, 'POST', `/documents/${d.id}/actions/${step.action}`, step.role, { data: step.data })).status).toBe(200);
  }
  await drill.close();
  pristine = drill.dbFile;
});

afterAll(() => {
  rmSync(drill.dir, { recursive: true, force: true });
});

/** A copy of the untouched data directory to tamper with. */
function copyOfData(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aftersales-tampered-'));
  const file = join(dir, 'aftersales.db');
  copyFileSync(pristine, file);
  return { dir, file };
}

/** Opens the file as an attacker would: no triggers in the way. */
function tamper(file: string, sql: (db: Database.Database) => void): void {
  const db = new Database(file);
  db.exec('DROP TRIGGER IF EXISTS audit_events_append_only_update; DROP TRIGGER IF EXISTS audit_events_append_only_delete;');
  sql(db);
  db.close();
}

async function engineVerify(file: string) {
  const engine = createAftersales({ store: { kind: 'sqlite', file } } as Parameters<typeof createAftersales>[0]);
  try {
    return await engine.verifyAudit();
  } finally {
    await engine.close();
  }
}

function cliVerify(dir: string): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'verify', '--data', dir], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe('audit tampering', () => {
  it('an untouched chain verifies, by the engine and by the command', async () => {
    const { dir, file } = copyOfData();
    const r = await engineVerify(file);
    expect(r.intact).toBe(true);
    expect(r.checked).toBeGreaterThanOrEqual(8);
    const cli = cliVerify(dir);
    expect(cli.code, cli.out).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('one audit row edited in the database (who did it) is named by verify', async () => {
    const { dir, file } = copyOfData();
    let seq = 0;
    let documentId = '';
    tamper(file, (db) => {
      const row = db.prepare("SELECT seq, document_id, event FROM audit_events WHERE json_extract(event, '$.action') = 'investigate' ORDER BY seq LIMIT 1").get() as { seq: number; document_id: string; event: string };
      expect(row, 'an investigate event is stored').toBeDefined();
      seq = row.seq;
      documentId = row.document_id;
      const event = JSON.parse(row.event) as Record<string, unknown>;
      expect(event.actorId).toBe('u-qa');
      const changed = db.prepare("UPDATE audit_events SET event = json_set(event, '$.actorId', 'u-gm') WHERE seq = ?").run(seq);
      expect(changed.changes).toBe(1);
    });
    const r = await engineVerify(file);
    expect(r.intact).toBe(false);
    expect(r.firstBad).toMatchObject({ seq, problem: 'altered', documentId });
    const cli = cliVerify(dir);
    expect(cli.code, cli.out).not.toBe(0);
    expect(cli.out).toMatch(new RegExp(`\\b${seq}\\b`));
    const number = docs.find((d) => d.id === documentId)!.number;
    expect(cli.out.includes(documentId) || cli.out.includes(number), `names the document: ${cli.out}`).toBe(true);
    console.log(`tampered event ${seq}; verify said: ${cli.out.trim().split('\n').slice(0, 3).join(' | ')}`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('an edited row whose own hash was recomputed still shows, at the next event', async () => {
    const { dir, file } = copyOfData();
    const { auditEventHash } = await import('../../src/domain/audit/chain.js');
    let seq = 0;
    tamper(file, (db) => {
      const row = db.prepare("SELECT seq, prev_hash, event FROM audit_events WHERE json_extract(event, '$.action') = 'register' ORDER BY seq LIMIT 1").get() as { seq: number; prev_hash: string; event: string };
      seq = row.seq;
      const event = { ...JSON.parse(row.event), actorId: 'u-admin' };
      db.prepare('UPDATE audit_events SET event = ?, hash = ? WHERE seq = ?').run(JSON.stringify(event), auditEventHash(row.prev_hash, seq, event), seq);
    });
    const r = await engineVerify(file);
    expect(r.intact).toBe(false);
    expect(r.firstBad!.seq).toBe(seq + 1);
    const cli = cliVerify(dir);
    expect(cli.code).not.toBe(0);
    expect(cli.out).toMatch(new RegExp(`\\b${seq + 1}\\b`));
    rmSync(dir, { recursive: true, force: true });
  });

  it('the newest audit rows deleted from the end are named as missing, with the document that lost them', async () => {
    const { dir, file } = copyOfData();
    let newest: { seq: number; document_id: string } | undefined;
    tamper(file, (db) => {
      newest = db.prepare('SELECT seq, document_id FROM audit_events ORDER BY seq DESC LIMIT 1').get() as typeof newest;
      // What is left still links up: only the documents show that their last change lost its events.
      expect(db.prepare('DELETE FROM audit_events WHERE seq > ?').run(newest!.seq - 2).changes).toBe(2);
    });
    const r = await engineVerify(file);
    expect(r).toMatchObject({ intact: false, checked: newest!.seq - 2, firstBad: { seq: newest!.seq - 1, problem: 'missing', documentId: newest!.document_id } });
    const cli = cliVerify(dir);
    expect(cli.code).not.toBe(0);
    expect(cli.out).toContain(`MISSING: audit event #${newest!.seq - 1} (document ${newest!.document_id})`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a deleted audit row is named as missing', async () => {
    const { dir, file } = copyOfData();
    tamper(file, (db) => {
      expect(db.prepare('DELETE FROM audit_events WHERE seq = 3').run().changes).toBe(1);
    });
    const r = await engineVerify(file);
    expect(r.intact).toBe(false);
    expect(r.firstBad).toMatchObject({ seq: 3, problem: 'missing' });
    const cli = cliVerify(dir);
    expect(cli.code).not.toBe(0);
    expect(cli.out).toMatch(/\b3\b/);
    rmSync(dir, { recursive: true, force: true });
  });
});
