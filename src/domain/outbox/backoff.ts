/**
 * When a failed write-back is tried again: exponential backoff with jitter, so a host coming
 * back after an outage is not hit by every waiting delivery at the same instant.
 */

/**
 * The backoff policy of the outbox worker.
 *
 * @example
 * const policy: OutboxBackoff = { baseMs: 1_000, maxMs: 15 * 60_000, maxAttempts: 12 };
 */
export interface OutboxBackoff {
  /** Delay after the first failed attempt, before jitter. */
  baseMs: number;
  /** The delay never grows beyond this. */
  maxMs: number;
  /** After this many failed attempts the entry is parked for an admin. */
  maxAttempts: number;
}

/**
 * The delay before the next attempt after `failedAttempts` failures: `baseMs × 2^(n−1)` capped at
 * `maxMs`, of which the upper half is random ("equal jitter"), so it is never below half the step.
 *
 * @example
 * retryDelayMs(1, { baseMs: 1000, maxMs: 60_000, maxAttempts: 5 }, () => 0);   // 500
 * retryDelayMs(3, { baseMs: 1000, maxMs: 60_000, maxAttempts: 5 }, () => 0.999); // ≈ 4000
 */
export function retryDelayMs(failedAttempts: number, policy: Pick<OutboxBackoff, 'baseMs' | 'maxMs'>, random: () => number = Math.random): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(failedAttempts - 1, 40)));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * Whether a failed delivery should wait for another try or be parked for an admin: only errors
 * the host may recover from are retried, and only while attempts remain.
 *
 * @example
 * shouldPark({ retryable: true }, 3, { baseMs: 1000, maxMs: 60_000, maxAttempts: 3 }); // true
 */
export function shouldPark(failure: { retryable: boolean }, attemptsSoFar: number, policy: Pick<OutboxBackoff, 'maxAttempts'>): boolean {
  return !failure.retryable || attemptsSoFar >= policy.maxAttempts;
}
