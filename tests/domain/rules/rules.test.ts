import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  COMPLAINT_CAUSES,
  administrativePenalty,
  checkServiceCategory,
  deductionSchedule,
  isComplaintCause,
  isMajorIncident,
  majorIncidentEscalation,
  partsWriteOff,
  personShare,
  reconcileReturn,
  returnToleranceFor,
  shareLossByBasePoints,
  splitLossByResponsibility,
} from '../../../src/domain/rules/index.js';
import { isAftersalesError } from '../../../src/domain/errors.js';
import { aftersalesSettingsSchema } from '../../../src/domain/settings.js';

const settings = aftersalesSettingsSchema.parse({});
const cny = (amount: number) => ({ amount, currency: 'CNY' });

function codeOf(fn: () => unknown): { code: string; pointer?: string } {
  try {
    fn();
  } catch (e) {
    if (isAftersalesError(e)) return { code: e.code, pointer: e.pointer };
    throw e;
  }
  throw new Error('expected an AftersalesError');
}

describe('checkServiceCategory', () => {
  it('lets paid and internal work through without dates', () => {
    expect(checkServiceCategory({ category: 'A', serviceDate: '2026-11-23' })).toEqual([]);
    expect(checkServiceCategory({ category: 'D', serviceDate: '2026-11-23' })).toEqual([]);
  });

  it('allows free service only while the warranty runs, its last day included', () => {
    expect(checkServiceCategory({ category: 'C', serviceDate: '2026-11-23', warrantyUntil: '2026-11-23' })).toEqual([]);
    const [expired] = checkServiceCategory({ category: 'C', serviceDate: '2026-11-23', warrantyUntil: '2026-11-22' });
    expect(expired).toMatchObject({ pointer: '/serviceCategory', code: 'AFTERSALES.WARRANTY_EXPIRED' });
    expect(expired!.message['zh-CN']).toContain('2026-11-22');
    expect(checkServiceCategory({ category: 'C', serviceDate: '2026-11-23' })[0]).toMatchObject({ pointer: '/serviceCategory', code: 'AFTERSALES.WARRANTY_UNKNOWN' });
  });

  it('allows contract service only under a running maintenance contract', () => {
    expect(checkServiceCategory({ category: 'B', serviceDate: '2026-11-23', contractUntil: '2027-06-30' })).toEqual([]);
    expect(checkServiceCategory({ category: 'B', serviceDate: '2026-11-23', contractUntil: '2026-10-31' })[0]).toMatchObject({ pointer: '/serviceCategory', code: 'AFTERSALES.CONTRACT_EXPIRED' });
    // A warranty does not make contract service valid.
    expect(checkServiceCategory({ category: 'B', serviceDate: '2026-11-23', warrantyUntil: '2027-06-30' })[0]).toMatchObject({ code: 'AFTERSALES.CONTRACT_UNKNOWN' });
  });
});

describe('major incidents', () => {
  it('escalates a loss of 20,000 yuan or more to the GM', () => {
    expect(isMajorIncident(cny(2_000_000), settings.rules.majorIncident.threshold)).toBe(true);
    expect(isMajorIncident(cny(1_999_999), settings.rules.majorIncident.threshold)).toBe(false);
    expect(majorIncidentEscalation(cny(2_500_000), settings)).toBe('gm');
    expect(majorIncidentEscalation(cny(1_999_999), settings)).toBeUndefined();
  });

  it('follows a configured threshold and refuses to compare currencies', () => {
    const strict = aftersalesSettingsSchema.parse({ rules: { majorIncident: { threshold: cny(500_000), escalateTo: 'vp' } } });
    expect(majorIncidentEscalation(cny(500_000), strict)).toBe('vp');
    expect(codeOf(() => isMajorIncident({ amount: 3_000_000, currency: 'USD' }, cny(2_000_000))).code).toBe('AFTERSALES.CURRENCY_MISMATCH');
  });
});

