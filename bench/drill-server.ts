/**
 * The standalone server as a child process the drill can kill: started with the CLI from source
 * on a data directory, bound to 127.0.0.1, ready when it answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, where the CLI's source lives. */
export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * A free TCP port on the loopback interface.
 *
 * @example
 * const port = await freePort();
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Runs the CLI from source (`src/cli/main.ts` through tsx), so the drill tests the code as it is.
 *
 * @example
 * const child = cli(['verify', '--data', dir]);
 */
export function cli(args: string[], options: { quiet?: boolean } = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), ...args], {
    cwd: REPO_ROOT,
    stdio: options.quiet ? ['ignore', 'ignore', 'pipe'] : ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

/** A running server. */
export interface DrillServer {
  child: ChildProcess;
  base: string;
  /** Everything the server wrote to stderr, for the report when something goes wrong. */
  stderr: () => string;
}

/**
 * Starts `erp-aftersales serve` on `port` with `dataDir` and waits until it answers.
 *
 * @example
 * const server = await startDrillServer(port, dir);
 */
export async function startDrillServer(port: number, dataDir: string, timeoutMs = 30_000): Promise<DrillServer> {
  const child = cli(['serve', '--port', String(port), '--host', '127.0.0.1', '--data', dataDir]);
  let err = '';
  child.stderr?.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-8000)));
  child.stdout?.on('data', () => {});
  const base = `http://127.0.0.1:${port}/aftersales`;
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${err}`);
    try {
      const res = await fetch(`${base}/forms`, { signal: AbortSignal.timeout(1000) });
      // Any HTTP answer (401 without a key) means it is listening.
      if (res.status > 0) return { child, base, stderr: () => err };
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not answer within ${timeoutMs} ms:\n${err}`);
}

/**
 * The API key of the first demo user holding each role, from `DIR/api-keys.json`.
 *
 * @example
 * const keys = roleKeys(dir); keys.sales; // 'ak_sales_…'
 */
export function roleKeys(dataDir: string): Record<string, string> {
  const file = JSON.parse(readFileSync(join(dataDir, 'api-keys.json'), 'utf8')) as Record<string, { roles: string[] }>;
  const out: Record<string, string> = {};
  for (const [key, actor] of Object.entries(file)) for (const role of actor.roles) out[role] ??= key;
  return out;
}

/**
 * Sends SIGKILL and waits for the process to be gone.
 *
 * @example
 * await killHard(server.child);
 */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGKILL');
  await gone;
}

/**
 * Sends SIGTERM and waits (SIGKILL after `graceMs`).
 *
 * @example
 * await stopGently(server.child);
 */
export async function stopGently(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(t);
}
