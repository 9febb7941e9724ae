/**
 * The penalty notice's figures, computed by the engine rather than typed (000 客户投诉经济处罚准则):
 * each person's share of the loss, what is deducted in the payroll month under the 50 % cap,
 * what carries over, and the totals.
 */
import { AftersalesError, type FieldError } from '../errors.js';
import { formatMoney, type Money } from '../money.js';
import { floorTimes, ratioOf } from '../rules/exact-ratio.js';
import { administrativePenalty, deductionSchedule, shareLossByBasePoints, splitLossByResponsibility, type AdministrativePenaltyLevel } from '../rules/penalties.js';
import type { AftersalesSettings } from '../settings.js';
import { numberingPeriodOf } from '../numbering/document-number.js';

interface Person {
  employeeId?: string;
  name?: string;
  basePoints?: number;
  responsibilityPercent?: number;
  monthlyBonus?: Money;
  level?: string;
  demeritCount?: number;
  [k: string]: unknown;
}

// Only well-formed sums are computed on; anything else is left for validation to report with every other error.
const isMoney = (v: unknown): v is Money =>
  !!v && typeof v === 'object' && Number.isSafeInteger((v as Money).amount) && typeof (v as Money).currency === 'string' && /^[A-Z]{3}$/.test((v as Money).currency);
const isPerson = (p: unknown): p is Person => !!p && typeof p === 'object' && !Array.isArray(p);
const isOptionalNumber = (n: unknown) => n === undefined || (typeof n === 'number' && Number.isFinite(n) && n >= 0);

/**
 * Minor units other penalty notices already deduct from an employee in a payroll month: shares
 * of losses (under the 50 % cap together) and administrative deductions (outside it).
 *
 * @example
 * const taken: PenaltyTaken = (employeeId, month) => ({ economic: employeeId === 'E1001' && month === '2026-11' ? 100_000 : 0, administrative: 0 });
 */
export type PenaltyTaken = (employeeId: string, month: string) => { economic: number; administrative: number };

const LEVEL_NAMES: Record<AdministrativePenaltyLevel, string> = { warning: '警告', 'minor-demerit': '小过', 'major-demerit': '大过' };

const isLevel = (v: unknown): v is AdministrativePenaltyLevel => v === 'warning' || v === 'minor-demerit' || v === 'major-demerit';
const countsOf = (p: { demeritCount?: unknown }): number => (typeof p.demeritCount === 'number' && Number.isSafeInteger(p.demeritCount) && p.demeritCount >= 1 ? p.demeritCount : 1);

/**
 * What a person's administrative penalty deducts in the payroll month (000 行政罚扣折算): at
 * least 400 yuan a warning, 800 yuan a minor demerit, the whole month's bonus for a major
 * demerit; zero without one. Undefined while the bonus is missing.
 *
 * @example
 * administrativeDeductionOf({ level: 'minor-demerit', demeritCount: 2, monthlyBonus: cny(300_000) }, settings); // cny(160_000)
 */
export function administrativeDeductionOf(person: { level?: unknown; demeritCount?: unknown; monthlyBonus?: unknown }, settings: Pick<AftersalesSettings, 'rules'>): Money | undefined {
  // A bonus that is no sum of money is validation's to report, with its pointer.
  if (!isMoney(person.monthlyBonus) || person.monthlyBonus.amount < 0) return undefined;
  if (!isLevel(person.level)) return { amount: 0, currency: person.monthlyBonus.currency };
  return administrativePenalty({ level: person.level, counts: countsOf(person), monthlyBonus: person.monthlyBonus, settings });
}

/**
 * The reason a payroll deduction gives for an administrative penalty.
 *
 * @example
 * administrativeReason({ level: 'minor-demerit', demeritCount: 2 }); // '小过 ×2'
 */
export function administrativeReason(person: { level?: unknown; demeritCount?: unknown }): string {
  return `${isLevel(person.level) ? LEVEL_NAMES[person.level] : String(person.level)} ×${countsOf(person)}`;
}

/**
 * The part of one person's bonus a month's share of a loss may not use: the other notices'
 * shares (the 50 % cap holds across them), and what the administrative deductions (this
 * notice's in its payroll month, the others') leave of the bonus below the cap.
 *
 * @example
 * economicTaken({ employeeId: 'E1001', monthlyBonus: cny(240_000) }, '2026-11', cny(240_000), undefined, settings)('2026-11'); // 120_000: a major demerit leaves no room
 */
