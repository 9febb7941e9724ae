/**
 * The ErpGateway over OData V2 (SAP Gateway) or V4 (CAP, RAP, Dynamics), built on @odata/client.
 */
import type { OData } from '@odata/client';
import type {
  CreditMemoRequest,
  CustomerReturnRequest,
  ErpCustomer,
  ErpGateway,
  ErpInvoice,
  ErpProduct,
  ErpSalesOrder,
  ErpWriteResult,
  PenaltyDeductionRequest,
  ServiceEntitlement,
} from '../../domain/ports.js';
import { AftersalesError } from '../../domain/errors.js';
import { erpConfigError, odataConfigSchema, parseErpConfig, type ODataConfig } from './config.js';
import { createHostHttp, type HostHttp } from './host-http.js';
import { mergeMapping, ODATA_V4_MAPPING, odataMappingSchema, SAP_S4_V2_MAPPING, type ODataMapping } from './mapping.js';
import { entityOf, hostAmountToMoney, hostDateToIso, hostNumber, isoDateToHost, moneyToDecimal, numberToHost, rowsOf } from './values.js';

type Row = Record<string, unknown>;

let odataClient: Promise<{ OData: typeof OData }> | undefined;
// Loaded on the first request, so importing the package does not pay for an OData client it may never use.
const loadODataClient = () => (odataClient ??= import('@odata/client'));

/**
 * Builds the OData gateway from configuration; a bad configuration throws
 * `AFTERSALES.ERP_CONFIG_INVALID` naming the setting.
 *
 * @example
 * const erp = createODataGateway({
 *   kind: 'odata', version: 2, serviceRoot: 'https://s4.example.com/sap/opu/odata/sap',
 *   auth: { kind: 'basic', user: 'COMM_USER', password: process.env.S4_PASSWORD! }, timeoutMs: 10_000,
 * });
 * const order = await erp.getSalesOrder('1000123');
 */
