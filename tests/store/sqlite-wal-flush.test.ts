import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WalFlusher } from '../../src/adapters/sqlite/wal-flush.js';
import { isAftersalesError } from '../../src/domain/errors.js';

/** A flush the test finishes by hand, so it can look at who was answered before the disk was. */
function manualSync() {
  const calls: ((error: Error | null) => void)[] = [];
  return {
    calls,
    sync: (_fd: number, done: (error: Error | null) => void) => void calls.push(done),
    finish: (i: number, error: Error | null = null) => calls[i]!(error),
  };
}

const settled = async (p: Promise<unknown>): Promise<'resolved' | 'rejected' | 'pending'> => {
  let state: 'resolved' | 'rejected' | 'pending' = 'pending';
  p.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await new Promise((r) => setImmediate(r));
  return state;
};

describe('WAL flusher', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  function walFile(): string {
    const dir = mkdtempSync(join(tmpdir(), 'aftersales-wal-'));
    dirs.push(dir);
    const file = join(dir, 'aftersales.db-wal');
    writeFileSync(file, 'frames');
    return file;
  }

  it('answers a commit only after a flush that began after it, and commits made meanwhile share the next flush', async () => {
    const disk = manualSync();
    const flusher = new WalFlusher(walFile(), disk.sync);
    const first = flusher.commitMade();
    expect(disk.calls).toHaveLength(1);
    // Three commits while the first flush runs: not covered by it.
    const later = [flusher.commitMade(), flusher.commitMade(), flusher.commitMade()];
    expect(await settled(first)).toBe('pending');
    disk.finish(0);
    expect(await settled(first)).toBe('resolved');
    expect(await Promise.all(later.map(settled))).toEqual(['pending', 'pending', 'pending']);
    // One more flush for the three, not three.
    expect(disk.calls).toHaveLength(2);
    disk.finish(1);
    expect(await Promise.all(later.map(settled))).toEqual(['resolved', 'resolved', 'resolved']);
    expect(flusher.pending).toBe(false);
    await flusher.close();
  });

  it('fails every waiting commit, and every later one, with STORE_UNAVAILABLE when the disk refuses a flush', async () => {
    const disk = manualSync();
    const flusher = new WalFlusher(walFile(), disk.sync);
    const waiting = flusher.commitMade();
    disk.finish(0, Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    const error = await waiting.catch((e: unknown) => e);
    expect(isAftersalesError(error) && error.code).toBe('AFTERSALES.STORE_UNAVAILABLE');
    expect(isAftersalesError(error) && error.message).toContain('EIO');
    // The kernel may have dropped the pages: nothing later may count as stored either.
    await expect(flusher.commitMade()).rejects.toMatchObject({ code: 'AFTERSALES.STORE_UNAVAILABLE' });
    expect(disk.calls).toHaveLength(1);
    await flusher.close();
  });

  it('flushes a real file', async () => {
    const flusher = new WalFlusher(walFile());
    await Promise.all([flusher.commitMade(), flusher.commitMade()]);
    expect(flusher.pending).toBe(false);
    await flusher.close();
  });

  it('reports a missing log file as the store being unavailable instead of throwing', async () => {
    const flusher = new WalFlusher(join(tmpdir(), 'no-such-dir-aftersales', 'x.db-wal'));
    await expect(flusher.commitMade()).rejects.toMatchObject({ code: 'AFTERSALES.STORE_UNAVAILABLE' });
    await flusher.close();
  });
});
