/**
 * The regulations' rules as small named functions: service category, major incidents, return
 * reconciliation, penalties, parts write-off and complaint causes.
 */
export * from './complaint-causes.js';
export * from './exact-ratio.js';
export * from './major-incident.js';
export * from './parts-write-off.js';
export * from './penalties.js';
export * from './return-reconciliation.js';
export * from './service-category.js';
