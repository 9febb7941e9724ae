/**
 * The fields of a repair-voucher document, derived from `schema.json` by `scripts/form-files.ts`.
 * Do not edit: change the schema and run `npx tsx scripts/form-files.ts`.
 */

/**
 * `#/$defs/money` of the repair-voucher schema.
 *
 * @example
 * import type { Money } from './types.js';
 */
export interface Money {
  amount: number;
  currency: string;
}

/**
 * `#/$defs/qualityCheck` of the repair-voucher schema.
 *
 * @example
 * import type { QualityCheck } from './types.js';
 */
export interface QualityCheck {
  inspector: string;
  at?: string;
  passed: boolean;
  note?: string;
}

/**
 * `#/$defs/rating` of the repair-voucher schema.
 *
 * @example
 * import type { Rating } from './types.js';
 */
export type Rating = "very-satisfied" | "satisfied" | "dissatisfied" | "very-dissatisfied";

/**
 * A repair-voucher document's data as its version-1 schema defines it.
 *
 * @example
 * const data = catalog.sample('repair-voucher') as RepairVoucherData;
 */
export interface RepairVoucherData {
  customer: {
    id?: string;
    name: string;
    address: string;
    phone: string;
  };
  productModel: string;
  serialNumber: string;
  fault: string;
  callAt: string;
  site: "urban" | "suburban";
  province: "same" | "other";
  serviceCategory: "A" | "B" | "C" | "D";
  warrantyUntil?: string;
  contractId?: string;
  contractUntil?: string;
  technician?: string;
  dispatchedAt?: string;
  arrivedAt?: string;
  serviceDate?: string;
  quoteLines?: {
    kind: "labour" | "part" | "material";
    partNumber?: string;
    description: string;
    quantity: number;
    unitPrice: Money;
    amount: Money;
    addedAfterQuote?: boolean;
    customerConfirmed?: boolean;
  }[];
  total?: Money;
  partsReplaced?: {
    partNumber: string;
    description?: string;
    quantity: number;
    oldPartReturned: boolean;
  }[];
  repairHours?: number;
  outcome?: "fixed-on-site" | "taken-back";
  goodsReceiptNumber?: string;
  customerSignature?: {
    name: string;
    signedAt?: string;
  };
  qualityChecks?: {
    self?: QualityCheck;
    team?: QualityCheck;
    final?: QualityCheck;
  };
  returnedAt?: string;
  invoiceNumber?: string;
  followUp?: {
    attempts?: {
      at: string;
      reached: boolean;
      note?: string;
    }[];
    result?: "reached" | "unreachable";
    satisfaction?: {
      attitude?: Rating;
      skill?: Rating;
      arrivalTime?: Rating;
      promisesKept?: Rating;
    };
  };
}
