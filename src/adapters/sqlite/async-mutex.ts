/**
 * A first-come, first-served lock for async work: SQLite has one writer per connection, and a
 * transaction whose body awaits must not interleave with another one on the same connection.
 *
 * @example
 * const lock = new AsyncMutex();
 * await lock.run(async () => { db.exec('BEGIN IMMEDIATE'); await work(); db.exec('COMMIT'); });
 */
export class AsyncMutex {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `fn` once every earlier `run` has settled; its outcome is returned unchanged. */
  run<T>(fn: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(() => fn());
    // The next waiter starts after this one whatever its outcome.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
