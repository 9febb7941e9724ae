/**
 * HTTP throughput of document creation, measured against baselines in the same run with the same
 * client (autocannon on 127.0.0.1, same connections and duration):
 *
 * 1. `POST /aftersales/documents/complaint` on the standalone server (API key, SQLite store in a
 *    temp dir) vs a bare fastify route validating the same body with ajv (target ≥ 0.40× its
 *    throughput, p99 ≤ 15 ms).
 * 2. Two server processes on one PostgreSQL vs one (target ≥ 1.6×); then both again with a
 *    fresh `Idempotency-Key` on every request, as integrators send them.
 *
 * Each comparison also runs a floor: the bare route plus only the writes a durable, numbered
 * create cannot do without (SQLite: counter, document, hash-chained audit row, WAL flush;
 * PostgreSQL: the counter and the document in one statement). No store that keeps what the
 * service promises can be faster than its floor, so a floor under a target shows the target is
 * out of reach on the machine that ran it, whatever the engine does.
 *
 *   npx tsx bench/http.ts [--seconds 10] [--connections 10] [--skip-postgres] [--skip-sqlite]
 *
 * Each server runs in its own process (this file, started with `--child`), so the client and the
 * server do not share an event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { busyCores, cpuSnapshot, cpuSplit } from './process-cpu.js';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p99: number; p50: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

const { values: args } = parseArgs({
  options: {
    child: { type: 'string' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    'skip-postgres': { type: 'boolean', default: false },
    'skip-sqlite': { type: 'boolean', default: false },
  },
});

const self = fileURLToPath(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));

// ───────────────────────────── child processes ─────────────────────────────

type FastifyApp = import('fastify').FastifyInstance;

/** A fastify app whose body validator is ajv 2020 compiled from `{ data: <complaint schema> }`, as the bare baseline uses. */
async function validatingApp(): Promise<FastifyApp> {
  const { default: Fastify } = await import('fastify');
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const formats = (await import('ajv-formats')).default as unknown as { default?: unknown };
  const addFormats = (formats.default ?? formats) as (a: InstanceType<typeof Ajv2020>) => void;
  const { formDefinitions } = await import('../src/forms/definitions.js');
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const { $schema: _s, ...complaint } = formDefinitions.complaint.schema as Record<string, unknown>;
  const validate = ajv.compile({ type: 'object', required: ['data'], properties: { data: complaint } });
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(() => (body: unknown) => (validate(body) ? { value: body } : { error: new Error(ajv.errorsText(validate.errors)) }));
  return app;
}

async function listen(app: FastifyApp): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const a = app.server.address();
  return typeof a === 'object' && a ? a.port : 0;
}

/**
 * Collects the requests of one event-loop turn and hands them to `write` together, as the stores
 * batch their transactions; each request is answered with what `write` returns for it.
 */
function batchedRoute<T>(app: FastifyApp, write: (bodies: unknown[]) => Promise<T[]>): void {
  let queue: { body: unknown; reply: import('fastify').FastifyReply }[] = [];
  const flush = (): void => {
    const batch = queue;
    queue = [];
    write(batch.map((b) => b.body)).then(
      (answers) => batch.forEach((b, i) => void b.reply.code(201).send(answers[i])),
      (e: unknown) => batch.forEach((b) => void b.reply.send(e)),
    );
  };
  app.post('/documents/complaint', { schema: { body: { type: 'object' } } }, (req, reply) => {
    if (queue.length === 0) setImmediate(flush);
    queue.push({ body: req.body, reply });
    return reply;
  });
}

/** The bare baseline: fastify validating `{ data: <complaint> }` with ajv 2020, answering 201. */
async function bareServer(): Promise<number> {
  const app = await validatingApp();
  let n = 0;
  app.post('/documents/complaint', { schema: { body: { type: 'object' } } }, async (_req, reply) => reply.code(201).send({ id: `d-${++n}`, status: 'filed' }));
  return listen(app);
}

/**
 * The SQLite floor: the bare route plus the least a durable create writes, with none of the
 * engine. It numbers each document gaplessly, chains an audit hash over it, inserts both, commits
 * each event-loop turn's requests together and answers after the WAL's flush, as the store does.
 * No authentication, idempotency, rules, deadlines or inbox, and no checkpoints (the WAL only
 * grows): it costs less than any store keeping the service's guarantees can.
 * `FLOOR_SCHEMA=store` writes into the store's own tables and indexes; `bare` into three tables
 * with no secondary index.
 */
