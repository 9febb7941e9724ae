/** The engine service and the pieces it is built from. */
export * from './aftersales-service.js';
export * from './copy-routing.js';
export * from './write-backs.js';
export * from './derived-drafts.js';
export * from './deadline-plan.js';
export * from './penalty-shares.js';
export * from './creation-changes.js';
