import { createMemoryStore } from '../../src/adapters/memory/index.js';
import { describeStoreContract } from './contract.js';

// An in-memory store has no rows to alter behind its back, so the tamper case does not apply.
describeStoreContract('memory', async () => {
  const store = createMemoryStore();
  return { store, cleanup: () => store.close() };
}, { tamper: false });
