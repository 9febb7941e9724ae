/**
 * The write-backs a state change asks of the host ERP, recorded in the outbox in the same
 * transaction: the customer return for an approved return slip, the credit memo request for a
 * stamped allowance certificate, one payroll deduction per person and month for an approved
 * penalty notice.
 */
import type { AftersalesDocument } from '../document.js';
import type { Money } from '../money.js';
import type { CreditMemoRequest, CustomerReturnRequest, NewOutboxEntry, PenaltyDeductionRequest } from '../ports.js';
import { deductionSchedule } from '../rules/penalties.js';
import type { AftersalesSettings } from '../settings.js';
import { numberingPeriodOf } from '../numbering/document-number.js';
import { administrativeDeductionOf, administrativeReason, economicTaken, throwIfShareNotDeductible, type PenaltyTaken } from './penalty-shares.js';

type Data = Record<string, unknown>;

const asMoney = (v: unknown): Money | undefined =>
  v && typeof v === 'object' && typeof (v as Money).amount === 'number' && typeof (v as Money).currency === 'string' ? { amount: (v as Money).amount, currency: (v as Money).currency } : undefined;

/**
 * The customer return a return slip asks for.
 *
 * @example
 * customerReturnFor(slip).items[0].quantity; // 5
 */
export function customerReturnFor(doc: AftersalesDocument): CustomerReturnRequest {
  const d = doc.data as Data & { customer?: { id?: string }; items?: { itemNumber?: string; quantity?: number; unit?: string }[] };
  return {
    reference: doc.number,
    customerId: String(d.customer?.id ?? ''),
    ...(typeof d.salesOrder === 'string' ? { salesOrder: d.salesOrder } : {}),
    ...(typeof d.reason === 'string' ? { reason: d.reason } : {}),
    items: (d.items ?? []).map((i) => ({ product: String(i.itemNumber ?? ''), quantity: Number(i.quantity ?? 0), ...(i.unit ? { unit: i.unit } : {}) })),
  };
}

/**
 * The credit memo request an allowance certificate asks for.
 *
 * @example
 * creditMemoFor(certificate).amount; // { amount: 300000, currency: 'CNY' }
 */
export function creditMemoFor(doc: AftersalesDocument): CreditMemoRequest {
  const d = doc.data as Data & { customer?: { id?: string } };
  return {
    reference: doc.number,
    customerId: String(d.customer?.id ?? ''),
    ...(typeof d.salesOrder === 'string' ? { salesOrder: d.salesOrder } : {}),
    ...(typeof d.invoiceNumber === 'string' ? { invoice: d.invoiceNumber } : {}),
    ...(typeof d.reason === 'string' ? { reason: d.reason } : {}),
    amount: asMoney(d.amount) ?? { amount: 0, currency: 'CNY' },
  };
}

/**
 * The payroll deductions of a penalty notice: each person's share spread over months under the
 * monthly cap, from the notice's payroll period (or the current month in the company's zone).
 *
 * @example
 * penaltyDeductionsFor(notice, settings, now).map((r) => r.reference); // ['2611-001/E1001/2026-11', '2611-001/E1001/2026-12']
 */
export function penaltyDeductionsFor(doc: AftersalesDocument, settings: AftersalesSettings, now: Date, taken?: PenaltyTaken): PenaltyDeductionRequest[] {
  const d = doc.data as Data & { persons?: { employeeId?: string; share?: unknown; monthlyBonus?: unknown; level?: unknown; demeritCount?: unknown }[]; payrollPeriod?: string };
  const { year, month } = numberingPeriodOf(now, settings.calendar.timeZone);
  const startMonth = typeof d.payrollPeriod === 'string' ? d.payrollPeriod : `${year}-${String(month).padStart(2, '0')}`;
  const reason = typeof d.causeDescription === 'string' ? d.causeDescription : typeof d.causeCode === 'string' ? d.causeCode : undefined;
  const out: PenaltyDeductionRequest[] = [];
  // A share with no bonus to come out of is refused, never deducted at once past the cap.
  throwIfShareNotDeductible(d, settings);
  for (const person of d.persons ?? []) {
    const bonus = asMoney(person.monthlyBonus);
    if (!person.employeeId || !bonus) continue;
    const employeeId = person.employeeId;
    // A warning or demerit is deducted in the payroll month, apart from the share of the loss.
    const administrative = administrativeDeductionOf(person, settings)!;
    if (administrative.amount > 0) {
      out.push({ reference: `${doc.number}/${employeeId}/${startMonth}/admin`, employeeId, period: startMonth, amount: administrative, reason: administrativeReason(person), kind: 'administrative' });
    }
    const share = asMoney(person.share);
    if (!share || share.amount <= 0) continue;
    const instalments = deductionSchedule({ total: share, monthlyBonus: bonus, startMonth, settings, taken: economicTaken({ employeeId, monthlyBonus: bonus }, startMonth, administrative, taken, settings) });
    for (const i of instalments) {
      out.push({ reference: `${doc.number}/${employeeId}/${i.month}`, employeeId, period: i.month, amount: i.amount, ...(reason ? { reason } : {}), kind: 'economic' });
    }
  }
  return out;
}

/**
 * The outbox entries a document produces on reaching `state`.
 *
 * @example
 * writeBacksOn(slip, 'approved', settings, now); // [{ operation: 'create-customer-return', … }]
 */
export function writeBacksOn(doc: AftersalesDocument, state: string, settings: AftersalesSettings, now: Date, penaltyTaken?: PenaltyTaken): NewOutboxEntry[] {
  const createdAt = now.toISOString();
  if (doc.kind === 'return-slip' && state === 'approved') {
    const req = customerReturnFor(doc);
    return [{ documentId: doc.id, operation: 'create-customer-return', reference: req.reference, payload: { ...req }, createdAt }];
  }
  if (doc.kind === 'allowance-certificate' && state === 'stamped') {
    const req = creditMemoFor(doc);
    return [{ documentId: doc.id, operation: 'create-credit-memo-request', reference: req.reference, payload: { ...req }, createdAt }];
  }
  if (doc.kind === 'penalty-notice' && state === 'approved') {
    return penaltyDeductionsFor(doc, settings, now, penaltyTaken).map((req) => ({ documentId: doc.id, operation: 'post-penalty-deduction' as const, reference: req.reference, payload: { ...req }, createdAt }));
  }
  return [];
}
