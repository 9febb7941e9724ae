/**
 * A throw-away PostgreSQL for tests: one cluster per test process, started on first use from the
 * server binaries on the machine (`/usr/lib/postgresql/<version>/bin`), listening only on
 * 127.0.0.1 at a free port, with a fresh database for every {@link startPostgres} call.
 *
 * The cluster is stopped and its directory removed when the last handle is stopped, when the
 * process exits, and — through a small watchdog process — even when the test process is killed.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A database of its own on the shared throw-away cluster.
 *
 * @example
 * const db = await startPostgres();
 * const pool = new pg.Pool({ connectionString: db.connectionString });
 * await db.stop();
 */
export interface PostgresHandle {
  /** `postgres://postgres@127.0.0.1:<port>/<database>`, a database nobody else uses. */
  connectionString: string;
  /** The database's name. */
  database: string;
  /** Drops the database; the last stop in the process also stops the cluster and removes its files. */
  stop(): Promise<void>;
}

interface Cluster {
  dir: string;
  dataDir: string;
  port: number;
  bin: string;
  users: number;
  stopped: boolean;
}

const SUPERUSER = 'postgres';
let clusterPromise: Promise<Cluster> | undefined;
let databaseCounter = 0;

/** The newest installed server's bin directory, e.g. `/usr/lib/postgresql/15/bin`. */
function findServerBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)');
  return join(root, versions[0]!, 'bin');
}

const runningAsRoot = (): boolean => process.getuid?.() === 0;

/** Runs a server binary as an unprivileged user: PostgreSQL refuses to run as root. */
function serverCommand(bin: string, tool: string, args: string[]): [string, string[]] {
  const exe = join(bin, tool);
  return runningAsRoot() ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
}

function runServerTool(bin: string, tool: string, args: string[]): void {
  const [cmd, argv] = serverCommand(bin, tool, args);
  execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function stopClusterNow(cluster: Cluster): void {
  if (cluster.stopped) return;
  cluster.stopped = true;
  try {
    runServerTool(cluster.bin, 'pg_ctl', ['-D', cluster.dataDir, '-m', 'immediate', '-w', 'stop']);
  } catch {
    // Already gone (e.g. the watchdog was faster); removing the files is what matters.
  }
  rmSync(cluster.dir, { recursive: true, force: true });
}

/** Stops the cluster if this process dies without running its exit handlers (SIGKILL, crash). */
function startWatchdog(cluster: Cluster): void {
  const [cmd, argv] = serverCommand(cluster.bin, 'pg_ctl', ['-D', cluster.dataDir, '-m', 'immediate', '-w', 'stop']);
  const stopCommand = [cmd, ...argv].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = `while kill -0 ${process.pid} 2>/dev/null && [ -d '${cluster.dataDir}' ]; do sleep 1; done; ${stopCommand} >/dev/null 2>&1; rm -rf '${cluster.dir}'`;
  const watchdog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watchdog.unref();
}

/** The cluster of this process, kept at hand because 'exit' handlers cannot await. */
let current: Cluster | undefined;
let exitHandlersInstalled = false;

function installExitHandlers(): void {
  if (exitHandlersInstalled) return;
  exitHandlersInstalled = true;
  process.on('exit', () => {
    if (current) stopClusterNow(current);
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      if (current) stopClusterNow(current);
      process.kill(process.pid, signal);
    });
  }
}

async function startCluster(): Promise<Cluster> {
  const bin = findServerBin();
  // The postgres user must reach the directory: a root TMPDIR such as /root/tmp would not do.
  const dir = mkdtempSync(join(runningAsRoot() ? '/tmp' : tmpdir(), 'aftersales-pg-'));
  const dataDir = join(dir, 'data');
  if (runningAsRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  runServerTool(bin, 'initdb', ['-D', dataDir, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const cluster: Cluster = { dir, dataDir, port: 0, bin, users: 0, stopped: false };
  current = cluster;
  installExitHandlers();
  startWatchdog(cluster);
  let lastError: unknown;
  // Another process may take the free port between the probe and the server's bind: try a few.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const options = [
      '-c listen_addresses=127.0.0.1',
      `-p ${port}`,
      `-c unix_socket_directories=${dir}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
      '-c shared_buffers=32MB',
    ].join(' ');
    try {
      runServerTool(bin, 'pg_ctl', ['-D', dataDir, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start']);
      cluster.port = port;
      return cluster;
    } catch (e) {
      lastError = e;
    }
  }
  const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
  stopClusterNow(cluster);
  throw new Error(`PostgreSQL did not start: ${String(lastError)}\n${log}`);
}

async function adminQuery(cluster: Cluster, sql: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port: cluster.port, user: SUPERUSER, database: 'postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Starts (or reuses) this process's throw-away cluster and creates a fresh database on it.
 * Safe to call from several test files and several processes at once: each process has its own
 * cluster on its own port, each call its own database.
 *
 * @example
 * let db: PostgresHandle;
 * beforeAll(async () => { db = await startPostgres(); });
 * afterAll(() => db.stop());
 */
export async function startPostgres(): Promise<PostgresHandle> {
  let cluster: Cluster;
  // Another caller may stop the cluster while this one waits for it: then start a new one.
  for (;;) {
    if (!clusterPromise || current?.stopped) {
      clusterPromise = startCluster();
      clusterPromise.catch(() => (clusterPromise = undefined));
    }
    cluster = await clusterPromise;
    if (!cluster.stopped) break;
    if (clusterPromise && (await clusterPromise) === cluster) clusterPromise = undefined;
  }
  cluster.users++;
  const database = `aftersales_test_${process.pid}_${++databaseCounter}`;
  try {
    await adminQuery(cluster, `CREATE DATABASE ${database}`);
  } catch (e) {
    cluster.users--;
    throw e;
  }
  let stopped = false;
  return {
    database,
    connectionString: `postgres://${SUPERUSER}@127.0.0.1:${cluster.port}/${database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      cluster.users--;
      if (cluster.users > 0) {
        await adminQuery(cluster, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
        return;
      }
      stopClusterNow(cluster);
      if (current === cluster) current = undefined;
      clusterPromise = undefined;
    },
  };
}

