import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/sqlite/index.js';
import { verifyAuditEvents } from '../../src/domain/audit/chain.js';
import type { DocumentStore } from '../../src/domain/ports.js';
import { allDocuments } from './contract.js';

const writerScript = fileURLToPath(new URL('./fixtures/store-writer.ts', import.meta.url));

/** Starts a writer process; `ids` fills with every id it reports committed. */
function startWriter(file: string, name: string, count: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', writerScript, file, name, String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const ids: string[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    ids.push(...lines.filter(Boolean));
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, ids, exited, stderr: () => stderr };
}

async function readAll(store: DocumentStore) {
  return { chain: await store.readAuditChain(0, 1000), docs: await allDocuments(store) };
}

describe('SQLite store durability and several processes', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('keeps every transaction it acknowledged when the writing process is killed mid-stream', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aftersales-kill-'));
    dirs.push(dir);
    const file = join(dir, 'aftersales.db');
    const writer = startWriter(file, 'killed', 0);
    const deadline = Date.now() + 30_000;
    while (writer.ids.length < 60 && Date.now() < deadline && writer.child.exitCode === null) await new Promise((r) => setTimeout(r, 10));
    expect(writer.ids.length, writer.stderr()).toBeGreaterThanOrEqual(60);
    writer.child.kill('SIGKILL');
    expect((await writer.exited).signal).toBe('SIGKILL');
    const acknowledged = [...writer.ids];

    const store = createSqliteStore({ file });
    for (const id of acknowledged) expect(await store.getDocument(id), `document ${id}`).toBeDefined();
    const { chain, docs } = await readAll(store);
    expect(verifyAuditEvents(chain)).toEqual({ intact: true, checked: chain.length });
    expect(chain.length).toBe(docs.length);
    // Serials stayed whole: the killed transaction, if any, took its serial with it.
    expect(docs.map((d) => d.number).sort()).toEqual(docs.map((_, i) => `2611-${String(i + 1).padStart(3, '0')}`));
    // The store keeps working after the crash.
    await store.transaction(async (tx) => expect(await tx.nextSerial('complaint', '2611')).toBe(docs.length + 1));
    await store.close();
  });

  it('numbers without gaps or repeats and keeps one audit chain when two processes write the same file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aftersales-two-'));
    dirs.push(dir);
    const file = join(dir, 'aftersales.db');
    const writers = [startWriter(file, 'a', 40), startWriter(file, 'b', 40)];
    const exits = await Promise.all(writers.map((w) => w.exited));
    expect(exits.map((e) => e.code), writers.map((w) => w.stderr()).join('\n')).toEqual([0, 0]);
    const store = createSqliteStore({ file });
    const { chain, docs } = await readAll(store);
    expect(docs).toHaveLength(80);
    expect(docs.map((d) => d.number).sort()).toEqual(Array.from({ length: 80 }, (_, i) => `2611-${String(i + 1).padStart(3, '0')}`));
    expect(new Set(docs.map((d) => d.createdBy))).toEqual(new Set(['a', 'b']));
    expect(verifyAuditEvents(chain)).toEqual({ intact: true, checked: 80 });
    expect((await store.listInbox('gm-office', undefined, 1000)).items).toHaveLength(80);
    await store.close();
  });
});
