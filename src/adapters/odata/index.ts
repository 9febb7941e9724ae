/**
 * The OData ERP adapter: `createODataGateway(config)` for SAP S/4HANA (V2) and V4 hosts.
 *
 * @example
 * import { createODataGateway, SAP_S4_V2_MAPPING } from './adapters/odata/index.js';
 * const erp = createODataGateway({ kind: 'odata', version: 4, serviceRoot: 'http://127.0.0.1:4004/odata/v4' });
 */
export { createODataGateway } from './odata-gateway.js';
export { odataConfigSchema, hostAuthSchema, parseErpConfig, type ODataConfig } from './config.js';
export { SAP_S4_V2_MAPPING, ODATA_V4_MAPPING, odataMappingSchema, type ODataMapping, type ODataMappingOverride } from './mapping.js';
export { hostError, hostMessage, type HostAuth } from './host-http.js';
