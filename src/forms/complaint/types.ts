/**
 * The fields of a complaint document, derived from `schema.json` by `scripts/form-files.ts`.
 * Do not edit: change the schema and run `npx tsx scripts/form-files.ts`.
 */

/**
 * `#/$defs/money` of the complaint schema.
 *
 * @example
 * import type { Money } from './types.js';
 */
export interface Money {
  amount: number;
  currency: string;
}

/**
 * `#/$defs/comment` of the complaint schema.
 *
 * @example
 * import type { Comment } from './types.js';
 */
export interface Comment {
  text?: string;
  by?: string;
  at?: string;
}

/**
 * `#/$defs/outcome` of the complaint schema.
 *
 * @example
 * import type { Outcome } from './types.js';
 */
export type Outcome = "return" | "rework" | "exchange" | "allowance" | "compensation" | "not-substantiated";

/**
 * `#/$defs/causeCode` of the complaint schema.
 *
 * @example
 * import type { CauseCode } from './types.js';
 */
export type CauseCode = "document-or-sample-error" | "financial-error" | "material-against-specification" | "rejects-mixed-in" | "over-shipment-without-consent" | "production-data-reduced" | "special-requirement-not-passed-on" | "order-entry-error" | "delivery-delay" | "wrong-shipment" | "delivery-note-error" | "storage-or-transport" | "labelling-not-to-specification" | "inspection-data-mismatch" | "other";

/**
 * A complaint document's data as its version-1 schema defines it.
 *
 * @example
 * const data = catalog.sample('complaint') as ComplaintData;
 */
export interface ComplaintData {
  customer: {
    id: string;
    name: string;
    country?: string;
  };
  market: "domestic" | "foreign";
  salesOrder: string;
  itemNumber: string;
  itemDescription?: string;
  unit?: string;
  quantityShipped: number;
  shipDate: string;
  quantityDefective?: number;
  customerRequest: "return" | "exchange" | "allowance" | "compensation" | "rework" | "undetermined";
  reason: string;
  sampleAttached: boolean;
  severity: "grumble" | "general" | "intermediate" | "severe";
  claimedAmount?: Money;
  registration?: {
    acceptedAt?: string;
    trackingLogEntry?: string;
    registeredBy?: string;
  };
  qa?: {
    cause?: CauseCode;
    causeDescription?: string;
    responsibleUnit?: string;
    investigationReport?: string;
    investigatedAt?: string;
    rndRequired?: boolean;
  };
  countermeasure?: Comment;
  managerComment?: Comment;
  rndComment?: Comment;
  gmOfficeCheck?: Comment;
  proposal?: {
    handling?: Outcome;
    quantity?: number;
    amount?: Money;
    note?: string;
  };
  consolidation?: Comment;
  decision?: {
    outcome?: Outcome;
    quantity?: number;
    amount?: Money;
    responsibility?: {
      unit: string;
      ratioPercent: number;
      persons?: {
        employeeId?: string;
        name: string;
      }[];
    }[];
    note?: string;
  };
  result?: {
    customerAccepted?: boolean;
    note?: string;
    notifiedAt?: string;
  };
}
