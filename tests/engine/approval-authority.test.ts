import { describe, expect, test } from 'vitest';
import { cny, complaintFiling, complaintUpTo, admin, gm, gmOffice, memoryEngine, routing, sales, salesManager, vp, qa, walk } from './support.js';
import { DEFAULT_APPROVAL_MATRIX } from '../../src/domain/approval/approval-matrix.js';

const decision = (amount: number, currency = 'CNY') => ({ data: { decision: { outcome: 'allowance', amount: { amount, currency } } } });

describe('approval authority on the complaint decision', () => {
  test('a sales manager cannot decide 19,200 yuan: refused naming the VP in both languages, nothing stored', async () => {
    const { aftersales, clock } = memoryEngine();
    const doc = await complaintUpTo(aftersales, clock, 'decide', 'allowance', 1_920_000);
    const before = await aftersales.documents.audit(doc.id);
    const err = await aftersales.documents.act(doc.id, 'decide', decision(1_920_000), salesManager).catch((e) => e);
    expect(err).toMatchObject({ code: 'AFTERSALES.APPROVAL_LIMIT_EXCEEDED', type: 'not_allowed', details: { nextRole: 'vp' } });
    expect(err.localize('zh-CN')).toContain('副总经理');
    expect(err.localize('en')).toContain('Vice president');
    expect(err.localize('en')).toContain('¥5,000.00');
    expect((await aftersales.documents.get(doc.id)).status).toBe('consolidated');
    expect(await aftersales.documents.audit(doc.id)).toEqual(before);
    const decided = await aftersales.documents.act(doc.id, 'decide', decision(1_920_000), vp);
    expect(decided.approval).toMatchObject({ requiredRole: 'vp', approvedBy: { actorId: vp.id, role: 'vp', amount: cny(1_920_000) } });
  });

  test('changing the amount after approval clears it and returns the complaint to the approval authority', async () => {
    const { aftersales, clock } = memoryEngine();
    const doc = await complaintUpTo(aftersales, clock, 'decide', 'allowance', 400_000);
    const decided = await aftersales.documents.act(doc.id, 'decide', decision(400_000), salesManager);
    expect(decided.status).toBe('decided');

    // The same amount again is no change: approval and state stay.
    const same = await aftersales.documents.act(doc.id, 'amend', { data: { decision: { note: '补充说明' } } }, gmOffice);
    expect(same).toMatchObject({ status: 'decided', approval: { approvedBy: { actorId: salesManager.id } } });

    const amended = await aftersales.documents.act(doc.id, 'amend', { amount: cny(6_000_000) }, gmOffice);
    expect(amended.status).toBe('consolidated');
    expect(amended.approval).toEqual({ amount: cny(6_000_000) });
    const events = (await aftersales.documents.audit(doc.id)).slice(-2);
    expect(events).toMatchObject([
      { action: 'amend', actorId: gmOffice.id, from: 'decided', to: 'consolidated', changes: [{ pointer: '/decision/amount', before: cny(400_000), after: cny(6_000_000) }] },
      { action: 'approval-revoked', from: 'consolidated', to: 'consolidated', changes: [{ pointer: '/approval/approvedBy', before: { actorId: salesManager.id, role: 'sales-manager' } }] },
    ]);
    // 60,000 yuan is above the VP's 50,000: it climbs to the GM.
    await expect(aftersales.documents.act(doc.id, 'decide', {}, vp)).rejects.toMatchObject({ code: 'AFTERSALES.APPROVAL_LIMIT_EXCEEDED', details: { nextRole: 'gm' } });
    const redecided = await aftersales.documents.act(doc.id, 'decide', {}, gm);
    expect(redecided).toMatchObject({ status: 'decided', approval: { requiredRole: 'gm', approvedBy: { role: 'gm', amount: cny(6_000_000) } } });
  });

  test('changing the decided outcome or quantity with the amount unchanged also returns the complaint to the approval authority', async () => {
    const { aftersales, clock } = memoryEngine();
    const doc = await complaintUpTo(aftersales, clock, 'decide', 'allowance', 400_000);
    await aftersales.documents.act(doc.id, 'decide', decision(400_000), salesManager);
    const amended = await aftersales.documents.act(doc.id, 'amend', { data: { decision: { outcome: 'compensation' } } }, gmOffice);
    expect(amended).toMatchObject({ status: 'consolidated', approval: { amount: cny(400_000) } });
    expect(amended.approval?.approvedBy).toBeUndefined();
    const redecided = await aftersales.documents.act(doc.id, 'decide', {}, salesManager);
    const quantity = await aftersales.documents.act(redecided.id, 'amend', { data: { decision: { quantity: 320 } } }, gmOffice);
    expect(quantity.status).toBe('consolidated');
    // Sales records the customer's answer to the decision as approved; the decision itself stays locked.
    const again = await aftersales.documents.act(doc.id, 'decide', {}, salesManager);
    await expect(aftersales.documents.act(again.id, 'record-result', { data: { result: { customerAccepted: true }, decision: { quantity: 640 } } }, sales)).rejects.toMatchObject({
      code: 'AFTERSALES.APPROVED_TERMS_LOCKED',
      pointer: '/decision/quantity',
    });
  });

  test('a loss of 20,000 yuan or more is a major incident: even within the VP limit it goes to the GM', async () => {
    const { aftersales, clock } = memoryEngine();
    const doc = await complaintUpTo(aftersales, clock, 'decide', 'compensation', 2_500_000);
    await expect(aftersales.documents.act(doc.id, 'decide', decision(2_500_000), vp)).rejects.toMatchObject({
      code: 'AFTERSALES.APPROVAL_LIMIT_EXCEEDED',
      details: { nextRole: 'gm', majorIncident: true },
    });
    expect((await aftersales.documents.act(doc.id, 'decide', decision(2_500_000), gm)).approval?.requiredRole).toBe('gm');
  });

  test('a sales manager facing a major incident is told it needs the GM, not the VP whose limit would cover it', async () => {
    const { aftersales, clock } = memoryEngine();
    const doc = await complaintUpTo(aftersales, clock, 'decide', 'compensation', 2_500_000);
    const refusal = aftersales.documents.act(doc.id, 'decide', decision(2_500_000), salesManager);
    await expect(refusal).rejects.toMatchObject({ code: 'AFTERSALES.APPROVAL_LIMIT_EXCEEDED', details: { nextRole: 'gm', majorIncident: true } });
    await expect(aftersales.documents.act(doc.id, 'decide', decision(2_500_000), salesManager)).rejects.toThrow(/General manager/);
  });

  test('a loss in a foreign currency is judged by its own major-incident threshold, and goes to the GM when none is set', async () => {
    const usdMatrix = { chain: ['sales-manager', 'vp', 'gm'], limits: [...DEFAULT_APPROVAL_MATRIX.limits, { formKind: 'complaint', currency: 'USD', role: 'sales-manager', maxAmount: 20_000_000 }, { formKind: 'complaint', currency: 'USD', role: 'gm', maxAmount: null }] };
    // A foreign customer's complaint, claimed and proposed in dollars.
    const inDollars = <T>(v: T): T => JSON.parse(JSON.stringify(v).replaceAll('"currency":"CNY"', '"currency":"USD"')) as T;
    const usdComplaintUpToDecide = (engine: ReturnType<typeof memoryEngine>, amount: number) => {
      const steps = inDollars(routing('compensation', amount, { rndRequired: false }));
      return walk(engine.aftersales, engine.clock, steps.slice(0, steps.findIndex((st) => st.action === 'decide')), inDollars(complaintFiling({ market: 'foreign' })));
    };

    const unset = memoryEngine({ approvalMatrix: usdMatrix as never });
    const big = await usdComplaintUpToDecide(unset, 10_000_000);
    // USD 100,000.00 is within the sales manager's USD limit, but with no USD threshold it cannot be shown to be minor.
    const refused = await unset.aftersales.documents.act(big.id, 'decide', decision(10_000_000, 'USD'), salesManager).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'AFTERSALES.APPROVAL_LIMIT_EXCEEDED', details: { nextRole: 'gm', majorIncident: true, thresholdMissing: 'USD' } });
    expect((refused as { localize(l: string): string }).localize('en')).toContain('rules.majorIncident.otherCurrencies');
    expect((await unset.aftersales.documents.act(big.id, 'decide', decision(10_000_000, 'USD'), gm)).approval?.requiredRole).toBe('gm');

    const set = memoryEngine({ approvalMatrix: usdMatrix as never, settings: { rules: { majorIncident: { otherCurrencies: [{ amount: 300_000, currency: 'USD' }] } } } as never });
    const small = await usdComplaintUpToDecide(set, 100_000);
    expect((await set.aftersales.documents.act(small.id, 'decide', decision(100_000, 'USD'), salesManager)).approval?.requiredRole).toBe('sales-manager');
    const large = await usdComplaintUpToDecide(set, 300_000);
    await expect(set.aftersales.documents.act(large.id, 'decide', decision(300_000, 'USD'), salesManager)).rejects.toMatchObject({ details: { nextRole: 'gm', majorIncident: true } });
  });

  test('an amount in a currency the matrix does not know is refused with a coded error', async () => {
    const { aftersales, clock } = memoryEngine({ approvalMatrix: { chain: ['vp', 'gm'], limits: [{ formKind: 'complaint', currency: 'USD', role: 'gm', maxAmount: null }] } });
    const doc = await complaintUpTo(aftersales, clock, 'decide', 'allowance', 100);
    await expect(aftersales.documents.act(doc.id, 'decide', decision(100), gm)).rejects.toMatchObject({ code: 'AFTERSALES.APPROVAL_CURRENCY_NOT_CONFIGURED', pointer: '/amount/currency' });
  });

  test('an admin sets the matrix (validated, audited); cause-specific limits then apply to decisions', async () => {
    const { aftersales, clock } = memoryEngine();
    expect(await aftersales.approvalMatrix.get()).toEqual(DEFAULT_APPROVAL_MATRIX);
    const matrix = {
      chain: ['sales-manager', 'vp', 'gm'],
      limits: [
        ...DEFAULT_APPROVAL_MATRIX.limits,
        // Delivery delays are the sales manager's own call up to 20,000 yuan.
        { formKind: 'complaint', cause: 'rejects-mixed-in', currency: 'CNY', role: 'sales-manager', maxAmount: 2_000_000 },
      ],
    };
    await expect(aftersales.approvalMatrix.set(matrix, sales)).rejects.toMatchObject({ code: 'AFTERSALES.ROLE_NOT_PERMITTED', type: 'not_allowed' });
    await expect(aftersales.approvalMatrix.set({ chain: [], limits: [{ formKind: 'complaint', currency: 'cny', role: 'vp', maxAmount: 1.5 }] }, admin)).rejects.toMatchObject({
      code: 'AFTERSALES.APPROVAL_MATRIX_INVALID',
      errors: expect.arrayContaining([expect.objectContaining({ pointer: '/chain' }), expect.objectContaining({ pointer: '/limits/0/currency' }), expect.objectContaining({ pointer: '/limits/0/maxAmount' })]),
    });
    await aftersales.approvalMatrix.set(matrix, admin);
    expect((await aftersales.approvalMatrix.get() as typeof DEFAULT_APPROVAL_MATRIX).limits).toHaveLength(DEFAULT_APPROVAL_MATRIX.limits.length + 1);
    const doc = await complaintUpTo(aftersales, clock, 'decide', 'allowance', 1_920_000);
    const decided = await aftersales.documents.act(doc.id, 'decide', decision(1_920_000), salesManager);
    expect(decided.approval).toMatchObject({ requiredRole: 'sales-manager', approvedBy: { role: 'sales-manager' } });
    expect(await aftersales.verifyAudit()).toMatchObject({ intact: true });
    void qa;
  });
});

