/**
 * The fields of a allowance-certificate document, derived from `schema.json` by `scripts/form-files.ts`.
 * Do not edit: change the schema and run `npx tsx scripts/form-files.ts`.
 */

/**
 * `#/$defs/money` of the allowance-certificate schema.
 *
 * @example
 * import type { Money } from './types.js';
 */
export interface Money {
  amount: number;
  currency: string;
}

/**
 * `#/$defs/customer` of the allowance-certificate schema.
 *
 * @example
 * import type { Customer } from './types.js';
 */
export interface Customer {
  id: string;
  name: string;
}

/**
 * `#/$defs/signature` of the allowance-certificate schema.
 *
 * @example
 * import type { Signature } from './types.js';
 */
export interface Signature {
  name: string;
  signedAt?: string;
}

/**
 * A allowance-certificate document's data as its version-1 schema defines it.
 *
 * @example
 * const data = catalog.sample('allowance-certificate') as AllowanceCertificateData;
 */
export interface AllowanceCertificateData {
  customer: Customer;
  basisComplaintNumber: string;
  invoiceNumber: string;
  invoiceDate?: string;
  salesOrder?: string;
  kind: "allowance" | "compensation";
  reason?: string;
  items?: {
    itemNumber: string;
    description: string;
    quantity: number;
    unit?: string;
    originalUnitPrice?: Money;
    allowedUnitPrice: Money;
    allowedAmount: Money;
  }[];
  amount: Money;
  proof?: "invoice-copy-stamped" | "certificate-stamped";
  signatures?: {
    manager?: Signature;
    gm?: Signature;
    customerStamp?: {
      stampedBy?: string;
      stampedAt: string;
    };
  };
}
