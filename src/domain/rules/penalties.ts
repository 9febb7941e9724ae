/**
 * The penalty rules of 000 (客户投诉行政处罚准则, 客户投诉经济处罚准则): administrative penalty
 * minimums, sharing a loss by responsibility and by base points, and deducting it from the
 * monthly bonus in instalments capped at a share of the bonus.
 */
import { AftersalesError } from '../errors.js';
import { allocate, assertSameCurrency, money, type Money } from '../money.js';
import type { AftersalesSettings } from '../settings.js';
import { floorTimes, ratioOf, roundHalfUpTimes, sameRatio, sumRatios } from './exact-ratio.js';

/**
 * 警告 warning, 小过 minor demerit, 大过 major demerit (or worse).
 *
 * @example
 * const level: AdministrativePenaltyLevel = 'minor-demerit';
 */
export type AdministrativePenaltyLevel = 'warning' | 'minor-demerit' | 'major-demerit';

function invalid(code: string, pointer: string, zh: string, en: string, details?: Record<string, unknown>): AftersalesError {
  return new AftersalesError({ code, type: 'invalid_data', pointer, message: { 'zh-CN': zh, en }, details });
}

function assertAmountNotNegative(m: Money, pointer: string): void {
  money(m.amount, m.currency, pointer);
  if (m.amount < 0) throw invalid('AFTERSALES.AMOUNT_NEGATIVE', pointer, '金额不能为负数', 'The amount must not be negative');
}

/**
 * The least an administrative penalty deducts (000 行政罚扣折算): a warning at least 400 yuan
 * each, a minor demerit at least 800 yuan per count, a major demerit or worse the whole month's
 * performance bonus. The GM office may set more; this is the floor.
 *
 * @example
 * administrativePenalty({ level: 'minor-demerit', counts: 2, monthlyBonus: { amount: 300_000, currency: 'CNY' }, settings });
 * // { amount: 160_000, currency: 'CNY' } — 1,600 yuan
 */
export function administrativePenalty(input: {
  level: AdministrativePenaltyLevel;
  /** How many warnings or demerits; 1 when omitted. */
  counts?: number;
  monthlyBonus: Money;
  settings: Pick<AftersalesSettings, 'rules'>;
}): Money {
  const counts = input.counts ?? 1;
  if (!Number.isSafeInteger(counts) || counts < 1) {
    throw invalid('AFTERSALES.PENALTY_COUNT_INVALID', '/counts', `处分次数必须是正整数，收到 ${counts}`, `The number of penalties must be a whole number ≥ 1, got ${counts}`);
  }
  assertAmountNotNegative(input.monthlyBonus, '/monthlyBonus');
  const { warningMinimum, minorDemeritMinimumPerCount } = input.settings.rules.penalties;
  if (input.level === 'major-demerit') return { ...input.monthlyBonus };
  const unit = input.level === 'warning' ? warningMinimum : minorDemeritMinimumPerCount;
  assertSameCurrency(unit.currency, input.monthlyBonus.currency, '/monthlyBonus/currency');
  return money(unit.amount * counts, unit.currency);
}

/**
 * One party's responsibility for a loss, in percent.
 *
 * @example
 * const p: ResponsibleParty = { id: 'E1001', ratioPercent: 60 };
 */
export interface ResponsibleParty {
  id: string;
  ratioPercent: number;
}

/**
 * Shares a loss among those responsible (000 行政处罚准则 (二)): one person at fault bears the
 * whole loss; joint fault splits it by responsibility ratios, which must add up to exactly 100.
 * The shares add up to the loss to the fen (largest remainder).
 *
 * @example
 * splitLossByResponsibility({ amount: 100_000, currency: 'CNY' }, [{ id: 'A', ratioPercent: 60 }, { id: 'B', ratioPercent: 40 }]);
 * // [{ id: 'A', ratioPercent: 60, amount: { amount: 60_000, … } }, { id: 'B', ratioPercent: 40, amount: { amount: 40_000, … } }]
 */
