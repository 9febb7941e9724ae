/**
 * The ERP gateway used when no host ERP is configured: it knows no master data and refuses
 * write-backs, so they stay in the outbox until an ERP is connected.
 */
import { AftersalesError } from '../../domain/errors.js';
import type { ErpGateway } from '../../domain/ports.js';

function noErp(operation: string): AftersalesError {
  return new AftersalesError({
    code: 'AFTERSALES.ERP_NOT_CONFIGURED',
    type: 'unavailable',
    message: {
      'zh-CN': `未连接 ERP，无法执行“${operation}”；回写保留在待发送队列中`,
      en: `No ERP is connected, so "${operation}" cannot be done; the write-back stays in the outbox`,
    },
    details: { operation },
  });
}

/**
 * Builds the gateway of `erp: { kind: 'none' }`.
 *
 * @example
 * const erp = createNoneGateway();
 * await erp.getCustomer('10100001'); // undefined
 */
export function createNoneGateway(): ErpGateway {
  return {
    kind: 'none',
    getCustomer: async () => undefined,
    getSalesOrder: async () => undefined,
    getProduct: async () => undefined,
    getInvoice: async () => undefined,
    getServiceEntitlement: async () => undefined,
    createCustomerReturn: async () => {
      throw noErp('create-customer-return');
    },
    createCreditMemoRequest: async () => {
      throw noErp('create-credit-memo-request');
    },
    postPenaltyDeduction: async () => {
      throw noErp('post-penalty-deduction');
    },
  };
}
