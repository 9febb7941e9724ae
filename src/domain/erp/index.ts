/**
 * ERP-driven rules.
 *
 * @example
 * import { erpRuleHooks } from './domain/erp/index.js';
 */
export { erpRuleHooks, prefillComplaintFromOrder, entitlementForVoucher, complainedItem, unknownSalesOrder, type ErpRuleHookOptions } from './rule-hooks.js';