export function createODataGateway(config: unknown): ErpGateway {
  const cfg: ODataConfig = parseErpConfig(odataConfigSchema, config);
  const defaults = cfg.version === 2 ? SAP_S4_V2_MAPPING : ODATA_V4_MAPPING;
  const mapping: ODataMapping = parseErpConfig(odataMappingSchema, mergeMapping(defaults, cfg.mapping as never), '/mapping');
  const version = cfg.version;
  const http = createHostHttp({
    auth: cfg.auth,
    timeoutMs: cfg.timeoutMs,
    csrf: cfg.csrf ?? version === 2,
    headers: cfg.headers,
    hostName: cfg.hostName ?? (version === 2 ? 'SAP' : 'ERP'),
  });
  const clients = new Map<string, OData>();
  // V2 and V4 clients share the query and entity-set API this gateway uses.

  function serviceUrl(service: string): string {
    const url = cfg.services?.[service] ?? (cfg.serviceRoot ? `${cfg.serviceRoot.replace(/\/+$/, '')}/${service}` : undefined);
    if (!url) throw erpConfigError(`/services/${service}`, 'no URL for this service and no serviceRoot');
    return url.endsWith('/') ? url : url + '/';
  }

  async function client(service: string): Promise<OData> {
    const endpoint = serviceUrl(service);
    let c = clients.get(endpoint);
    if (!c) {
      const { OData } = await loadODataClient();
      // @odata/client returns error bodies as if they were data and keeps no cookies, so its
      // fetch is ours: auth, CSRF with the session cookie, timeout and coded errors.
      const fetchProxy = ((url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown }) =>
        http.fetchProxy(url, init, endpoint)) as never;
      const created = version === 2 ? OData.New({ serviceEndpoint: endpoint, fetchProxy }) : (OData.New4({ serviceEndpoint: endpoint, variant: 'cap', fetchProxy }) as unknown as OData);
      clients.set(endpoint, created);
      c = created;
    }
    return c;
  }

  async function findOne(part: { service: string; entitySet: string }, field: string, value: string, expand: string[] = []): Promise<Row | undefined> {
    const c = await client(part.service);
    // @odata/client quotes but does not escape or encode: double the quotes, encode the rest.
    const literal = encodeURIComponent(value.replace(/'/g, "''"));
    let params = c.newParam().filter(c.newFilter().property(field).eq(literal)).top(1);
    if (expand.length) params = params.expand(expand as never);
    const rows = rowsOf(await c.getEntitySet(part.entitySet).query(params));
    return rows[0];
  }

  async function create(part: { service: string; entitySet: string; key: string }, body: Row): Promise<string> {
    const created = entityOf(await (await client(part.service)).getEntitySet(part.entitySet).create(body));
    const key = created[part.key];
    if (key === undefined || key === null || key === '') {
      throw new AftersalesError({
        code: 'AFTERSALES.ERP_REJECTED',
        type: 'invalid_data',
        message: { 'zh-CN': `ERP 创建了记录但未返回 ${part.key}`, en: `The ERP created the record but sent no ${part.key}` },
      });
    }
    return String(key);
  }

  /** Our reference already in the host means a previous attempt succeeded and its answer was lost. */
  async function existing(part: { service: string; entitySet: string; key: string; reference: string }, reference: string): Promise<ErpWriteResult | undefined> {
    const row = await findOne(part, part.reference, reference);
    return row ? { hostKey: String(row[part.key]), alreadyExisted: true } : undefined;
  }

  const collection = (items: Row[]): unknown => (version === 2 ? { results: items } : items);
  const today = (): string => new Date().toISOString().slice(0, 10);
  const put = (body: Row, field: string | undefined, value: unknown): void => {
    if (field !== undefined && value !== undefined && value !== null && value !== '') body[field] = value;
  };
  const text = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : String(v));

  return {
    kind: `odata-v${version}`,

    async getCustomer(id): Promise<ErpCustomer | undefined> {
      const m = mapping.customer;
      const row = await findOne(m, m.key, id);
      if (!row) return undefined;
      const c: ErpCustomer = { id: String(row[m.key]), name: text(row[m.fields.name]) ?? String(row[m.key]) };
      for (const f of ['country', 'region', 'phone', 'address'] as const) {
        const v = m.fields[f] ? text(row[m.fields[f]!]) : undefined;
        if (v !== undefined) c[f] = v;
      }
      return c;
    },

    async getSalesOrder(orderNumber): Promise<ErpSalesOrder | undefined> {
      const m = mapping.salesOrder;
      const row = await findOne(m, m.key, orderNumber, [m.items.navigation]);
      if (!row) return undefined;
      const currency = m.fields.currency ? text(row[m.fields.currency]) : undefined;
      const f = m.items.fields;
      const order: ErpSalesOrder = {
        orderNumber: String(row[m.key]),
        customerId: String(row[m.fields.customerId] ?? ''),
        items: rowsOf(row[m.items.navigation]).map((i) => {
          const item: ErpSalesOrder['items'][number] = {
            itemNumber: String(i[f.itemNumber] ?? ''),
            product: String(i[f.product] ?? ''),
            quantity: hostNumber(i[f.quantity]) ?? 0,
          };
          const description = f.description ? text(i[f.description]) : undefined;
          if (description) item.description = description;
          const unit = f.unit ? text(i[f.unit]) : undefined;
          if (unit) item.unit = unit;
          const net = f.netAmount && currency ? hostAmountToMoney(i[f.netAmount], currency) : undefined;
          if (net) item.netAmount = net;
          const tol = f.overDeliveryTolerance ? hostNumber(i[f.overDeliveryTolerance]) : undefined;
          if (tol !== undefined) item.overDeliveryTolerance = tol;
          return item;
        }),
      };
      const shipDate = m.fields.shipDate ? hostDateToIso(row[m.fields.shipDate]) : undefined;
      if (shipDate) order.shipDate = shipDate;
      if (currency) order.currency = currency;
      order.items.sort((a, b) => a.itemNumber.localeCompare(b.itemNumber, 'en', { numeric: true }));
      return order;
    },

    async getProduct(id): Promise<ErpProduct | undefined> {
      const m = mapping.product;
      const row = await findOne(m, m.key, id, m.descriptions ? [m.descriptions.navigation] : []);
      if (!row) return undefined;
      const p: ErpProduct = { id: String(row[m.key]) };
      let description = m.fields.description ? text(row[m.fields.description]) : undefined;
      if (!description && m.descriptions) {
        const d = m.descriptions;
        const texts = rowsOf(row[d.navigation]);
        const pick = texts.find((t) => String(t[d.languageField]).toUpperCase() === d.language.toUpperCase()) ?? texts[0];
        description = pick ? text(pick[d.field]) : undefined;
      }
      if (description) p.description = description;
      const unit = m.fields.unit ? text(row[m.fields.unit]) : undefined;
      if (unit) p.unit = unit;
      return p;
    },

    async getInvoice(id): Promise<ErpInvoice | undefined> {
      const m = mapping.invoice;
      const row = await findOne(m, m.key, id);
      if (!row) return undefined;
      const inv: ErpInvoice = { id: String(row[m.key]), customerId: String(row[m.fields.customerId] ?? '') };
      const date = m.fields.date ? hostDateToIso(row[m.fields.date]) : undefined;
      if (date) inv.date = date;
      const currency = m.fields.currency ? text(row[m.fields.currency]) : undefined;
      const total = m.fields.total && currency ? hostAmountToMoney(row[m.fields.total], currency) : undefined;
      if (total) inv.total = total;
      return inv;
    },

    async getServiceEntitlement(serialNumber): Promise<ServiceEntitlement | undefined> {
      const m = mapping.serviceEntitlement;
      const row = await findOne(m, m.key, serialNumber);
      if (!row) return undefined;
      const e: ServiceEntitlement = { serialNumber: String(row[m.key]) };
      const w = m.fields.warrantyUntil ? hostDateToIso(row[m.fields.warrantyUntil]) : undefined;
      if (w) e.warrantyUntil = w;
      const cid = m.fields.contractId ? text(row[m.fields.contractId]) : undefined;
      if (cid) e.contractId = cid;
      const cu = m.fields.contractUntil ? hostDateToIso(row[m.fields.contractUntil]) : undefined;
      if (cu) e.contractUntil = cu;
      return e;
    },

    async createCustomerReturn(req: CustomerReturnRequest): Promise<ErpWriteResult> {
      const m = mapping.customerReturn;
      const found = await existing(m, req.reference);
      if (found) return found;
      const body: Row = { ...m.constants, [m.reference]: req.reference, [m.fields.customerId]: req.customerId };
      put(body, m.fields.salesOrder, req.salesOrder);
      put(body, m.fields.reason, req.reason);
      put(body, m.fields.date, m.fields.date ? isoDateToHost(today(), version) : undefined);
      const f = m.items.fields;
      body[m.items.navigation] = collection(
        req.items.map((i) => {
          const item: Row = { ...m.items.constants, [f.product]: i.product, [f.quantity]: numberToHost(i.quantity, version) };
          put(item, f.unit, i.unit);
          put(item, f.salesOrderItem, i.salesOrderItem);
          return item;
        }),
      );
      return { hostKey: await create(m, body), alreadyExisted: false };
    },

    async createCreditMemoRequest(req: CreditMemoRequest): Promise<ErpWriteResult> {
      const m = mapping.creditMemoRequest;
      const found = await existing(m, req.reference);
      if (found) return found;
      const amount = version === 2 ? moneyToDecimal(req.amount) : Number(moneyToDecimal(req.amount));
      const body: Row = { ...m.constants, [m.reference]: req.reference, [m.fields.customerId]: req.customerId };
      put(body, m.fields.salesOrder, req.salesOrder);
      put(body, m.fields.invoice, req.invoice);
      put(body, m.fields.reason, req.reason);
      put(body, m.fields.amount, amount);
      put(body, m.fields.currency, req.amount.currency);
      put(body, m.fields.date, m.fields.date ? isoDateToHost(today(), version) : undefined);
      if (m.item) {
        const item: Row = { ...m.item.constants };
        put(item, m.item.fields.amount, amount);
        put(item, m.item.fields.currency, req.amount.currency);
        put(item, m.item.fields.reason, req.reason?.slice(0, 40));
        put(item, m.item.fields.quantity, numberToHost(1, version));
        body[m.item.navigation] = collection([item]);
      }
      return { hostKey: await create(m, body), alreadyExisted: false };
    },

    async postPenaltyDeduction(req: PenaltyDeductionRequest): Promise<ErpWriteResult> {
      const m = mapping.penaltyDeduction;
      const found = await existing(m, req.reference);
      if (found) return found;
      const body: Row = {
        ...m.constants,
        [m.reference]: req.reference,
        [m.fields.employeeId]: req.employeeId,
        [m.fields.period]: req.period,
        [m.fields.amount]: version === 2 ? moneyToDecimal(req.amount) : Number(moneyToDecimal(req.amount)),
      };
      put(body, m.fields.currency, req.amount.currency);
      put(body, m.fields.reason, req.reason);
      return { hostKey: await create(m, body), alreadyExisted: false };
    },
  };
}

/** The HTTP layer, exported for the REST gateway. */
export type { HostHttp };
