import { describe, expect, it } from 'vitest';
import type { AftersalesDocument } from '../../../src/domain/document.js';
import { closedAt, complaintStatistics } from '../../../src/domain/reports/complaint-statistics.js';

const cny = (amount: number) => ({ amount, currency: 'CNY' });

/** A closed complaint: closed at `closed`, due at `due`, with a decision. */
function closedComplaint(n: number, closed: string, due: string, decision: Record<string, unknown>, result: Record<string, unknown> = { customerAccepted: true }): AftersalesDocument {
  return {
    id: `c${n}`, kind: 'complaint', number: `2611-00${n}`, status: 'closed', formVersion: 1,
    data: { decision, result },
    links: [],
    deadlines: [{ name: 'complaint-close', startedAt: '2026-11-01T01:00:00.000Z', dueAt: due, endsWith: 'closed', metAt: closed }],
    revision: 12, createdAt: '2026-11-01T01:00:00.000Z', updatedAt: closed, createdBy: 'u-sales',
  } as AftersalesDocument;
}

describe('complaintStatistics', () => {
  const complaints = [
    // Closed on time: 70 % the solder-mask group, 30 % final inspection, of a 1,000.01-yuan allowance.
    closedComplaint(1, '2026-11-10T02:00:00.000Z', '2026-11-14T16:00:00.000Z', {
      outcome: 'allowance', amount: cny(100_001),
      responsibility: [{ unit: '制造二科 阻焊组', ratioPercent: 70 }, { unit: '质量管理部 终检组', ratioPercent: 30 }],
    }),
    // Closed late, all the solder-mask group's.
    closedComplaint(2, '2026-11-20T02:00:00.000Z', '2026-11-18T16:00:00.000Z', { outcome: 'return', amount: cny(50_000), responsibility: [{ unit: '制造二科 阻焊组', ratioPercent: 100 }] }, { customerAccepted: false }),
    // 1 December 01:00 in Shanghai: not November's.
    closedComplaint(3, '2026-11-30T17:00:00.000Z', '2026-12-05T16:00:00.000Z', { outcome: 'allowance', amount: cny(10_000), responsibility: [{ unit: '包装组', ratioPercent: 100 }] }),
    // Not substantiated: counted, no responsibility.
    closedComplaint(4, '2026-11-25T02:00:00.000Z', '2026-11-28T16:00:00.000Z', { outcome: 'not-substantiated', amount: cny(0) }),
  ];

  it('counts the month’s closed cases in the company’s time zone, the late ones, outcomes and rejections', () => {
    const s = complaintStatistics(complaints, '2026-11', 'Asia/Shanghai');
    expect(s).toMatchObject({ month: '2026-11', closed: 3, closedLate: 1, customerRejected: 1, byOutcome: { allowance: 1, return: 1, 'not-substantiated': 1 } });
    expect(complaintStatistics(complaints, '2026-12', 'Asia/Shanghai')).toMatchObject({ closed: 1, units: [{ unit: '包装组', cases: 1, responsibilityPercent: 100 }] });
    // In UTC the last one still closed in November.
    expect(complaintStatistics(complaints, '2026-11', 'UTC').closed).toBe(4);
  });

  it('gives each unit its part of the month’s responsibility and its losses to the fen', () => {
    const { units } = complaintStatistics(complaints, '2026-11', 'Asia/Shanghai');
    expect(units).toEqual([
      // (70 + 100) of 200 percentage points; 700.01 + 500.00 yuan.
      { unit: '制造二科 阻焊组', cases: 2, responsibilityPercent: 85, losses: [cny(120_001)] },
      { unit: '质量管理部 终检组', cases: 1, responsibilityPercent: 15, losses: [cny(30_000)] },
    ]);
    const total = units.flatMap((u) => u.losses).reduce((a, m) => a + m.amount, 0);
    expect(total).toBe(150_001);
  });

  it('takes the close time from the closing deadline, not from a later change', () => {
    const c = closedComplaint(5, '2026-11-29T02:00:00.000Z', '2026-11-30T16:00:00.000Z', { outcome: 'allowance', amount: cny(1) });
    c.updatedAt = '2026-12-03T02:00:00.000Z';
    expect(closedAt(c)).toBe('2026-11-29T02:00:00.000Z');
  });
});
