import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createODataGateway } from '../../src/adapters/odata/index.js';
import type { ErpGateway } from '../../src/domain/ports.js';
import { isAftersalesError } from '../../src/domain/errors.js';
import { freePort, startCapHost, type CapHost } from './support/cap-host.js';

let host: CapHost;
const auth = { kind: 'basic', user: 'COMM_USER', password: 'Welcome1' } as const;

beforeAll(async () => {
  host = await startCapHost({ user: auth.user, password: auth.password });
});
afterAll(async () => {
  await host?.stop();
});

async function v4Rows(path: string): Promise<Record<string, any>[]> {
  const res = await fetch(`${host.v4Root}/${path}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { value: Record<string, any>[] }).value;
}

const customerCountry = { customer: { fields: { name: 'CustomerName', country: 'Country' } } };

describe.each([
  { version: 2 as const, label: 'OData V2 at SAP Gateway paths, with CSRF and Basic auth' },
  { version: 4 as const, label: 'OData V4' },
])('$label', ({ version }) => {
  let erp: ErpGateway;
  beforeAll(() => {
    erp = createODataGateway({ kind: 'odata', version, serviceRoot: version === 2 ? host.v2Root : host.v4Root, auth, timeoutMs: 5000, mapping: customerCountry });
  });

  it('reads a sales order with its items, decimals and dates converted', async () => {
    const order = await erp.getSalesOrder('1000123');
    expect(order).toMatchObject({ orderNumber: '1000123', customerId: '10100001', shipDate: '2026-10-08', currency: 'CNY' });
    expect(order!.items).toEqual([
      { itemNumber: '10', product: 'PUMP-200', description: '离心泵 200 型', quantity: 100, unit: 'PC', netAmount: { amount: 120_000_000, currency: 'CNY' } },
      { itemNumber: '20', product: 'SEAL-KIT-20', description: '机械密封组件', quantity: 200, unit: 'PC', netAmount: { amount: 9_600_000, currency: 'CNY' } },
    ]);
  });

  it('reads customer, product (Chinese description), invoice and serial-number entitlement', async () => {
    expect(await erp.getCustomer('10100003')).toEqual({ id: '10100003', name: 'Saigon Pumps Co.', country: 'VN' });
    expect(await erp.getProduct('PUMP-200')).toEqual({ id: 'PUMP-200', description: '离心泵 200 型', unit: 'PC' });
    expect(await erp.getInvoice('90000002')).toEqual({ id: '90000002', customerId: '10100002', date: '2026-10-16', total: { amount: 8_450_050, currency: 'CNY' } });
    expect(await erp.getServiceEntitlement('SN-2023-0777')).toEqual({ serialNumber: 'SN-2023-0777', warrantyUntil: '2025-06-30', contractId: 'SC-88001', contractUntil: '2027-06-30' });
  });

  it('answers undefined for unknown keys, also ones with quotes and URL characters', async () => {
    expect(await erp.getSalesOrder('9999999')).toBeUndefined();
    expect(await erp.getCustomer("O'Brien & Sons #1")).toBeUndefined();
    expect(await erp.getServiceEntitlement('SN-NONE')).toBeUndefined();
  });

  it('creates a customer return with its items in one deep insert, and a retry finds it instead of duplicating', async () => {
    const ref = `RS-2611-00${version}`;
    const req = {
      reference: ref,
      customerId: '10100001',
      salesOrder: '1000123',
      items: [
        { product: 'PUMP-200', quantity: 5, unit: 'PC', salesOrderItem: '10' },
        { product: 'SEAL-KIT-20', quantity: 2.5, unit: 'PC' },
      ],
    };
    const first = await erp.createCustomerReturn(req);
    expect(first.alreadyExisted).toBe(false);
    expect(first.hostKey).toMatch(/^600000\d\d$/);
    expect(await erp.createCustomerReturn(req)).toEqual({ hostKey: first.hostKey, alreadyExisted: true });

    const rows = await v4Rows(`api-customer-return-srv/A_CustomerReturn?$filter=PurchaseOrderByCustomer eq '${ref}'&$expand=to_Item`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ CustomerReturn: first.hostKey, SoldToParty: '10100001', ReferenceSDDocument: '1000123', CustomerReturnType: 'CBAR' });
    expect(rows[0]!.CustomerReturnDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(rows[0]!.to_Item.map((i: any) => [i.CustomerReturnItem, i.Material, Number(i.RequestedQuantity), i.ReferenceSDDocumentItem])).toEqual([
      ['10', 'PUMP-200', 5, '10'],
      ['20', 'SEAL-KIT-20', 2.5, null],
    ]);
  });

  it('creates a credit memo request carrying the exact amount', async () => {
    const ref = `AC-2611-00${version}`;
    const r = await erp.createCreditMemoRequest({ reference: ref, customerId: '10100002', salesOrder: '1000124', amount: { amount: 300_050, currency: 'CNY' }, reason: '外观瑕疵折让' });
    expect(r.alreadyExisted).toBe(false);
    const rows = await v4Rows(`api-credit-memo-request-srv/A_CreditMemoRequest?$filter=PurchaseOrderByCustomer eq '${ref}'&$expand=to_Item`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ CreditMemoRequest: r.hostKey, SoldToParty: '10100002', TransactionCurrency: 'CNY' });
    expect(String(rows[0]!.TotalNetAmount)).toBe('3000.5');
    expect(rows[0]!.to_Item[0]).toMatchObject({ Material: 'ALLOWANCE', CreditMemoRequestItemText: '外观瑕疵折让' });
  });

  it('posts a penalty deduction once per reference', async () => {
    const req = { reference: `2611-001/E1001/2026-1${version}`, employeeId: 'E1001', period: '2026-11', amount: { amount: 40_000, currency: 'CNY' } };
    const a = await erp.postPenaltyDeduction(req);
    const b = await erp.postPenaltyDeduction(req);
    expect(b).toEqual({ hostKey: a.hostKey, alreadyExisted: true });
    const rows = await v4Rows(`zaftersales-srv/ZA_PenaltyDeduction?$filter=ExternalReference eq '${req.reference}'`);
    expect(rows.map((r) => [r.Employee, r.PayrollPeriod, String(r.DeductionAmount)])).toEqual([['E1001', '2026-11', '400']]);
  });

  it("turns the host's refusal into AFTERSALES.ERP_REJECTED with the host's message", async () => {
    const e = await erp.createCustomerReturn({ reference: `RS-BAD-${version}`, customerId: '10100001', items: [{ product: 'P'.repeat(41), quantity: 1 }] }).catch((x) => x);
    expect(isAftersalesError(e) && e.code).toBe('AFTERSALES.ERP_REJECTED');
    expect(isAftersalesError(e) && e.type).toBe('invalid_data');
    expect(String(e.message)).toMatch(/String\(40\)/);
  });
});

describe('SAP Gateway behaviour', () => {
  it('refuses a V2 write without the CSRF token, so the adapter must do the handshake', async () => {
    const res = await fetch(`${host.v2Root}/API_CUSTOMER_RETURN_SRV/A_CustomerReturn`, {
      method: 'POST',
      headers: { authorization: 'Basic ' + Buffer.from('COMM_USER:Welcome1').toString('base64'), 'content-type': 'application/json' },
      body: JSON.stringify({ SoldToParty: '10100001' }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-csrf-token')).toBe('Required');
  });

  it('reports wrong credentials as a rejection, not as an outage', async () => {
    const erp = createODataGateway({ kind: 'odata', version: 2, serviceRoot: host.v2Root, auth: { kind: 'basic', user: 'COMM_USER', password: 'wrong' } });
    const e = await erp.getSalesOrder('1000123').catch((x) => x);
    expect(isAftersalesError(e) && e.code).toBe('AFTERSALES.ERP_REJECTED');
    expect(isAftersalesError(e) && e.details.status).toBe(401);
  });
});

describe('an unreachable host', () => {
  it('is ERP_UNAVAILABLE when nothing listens', async () => {
    const port = await freePort();
    const erp = createODataGateway({ kind: 'odata', version: 2, serviceRoot: `http://127.0.0.1:${port}/sap/opu/odata/sap`, timeoutMs: 2000 });
    const e = await erp.createCustomerReturn({ reference: 'X', customerId: '1', items: [{ product: 'P', quantity: 1 }] }).catch((x) => x);
    expect(isAftersalesError(e) && e.code).toBe('AFTERSALES.ERP_UNAVAILABLE');
    expect(isAftersalesError(e) && e.type).toBe('unavailable');
  });

  it('is ERP_UNAVAILABLE after timeoutMs when the host never answers', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', () => ok()));
    const { port } = silent.address() as { port: number };
    try {
      const erp = createODataGateway({ kind: 'odata', version: 4, serviceRoot: `http://127.0.0.1:${port}/odata/v4`, timeoutMs: 300 });
      const t0 = Date.now();
      const e = await erp.getSalesOrder('1000123').catch((x) => x);
      expect(isAftersalesError(e) && e.code).toBe('AFTERSALES.ERP_UNAVAILABLE');
      expect(isAftersalesError(e) && e.localize('en')).toMatch(/did not answer in time/);
      expect(Date.now() - t0).toBeLessThan(3000);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
