/**
 * Rule hooks driven by the host ERP: a complaint is filled from its sales order, and a repair
 * voucher's free (C) or contract (B) service is checked against the ERP's warranty and contract
 * dates instead of what was typed in.
 */
import { AftersalesError } from '../errors.js';
import type { AnyHookRegistration, HookPayloads, HookRegistration, HookResult } from '../hooks/types.js';
import type { ErpGateway, ErpSalesOrder, ErpSalesOrderItem } from '../ports.js';

/**
 * Options of {@link erpRuleHooks}.
 *
 * @example
 * const o: ErpRuleHookOptions = { homeCountry: 'CN' };
 */
export interface ErpRuleHookOptions {
  /** Customers in this ISO country are domestic (13-day deadline), others foreign (17 days). */
  homeCountry?: string;
}

type Data = Record<string, unknown>;

const isBlank = (v: unknown): boolean => v === undefined || v === null || v === '';

/**
 * The sales order a complaint names does not exist in the ERP.
 *
 * @example
 * throw unknownSalesOrder('1000999');
 */
export function unknownSalesOrder(orderNumber: string): AftersalesError {
  return new AftersalesError({
    code: 'AFTERSALES.SALES_ORDER_UNKNOWN',
    type: 'invalid_data',
    pointer: '/salesOrder',
    message: { 'zh-CN': `ERP 中没有销售订单“${orderNumber}”`, en: `The ERP has no sales order "${orderNumber}"` },
    errors: [{ pointer: '/salesOrder', code: 'AFTERSALES.SALES_ORDER_UNKNOWN', message: { 'zh-CN': `ERP 中没有销售订单“${orderNumber}”`, en: `The ERP has no sales order "${orderNumber}"` } }],
    details: { salesOrder: orderNumber },
  });
}

/**
 * The item of the order a complaint is about: the one whose product (part number) or item
 * number matches what was entered, else the order's first item when nothing was entered.
 *
 * @example
 * complainedItem(order, 'PUMP-200')?.itemNumber; // '10'
 * complainedItem(order, undefined)?.itemNumber;  // '10' (the first)
 */
export function complainedItem(order: ErpSalesOrder, entered: unknown): ErpSalesOrderItem | undefined {
  if (isBlank(entered)) return order.items[0];
  const want = String(entered).trim();
  return order.items.find((i) => i.product === want) ?? order.items.find((i) => i.itemNumber === want);
}

/**
 * The complaint fields a sales order fills when they were left empty: customer, item, unit,
 * shipped quantity, ship date and the domestic/foreign market. Refuses a customer or item that
 * does not belong to the order.
 *
 * @example
 * const fill = await prefillComplaintFromOrder({ salesOrder: '1000123' }, erp);
 * fill.quantityShipped; // 100
 */
export async function prefillComplaintFromOrder(data: Data, erp: ErpGateway, options: ErpRuleHookOptions = {}): Promise<Data> {
  const orderNumber = String(data.salesOrder).trim();
  const order = await erp.getSalesOrder(orderNumber);
  if (!order) throw unknownSalesOrder(orderNumber);
  const fill: Data = {};

  const entered = (data.customer && typeof data.customer === 'object' ? data.customer : {}) as Data;
  if (!isBlank(entered.id) && order.customerId && String(entered.id) !== order.customerId) {
    const msg = {
      'zh-CN': `客户“${String(entered.id)}”与销售订单 ${orderNumber} 的客户“${order.customerId}”不符`,
      en: `Customer "${String(entered.id)}" is not the customer "${order.customerId}" of sales order ${orderNumber}`,
    };
    throw new AftersalesError({ code: 'AFTERSALES.SALES_ORDER_CUSTOMER_MISMATCH', type: 'invalid_data', pointer: '/customer/id', message: msg, errors: [{ pointer: '/customer/id', code: 'AFTERSALES.SALES_ORDER_CUSTOMER_MISMATCH', message: msg }] });
  }
  const customer = isBlank(entered.name) || isBlank(data.market) ? await erp.getCustomer(order.customerId) : undefined;
  const customerFill: Data = {};
  if (isBlank(entered.id)) customerFill.id = order.customerId;
  if (isBlank(entered.name)) customerFill.name = customer?.name ?? order.customerName ?? order.customerId;
  if (isBlank(entered.country) && customer?.country && /^[A-Z]{2}$/.test(customer.country)) customerFill.country = customer.country;
  if (Object.keys(customerFill).length) fill.customer = customerFill;
  const country = (entered.country as string | undefined) ?? customer?.country;
  if (isBlank(data.market) && country) fill.market = country === (options.homeCountry ?? 'CN') ? 'domestic' : 'foreign';

  const item = complainedItem(order, data.itemNumber);
  if (!item) {
    const msg = {
      'zh-CN': `销售订单 ${orderNumber} 中没有料号“${String(data.itemNumber)}”`,
      en: `Sales order ${orderNumber} has no item or part number "${String(data.itemNumber)}"`,
    };
    throw new AftersalesError({ code: 'AFTERSALES.SALES_ORDER_ITEM_UNKNOWN', type: 'invalid_data', pointer: '/itemNumber', message: msg, errors: [{ pointer: '/itemNumber', code: 'AFTERSALES.SALES_ORDER_ITEM_UNKNOWN', message: msg }] });
  }
  if (isBlank(data.itemNumber)) fill.itemNumber = item.product;
  if (isBlank(data.itemDescription) && item.description) fill.itemDescription = item.description;
  if (isBlank(data.unit) && item.unit) fill.unit = item.unit;
  if (isBlank(data.quantityShipped)) fill.quantityShipped = item.quantity;
  if (isBlank(data.shipDate) && order.shipDate) fill.shipDate = order.shipDate;
  return fill;
}

