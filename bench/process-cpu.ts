/**
 * Where a benchmark's CPU went, from Linux's /proc: the whole machine (busy and idle), given
 * processes (a server, the client), and the rest (a database, the system). It tells a run that
 * is waiting (idle cores) from one that is out of cores.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const TICK_MS = 10; // USER_HZ is 100 on every Linux Node supports

interface Snapshot {
  at: number;
  busyMs: number;
  idleMs: number;
  byPid: Map<number, number>;
}

function processMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // utime and stime are the 14th and 15th fields; the name in parentheses may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** CPU counters of the machine and of `pids` now; undefined where /proc is missing. */
export function cpuSnapshot(pids: readonly number[]): Snapshot | undefined {
  let line: string;
  try {
    line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  } catch {
    return undefined;
  }
  // cpu user nice system idle iowait irq softirq steal …
  const t = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = t[3]! + t[4]!;
  const busy = t.slice(0, 8).reduce((a, b) => a + b, 0) - idle;
  return { at: performance.now(), busyMs: busy * TICK_MS, idleMs: idle * TICK_MS, byPid: new Map(pids.map((p) => [p, processMs(p)])) };
}

/**
 * Cores used between two snapshots: by each named group of processes, by the rest, and idle.
 *
 * @example
 * const a = cpuSnapshot([server.pid, process.pid]); await run(); const b = cpuSnapshot([server.pid, process.pid]);
 * cpuSplit(a, b, { server: [server.pid], client: [process.pid] }); // 'server 0.98, client 0.41, rest 0.52, idle 0.09 of 2 cores'
 */
export function cpuSplit(a: Snapshot | undefined, b: Snapshot | undefined, groups: Record<string, readonly number[]>): string {
  if (!a || !b) return 'CPU split unavailable (no /proc)';
  const wall = b.at - a.at;
  const cores = (ms: number) => (ms / wall).toFixed(2);
  let named = 0;
  const parts = Object.entries(groups).map(([name, pids]) => {
    const ms = pids.reduce((sum, p) => sum + (b.byPid.get(p) ?? 0) - (a.byPid.get(p) ?? 0), 0);
    named += ms;
    return `${name} ${cores(ms)}`;
  });
  const busy = b.busyMs - a.busyMs;
  const idle = b.idleMs - a.idleMs;
  return `${parts.join(', ')}, rest ${cores(Math.max(0, busy - named))}, idle ${cores(idle)} of ${availableParallelism()} cores`;
}

/**
 * Cores the whole machine kept busy between two snapshots; NaN without /proc.
 *
 * @example
 * busyCores(a, b); // 1.86 on a 2-core machine with 0.14 of a core idle
 */
export function busyCores(a: Snapshot | undefined, b: Snapshot | undefined): number {
  if (!a || !b) return NaN;
  return (b.busyMs - a.busyMs) / (b.at - a.at);
}
