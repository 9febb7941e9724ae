/**
 * Starts the example CAP host (examples/cap-host) on a free loopback port for a test, with its
 * own HOME, and stops it by its PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
const CAP_DIR = join(ROOT, 'examples/cap-host');
const SERVE = join(ROOT, 'node_modules/@sap/cds/bin/serve.js');

/** A running CAP host. */
export interface CapHost {
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** SAP Gateway V2 root: `<url>/sap/opu/odata/sap` */
  v2Root: string;
  /** OData V4 root: `<url>/odata/v4` */
  v4Root: string;
  stop(): Promise<void>;
  /** Starts it again on the same port (same data when started with a `dbFile`). */
  restart(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

/**
 * Starts the host; resolves once it answers.
 *
 * @example
 * const host = await startCapHost();
 * afterAll(() => host.stop());
 */
export async function startCapHost(options: { dbFile?: string; user?: string; password?: string } = {}): Promise<CapHost> {
  const port = await freePort();
  const home = mkdtempSync(join(tmpdir(), 'cap-host-home-'));
  let child: ChildProcess | undefined;
  let log = '';

  async function start(): Promise<void> {
    const args = [SERVE, 'all', '--port', String(port), ...(options.dbFile ? [] : ['--in-memory'])];
    child = spawn(process.execPath, args, {
      cwd: CAP_DIR,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        NODE_ENV: 'development',
        ...(options.dbFile ? { CAP_HOST_DB: options.dbFile } : {}),
        ...(options.user ? { CAP_HOST_USER: options.user, CAP_HOST_PASSWORD: options.password ?? '' } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (b) => (log += b));
    child.stderr!.on('data', (b) => (log += b));
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`CAP host exited (${child.exitCode}):\n${log}`);
      try {
        const r = await fetch(`http://127.0.0.1:${port}/odata/v4/api-business-partner/A_Customer?$top=1`);
        if (r.ok) return;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`CAP host did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function stop(): Promise<void> {
    const c = child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((ok) => {
      c.once('exit', () => ok());
      c.kill('SIGTERM');
      setTimeout(() => c.exitCode === null && c.kill('SIGKILL'), 3000).unref();
    });
  }

  await start();
  const url = `http://127.0.0.1:${port}`;
  return { port, url, v2Root: `${url}/sap/opu/odata/sap`, v4Root: `${url}/odata/v4`, stop, restart: start };
}
