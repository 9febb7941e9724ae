/** Workflows: the contract, merging an action's data, and finding the transition it takes. */
export * from './types.js';
export * from './data-merge.js';
export * from './transitions.js';
