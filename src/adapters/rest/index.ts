/**
 * The REST ERP adapter (ERPNext/Frappe style): `createRestGateway(config)`.
 *
 * @example
 * import { createRestGateway } from './adapters/rest/index.js';
 * const erp = createRestGateway({ kind: 'rest', baseUrl: 'http://127.0.0.1:8000', auth: { kind: 'token', key: 'k', secret: 's' } });
 */
export { createRestGateway, restConfigSchema, type RestConfig } from './rest-gateway.js';
export { ERPNEXT_MAPPING, restMappingSchema, type RestMapping } from './mapping.js';
