/**
 * The declarative map from our fields to the host's entity sets and properties. Defaults follow
 * SAP S/4HANA's public APIs (API_SALES_ORDER_SRV, API_CUSTOMER_RETURN_SRV,
 * API_CREDIT_MEMO_REQUEST_SRV, API_BUSINESS_PARTNER, API_PRODUCT_SRV, API_BILLING_DOCUMENT_SRV);
 * warranty and payroll deductions have no standard S/4 API and live in a customer `Z` service.
 */
import { z } from 'zod';

const name = z.string().min(1);
const constants = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({});
const entity = { service: name, entitySet: name, key: name };

/**
 * The validated shape of an OData mapping. Every part may be overridden in configuration.
 *
 * @example
 * const m = odataMappingSchema.parse(SAP_S4_V2_MAPPING);
 */
export const odataMappingSchema = z.strictObject({
  customer: z.strictObject({ ...entity, fields: z.strictObject({ name, country: name.optional(), region: name.optional(), phone: name.optional(), address: name.optional() }) }),
  salesOrder: z.strictObject({
    ...entity,
    fields: z.strictObject({ customerId: name, shipDate: name.optional(), currency: name.optional() }),
    items: z.strictObject({
      navigation: name,
      fields: z.strictObject({
        itemNumber: name,
        product: name,
        description: name.optional(),
        quantity: name,
        unit: name.optional(),
        netAmount: name.optional(),
        overDeliveryTolerance: name.optional(),
      }),
    }),
  }),
  product: z.strictObject({
    ...entity,
    fields: z.strictObject({ description: name.optional(), unit: name.optional() }),
    /** Texts kept in a language-keyed child set, as SAP's `to_Description`. */
    descriptions: z.strictObject({ navigation: name, field: name, languageField: name, language: name }).optional(),
  }),
  invoice: z.strictObject({ ...entity, fields: z.strictObject({ customerId: name, date: name.optional(), total: name.optional(), currency: name.optional() }) }),
  serviceEntitlement: z.strictObject({
    ...entity,
    fields: z.strictObject({ warrantyUntil: name.optional(), contractId: name.optional(), contractUntil: name.optional() }),
  }),
  customerReturn: z.strictObject({
    ...entity,
    /** The host field holding our document number, searched before creating so a retry never duplicates. */
    reference: name,
    fields: z.strictObject({ customerId: name, salesOrder: name.optional(), reason: name.optional(), date: name.optional() }),
    constants,
    items: z.strictObject({
      navigation: name,
      fields: z.strictObject({ product: name, quantity: name, unit: name.optional(), salesOrderItem: name.optional() }),
      constants,
    }),
  }),
  creditMemoRequest: z.strictObject({
    ...entity,
    reference: name,
    fields: z.strictObject({
      customerId: name,
      salesOrder: name.optional(),
      invoice: name.optional(),
      reason: name.optional(),
      amount: name.optional(),
      currency: name.optional(),
      date: name.optional(),
    }),
    constants,
    /** One item carrying the allowance, when the host needs items. */
    item: z
      .object({
        navigation: name,
        fields: z.strictObject({ amount: name.optional(), currency: name.optional(), reason: name.optional(), quantity: name.optional() }),
        constants,
      })
      .optional(),
  }),
  penaltyDeduction: z.strictObject({
    ...entity,
    reference: name,
    fields: z.strictObject({ employeeId: name, period: name, amount: name, currency: name.optional(), reason: name.optional() }),
    constants,
  }),
});

/**
 * An OData mapping.
 *
 * @example
 * const m: ODataMapping = SAP_S4_V2_MAPPING;
 */
export type ODataMapping = z.infer<typeof odataMappingSchema>;

/**
 * What configuration may override: any part, merged onto the defaults.
 *
 * @example
 * const o: ODataMappingOverride = { customerReturn: { constants: { SalesOrganization: '1710' } } };
 */
export type ODataMappingOverride = { [K in keyof ODataMapping]?: Partial<Record<string, unknown>> };

/**
 * SAP S/4HANA field names (OData V2, SAP Gateway paths under `/sap/opu/odata/sap/`).
 * `PurchaseOrderByCustomer` (35 characters) carries our document number on returns and credit
 * memo requests: SAP copies it to billing and it is filterable.
 *
 * @example
 * createODataGateway({ kind: 'odata', version: 2, serviceRoot: 'https://s4.example.com/sap/opu/odata/sap', auth, mapping: SAP_S4_V2_MAPPING });
 */
