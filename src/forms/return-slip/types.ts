/**
 * The fields of a return-slip document, derived from `schema.json` by `scripts/form-files.ts`.
 * Do not edit: change the schema and run `npx tsx scripts/form-files.ts`.
 */

/**
 * `#/$defs/money` of the return-slip schema.
 *
 * @example
 * import type { Money } from './types.js';
 */
export interface Money {
  amount: number;
  currency: string;
}

/**
 * `#/$defs/customer` of the return-slip schema.
 *
 * @example
 * import type { Customer } from './types.js';
 */
export interface Customer {
  id: string;
  name: string;
}

/**
 * `#/$defs/signature` of the return-slip schema.
 *
 * @example
 * import type { Signature } from './types.js';
 */
export interface Signature {
  name: string;
  signedAt?: string;
}

/**
 * A return-slip document's data as its version-1 schema defines it.
 *
 * @example
 * const data = catalog.sample('return-slip') as ReturnSlipData;
 */
export interface ReturnSlipData {
  customer: Customer;
  basisComplaintNumber: string;
  salesOrder?: string;
  reason: string;
  handling: "return" | "rework";
  items: {
    itemNumber: string;
    description: string;
    quantity: number;
    unit: string;
    unitPrice?: Money;
    amount?: Money;
  }[];
  total?: Money;
  approvedQuantity: number;
  actualQuantity?: number;
  proofOfReturn?: "original-invoice-stamped" | "invoice-copy-stamped" | "return-certificate-stamped";
  approval?: Signature;
  receipt?: {
    receivedBy?: string;
    receivedAt?: string;
    note?: string;
  };
  reconciliation?: {
    toleranceRatio?: number;
    outcome?: "book-actual" | "hold";
    voucherNumber?: string;
    note?: string;
  };
}