describe('reconcileReturn', () => {
  it('books the actual quantity up to the tolerance and holds beyond it', () => {
    expect(reconcileReturn({ approvedQuantity: 100, actualQuantity: 90, toleranceRatio: 0.05 })).toEqual({ decision: 'book-actual', bookedQuantity: 90 });
    expect(reconcileReturn({ approvedQuantity: 100, actualQuantity: 105, toleranceRatio: 0.05 })).toEqual({ decision: 'book-actual', bookedQuantity: 105 });
    expect(reconcileReturn({ approvedQuantity: 100, actualQuantity: 106, toleranceRatio: 0.05 })).toEqual({ decision: 'hold', excess: 6, allowedMaximum: 105 });
    expect(reconcileReturn({ approvedQuantity: 100, actualQuantity: 101, toleranceRatio: 0 })).toEqual({ decision: 'hold', excess: 1, allowedMaximum: 100 });
  });

  it('computes the allowed maximum without floating-point drift', () => {
    // In floating point 25 × 1.16 is 28.999999999999996 and 100 × 1.13 is 112.99999999999999: a naive floor would hold these returns.
    expect(reconcileReturn({ approvedQuantity: 25, actualQuantity: 29, toleranceRatio: 0.16 })).toEqual({ decision: 'book-actual', bookedQuantity: 29 });
    expect(reconcileReturn({ approvedQuantity: 100, actualQuantity: 113, toleranceRatio: 0.13 })).toEqual({ decision: 'book-actual', bookedQuantity: 113 });
    expect(reconcileReturn({ approvedQuantity: 100, actualQuantity: 114, toleranceRatio: 0.13 })).toEqual({ decision: 'hold', excess: 14, allowedMaximum: 113 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 100 }), (approved, percent) => {
        const r = reconcileReturn({ approvedQuantity: approved, actualQuantity: approved * 2 + 1, toleranceRatio: percent / 100 });
        expect(r).toMatchObject({ decision: 'hold', allowedMaximum: Math.floor((approved * (100 + percent)) / 100) });
      }),
      { numRuns: 300 },
    );
  });

  it('takes the order ratio before the company default, and refuses nonsense', () => {
    expect(returnToleranceFor(undefined, settings)).toBe(0.05);
    expect(returnToleranceFor(0.1, settings)).toBe(0.1);
    expect(codeOf(() => reconcileReturn({ approvedQuantity: 10, actualQuantity: 1.5, toleranceRatio: 0 }))).toEqual({ code: 'AFTERSALES.QUANTITY_INVALID', pointer: '/actualQuantity' });
    expect(codeOf(() => reconcileReturn({ approvedQuantity: 10, actualQuantity: 1, toleranceRatio: 1.2 }))).toEqual({ code: 'AFTERSALES.RATIO_OUT_OF_RANGE', pointer: '/toleranceRatio' });
  });
});

describe('administrativePenalty', () => {
  it('applies the minimums of 000: 400 per warning, 800 per minor demerit, the whole bonus for a major one', () => {
    expect(administrativePenalty({ level: 'warning', monthlyBonus: cny(300_000), settings })).toEqual(cny(40_000));
    expect(administrativePenalty({ level: 'warning', counts: 2, monthlyBonus: cny(300_000), settings })).toEqual(cny(80_000));
    expect(administrativePenalty({ level: 'minor-demerit', counts: 3, monthlyBonus: cny(300_000), settings })).toEqual(cny(240_000));
    expect(administrativePenalty({ level: 'major-demerit', monthlyBonus: cny(345_678), settings })).toEqual(cny(345_678));
  });

  it('follows configured minimums', () => {
    const custom = aftersalesSettingsSchema.parse({ rules: { penalties: { warningMinimum: cny(50_000) } } });
    expect(administrativePenalty({ level: 'warning', monthlyBonus: cny(300_000), settings: custom })).toEqual(cny(50_000));
    expect(codeOf(() => administrativePenalty({ level: 'warning', counts: 0, monthlyBonus: cny(1), settings })).code).toBe('AFTERSALES.PENALTY_COUNT_INVALID');
  });
});

