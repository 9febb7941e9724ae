/**
 * erp-aftersales: after-sales service forms with workflows, approval authority, business
 * calendars and multi-copy PDF slips, for embedding in an ERP.
 */
export * from './domain/errors.js';
export * from './domain/locale.js';
export * from './domain/money.js';
export * from './domain/vocabulary.js';
export * from './domain/document.js';
export * from './domain/ports.js';
export * from './domain/form-definition.js';
export * from './domain/form-catalog.js';
export * from './domain/aftersales-api.js';
export * from './domain/workflow/types.js';
export * from './domain/settings.js';
export * from './domain/audit/chain.js';
export * from './domain/hooks/types.js';
