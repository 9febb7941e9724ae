import { describe, expect, test } from 'vitest';
import allowanceSample from '../../src/forms/allowance-certificate/sample.json' with { type: 'json' };
import penaltySample from '../../src/forms/penalty-notice/sample.json' with { type: 'json' };
import returnSample from '../../src/forms/return-slip/sample.json' with { type: 'json' };
import voucherSample from '../../src/forms/repair-voucher/sample.json' with { type: 'json' };
import { accounting, cny, gm, gmOffice, memoryEngine, sales, salesManager, service, supervisor, vp, warehouse } from './support.js';

const without = (sample: object, ...fields: string[]) => {
  const data = structuredClone(sample) as Record<string, unknown>;
  for (const f of fields) delete data[f];
  return data;
};

const inboxOf = async (aftersales: ReturnType<typeof memoryEngine>['aftersales'], department: string) =>
  (await aftersales.inbox.list(department)).items.map((e) => `${e.kind}#${e.copyNumber}`);

describe('return slip', () => {
  test('draft → submitted → approved (write-back, copies to sales and warehouse) → received (copies on to accounting and sales) → booked', async () => {
    const { aftersales, clock } = memoryEngine();
    const slip = await aftersales.documents.create('return-slip', { data: without(returnSample, 'actualQuantity', 'receipt', 'approval', 'reconciliation') }, sales);
    expect(slip).toMatchObject({ status: 'draft', number: '2611-001' });
    await aftersales.documents.act(slip.id, 'submit', {}, sales);
    expect(await aftersales.documents.outbox(slip.id)).toEqual([]);
    await expect(aftersales.documents.act(slip.id, 'approve', {}, salesManager)).rejects.toMatchObject({ code: 'AFTERSALES.APPROVAL_LIMIT_EXCEEDED', details: { nextRole: 'vp' } });
    clock.advanceHours(1);
    const approved = await aftersales.documents.act(slip.id, 'approve', {}, vp);
    expect(approved.status).toBe('approved');
    expect(await aftersales.documents.outbox(slip.id)).toMatchObject([
      { operation: 'create-customer-return', reference: '2611-001', status: 'pending', payload: { customerId: '10100001', salesOrder: '1000123', items: [{ product: 'PCB-4L-2231', quantity: 320, unit: 'PCS' }] } },
    ]);
    expect(await inboxOf(aftersales, 'warehouse')).toEqual(['return-slip#2', 'return-slip#3', 'return-slip#4']);
    expect(await inboxOf(aftersales, 'accounting')).toEqual([]);
    expect(await inboxOf(aftersales, 'sales')).toEqual(['return-slip#1']);

    await expect(aftersales.documents.act(slip.id, 'receive', { data: { actualQuantity: 318 } }, warehouse)).rejects.toMatchObject({
      code: 'AFTERSALES.REQUIRED_FOR_ACTION',
      errors: [{ pointer: '/receipt/receivedBy', code: 'required' }],
    });
    await aftersales.documents.act(slip.id, 'receive', { data: { actualQuantity: 318, receipt: { receivedBy: '赵仓管' } } }, warehouse);
    expect(await inboxOf(aftersales, 'accounting')).toEqual(['return-slip#3']);
    expect(await inboxOf(aftersales, 'sales')).toEqual(['return-slip#1', 'return-slip#4']);

    const booked = await aftersales.documents.act(slip.id, 'reconcile', {}, accounting);
    expect(booked.status).toBe('booked');
    expect(booked.data.reconciliation).toMatchObject({ outcome: 'book-actual', toleranceRatio: 0.05 });
  });

  test('accounting cannot reconcile and book a return without one of the three stamped proofs of return', async () => {
    const { aftersales } = memoryEngine();
    const slip = await aftersales.documents.create('return-slip', { data: without(returnSample, 'actualQuantity', 'receipt', 'approval', 'reconciliation', 'proofOfReturn') }, sales);
    await aftersales.documents.act(slip.id, 'submit', {}, sales);
    await aftersales.documents.act(slip.id, 'approve', {}, vp);
    await aftersales.documents.act(slip.id, 'receive', { data: { actualQuantity: 320, receipt: { receivedBy: '赵仓管' } } }, warehouse);
    await expect(aftersales.documents.act(slip.id, 'reconcile', {}, accounting)).rejects.toMatchObject({
      code: 'AFTERSALES.REQUIRED_FOR_ACTION',
      errors: [{ pointer: '/proofOfReturn', code: 'required' }],
    });
    await expect(aftersales.documents.act(slip.id, 'reconcile', { data: { proofOfReturn: 'a photo' } }, accounting)).rejects.toMatchObject({ code: 'AFTERSALES.INVALID_DOCUMENT', errors: [{ pointer: '/proofOfReturn' }] });
    const booked = await aftersales.documents.act(slip.id, 'reconcile', { data: { proofOfReturn: 'return-certificate-stamped' } }, accounting);
    expect(booked.status).toBe('booked');
  });

  test('more than the tolerance received is held for a decision before booking', async () => {
    const { aftersales } = memoryEngine();
    const slip = await aftersales.documents.create('return-slip', { data: without(returnSample, 'actualQuantity', 'receipt', 'approval', 'reconciliation') }, sales);
    await aftersales.documents.act(slip.id, 'submit', {}, sales);
    await aftersales.documents.act(slip.id, 'approve', {}, vp);
    // 320 approved, 5 % tolerance: at most 336 may be booked.
    await aftersales.documents.act(slip.id, 'receive', { data: { actualQuantity: 337, receipt: { receivedBy: '赵仓管' } } }, warehouse);
    const held = await aftersales.documents.act(slip.id, 'reconcile', {}, accounting);
    expect(held).toMatchObject({ status: 'held', data: { reconciliation: { outcome: 'hold' } } });
    expect((await aftersales.documents.act(slip.id, 'release-hold', {}, gm)).status).toBe('booked');
  });
});

