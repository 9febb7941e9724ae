/**
 * A changed amount after approval sends the document back for approval (DOMAIN §2); the
 * write-backs queued with the old figures must then never reach the host, and re-approval must
 * queue them again with the new figures. A write-back already delivered cannot be taken back:
 * the document says the host keeps an outdated record.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAftersales, type AftersalesEngine } from '../../src/create-aftersales.js';
import { createMemoryStore } from '../../src/adapters/memory/index.js';
import penaltySample from '../../src/forms/penalty-notice/sample.json' with { type: 'json' };
import { startRestHost, type RestHost } from '../erp/support/rest-host.js';
import { approvedReturnSlip, sales, salesManager } from './fixtures/return-slip-on-rest-host.js';
import { accounting, admin, cny, gm, gmOffice, manualClock } from './support.js';

let host: RestHost;
let aftersales: AftersalesEngine;
let clock: ReturnType<typeof manualClock>;
const returnsInHost = (reference: string) =>
  [...(host.docs.get('Delivery Note')?.values() ?? [])].filter((d) => d.po_no === reference).map((d) => (d.items as { item_code: string; qty: number }[]).map((i) => [i.item_code, -i.qty]));

beforeEach(async () => {
  host = await startRestHost();
  clock = manualClock();
  aftersales = createAftersales({ store: { kind: 'memory' }, erp: { kind: 'rest', baseUrl: host.url }, clock, outbox: { autoStart: false, backoff: { maxAttempts: 1 } } });
});
afterEach(async () => {
  await aftersales.close();
  await host.stop();
});

/** A notice's payroll deductions for shares of the loss (a warning's own deduction aside), with a status. */
async function shareDeductions(id: string, status = 'pending') {
  return (await aftersales.outbox.list({ documentId: id, status: status as never })).filter((o) => (o.payload as { kind?: string }).kind !== 'administrative');
}

/** The sample penalty notice, submitted and approved by the GM. */
async function approvedNotice() {
  const data: Record<string, unknown> = structuredClone(penaltySample);
  delete data.approval;
  const notice = await aftersales.documents.create('penalty-notice', { data }, gmOffice);
  await aftersales.documents.act(notice.id, 'submit', {}, gmOffice);
  return aftersales.documents.act(notice.id, 'approve', {}, gm);
}

/** Sales corrects an approved slip to 4 pumps worth 450 yuan: a new commitment. */
const amendToFour = (id: string) => amendToFourOn(aftersales, id);
const amendToFourOn = (engine: AftersalesEngine, id: string) =>
  engine.documents.act(id, 'amend', { data: { items: [{ itemNumber: 'PUMP-200', description: '离心泵 200 型', quantity: 4, unit: 'Nos' }], approvedQuantity: 4 }, amount: cny(45_000) }, sales);

