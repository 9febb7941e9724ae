/**
 * The declarative map from our fields to a REST host's resources. The default follows
 * ERPNext/Frappe (`/api/resource/<Doctype>`): Customer, Sales Order, Item, Sales Invoice,
 * Serial No, returns as `is_return` documents, deductions as HRMS Additional Salary.
 */
import { z } from 'zod';

const name = z.string().min(1);
const constants = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({});
const resource = { doctype: name, key: name.default('name') };

/**
 * The validated shape of a REST mapping.
 *
 * @example
 * const m = restMappingSchema.parse(ERPNEXT_MAPPING);
 */
export const restMappingSchema = z.strictObject({
  customer: z.strictObject({ ...resource, fields: z.strictObject({ name, country: name.optional(), phone: name.optional(), address: name.optional() }) }),
  salesOrder: z.strictObject({
    ...resource,
    fields: z.strictObject({ customerId: name, customerName: name.optional(), shipDate: name.optional(), currency: name.optional() }),
    items: z.strictObject({
      table: name,
      fields: z.strictObject({ itemNumber: name, product: name, description: name.optional(), quantity: name, unit: name.optional(), netAmount: name.optional() }),
    }),
  }),
  product: z.strictObject({ ...resource, fields: z.strictObject({ description: name.optional(), unit: name.optional() }) }),
  invoice: z.strictObject({ ...resource, fields: z.strictObject({ customerId: name, date: name.optional(), total: name.optional(), currency: name.optional() }) }),
  serviceEntitlement: z.strictObject({ ...resource, fields: z.strictObject({ warrantyUntil: name.optional(), contractId: name.optional(), contractUntil: name.optional() }) }),
  customerReturn: z.strictObject({
    ...resource,
    reference: name,
    fields: z.strictObject({ customerId: name, salesOrder: name.optional(), reason: name.optional() }),
    constants,
    items: z.strictObject({
      table: name,
      fields: z.strictObject({ product: name, quantity: name, unit: name.optional(), salesOrderItem: name.optional(), salesOrder: name.optional() }),
      constants,
      /** ERPNext books returns with negative quantities. */
      negateQuantity: z.boolean().default(false),
    }),
  }),
  creditMemoRequest: z.strictObject({
    ...resource,
    reference: name,
    fields: z.strictObject({ customerId: name, invoice: name.optional(), reason: name.optional(), currency: name.optional() }),
    constants,
    item: z.strictObject({ table: name, fields: z.strictObject({ amount: name, quantity: name.optional(), description: name.optional() }), constants, negateQuantity: z.boolean().default(false) }),
  }),
  penaltyDeduction: z.strictObject({
    ...resource,
    reference: name,
    fields: z.strictObject({ employeeId: name, payrollDate: name, amount: name, currency: name.optional(), reason: name.optional() }),
    constants,
  }),
});

/**
 * A REST mapping.
 *
 * @example
 * const m: RestMapping = ERPNEXT_MAPPING;
 */
export type RestMapping = z.input<typeof restMappingSchema>;

/**
 * ERPNext / Frappe field names. Our document number goes into `po_no` (the customer's purchase
 * order field of Delivery Note and Sales Invoice, searchable) and `ref_docname` of Additional Salary.
 *
 * @example
 * createRestGateway({ kind: 'rest', baseUrl: 'https://erp.example.com', auth: { kind: 'token', key, secret }, mapping: ERPNEXT_MAPPING });
 */
export const ERPNEXT_MAPPING: RestMapping = {
  customer: { doctype: 'Customer', key: 'name', fields: { name: 'customer_name', country: 'country' } },
  salesOrder: {
    doctype: 'Sales Order',
    key: 'name',
    fields: { customerId: 'customer', customerName: 'customer_name', shipDate: 'delivery_date', currency: 'currency' },
    items: { table: 'items', fields: { itemNumber: 'idx', product: 'item_code', description: 'item_name', quantity: 'qty', unit: 'uom', netAmount: 'amount' } },
  },
  product: { doctype: 'Item', key: 'name', fields: { description: 'item_name', unit: 'stock_uom' } },
  invoice: { doctype: 'Sales Invoice', key: 'name', fields: { customerId: 'customer', date: 'posting_date', total: 'grand_total', currency: 'currency' } },
  serviceEntitlement: { doctype: 'Serial No', key: 'name', fields: { warrantyUntil: 'warranty_expiry_date', contractUntil: 'amc_expiry_date' } },
  customerReturn: {
    doctype: 'Delivery Note',
    key: 'name',
    reference: 'po_no',
    fields: { customerId: 'customer', reason: 'remarks' },
    constants: { is_return: 1 },
    items: { table: 'items', fields: { product: 'item_code', quantity: 'qty', unit: 'uom', salesOrder: 'against_sales_order' }, constants: {}, negateQuantity: true },
  },
  creditMemoRequest: {
    doctype: 'Sales Invoice',
    key: 'name',
    reference: 'po_no',
    fields: { customerId: 'customer', invoice: 'return_against', reason: 'remarks', currency: 'currency' },
    constants: { is_return: 1 },
    item: { table: 'items', fields: { amount: 'rate', quantity: 'qty', description: 'description' }, constants: { item_code: 'ALLOWANCE' }, negateQuantity: true },
  },
  penaltyDeduction: {
    doctype: 'Additional Salary',
    key: 'name',
    reference: 'ref_docname',
    fields: { employeeId: 'employee', payrollDate: 'payroll_date', amount: 'amount', currency: 'currency', reason: 'remarks' },
    constants: { salary_component: '售后罚款', type: 'Deduction', ref_doctype: 'Penalty Notice' },
  },
};