describe('allowance certificate', () => {
  test('draft → submitted → manager-signed → gm-signed → stamped (credit memo write-back, copies released) → booked', async () => {
    const { aftersales } = memoryEngine();
    const cert = await aftersales.documents.create('allowance-certificate', { data: without(allowanceSample, 'signatures') }, sales);
    await aftersales.documents.act(cert.id, 'submit', {}, sales);
    await aftersales.documents.act(cert.id, 'manager-sign', { data: { signatures: { manager: { name: '陈经理' } } } }, salesManager);
    const signed = await aftersales.documents.act(cert.id, 'gm-sign', { data: { signatures: { gm: { name: '周副总' } } } }, vp);
    expect(signed).toMatchObject({ status: 'gm-signed', approval: { approvedBy: { role: 'vp', amount: cny(300_000) } } });
    expect(await inboxOf(aftersales, 'accounting')).toEqual([]);
    expect(await aftersales.documents.outbox(cert.id)).toEqual([]);
    await aftersales.documents.act(cert.id, 'record-stamp', { data: { signatures: { customerStamp: { stampedAt: '2026-11-24' } } } }, sales);
    expect(await aftersales.documents.outbox(cert.id)).toMatchObject([
      { operation: 'create-credit-memo-request', reference: cert.number, payload: { customerId: '10200045', invoice: '04400123', amount: cny(300_000) } },
    ]);
    expect(await inboxOf(aftersales, 'accounting')).toEqual(['allowance-certificate#2']);
    expect(await inboxOf(aftersales, 'sales')).toEqual(['allowance-certificate#1']);
    expect((await aftersales.documents.act(cert.id, 'book', {}, accounting)).status).toBe('booked');
  });

  test('accounting books a certificate only with the buyer-stamped proof', async () => {
    const { aftersales } = memoryEngine();
    const cert = await aftersales.documents.create('allowance-certificate', { data: without(allowanceSample, 'signatures', 'proof') }, sales);
    await aftersales.documents.act(cert.id, 'submit', {}, sales);
    await aftersales.documents.act(cert.id, 'manager-sign', {}, salesManager);
    await aftersales.documents.act(cert.id, 'gm-sign', {}, vp);
    await aftersales.documents.act(cert.id, 'record-stamp', { data: { signatures: { customerStamp: { stampedAt: '2026-11-24' } } } }, sales);
    await expect(aftersales.documents.act(cert.id, 'book', {}, accounting)).rejects.toMatchObject({ code: 'AFTERSALES.REQUIRED_FOR_ACTION', errors: [{ pointer: '/proof' }] });
    expect((await aftersales.documents.act(cert.id, 'book', { data: { proof: 'certificate-stamped' } }, accounting)).status).toBe('booked');
  });

  test('the VP who signed as manager cannot also give the GM signature; another VP or the GM can', async () => {
    const { aftersales } = memoryEngine();
    const cert = await aftersales.documents.create('allowance-certificate', { data: without(allowanceSample, 'signatures') }, sales);
    await aftersales.documents.act(cert.id, 'submit', {}, sales);
    await aftersales.documents.act(cert.id, 'manager-sign', {}, vp);
    const refused = await aftersales.documents.act(cert.id, 'gm-sign', {}, vp).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'AFTERSALES.SECOND_SIGNER_REQUIRED', type: 'not_allowed', details: { signedAs: 'manager-sign' } });
    expect((refused as { localize(l: string): string }).localize('zh-CN')).toContain('两人');
    expect((await aftersales.documents.get(cert.id)).status).toBe('manager-signed');
    const otherVp = { ...vp, id: 'u-vp-2', name: '李副总' };
    expect((await aftersales.documents.act(cert.id, 'gm-sign', {}, otherVp)).status).toBe('gm-signed');
  });
});