describe('write-backs when an approved amount changes', () => {
  it('a queued customer return is superseded, never sent, and re-approval sends the corrected one', async () => {
    const slip = await approvedReturnSlip(aftersales);
    clock.advanceHours(1);
    const amended = await amendToFour(slip.id);
    expect(amended.status).toBe('submitted');
    expect(await aftersales.outbox.list({ documentId: slip.id })).toMatchObject([{ status: 'superseded', payload: { items: [{ product: 'PUMP-200', quantity: 5 }] } }]);
    expect((await aftersales.documents.audit(slip.id)).find((e) => e.action === 'approval-revoked')?.note).toContain('1 undelivered write-back(s) superseded');
    expect(await aftersales.outbox.runOnce()).toMatchObject({ claimed: 0 });
    expect(returnsInHost(slip.number)).toEqual([]);

    clock.advanceHours(1);
    const reapproved = await aftersales.documents.act(slip.id, 'approve', {}, salesManager);
    expect(reapproved.status).toBe('approved');
    expect((await aftersales.outbox.list({ documentId: slip.id })).map((e) => [e.status, e.reference, (e.payload.items as { quantity: number }[])[0]!.quantity])).toEqual([
      ['superseded', slip.number, 5],
      ['pending', slip.number, 4],
    ]);
    expect(await aftersales.outbox.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(returnsInHost(slip.number)).toEqual([[['PUMP-200', 4]]]);
    expect(reapproved.outdatedHostRecords).toBeUndefined();
    expect((await aftersales.verifyAudit()).intact).toBe(true);
  });

  it('a parked write-back is superseded too, and can no longer be retried', async () => {
    const slip = await approvedReturnSlip(aftersales);
    host.failing = true;
    expect(await aftersales.outbox.runOnce()).toMatchObject({ parked: 1 });
    const [parked] = await aftersales.outbox.list({ documentId: slip.id });
    await amendToFour(slip.id);
    await expect(aftersales.outbox.retry(parked!.id, admin)).rejects.toMatchObject({ code: 'AFTERSALES.OUTBOX_NOT_PARKED', details: { status: 'superseded' } });
    host.failing = false;
    await aftersales.documents.act(slip.id, 'approve', {}, salesManager);
    await aftersales.outbox.runOnce();
    expect(returnsInHost(slip.number)).toEqual([[['PUMP-200', 4]]]);
  });

  it('a delivered write-back stays in the host: the document and its audit trail say the host record is outdated, and it is not sent twice', async () => {
    const slip = await approvedReturnSlip(aftersales);
    await aftersales.outbox.runOnce();
    const [delivered] = await aftersales.outbox.list({ documentId: slip.id });
    expect(delivered).toMatchObject({ status: 'delivered', hostKey: expect.any(String) });

    clock.advanceHours(1);
    const amended = await amendToFour(slip.id);
    expect(amended.outdatedHostRecords).toEqual([
      { operation: 'create-customer-return', reference: slip.number, hostKey: delivered!.hostKey, since: clock.now().toISOString(), deliveredAmount: cny(60_000), currentAmount: cny(45_000) },
    ]);
    const note = (await aftersales.documents.audit(slip.id)).find((e) => e.action === 'host-record-outdated');
    expect(note).toMatchObject({ actorId: sales.id, note: expect.stringContaining(`${slip.number} (${delivered!.hostKey})`) });
    expect((await aftersales.outbox.list({ documentId: slip.id })).map((e) => e.status)).toEqual(['delivered']);

    const reapproved = await aftersales.documents.act(slip.id, 'approve', {}, salesManager);
    expect(reapproved.outdatedHostRecords).toHaveLength(1);
    expect((await aftersales.documents.audit(slip.id)).at(-1)?.note).toContain('not sent again: the host keeps create-customer-return');
    expect(await aftersales.outbox.list({ documentId: slip.id })).toHaveLength(1);
    expect(await aftersales.outbox.runOnce()).toMatchObject({ claimed: 0 });
    expect(returnsInHost(slip.number)).toEqual([[['PUMP-200', 5]]]);
  });

  it('a write-back delivered while the amount was being changed is found on re-approval and recorded as outdated, not sent twice', async () => {
    const store = createMemoryStore();
    const engine = createAftersales({ store, erp: { kind: 'rest', baseUrl: host.url }, clock, outbox: { autoStart: false } });
    try {
      const slip = await approvedReturnSlip(engine);
      // A worker has the entry in hand when sales amends the slip, and its delivery succeeds afterwards.
      const [inFlight] = await store.claimOutbox(clock.now().toISOString(), 10, 60_000);
      await amendToFourOn(engine, slip.id);
      expect((await engine.documents.get(slip.id)).outdatedHostRecords).toBeUndefined();
      await store.settleOutbox(inFlight!.id, { status: 'delivered', hostKey: 'MAT-DN-RET-2026-09999', attempts: 1 });

      const reapproved = await engine.documents.act(slip.id, 'approve', {}, salesManager);
      expect(reapproved.outdatedHostRecords).toEqual([
        { operation: 'create-customer-return', reference: slip.number, hostKey: 'MAT-DN-RET-2026-09999', since: clock.now().toISOString(), currentAmount: cny(45_000) },
      ]);
      expect((await engine.documents.audit(slip.id)).at(-1)?.note).toContain('not sent again: the host keeps create-customer-return');
      expect((await engine.outbox.list({ documentId: slip.id })).map((e) => e.status)).toEqual(['delivered']);
    } finally {
      await engine.close();
    }
  });

  it('a penalty notice’s queued deductions are replaced by the re-approved loss’s deductions, month by month', async () => {
    const notice = await approvedNotice();
    const figures = async (status: string) => (await shareDeductions(notice.id, status)).map((o) => [o.reference.slice(notice.number.length + 1), (o.payload.amount as { amount: number }).amount]);
    expect(await figures('pending')).toEqual([['E1001/2026-11', 120_000], ['E1001/2026-12', 60_000], ['E1002/2026-11', 120_000]]);

    // The loss falls from 3,000 to 2,000 yuan: 张伟's 60 % (1,200) now fits within half his bonus.
    const amended = await aftersales.documents.act(notice.id, 'amend', { amount: cny(200_000) }, gmOffice);
    expect(amended.status).toBe('submitted');
    expect(await figures('pending')).toEqual([]);
    expect(await figures('superseded')).toHaveLength(3);
    await aftersales.documents.act(notice.id, 'approve', {}, gm);
    expect(await figures('pending')).toEqual([['E1001/2026-11', 120_000], ['E1002/2026-11', 80_000]]);
  });
});

describe('approved terms other than the amount', () => {
  const pending = async (id: string) => (await shareDeductions(id)).map((o) => o.reference.split('/').slice(-2).join('/'));

  it('swapping the penalised person on an approved notice, loss unchanged, goes back to the GM and payroll never charges the first person', async () => {
    const notice = await approvedNotice();
    expect(await pending(notice.id)).toEqual(['E1001/2026-11', 'E1001/2026-12', 'E1002/2026-11']);
    const persons = structuredClone((notice.data as { persons: Record<string, unknown>[] }).persons);
    persons[0] = { ...persons[0], employeeId: 'E9999', name: '赵六' };

    const amended = await aftersales.documents.act(notice.id, 'amend', { data: { persons } }, gmOffice);
    expect(amended.status).toBe('submitted');
    expect(amended.approval?.approvedBy).toBeUndefined();
    expect(await pending(notice.id)).toEqual([]);
    const revoked = (await aftersales.documents.audit(notice.id)).find((e) => e.action === 'approval-revoked');
    expect(revoked?.note).toContain('approved term /persons changed');

    await aftersales.documents.act(notice.id, 'approve', {}, gm);
    expect(await pending(notice.id)).toEqual(['E9999/2026-11', 'E9999/2026-12', 'E1002/2026-11']);
  });

  it('a later step cannot change an approved term; an amendment of something else keeps the approval', async () => {
    const notice = await approvedNotice();
    const persons = structuredClone((notice.data as { persons: Record<string, unknown>[] }).persons);
    persons[1] = { ...persons[1], employeeId: 'E7777' };
    const refused = await aftersales.documents.act(notice.id, 'record-deduction', { data: { persons } }, accounting).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'AFTERSALES.APPROVED_TERMS_LOCKED', pointer: '/persons' });
    expect((await aftersales.documents.get(notice.id)).revision).toBe(notice.revision);

    const noted = await aftersales.documents.act(notice.id, 'amend', { data: { note: '补充说明：按月扣回' } }, gmOffice);
    expect(noted.status).toBe('approved');
    expect(noted.approval?.approvedBy?.actorId).toBe(gm.id);
  });

  it('an approved return slip whose quantity grows while its total stays the same goes back for approval', async () => {
    const slip = await approvedReturnSlip(aftersales);
    const items = structuredClone((slip.data as { items: Record<string, unknown>[] }).items);
    // Twice the pumps at half the price: the same 600 yuan.
    items[0] = { ...items[0], quantity: 10, unitPrice: cny(6_000), amount: cny(60_000) };
    const amended = await aftersales.documents.act(slip.id, 'amend', { data: { items, approvedQuantity: 10 } }, sales);
    expect(amended.status).toBe('submitted');
    expect((amended.data as { total: unknown }).total).toEqual((slip.data as { total: unknown }).total);
  });
});


