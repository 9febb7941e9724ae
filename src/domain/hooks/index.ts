/** Rule hooks: the contract and the registry that runs them. */
export * from './types.js';
export * from './hook-registry.js';