describe('penalty notice', () => {
  test('draft → submitted → approved by the GM (one deduction per person per instalment month, copy to the penalised department) → deducted', async () => {
    const { aftersales } = memoryEngine();
    const notice = await aftersales.documents.create('penalty-notice', { data: without(penaltySample, 'approval') }, gmOffice);
    await expect(aftersales.documents.create('penalty-notice', { data: without(penaltySample, 'approval') }, sales)).rejects.toMatchObject({ code: 'AFTERSALES.ROLE_NOT_PERMITTED' });
    await aftersales.documents.act(notice.id, 'submit', {}, gmOffice);
    await expect(aftersales.documents.act(notice.id, 'approve', {}, vp)).rejects.toMatchObject({ code: 'AFTERSALES.ROLE_NOT_PERMITTED', details: { roles: ['gm'] } });
    await aftersales.documents.act(notice.id, 'approve', { data: { approval: { name: '周总经理' } } }, gm);
    // 张伟: a warning (at least 400 yuan, in the payroll month) and a 1,800 yuan share, 50 % of a 2,400 bonus per month → 1,200 now, 600 next month; 刘洋: 1,200 within 1,500.
    const outbox = await aftersales.documents.outbox(notice.id);
    expect(outbox.map((o) => [o.operation, o.reference, (o.payload.amount as { amount: number }).amount, o.payload.reason])).toEqual([
      ['post-penalty-deduction', `${notice.number}/E1001/2026-11/admin`, 40_000, '警告 ×1'],
      ['post-penalty-deduction', `${notice.number}/E1001/2026-11`, 120_000, '终检剔除的阻焊不良板混入良品缴库。'],
      ['post-penalty-deduction', `${notice.number}/E1001/2026-12`, 60_000, '终检剔除的阻焊不良板混入良品缴库。'],
      ['post-penalty-deduction', `${notice.number}/E1002/2026-11`, 120_000, '终检剔除的阻焊不良板混入良品缴库。'],
    ]);
    expect(await inboxOf(aftersales, 'manufacturing')).toEqual(['penalty-notice#3']);
    expect(await inboxOf(aftersales, 'accounting')).toEqual(['penalty-notice#2']);
    expect(await inboxOf(aftersales, 'gm-office')).toEqual(['penalty-notice#1']);
    expect((await aftersales.documents.act(notice.id, 'record-deduction', {}, accounting)).status).toBe('deducted');
  });
});

describe('penalty notice figures', () => {
  test('shares, this month’s deduction under the 50 % cap, carry-over and totals are computed, not typed', async () => {
    const { aftersales } = memoryEngine();
    const data = without(penaltySample, 'approval', 'totals');
    data.persons = (data.persons as Record<string, unknown>[]).map(({ share: _s, deductedThisMonth: _d, carriedOver: _c, ...p }) => p);
    const notice = await aftersales.documents.create('penalty-notice', { data }, gmOffice);
    expect(notice.data.persons).toMatchObject([
      { employeeId: 'E1001', share: cny(180_000), administrativeDeduction: cny(40_000), deductedThisMonth: cny(120_000), carriedOver: cny(60_000) },
      { employeeId: 'E1002', share: cny(120_000), administrativeDeduction: cny(0), deductedThisMonth: cny(120_000), carriedOver: cny(0) },
    ]);
    expect(notice.data.totals).toEqual({ share: cny(300_000), administrativeDeduction: cny(40_000), deductedThisMonth: cny(240_000), carriedOver: cny(60_000) });
    // A new loss on submission is shared again.
    const submitted = await aftersales.documents.act(notice.id, 'submit', { data: { loss: cny(100_000) } }, gmOffice);
    expect((submitted.data.persons as { share: unknown }[]).map((p) => p.share)).toEqual([cny(60_000), cny(40_000)]);
  });
});

