/**
 * The monthly complaint statistics the GM office reports by the 10th of the next month
 * (000 客户投诉管理办法): the cases closed in the month, how many were closed late, and each
 * responsible unit's part of the month's responsibility and losses.
 */
import type { AftersalesDocument } from '../document.js';
import type { Money } from '../money.js';
import { numberingPeriodOf } from '../numbering/document-number.js';
import { splitLossByResponsibility } from '../rules/penalties.js';

/**
 * One responsible unit's part of a month's closed complaints.
 *
 * @example
 * const u: UnitResponsibility = { unit: '制造二科 阻焊组', cases: 2, responsibilityPercent: 45, losses: [{ amount: 1_344_000, currency: 'CNY' }] };
 */
export interface UnitResponsibility {
  unit: string;
  /** Closed cases in which the unit bears some responsibility. */
  cases: number;
  /** The unit's part of all responsibility decided in the month, in percent (two decimals). */
  responsibilityPercent: number;
  /** The losses decided in those cases, split by the unit's ratio to the fen, one sum per currency. */
  losses: Money[];
}

/**
 * A month's complaint statistics.
 *
 * @example
 * const s: ComplaintStatistics = await aftersales.reports.complaints('2026-11', gmOffice);
 */
export interface ComplaintStatistics {
  /** `YYYY-MM`, in the company's time zone. */
  month: string;
  /** Complaints closed in the month. */
  closed: number;
  /** Of those, closed after their closing deadline (13 / 17 days). */
  closedLate: number;
  /** Closed cases by decided outcome (return, allowance, …; `undecided` when none). */
  byOutcome: Record<string, number>;
  /** Closed cases whose decision the customer did not accept. */
  customerRejected: number;
  /** Units by their part of the month's responsibility, largest first. */
  units: UnitResponsibility[];
}

interface ComplaintData {
  decision?: { outcome?: string; amount?: Money; responsibility?: { unit: string; ratioPercent: number }[] };
  result?: { customerAccepted?: boolean };
}

/**
 * When a complaint was closed: the moment its closing deadline was met, else its last change.
 *
 * @example
 * closedAt(complaint); // '2026-11-14T03:00:00.000Z'
 */
export function closedAt(complaint: AftersalesDocument): string {
  return complaint.deadlines.find((d) => d.name === 'complaint-close' && d.metAt)?.metAt ?? complaint.updatedAt;
}

/**
 * The statistics of the complaints closed in `month` (company time zone) among `complaints`.
 *
 * @example
 * complaintStatistics(closedComplaints, '2026-11', 'Asia/Shanghai').units[0]; // { unit: '制造二科 阻焊组', cases: 2, … }
 */
export function complaintStatistics(complaints: AftersalesDocument[], month: string, timeZone: string): ComplaintStatistics {
  const inMonth = complaints.filter((c) => {
    if (c.kind !== 'complaint' || c.status !== 'closed') return false;
    const { year, month: m } = numberingPeriodOf(new Date(closedAt(c)), timeZone);
    return `${year}-${String(m).padStart(2, '0')}` === month;
  });
  const byOutcome: Record<string, number> = {};
  const units = new Map<string, { cases: number; hundredths: number; losses: Map<string, number> }>();
  let hundredthsTotal = 0;
  let closedLate = 0;
  let customerRejected = 0;
  for (const c of inMonth) {
    const data = c.data as ComplaintData;
    const outcome = data.decision?.outcome ?? 'undecided';
    byOutcome[outcome] = (byOutcome[outcome] ?? 0) + 1;
    if (data.result?.customerAccepted === false) customerRejected++;
    const close = c.deadlines.find((d) => d.name === 'complaint-close');
    if (close?.metAt && Date.parse(close.metAt) > Date.parse(close.dueAt)) closedLate++;
    const parties = (data.decision?.responsibility ?? []).filter((r) => r.ratioPercent > 0);
    if (parties.length === 0) continue;
    // Exact to the fen: the same split the penalty notices use.
    const loss = data.decision?.amount;
    const shares = loss ? splitLossByResponsibility(loss, parties.map((p, i) => ({ id: String(i), ratioPercent: p.ratioPercent }))) : undefined;
    parties.forEach((p, i) => {
      const u = units.get(p.unit) ?? { cases: 0, hundredths: 0, losses: new Map<string, number>() };
      u.cases++;
      u.hundredths += Math.round(p.ratioPercent * 100);
      const share = shares?.[i]?.amount;
      if (share) u.losses.set(share.currency, (u.losses.get(share.currency) ?? 0) + share.amount);
      units.set(p.unit, u);
      hundredthsTotal += Math.round(p.ratioPercent * 100);
    });
  }
  return {
    month,
    closed: inMonth.length,
    closedLate,
    byOutcome,
    customerRejected,
    units: [...units]
      .map(([unit, u]) => ({
        unit,
        cases: u.cases,
        responsibilityPercent: hundredthsTotal ? Math.round((u.hundredths * 10_000) / hundredthsTotal) / 100 : 0,
        losses: [...u.losses].map(([currency, amount]) => ({ amount, currency })).sort((a, b) => a.currency.localeCompare(b.currency)),
      }))
      .sort((a, b) => b.responsibilityPercent - a.responsibilityPercent || a.unit.localeCompare(b.unit)),
  };
}