describe('splitLossByResponsibility', () => {
  it('charges one person at fault the whole loss', () => {
    expect(splitLossByResponsibility(cny(123_456), [{ id: 'E1001', ratioPercent: 100 }])).toEqual([{ id: 'E1001', ratioPercent: 100, amount: cny(123_456) }]);
  });

  it('splits a joint fault by ratio to the fen', () => {
    const shares = splitLossByResponsibility(cny(100_001), [
      { id: 'A', ratioPercent: 33.4 },
      { id: 'B', ratioPercent: 33.3 },
      { id: 'C', ratioPercent: 33.3 },
    ]);
    expect(shares.map((s) => s.amount.amount)).toEqual([33_401, 33_300, 33_300]);
  });

  it('refuses ratios that do not add up to 100 with the pointer of the list', () => {
    const e = codeOf(() => splitLossByResponsibility(cny(1_000), [{ id: 'A', ratioPercent: 60 }, { id: 'B', ratioPercent: 30 }], '/responsibility'));
    expect(e).toEqual({ code: 'AFTERSALES.RESPONSIBILITY_RATIOS_NOT_100', pointer: '/responsibility' });
    expect(codeOf(() => splitLossByResponsibility(cny(1_000), [{ id: 'A', ratioPercent: 110 }, { id: 'B', ratioPercent: -10 }]))).toEqual({ code: 'AFTERSALES.RESPONSIBILITY_RATIO_INVALID', pointer: '/parties/1/ratioPercent' });
    expect(codeOf(() => splitLossByResponsibility(cny(1_000), [])).code).toBe('AFTERSALES.RESPONSIBILITY_PARTIES_MISSING');
  });

  it('always adds up to the whole loss', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 2, maxLength: 8 }), (loss, weights) => {
        // Whole percents that sum to exactly 100: scale the weights with allocate itself.
        const sum = weights.reduce((a, b) => a + b, 0);
        const percents = weights.map((w, i) => (i === weights.length - 1 ? 0 : Math.floor((w * 100) / sum)));
        percents[percents.length - 1] = 100 - percents.reduce((a, b) => a + b, 0);
        const shares = splitLossByResponsibility(cny(loss), percents.map((p, i) => ({ id: `P${i}`, ratioPercent: p })));
        expect(shares.reduce((a, s) => a + s.amount.amount, 0)).toBe(loss);
        shares.forEach((s, i) => expect(Math.abs(s.amount.amount - (loss * percents[i]!) / 100)).toBeLessThanOrEqual(1));
      }),
      { numRuns: 300 },
    );
  });
});

describe('personShare', () => {
  it('divides the loss by the unit base points and multiplies by the person’s, rounded half up', () => {
    expect(personShare({ loss: cny(1_000_000), unitBasePoints: 30, personBasePoints: 4 })).toEqual(cny(133_333));
    expect(personShare({ loss: cny(1_000_000), unitBasePoints: 30, personBasePoints: 5 })).toEqual(cny(166_667));
    expect(personShare({ loss: cny(1), unitBasePoints: 2, personBasePoints: 1 })).toEqual(cny(1)); // 0.5 fen rounds up
    expect(personShare({ loss: cny(100_000), unitBasePoints: 12.5, personBasePoints: 2.5 })).toEqual(cny(20_000));
  });

  it('shares a whole unit so that the shares add up exactly', () => {
    const shares = shareLossByBasePoints(cny(1_000_000), [
      { id: 'A', basePoints: 4 },
      { id: 'B', basePoints: 5 },
      { id: 'C', basePoints: 21 },
    ]);
    expect(shares.map((s) => s.amount.amount)).toEqual([133_333, 166_667, 700_000]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 30 }), (loss, points) => {
        const s = shareLossByBasePoints(cny(loss), points.map((p, i) => ({ id: `E${i}`, basePoints: p })));
        expect(s.reduce((a, x) => a + x.amount.amount, 0)).toBe(loss);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a person with more base points than the unit', () => {
    expect(codeOf(() => personShare({ loss: cny(100), unitBasePoints: 3, personBasePoints: 4 }))).toEqual({ code: 'AFTERSALES.BASE_POINTS_INVALID', pointer: '/personBasePoints' });
  });
});