describe('repair voucher', () => {
  const intake = () => without(voucherSample, 'technician', 'dispatchedAt', 'arrivedAt', 'quoteLines', 'total', 'partsReplaced', 'repairHours', 'outcome', 'customerSignature', 'qualityChecks', 'followUp');

  test('fixed on site: called → dispatched → on-site → fixed-on-site → followed-up → closed, with the dispatch and on-site clocks met on arrival', async () => {
    const { aftersales, clock } = memoryEngine();
    clock.set('2026-11-23T01:20:00.000Z');
    const voucher = await aftersales.documents.create('repair-voucher', { data: intake() }, service);
    // Monday 09:20 Shanghai, urban: 6 working hours → 16:20; same province: 24 h.
    expect(voucher.deadlines.map((d) => [d.name, d.dueAt])).toEqual([
      ['dispatch', '2026-11-23T08:20:00.000Z'],
      ['on-site', '2026-11-24T01:20:00.000Z'],
    ]);
    clock.advanceHours(1);
    await aftersales.documents.act(voucher.id, 'dispatch', { data: { technician: '孙师傅' } }, supervisor);
    clock.advanceHours(3);
    const onSite = await aftersales.documents.act(voucher.id, 'arrive', { data: { arrivedAt: '2026-11-23T05:20:00.000Z' } }, service);
    expect(onSite.deadlines.every((d) => d.metAt === '2026-11-23T05:20:00.000Z')).toBe(true);
    await expect(
      aftersales.documents.act(voucher.id, 'fix-on-site', { data: { customerSignature: { name: '刘店长' }, partsReplaced: [{ partNumber: 'RL-220-16A', quantity: 1, oldPartReturned: false }] } }, service),
    ).rejects.toMatchObject({ code: 'AFTERSALES.OLD_PART_NOT_RETURNED', pointer: '/partsReplaced/0/oldPartReturned' });
    await aftersales.documents.act(voucher.id, 'fix-on-site', { data: { customerSignature: { name: '刘店长' }, repairHours: 1.5 } }, service);
    await expect(
      aftersales.documents.act(voucher.id, 'follow-up', { data: { followUp: { result: 'unreachable', attempts: [{ at: '2026-11-25T02:00:00.000Z', reached: false }] } } }, service),
    ).rejects.toMatchObject({ code: 'AFTERSALES.FOLLOW_UP_TOO_FEW_ATTEMPTS' });
    await aftersales.documents.act(voucher.id, 'follow-up', { data: { followUp: { result: 'reached', attempts: [{ at: '2026-11-25T02:00:00.000Z', reached: true }] } } }, service);
    const closed = await aftersales.documents.act(voucher.id, 'close', {}, supervisor);
    expect(closed.status).toBe('closed');
    expect(await inboxOf(aftersales, 'service')).toEqual(['repair-voucher#1']);
  });

  test('contract service carries the contract-expiry notice, due a month before the contract ends and left open by closing', async () => {
    const { aftersales, clock } = memoryEngine();
    const voucher = await aftersales.documents.create('repair-voucher', { data: { ...intake(), serviceCategory: 'B', warrantyUntil: undefined, contractId: 'MC-2026-118', contractUntil: '2026-12-31' } }, service);
    expect(voucher.deadlines.find((d) => d.name === 'contract-expiry-notice')).toMatchObject({ dueAt: '2026-11-30T16:00:00.000Z', endsWith: 'contract-notice-sent' });
    await aftersales.documents.act(voucher.id, 'dispatch', { data: { technician: '孙师傅' } }, supervisor);
    await aftersales.documents.act(voucher.id, 'arrive', { data: { arrivedAt: '2026-11-23T05:20:00.000Z' } }, service);
    await aftersales.documents.act(voucher.id, 'fix-on-site', { data: { customerSignature: { name: '刘店长' } } }, service);
    await aftersales.documents.act(voucher.id, 'follow-up', { data: { followUp: { result: 'reached', attempts: [{ at: '2026-11-25T02:00:00.000Z', reached: true }] } } }, service);
    const closed = await aftersales.documents.act(voucher.id, 'close', {}, supervisor);
    expect(closed.deadlines.find((d) => d.name === 'contract-expiry-notice')?.metAt).toBeUndefined();
    expect(closed.deadlines.find((d) => d.name === 'dispatch')?.metAt).toBeDefined();

    // Long after closing, the supervisor is reminded, and recording the notice ends the clock.
    const contractNotices = async (at: string) => {
      const scan = await aftersales.deadlines.scan(new Date(at));
      return [...scan.dueSoon, ...scan.reminders, ...scan.inquiries].filter((n) => n.deadline === 'contract-expiry-notice').map((n) => [n.kind, n.number, n.role]);
    };
    expect(await contractNotices('2026-11-30T13:00:00.000Z')).toEqual([['due-soon', voucher.number, 'service-supervisor']]);
    expect(await contractNotices('2026-12-02T02:00:00.000Z')).toEqual([['reminder', voucher.number, 'service-supervisor']]);
    await expect(aftersales.documents.act(voucher.id, 'record-contract-notice', {}, service)).rejects.toMatchObject({ code: 'AFTERSALES.ROLE_NOT_PERMITTED' });
    clock.set('2026-12-02T03:00:00.000Z');
    const sent = await aftersales.documents.act(voucher.id, 'record-contract-notice', { comment: '已电话及书面通知刘店长续约' }, supervisor);
    expect(sent.status).toBe('closed');
    expect(sent.deadlines.find((d) => d.name === 'contract-expiry-notice')?.metAt).toBeDefined();
    // Sent late: an inquiry asks why; never a reminder again, and it cannot be recorded twice.
    expect(await contractNotices('2026-12-05T02:00:00.000Z')).toEqual([['inquiry', voucher.number, 'service-supervisor']]);
    await expect(aftersales.documents.act(voucher.id, 'record-contract-notice', {}, supervisor)).rejects.toMatchObject({ code: 'AFTERSALES.NO_CONTRACT_NOTICE_DUE', type: 'conflict' });
  });

  test('taken back, paid service: three checks before delivery, invoiced on return', async () => {
    const { aftersales } = memoryEngine();
    const voucher = await aftersales.documents.create('repair-voucher', { data: { ...intake(), serviceCategory: 'A', warrantyUntil: undefined } }, service);
    await aftersales.documents.act(voucher.id, 'dispatch', { data: { technician: '孙师傅' } }, supervisor);
    await aftersales.documents.act(voucher.id, 'arrive', { data: { arrivedAt: '2026-11-23T05:20:00.000Z' } }, service);
    await aftersales.documents.act(voucher.id, 'take-back', { data: { goodsReceiptNumber: 'GR-2611-031' } }, service);
    const checks = { self: { inspector: '孙师傅', passed: true }, team: { inspector: '吴组长', passed: true }, final: { inspector: '郑主任', passed: false } };
    await expect(aftersales.documents.act(voucher.id, 'repair', { data: { repairHours: 3, qualityChecks: checks } }, service)).rejects.toMatchObject({
      code: 'AFTERSALES.QUALITY_CHECKS_INCOMPLETE',
      pointer: '/qualityChecks/final/passed',
    });
    await aftersales.documents.act(voucher.id, 'repair', { data: { repairHours: 3, qualityChecks: { ...checks, final: { inspector: '郑主任', passed: true } } } }, service);
    await expect(aftersales.documents.act(voucher.id, 'deliver', { data: { returnedAt: '2026-11-26T02:00:00.000Z' } }, service)).rejects.toMatchObject({ code: 'AFTERSALES.INVOICE_REQUIRED' });
    await aftersales.documents.act(voucher.id, 'deliver', { data: { returnedAt: '2026-11-26T02:00:00.000Z', invoiceNumber: 'INV-0001' } }, service);
    await aftersales.documents.act(voucher.id, 'follow-up', { data: { followUp: { result: 'reached', attempts: [{ at: '2026-11-27T02:00:00.000Z', reached: true }] } } }, service);
    expect((await aftersales.documents.act(voucher.id, 'close', {}, supervisor)).status).toBe('closed');
  });
});
