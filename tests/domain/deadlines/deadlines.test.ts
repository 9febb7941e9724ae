import { describe, expect, it } from 'vitest';
import {
  complaintCloseDeadline,
  contractExpiryNoticeDeadline,
  deadlinePolicy,
  dispatchDeadline,
  gmConsolidationDeadline,
  isOverdue,
  markDeadlinesMet,
  minutesLate,
  onSiteDeadline,
  qaReportDeadline,
  scanDeadlines,
} from '../../../src/domain/deadlines/index.js';
import type { AftersalesDocument, Deadline } from '../../../src/domain/document.js';
import { aftersalesSettingsSchema } from '../../../src/domain/settings.js';

const settings = aftersalesSettingsSchema.parse({
  calendar: {
    timeZone: 'Asia/Shanghai',
    holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
    makeUpWorkdays: ['2026-09-27', '2026-10-10'],
  },
});

// Friday 2026-11-20 16:00 in Shanghai.
const fridayAfternoon = new Date('2026-11-20T08:00:00Z');

describe('deadline policies', () => {
  it('gives an urban call 6 working hours and a suburban one 7 (000 §19)', () => {
    const urban = dispatchDeadline({ startedAt: fridayAfternoon, site: 'urban', endsWith: 'arrived', settings });
    expect(urban).toEqual({ name: 'dispatch', startedAt: '2026-11-20T08:00:00.000Z', dueAt: '2026-11-23T06:00:00.000Z', endsWith: 'arrived' });
    // Suburban: one more hour → Monday 15:00.
    expect(dispatchDeadline({ startedAt: fridayAfternoon, site: 'suburban', endsWith: 'arrived', settings }).dueAt).toBe('2026-11-23T07:00:00.000Z');
  });

  it('counts dispatch hours over the National Day holiday and its make-up day', () => {
    // Wednesday 09-30 15:00 + 7 h: 2.5 h that day, holiday week, Thursday 10-08 08:30 + 4.5 h → 14:00.
    expect(dispatchDeadline({ startedAt: new Date('2026-09-30T07:00:00Z'), site: 'suburban', endsWith: 'arrived', settings }).dueAt).toBe('2026-10-08T06:00:00.000Z');
  });

  it('follows the admin’s dispatch hours and a site calendar', () => {
    const custom = aftersalesSettingsSchema.parse({ deadlines: { dispatchWorkingHours: { urban: 4 } } });
    expect(dispatchDeadline({ startedAt: fridayAfternoon, site: 'urban', endsWith: 'arrived', settings: custom }).dueAt).toBe('2026-11-23T03:00:00.000Z');
    const saturdaySite = aftersalesSettingsSchema.parse({}).calendar;
    saturdaySite.workingHours['6'] = [['09:00', '12:00']];
    expect(dispatchDeadline({ startedAt: fridayAfternoon, site: 'urban', endsWith: 'arrived', settings, calendar: saturdaySite }).dueAt).toBe('2026-11-23T02:00:00.000Z');
  });

  it('gives on-site arrival 24 h in the province and 48 h outside, nights and weekends included (001)', () => {
    expect(onSiteDeadline({ startedAt: fridayAfternoon, province: 'same', endsWith: 'arrived', settings }).dueAt).toBe('2026-11-21T08:00:00.000Z');
    expect(onSiteDeadline({ startedAt: fridayAfternoon, province: 'other', endsWith: 'arrived', settings }).dueAt).toBe('2026-11-22T08:00:00.000Z');
  });

  it('closes a complaint within 13 days (domestic) or 17 (foreign) of acceptance', () => {
    const accepted = new Date('2026-11-23T01:00:00Z'); // Monday 09:00
    expect(complaintCloseDeadline({ startedAt: accepted, market: 'domestic', endsWith: 'closed', settings })).toMatchObject({ name: 'complaint-close', dueAt: '2026-12-06T01:00:00.000Z', endsWith: 'closed' });
    expect(complaintCloseDeadline({ startedAt: accepted, market: 'foreign', endsWith: 'closed', settings }).dueAt).toBe('2026-12-10T01:00:00.000Z');
    // Counted in working days when the company says so: 13 working days from Monday 11-23 → Thursday 12-10.
    const working = aftersalesSettingsSchema.parse({ deadlines: { complaintClose: { count: 'working' } } });
    expect(complaintCloseDeadline({ startedAt: accepted, market: 'domestic', endsWith: 'closed', settings: working }).dueAt).toBe('2026-12-10T01:00:00.000Z');
  });

  it('gives QA 3 working days and the GM office 1 working day', () => {
    const friday10 = new Date('2026-11-20T02:00:00Z');
    expect(qaReportDeadline({ startedAt: friday10, endsWith: 'analysed', settings }).dueAt).toBe('2026-11-25T02:00:00.000Z');
    expect(gmConsolidationDeadline({ startedAt: friday10, endsWith: 'consolidated', settings }).dueAt).toBe('2026-11-23T02:00:00.000Z');
    // Over the holiday: Wednesday 09-30 + 1 working day → Thursday 10-08.
    expect(gmConsolidationDeadline({ startedAt: new Date('2026-09-30T02:00:00Z'), endsWith: 'consolidated', settings }).dueAt).toBe('2026-10-08T02:00:00.000Z');
    const calendarDays = aftersalesSettingsSchema.parse({ deadlines: { qaReport: { count: 'calendar' } } });
    expect(qaReportDeadline({ startedAt: friday10, endsWith: 'analysed', settings: calendarDays }).dueAt).toBe('2026-11-23T02:00:00.000Z');
  });

  it('sends the contract expiry notice one month before the contract ends (000 §20)', () => {
    const recorded = new Date('2026-01-05T02:00:00Z');
    expect(contractExpiryNoticeDeadline({ startedAt: recorded, contractUntil: '2026-12-31', endsWith: 'notice-sent', settings }).dueAt).toBe('2026-11-30T16:00:00.000Z');
    // Ends 2027-03-30 (inclusive) → expires 03-31 00:00 → notice by 02-28 00:00.
    expect(contractExpiryNoticeDeadline({ startedAt: recorded, contractUntil: '2027-03-30', endsWith: 'notice-sent', settings }).dueAt).toBe('2027-02-27T16:00:00.000Z');
    expect(() => contractExpiryNoticeDeadline({ startedAt: recorded, contractUntil: '2027-02-30', endsWith: 'notice-sent', settings })).toThrow(/not a valid date/);
  });

  it('looks every policy up by its stable name', () => {
    expect(Object.keys(deadlinePolicy)).toEqual(['dispatch', 'on-site', 'complaint-close', 'qa-report', 'gm-consolidation', 'contract-expiry-notice']);
    expect(deadlinePolicy['complaint-close']({ startedAt: new Date('2026-11-23T01:00:00Z'), market: 'domestic', endsWith: 'closed', settings }).name).toBe('complaint-close');
  });
});

