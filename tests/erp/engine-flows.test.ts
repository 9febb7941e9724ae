/**
 * The write-back flows end to end through the engine: a complaint filed with only its sales
 * order is filled from the host ERP, decided and closed; the derived return slip or allowance
 * certificate, once approved, reaches the host through the outbox.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createAftersales, type AftersalesEngine } from '../../src/create-aftersales.js';
import { createODataGateway } from '../../src/adapters/odata/index.js';
import { createRestGateway } from '../../src/adapters/rest/index.js';
import { createSqliteStore } from '../../src/adapters/sqlite/index.js';
import { createOutboxWorker } from '../../src/domain/outbox/index.js';
import type { DocumentStore, ErpGateway } from '../../src/domain/ports.js';
import { gm, gmOffice, manualClock, routing, sales, salesManager, vp, type Step } from '../engine/support.js';
import { startCapHost, type CapHost } from './support/cap-host.js';
import { startRestHost, type RestHost } from './support/rest-host.js';

const quiet = { info() {}, warn() {}, error() {} };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

interface HostUnderTest {
  erp: ErpGateway;
  salesOrder: string;
  product: string;
  invoice: string;
  /** The host's customer return with our reference, with its items as [product, quantity]. */
  customerReturn(reference: string): Promise<{ key: string; customer: string; items: [string, number][] }[]>;
  creditMemo(reference: string): Promise<{ key: string; customer: string; amount: string }[]>;
  /** The host's payroll deductions whose reference starts with a penalty notice's number: [reference, employee, amount]. */
  deductions(number: string): Promise<[string, string, number][]>;
}

