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
export * from './domain/workflow/index.js';
export * from './domain/settings.js';
export * from './domain/audit/chain.js';
export * from './domain/hooks/index.js';
export * from './domain/numbering/index.js';
export * from './domain/approval/index.js';
export * from './domain/calendar/index.js';
export * from './domain/deadlines/index.js';
export * from './domain/rules/index.js';
export * from './domain/erp/index.js';
export * from './domain/outbox/index.js';
export * from './domain/reports/complaint-statistics.js';
export * from './domain/service/index.js';
export * from './forms/index.js';
export * from './forms/workflows.js';
export { createMemoryStore } from './adapters/memory/index.js';
export { createNoneGateway } from './adapters/none/index.js';
// The OData client itself loads on a gateway's first request, so these cost no start-up time.
export { createODataGateway, SAP_S4_V2_MAPPING, ODATA_V4_MAPPING, type ODataConfig, type ODataMapping, type ODataMappingOverride } from './adapters/odata/index.js';
export { createRestGateway, ERPNEXT_MAPPING, type RestConfig, type RestMapping } from './adapters/rest/index.js';
export * from './create-aftersales.js';
