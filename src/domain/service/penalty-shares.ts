/**
 * The penalty notice's figures, computed by the engine rather than typed (000 客户投诉经济处罚准则):
 * each person's share of the loss, what is deducted in the payroll month under the 50 % cap,
 * what carries over, and the totals.
 */
import type { Money } from '../money.js';
import { deductionSchedule, shareLossByBasePoints, splitLossByResponsibility } from '../rules/penalties.js';
import type { AftersalesSettings } from '../settings.js';
import { numberingPeriodOf } from '../numbering/document-number.js';

interface Person {
  employeeId?: string;
  basePoints?: number;
  responsibilityPercent?: number;
  monthlyBonus?: Money;
  [k: string]: unknown;
}

const isMoney = (v: unknown): v is Money => !!v && typeof v === 'object' && Number.isSafeInteger((v as Money).amount) && typeof (v as Money).currency === 'string';

/**
 * The persons' shares, this month's deductions, carry-overs and totals of a penalty notice;
 * `undefined` while the notice lacks the loss, a person's bonus or the basis of the split.
 * Responsibility percentages that add up to 100 split the loss; otherwise base points do.
 *
 * @example
 * penaltyFigures({ loss: cny(300_000), payrollPeriod: '2026-11', persons: [{ employeeId: 'E1001', responsibilityPercent: 60, basePoints: 12, monthlyBonus: cny(240_000) }, …] }, settings, now);
 * // persons[0]: share ¥1,800, deductedThisMonth ¥1,200, carriedOver ¥600
 */
export function penaltyFigures(data: Record<string, unknown>, settings: AftersalesSettings, now: Date): Record<string, unknown> | undefined {
  const loss = data.loss;
  const persons = data.persons as Person[] | undefined;
  if (!isMoney(loss) || !Array.isArray(persons) || persons.length === 0) return undefined;
  if (persons.some((p) => !isMoney(p.monthlyBonus) || typeof p.employeeId !== 'string')) return undefined;
  const percentSum = persons.reduce((s, p) => s + (typeof p.responsibilityPercent === 'number' ? p.responsibilityPercent : 0), 0);
  let shares: Money[];
  if (persons.length === 1) {
    shares = [{ ...loss }];
  } else if (Math.abs(percentSum - 100) < 1e-9) {
    shares = splitLossByResponsibility(loss, persons.map((p, i) => ({ id: String(i), ratioPercent: p.responsibilityPercent ?? 0 })), '/persons').map((s) => s.amount);
  } else if (persons.every((p) => typeof p.basePoints === 'number')) {
    shares = shareLossByBasePoints(loss, persons.map((p, i) => ({ id: String(i), basePoints: p.basePoints! }))).map((s) => s.amount);
  } else {
    return undefined;
  }
  const { year, month } = numberingPeriodOf(now, settings.calendar.timeZone);
  const period = typeof data.payrollPeriod === 'string' ? data.payrollPeriod : `${year}-${String(month).padStart(2, '0')}`;
  const figures = persons.map((p, i) => {
    const share = shares[i]!;
    const first = share.amount > 0 ? deductionSchedule({ total: share, monthlyBonus: p.monthlyBonus!, startMonth: period, settings })[0] : undefined;
    const deducted = first && first.month === period ? first.amount.amount : 0;
    return {
      ...p,
      responsibilityPercent: p.responsibilityPercent ?? 0,
      share,
      deductedThisMonth: { amount: deducted, currency: share.currency },
      carriedOver: { amount: share.amount - deducted, currency: share.currency },
    };
  });
  const sum = (f: 'share' | 'deductedThisMonth' | 'carriedOver'): Money => ({ amount: figures.reduce((s, p) => s + p[f].amount, 0), currency: loss.currency });
  return { payrollPeriod: period, persons: figures, totals: { share: sum('share'), deductedThisMonth: sum('deductedThisMonth'), carriedOver: sum('carriedOver') } };
}