function engineOn(erp: ErpGateway) {
  const dir = mkdtempSync(join(tmpdir(), 'flows-'));
  const clock = manualClock();
  const store: DocumentStore = createSqliteStore({ file: join(dir, 'aftersales.db'), clock });
  // These flows drive delivery by hand, round by round, with their own worker.
  const aftersales: AftersalesEngine = createAftersales({ store, erp, clock, logger: quiet, outbox: { autoStart: false } });
  const worker = createOutboxWorker({ store, erp, clock, logger: quiet, backoff: { baseMs: 1000, maxMs: 60_000, maxAttempts: 5 }, leaseMs: 30_000, batchSize: 10 });
  cleanups.push(async () => {
    await aftersales.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { aftersales, clock, worker };
}

/** The routing of a complaint with small quantities that fit the sales order. */
function smallRouting(outcome: string, amount: number, approver = salesManager): Step[] {
  return routing(outcome, amount, { rndRequired: false, approver }).map((s) => {
    const data = structuredClone(s.data ?? {}) as Record<string, any>;
    if (data.proposal) data.proposal.quantity = 5;
    if (data.decision) data.decision.quantity = 5;
    return { ...s, data };
  });
}

async function closeComplaint(aftersales: AftersalesEngine, clock: ReturnType<typeof manualClock>, h: HostUnderTest, outcome: string, amount: number) {
  // Sales types only the order number and what the customer said; the ERP knows the rest.
  const filed = await aftersales.documents.create(
    'complaint',
    { data: { salesOrder: h.salesOrder, quantityDefective: 5, customerRequest: outcome, reason: '泵体铸件砂眼，试压渗漏', sampleAttached: true, severity: 'general' } },
    sales,
  );
  let doc = filed;
  for (const step of smallRouting(outcome, amount)) {
    clock.advanceHours(2);
    doc = await aftersales.documents.act(doc.id, step.action, { data: step.data ?? {} }, step.actor);
    expect(doc.status, step.action).toBe(step.to);
  }
  return { filed, closed: doc };
}

function describeFlows(label: string, start: () => Promise<HostUnderTest>) {
  describe(label, () => {
    it('complaint prefilled from the sales order → decision → return slip approved → customer return in the host with its items', async () => {
      const h = await start();
      const { aftersales, clock, worker } = engineOn(h.erp);
      const { filed, closed } = await closeComplaint(aftersales, clock, h, 'return', 60_000);
      const order = (await h.erp.getSalesOrder(h.salesOrder))!;
      expect(filed.data).toMatchObject({
        customer: { id: order.customerId },
        itemNumber: h.product,
        quantityShipped: order.items[0]!.quantity,
        shipDate: order.shipDate,
        market: 'domestic',
      });
      expect((filed.data.customer as { name: string }).name).toMatch(/华东机电/);

      const slipId = closed.links.find((l) => l.kind === 'return-slip')!.id;
      clock.advanceHours(1);
      await aftersales.documents.act(slipId, 'submit', { data: {} }, sales);
      const approved = await aftersales.documents.act(slipId, 'approve', { data: {} }, salesManager);
      expect(approved.status).toBe('approved');
      const pending = await aftersales.documents.outbox(slipId);
      expect(pending).toMatchObject([{ operation: 'create-customer-return', reference: approved.number, status: 'pending' }]);

      expect(await worker.runOnce()).toMatchObject({ delivered: 1, failed: 0, parked: 0 });
      const [entry] = await aftersales.documents.outbox(slipId);
      const inHost = await h.customerReturn(approved.number);
      expect(inHost).toHaveLength(1);
      expect(entry).toMatchObject({ status: 'delivered', hostKey: inHost[0]!.key });
      expect(inHost[0]!.customer).toBe(order.customerId);
      expect(inHost[0]!.items).toEqual([[h.product, 5]]);
    });

    it('allowance approved and stamped → credit memo request in the host for the decided amount', async () => {
      const h = await start();
      const { aftersales, clock, worker } = engineOn(h.erp);
      const { closed } = await closeComplaint(aftersales, clock, h, 'allowance', 30_050);
      const certId = closed.links.find((l) => l.kind === 'allowance-certificate')!.id;
      clock.advanceHours(1);
      await aftersales.documents.act(certId, 'submit', { data: { invoiceNumber: h.invoice } }, sales);
      await aftersales.documents.act(certId, 'manager-sign', { data: {} }, salesManager);
      await aftersales.documents.act(certId, 'gm-sign', { data: {} }, vp);
      expect(await aftersales.documents.outbox(certId)).toEqual([]); // not before the customer's stamp
      const stamped = await aftersales.documents.act(certId, 'record-stamp', { data: { signatures: { customerStamp: { stampedBy: '客户采购部', stampedAt: '2026-11-25' } } } }, sales);
      expect(stamped.status).toBe('stamped');
      expect(await worker.runOnce()).toMatchObject({ delivered: 1 });
      const memos = await h.creditMemo(stamped.number);
      expect(memos).toHaveLength(1);
      expect(Number(memos[0]!.amount)).toBe(300.5);
      expect((await aftersales.documents.outbox(certId))[0]).toMatchObject({ status: 'delivered', hostKey: memos[0]!.key });
    });

    it('penalty notice approved by the GM → one payroll deduction per person and month in the host, capped at half the bonus', async () => {
      const h = await start();
      const { aftersales, clock, worker } = engineOn(h.erp);
      const { closed } = await closeComplaint(aftersales, clock, h, 'return', 60_000);
      const noticeId = closed.links.find((l) => l.kind === 'penalty-notice')!.id;
      const notice = await aftersales.documents.get(noticeId);
      const loss = (notice.data.loss as { amount: number }).amount;
      const person = (employeeId: string, name: string) => ({
        employeeId, name, basePoints: 100, responsibilityPercent: 50, level: 'none',
        share: { amount: loss / 2, currency: 'CNY' }, monthlyBonus: { amount: 30_000, currency: 'CNY' },
      });
      clock.advanceHours(1);
      await aftersales.documents.act(noticeId, 'submit', { data: { penalisedDepartment: 'manufacturing', persons: [person('E1001', '张伟'), person('E1002', '刘洋')] } }, gmOffice);
      const approved = await aftersales.documents.act(noticeId, 'approve', { data: {} }, gm);
      expect(approved.status).toBe('approved');
      expect(await worker.runOnce()).toMatchObject({ delivered: 4, failed: 0, parked: 0 });
      const rows = (await h.deductions(approved.number)).sort();
      // 50 % of a 300-yuan bonus is 150 yuan a month; the rest of each 210-yuan share follows next month.
      expect(loss).toBe(42_000);
      expect(rows).toEqual([
        [`${approved.number}/E1001/2026-11`, 'E1001', 150],
        [`${approved.number}/E1001/2026-12`, 'E1001', 60],
        [`${approved.number}/E1002/2026-11`, 'E1002', 150],
        [`${approved.number}/E1002/2026-12`, 'E1002', 60],
      ]);
      expect((await aftersales.documents.outbox(noticeId)).every((e) => e.status === 'delivered' && e.hostKey)).toBe(true);
    });

    it('refuses a complaint naming an order the ERP does not have, at /salesOrder', async () => {
      const h = await start();
      const { aftersales } = engineOn(h.erp);
      await expect(
        aftersales.documents.create('complaint', { data: { salesOrder: '0000404', quantityDefective: 1, customerRequest: 'return', reason: '漏水', sampleAttached: false, severity: 'general' } }, sales),
      ).rejects.toMatchObject({ code: 'AFTERSALES.SALES_ORDER_UNKNOWN', type: 'invalid_data', pointer: '/salesOrder' });
    });
  });
}

let cap: Record<2 | 4, CapHost | undefined> = { 2: undefined, 4: undefined };
afterAll(async () => {
  await cap[2]?.stop();
  await cap[4]?.stop();
});

function capHost(version: 2 | 4) {
  return async (): Promise<HostUnderTest> => {
    // A fresh host per test: our document numbers restart in each engine, and must not meet another test's records.
    await cap[version]?.stop();
    const host = (cap[version] = await startCapHost());
    const erp = createODataGateway({
      kind: 'odata',
      version,
      serviceRoot: version === 2 ? host.v2Root : host.v4Root,
      mapping: { customer: { fields: { name: 'CustomerName', country: 'Country' } } },
    });
    const v4 = async (path: string) => ((await (await fetch(`${host.v4Root}/${path}`)).json()) as { value: any[] }).value;
    return {
      erp,
      salesOrder: '1000123',
      product: 'PUMP-200',
      invoice: '90000001',
      customerReturn: async (ref) =>
        (await v4(`api-customer-return-srv/A_CustomerReturn?$filter=PurchaseOrderByCustomer eq '${ref}'&$expand=to_Item`)).map((r) => ({
          key: r.CustomerReturn,
          customer: r.SoldToParty,
          items: r.to_Item.map((i: any) => [i.Material, Number(i.RequestedQuantity)]),
        })),
      creditMemo: async (ref) =>
        (await v4(`api-credit-memo-request-srv/A_CreditMemoRequest?$filter=PurchaseOrderByCustomer eq '${ref}'`)).map((r) => ({ key: r.CreditMemoRequest, customer: r.SoldToParty, amount: String(r.TotalNetAmount) })),
      deductions: async (number) =>
        (await v4(`zaftersales-srv/ZA_PenaltyDeduction?$filter=startswith(ExternalReference,'${number}/')`)).map((r) => [r.ExternalReference, r.Employee, Number(r.DeductionAmount)] as [string, string, number]),
    };
  };
}

describeFlows('CAP host over OData V2 (SAP Gateway paths, CSRF)', capHost(2));
describeFlows('CAP host over OData V4', capHost(4));

describeFlows('REST host (ERPNext style)', async (): Promise<HostUnderTest> => {
  const host: RestHost = await startRestHost();
  cleanups.push(() => host.stop());
  const docsOf = (doctype: string, ref: string) => [...(host.docs.get(doctype)?.values() ?? [])].filter((d) => d.po_no === ref);
  return {
    erp: createRestGateway({ kind: 'rest', baseUrl: host.url }),
    salesOrder: 'SAL-ORD-2026-00012',
    product: 'PUMP-200',
    invoice: 'ACC-SINV-2026-00007',
    customerReturn: async (ref) =>
      docsOf('Delivery Note', ref).map((d) => ({ key: String(d.name), customer: String(d.customer), items: (d.items as any[]).map((i) => [i.item_code, -i.qty] as [string, number]) })),
    creditMemo: async (ref) =>
      docsOf('Sales Invoice', ref).map((d) => ({ key: String(d.name), customer: String(d.customer), amount: String((d.items as any[])[0].rate) })),
    deductions: async (number) =>
      [...(host.docs.get('Additional Salary')?.values() ?? [])]
        .filter((d) => String(d.ref_docname).startsWith(`${number}/`))
        .map((d) => [String(d.ref_docname), String(d.employee), Number(d.amount)] as [string, string, number]),
  };
});
