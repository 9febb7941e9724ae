/**
 * The company's business calendar as an admin setting: changed at run time without code, stored
 * with the other settings, audited, and read back by every process within the refresh interval.
 */
import { AftersalesError, type FieldError } from '../errors.js';
import type { DocumentStore } from '../ports.js';
import { businessCalendarSchema, type BusinessCalendar } from '../settings.js';
import type { Actor } from '../vocabulary.js';
import { putAuditedSetting } from './audited-setting.js';

/** Where the calendar is kept among the store's settings. */
export const BUSINESS_CALENDAR_SETTING = 'business-calendar';

/** More than any real calendar lists; bounds what one admin request can make every deadline walk through. */
const MAX_LISTED_DAYS = 2_000;

/**
 * Checks an admin's calendar: the schema's rules (IANA zone, `HH:MM` periods that do not
 * overlap, ISO dates), some working time in the week, and bounded lists.
 *
 * @example
 * parseBusinessCalendar({ timeZone: 'Asia/Shanghai', holidays: ['2026-10-01'] });
 */
export function parseBusinessCalendar(input: unknown): BusinessCalendar {
  const parsed = businessCalendarSchema.safeParse(input);
  const errors: FieldError[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const pointer = '/' + issue.path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
      errors.push({ pointer: pointer === '/' ? '' : pointer, code: issue.code, message: { 'zh-CN': `营业日历无效：${issue.message}`, en: `Invalid business calendar: ${issue.message}` } });
    }
  } else {
    const cal = parsed.data;
    if (!Object.values(cal.workingHours).some((periods) => periods && periods.length > 0)) {
      errors.push({ pointer: '/workingHours', code: 'AFTERSALES.CALENDAR_WITHOUT_WORKING_TIME', message: { 'zh-CN': '一周中至少要有一个工作时段', en: 'The week needs at least one working period' } });
    }
    for (const list of ['holidays', 'makeUpWorkdays'] as const) {
      if (cal[list].length > MAX_LISTED_DAYS) {
        errors.push({ pointer: `/${list}`, code: 'maxItems', message: { 'zh-CN': `最多 ${MAX_LISTED_DAYS} 天`, en: `at most ${MAX_LISTED_DAYS} days` } });
      }
    }
  }
  // The schema checks a day's shape; one like 2026-02-30 must be refused too, not roll over.
  for (const list of ['holidays', 'makeUpWorkdays'] as const) {
    const days = (input as Record<string, unknown> | null)?.[list];
    if (!Array.isArray(days)) continue;
    days.forEach((day, i) => {
      const ms = typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : undefined;
      if (ms !== undefined && (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day)) {
        errors.push({ pointer: `/${list}/${i}`, code: 'format', message: { 'zh-CN': `“${day}”不是有效日期`, en: `"${day}" is not a calendar date` } });
      }
    });
  }
  if (errors.length) {
    throw new AftersalesError({
      code: 'AFTERSALES.INVALID_CALENDAR',
      type: 'invalid_data',
      pointer: errors[0]!.pointer,
      errors,
      message: {
        'zh-CN': '营业日历无效：' + errors.map((e) => `${e.pointer || '/'} ${e.message['zh-CN']}`).join('；'),
        en: 'The business calendar is not valid: ' + errors.map((e) => `${e.pointer || '/'} ${e.message.en}`).join('; '),
      },
    });
  }
  return parsed.data!;
}

/**
 * The calendar in force: the admin's stored one, else the configured one; re-read from the store
 * at most every `refreshMs` so several processes agree within that interval.
 *
 * @example
 * const calendar = createBusinessCalendarSetting({ store, configured: settings.calendar, refreshMs: 1000, now: () => Date.now() });
 * const cal = await calendar.current();
 */
export function createBusinessCalendarSetting(deps: { store: DocumentStore; configured: BusinessCalendar; refreshMs: number; now: () => number }) {
  let cached: { calendar: BusinessCalendar; readAt: number } | undefined;

  async function current(): Promise<BusinessCalendar> {
    const t = deps.now();
    if (cached && t - cached.readAt < deps.refreshMs) return cached.calendar;
    const stored = await deps.store.getSetting<BusinessCalendar>(BUSINESS_CALENDAR_SETTING);
    cached = { calendar: stored ?? deps.configured, readAt: t };
    return cached.calendar;
  }

  async function set(input: unknown, actor: Actor, at: string): Promise<BusinessCalendar> {
    if (!actor.roles.includes('admin')) {
      throw new AftersalesError({
        code: 'AFTERSALES.ROLE_NOT_PERMITTED',
        type: 'not_allowed',
        message: { 'zh-CN': '只有系统管理员可以设定营业日历', en: 'Only an administrator may set the business calendar' },
        details: { roles: ['admin'] },
      });
    }
    const calendar = parseBusinessCalendar(input);
    const before = await current();
    await putAuditedSetting(deps.store, { key: BUSINESS_CALENDAR_SETTING, value: calendar, before, action: 'set-business-calendar', actor, at });
    cached = { calendar, readAt: deps.now() };
    return calendar;
  }

  return { current, set };
}
