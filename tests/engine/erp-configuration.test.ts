import { describe, expect, test } from 'vitest';
import { createAftersales } from '../../src/create-aftersales.js';
import { createNoneGateway } from '../../src/adapters/none/index.js';
import type { ErpGateway } from '../../src/domain/ports.js';
import returnSample from '../../src/forms/return-slip/sample.json' with { type: 'json' };
import { accounting, complaintFiling, sales, vp, warehouse } from './support.js';

/** A host ERP that knows one sales order. */
function oneOrderErp(): ErpGateway {
  return {
    ...createNoneGateway(),
    kind: 'test-host',
    getSalesOrder: async (n) =>
      n === '1000123'
        ? { orderNumber: n, customerId: '10100001', customerName: '华东机电有限公司', shipDate: '2026-10-28', items: [{ itemNumber: '10', product: 'PCB-4L-2231', quantity: 5000, unit: 'PCS' }] }
        : undefined,
    getCustomer: async (id) => (id === '10100001' ? { id, name: '华东机电有限公司', country: 'CN' } : undefined),
  };
}

describe('the host ERP in the engine', () => {
  test('with an ERP configured its rule hooks prefill a complaint from the sales order and refuse an unknown order', async () => {
    const aftersales = createAftersales({ erp: oneOrderErp() });
    const filing = complaintFiling();
    for (const f of ['customer', 'market', 'quantityShipped', 'shipDate', 'unit']) delete filing[f];
    const doc = await aftersales.documents.create('complaint', { data: filing }, sales);
    expect(doc.data).toMatchObject({ customer: { id: '10100001', name: '华东机电有限公司', country: 'CN' }, market: 'domestic', quantityShipped: 5000, shipDate: '2026-10-28', unit: 'PCS' });
    await expect(aftersales.documents.create('complaint', { data: complaintFiling({ salesOrder: '999' }) }, sales)).rejects.toMatchObject({ code: 'AFTERSALES.SALES_ORDER_UNKNOWN', pointer: '/salesOrder' });
    await aftersales.close();
  });

  test('a return is reconciled against the over-quantity ratio of the customer’s order, which accounting cannot type over', async () => {
    const host = oneOrderErp();
    const withTolerance: ErpGateway = {
      ...host,
      getSalesOrder: async (n) => {
        const order = await host.getSalesOrder(n);
        return order && { ...order, items: order.items.map((i) => ({ ...i, overDeliveryTolerance: 0.1 })) };
      },
    };
    const run = async (erp: ErpGateway) => {
      const aftersales = createAftersales({ erp, erpHooks: false });
      const { actualQuantity: _a, receipt: _r, approval: _p, reconciliation: _c, ...data } = structuredClone(returnSample) as Record<string, unknown>;
      const slip = await aftersales.documents.create('return-slip', { data }, sales);
      await aftersales.documents.act(slip.id, 'submit', {}, sales);
      await aftersales.documents.act(slip.id, 'approve', {}, vp);
      // 320 approved, 350 received: within the order's 10 %, beyond the company's 5 %.
      await aftersales.documents.act(slip.id, 'receive', { data: { actualQuantity: 350, receipt: { receivedBy: '赵仓管' } } }, warehouse);
      await expect(aftersales.documents.act(slip.id, 'reconcile', { data: { reconciliation: { toleranceRatio: 1 } } }, accounting)).rejects.toMatchObject({
        code: 'AFTERSALES.TOLERANCE_NOT_ENTERED',
        errors: [{ pointer: '/reconciliation/toleranceRatio' }],
      });
      const done = await aftersales.documents.act(slip.id, 'reconcile', {}, accounting);
      await aftersales.close();
      return [done.status, (done.data.reconciliation as { toleranceRatio: number }).toleranceRatio];
    };
    expect(await run(withTolerance)).toEqual(['booked', 0.1]);
    expect(await run(host)).toEqual(['held', 0.05]);
  });

  test('erpHooks: false leaves the ERP to the integrator’s own hooks', async () => {
    const aftersales = createAftersales({ erp: oneOrderErp(), erpHooks: false });
    expect((await aftersales.documents.create('complaint', { data: complaintFiling({ salesOrder: '999' }) }, sales)).data.salesOrder).toBe('999');
    await aftersales.close();
  });

  test('without an ERP nothing is looked up, and write-backs are refused by the none gateway with a coded error', async () => {
    const aftersales = createAftersales({ erp: { kind: 'none' } });
    expect((await aftersales.documents.create('complaint', { data: complaintFiling({ salesOrder: '999' }) }, sales)).data.salesOrder).toBe('999');
    await expect(createNoneGateway().createCustomerReturn({ reference: '2611-001', customerId: 'c', items: [] })).rejects.toMatchObject({ code: 'AFTERSALES.ERP_NOT_CONFIGURED', type: 'unavailable' });
    expect(await createNoneGateway().getSalesOrder('1000123')).toBeUndefined();
    await aftersales.close();
  });

  test('a configured OData ERP is loaded lazily and its configuration errors surface on use', async () => {
    const aftersales = createAftersales({ erp: { kind: 'odata', version: 9 } });
    await expect(aftersales.ready()).rejects.toMatchObject({ name: 'AftersalesError' });
    await expect(aftersales.forms.list()).rejects.toMatchObject({ name: 'AftersalesError' });
    await aftersales.close();
  });
});
