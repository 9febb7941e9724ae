/** The ERP gateway for running without a host ERP. */
export { createNoneGateway } from './none-gateway.js';