function doc(number: string, status: string, deadlines: Deadline[]): AftersalesDocument {
  return {
    id: `id-${number}`,
    kind: 'complaint',
    number,
    status,
    formVersion: 1,
    data: {},
    links: [],
    deadlines,
    revision: 1,
    createdAt: '2026-11-01T00:00:00.000Z',
    createdBy: 'u-sales',
    updatedAt: '2026-11-01T00:00:00.000Z',
  };
}

describe('scanDeadlines', () => {
  const now = new Date('2026-11-23T06:00:00Z');
  const open = (name: string, dueAt: string): Deadline => ({ name, startedAt: '2026-11-10T00:00:00.000Z', dueAt, endsWith: 'closed' });

  it('reminds of overdue steps, warns of those due soon, and ignores the rest', () => {
    const docs = [
      doc('2611-001', 'analysing', [open('qa-report', '2026-11-23T04:30:00.000Z'), open('complaint-close', '2026-11-30T00:00:00.000Z')]),
      doc('2611-002', 'registered', [open('complaint-close', '2026-11-23T08:00:00.000Z')]),
      doc('2611-003', 'registered', [open('complaint-close', '2026-11-23T06:00:00.000Z')]),
    ];
    const scan = scanDeadlines(docs, now, { dueSoonWithinMinutes: 240, roleFor: (_d, name) => (name === 'qa-report' ? 'qa' : 'gm-office') });
    expect(scan.reminders).toEqual([
      { kind: 'reminder', documentId: 'id-2611-001', formKind: 'complaint', number: '2611-001', deadline: 'qa-report', dueAt: '2026-11-23T04:30:00.000Z', role: 'qa', minutesLate: 90 },
    ]);
    // Due exactly now counts as due soon with 0 minutes left; 2 hours left is -120.
    expect(scan.dueSoon.map((n) => [n.number, n.minutesLate, n.role])).toEqual([
      ['2611-003', 0, 'gm-office'],
      ['2611-002', -120, 'gm-office'],
    ]);
    expect(scan.inquiries).toEqual([]);
  });

  it('asks why a step was late once the document is closed, and only then', () => {
    const lateQa: Deadline = { ...open('qa-report', '2026-11-12T00:00:00.000Z'), metAt: '2026-11-13T01:30:00.000Z' };
    const onTime: Deadline = { ...open('complaint-close', '2026-11-23T00:00:00.000Z'), metAt: '2026-11-20T00:00:00.000Z' };
    const closed = doc('2611-004', 'closed', [lateQa, onTime, open('gm-consolidation', '2026-11-15T00:00:00.000Z')]);
    const stillOpen = doc('2611-005', 'decided', [lateQa]);
    const scan = scanDeadlines([closed, stillOpen], now, { dueSoonWithinMinutes: 60 });
    expect(scan.inquiries).toEqual([
      { kind: 'inquiry', documentId: 'id-2611-004', formKind: 'complaint', number: '2611-004', deadline: 'qa-report', dueAt: '2026-11-12T00:00:00.000Z', minutesLate: 25 * 60 + 30 },
    ]);
    // The closed document's never-met step gets no reminder: nobody can act on it any more.
    expect(scan.reminders).toEqual([]);
  });

  it('lets the workflow say which states are final', () => {
    const lateStep: Deadline = { ...open('dispatch', '2026-11-20T00:00:00.000Z'), metAt: '2026-11-20T00:10:00.000Z' };
    const scan = scanDeadlines([doc('2611-006', 'returned-to-customer', [lateStep])], now, { dueSoonWithinMinutes: 60, isFinal: (d) => d.status === 'returned-to-customer' });
    expect(scan.inquiries.map((n) => n.minutesLate)).toEqual([10]);
  });
});