export function economicTaken(
  person: { employeeId?: string; monthlyBonus?: Money },
  period: string,
  ownAdministrative: Money,
  taken: PenaltyTaken | undefined,
  settings: Pick<AftersalesSettings, 'rules'>,
): (month: string) => number {
  const bonus = person.monthlyBonus!;
  const capRoom = monthlyRoom(bonus, settings);
  return (month) => {
    const other = taken?.(person.employeeId!, month) ?? { economic: 0, administrative: 0 };
    const administrative = other.administrative + (month === period ? ownAdministrative.amount : 0);
    // The share may use min(cap − the other shares, bonus − the administrative deductions).
    return Math.max(other.economic, capRoom - (bonus.amount - administrative));
  };
}

/**
 * The persons' shares, this month's deductions, carry-overs and totals of a penalty notice;
 * `undefined` while the notice lacks the loss, a person's bonus or the basis of the split.
 * Responsibility percentages that add up to 100 split the loss; otherwise base points do. With
 * `taken`, a month's cap is shared with the person's other penalties.
 *
 * @example
 * penaltyFigures({ loss: cny(300_000), payrollPeriod: '2026-11', persons: [{ employeeId: 'E1001', responsibilityPercent: 60, basePoints: 12, monthlyBonus: cny(240_000) }, …] }, settings, now);
 * // persons[0]: share ¥1,800, deductedThisMonth ¥1,200, carriedOver ¥600
 */
export function penaltyFigures(data: Record<string, unknown>, settings: AftersalesSettings, now: Date, taken?: PenaltyTaken): Record<string, unknown> | undefined {
  const loss = data.loss;
  const persons = data.persons as Person[] | undefined;
  if (!isMoney(loss) || !Array.isArray(persons) || persons.length === 0) return undefined;
  if (persons.some((p) => !isPerson(p) || !isMoney(p.monthlyBonus) || typeof p.employeeId !== 'string')) return undefined;
  if (persons.some((p) => !isOptionalNumber(p.responsibilityPercent) || !isOptionalNumber(p.basePoints) || p.monthlyBonus!.currency !== loss.currency)) return undefined;
  if (loss.amount < 0 || persons.some((p) => p.monthlyBonus!.amount < 0)) return undefined;
  const percentSum = persons.reduce((s, p) => s + (typeof p.responsibilityPercent === 'number' ? p.responsibilityPercent : 0), 0);
  let shares: Money[];
  let percents: number[] | undefined;
  if (persons.length === 1) {
    shares = [{ ...loss }];
  } else if (Math.abs(percentSum - 100) < 1e-9) {
    shares = splitLossByResponsibility(loss, persons.map((p, i) => ({ id: String(i), ratioPercent: p.responsibilityPercent ?? 0 })), '/persons').map((s) => s.amount);
  } else if (persons.every((p) => !p.responsibilityPercent) && persons.every((p) => typeof p.basePoints === 'number' && p.basePoints > 0)) {
    // No percentages given: the loss is split by base points (000 经济处罚准则 (三)3), and the percentages shown are theirs.
    shares = shareLossByBasePoints(loss, persons.map((p, i) => ({ id: String(i), basePoints: p.basePoints! }))).map((s) => s.amount);
    percents = percentsOfPoints(persons.map((p) => p.basePoints!));
  } else {
    // Percentages that do not add up to 100 are the clerk's to correct; validation says so.
    return undefined;
  }
  const { year, month } = numberingPeriodOf(now, settings.calendar.timeZone);
  const period = typeof data.payrollPeriod === 'string' ? data.payrollPeriod : `${year}-${String(month).padStart(2, '0')}`;
  const figures = persons.map((p, i) => {
    const share = shares[i]!;
    const administrativeDeduction = administrativeDeductionOf(p, settings)!;
    // Nothing can be deducted from a bonus with no room under the cap; approval refuses it (throwIfShareNotDeductible).
    const first =
      share.amount > 0 && monthlyRoom(p.monthlyBonus!, settings) > 0
        ? deductionSchedule({ total: share, monthlyBonus: p.monthlyBonus!, startMonth: period, settings, taken: economicTaken(p, period, administrativeDeduction, taken, settings) })[0]
        : undefined;
    const deducted = first && first.month === period ? first.amount.amount : 0;
    return {
      ...p,
      responsibilityPercent: percents ? percents[i]! : (p.responsibilityPercent ?? 0),
      share,
      administrativeDeduction,
      deductedThisMonth: { amount: deducted, currency: share.currency },
      carriedOver: { amount: share.amount - deducted, currency: share.currency },
    };
  });
  const sum = (f: 'share' | 'administrativeDeduction' | 'deductedThisMonth' | 'carriedOver'): Money => ({ amount: figures.reduce((s, p) => s + p[f].amount, 0), currency: loss.currency });
  return {
    payrollPeriod: period,
    persons: figures,
    totals: { share: sum('share'), administrativeDeduction: sum('administrativeDeduction'), deductedThisMonth: sum('deductedThisMonth'), carriedOver: sum('carriedOver') },
  };
}