describe('approval hooks', () => {
  test('a before-approve hook can veto an approval within authority (e.g. a customer on credit hold)', async () => {
    const { AftersalesError } = await import('../../src/domain/errors.js');
    const { aftersales, clock } = memoryEngine({
      hooks: [
        {
          name: 'credit-hold',
          hook: 'before-approve',
          kinds: ['complaint'],
          handler: ({ amount, approverRole }) => {
            if (amount.amount > 100_000) throw new AftersalesError({ code: 'AFTERSALES.CUSTOMER_ON_HOLD', type: 'conflict', message: { 'zh-CN': `客户冻结，${approverRole}不能核准`, en: `Customer on hold; ${approverRole} cannot approve` } });
          },
        },
      ],
    });
    const doc = await complaintUpTo(aftersales, clock, 'decide', 'allowance', 400_000);
    await expect(aftersales.documents.act(doc.id, 'decide', decision(400_000), salesManager)).rejects.toMatchObject({ code: 'AFTERSALES.CUSTOMER_ON_HOLD' });
    expect((await aftersales.documents.act(doc.id, 'decide', decision(50_000), salesManager)).status).toBe('decided');
  });

  test('escalation of major incidents to a role outside the chain still binds', async () => {
    const { aftersales, clock } = memoryEngine({ settings: { rules: { majorIncident: { escalateTo: 'admin' } } } });
    const doc = await complaintUpTo(aftersales, clock, 'decide', 'compensation', 2_500_000);
    await expect(aftersales.documents.act(doc.id, 'decide', decision(2_500_000), gm)).rejects.toMatchObject({ details: { nextRole: 'admin', majorIncident: true } });
  });
});
