/**
 * The ErpGateway over a REST host in the ERPNext/Frappe style: `GET /api/resource/<Doctype>`
 * with `filters`, `POST` to create, answers wrapped in `{ data }`.
 */
import { z } from 'zod';
import type { ErpCustomer, ErpGateway, ErpInvoice, ErpProduct, ErpSalesOrder, ErpWriteResult, ServiceEntitlement } from '../../domain/ports.js';
import { AftersalesError } from '../../domain/errors.js';
import { parseErpConfig } from '../odata/config.js';
import { createHostHttp } from '../odata/host-http.js';
import { hostAmountToMoney, hostDateToIso, hostNumber, moneyToDecimal } from '../odata/values.js';
import { ERPNEXT_MAPPING, restMappingSchema } from './mapping.js';

/**
 * `{ kind: 'rest', baseUrl, auth, timeoutMs, mapping }`.
 *
 * @example
 * restConfigSchema.parse({ kind: 'rest', baseUrl: 'http://127.0.0.1:8000', auth: { kind: 'token', key: 'k', secret: 's' } });
 */
export const restConfigSchema = z.object({
  kind: z.literal('rest'),
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** Path of the resource API under `baseUrl`. */
  resourcePath: z.string().default('/api/resource'),
  auth: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('basic'), user: z.string().min(1), password: z.string() }),
      z.object({ kind: z.literal('bearer'), token: z.string().min(1) }),
      z.object({ kind: z.literal('token'), key: z.string().min(1), secret: z.string().min(1) }),
      z.object({ kind: z.literal('none') }),
    ])
    .default({ kind: 'none' }),
  timeoutMs: z.number().int().positive().max(300_000).default(15_000),
  headers: z.record(z.string(), z.string()).optional(),
  mapping: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  hostName: z.string().default('ERPNext'),
});

/**
 * A validated REST configuration.
 *
 * @example
 * const c: RestConfig = restConfigSchema.parse(raw);
 */
export type RestConfig = z.infer<typeof restConfigSchema>;

type Row = Record<string, unknown>;

/**
 * Builds the REST gateway; a bad configuration throws `AFTERSALES.ERP_CONFIG_INVALID`.
 *
 * @example
 * const erp = createRestGateway({ kind: 'rest', baseUrl: 'https://erp.example.com', auth: { kind: 'token', key: process.env.ERP_KEY!, secret: process.env.ERP_SECRET! } });
 * await erp.getSalesOrder('SAL-ORD-2026-00012');
 */
