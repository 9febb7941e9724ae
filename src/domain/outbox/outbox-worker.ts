/**
 * The outbox delivery worker: takes write-backs recorded with their state change, calls the
 * host ERP, and records delivered / failed (with backoff) / parked. Our document number travels
 * as the idempotency reference, so a retry after a lost answer finds the first record instead
 * of creating a second.
 */
import { AftersalesError, isAftersalesError, notFound } from '../errors.js';
import type { Clock, DocumentStore, ErpGateway, ErpWriteResult, Logger, OutboxEntry, OutboxOperation, StoreTransaction } from '../ports.js';
import { retryDelayMs, shouldPark, type OutboxBackoff } from './backoff.js';
import { outboxPayloadSchemas } from './payloads.js';

/**
 * Options of {@link createOutboxWorker}.
 *
 * @example
 * const options: OutboxWorkerOptions = {
 *   store, erp, clock: { now: () => new Date() }, logger: console,
 *   backoff: { baseMs: 1000, maxMs: 15 * 60_000, maxAttempts: 12 }, leaseMs: 60_000, batchSize: 20,
 * };
 */
export interface OutboxWorkerOptions {
  store: DocumentStore;
  erp: ErpGateway;
  clock: Clock;
  logger: Logger;
  backoff: OutboxBackoff;
  /** How long a claimed entry stays reserved for this worker; a crashed worker's entries come back after it. */
  leaseMs: number;
  /** Entries claimed per round. */
  batchSize: number;
  /** Deliveries of one round run this many at a time (default 4). */
  concurrency?: number;
  /** Pause between rounds of {@link OutboxWorker.start} when nothing was due (default 1000 ms). */
  pollMs?: number;
  /** Randomness for the jitter; injectable for tests. */
  random?: () => number;
}

/**
 * What one round did.
 *
 * @example
 * const r: OutboxRound = { claimed: 3, delivered: 2, failed: 1, parked: 0 };
 */
export interface OutboxRound {
  claimed: number;
  delivered: number;
  failed: number;
  parked: number;
}

/**
 * The running worker.
 *
 * @example
 * const worker = createOutboxWorker(options);
 * worker.start();
 * // … on shutdown
 * await worker.stop();
 */
export interface OutboxWorker {
  /** Claims the due entries once and delivers them. */
  runOnce(): Promise<OutboxRound>;
  /** Keeps delivering in the background until {@link OutboxWorker.stop}. */
  start(): void;
  /** Stops the background loop and waits for the round in progress. */
  stop(): Promise<void>;
  /**
   * Sends a parked (or failed) entry back for delivery with a fresh set of attempts; for admins.
   * `alsoRecord` runs in the same transaction as the change (the admin's audit event): both are
   * stored, or neither.
   */
  retryParked(id: number, alsoRecord?: (tx: StoreTransaction, entry: OutboxEntry) => Promise<void>): Promise<OutboxEntry>;
}