describe('deductionSchedule', () => {
  it('deducts 600 now and 400 next month from a 1,000-yuan penalty on a 1,200-yuan bonus (000)', () => {
    expect(deductionSchedule({ total: cny(100_000), monthlyBonus: cny(120_000), startMonth: '2026-12' })).toEqual([
      { month: '2026-12', amount: cny(60_000) },
      { month: '2027-01', amount: cny(40_000) },
    ]);
  });

  it('follows a bonus that changes from month to month and skips a month without bonus', () => {
    const bonus = (month: string) => cny(month === '2027-01' ? 0 : month === '2027-02' ? 50_000 : 120_000);
    expect(deductionSchedule({ total: cny(100_000), monthlyBonus: bonus, startMonth: '2026-12' })).toEqual([
      { month: '2026-12', amount: cny(60_000) },
      { month: '2027-02', amount: cny(25_000) },
      { month: '2027-03', amount: cny(15_000) },
    ]);
  });

  it('shares the cap with the person’s other penalties: a month they fill is skipped, a month they half fill gives the rest', () => {
    const taken = (month: string) => (month === '2026-12' ? 60_000 : month === '2027-01' ? 20_000 : 0);
    expect(deductionSchedule({ total: cny(100_000), monthlyBonus: cny(120_000), startMonth: '2026-12', taken })).toEqual([
      { month: '2027-01', amount: cny(40_000) },
      { month: '2027-02', amount: cny(60_000) },
    ]);
  });

  it('uses the configured cap and refuses a bonus that leaves no room', () => {
    const custom = aftersalesSettingsSchema.parse({ rules: { penalties: { monthlyDeductionCapRatio: 0.3 } } });
    expect(deductionSchedule({ total: cny(100_000), monthlyBonus: cny(120_000), startMonth: '2026-12', settings: custom }).map((i) => i.amount.amount)).toEqual([36_000, 36_000, 28_000]);
    expect(codeOf(() => deductionSchedule({ total: cny(100), monthlyBonus: cny(0), startMonth: '2026-12' })).code).toBe('AFTERSALES.DEDUCTION_NOT_POSSIBLE');
    expect(codeOf(() => deductionSchedule({ total: cny(100), monthlyBonus: cny(100), startMonth: '2026-13' })).code).toBe('AFTERSALES.MONTH_INVALID');
  });

  it('never deducts more than cap × bonus in a month and always deducts the whole total', () => {
    fc.assert(
      fc.property(
        // Totals up to about three years of deductions, so the plans stay short enough to check quickly.
        fc.integer({ min: 1_000, max: 5_000_000 }).chain((bonus) =>
          fc.integer({ min: 1, max: 100 }).chain((capPercent) =>
            fc.tuple(fc.integer({ min: 0, max: Math.floor((bonus * capPercent) / 100) * 36 + 99 }), fc.constant(bonus), fc.constant(capPercent)),
          ),
        ),
        ([total, bonus, capPercent]) => {
          const capRatio = capPercent / 100;
          const plan = deductionSchedule({ total: cny(total), monthlyBonus: cny(bonus), capRatio, startMonth: '2026-11' });
          expect(plan.reduce((a, i) => a + i.amount.amount, 0)).toBe(total);
          for (const i of plan) {
            expect(Number.isSafeInteger(i.amount.amount)).toBe(true);
            expect(i.amount.amount).toBeGreaterThan(0);
            expect(i.amount.amount * 100).toBeLessThanOrEqual(bonus * capPercent);
          }
          // Consecutive months from the start month, each full except the last.
          plan.forEach((i, k) => k < plan.length - 1 && expect(i.amount.amount).toBe(Math.floor((bonus * capPercent) / 100)));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('partsWriteOff', () => {
  it('splits 70/10/10/10 to the fen', () => {
    const r = partsWriteOff({ amount: cny(12_345), humanFault: false, settings });
    expect(r.writtenOff).toBe(true);
    expect(r.shares).toEqual([
      { bearer: 'company', amount: cny(8_642) },
      { bearer: 'service-manager', amount: cny(1_235) },
      { bearer: 'parts-manager', amount: cny(1_234) },
      { bearer: 'warehouse-keeper', amount: cny(1_234) },
    ]);
  });

  it('charges damage by human fault in full to the person at fault', () => {
    expect(partsWriteOff({ amount: cny(12_345), humanFault: true, settings })).toEqual({ writtenOff: false, shares: [{ bearer: 'person-at-fault', amount: cny(12_345) }] });
  });

  it('follows configured percentages and always sums to the amount', () => {
    const custom = aftersalesSettingsSchema.parse({ rules: { partsWriteOffPercent: { company: 55, serviceManager: 15, partsManager: 15, warehouseKeeper: 15 } } });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e13 }), (amount) => {
        const r = partsWriteOff({ amount: cny(amount), humanFault: false, settings: custom });
        expect(r.shares.reduce((a, s) => a + s.amount.amount, 0)).toBe(amount);
      }),
      { numRuns: 200 },
    );
  });
});

describe('COMPLAINT_CAUSES', () => {
  it('lists the fifteen causes of 000 in order with unique ids', () => {
    expect(COMPLAINT_CAUSES).toHaveLength(15);
    expect(COMPLAINT_CAUSES.map((c) => c.number)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(new Set(COMPLAINT_CAUSES.map((c) => c.id)).size).toBe(15);
    expect(COMPLAINT_CAUSES[8]!.name['zh-CN']).toBe('交货延迟');
    expect(COMPLAINT_CAUSES[9]!.name['zh-CN']).toBe('装运错误');
    expect(COMPLAINT_CAUSES[14]).toMatchObject({ id: 'other', name: { 'zh-CN': '其他' } });
    expect(isComplaintCause('delivery-delay')).toBe(true);
    expect(isComplaintCause('bad-luck')).toBe(false);
  });
});
