/**
 * Store benchmark: what creating a document costs on each store (numbering, the document, its
 * audit event and an inbox copy in one transaction), against the bare driver doing comparable
 * writes in the same run, and how fast the audit chain verifies.
 *
 * Run: `node --import tsx bench/store.ts [documents]` (default 500). PostgreSQL is included when
 * the server binaries are installed. Ratios matter; absolute numbers depend on the machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { createMemoryStore } from '../src/adapters/memory/index.js';
import { createPostgresStore } from '../src/adapters/postgres/index.js';
import { createSqliteStore } from '../src/adapters/sqlite/index.js';
import { verifyStoreAuditChain } from '../src/cli/verify.js';
import type { AftersalesDocument } from '../src/domain/document.js';
import type { DocumentStore } from '../src/domain/ports.js';
import { startPostgres } from '../tests/support/postgres.js';

const documents = Number(process.argv[2] ?? 500);
const concurrency = 8;

function complaint(serial: number): AftersalesDocument {
  const now = new Date().toISOString();
  return {
    id: uuidv7(),
    kind: 'complaint',
    number: `2611-${String(serial).padStart(4, '0')}`,
    status: 'draft',
    formVersion: 1,
    data: { customer: { id: '10100001', name: '华东机电有限公司' }, orderNumber: '1000123', items: [{ part: 'PUMP-200', shipped: 100, defective: 7 }], reason: '泵体渗漏' },
    links: [],
    deadlines: [{ name: 'complaint-close', dueAt: now, startedAt: now }],
    revision: 1,
    createdAt: now,
    updatedAt: now,
    createdBy: 'bench',
  };
}

/** Creates `documents` documents through the store, `parallel` at a time; returns documents per second. */
async function createThroughStore(store: DocumentStore, parallel: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < documents) {
      next++;
      await store.transaction(async (tx) => {
        const doc = complaint(await tx.nextSerial('complaint', '2611'));
        await tx.insertDocument(doc);
        await tx.appendAudit({ documentId: doc.id, at: doc.createdAt, actorId: 'bench', actorRoles: ['sales'], action: 'create', from: null, to: 'draft', changes: [] });
        await tx.addInboxEntries([{ department: 'gm-office', documentId: doc.id, kind: 'complaint', number: doc.number, copyNumber: 5, formVersion: 1, at: doc.createdAt }]);
      });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return documents / ((performance.now() - started) / 1000);
}

/** The bare SQLite driver: the same durability settings, a counter and a JSON row per transaction. */
function sqliteBaseline(file: string): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE c (k TEXT PRIMARY KEY, last INTEGER); CREATE TABLE d (id TEXT PRIMARY KEY, body TEXT); CREATE TABLE a (seq INTEGER PRIMARY KEY, body TEXT); CREATE TABLE i (seq INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT)');
  const counter = db.prepare("INSERT INTO c VALUES ('k', 1) ON CONFLICT (k) DO UPDATE SET last = last + 1 RETURNING last");
  const insert = db.prepare('INSERT INTO d VALUES (?, ?)');
  const audit = db.prepare('INSERT INTO a (body) VALUES (?)');
  const inbox = db.prepare('INSERT INTO i (body) VALUES (?)');
  const write = db.transaction(() => {
    const doc = complaint((counter.get() as { last: number }).last);
    insert.run(doc.id, JSON.stringify(doc));
    audit.run(JSON.stringify({ documentId: doc.id }));
    inbox.run(JSON.stringify({ documentId: doc.id }));
  });
  const started = performance.now();
  for (let n = 0; n < documents; n++) write();
  const rate = documents / ((performance.now() - started) / 1000);
  db.close();
  return rate;
}

/** The bare pg driver: BEGIN, a counter upsert and three inserts, COMMIT, `concurrency` at a time. */
async function postgresBaseline(connectionString: string): Promise<number> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  await pool.query('CREATE TABLE c (k text PRIMARY KEY, last int); CREATE TABLE d (id text PRIMARY KEY, body json); CREATE TABLE a (seq bigserial PRIMARY KEY, body json); CREATE TABLE i (seq bigserial PRIMARY KEY, body json)');
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < documents) {
        next++;
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const { rows } = await client.query("INSERT INTO c VALUES ('k', 1) ON CONFLICT (k) DO UPDATE SET last = c.last + 1 RETURNING last");
          const doc = complaint(rows[0].last);
          await client.query('INSERT INTO d VALUES ($1, $2)', [doc.id, JSON.stringify(doc)]);
          await client.query('INSERT INTO a (body) VALUES ($1)', [JSON.stringify({ documentId: doc.id })]);
          await client.query('INSERT INTO i (body) VALUES ($1)', [JSON.stringify({ documentId: doc.id })]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      }
    }),
  );
  const rate = documents / ((performance.now() - started) / 1000);
  await pool.end();
  return rate;
}

async function verifyRate(store: DocumentStore): Promise<number> {
  const started = performance.now();
  const result = await verifyStoreAuditChain(store);
  if (!result.intact) throw new Error('the benchmark chain does not verify');
  return result.checked / ((performance.now() - started) / 1000);
}

const rows: { what: string; perSecond: number; baseline?: number }[] = [];
const dir = mkdtempSync(join(tmpdir(), 'aftersales-bench-'));
try {
  const sqliteBase = sqliteBaseline(join(dir, 'baseline.db'));
  rows.push({ what: 'sqlite: bare driver, 1 tx per document', perSecond: sqliteBase });
  const sqlite = createSqliteStore({ file: join(dir, 'aftersales.db') });
  rows.push({ what: 'sqlite store: create (serial+doc+audit+inbox)', perSecond: await createThroughStore(sqlite, concurrency), baseline: sqliteBase });
  rows.push({ what: 'sqlite store: verify audit chain (events)', perSecond: await verifyRate(sqlite) });
  await sqlite.close();

  const memory = createMemoryStore();
  rows.push({ what: 'memory store: create', perSecond: await createThroughStore(memory, concurrency), baseline: sqliteBase });
  await memory.close();

  let db: Awaited<ReturnType<typeof startPostgres>> | undefined;
  try {
    db = await startPostgres();
  } catch (e) {
    process.stdout.write(`(PostgreSQL skipped: ${(e as Error).message.split('\n')[0]})\n`);
  }
  if (db) {
    try {
      const pgBase = await postgresBaseline(db.connectionString);
      rows.push({ what: `postgres: bare driver, ${concurrency} connections`, perSecond: pgBase });
      const store = createPostgresStore({ connectionString: db.connectionString });
      rows.push({ what: `postgres store: create, ${concurrency} at once`, perSecond: await createThroughStore(store, concurrency), baseline: pgBase });
      rows.push({ what: 'postgres store: verify audit chain (events)', perSecond: await verifyRate(store) });
      await store.close();
    } finally {
      await db.stop();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

process.stdout.write(`\nStore benchmark, ${documents} documents\n`);
for (const r of rows) {
  const ratio = r.baseline ? `  ${(r.perSecond / r.baseline).toFixed(2)}× the bare driver` : '';
  process.stdout.write(`${r.what.padEnd(52)} ${r.perSecond.toFixed(0).padStart(8)}/s${ratio}\n`);
}