async function floorServer(): Promise<number> {
  const { default: Database } = await import('better-sqlite3');
  const { migrateSqlite } = await import('../src/adapters/sqlite/schema.js');
  const { WalFlusher } = await import('../src/adapters/sqlite/wal-flush.js');
  const { createHash } = await import('node:crypto');
  const { v7: uuidv7 } = await import('uuid');
  const schema = process.env.FLOOR_SCHEMA === 'bare' ? 'bare' : 'store';
  const file = join(process.env.BENCH_DATA!, `floor-${schema}.db`);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  if (schema === 'bare') {
    db.exec(`CREATE TABLE counters (kind TEXT, period TEXT, last INTEGER, PRIMARY KEY (kind, period)) WITHOUT ROWID;
      CREATE TABLE documents (id TEXT, kind TEXT, number TEXT, status TEXT, created_at TEXT, created_ms INTEGER, next_due_ms INTEGER, revision INTEGER, body TEXT);
      CREATE TABLE audit_events (seq INTEGER PRIMARY KEY, document_id TEXT, prev_hash TEXT, hash TEXT, event TEXT);`);
  } else migrateSqlite(db);
  const flusher = new WalFlusher(`${file}-wal`);
  const nextSerial = db.prepare('INSERT INTO counters (kind, period, last) VALUES (?, ?, 1) ON CONFLICT (kind, period) DO UPDATE SET last = last + 1 RETURNING last');
  const insertDocument = db.prepare('INSERT INTO documents (id, kind, number, status, created_at, created_ms, next_due_ms, revision, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertAudit = db.prepare('INSERT INTO audit_events (seq, document_id, prev_hash, hash, event) VALUES (?, ?, ?, ?, ?)');
  let last = { seq: 0, hash: '0'.repeat(64) };
  const app = await validatingApp();
  batchedRoute(app, async (bodies) => {
    const answers: { id: string; number: string }[] = [];
    db.exec('BEGIN IMMEDIATE');
    for (const body of bodies) {
      const data = (body as { data: unknown }).data;
      const now = new Date();
      const serial = Number((nextSerial.get('complaint', '2611') as { last: number }).last);
      const doc = { id: uuidv7(), kind: 'complaint', number: `2611-${String(serial).padStart(3, '0')}`, status: 'filed', revision: 1, createdAt: now.toISOString(), data };
      insertDocument.run(doc.id, doc.kind, doc.number, doc.status, doc.createdAt, now.getTime(), null, 1, JSON.stringify(doc));
      const event = JSON.stringify({ documentId: doc.id, at: doc.createdAt, action: 'create', to: doc.status, data });
      const hash = createHash('sha256').update(last.hash).update(event).digest('hex');
      insertAudit.run(last.seq + 1, doc.id, last.hash, hash, event);
      last = { seq: last.seq + 1, hash };
      answers.push({ id: doc.id, number: doc.number });
    }
    db.exec('COMMIT');
    await flusher.commitMade();
    return answers;
  });
  return listen(app);
}

/** Tables of the PostgreSQL floor: a counter and documents, no index but the counter's key. */
const FLOOR_PG_DDL = `
  DROP TABLE IF EXISTS floor_counters, floor_documents;
  CREATE TABLE floor_counters (kind text, period text, last bigint NOT NULL, PRIMARY KEY (kind, period));
  CREATE TABLE floor_documents (number bigint NOT NULL, body text NOT NULL);`;

/**
 * The PostgreSQL floor: the bare route plus gapless numbering and the document's insert, done by
 * PostgreSQL in one statement per event-loop turn. That is one round trip, and the counter's row
 * lock is held only while the statement runs. No audit chain, indexes or engine: how far
 * processes sharing one counter can scale on this machine at best.
 */
async function floorPgServer(): Promise<number> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: process.env.BENCH_PG!, max: 4 });
  const insert = `
    WITH c AS (
      INSERT INTO floor_counters (kind, period, last) VALUES ('complaint', '2611', $1)
      ON CONFLICT (kind, period) DO UPDATE SET last = floor_counters.last + $1 RETURNING last)
    INSERT INTO floor_documents (number, body)
    SELECT c.last - $1 + b.ord, b.body FROM c, unnest($2::text[]) WITH ORDINALITY AS b(body, ord)
    RETURNING number`;
  const app = await validatingApp();
  batchedRoute(app, async (bodies) => {
    const r = await pool.query<{ number: string }>(insert, [bodies.length, bodies.map((b) => JSON.stringify((b as { data: unknown }).data))]);
    return r.rows.map((row) => ({ number: row.number }));
  });
  return listen(app);
}