export function splitLossByResponsibility(
  loss: Money,
  parties: ResponsibleParty[],
  pointer = '/parties',
): (ResponsibleParty & { amount: Money })[] {
  assertAmountNotNegative(loss, '/loss');
  if (parties.length === 0) {
    throw invalid('AFTERSALES.RESPONSIBILITY_PARTIES_MISSING', pointer, '至少需要一名责任人或责任单位', 'At least one responsible person or unit is needed');
  }
  const ids = new Set<string>();
  parties.forEach((p, i) => {
    if (ids.has(p.id)) throw invalid('AFTERSALES.RESPONSIBILITY_PARTY_DUPLICATE', `${pointer}/${i}/id`, `责任人“${p.id}”重复`, `Responsible party "${p.id}" is listed twice`);
    ids.add(p.id);
  });
  if (parties.length === 1) return [{ ...parties[0]!, amount: { ...loss } }];
  parties.forEach((p, i) => {
    if (!Number.isFinite(p.ratioPercent) || p.ratioPercent < 0) {
      throw invalid('AFTERSALES.RESPONSIBILITY_RATIO_INVALID', `${pointer}/${i}/ratioPercent`, `责任比例必须是非负数，收到 ${p.ratioPercent}`, `A responsibility ratio must be a non-negative number, got ${p.ratioPercent}`);
    }
  });
  const sum = sumRatios(parties.map((p) => ratioOf(p.ratioPercent)));
  if (!sameRatio(sum, { num: 100n, den: 1n })) {
    const shown = Number(sum.num) / Number(sum.den);
    throw invalid(
      'AFTERSALES.RESPONSIBILITY_RATIOS_NOT_100',
      pointer,
      `共同过失的责任比例合计必须为 100%，现为 ${shown}%`,
      `Responsibility ratios of a joint fault must add up to 100%, they add up to ${shown}%`,
      { sumPercent: shown },
    );
  }
  const parts = allocate(loss.amount, parties.map((p) => p.ratioPercent));
  return parties.map((p, i) => ({ ...p, amount: { amount: parts[i]!, currency: loss.currency } }));
}

/**
 * A person's share of a unit's penalty (000 经济处罚准则 (三)3): loss ÷ the unit's total base
 * points × the person's base points, rounded half up to the fen. Rounded shares of a whole unit
 * can differ from the loss by a fen or two; use {@link shareLossByBasePoints} when the shares
 * must add up exactly.
 *
 * @example
 * personShare({ loss: { amount: 1_000_000, currency: 'CNY' }, unitBasePoints: 30, personBasePoints: 4 });
 * // { amount: 133_333, currency: 'CNY' } — 10,000 ÷ 30 × 4 = 1,333.33 yuan
 */
export function personShare(input: { loss: Money; unitBasePoints: number; personBasePoints: number }): Money {
  const { loss, unitBasePoints, personBasePoints } = input;
  assertAmountNotNegative(loss, '/loss');
  if (!Number.isFinite(unitBasePoints) || unitBasePoints <= 0) {
    throw invalid('AFTERSALES.BASE_POINTS_INVALID', '/unitBasePoints', `单位总基点数必须大于 0，收到 ${unitBasePoints}`, `The unit's total base points must be above 0, got ${unitBasePoints}`);
  }
  if (!Number.isFinite(personBasePoints) || personBasePoints < 0 || personBasePoints > unitBasePoints) {
    throw invalid('AFTERSALES.BASE_POINTS_INVALID', '/personBasePoints', `个人基点数必须在 0 与单位总基点数之间，收到 ${personBasePoints}`, `A person's base points must lie between 0 and the unit's total, got ${personBasePoints}`);
  }
  return { amount: roundHalfUpTimes(loss.amount, ratioOf(personBasePoints), ratioOf(unitBasePoints)), currency: loss.currency };
}

/**
 * Shares a unit's loss among all its members by base points so the shares add up to the loss to
 * the fen (largest remainder); each share is within a fen of {@link personShare}.
 *
 * @example
 * shareLossByBasePoints({ amount: 100, currency: 'CNY' }, [{ id: 'A', basePoints: 1 }, { id: 'B', basePoints: 1 }, { id: 'C', basePoints: 1 }]);
 * // amounts 34, 33, 33
 */
export function shareLossByBasePoints(loss: Money, members: { id: string; basePoints: number }[]): { id: string; basePoints: number; amount: Money }[] {
  assertAmountNotNegative(loss, '/loss');
  if (members.length === 0 || members.some((m) => !Number.isFinite(m.basePoints) || m.basePoints < 0) || !members.some((m) => m.basePoints > 0)) {
    throw invalid('AFTERSALES.BASE_POINTS_INVALID', '/members', '基点数必须非负且合计大于 0', 'Base points must be non-negative and add up to more than 0');
  }
  const parts = allocate(loss.amount, members.map((m) => m.basePoints));
  return members.map((m, i) => ({ ...m, amount: { amount: parts[i]!, currency: loss.currency } }));
}

