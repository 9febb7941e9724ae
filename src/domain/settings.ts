/**
 * The company's policy: every number the regulations quote is a default here, validated with zod
 * and changeable by an admin.
 */
import { z } from 'zod';
import { isValidTimeZone } from './calendar/zoned-time.js';
import { ROLES } from './vocabulary.js';

/** `HH:MM` on a 24-hour clock. */
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
/** An ISO calendar date. */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
/** 08:30–12:00 and 13:00–17:30, a fresh copy each time. */
const officeHours = (): [string, string][] => [['08:30', '12:00'], ['13:00', '17:30']];

/**
 * The business calendar: time zone, working hours per weekday (0 = Sunday), holidays and
 * make-up working days (调休).
 *
 * @example
 * const cal = businessCalendarSchema.parse({ timeZone: 'Asia/Shanghai' });
 */
export const businessCalendarSchema = z.object({
  timeZone: z.string().default('Asia/Shanghai'),
  /** Working periods per weekday, 0 = Sunday … 6 = Saturday. */
  workingHours: z
    .partialRecord(z.enum(['0', '1', '2', '3', '4', '5', '6']), z.array(z.tuple([clockTime, clockTime])))
    // A fresh value per parse: callers may adjust their calendar without touching the defaults.
    .default(() => ({
      '1': officeHours(),
      '2': officeHours(),
      '3': officeHours(),
      '4': officeHours(),
      '5': officeHours(),
    })),
  holidays: z.array(isoDate).default(() => []),
  /** Weekend days worked in exchange for a holiday; they use `makeUpHours`. */
  makeUpWorkdays: z.array(isoDate).default(() => []),
  makeUpHours: z.array(z.tuple([clockTime, clockTime])).default(officeHours),
}).superRefine((cal, ctx) => {
  if (!isValidTimeZone(cal.timeZone)) {
    ctx.addIssue({ code: 'custom', path: ['timeZone'], message: `"${cal.timeZone}" is not an IANA time zone such as Asia/Shanghai` });
  }
  const check = (periods: [string, string][], path: (string | number)[]) => {
    const sorted = [...periods].sort((a, b) => a[0].localeCompare(b[0]));
    sorted.forEach(([from, to], i) => {
      if (to <= from) ctx.addIssue({ code: 'custom', path, message: `working period ${from}–${to} ends before it starts` });
      const next = sorted[i + 1];
      if (next && next[0] < to) ctx.addIssue({ code: 'custom', path, message: `working periods ${from}–${to} and ${next[0]}–${next[1]} overlap` });
    });
  };
  for (const [day, periods] of Object.entries(cal.workingHours)) if (periods) check(periods, ['workingHours', day]);
  check(cal.makeUpHours, ['makeUpHours']);
});

/**
 * A business calendar.
 *
 * @example
 * const cal: BusinessCalendar = businessCalendarSchema.parse({});
 */
export type BusinessCalendar = z.infer<typeof businessCalendarSchema>;

/** A non-negative number of hours (fractions allowed). */
const hours = (what: string) => z.number().min(0, `${what} must not be negative`);
/** A non-negative whole number of days or months. */
const count = (what: string) => z.number().int(`${what} must be a whole number`).min(0, `${what} must not be negative`);
/** A ratio such as 0.05 (5 %), between 0 and 1. */
const ratio = (what: string) => z.number().min(0, `${what} must be between 0 and 1`).max(1, `${what} must be between 0 and 1`);
/** Money in integer minor units. */
const moneySetting = (what: string) =>
  z.object({
    amount: z.number().int(`${what} must be a whole number of minor units (fen)`).min(0, `${what} must not be negative`),
    currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 currency such as CNY'),
  });
/** How a day-based deadline counts: calendar days or working days of the business calendar. */
const dayCount = z.enum(['calendar', 'working']);

/**
 * The deadlines the regulations set (000 §19, 001, 000 客户投诉管理办法), and how early a
 * "due soon" notice goes out.
 *
 * @example
 * deadlineSettingsSchema.parse({}).dispatchWorkingHours.urban; // 6
 */
export const deadlineSettingsSchema = z.object({
  /** Call to arrival, in working hours (000 §19: urban 6, suburban 7). */
  dispatchWorkingHours: z
    .object({ urban: hours('dispatch working hours').default(6), suburban: hours('dispatch working hours').default(7) })
    .prefault({}),
  /** Report to on-site arrival, in calendar hours (001: same province 24, other province 48). */
  onSiteHours: z
    .object({ sameProvince: hours('on-site hours').default(24), otherProvince: hours('on-site hours').default(48) })
    .prefault({}),
  /** From the GM office's acceptance to closing (000: domestic 13 days, foreign 17 days). */
  complaintClose: z
    .object({ domesticDays: count('complaint closing days').default(13), foreignDays: count('complaint closing days').default(17), count: dayCount.default('calendar') })
    .prefault({}),
  /** QA's investigation report, from the start of the investigation (000: 3 days). */
  qaReport: z.object({ days: count('QA report days').default(3), count: dayCount.default('working') }).prefault({}),
  /** The GM office consolidates the opinions (000: 1 day). */
  gmConsolidation: z.object({ days: count('GM-office consolidation days').default(1), count: dayCount.default('working') }).prefault({}),
  /** Maintenance-contract expiry notice this many months before the contract ends (000 §20). */
  contractExpiryNoticeMonths: count('contract expiry notice months').default(1),
  /** A "due soon" notice goes out this many minutes before a deadline. */
  dueSoonWithinMinutes: count('due-soon window minutes').default(240),
});

