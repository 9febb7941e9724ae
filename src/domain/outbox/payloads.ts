/**
 * What each write-back's payload must hold, checked before the host is called so a malformed
 * entry is parked with a clear message instead of being retried forever.
 */
import { z } from 'zod';
import type { CreditMemoRequest, CustomerReturnRequest, OutboxOperation, PenaltyDeductionRequest } from '../ports.js';

const money = z.object({ amount: z.number().int().refine(Number.isSafeInteger), currency: z.string().regex(/^[A-Z]{3}$/) });
const text = z.string().min(1);

/**
 * The payload schema of each outbox operation (the reference is the entry's own).
 *
 * @example
 * outboxPayloadSchemas['create-credit-memo-request'].parse({ customerId: '10100001', amount: { amount: 300000, currency: 'CNY' } });
 */
export const outboxPayloadSchemas = {
  'create-customer-return': z.object({
    customerId: text,
    salesOrder: text.optional(),
    reason: z.string().optional(),
    items: z
      .array(z.object({ product: text, quantity: z.number().positive(), unit: z.string().optional(), salesOrderItem: z.string().optional() }))
      .min(1),
  }),
  'create-credit-memo-request': z.object({
    customerId: text,
    salesOrder: text.optional(),
    invoice: text.optional(),
    reason: z.string().optional(),
    amount: money,
  }),
  'post-penalty-deduction': z.object({
    employeeId: text,
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    amount: money,
    reason: z.string().optional(),
  }),
} satisfies Record<OutboxOperation, z.ZodType>;

/**
 * The request an operation sends, typed per operation.
 *
 * @example
 * const r: OutboxRequest<'create-customer-return'> = { reference: '2611-004', customerId: '10100001', items: [{ product: 'PUMP-200', quantity: 5 }] };
 */
export type OutboxRequest<O extends OutboxOperation> = O extends 'create-customer-return'
  ? CustomerReturnRequest
  : O extends 'create-credit-memo-request'
    ? CreditMemoRequest
    : PenaltyDeductionRequest;
