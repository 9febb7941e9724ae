import { describe, expect, it } from 'vitest';
import { aftersalesSettingsSchema } from '../../../src/domain/settings.js';

describe('aftersalesSettingsSchema', () => {
  it('gives a complete policy from nothing, with the regulations’ numbers', () => {
    const s = aftersalesSettingsSchema.parse({});
    expect(s.deadlines).toEqual({
      dispatchWorkingHours: { urban: 6, suburban: 7 },
      onSiteHours: { sameProvince: 24, otherProvince: 48 },
      complaintClose: { domesticDays: 13, foreignDays: 17, count: 'calendar' },
      qaReport: { days: 3, count: 'working' },
      gmConsolidation: { days: 1, count: 'working' },
      contractExpiryNoticeMonths: 1,
      dueSoonWithinMinutes: 240,
    });
    expect(s.rules).toEqual({
      majorIncident: { threshold: { amount: 2_000_000, currency: 'CNY' }, otherCurrencies: [], escalateTo: 'gm' },
      returnToleranceRatio: 0.05,
      penalties: {
        warningMinimum: { amount: 40_000, currency: 'CNY' },
        minorDemeritMinimumPerCount: { amount: 80_000, currency: 'CNY' },
        monthlyDeductionCapRatio: 0.5,
      },
      partsWriteOffPercent: { company: 70, serviceManager: 10, partsManager: 10, warehouseKeeper: 10 },
    });
    expect(s.calendar.timeZone).toBe('Asia/Shanghai');
    expect(s.calendar.workingHours['1']).toEqual([['08:30', '12:00'], ['13:00', '17:30']]);
  });

  it('keeps the other defaults when an admin changes one number', () => {
    const s = aftersalesSettingsSchema.parse({ deadlines: { complaintClose: { foreignDays: 20 } }, rules: { penalties: { monthlyDeductionCapRatio: 0.4 } } });
    expect(s.deadlines.complaintClose).toEqual({ domesticDays: 13, foreignDays: 20, count: 'calendar' });
    expect(s.deadlines.dispatchWorkingHours.urban).toBe(6);
    expect(s.rules.penalties.warningMinimum.amount).toBe(40_000);
  });

  it('rejects nonsense with messages that name the problem', () => {
    const r = aftersalesSettingsSchema.safeParse({
      calendar: { timeZone: 'Mars/Olympus', workingHours: { '1': [['08:30', '12:00'], ['11:00', '17:30']] } },
      deadlines: { qaReport: { days: -1 }, complaintClose: { domesticDays: 1.5 } },
      rules: { returnToleranceRatio: 1.5, penalties: { monthlyDeductionCapRatio: -0.1 }, partsWriteOffPercent: { company: 60 } },
    });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        'calendar.timeZone: "Mars/Olympus" is not an IANA time zone such as Asia/Shanghai',
        'calendar.workingHours.1: working periods 08:30–12:00 and 11:00–17:30 overlap',
        'deadlines.qaReport.days: QA report days must not be negative',
        'deadlines.complaintClose.domesticDays: complaint closing days must be a whole number',
        'rules.returnToleranceRatio: return tolerance ratio must be between 0 and 1',
        'rules.penalties.monthlyDeductionCapRatio: monthly deduction cap ratio must be above 0 and at most 1',
        'rules.partsWriteOffPercent: parts write-off percentages must sum to 100',
      ]),
    );
  });

  it('refuses rule amounts in another currency than the company’s', () => {
    const r = aftersalesSettingsSchema.safeParse({ currency: 'USD' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual([
      'rules.majorIncident.threshold.currency',
      'rules.penalties.warningMinimum.currency',
      'rules.penalties.minorDemeritMinimumPerCount.currency',
    ]);
    const usd = (amount: number) => ({ amount, currency: 'USD' });
    const ok = aftersalesSettingsSchema.parse({
      currency: 'USD',
      rules: { majorIncident: { threshold: usd(300_000) }, penalties: { warningMinimum: usd(6_000), minorDemeritMinimumPerCount: usd(12_000) } },
    });
    expect(ok.rules.majorIncident.threshold).toEqual(usd(300_000));
  });

  it('takes one major-incident threshold per foreign currency, never a second one for a currency', () => {
    const ok = aftersalesSettingsSchema.parse({ rules: { majorIncident: { otherCurrencies: [{ amount: 300_000, currency: 'USD' }, { amount: 280_000, currency: 'EUR' }] } } });
    expect(ok.rules.majorIncident.otherCurrencies.map((m) => m.currency)).toEqual(['USD', 'EUR']);
    const twice = aftersalesSettingsSchema.safeParse({ rules: { majorIncident: { otherCurrencies: [{ amount: 300_000, currency: 'USD' }, { amount: 1, currency: 'USD' }, { amount: 1, currency: 'CNY' }] } } });
    expect(twice.error!.issues.map((i) => i.path.join('.'))).toEqual(['rules.majorIncident.otherCurrencies.1.currency', 'rules.majorIncident.otherCurrencies.2.currency']);
  });

  it('hands out fresh defaults, so adjusting one company’s calendar leaves the next alone', () => {
    const a = aftersalesSettingsSchema.parse({});
    a.calendar.workingHours['6'] = [['09:00', '12:00']];
    a.calendar.workingHours['1']!.push(['18:00', '20:00']);
    a.calendar.holidays.push('2026-10-01');
    const b = aftersalesSettingsSchema.parse({});
    expect(b.calendar.workingHours['6']).toBeUndefined();
    expect(b.calendar.workingHours['1']).toHaveLength(2);
    expect(b.calendar.holidays).toEqual([]);
  });
});