/**
 * Deadline settings.
 *
 * @example
 * const d: DeadlineSettings = aftersalesSettingsSchema.parse({}).deadlines;
 */
export type DeadlineSettings = z.infer<typeof deadlineSettingsSchema>;

/**
 * The numbers of the regulations' rules: major incidents (001), return tolerance (000 十三),
 * administrative penalties and the monthly deduction cap (000 处罚准则), parts write-off (003).
 *
 * @example
 * ruleSettingsSchema.parse({}).majorIncident.threshold; // { amount: 2_000_000, currency: 'CNY' }
 */
export const ruleSettingsSchema = z.object({
  majorIncident: z
    .object({
      /** A quality loss at or above this is a major incident (001: 20,000 yuan). */
      threshold: moneySetting('major-incident threshold').default(() => ({ amount: 2_000_000, currency: 'CNY' })),
      /**
       * The same threshold for losses in other currencies (e.g. `{ amount: 300_000, currency: 'USD' }`).
       * A loss in a currency with none cannot be shown to be minor: it goes to `escalateTo`.
       */
      otherCurrencies: z.array(moneySetting('major-incident threshold')).default([]),
      /** Who a major incident is escalated to. */
      escalateTo: z.enum(ROLES).default('gm'),
    })
    .prefault({}),
  /** The company's over-quantity acceptance ratio for returns when the order states none. */
  returnToleranceRatio: ratio('return tolerance ratio').default(0.05),
  penalties: z
    .object({
      /** 警告一次，罚扣400元以上. */
      warningMinimum: moneySetting('warning minimum').default(() => ({ amount: 40_000, currency: 'CNY' })),
      /** 小过一次，以每基数罚扣800元以上. */
      minorDemeritMinimumPerCount: moneySetting('minor demerit minimum').default(() => ({ amount: 80_000, currency: 'CNY' })),
      /** At most this share of the monthly efficiency bonus is deducted in one month (000: 50 %). */
      monthlyDeductionCapRatio: z
        .number()
        .gt(0, 'monthly deduction cap ratio must be above 0 and at most 1')
        .max(1, 'monthly deduction cap ratio must be above 0 and at most 1')
        .default(0.5),
    })
    .prefault({}),
  /** Who bears a parts write-off, in percent (003: company 70, service manager, parts manager, warehouse keeper 10 each). */
  partsWriteOffPercent: z
    .object({
      company: z.number().min(0, 'percentages must not be negative').default(70),
      serviceManager: z.number().min(0, 'percentages must not be negative').default(10),
      partsManager: z.number().min(0, 'percentages must not be negative').default(10),
      warehouseKeeper: z.number().min(0, 'percentages must not be negative').default(10),
    })
    .prefault({})
    .refine((p) => Math.round((p.company + p.serviceManager + p.partsManager + p.warehouseKeeper) * 1e6) === 100e6, {
      message: 'parts write-off percentages must sum to 100',
    }),
});

/**
 * Rule settings.
 *
 * @example
 * const r: RuleSettings = aftersalesSettingsSchema.parse({}).rules;
 */
export type RuleSettings = z.infer<typeof ruleSettingsSchema>;

/**
 * Everything configurable about the regime. See DOMAIN.md for where each default comes from.
 *
 * @example
 * const settings = aftersalesSettingsSchema.parse({ companyName: '华东机电有限公司' });
 */
export const aftersalesSettingsSchema = z.object({
  companyName: z.string().min(1).default('示例机电股份有限公司'),
  currency: z.string().regex(/^[A-Z]{3}$/).default('CNY'),
  calendar: businessCalendarSchema.prefault({}),
  numbering: z
    .object({
      /** `{YY}` year, `{MM}` month, `{SEQ:n}` serial padded to n digits (more digits when it outgrows them). */
      pattern: z.string().min(1).default('{YY}{MM}-{SEQ:3}'),
    })
    .default({ pattern: '{YY}{MM}-{SEQ:3}' }),
  deadlines: deadlineSettingsSchema.prefault({}),
  rules: ruleSettingsSchema.prefault({}),
}).superRefine((s, ctx) => {
  // Amounts are minor units of one currency; a 20,000-yuan threshold is not 20,000 dollars.
  const amounts: [string[], { currency: string }][] = [
    [['rules', 'majorIncident', 'threshold'], s.rules.majorIncident.threshold],
    [['rules', 'penalties', 'warningMinimum'], s.rules.penalties.warningMinimum],
    [['rules', 'penalties', 'minorDemeritMinimumPerCount'], s.rules.penalties.minorDemeritMinimumPerCount],
  ];
  for (const [path, m] of amounts) {
    if (m.currency !== s.currency) {
      ctx.addIssue({ code: 'custom', path: [...path, 'currency'], message: `${m.currency} differs from the company currency ${s.currency}; set this amount in ${s.currency}` });
    }
  }
  // One threshold per foreign currency; the company's own is `threshold`.
  const seen = new Set<string>([s.rules.majorIncident.threshold.currency]);
  s.rules.majorIncident.otherCurrencies.forEach((m, i) => {
    if (seen.has(m.currency)) {
      ctx.addIssue({ code: 'custom', path: ['rules', 'majorIncident', 'otherCurrencies', i, 'currency'], message: `${m.currency} already has a major-incident threshold` });
    }
    seen.add(m.currency);
  });
});

/**
 * The company's policy settings.
 *
 * @example
 * const s: AftersalesSettings = aftersalesSettingsSchema.parse({});
 */
export type AftersalesSettings = z.infer<typeof aftersalesSettingsSchema>;