describe('the monthly cap across a person’s notices', () => {
  const scheduled = async (id: string) =>
    (await shareDeductions(id)).map((o) => [(o.payload as { employeeId: string }).employeeId, (o.payload as { period: string }).period, (o.payload.amount as { amount: number }).amount]);

  it('a second notice in the same month gets only the room the first one left, and carries the rest over', async () => {
    const first = await approvedNotice();
    // 张伟: half of a 2,400-yuan bonus is 1,200 a month; 刘洋: half of 3,000 is 1,500.
    expect(await scheduled(first.id)).toEqual([['E1001', '2026-11', 120_000], ['E1001', '2026-12', 60_000], ['E1002', '2026-11', 120_000]]);
    const second = await approvedNotice();
    expect(await scheduled(second.id)).toEqual([['E1001', '2026-12', 60_000], ['E1001', '2027-01', 120_000], ['E1002', '2026-11', 30_000], ['E1002', '2026-12', 90_000]]);
    // The notice shows what payroll will really take this month.
    expect((second.data as { persons: { deductedThisMonth: unknown; carriedOver: unknown }[] }).persons.map((p) => [p.deductedThisMonth, p.carriedOver])).toEqual([
      [cny(0), cny(180_000)],
      [cny(30_000), cny(90_000)],
    ]);
    // Every month, each person's deductions stay within half the bonus.
    const all = [...(await scheduled(first.id)), ...(await scheduled(second.id))];
    const perMonth = new Map<string, number>();
    for (const [who, month, amount] of all) perMonth.set(`${who} ${month}`, (perMonth.get(`${who} ${month}`) ?? 0) + (amount as number));
    for (const [key, sum] of perMonth) expect(sum, key).toBeLessThanOrEqual(key.startsWith('E1001') ? 120_000 : 150_000);
  });

  it('a superseded notice frees its room again', async () => {
    const first = await approvedNotice();
    await aftersales.documents.act(first.id, 'amend', { amount: cny(200_000) }, gmOffice);
    const second = await approvedNotice();
    expect((await scheduled(second.id)).filter(([who]) => who === 'E1001')).toEqual([['E1001', '2026-11', 120_000], ['E1001', '2026-12', 60_000]]);
  });
});
