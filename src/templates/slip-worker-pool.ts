/**
 * The pool of worker threads that render batch chunks, one per CPU by default.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { SlipChunkTask } from './render-worker.js';
import type { SlipPart } from './slip-print.js';

/**
 * Where the worker's code is: the built `render-worker.js` next to this bundle in `dist/`, or,
 * when running from the TypeScript sources (tests, tsx), `render-worker.ts` loaded through tsx.
 *
 * @example
 * const { filename, execArgv } = renderWorkerEntry();
 */
export function renderWorkerEntry(): { filename: string; execArgv: string[] } {
  const built = new URL('./render-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return { filename: built.href, execArgv: [] };
  const source = new URL('./render-worker.ts', import.meta.url);
  // Resolved here, so the worker finds tsx whatever the current directory is.
  return { filename: source.href, execArgv: ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] };
}

/** Parent flags a worker may take: how modules load. V8 and process flags are refused by `Worker`. */
const WORKER_SAFE_FLAGS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader', '--conditions', '-C']);

/**
 * The `execArgv` for the pool's threads. With nothing to add, none: a worker then inherits the
 * parent's options, including V8 flags such as `--max-old-space-size` that `Worker` refuses when
 * they are passed explicitly. With flags to add, the parent's module-loading flags are kept, so
 * its loaders still apply.
 *
 * @example
 * workerExecArgv(['--max-old-space-size=4096'], []); // undefined: inherited
 * workerExecArgv(['--max-old-space-size=4096', '--import', 'x'], ['--import', 'tsx']); // ['--import', 'x', '--import', 'tsx']
 */
export function workerExecArgv(parent: readonly string[], extra: readonly string[]): string[] | undefined {
  if (extra.length === 0) return undefined;
  const kept: string[] = [];
  for (let i = 0; i < parent.length; i++) {
    const arg = parent[i]!;
    const name = arg.split('=', 1)[0]!;
    if (!WORKER_SAFE_FLAGS.has(name)) continue;
    kept.push(arg);
    // `--import x` carries its value in the next argument; `--import=x` does not.
    if (!arg.includes('=') && i + 1 < parent.length) kept.push(parent[++i]!);
  }
  return [...kept, ...extra];
}

/**
 * The number of threads a pool gets unless told otherwise: the CPUs this process may use.
 *
 * @example
 * defaultWorkerCount(); // 2 on a 2-core machine
 */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * A fixed-size pool of slip renderers.
 *
 * @example
 * const pool = new SlipWorkerPool(2);
 * const part = await pool.render({ jobs, layout });
 * await pool.close();
 */
export class SlipWorkerPool {
  private readonly piscina: Piscina<SlipChunkTask, SlipPart>;

  constructor(readonly size: number) {
    const entry = renderWorkerEntry();
    this.piscina = new Piscina<SlipChunkTask, SlipPart>({
      filename: entry.filename,
      execArgv: workerExecArgv(process.execArgv, entry.execArgv),
      minThreads: size,
      maxThreads: size,
      // The caller keeps at most a few chunks in flight; a long queue would only hold memory.
      maxQueue: 'auto',
      idleTimeout: 30_000,
      // Young: room for several documents' garbage, so a form body's layout mostly dies before a
      // scavenge promotes it (16 MB promoted twice as much). Old: the smaller the limit, the less V8
      // lets the heap grow between full collections; 1,024 MB needs about a third fewer than 256 at
      // the same peak (~310 MB for 10,000 pages on 2 threads), 2,048 MB went past 400 MB.
      resourceLimits: { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 32 },
    });
  }

  /** Renders one chunk in a worker. */
  render(task: SlipChunkTask): Promise<SlipPart> {
    return this.piscina.run(task);
  }

  /** Stops the threads. */
  close(): Promise<void> {
    return this.piscina.destroy();
  }
}
