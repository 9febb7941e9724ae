/**
 * The deadlines the regulations set, each computed on the company's business calendar from the
 * settings' numbers: dispatch (000 §19), on-site arrival (001), complaint closing, QA report and
 * GM-office consolidation (000 客户投诉管理办法), maintenance-contract expiry notice (000 §20).
 */
import { addCalendarDays, addMonthsToDate, addWorkingDays, addWorkingHours } from '../calendar/business-calendar.js';
import { addDaysToDate, atLocalMinutes, parseIsoDate } from '../calendar/zoned-time.js';
import type { Deadline } from '../document.js';
import { AftersalesError } from '../errors.js';
import type { AftersalesSettings, BusinessCalendar } from '../settings.js';

/**
 * The stable names of the deadlines, as stored on documents and shown in notices.
 *
 * @example
 * DEADLINE_NAMES.includes('qa-report'); // true
 */
export const DEADLINE_NAMES = ['dispatch', 'on-site', 'complaint-close', 'qa-report', 'gm-consolidation', 'contract-expiry-notice'] as const;

/**
 * One of the stable deadline names.
 *
 * @example
 * const name: DeadlineName = 'complaint-close';
 */
export type DeadlineName = (typeof DEADLINE_NAMES)[number];

/**
 * What every deadline needs: when the clock starts, the state that meets it (the workflow's own
 * state name), and the policy. `calendar` overrides `settings.calendar`, e.g. for a site's own calendar.
 *
 * @example
 * const base: DeadlineInput = { startedAt: new Date(), endsWith: 'arrived', settings };
 */
export interface DeadlineInput {
  startedAt: Date;
  endsWith: string;
  settings: Pick<AftersalesSettings, 'calendar' | 'deadlines'>;
  calendar?: BusinessCalendar;
}

function deadline(name: DeadlineName, startedAt: Date, dueAt: Date, endsWith: string): Deadline {
  return { name, startedAt: startedAt.toISOString(), dueAt: dueAt.toISOString(), endsWith };
}

function calendarOf(input: DeadlineInput): BusinessCalendar {
  return input.calendar ?? input.settings.calendar;
}

function addDays(calendar: BusinessCalendar, start: Date, days: number, count: 'calendar' | 'working'): Date {
  return count === 'working' ? addWorkingDays(calendar, start, days) : addCalendarDays(calendar, start, days);
}

/**
 * Dispatch: arrival within 6 working hours of the call for an urban site, 7 for a suburban one
 * (000 §19), counted only inside working periods. `startedAt` is the call time from the call register.
 *
 * @example
 * dispatchDeadline({ startedAt: new Date('2026-11-20T08:00:00Z'), site: 'urban', endsWith: 'arrived', settings });
 * // dueAt '2026-11-23T06:00:00.000Z' — Friday 16:00 call, due Monday 14:00 Shanghai
 */
export function dispatchDeadline(input: DeadlineInput & { site: 'urban' | 'suburban' }): Deadline {
  const hours = input.settings.deadlines.dispatchWorkingHours[input.site];
  return deadline('dispatch', input.startedAt, addWorkingHours(calendarOf(input), input.startedAt, hours), input.endsWith);
}

/**
 * On-site arrival: within 24 calendar hours of the report in the same province, 48 in another
 * province (001). Elapsed hours, nights and holidays included. `startedAt` is when the report came in.
 *
 * @example
 * onSiteDeadline({ startedAt: new Date('2026-11-20T08:00:00Z'), province: 'other', endsWith: 'arrived', settings });
 * // dueAt '2026-11-22T08:00:00.000Z'
 */
export function onSiteDeadline(input: DeadlineInput & { province: 'same' | 'other' }): Deadline {
  const { sameProvince, otherProvince } = input.settings.deadlines.onSiteHours;
  const hours = input.province === 'same' ? sameProvince : otherProvince;
  return deadline('on-site', input.startedAt, new Date(input.startedAt.getTime() + Math.round(hours * 3_600_000)), input.endsWith);
}

