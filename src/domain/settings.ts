/**
 * The company's policy: every number the regulations quote is a default here, validated with zod
 * and changeable by an admin.
 */
import { z } from 'zod';

/** `HH:MM` on a 24-hour clock. */
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
/** An ISO calendar date. */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

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
    .default({
      '1': [['08:30', '12:00'], ['13:00', '17:30']],
      '2': [['08:30', '12:00'], ['13:00', '17:30']],
      '3': [['08:30', '12:00'], ['13:00', '17:30']],
      '4': [['08:30', '12:00'], ['13:00', '17:30']],
      '5': [['08:30', '12:00'], ['13:00', '17:30']],
    }),
  holidays: z.array(isoDate).default([]),
  /** Weekend days worked in exchange for a holiday; they use `makeUpHours`. */
  makeUpWorkdays: z.array(isoDate).default([]),
  makeUpHours: z.array(z.tuple([clockTime, clockTime])).default([['08:30', '12:00'], ['13:00', '17:30']]),
});

/**
 * A business calendar.
 *
 * @example
 * const cal: BusinessCalendar = businessCalendarSchema.parse({});
 */
export type BusinessCalendar = z.infer<typeof businessCalendarSchema>;

/**
 * Everything configurable about the regime. See DOMAIN.md for where each default comes from.
 *
 * @example
 * const settings = aftersalesSettingsSchema.parse({ companyName: '华东机电有限公司' });
 */
export const aftersalesSettingsSchema = z.object({
  companyName: z.string().min(1).default('示例机电股份有限公司'),
  currency: z.string().regex(/^[A-Z]{3}$/).default('CNY'),
  calendar: businessCalendarSchema.default(businessCalendarSchema.parse({})),
  numbering: z
    .object({
      /** `{YY}` year, `{MM}` month, `{SEQ:n}` serial padded to n digits (more digits when it outgrows them). */
      pattern: z.string().min(1).default('{YY}{MM}-{SEQ:3}'),
    })
    .default({ pattern: '{YY}{MM}-{SEQ:3}' }),
});

/**
 * The company's policy settings.
 *
 * @example
 * const s: AftersalesSettings = aftersalesSettingsSchema.parse({});
 */
export type AftersalesSettings = z.infer<typeof aftersalesSettingsSchema>;
