import { describe, expect, test } from 'vitest';
import voucherSample from '../../src/forms/repair-voucher/sample.json' with { type: 'json' };
import { createMemoryStore } from '../../src/adapters/memory/index.js';
import { admin, memoryEngine, service, supervisor } from './support.js';

const dispatchDue = (doc: { deadlines: { name: string; dueAt: string }[] }) => doc.deadlines.find((d) => d.name === 'dispatch')?.dueAt;

describe('the business calendar as an admin setting', () => {
  test('a holiday an admin adds moves the next deadlines; documents already filed keep theirs', async () => {
    const { aftersales } = memoryEngine();
    // Called Monday 2026-11-23 09:20 in Shanghai: 6 working hours end at 16:20 the same day.
    const before = await aftersales.documents.create('repair-voucher', { data: structuredClone(voucherSample) }, service);
    expect(dispatchDue(before)).toBe('2026-11-23T08:20:00.000Z');

    const calendar = await aftersales.calendar.get();
    await aftersales.calendar.set({ ...calendar, holidays: [...calendar.holidays, '2026-11-23'] }, admin);

    // The same call on a holiday counts from Tuesday 08:30: 3.5 h before lunch, 2.5 h after, due 15:30.
    const after = await aftersales.documents.create('repair-voucher', { data: structuredClone(voucherSample) }, service);
    expect(dispatchDue(after)).toBe('2026-11-24T07:30:00.000Z');
    expect(dispatchDue(await aftersales.documents.get(before.id))).toBe('2026-11-23T08:20:00.000Z');
    expect((await aftersales.calendar.get()).holidays).toContain('2026-11-23');
    await aftersales.close();
  });

  test('only an admin sets it, and the change is in the audit trail', async () => {
    const store = createMemoryStore();
    const { aftersales } = memoryEngine({ store });
    const calendar = await aftersales.calendar.get();
    await expect(aftersales.calendar.set({ ...calendar, holidays: ['2026-12-31'] }, supervisor)).rejects.toMatchObject({ code: 'AFTERSALES.ROLE_NOT_PERMITTED', type: 'not_allowed' });
    await aftersales.calendar.set({ ...calendar, holidays: ['2026-12-31'] }, admin);
    const trail = await store.listAudit('business-calendar');
    expect(trail.at(-1)).toMatchObject({ action: 'set-business-calendar', actorId: admin.id, changes: [{ pointer: '/holidays', after: ['2026-12-31'] }] });
    expect((await aftersales.verifyAudit()).intact).toBe(true);
    await aftersales.close();
  });

  test('a broken calendar is refused with every problem named, and nothing changes', async () => {
    const { aftersales } = memoryEngine();
    const calendar = await aftersales.calendar.get();
    const refusal = await aftersales.calendar
      .set({ timeZone: 'Mars/Olympus', workingHours: { '1': [['12:00', '08:00']] }, holidays: ['2026-13-40'] }, admin)
      .catch((e: unknown) => e as { code: string; errors: { pointer: string }[] });
    expect(refusal).toMatchObject({ code: 'AFTERSALES.INVALID_CALENDAR' });
    const pointers = (refusal as { errors: { pointer: string }[] }).errors.map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/timeZone', '/workingHours/1', '/holidays/0']));
    await expect(aftersales.calendar.set({ workingHours: {} }, admin)).rejects.toMatchObject({ errors: [{ pointer: '/workingHours', code: 'AFTERSALES.CALENDAR_WITHOUT_WORKING_TIME' }] });
    expect(await aftersales.calendar.get()).toEqual(calendar);
    await aftersales.close();
  });
});
