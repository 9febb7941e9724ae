/**
 * CPU time per thread of this process, from Linux's /proc: what a process-wide `cpuUsage()`
 * cannot tell apart (a worker's JavaScript, V8's collector threads, the main thread).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** CPU milliseconds per thread id; empty where /proc is missing. */
export function threadCpu(): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  const tick = 10; // USER_HZ is 100 on every Linux Node supports
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the parenthesised name; utime and stime are the 14th and 15th of the line.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * tick);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

/** How a run's CPU splits between the main thread, threads started since `existing`, and the rest. */
export interface ThreadCpuSplit {
  main: number;
  started: number;
  /** Threads that existed before: V8's platform threads (parallel and concurrent GC) and libuv's. */
  runtime: number;
}

/** Splits the CPU used between two {@link threadCpu} snapshots. */
export function splitThreadCpu(before: Map<number, number>, after: Map<number, number>, existing: Set<number>): ThreadCpuSplit {
  const split = { main: 0, started: 0, runtime: 0 };
  for (const [tid, ms] of after) {
    const used = ms - (before.get(tid) ?? 0);
    if (tid === process.pid) split.main += used;
    else if (existing.has(tid)) split.runtime += used;
    else split.started += used;
  }
  return split;
}