/**
 * What the cap lets payroll deduct from one month's efficiency bonus, in minor units.
 *
 * @example
 * monthlyRoom(cny(240_000), settings); // 120_000 (half the bonus)
 */
export function monthlyRoom(monthlyBonus: Money, settings: Pick<AftersalesSettings, 'rules'>): number {
  return floorTimes(Math.max(0, monthlyBonus.amount), ratioOf(settings.rules.penalties.monthlyDeductionCapRatio));
}

/**
 * Refuses to approve a penalty notice while a person with a share has no efficiency bonus to
 * deduct it from. The regulation takes penalties from the personal efficiency bonus only, at
 * most the cap (50 %) of it per month (000 客户投诉经济处罚准则 (三)1, 4): a missing or zero bonus
 * leaves nothing to deduct, and taking the whole share at once would break the cap. The GM
 * office enters the bonus (or changes the shares) and submits again.
 *
 * @example
 * throwIfShareNotDeductible({ persons: [{ employeeId: 'E1003', name: '王芳', share: cny(50_000), monthlyBonus: cny(0) }] }, settings);
 * // AftersalesError AFTERSALES.DEDUCTION_NOT_POSSIBLE at /persons/0/monthlyBonus
 */
export function throwIfShareNotDeductible(data: Record<string, unknown>, settings: Pick<AftersalesSettings, 'rules'>): void {
  const persons = Array.isArray(data.persons) ? (data.persons as Person[]) : [];
  const capPercent = Number((settings.rules.penalties.monthlyDeductionCapRatio * 100).toFixed(4));
  const errors: FieldError[] = [];
  persons.forEach((p, i) => {
    const share = (p as { share?: unknown }).share;
    if (!isMoney(share) || share.amount <= 0) return;
    if (isMoney(p.monthlyBonus) && monthlyRoom(p.monthlyBonus, settings) > 0) return;
    const who = `${p.name ?? ''}${p.employeeId ? `（${p.employeeId}）` : ''}` || `#${i + 1}`;
    const whoEn = `${p.name ?? ''}${p.employeeId ? ` (${p.employeeId})` : ''}` || `#${i + 1}`;
    const missing = !isMoney(p.monthlyBonus);
    errors.push({
      pointer: `/persons/${i}/monthlyBonus`,
      code: 'AFTERSALES.DEDUCTION_NOT_POSSIBLE',
      message: {
        'zh-CN': `${who}${missing ? '未填月效率奖金' : '的月效率奖金不足以罚扣'}：罚扣 ${formatMoney(share, 'zh-CN')} 只能从效率奖金中扣除，每月至多 ${capPercent}%；请填写其月效率奖金或调整分摊后再呈核`,
        en: `${whoEn} ${missing ? 'has no monthly efficiency bonus entered' : 'has no efficiency bonus left to deduct from'}: the ${formatMoney(share, 'en')} penalty can only come out of the efficiency bonus, at most ${capPercent}% a month; enter the bonus or change the shares and submit again`,
      },
    });
  });
  if (errors.length === 0) return;
  throw new AftersalesError({
    code: 'AFTERSALES.DEDUCTION_NOT_POSSIBLE',
    type: 'invalid_data',
    pointer: errors[0]!.pointer,
    errors,
    message: { 'zh-CN': errors.map((e) => e.message['zh-CN']).join('；'), en: errors.map((e) => e.message.en).join('; ') },
    details: { persons: errors.map((e) => e.pointer) },
  });
}

/**
 * Each base-point holder's percentage, in hundredths of a percent rounded so they add up to
 * exactly 100 (largest remainder).
 *
 * @example
 * percentsOfPoints([12, 8]); // [60, 40]
 * percentsOfPoints([1, 1, 1]); // [33.34, 33.33, 33.33]
 */
export function percentsOfPoints(points: number[]): number[] {
  const total = points.reduce((a, b) => a + b, 0);
  const exact = points.map((p) => (p * 10_000) / total);
  const floors = exact.map(Math.floor);
  let left = 10_000 - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - floors[i]!, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    floors[i]!++;
    left--;
  }
  return floors.map((h) => h / 100);
}
