/**
 * A penalty comes out of the person's efficiency bonus only, at most half of it a month
 * (000 客户投诉经济处罚准则 (三)1, 4). A person with no bonus, or one too small to deduct a fen
 * under the cap, cannot have a share deducted: approval is refused at that person's bonus,
 * instead of deducting the whole share at once past the cap or failing with no pointer.
 */
import { describe, expect, it } from 'vitest';
import { penaltyFigures, throwIfShareNotDeductible } from '../../src/domain/service/penalty-shares.js';
import { penaltyDeductionsFor } from '../../src/domain/service/write-backs.js';
import { aftersalesSettingsSchema } from '../../src/domain/settings.js';
import type { AftersalesDocument } from '../../src/domain/document.js';
import penaltySample from '../../src/forms/penalty-notice/sample.json' with { type: 'json' };
import { cny, gm, gmOffice, memoryEngine } from './support.js';

const settings = aftersalesSettingsSchema.parse({});
const now = new Date('2026-11-23T02:00:00Z');

function errorOf(fn: () => unknown): any {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
}

/** The sample notice with 刘洋's bonus replaced. */
function noticeData(liuYangBonus: unknown): Record<string, unknown> {
  const data = structuredClone(penaltySample) as Record<string, any>;
  delete data.approval;
  if (liuYangBonus === undefined) delete data.persons[1].monthlyBonus;
  else data.persons[1].monthlyBonus = liuYangBonus;
  return data;
}