/**
 * One month's payroll deduction.
 *
 * @example
 * const i: Instalment = { month: '2026-11', amount: { amount: 60_000, currency: 'CNY' } };
 */
export interface Instalment {
  /** Payroll month, `YYYY-MM`. */
  month: string;
  amount: Money;
}

/** Months searched for room under the cap before giving up (a bonus of zero for 100 years). */
const MAX_MONTHS = 1_200;

/**
 * The month `n` months after a `YYYY-MM` month.
 *
 * @example
 * addMonthsToMonth('2026-12', 1); // '2027-01'
 */
export function addMonthsToMonth(month: string, n: number): string {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw invalid('AFTERSALES.MONTH_INVALID', '/startMonth', `月份“${month}”无效，应为 YYYY-MM`, `Month "${month}" is not YYYY-MM`);
  const index = Number(m[1]) * 12 + Number(m[2]) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * Spreads a penalty over payroll months (000 经济处罚准则 (三)4): each month deducts at most
 * cap × that month's efficiency bonus (rounded down to the fen), the rest carries to the following
 * months. The instalments add up exactly to the total. `monthlyBonus` may be a function giving
 * each month's bonus; a month whose bonus leaves no room is skipped, as is a month other
 * penalties (`taken`) already fill up to the cap.
 *
 * @example
 * deductionSchedule({ total: { amount: 100_000, currency: 'CNY' }, monthlyBonus: { amount: 120_000, currency: 'CNY' }, startMonth: '2026-11' });
 * // [{ month: '2026-11', amount: 60_000 }, { month: '2026-12', amount: 40_000 }] — 600 yuan now, 400 next month
 */
export function deductionSchedule(input: {
  total: Money;
  monthlyBonus: Money | ((month: string) => Money);
  /** Share of the monthly bonus deductible per month; defaults to the settings' cap, else 0.5. */
  capRatio?: number;
  startMonth: string;
  settings?: Pick<AftersalesSettings, 'rules'>;
  /**
   * Minor units other penalties already deduct from the same person in a month: the cap covers
   * all of a person's penalties together, so this one gets only the room they leave.
   */
  taken?: (month: string) => number;
}): Instalment[] {
  const { total, startMonth } = input;
  assertAmountNotNegative(total, '/total');
  addMonthsToMonth(startMonth, 0);
  const capRatio = input.capRatio ?? input.settings?.rules.penalties.monthlyDeductionCapRatio ?? 0.5;
  if (!(capRatio > 0 && capRatio <= 1)) {
    throw invalid('AFTERSALES.RATIO_OUT_OF_RANGE', '/capRatio', `每月罚扣上限比例必须大于 0 且不超过 1，收到 ${capRatio}`, `The monthly deduction cap must be above 0 and at most 1, got ${capRatio}`);
  }
  const cap = ratioOf(capRatio);
  const bonusOf = typeof input.monthlyBonus === 'function' ? input.monthlyBonus : (() => input.monthlyBonus) as (month: string) => Money;
  const instalments: Instalment[] = [];
  let left = total.amount;
  for (let k = 0; left > 0; k++) {
    const month = addMonthsToMonth(startMonth, k);
    const bonus = bonusOf(month);
    assertAmountNotNegative(bonus, '/monthlyBonus');
    assertSameCurrency(total.currency, bonus.currency, '/monthlyBonus/currency');
    const capRoom = floorTimes(bonus.amount, cap);
    const room = capRoom - (input.taken?.(month) ?? 0);
    if (room > 0) {
      const amount = Math.min(room, left);
      instalments.push({ month, amount: { amount, currency: total.currency } });
      left -= amount;
    } else if ((capRoom <= 0 && typeof input.monthlyBonus !== 'function') || k >= MAX_MONTHS) {
      throw invalid(
        'AFTERSALES.DEDUCTION_NOT_POSSIBLE',
        '/monthlyBonus',
        '月效益奖金为零或过低，无法按上限比例分期罚扣',
        'The monthly bonus is zero or too small to deduct anything under the cap',
        { leftToDeduct: left, month },
      );
    }
  }
  return instalments;
}