/**
 * Complaint closing: within 13 days for a domestic customer, 17 for a foreign one, from the GM
 * office's acceptance (registration); calendar days at the same local time by default.
 *
 * @example
 * complaintCloseDeadline({ startedAt: new Date('2026-11-23T01:00:00Z'), market: 'domestic', endsWith: 'closed', settings });
 * // dueAt '2026-12-06T01:00:00.000Z'
 */
export function complaintCloseDeadline(input: DeadlineInput & { market: 'domestic' | 'foreign' }): Deadline {
  const c = input.settings.deadlines.complaintClose;
  const days = input.market === 'domestic' ? c.domesticDays : c.foreignDays;
  return deadline('complaint-close', input.startedAt, addDays(calendarOf(input), input.startedAt, days, c.count), input.endsWith);
}

/**
 * QA's investigation report: within 3 days of the start of the investigation (working days by
 * default; set `deadlines.qaReport.count` to `calendar` to count every day).
 *
 * @example
 * qaReportDeadline({ startedAt: new Date('2026-11-20T02:00:00Z'), endsWith: 'analysed', settings });
 * // dueAt '2026-11-25T02:00:00.000Z' — Friday 10:00 + 3 working days = Wednesday 10:00
 */
export function qaReportDeadline(input: DeadlineInput): Deadline {
  const { days, count } = input.settings.deadlines.qaReport;
  return deadline('qa-report', input.startedAt, addDays(calendarOf(input), input.startedAt, days, count), input.endsWith);
}

/**
 * GM-office consolidation: within 1 day of receiving sales' proposed handling (working days by default).
 *
 * @example
 * gmConsolidationDeadline({ startedAt: new Date('2026-11-20T02:00:00Z'), endsWith: 'consolidated', settings });
 * // dueAt '2026-11-23T02:00:00.000Z' — Friday 10:00 → Monday 10:00
 */
export function gmConsolidationDeadline(input: DeadlineInput): Deadline {
  const { days, count } = input.settings.deadlines.gmConsolidation;
  return deadline('gm-consolidation', input.startedAt, addDays(calendarOf(input), input.startedAt, days, count), input.endsWith);
}

/**
 * Maintenance-contract expiry notice: sent one month before the contract ends (000 §20). The
 * contract's last day is inclusive, so it ends at local midnight after `contractUntil`; the
 * notice is due one month before that instant (day clamped to a shorter month). `startedAt` is
 * when the contract was recorded.
 *
 * @example
 * contractExpiryNoticeDeadline({ startedAt: new Date('2026-01-05T02:00:00Z'), contractUntil: '2026-12-31', endsWith: 'notice-sent', settings });
 * // dueAt '2026-11-30T16:00:00.000Z' — 2026-12-01 00:00 Shanghai
 */
export function contractExpiryNoticeDeadline(input: DeadlineInput & { contractUntil: string }): Deadline {
  const until = parseIsoDate(input.contractUntil);
  if (!until) {
    throw new AftersalesError({
      code: 'AFTERSALES.DATE_INVALID',
      type: 'invalid_data',
      pointer: '/contractUntil',
      message: { 'zh-CN': `合同截止日期“${input.contractUntil}”不是有效日期（YYYY-MM-DD）`, en: `Contract end date "${input.contractUntil}" is not a valid date (YYYY-MM-DD)` },
    });
  }
  const calendar = calendarOf(input);
  const noticeDay = addMonthsToDate(addDaysToDate(until, 1), -input.settings.deadlines.contractExpiryNoticeMonths);
  return deadline('contract-expiry-notice', input.startedAt, atLocalMinutes(noticeDay, 0, calendar.timeZone), input.endsWith);
}

/**
 * Every deadline policy by its stable name, for engines that look them up by name.
 *
 * @example
 * const d = deadlinePolicy['complaint-close']({ startedAt: now, market: 'foreign', endsWith: 'closed', settings });
 */
export const deadlinePolicy = {
  dispatch: dispatchDeadline,
  'on-site': onSiteDeadline,
  'complaint-close': complaintCloseDeadline,
  'qa-report': qaReportDeadline,
  'gm-consolidation': gmConsolidationDeadline,
  'contract-expiry-notice': contractExpiryNoticeDeadline,
} as const satisfies Record<DeadlineName, (input: never) => Deadline>;
