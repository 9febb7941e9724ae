/**
 * The reward/penalty notice's cross-field rules.
 */
import type { FieldError } from '../../domain/errors.js';
import { formatMoney } from '../../domain/money.js';
import { asMoney, asRecord, percentagesSumTo100, records, sameCurrency, totalMatches } from '../validation/cross-field.js';

/**
 * At most half of a person's monthly efficiency bonus is deducted in one month; the rest carries
 * over, so this month's deduction plus the carry-over is the person's share.
 *
 * @example
 * monthlyDeductionWithinCap({ persons: [{ share: cny(1800), monthlyBonus: cny(2400), deductedThisMonth: cny(1500) }] }); // one error
 */
export function monthlyDeductionWithinCap(data: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  for (const [p, i] of records(data.persons)) {
    const bonus = asMoney(p.monthlyBonus);
    const deducted = asMoney(p.deductedThisMonth);
    const carried = asMoney(p.carriedOver);
    const share = asMoney(p.share);
    if (bonus && deducted && bonus.currency === deducted.currency && deducted.amount * 2 > bonus.amount) {
      errors.push({
        pointer: `/persons/${i}/deductedThisMonth/amount`,
        code: 'AFTERSALES.DEDUCTION_EXCEEDS_CAP',
        message: {
          'zh-CN': `当月罚扣 ${formatMoney(deducted)} 超过当月效率奖金的 50%（${formatMoney({ amount: Math.floor(bonus.amount / 2), currency: bonus.currency })}）`,
          en: `This month's deduction ${formatMoney(deducted)} exceeds 50% of the monthly bonus (${formatMoney({ amount: Math.floor(bonus.amount / 2), currency: bonus.currency })})`,
        },
      });
    }
    if (share && deducted && carried && share.currency === deducted.currency && share.currency === carried.currency && deducted.amount + carried.amount !== share.amount) {
      errors.push({
        pointer: `/persons/${i}/carriedOver/amount`,
        code: 'AFTERSALES.INSTALMENTS_MISMATCH',
        message: {
          'zh-CN': `当月罚扣与递延金额之和应等于分摊金额 ${formatMoney(share)}`,
          en: `This month's deduction plus the carry-over must equal the share ${formatMoney(share)}`,
        },
      });
    }
  }
  return errors;
}

/**
 * Every cross-field rule of the penalty notice: responsibility percentages add up to 100, the
 * persons' shares add up to the loss, the totals add up, one currency throughout.
 *
 * @example
 * penaltyNoticeRules(sample); // []
 */
export function penaltyNoticeRules(data: Record<string, unknown>): FieldError[] {
  const persons = records(data.persons).map(([p]) => p);
  const totals = asRecord(data.totals);
  const sumOf = (field: string, pointer: string, what: { 'zh-CN': string; en: string }): FieldError[] =>
    totals && totals[field] !== undefined && persons.every((p) => p[field] !== undefined) ? totalMatches(pointer, totals[field], persons.map((p) => p[field]), what) : [];
  return [
    ...percentagesSumTo100(data.persons, '/persons', 'responsibilityPercent'),
    ...(persons.length ? totalMatches('/loss', data.loss, persons.map((p) => p.share), { 'zh-CN': '个人分摊金额', en: "the persons' shares" }) : []),
    ...sumOf('share', '/totals/share', { 'zh-CN': '个人分摊金额', en: "the persons' shares" }),
    ...sumOf('administrativeDeduction', '/totals/administrativeDeduction', { 'zh-CN': '行政罚扣', en: 'the administrative deductions' }),
    ...sumOf('deductedThisMonth', '/totals/deductedThisMonth', { 'zh-CN': '当月罚扣', en: "this month's deductions" }),
    ...sumOf('carriedOver', '/totals/carriedOver', { 'zh-CN': '递延罚扣', en: 'the carry-overs' }),
    ...monthlyDeductionWithinCap(data),
    ...sameCurrency([
      ['/loss', data.loss],
      ...records(data.persons).flatMap(([p, n]): [string, unknown][] =>
        ['share', 'monthlyBonus', 'administrativeDeduction', 'deductedThisMonth', 'carriedOver'].map((f): [string, unknown] => [`/persons/${n}/${f}`, p[f]]),
      ),
      ...['share', 'administrativeDeduction', 'deductedThisMonth', 'carriedOver'].map((f): [string, unknown] => [`/totals/${f}`, totals?.[f]]),
    ]),
  ];
}
