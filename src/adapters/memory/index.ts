/** The in-memory store, for tests and demos. */
export { createMemoryStore } from './memory-store.js';
export { AsyncMutex } from './async-mutex.js';
