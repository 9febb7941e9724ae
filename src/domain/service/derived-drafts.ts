/**
 * What a closed complaint leads to (000 十三, 客户投诉经济处罚准则): a return slip for a return
 * or rework, a sales allowance certificate for an allowance or compensation, and a penalty
 * notice for each responsible unit (persons named, or the unit's members for the GM office to
 * list); nothing when the customer rejected the decision.
 */
import type { AftersalesDocument } from '../document.js';
import type { Money } from '../money.js';
import { DEPARTMENTS, type FormKind } from '../vocabulary.js';
import { splitLossByResponsibility } from '../rules/penalties.js';

/**
 * A draft to create, before it gets an id and a number.
 *
 * @example
 * const d: DraftPlan = { kind: 'return-slip', data: { handling: 'return' } };
 */
export interface DraftPlan {
  kind: FormKind;
  data: Record<string, unknown>;
}

interface ComplaintData {
  customer?: { id?: string; name?: string };
  salesOrder?: string;
  itemNumber?: string;
  itemDescription?: string;
  unit?: string;
  quantityDefective?: number;
  reason?: string;
  qa?: { cause?: string; causeDescription?: string; responsibleUnit?: string };
  decision?: {
    outcome?: string;
    quantity?: number;
    amount?: Money;
    responsibility?: { unit: string; ratioPercent: number; persons?: { employeeId?: string; name: string }[] }[];
  };
  result?: { customerAccepted?: boolean };
}

/**
 * The department id a responsible unit names, when it names one (by id or by its name in either
 * language); otherwise the GM office chooses it on the draft.
 *
 * @example
 * departmentOfUnit('制造部门'); // 'manufacturing'
 * departmentOfUnit('制造二科 阻焊组'); // undefined
 */
export function departmentOfUnit(unit: string): string | undefined {
  const u = unit.trim();
  if (Object.prototype.hasOwnProperty.call(DEPARTMENTS, u)) return u;
  return Object.entries(DEPARTMENTS).find(([, name]) => name['zh-CN'] === u || name.en.toLowerCase() === u.toLowerCase())?.[0];
}

/**
 * The drafts a closed complaint produces, from its decision.
 *
 * @example
 * draftsFromComplaint(closed).map((d) => d.kind); // ['return-slip', 'penalty-notice']
 */
export function draftsFromComplaint(complaint: AftersalesDocument): DraftPlan[] {
  const c = complaint.data as ComplaintData;
  // A decision the customer rejected settles nothing: a new complaint follows (000 十.9), and its close produces the forms.
  if (c.result?.customerAccepted === false) return [];
  const decision = c.decision ?? {};
  const customer = { id: c.customer?.id ?? '', name: c.customer?.name ?? '' };
  const quantity = decision.quantity ?? c.quantityDefective ?? 0;
  const drafts: DraftPlan[] = [];
  if (decision.outcome === 'return' || decision.outcome === 'rework') {
    drafts.push({
      kind: 'return-slip',
      data: {
        customer,
        basisComplaintNumber: complaint.number,
        ...(c.salesOrder ? { salesOrder: c.salesOrder } : {}),
        reason: c.reason ?? '',
        handling: decision.outcome,
        items: [{ itemNumber: c.itemNumber ?? '', description: c.itemDescription ?? c.itemNumber ?? '', quantity, unit: c.unit ?? 'PCS' }],
        ...(decision.amount ? { total: { ...decision.amount } } : {}),
        approvedQuantity: quantity,
      },
    });
  }
  if (decision.outcome === 'allowance' || decision.outcome === 'compensation') {
    drafts.push({
      kind: 'allowance-certificate',
      data: {
        customer,
        basisComplaintNumber: complaint.number,
        ...(c.salesOrder ? { salesOrder: c.salesOrder } : {}),
        kind: decision.outcome,
        ...(c.reason ? { reason: c.reason } : {}),
        amount: decision.amount ? { ...decision.amount } : { amount: 0, currency: 'CNY' },
      },
    });
  }
  const responsibility = decision.responsibility ?? [];
  if (responsibility.length) {
    const loss = decision.amount ?? { amount: 0, currency: 'CNY' };
    // Split over every responsible unit, so the shares add up to the loss to the fen.
    const split = splitLossByResponsibility(loss, responsibility.map((u, i) => ({ id: String(i), ratioPercent: u.ratioPercent })), '/decision/responsibility');
    responsibility.forEach((u, i) => {
      const persons = u.persons ?? [];
      drafts.push({
        kind: 'penalty-notice',
        data: {
          basisComplaintNumber: complaint.number,
          causeCode: c.qa?.cause ?? 'other',
          ...(c.qa?.causeDescription ? { causeDescription: c.qa.causeDescription } : {}),
          ...(departmentOfUnit(u.unit) ? { penalisedDepartment: departmentOfUnit(u.unit) } : {}),
          responsibleUnit: u.unit,
          // No one named: the whole unit bears it (经济处罚准则 (一)(二)), split over its members by base points, whom the GM office lists.
          faultType: persons.length === 1 ? 'individual' : 'joint',
          loss: { ...split[i]!.amount },
          persons: persons.map((p) => ({ ...(p.employeeId ? { employeeId: p.employeeId } : {}), name: p.name })),
        },
      });
    });
  }
  return drafts;
}
