/**
 * The fields of a penalty-notice document, derived from `schema.json` by `scripts/form-files.ts`.
 * Do not edit: change the schema and run `npx tsx scripts/form-files.ts`.
 */

/**
 * `#/$defs/money` of the penalty-notice schema.
 *
 * @example
 * import type { Money } from './types.js';
 */
export interface Money {
  amount: number;
  currency: string;
}

/**
 * `#/$defs/signature` of the penalty-notice schema.
 *
 * @example
 * import type { Signature } from './types.js';
 */
export interface Signature {
  name: string;
  signedAt?: string;
}

/**
 * `#/$defs/causeCode` of the penalty-notice schema.
 *
 * @example
 * import type { CauseCode } from './types.js';
 */
export type CauseCode = "document-or-sample-error" | "financial-error" | "material-against-specification" | "rejects-mixed-in" | "over-shipment-without-consent" | "production-data-reduced" | "special-requirement-not-passed-on" | "order-entry-error" | "delivery-delay" | "wrong-shipment" | "delivery-note-error" | "storage-or-transport" | "labelling-not-to-specification" | "inspection-data-mismatch" | "other";

/**
 * A penalty-notice document's data as its version-1 schema defines it.
 *
 * @example
 * const data = catalog.sample('penalty-notice') as PenaltyNoticeData;
 */
export interface PenaltyNoticeData {
  basisComplaintNumber: string;
  causeCode: CauseCode;
  causeDescription?: string;
  penalisedDepartment: string;
  responsibleUnit?: string;
  faultType?: "individual" | "joint";
  lossBasis?: "a-grade-price-difference" | "actual-loss";
  loss: Money;
  payrollPeriod?: string;
  persons: {
    employeeId: string;
    name: string;
    basePoints: number;
    responsibilityPercent: number;
    share: Money;
    monthlyBonus: Money;
    level: "none" | "warning" | "minor-demerit" | "major-demerit";
    demeritCount?: number;
    administrativeDeduction?: Money;
    deductedThisMonth?: Money;
    carriedOver?: Money;
  }[];
  totals?: {
    share?: Money;
    deductedThisMonth?: Money;
    carriedOver?: Money;
    administrativeDeduction?: Money;
  };
  approval?: Signature;
  note?: string;
}