export function createRestGateway(config: unknown): ErpGateway {
  const cfg: RestConfig = parseErpConfig(restConfigSchema, config);
  const merged: Record<string, unknown> = { ...ERPNEXT_MAPPING };
  for (const [part, value] of Object.entries(cfg.mapping ?? {})) merged[part] = { ...((ERPNEXT_MAPPING as Record<string, object>)[part] ?? {}), ...value };
  const m = parseErpConfig(restMappingSchema, merged, '/mapping');
  const http = createHostHttp({ auth: cfg.auth, timeoutMs: cfg.timeoutMs, csrf: false, headers: cfg.headers, hostName: cfg.hostName });
  const root = cfg.baseUrl.replace(/\/+$/, '') + cfg.resourcePath;
  const url = (doctype: string, name?: string): string => `${root}/${encodeURIComponent(doctype)}${name === undefined ? '' : '/' + encodeURIComponent(name)}`;

  async function findBy(doctype: string, field: string, value: string): Promise<Row | undefined> {
    const q = new URLSearchParams({ filters: JSON.stringify([[field, '=', value]]), fields: JSON.stringify(['name']), limit_page_length: '1' });
    const res = await http.request('GET', `${url(doctype)}?${q}`);
    const rows = (res.body as { data?: Row[] })?.data ?? [];
    if (!rows[0]) return undefined;
    return rows[0];
  }

  // Frappe answers an unknown name with 404; that is "no such record", not an outage.
  async function get(doctype: string, name: string): Promise<Row | undefined> {
    try {
      const res = await http.request('GET', url(doctype, name));
      return ((res.body as { data?: Row })?.data ?? undefined) as Row | undefined;
    } catch (e) {
      if (e instanceof AftersalesError && e.details.status === 404) return undefined;
      throw e;
    }
  }

  async function create(doctype: string, key: string, body: Row): Promise<string> {
    const res = await http.request('POST', url(doctype), { body });
    const created = (res.body as { data?: Row })?.data ?? {};
    if (created[key] === undefined) {
      throw new AftersalesError({
        code: 'AFTERSALES.ERP_REJECTED',
        type: 'invalid_data',
        message: { 'zh-CN': `ERP 创建了记录但未返回 ${key}`, en: `The ERP created the record but sent no ${key}` },
      });
    }
    return String(created[key]);
  }

  async function existing(doctype: string, key: string, referenceField: string, reference: string): Promise<ErpWriteResult | undefined> {
    const row = await findBy(doctype, referenceField, reference);
    return row ? { hostKey: String(row[key] ?? row.name), alreadyExisted: true } : undefined;
  }

  const text = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : String(v));
  const put = (body: Row, field: string | undefined, value: unknown): void => {
    if (field !== undefined && value !== undefined && value !== null && value !== '') body[field] = value;
  };
  const decimal = (amount: { amount: number; currency: string }): number => Number(moneyToDecimal(amount));

  return {
    kind: 'rest',

    async getCustomer(id): Promise<ErpCustomer | undefined> {
      const row = await get(m.customer.doctype, id);
      if (!row) return undefined;
      const f = m.customer.fields;
      const c: ErpCustomer = { id: String(row[m.customer.key] ?? id), name: text(row[f.name]) ?? id };
      for (const k of ['country', 'phone', 'address'] as const) {
        const v = f[k] ? text(row[f[k]!]) : undefined;
        if (v) c[k] = v;
      }
      return c;
    },

    async getSalesOrder(orderNumber): Promise<ErpSalesOrder | undefined> {
      const row = await get(m.salesOrder.doctype, orderNumber);
      if (!row) return undefined;
      const f = m.salesOrder.fields;
      const i = m.salesOrder.items.fields;
      const currency = f.currency ? text(row[f.currency]) : undefined;
      const items = (Array.isArray(row[m.salesOrder.items.table]) ? (row[m.salesOrder.items.table] as Row[]) : []).map((r) => {
        const item: ErpSalesOrder['items'][number] = { itemNumber: String(r[i.itemNumber] ?? ''), product: String(r[i.product] ?? ''), quantity: hostNumber(r[i.quantity]) ?? 0 };
        const d = i.description ? text(r[i.description]) : undefined;
        if (d) item.description = d;
        const u = i.unit ? text(r[i.unit]) : undefined;
        if (u) item.unit = u;
        const net = i.netAmount && currency ? hostAmountToMoney(r[i.netAmount], currency) : undefined;
        if (net) item.netAmount = net;
        return item;
      });
      const order: ErpSalesOrder = { orderNumber: String(row[m.salesOrder.key] ?? orderNumber), customerId: String(row[f.customerId] ?? ''), items };
      const name = f.customerName ? text(row[f.customerName]) : undefined;
      if (name) order.customerName = name;
      const ship = f.shipDate ? hostDateToIso(row[f.shipDate]) : undefined;
      if (ship) order.shipDate = ship;
      if (currency) order.currency = currency;
      return order;
    },

    async getProduct(id): Promise<ErpProduct | undefined> {
      const row = await get(m.product.doctype, id);
      if (!row) return undefined;
      const p: ErpProduct = { id: String(row[m.product.key] ?? id) };
      const d = m.product.fields.description ? text(row[m.product.fields.description]) : undefined;
      if (d) p.description = d;
      const u = m.product.fields.unit ? text(row[m.product.fields.unit]) : undefined;
      if (u) p.unit = u;
      return p;
    },

    async getInvoice(id): Promise<ErpInvoice | undefined> {
      const row = await get(m.invoice.doctype, id);
      if (!row) return undefined;
      const f = m.invoice.fields;
      const inv: ErpInvoice = { id: String(row[m.invoice.key] ?? id), customerId: String(row[f.customerId] ?? '') };
      const date = f.date ? hostDateToIso(row[f.date]) : undefined;
      if (date) inv.date = date;
      const currency = f.currency ? text(row[f.currency]) : undefined;
      const total = f.total && currency ? hostAmountToMoney(row[f.total], currency) : undefined;
      if (total) inv.total = total;
      return inv;
    },

    async getServiceEntitlement(serialNumber): Promise<ServiceEntitlement | undefined> {
      const row = await get(m.serviceEntitlement.doctype, serialNumber);
      if (!row) return undefined;
      const f = m.serviceEntitlement.fields;
      const e: ServiceEntitlement = { serialNumber: String(row[m.serviceEntitlement.key] ?? serialNumber) };
      const w = f.warrantyUntil ? hostDateToIso(row[f.warrantyUntil]) : undefined;
      if (w) e.warrantyUntil = w;
      const cid = f.contractId ? text(row[f.contractId]) : undefined;
      if (cid) e.contractId = cid;
      const cu = f.contractUntil ? hostDateToIso(row[f.contractUntil]) : undefined;
      if (cu) e.contractUntil = cu;
      return e;
    },

    async createCustomerReturn(req) {
      const r = m.customerReturn;
      const found = await existing(r.doctype, r.key, r.reference, req.reference);
      if (found) return found;
      const body: Row = { ...r.constants, [r.reference]: req.reference, [r.fields.customerId]: req.customerId };
      put(body, r.fields.salesOrder, req.salesOrder);
      put(body, r.fields.reason, req.reason);
      const f = r.items.fields;
      body[r.items.table] = req.items.map((i) => {
        const row: Row = { ...r.items.constants, [f.product]: i.product, [f.quantity]: r.items.negateQuantity ? -i.quantity : i.quantity };
        put(row, f.unit, i.unit);
        put(row, f.salesOrderItem, i.salesOrderItem);
        put(row, f.salesOrder, req.salesOrder);
        return row;
      });
      return { hostKey: await create(r.doctype, r.key, body), alreadyExisted: false };
    },

    async createCreditMemoRequest(req) {
      const r = m.creditMemoRequest;
      const found = await existing(r.doctype, r.key, r.reference, req.reference);
      if (found) return found;
      const body: Row = { ...r.constants, [r.reference]: req.reference, [r.fields.customerId]: req.customerId };
      put(body, r.fields.invoice, req.invoice);
      put(body, r.fields.reason, req.reason);
      put(body, r.fields.currency, req.amount.currency);
      const item: Row = { ...r.item.constants, [r.item.fields.amount]: decimal(req.amount) };
      put(item, r.item.fields.quantity, r.item.negateQuantity ? -1 : 1);
      put(item, r.item.fields.description, req.reason);
      body[r.item.table] = [item];
      return { hostKey: await create(r.doctype, r.key, body), alreadyExisted: false };
    },

    async postPenaltyDeduction(req) {
      const r = m.penaltyDeduction;
      const found = await existing(r.doctype, r.key, r.reference, req.reference);
      if (found) return found;
      const body: Row = {
        ...r.constants,
        [r.reference]: req.reference,
        [r.fields.employeeId]: req.employeeId,
        // Payroll months are booked on their first day.
        [r.fields.payrollDate]: `${req.period}-01`,
        [r.fields.amount]: decimal(req.amount),
      };
      put(body, r.fields.currency, req.amount.currency);
      put(body, r.fields.reason, req.reason);
      return { hostKey: await create(r.doctype, r.key, body), alreadyExisted: false };
    },
  };
}
