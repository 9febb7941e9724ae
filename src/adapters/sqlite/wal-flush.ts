/**
 * Durability without stalling the event loop: the writer commits with `synchronous=NORMAL` (the
 * WAL is written but not flushed), and a {@link WalFlusher} flushes the WAL file with `fdatasync`
 * on libuv's thread pool. A commit counts as stored once a flush that began after it has
 * finished; commits made while a flush runs share the next one.
 */
import { close, closeSync, fdatasync, openSync } from 'node:fs';
import { storeUnavailable } from './store-shared.js';

interface Waiter {
  generation: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
}

/**
 * Flushes the WAL file of one database after commits, coalescing flushes.
 *
 * @example
 * const flusher = new WalFlusher('./data/aftersales.db-wal');
 * writer.exec('COMMIT');
 * await flusher.commitMade(); // the commit is on disk now
 * await flusher.close();
 */
export class WalFlusher {
  private fd: number | undefined;
  /** Commits made so far. */
  private made = 0;
  /** Commits a finished flush covers. */
  private flushed = 0;
  private running = false;
  private waiters: Waiter[] = [];
  private failure: unknown;
  private idleWaiters: (() => void)[] = [];

  /**
   * @param walFile the database's `-wal` file
   * @param sync how a file is flushed (default `fs.fdatasync`, on libuv's thread pool)
   */
  constructor(
    private readonly walFile: string,
    private readonly sync: (fd: number, done: (error: Error | null) => void) => void = fdatasync,
  ) {}

  /** Records a COMMIT just made; resolves once it is on disk, rejects when the flush fails. */
  commitMade(): Promise<void> {
    this.made++;
    return this.durable();
  }

  /** The error of a failed flush; once set, no commit counts as stored any more. */
  get failed(): unknown {
    return this.failure;
  }

  /** Whether some commit is not on disk yet. */
  get pending(): boolean {
    return this.flushed < this.made;
  }

  /** Resolves once every commit made so far is on disk. */
  durable(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (!this.pending) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ generation: this.made, resolve, reject });
      this.flush();
    });
  }

  /** Waits for the flush in progress, then releases the file. */
  async close(): Promise<void> {
    if (this.running) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private flush(): void {
    if (this.running) return;
    this.running = true;
    const target = this.made;
    try {
      // Opened on first use: the WAL file exists once something was committed.
      this.fd ??= openSync(this.walFile, 'r');
    } catch (e) {
      this.finished(target, e);
      return;
    }
    this.sync(this.fd, (e) => this.finished(target, e ?? undefined));
  }

  private finished(target: number, error: unknown): void {
    this.running = false;
    if (error !== undefined) {
      // After a failed flush the kernel may have dropped the pages: nothing written since can be trusted to be stored.
      this.failure = storeUnavailable(error, `the database log could not be flushed to disk: ${(error as Error).message ?? String(error)}`);
      for (const w of this.waiters.splice(0)) w.reject(this.failure);
      this.releaseIdle();
      if (this.fd !== undefined) close(this.fd, () => undefined);
      this.fd = undefined;
      return;
    }
    this.flushed = Math.max(this.flushed, target);
    const waiting: Waiter[] = [];
    for (const w of this.waiters) (w.generation <= target ? w.resolve() : waiting.push(w));
    this.waiters = waiting;
    if (waiting.length) this.flush();
    else this.releaseIdle();
  }

  private releaseIdle(): void {
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
