import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAftersales } from '../../src/create-aftersales.js';
import { createRestGateway } from '../../src/adapters/rest/index.js';
import { complainedItem, erpRuleHooks, prefillComplaintFromOrder } from '../../src/domain/erp/index.js';
import type { ErpGateway } from '../../src/domain/ports.js';
import repairSample from '../../src/forms/repair-voucher/sample.json' with { type: 'json' };
import { manualClock, service } from '../engine/support.js';
import { startRestHost, type RestHost } from './support/rest-host.js';

let host: RestHost;
let erp: ErpGateway;
beforeAll(async () => {
  host = await startRestHost();
  erp = createRestGateway({ kind: 'rest', baseUrl: host.url });
});
afterAll(async () => {
  await host.stop();
});

describe('complaint prefill from the sales order', () => {
  it('fills only what was left empty, and keeps what sales typed', async () => {
    const fill = await prefillComplaintFromOrder({ salesOrder: 'SAL-ORD-2026-00012', shipDate: '2026-10-10', customer: { id: 'CUST-0001', name: '华东机电（江苏）' } }, erp);
    expect(fill).toEqual({ customer: { country: 'CN' }, market: 'domestic', itemNumber: 'PUMP-200', itemDescription: '离心泵 200 型', unit: 'Nos', quantityShipped: 100 });
  });

  it('takes the item the part number names, and a foreign customer makes a foreign complaint', async () => {
    host.docs.get('Sales Order')!.set('SAL-ORD-EXP-1', { name: 'SAL-ORD-EXP-1', customer: 'CUST-0002', delivery_date: '2026-10-01', currency: 'USD', items: [{ idx: 1, item_code: 'A', qty: 1 }, { idx: 2, item_code: 'MOTOR-7.5', item_name: '电机', qty: 40, uom: 'Nos' }] });
    const fill = await prefillComplaintFromOrder({ salesOrder: 'SAL-ORD-EXP-1', itemNumber: 'MOTOR-7.5' }, erp);
    expect(fill).toMatchObject({ customer: { id: 'CUST-0002', name: 'Saigon Pumps Co.', country: 'VN' }, market: 'foreign', quantityShipped: 40, itemDescription: '电机', shipDate: '2026-10-01' });
  });

  it('refuses an unknown order, a part not on the order, and another customer than the order’s', async () => {
    await expect(prefillComplaintFromOrder({ salesOrder: 'NOPE' }, erp)).rejects.toMatchObject({ code: 'AFTERSALES.SALES_ORDER_UNKNOWN', pointer: '/salesOrder', type: 'invalid_data' });
    await expect(prefillComplaintFromOrder({ salesOrder: 'SAL-ORD-2026-00012', itemNumber: 'PCB-X' }, erp)).rejects.toMatchObject({ code: 'AFTERSALES.SALES_ORDER_ITEM_UNKNOWN', pointer: '/itemNumber' });
    await expect(prefillComplaintFromOrder({ salesOrder: 'SAL-ORD-2026-00012', customer: { id: 'CUST-0002' } }, erp)).rejects.toMatchObject({ code: 'AFTERSALES.SALES_ORDER_CUSTOMER_MISMATCH', pointer: '/customer/id' });
  });

  it('matches an item by product or by item number', () => {
    const order = { orderNumber: '1', customerId: 'C', items: [{ itemNumber: '10', product: 'A', quantity: 1 }, { itemNumber: '20', product: 'B', quantity: 2 }] };
    expect(complainedItem(order, 'B')?.itemNumber).toBe('20');
    expect(complainedItem(order, '20')?.product).toBe('B');
    expect(complainedItem(order, '')?.product).toBe('A');
    expect(complainedItem(order, 'Z')).toBeUndefined();
  });

  it('registers as before-create hooks for complaint and repair voucher only', () => {
    expect(erpRuleHooks(erp).map((h) => [h.hook, h.kinds])).toEqual([
      ['before-create', ['complaint']],
      ['before-create', ['repair-voucher']],
    ]);
  });
});

describe('repair voucher warranty from the ERP, through the engine', () => {
  const voucher = (serialNumber: string, serviceCategory: string, warrantyUntil?: string) => {
    const data: Record<string, unknown> = structuredClone(repairSample);
    return { ...data, serialNumber, serviceCategory, warrantyUntil, serviceDate: '2026-11-23' };
  };

  it('accepts free service inside the ERP warranty and stores the ERP date, not the typed one', async () => {
    const aftersales = createAftersales({ store: { kind: 'memory' }, erp, clock: manualClock() });
    const doc = await aftersales.documents.create('repair-voucher', { data: voucher('SN-2025-0420', 'C', '2030-01-01') }, service);
    expect(doc.data.warrantyUntil).toBe('2027-05-01');
    await aftersales.close();
  });

  it('refuses free service once the ERP says the warranty ended, even if a later date was typed', async () => {
    const aftersales = createAftersales({ store: { kind: 'memory' }, erp, clock: manualClock() });
    await expect(aftersales.documents.create('repair-voucher', { data: voucher('SN-2024-0001', 'C', '2030-01-01') }, service)).rejects.toMatchObject({
      type: 'invalid_data',
      errors: expect.arrayContaining([expect.objectContaining({ code: 'AFTERSALES.WARRANTY_EXPIRED', pointer: '/serviceCategory' })]),
    });
    await expect(aftersales.documents.create('repair-voucher', { data: voucher('SN-UNKNOWN', 'C') }, service)).rejects.toMatchObject({ code: 'AFTERSALES.SERIAL_NUMBER_UNKNOWN', pointer: '/serialNumber' });
    // Paid service (A) does not ask the ERP.
    const before = host.requests.length;
    await aftersales.documents.create('repair-voucher', { data: voucher('SN-UNKNOWN', 'A') }, service);
    expect(host.requests.length).toBe(before);
    await aftersales.close();
  });
});
