import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRestGateway } from '../../src/adapters/rest/index.js';
import { isAftersalesError } from '../../src/domain/errors.js';
import type { ErpGateway } from '../../src/domain/ports.js';
import { startRestHost, type RestHost } from './support/rest-host.js';

let host: RestHost;
let erp: ErpGateway;
const auth = { kind: 'token', key: 'a1b2c3', secret: 's3cr3t' } as const;

beforeAll(async () => {
  host = await startRestHost({ key: auth.key, secret: auth.secret });
  erp = createRestGateway({ kind: 'rest', baseUrl: host.url, auth, timeoutMs: 2000 });
});
afterAll(async () => {
  await host?.stop();
});

describe('REST gateway (ERPNext style)', () => {
  it('reads a sales order with its child table and ignores fields it does not know', async () => {
    expect(await erp.getSalesOrder('SAL-ORD-2026-00012')).toEqual({
      orderNumber: 'SAL-ORD-2026-00012',
      customerId: 'CUST-0001',
      customerName: '华东机电有限公司',
      shipDate: '2026-10-08',
      currency: 'CNY',
      items: [
        { itemNumber: '1', product: 'PUMP-200', description: '离心泵 200 型', quantity: 100, unit: 'Nos', netAmount: { amount: 120_000_000, currency: 'CNY' } },
        { itemNumber: '2', product: 'SEAL-KIT-20', description: '机械密封组件', quantity: 200, unit: 'Nos', netAmount: { amount: 9_600_000, currency: 'CNY' } },
      ],
    });
  });

  it('reads customer, item, invoice (float total to exact fen) and serial number', async () => {
    expect(await erp.getCustomer('CUST-0002')).toEqual({ id: 'CUST-0002', name: 'Saigon Pumps Co.', country: 'VN' });
    expect(await erp.getProduct('PUMP-200')).toEqual({ id: 'PUMP-200', description: '离心泵 200 型', unit: 'Nos' });
    expect(await erp.getInvoice('ACC-SINV-2026-00007')).toEqual({ id: 'ACC-SINV-2026-00007', customerId: 'CUST-0001', date: '2026-10-09', total: { amount: 129_600_050, currency: 'CNY' } });
    expect(await erp.getServiceEntitlement('SN-2025-0420')).toEqual({ serialNumber: 'SN-2025-0420', warrantyUntil: '2027-05-01' });
    expect(await erp.getSalesOrder('SAL-ORD-NONE')).toBeUndefined();
  });

  it('creates a return delivery note with negative quantities, once per reference', async () => {
    const req = { reference: 'RS-2611-004', customerId: 'CUST-0001', salesOrder: 'SAL-ORD-2026-00012', reason: '泵体砂眼', items: [{ product: 'PUMP-200', quantity: 5, unit: 'Nos' }] };
    const a = await erp.createCustomerReturn(req);
    const b = await erp.createCustomerReturn(req);
    expect(a.alreadyExisted).toBe(false);
    expect(b).toEqual({ hostKey: a.hostKey, alreadyExisted: true });
    const notes = [...host.docs.get('Delivery Note')!.values()].filter((d) => d.po_no === 'RS-2611-004');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ name: a.hostKey, is_return: 1, customer: 'CUST-0001', remarks: '泵体砂眼' });
    expect((notes[0]!.items as any[]).map((i) => [i.item_code, i.qty, i.against_sales_order])).toEqual([['PUMP-200', -5, 'SAL-ORD-2026-00012']]);
  });

  it('creates a credit note for an allowance and an additional-salary deduction', async () => {
    const cn = await erp.createCreditMemoRequest({ reference: 'AC-2611-002', customerId: 'CUST-0001', invoice: 'ACC-SINV-2026-00007', amount: { amount: 300_050, currency: 'CNY' } });
    expect(host.docs.get('Sales Invoice')!.get(cn.hostKey)).toMatchObject({ is_return: 1, po_no: 'AC-2611-002', return_against: 'ACC-SINV-2026-00007', items: [{ item_code: 'ALLOWANCE', rate: 3000.5, qty: -1 }] });
    const pd = await erp.postPenaltyDeduction({ reference: '2611-001/HR-EMP-00012/2026-11', employeeId: 'HR-EMP-00012', period: '2026-11', amount: { amount: 40_000, currency: 'CNY' } });
    expect(host.docs.get('Additional Salary')!.get(pd.hostKey)).toMatchObject({ employee: 'HR-EMP-00012', payroll_date: '2026-11-01', amount: 400, type: 'Deduction' });
  });

  it("turns Frappe's validation error into ERP_REJECTED with its message, and 503 into ERP_UNAVAILABLE", async () => {
    const e = await erp.createCustomerReturn({ reference: 'RS-X', customerId: 'CUST-NOPE', items: [{ product: 'PUMP-200', quantity: 1 }] }).catch((x) => x);
    expect(isAftersalesError(e) && e.code).toBe('AFTERSALES.ERP_REJECTED');
    expect(isAftersalesError(e) && e.localize('en')).toContain('Could not find Customer: CUST-NOPE');
    host.failing = true;
    try {
      const u = await erp.getCustomer('CUST-0001').catch((x) => x);
      expect(isAftersalesError(u) && u.code).toBe('AFTERSALES.ERP_UNAVAILABLE');
    } finally {
      host.failing = false;
    }
  });

  it('sends the API key and secret; a wrong one is refused', async () => {
    const bad = createRestGateway({ kind: 'rest', baseUrl: host.url, auth: { kind: 'token', key: 'a1b2c3', secret: 'nope' } });
    const e = await bad.getCustomer('CUST-0001').catch((x) => x);
    expect(isAftersalesError(e) && e.details.status).toBe(401);
  });
});