describe('a share with no bonus to deduct it from', () => {
  it('is refused at each such person’s bonus; a person without a share, or with room under the cap, passes', () => {
    const persons = [
      { employeeId: 'E1001', name: '张伟', share: cny(120_000), monthlyBonus: cny(240_000) },
      { employeeId: 'E1002', name: '刘洋', share: cny(80_000), monthlyBonus: cny(0) },
      { employeeId: 'E1003', name: '王芳', share: cny(50_000) },
      { employeeId: 'E1004', name: '陈静', share: cny(10_000), monthlyBonus: cny(1) }, // half a fen rounds down to nothing
      { employeeId: 'E1005', name: '赵磊', share: cny(0), monthlyBonus: cny(0) },
    ];
    const err = errorOf(() => throwIfShareNotDeductible({ persons }, settings));
    expect(err).toMatchObject({ code: 'AFTERSALES.DEDUCTION_NOT_POSSIBLE', type: 'invalid_data', pointer: '/persons/1/monthlyBonus' });
    expect(err.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/persons/1/monthlyBonus', '/persons/2/monthlyBonus', '/persons/3/monthlyBonus']);
    expect(err.localize('zh-CN')).toContain('刘洋（E1002）的月效率奖金不足以罚扣');
    expect(err.localize('zh-CN')).toContain('王芳（E1003）未填月效率奖金');
    expect(err.localize('en')).toContain('at most 50% a month');
    expect(() => throwIfShareNotDeductible({ persons: [persons[0], persons[4]] }, settings)).not.toThrow();
  });

  it('the notice’s figures show nothing deducted and the whole share carried over, rather than failing while it is drafted', () => {
    const figures = penaltyFigures(noticeData(cny(0)), settings, now) as { persons: any[]; totals: any };
    expect(figures.persons[1]).toMatchObject({ share: cny(120_000), deductedThisMonth: cny(0), carriedOver: cny(120_000) });
    expect(figures.totals).toMatchObject({ share: cny(300_000), deductedThisMonth: cny(120_000), carriedOver: cny(180_000) });
  });

  it('is never turned into one deduction of the whole share past the cap', () => {
    const data = noticeData(undefined);
    (data.persons as any[])[1].share = cny(120_000);
    const notice = { id: 'n1', kind: 'penalty-notice', number: '2611-001', data } as unknown as AftersalesDocument;
    expect(errorOf(() => penaltyDeductionsFor(notice, settings, now))).toMatchObject({ code: 'AFTERSALES.DEDUCTION_NOT_POSSIBLE', pointer: '/persons/1/monthlyBonus' });
  });

  it('through the engine: the GM cannot approve it; once the GM office enters the bonus it is approved and deducted under the cap', async () => {
    const { aftersales } = memoryEngine();
    const notice = await aftersales.documents.create('penalty-notice', { data: noticeData(cny(0)) }, gmOffice);
    await aftersales.documents.act(notice.id, 'submit', {}, gmOffice);
    await expect(aftersales.documents.act(notice.id, 'approve', {}, gm)).rejects.toMatchObject({ code: 'AFTERSALES.DEDUCTION_NOT_POSSIBLE', pointer: '/persons/1/monthlyBonus' });
    expect((await aftersales.documents.get(notice.id)).status).toBe('submitted');
    expect(await aftersales.documents.outbox(notice.id)).toEqual([]);

    await aftersales.documents.act(notice.id, 'reject', { comment: '请补填刘洋的效率奖金' }, gm);
    const persons = structuredClone((await aftersales.documents.get(notice.id)).data.persons) as any[];
    persons[1].monthlyBonus = cny(100_000);
    await aftersales.documents.act(notice.id, 'submit', { data: { persons } }, gmOffice);
    await aftersales.documents.act(notice.id, 'approve', {}, gm);
    const deductions = (await aftersales.documents.outbox(notice.id)).map((o) => [o.reference.slice(notice.number.length + 1), (o.payload.amount as { amount: number }).amount]);
    // 刘洋: 1,200 yuan at most 500 a month → 500, 500, 200. 张伟 also has his warning's 400 yuan.
    expect(deductions).toEqual([
      ['E1001/2026-11/admin', 40_000],
      ['E1001/2026-11', 120_000],
      ['E1001/2026-12', 60_000],
      ['E1002/2026-11', 50_000],
      ['E1002/2026-12', 50_000],
      ['E1002/2027-01', 20_000],
    ]);
    await aftersales.close();
  });
});

describe('a joint fault split by base points', () => {
  it('without percentages, shares the loss by base points and shows the percentages they give, to the fen', async () => {
    const { aftersales } = memoryEngine();
    const data = noticeData(cny(300_000)) as Record<string, any>;
    for (const p of data.persons) for (const f of ['responsibilityPercent', 'share', 'deductedThisMonth', 'carriedOver']) delete p[f];
    delete data.totals;
    const notice = await aftersales.documents.create('penalty-notice', { data }, gmOffice);
    // 12 and 8 base points of a 3,000-yuan loss.
    expect((notice.data.persons as any[]).map((p) => [p.share, p.responsibilityPercent])).toEqual([
      [cny(180_000), 60],
      [cny(120_000), 40],
    ]);
    expect((await aftersales.documents.act(notice.id, 'submit', {}, gmOffice)).status).toBe('submitted');
  });

  it('percentages that do not add up to 100 are refused, not replaced by base points', async () => {
    const { aftersales } = memoryEngine();
    const data = noticeData(cny(300_000)) as Record<string, any>;
    data.persons[0].responsibilityPercent = 60;
    data.persons[1].responsibilityPercent = 30;
    for (const p of data.persons) for (const f of ['share', 'deductedThisMonth', 'carriedOver']) delete p[f];
    delete data.totals;
    const refused = (await aftersales.documents.create('penalty-notice', { data }, gmOffice).catch((e: unknown) => e)) as { code: string; errors: { code: string }[] };
    expect(refused.code).toBe('AFTERSALES.INVALID_DOCUMENT');
    expect(refused.errors.map((e) => e.code)).toContain('AFTERSALES.RESPONSIBILITY_NOT_100');
  });

  it('rounds the shown percentages so they add up to exactly 100', async () => {
    const { percentsOfPoints } = await import('../../src/domain/service/penalty-shares.js');
    expect(percentsOfPoints([12, 8])).toEqual([60, 40]);
    expect(percentsOfPoints([1, 1, 1])).toEqual([33.34, 33.33, 33.33]);
    expect(percentsOfPoints([7, 3, 1]).reduce((a, b) => a + Math.round(b * 100), 0)).toBe(10_000);
  });
});

describe('administrative penalties (行政罚扣折算)', () => {
  it('deduct at least 400 yuan a warning, 800 yuan a minor demerit per count, the whole month’s bonus for a major demerit', async () => {
    const { administrativeDeductionOf, administrativeReason } = await import('../../src/domain/service/penalty-shares.js');
    const bonus = cny(300_000);
    expect(administrativeDeductionOf({ level: 'none', monthlyBonus: bonus }, settings)).toEqual(cny(0));
    expect(administrativeDeductionOf({ level: 'warning', monthlyBonus: bonus }, settings)).toEqual(cny(40_000));
    expect(administrativeDeductionOf({ level: 'minor-demerit', demeritCount: 2, monthlyBonus: bonus }, settings)).toEqual(cny(160_000));
    expect(administrativeDeductionOf({ level: 'major-demerit', monthlyBonus: bonus }, settings)).toEqual(bonus);
    expect(administrativeDeductionOf({ level: 'warning' }, settings)).toBeUndefined();
    expect(administrativeReason({ level: 'minor-demerit', demeritCount: 2 })).toBe('小过 ×2');
  });

  it('a major demerit takes the whole bonus in the payroll month: the share of the loss starts the month after, still at most half a bonus a month', async () => {
    const { aftersales } = memoryEngine();
    const data = noticeData(cny(300_000)) as Record<string, any>;
    data.persons[0].level = 'major-demerit';
    for (const p of data.persons) for (const f of ['share', 'deductedThisMonth', 'carriedOver']) delete p[f];
    delete data.totals;
    const notice = await aftersales.documents.create('penalty-notice', { data }, gmOffice);
    expect((notice.data.persons as any[])[0]).toMatchObject({ administrativeDeduction: cny(240_000), share: cny(180_000), deductedThisMonth: cny(0), carriedOver: cny(180_000) });
    await aftersales.documents.act(notice.id, 'submit', {}, gmOffice);
    await aftersales.documents.act(notice.id, 'approve', {}, gm);
    const e1001 = (await aftersales.documents.outbox(notice.id))
      .filter((o) => (o.payload as { employeeId: string }).employeeId === 'E1001')
      .map((o) => [(o.payload as { period: string }).period, (o.payload.amount as { amount: number }).amount, (o.payload as { kind: string }).kind]);
    expect(e1001).toEqual([
      ['2026-11', 240_000, 'administrative'],
      ['2026-12', 120_000, 'economic'],
      ['2027-01', 60_000, 'economic'],
    ]);

    // Another notice for him in November finds the month's bonus gone, and starts in December after the first one's share.
    const second = noticeData(cny(300_000)) as Record<string, any>;
    second.persons[0].level = 'none';
    for (const p of second.persons) for (const f of ['share', 'deductedThisMonth', 'carriedOver']) delete p[f];
    delete second.totals;
    const other = await aftersales.documents.create('penalty-notice', { data: second }, gmOffice);
    expect((other.data.persons as any[])[0]).toMatchObject({ administrativeDeduction: cny(0), deductedThisMonth: cny(0), carriedOver: cny(180_000) });
    await aftersales.close();
  });
});
