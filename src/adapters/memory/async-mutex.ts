/**
 * A first-come first-served lock for async code: transactions of the memory store run one at a
 * time so serials cannot repeat or skip.
 *
 * @example
 * const lock = new AsyncMutex();
 * await lock.runExclusive(async () => { … });
 */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `fn` after every earlier holder has finished, whether it succeeded or threw. */
  runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn);
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}