export const SAP_S4_V2_MAPPING: ODataMapping = {
  customer: {
    service: 'API_BUSINESS_PARTNER',
    entitySet: 'A_Customer',
    key: 'Customer',
    fields: { name: 'CustomerName' },
  },
  salesOrder: {
    service: 'API_SALES_ORDER_SRV',
    entitySet: 'A_SalesOrder',
    key: 'SalesOrder',
    fields: { customerId: 'SoldToParty', shipDate: 'RequestedDeliveryDate', currency: 'TransactionCurrency' },
    items: {
      navigation: 'to_Item',
      fields: {
        itemNumber: 'SalesOrderItem',
        product: 'Material',
        description: 'SalesOrderItemText',
        quantity: 'RequestedQuantity',
        unit: 'RequestedQuantityUnit',
        netAmount: 'NetAmount',
      },
    },
  },
  product: {
    service: 'API_PRODUCT_SRV',
    entitySet: 'A_Product',
    key: 'Product',
    fields: { unit: 'BaseUnit' },
    descriptions: { navigation: 'to_Description', field: 'ProductDescription', languageField: 'Language', language: 'ZH' },
  },
  invoice: {
    service: 'API_BILLING_DOCUMENT_SRV',
    entitySet: 'A_BillingDocument',
    key: 'BillingDocument',
    fields: { customerId: 'SoldToParty', date: 'BillingDocumentDate', total: 'TotalNetAmount', currency: 'TransactionCurrency' },
  },
  serviceEntitlement: {
    service: 'ZAFTERSALES_SRV',
    entitySet: 'ZA_SerialNumberWarranty',
    key: 'SerialNumber',
    fields: { warrantyUntil: 'WarrantyEndDate', contractId: 'ServiceContract', contractUntil: 'ServiceContractEndDate' },
  },
  customerReturn: {
    service: 'API_CUSTOMER_RETURN_SRV',
    entitySet: 'A_CustomerReturn',
    key: 'CustomerReturn',
    reference: 'PurchaseOrderByCustomer',
    fields: { customerId: 'SoldToParty', salesOrder: 'ReferenceSDDocument', date: 'CustomerReturnDate' },
    constants: { CustomerReturnType: 'CBAR', SalesOrganization: '1010', DistributionChannel: '10', OrganizationDivision: '00', SDDocumentReason: '103' },
    items: {
      navigation: 'to_Item',
      fields: { product: 'Material', quantity: 'RequestedQuantity', unit: 'RequestedQuantityUnit', salesOrderItem: 'ReferenceSDDocumentItem' },
      constants: { ReturnReason: '103' },
    },
  },
  creditMemoRequest: {
    service: 'API_CREDIT_MEMO_REQUEST_SRV',
    entitySet: 'A_CreditMemoRequest',
    key: 'CreditMemoRequest',
    reference: 'PurchaseOrderByCustomer',
    fields: {
      customerId: 'SoldToParty',
      salesOrder: 'ReferenceSDDocument',
      amount: 'TotalNetAmount',
      currency: 'TransactionCurrency',
      date: 'CreditMemoRequestDate',
    },
    constants: { CreditMemoRequestType: 'CR', SalesOrganization: '1010', DistributionChannel: '10', OrganizationDivision: '00', SDDocumentReason: '051' },
    item: {
      navigation: 'to_Item',
      fields: { amount: 'NetAmount', currency: 'TransactionCurrency', reason: 'CreditMemoRequestItemText', quantity: 'RequestedQuantity' },
      constants: { Material: 'ALLOWANCE', RequestedQuantityUnit: 'EA' },
    },
  },
  penaltyDeduction: {
    service: 'ZAFTERSALES_SRV',
    entitySet: 'ZA_PenaltyDeduction',
    key: 'PenaltyDeduction',
    reference: 'ExternalReference',
    fields: { employeeId: 'Employee', period: 'PayrollPeriod', amount: 'DeductionAmount', currency: 'Currency', reason: 'DeductionReason' },
    constants: {},
  },
};

/**
 * The same entities served as OData V4 (a CAP or RAP host, Dynamics-style `value` answers) at
 * kebab-case service paths under `/odata/v4/`.
 *
 * @example
 * createODataGateway({ kind: 'odata', version: 4, serviceRoot: 'http://127.0.0.1:4004/odata/v4', auth: { kind: 'none' }, mapping: ODATA_V4_MAPPING });
 */
export const ODATA_V4_MAPPING: ODataMapping = {
  ...SAP_S4_V2_MAPPING,
  customer: { ...SAP_S4_V2_MAPPING.customer, service: 'api-business-partner' },
  salesOrder: { ...SAP_S4_V2_MAPPING.salesOrder, service: 'api-sales-order-srv' },
  product: { ...SAP_S4_V2_MAPPING.product, service: 'api-product-srv' },
  invoice: { ...SAP_S4_V2_MAPPING.invoice, service: 'api-billing-document-srv' },
  serviceEntitlement: { ...SAP_S4_V2_MAPPING.serviceEntitlement, service: 'zaftersales-srv' },
  customerReturn: { ...SAP_S4_V2_MAPPING.customerReturn, service: 'api-customer-return-srv' },
  creditMemoRequest: { ...SAP_S4_V2_MAPPING.creditMemoRequest, service: 'api-credit-memo-request-srv' },
  penaltyDeduction: { ...SAP_S4_V2_MAPPING.penaltyDeduction, service: 'zaftersales-srv' },
};

/**
 * The defaults for a protocol version merged with an override, part by part and one level deep
 * (so `{ customerReturn: { constants: {...} } }` keeps the default fields).
 *
 * @example
 * const m = mergeMapping(SAP_S4_V2_MAPPING, { customerReturn: { constants: { SalesOrganization: '1710' } } });
 */
export function mergeMapping(base: ODataMapping, override: ODataMappingOverride | undefined): unknown {
  if (!override) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [part, value] of Object.entries(override)) {
    const b = (base as Record<string, Record<string, unknown>>)[part];
    if (!b || !value || typeof value !== 'object') {
      out[part] = value;
      continue;
    }
    const merged: Record<string, unknown> = { ...b };
    for (const [k, v] of Object.entries(value)) {
      const bv = b[k];
      merged[k] = v && typeof v === 'object' && !Array.isArray(v) && bv && typeof bv === 'object' ? { ...(bv as object), ...(v as object) } : v;
    }
    out[part] = merged;
  }
  return out;
}