/**
 * Builds the outbox delivery worker.
 *
 * @example
 * const worker = createOutboxWorker({ store, erp, clock, logger, backoff: { baseMs: 1000, maxMs: 900_000, maxAttempts: 12 }, leaseMs: 60_000, batchSize: 20 });
 * const round = await worker.runOnce(); // { claimed, delivered, failed, parked }
 */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { store, erp, clock, logger, backoff, leaseMs, batchSize } = options;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const pollMs = options.pollMs ?? 1000;
  const random = options.random ?? Math.random;
  let running = false;
  let current: Promise<unknown> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wake: (() => void) | undefined;

  async function deliver(entry: OutboxEntry): Promise<'delivered' | 'failed' | 'parked'> {
    const attempts = entry.attempts + 1;
    try {
      const result = await send(erp, entry);
      await store.settleOutbox(entry.id, { status: 'delivered', hostKey: result.hostKey, attempts });
      logger.info({ outboxId: entry.id, documentId: entry.documentId, operation: entry.operation, reference: entry.reference, hostKey: result.hostKey, alreadyExisted: result.alreadyExisted }, 'outbox entry delivered');
      return 'delivered';
    } catch (error) {
      const retryable = isAftersalesError(error) && error.type === 'unavailable';
      const lastError = describe(error);
      const facts = { outboxId: entry.id, documentId: entry.documentId, operation: entry.operation, reference: entry.reference, attempts, error: lastError };
      if (shouldPark({ retryable }, attempts, backoff)) {
        await store.settleOutbox(entry.id, { status: 'parked', lastError, attempts });
        logger.error(facts, 'outbox entry parked: an admin can retry it');
        return 'parked';
      }
      const hostWait = isAftersalesError(error) && typeof error.details.retryAfterMs === 'number' ? Math.min(error.details.retryAfterMs, backoff.maxMs) : 0;
      const nextAttemptAt = new Date(clock.now().getTime() + Math.max(retryDelayMs(attempts, backoff, random), hostWait)).toISOString();
      await store.settleOutbox(entry.id, { status: 'failed', lastError, attempts, nextAttemptAt });
      logger.warn({ ...facts, nextAttemptAt }, 'outbox delivery failed, will retry');
      return 'failed';
    }
  }

  async function runOnce(): Promise<OutboxRound> {
    const claimed = await store.claimOutbox(clock.now().toISOString(), batchSize, leaseMs);
    const round: OutboxRound = { claimed: claimed.length, delivered: 0, failed: 0, parked: 0 };
    let next = 0;
    const lanes = Array.from({ length: Math.min(concurrency, claimed.length) }, async () => {
      while (next < claimed.length) {
        const outcome = await deliver(claimed[next++]!);
        round[outcome]++;
      }
    });
    await Promise.all(lanes);
    return round;
  }

  async function loop(): Promise<void> {
    while (running) {
      let round: OutboxRound | undefined;
      try {
        current = runOnce();
        round = (await current) as OutboxRound;
      } catch (error) {
        logger.error({ error: describe(error) }, 'outbox round failed');
      } finally {
        current = undefined;
      }
      // A full batch means more may be due right now; otherwise wait for the next poll.
      if (running && !(round && round.claimed === batchSize)) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, pollMs);
        });
      }
    }
  }

  return {
    runOnce,
    start() {
      if (running) return;
      running = true;
      void loop();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      wake?.();
      await current?.catch(() => undefined);
    },
    async retryParked(id, alsoRecord) {
      // A store written before `id` was a filter lists them all: the entry is still picked by its id.
      const entry = Number.isSafeInteger(id) ? (await store.listOutbox({ id })).find((e) => e.id === id) : undefined;
      if (!entry) throw notFound('outbox', String(id));
      if (entry.status !== 'parked' && entry.status !== 'failed') throw notParked(id, entry.status);
      const nextAttemptAt = clock.now().toISOString();
      const requeued = await store.transaction(async (tx) => {
        const now = await tx.requeueOutbox(id, nextAttemptAt);
        // Another admin (or process) retried it between the look above and this change.
        if (!now) throw notParked(id, 'pending');
        await alsoRecord?.(tx, entry);
        return now;
      });
      logger.info({ outboxId: id, documentId: entry.documentId, previousAttempts: entry.attempts }, 'parked outbox entry sent back for delivery');
      wake?.();
      return requeued;
    },
  };
}

/**
 * The refusal to retry a write-back that is not parked (or failed).
 *
 * @example
 * throw notParked(7, 'delivered'); // 409 AFTERSALES.OUTBOX_NOT_PARKED
 */
export function notParked(id: number, status: string): AftersalesError {
  return new AftersalesError({
    code: 'AFTERSALES.OUTBOX_NOT_PARKED',
    type: 'conflict',
    message: { 'zh-CN': `回写记录 ${id} 状态为“${status}”，只有搁置的回写可以重试`, en: `Outbox entry ${id} is ${status}; only a parked write-back can be retried` },
    details: { id, status },
  });
}

/**
 * Calls the gateway operation an entry asks for, with the entry's reference as idempotency key.
 *
 * @example
 * await send(erp, entry); // { hostKey: '60000001', alreadyExisted: false }
 */
export async function send(erp: ErpGateway, entry: Pick<OutboxEntry, 'operation' | 'payload' | 'reference'>): Promise<ErpWriteResult> {
  const op: OutboxOperation = entry.operation;
  const schema = outboxPayloadSchemas[op];
  if (!schema) {
    throw new AftersalesError({
      code: 'AFTERSALES.OUTBOX_PAYLOAD_INVALID',
      type: 'invalid_data',
      message: { 'zh-CN': `未知的回写操作“${String(op)}”`, en: `Unknown write-back operation "${String(op)}"` },
    });
  }
  const parsed = schema.safeParse(entry.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const pointer = '/payload/' + issue.path.join('/');
    throw new AftersalesError({
      code: 'AFTERSALES.OUTBOX_PAYLOAD_INVALID',
      type: 'invalid_data',
      pointer,
      message: { 'zh-CN': `回写数据不完整：${pointer} ${issue.message}`, en: `The write-back payload is not valid: ${pointer} ${issue.message}` },
    });
  }
  // The entry's reference wins over any in the payload: it is what the host is searched by.
  const request = { ...(parsed.data as Record<string, unknown>), reference: entry.reference };
  switch (op) {
    case 'create-customer-return':
      return erp.createCustomerReturn(request as never);
    case 'create-credit-memo-request':
      return erp.createCreditMemoRequest(request as never);
    case 'post-penalty-deduction':
      return erp.postPenaltyDeduction(request as never);
  }
}

function describe(error: unknown): string {
  if (isAftersalesError(error)) return `${error.code}: ${error.localize('zh-CN')} / ${error.localize('en')}`.slice(0, 2000);
  return (error instanceof Error ? error.message : String(error)).slice(0, 2000);
}