/** The standalone server on a data dir (SQLite) or on PostgreSQL. */
async function aftersalesServer(): Promise<number> {
  const { startServer } = await import('../src/server/start-server.js');
  const store = process.env.BENCH_STORE ? (JSON.parse(process.env.BENCH_STORE) as Record<string, unknown>) : undefined;
  const server = await startServer({ port: 0, dataDir: process.env.BENCH_DATA!, ...(store ? { store } : {}), seed: false, banner: false, logger: false });
  return server.port;
}

interface Child {
  proc: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
// A failed run must not leave servers behind.
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

type ChildKind = 'bare' | 'floor' | 'floor-pg' | 'aftersales';

function startChild(kind: ChildKind, env: Record<string, string> = {}): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', self, '--child', kind], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(proc);
  const exited = new Promise<void>((r) => proc.once('exit', () => (children.delete(proc), r())));
  return new Promise((resolve, reject) => {
    let out = '';
    proc.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m) resolve({ proc, port: Number(m[1]), stop: async () => (proc.kill('SIGTERM'), exited) });
    });
  });
}

// ───────────────────────────── the client ─────────────────────────────

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** Runs the client; with `keyed`, every request carries its own `Idempotency-Key`, as an integrator's would. */
async function load(url: string, headers: Record<string, string>, body: string, connections: number, seconds: number, keyed = false): Promise<AutocannonResult> {
  const perRequest = keyed ? { requests: [{ setupRequest: (req: { headers?: Record<string, string> }) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } }) }] } : {};
  return autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, connections, duration: seconds, pipelining: 1, ...perRequest });
}

interface CpuUse {
  /** Where the CPU went, one printable line. */
  text: string;
  /** Cores the whole machine kept busy. */
  busy: number;
  /** CPU per answered request, in µs, of the servers and of this client. */
  serverUs: number;
  clientUs: number;
}

/** Runs `fn` and says where the machine's CPU went meanwhile: the servers, this client, the rest (PostgreSQL). */
async function withCpu<T extends AutocannonResult | AutocannonResult[]>(servers: Child[], fn: () => Promise<T>): Promise<[T, CpuUse]> {
  const pids = { server: servers.map((s) => s.proc.pid!), client: [process.pid] };
  const all = [...pids.server, ...pids.client];
  const before = cpuSnapshot(all);
  const result = await fn();
  const after = cpuSnapshot(all);
  const requests = ([] as AutocannonResult[]).concat(result).reduce((n, r) => n + r.requests.total, 0);
  const usPerRequest = (group: number[]): number =>
    before && after && requests ? (group.reduce((ms, p) => ms + (after.byPid.get(p) ?? 0) - (before.byPid.get(p) ?? 0), 0) * 1000) / requests : NaN;
  const serverUs = usPerRequest(pids.server);
  // Server CPU per answered request: what the ratio would be on a machine with cores to spare.
  const perRequest = Number.isFinite(serverUs) ? `, ${serverUs.toFixed(0)} µs server CPU per request` : '';
  return [result, { text: `  CPU: ${cpuSplit(before, after, pids)}${perRequest}`, busy: busyCores(before, after), serverUs, clientUs: usPerRequest(pids.client) }];
}

const fmt = (r: AutocannonResult): string =>
  `${r.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(r.latency.p50).padStart(3)} ms   p99 ${String(r.latency.p99).padStart(3)} ms   non-2xx ${r.non2xx}   errors ${r.errors + r.timeouts}`;

