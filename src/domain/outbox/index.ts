/**
 * The outbox: write-backs to the host ERP delivered after the state change that caused them.
 *
 * @example
 * import { createOutboxWorker } from './domain/outbox/index.js';
 */
export { createOutboxWorker, notParked, send, type OutboxWorker, type OutboxWorkerOptions, type OutboxRound } from './outbox-worker.js';
export { retryDelayMs, shouldPark, type OutboxBackoff } from './backoff.js';
export { outboxPayloadSchemas, type OutboxRequest } from './payloads.js';