/**
 * The warranty and contract dates the ERP holds for a repair voucher's serial number, for
 * service categories B (contract) and C (free warranty). The ERP's dates replace typed ones;
 * the form's own rule then refuses C outside warranty and B without a valid contract.
 *
 * @example
 * await entitlementForVoucher({ serviceCategory: 'C', serialNumber: 'SN-2025-0420' }, erp); // { warrantyUntil: '2027-05-01' }
 */
export async function entitlementForVoucher(data: Data, erp: ErpGateway): Promise<Data> {
  const category = data.serviceCategory;
  if (category !== 'B' && category !== 'C') return {};
  if (isBlank(data.serialNumber)) return {};
  const serial = String(data.serialNumber).trim();
  const e = await erp.getServiceEntitlement(serial);
  if (!e) {
    const msg = {
      'zh-CN': `ERP 中没有序列号“${serial}”，无法确认${category === 'C' ? '保修期' : '维护合同'}`,
      en: `The ERP does not know serial number "${serial}", so its ${category === 'C' ? 'warranty' : 'maintenance contract'} cannot be confirmed`,
    };
    throw new AftersalesError({ code: 'AFTERSALES.SERIAL_NUMBER_UNKNOWN', type: 'invalid_data', pointer: '/serialNumber', message: msg, errors: [{ pointer: '/serialNumber', code: 'AFTERSALES.SERIAL_NUMBER_UNKNOWN', message: msg }] });
  }
  const fill: Data = {};
  if (e.warrantyUntil) fill.warrantyUntil = e.warrantyUntil;
  if (e.contractId) fill.contractId = e.contractId;
  if (e.contractUntil) fill.contractUntil = e.contractUntil;
  return fill;
}

/**
 * The ERP rule hooks the engine registers when an ERP is configured; each is typed by its hook
 * point, so they sit in the `hooks` option next to the integrator's own.
 *
 * @example
 * const aftersales = createAftersales({ erp, erpHooks: false, hooks: [...erpRuleHooks(erp), ...myHooks] });
 */
export function erpRuleHooks(gateway: ErpGateway, options: ErpRuleHookOptions = {}): AnyHookRegistration[] {
  const complaint: HookRegistration<'before-create'> = {
    name: 'erp-prefill-complaint-from-sales-order',
    hook: 'before-create',
    kinds: ['complaint'],
    order: 50,
    // Sales types the order number; the ERP knows the customer, item, quantity and ship date.
    handler: async ({ data }: HookPayloads['before-create']): Promise<HookResult | void> => {
      if (isBlank(data.salesOrder)) return;
      return { data: await prefillComplaintFromOrder(data, gateway, options) };
    },
  };
  const voucher: HookRegistration<'before-create'> = {
    name: 'erp-warranty-for-repair-voucher',
    hook: 'before-create',
    kinds: ['repair-voucher'],
    order: 50,
    // Free service must be proven by the ERP's warranty date, not by what the caller typed.
    handler: async ({ data }: HookPayloads['before-create']): Promise<HookResult | void> => {
      const fill = await entitlementForVoucher(data, gateway);
      return Object.keys(fill).length ? { data: fill } : undefined;
    },
  };
  return [complaint, voucher];
}

/**
 * The over-quantity acceptance ratio the customer's order allows for a returned item (000 十三 2):
 * that of the order item the slip returns, when the host records one; undefined without an
 * order, without the item, or when the host has no ratio (the company default applies then).
 *
 * @example
 * await orderReturnTolerance({ salesOrder: '1000123', items: [{ itemNumber: 'PUMP-200' }] }, erp); // 0.1
 */
export async function orderReturnTolerance(data: Data, erp: ErpGateway): Promise<number | undefined> {
  if (isBlank(data.salesOrder)) return undefined;
  const order = await erp.getSalesOrder(String(data.salesOrder).trim());
  if (!order) return undefined;
  const first = Array.isArray(data.items) ? (data.items[0] as Data | undefined) : undefined;
  const ratio = complainedItem(order, first?.itemNumber)?.overDeliveryTolerance;
  return typeof ratio === 'number' && ratio >= 0 && ratio <= 1 ? ratio : undefined;
}