async function main(): Promise<number> {
  const seconds = Number(args.seconds);
  const connections = Number(args.connections);
  const { formSamples } = await import('../src/forms/definitions.js');
  const { ensureApiKeys } = await import('../src/server/api-keys.js');
  const body = JSON.stringify({ data: formSamples.complaint });
  const dataDir = mkdtempSync(join(tmpdir(), 'aftersales-bench-'));
  const { keys } = ensureApiKeys(join(dataDir, 'api-keys.json'));
  const auth = { authorization: `Bearer ${Object.entries(keys).find(([, a]) => a.roles.includes('sales'))![0]}` };
  let failed = false;
  console.log(`bench/http: ${connections} connections, ${seconds} s per run, 127.0.0.1, body ${body.length} bytes`);

  /** Starts one server, warms it up for 2 s, measures it, stops it. */
  const measure = async (kind: ChildKind, env: Record<string, string>, path: string, headers: Record<string, string>): Promise<[AutocannonResult, CpuUse]> => {
    const child = await startChild(kind, env);
    try {
      const url = `http://127.0.0.1:${child.port}${path}`;
      await load(url, headers, body, connections, 2);
      return await withCpu([child], () => load(url, headers, body, connections, seconds));
    } finally {
      await child.stop();
    }
  };

  /**
   * The same server as 1 process and as 2 (the same connections in total); prints both. Returns
   * the ratio, and its ceiling on this machine: the 2-process throughput grown until every core is
   * busy, at the CPU per request that run measured.
   */
  const scaling = async (label: string, kind: ChildKind, env: Record<string, string>, path: string, headers: Record<string, string>, keyed = false): Promise<{ ratio: number; ceiling: number }> => {
    const [one, two] = await Promise.all([startChild(kind, env), startChild(kind, env)]);
    try {
      const [url1, url2] = [one, two].map((c) => `http://127.0.0.1:${c.port}${path}`) as [string, string];
      await load(url1, headers, body, connections * 2, 2, keyed);
      const [oneResult, oneCpu] = await withCpu([one], () => load(url1, headers, body, connections * 2, seconds, keyed));
      await load(url2, headers, body, connections, 2, keyed);
      const [[a, b], twoCpu] = await withCpu([one, two], () => Promise.all([load(url1, headers, body, connections, seconds, keyed), load(url2, headers, body, connections, seconds, keyed)]));
      const twoRps = a.requests.average + b.requests.average;
      console.log(`${`${label}, 1 process`.padEnd(44)} ${fmt(oneResult)}\n${oneCpu.text}`);
      console.log(`${`${label}, 2 processes`.padEnd(44)} ${twoRps.toFixed(0).padStart(6)} req/s   p99 ${String(Math.max(a.latency.p99, b.latency.p99)).padStart(3)} ms   non-2xx ${a.non2xx + b.non2xx}   errors ${a.errors + b.errors + a.timeouts + b.timeouts}\n${twoCpu.text}`);
      if (oneResult.non2xx || a.non2xx || b.non2xx) failed = true;
      const ratio = twoRps / oneResult.requests.average;
      return { ratio, ceiling: (ratio * availableParallelism()) / twoCpu.busy };
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
  };

  try {
    // 1. The plugin on SQLite vs a bare validated route, and vs the floor of any durable create on this machine.
    if (!args['skip-sqlite']) {
      const [bare, bareCpu] = await measure('bare', {}, '/documents/complaint', {});
      const [ours, oursCpu] = await measure('aftersales', { BENCH_DATA: dataDir }, '/aftersales/documents/complaint', auth);
      // The same server on the memory store: what the HTTP layer and the engine cost without disk writes.
      const [mem, memCpu] = await measure('aftersales', { BENCH_DATA: dataDir, BENCH_STORE: JSON.stringify({ kind: 'memory' }) }, '/aftersales/documents/complaint', auth);
      // The floors last, each file deleted after its run: their uncheckpointed WAL must not weigh on the others' disk.
      const floorRun = async (schema: 'bare' | 'store'): Promise<[AutocannonResult, CpuUse]> => {
        const dir = mkdtempSync(join(dataDir, 'floor-'));
        try {
          return await measure('floor', { BENCH_DATA: dir, FLOOR_SCHEMA: schema }, '/documents/complaint', {});
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      };
      const [floorBare, floorBareCpu] = await floorRun('bare');
      const [floorStore, floorStoreCpu] = await floorRun('store');
      const x = (r: AutocannonResult): string => `${(r.requests.average / bare.requests.average).toFixed(2)}×`;
      console.log(`${'bare fastify + ajv'.padEnd(44)} ${fmt(bare)}\n${bareCpu.text}`);
      console.log(`${'floor: bare + SQLite, 3 tables, no index'.padEnd(44)} ${fmt(floorBare)}   ${x(floorBare)}\n${floorBareCpu.text}`);
      console.log(`${"floor: bare + SQLite, the store's tables".padEnd(44)} ${fmt(floorStore)}   ${x(floorStore)}\n${floorStoreCpu.text}`);
      console.log(`${'erp-aftersales (SQLite)'.padEnd(44)} ${fmt(ours)}   ${x(ours)}\n${oursCpu.text}`);
      console.log(`${'erp-aftersales (memory store, no disk)'.padEnd(44)} ${fmt(mem)}   ${x(mem)}\n${memCpu.text}`);
      console.log(`ratio ${x(ours)} (target ≥ 0.40×), p99 ${ours.latency.p99} ms (target ≤ 15 ms)`);
      // The floors bound any implementation: one process cannot pass them, and more processes cannot pass the cores.
      const atTarget = 0.4 * bare.requests.average;
      const coresFor = (cpu: CpuUse): string => ((atTarget * (cpu.serverUs + cpu.clientUs)) / 1e6).toFixed(2);
      console.log(`floors ${x(floorBare)} and ${x(floorStore)} in one process; at 0.40× (${atTarget.toFixed(0)} req/s) they would need ${coresFor(floorBareCpu)} and ${coresFor(floorStoreCpu)} of this machine's ${availableParallelism()} cores for server and client alone`);
      if (ours.non2xx || ours.errors) failed = true;
    }

    // 2. PostgreSQL: one process vs two, the same total connections; the floor first.
    if (!args['skip-postgres']) {
      const { startPostgres } = await import('../tests/support/postgres.js');
      const db = await startPostgres();
      try {
        const { default: pg } = await import('pg');
        const admin = new pg.Client({ connectionString: db.connectionString });
        await admin.connect();
        await admin.query(FLOOR_PG_DDL);
        const floor = await scaling('floor: bare + PostgreSQL numbering', 'floor-pg', { BENCH_PG: db.connectionString }, '/documents/complaint', {});
        const { rows } = await admin.query<{ n: number; distinct: number; max: number }>('SELECT count(*)::int AS n, count(DISTINCT number)::int AS distinct, max(number)::int AS max FROM floor_documents');
        await admin.end();
        // The floor numbers as the store does: each number once, none skipped.
        if (rows[0]!.n !== rows[0]!.distinct || rows[0]!.n !== rows[0]!.max) failed = true;
        console.log(`floor scaling ${floor.ratio.toFixed(2)}×, at most ${floor.ceiling.toFixed(2)}× on this machine (${rows[0]!.n} documents numbered 1…${rows[0]!.max}, ${rows[0]!.distinct} distinct)`);
        const store = JSON.stringify({ kind: 'postgres', connectionString: db.connectionString });
        const path = '/aftersales/documents/complaint';
        // Without keys (the target's run), then with a fresh Idempotency-Key on every request.
        const plain = await scaling('erp-aftersales on PostgreSQL', 'aftersales', { BENCH_DATA: dataDir, BENCH_STORE: store }, path, auth);
        console.log(`scaling ${plain.ratio.toFixed(2)}× (target ≥ 1.6×), at most ${plain.ceiling.toFixed(2)}× on this machine`);
        const keyed = await scaling('erp-aftersales on PostgreSQL, keyed', 'aftersales', { BENCH_DATA: dataDir, BENCH_STORE: store }, path, auth, true);
        console.log(`scaling with Idempotency-Key ${keyed.ratio.toFixed(2)}×, at most ${keyed.ceiling.toFixed(2)}× on this machine`);
      } finally {
        await db.stop();
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

if (args.child) {
  const servers: Record<ChildKind, () => Promise<number>> = { bare: bareServer, floor: floorServer, 'floor-pg': floorPgServer, aftersales: aftersalesServer };
  const port = await servers[args.child as ChildKind]();
  process.stdout.write(`LISTENING ${port}\n`);
  // Exit through process.exit so --cpu-prof and the like write their output.
  process.once('SIGTERM', () => process.exit(0));
} else {
  process.exitCode = await main();
}
