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
import { cpuSnapshot, cpuSplit } from './process-cpu.js';

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

/** The bare baseline: fastify validating `{ data: <complaint> }` with ajv 2020, answering 201. */
async function bareServer(): Promise<number> {
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
  let n = 0;
  app.post('/documents/complaint', { schema: { body: { type: 'object' } } }, async (_req, reply) => reply.code(201).send({ id: `d-${++n}`, status: 'filed' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const a = app.server.address();
  return typeof a === 'object' && a ? a.port : 0;
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

function startChild(kind: 'bare' | 'aftersales', env: Record<string, string> = {}): Promise<Child> {
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

/** Runs `fn` and says where the machine's CPU went meanwhile: the servers, this client, the rest (PostgreSQL). */
async function withCpu<T extends AutocannonResult | AutocannonResult[]>(servers: Child[], fn: () => Promise<T>): Promise<[T, string]> {
  const pids = { server: servers.map((s) => s.proc.pid!), client: [process.pid] };
  const all = [...pids.server, ...pids.client];
  const before = cpuSnapshot(all);
  const result = await fn();
  const after = cpuSnapshot(all);
  const requests = ([] as AutocannonResult[]).concat(result).reduce((n, r) => n + r.requests.total, 0);
  const serverMs = before && after ? pids.server.reduce((ms, p) => ms + (after.byPid.get(p) ?? 0) - (before.byPid.get(p) ?? 0), 0) : NaN;
  // Server CPU per answered request: what the ratio would be on a machine with cores to spare.
  const perRequest = Number.isFinite(serverMs) && requests ? `, ${((serverMs * 1000) / requests).toFixed(0)} µs server CPU per request` : '';
  return [result, `  CPU: ${cpuSplit(before, after, pids)}${perRequest}`];
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

  try {
    // 1. The plugin on SQLite vs a bare validated route; a short warm-up each, then the measured run.
    if (!args['skip-sqlite']) {
      const bare = await startChild('bare');
      await load(`http://127.0.0.1:${bare.port}/documents/complaint`, {}, body, connections, 2);
      const [bareResult, bareCpu] = await withCpu([bare], () => load(`http://127.0.0.1:${bare.port}/documents/complaint`, {}, body, connections, seconds));
      await bare.stop();
      const ours = await startChild('aftersales', { BENCH_DATA: dataDir });
      await load(`http://127.0.0.1:${ours.port}/aftersales/documents/complaint`, auth, body, connections, 2);
      const [oursResult, oursCpu] = await withCpu([ours], () => load(`http://127.0.0.1:${ours.port}/aftersales/documents/complaint`, auth, body, connections, seconds));
      await ours.stop();
      // The same server on the memory store: what the HTTP layer and the engine cost without disk writes.
      const mem = await startChild('aftersales', { BENCH_DATA: dataDir, BENCH_STORE: JSON.stringify({ kind: 'memory' }) });
      await load(`http://127.0.0.1:${mem.port}/aftersales/documents/complaint`, auth, body, connections, 2);
      const [memResult, memCpu] = await withCpu([mem], () => load(`http://127.0.0.1:${mem.port}/aftersales/documents/complaint`, auth, body, connections, seconds));
      await mem.stop();
      const ratio = oursResult.requests.average / bareResult.requests.average;
      console.log(`bare fastify + ajv          ${fmt(bareResult)}\n${bareCpu}`);
      console.log(`erp-aftersales (SQLite)     ${fmt(oursResult)}\n${oursCpu}`);
      console.log(`erp-aftersales (memory)     ${fmt(memResult)}   (no disk: HTTP layer + engine)\n${memCpu}`);
      console.log(`ratio ${ratio.toFixed(2)}× (target ≥ 0.40×), p99 ${oursResult.latency.p99} ms (target ≤ 15 ms); memory store ${(memResult.requests.average / bareResult.requests.average).toFixed(2)}×`);
      if (oursResult.non2xx || oursResult.errors) failed = true;
    }

    // 2. PostgreSQL: one process vs two, the same total connections.
    if (!args['skip-postgres']) {
      const { startPostgres } = await import('../tests/support/postgres.js');
      const db = await startPostgres();
      try {
        const store = JSON.stringify({ kind: 'postgres', connectionString: db.connectionString });
        const one = await startChild('aftersales', { BENCH_DATA: dataDir, BENCH_STORE: store });
        const url1 = `http://127.0.0.1:${one.port}/aftersales/documents/complaint`;
        const two = await startChild('aftersales', { BENCH_DATA: dataDir, BENCH_STORE: store });
        const url2 = `http://127.0.0.1:${two.port}/aftersales/documents/complaint`;
        // Without keys (the target's run), then with a fresh Idempotency-Key on every request.
        for (const keyed of [false, true]) {
          await load(url1, auth, body, connections * 2, 2, keyed);
          const [oneResult, oneCpu] = await withCpu([one], () => load(url1, auth, body, connections * 2, seconds, keyed));
          await load(url2, auth, body, connections, 2, keyed);
          const [[a, b], twoCpu] = await withCpu([one, two], () => Promise.all([load(url1, auth, body, connections, seconds, keyed), load(url2, auth, body, connections, seconds, keyed)]));
          const twoRps = a.requests.average + b.requests.average;
          const twoP99 = Math.max(a.latency.p99, b.latency.p99);
          const label = keyed ? ', keyed' : '       ';
          console.log(`PostgreSQL, 1 process${label} ${fmt(oneResult)}\n${oneCpu}`);
          console.log(`PostgreSQL, 2 processes${label} ${twoRps.toFixed(0).padStart(6)} req/s   p99 ${String(twoP99).padStart(3)} ms   non-2xx ${a.non2xx + b.non2xx}   errors ${a.errors + b.errors + a.timeouts + b.timeouts}\n${twoCpu}`);
          console.log(`scaling${keyed ? ' with Idempotency-Key' : ''} ${(twoRps / oneResult.requests.average).toFixed(2)}×${keyed ? '' : ' (target ≥ 1.6×)'}`);
          if (oneResult.non2xx || a.non2xx || b.non2xx) failed = true;
        }
        await Promise.all([one.stop(), two.stop()]);
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
  const port = args.child === 'bare' ? await bareServer() : await aftersalesServer();
  process.stdout.write(`LISTENING ${port}\n`);
} else {
  process.exitCode = await main();
}