describe('markDeadlinesMet', () => {
  it('meets the open deadlines that end with the state reached, once', () => {
    const deadlines: Deadline[] = [
      { name: 'qa-report', startedAt: '2026-11-20T00:00:00.000Z', dueAt: '2026-11-23T00:00:00.000Z', endsWith: 'analysed' },
      { name: 'complaint-close', startedAt: '2026-11-20T00:00:00.000Z', dueAt: '2026-12-03T00:00:00.000Z', endsWith: 'closed' },
    ];
    const at = new Date('2026-11-24T00:00:00Z');
    const met = markDeadlinesMet(deadlines, 'analysed', at);
    expect(met[0]!.metAt).toBe('2026-11-24T00:00:00.000Z');
    expect(met[1]!.metAt).toBeUndefined();
    expect(deadlines[0]!.metAt).toBeUndefined();
    expect(markDeadlinesMet(met, 'analysed', new Date('2026-11-30T00:00:00Z'))[0]!.metAt).toBe('2026-11-24T00:00:00.000Z');
    expect(isOverdue(met[0]!, at)).toBe(false);
    expect(isOverdue(met[1]!, new Date('2026-12-04T00:00:00Z'))).toBe(true);
    expect(minutesLate(met[0]!.dueAt, at)).toBe(24 * 60);
  });
});
