/**
 * The approval authority (核决权限): which role may approve how much, per form kind, cause and
 * currency, and the chain a request climbs when it is above a role's limit.
 */
import { z } from 'zod';
import { AftersalesError, invalidData, type FieldError } from '../errors.js';
import { formatMoney, type Money } from '../money.js';
import { FORM_KINDS, ROLES, ROLE_NAMES, type Actor, type FormKind, type Role } from '../vocabulary.js';

/**
 * One limit: `role` may approve up to `maxAmount` (integer minor units; `null` = no limit) for
 * this form kind, currency and, optionally, cause.
 *
 * @example
 * const row: ApprovalLimit = { formKind: 'complaint', currency: 'CNY', role: 'sales-manager', maxAmount: 500_000 };
 */
export const approvalLimitSchema = z.object({
  formKind: z.enum(FORM_KINDS),
  cause: z.string().min(1).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 currency such as CNY'),
  role: z.enum(ROLES),
  maxAmount: z.number().int('a whole number of minor units (fen)').min(0, 'must not be negative').nullable(),
});

/**
 * The admin-defined matrix: limits and the escalation chain (global, or per form kind).
 *
 * @example
 * const m = approvalMatrixSchema.parse({ chain: ['sales-manager', 'vp', 'gm'], limits: [] });
 */
export const approvalMatrixSchema = z
  .object({
    /** The chain a request climbs, lowest authority first. */
    chain: z.array(z.enum(ROLES)).min(1, 'the chain needs at least one role'),
    /** Chains for particular form kinds, replacing `chain` for them. */
    chains: z.partialRecord(z.enum(FORM_KINDS), z.array(z.enum(ROLES)).min(1)).default({}),
    limits: z.array(approvalLimitSchema),
  })
  .superRefine((m, ctx) => {
    m.limits.forEach((row, i) => {
      const chain = m.chains[row.formKind] ?? m.chain;
      if (!chain.includes(row.role)) {
        ctx.addIssue({ code: 'custom', path: ['limits', i, 'role'], message: `role ${row.role} is not in the approval chain of ${row.formKind}` });
      }
      const twin = m.limits.findIndex((o, j) => j < i && o.formKind === row.formKind && o.currency === row.currency && o.role === row.role && o.cause === row.cause);
      if (twin >= 0) ctx.addIssue({ code: 'custom', path: ['limits', i], message: `duplicates limit ${twin}` });
    });
  });

/**
 * A limit row.
 *
 * @example
 * const row: ApprovalLimit = { formKind: 'penalty-notice', currency: 'CNY', role: 'gm', maxAmount: null };
 */
export type ApprovalLimit = z.infer<typeof approvalLimitSchema>;

/**
 * The approval matrix.
 *
 * @example
 * const m: ApprovalMatrix = DEFAULT_APPROVAL_MATRIX;
 */
export type ApprovalMatrix = z.infer<typeof approvalMatrixSchema>;

/** The forms whose decisions commit money and need approval within authority. */
const APPROVED_KINDS: FormKind[] = ['complaint', 'return-slip', 'penalty-notice', 'allowance-certificate'];

/**
 * The demo matrix (CNY): sales manager up to 5,000 yuan, VP up to 50,000, GM without limit.
 *
 * @example
 * requiredApprover(DEFAULT_APPROVAL_MATRIX, { formKind: 'complaint', amount: { amount: 600_000, currency: 'CNY' } }); // 'vp'
 */
export const DEFAULT_APPROVAL_MATRIX: ApprovalMatrix = {
  chain: ['sales-manager', 'vp', 'gm'],
  chains: {},
  limits: APPROVED_KINDS.flatMap((formKind) => [
    { formKind, currency: 'CNY', role: 'sales-manager' as const, maxAmount: 500_000 },
    { formKind, currency: 'CNY', role: 'vp' as const, maxAmount: 5_000_000 },
    { formKind, currency: 'CNY', role: 'gm' as const, maxAmount: null },
  ]),
};

/**
 * Validates an admin's matrix, reporting every problem with its JSON pointer.
 *
 * @example
 * const m = parseApprovalMatrix(JSON.parse(body));
 */
export function parseApprovalMatrix(input: unknown): ApprovalMatrix {
  const r = approvalMatrixSchema.safeParse(input);
  if (r.success) return r.data;
  const errors: FieldError[] = r.error.issues.map((issue) => ({
    pointer: issue.path.length ? '/' + issue.path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/') : '',
    code: issue.code,
    message: { 'zh-CN': `核决权限表无效：${issue.message}`, en: issue.message },
  }));
  throw invalidData(errors, 'AFTERSALES.APPROVAL_MATRIX_INVALID');
}

/**
 * What an approval is about.
 *
 * @example
 * const q: ApprovalQuery = { formKind: 'complaint', cause: 'delivery-delay', amount: { amount: 300_000, currency: 'CNY' } };
 */
export interface ApprovalQuery {
  formKind: FormKind;
  cause?: string;
  amount: Money;
}

/** The chain that applies to a form kind. */
export function approvalChain(matrix: ApprovalMatrix, formKind: FormKind): Role[] {
  return matrix.chains[formKind] ?? matrix.chain;
}

/**
 * A role's limit for a query: the cause-specific row wins over the general one; `undefined` when
 * the role has no row (it cannot approve), `null` when unlimited.
 *
 * @example
 * roleLimit(DEFAULT_APPROVAL_MATRIX, 'vp', { formKind: 'complaint', amount: { amount: 1, currency: 'CNY' } }); // 5_000_000
 */
export function roleLimit(matrix: ApprovalMatrix, role: Role, q: ApprovalQuery): number | null | undefined {
  const rows = matrix.limits.filter((r) => r.formKind === q.formKind && r.currency === q.amount.currency && r.role === role);
  const specific = q.cause === undefined ? undefined : rows.find((r) => r.cause === q.cause);
  const general = rows.find((r) => r.cause === undefined);
  return (specific ?? general)?.maxAmount;
}

function covers(limit: number | null | undefined, amount: number): boolean {
  return limit === null || (limit !== undefined && Math.abs(amount) <= limit);
}

function assertCurrencyConfigured(matrix: ApprovalMatrix, q: ApprovalQuery): void {
  if (!matrix.limits.some((r) => r.formKind === q.formKind && r.currency === q.amount.currency)) {
    throw new AftersalesError({
      code: 'AFTERSALES.APPROVAL_CURRENCY_NOT_CONFIGURED',
      type: 'invalid_data',
      pointer: '/amount/currency',
      message: {
        'zh-CN': `核决权限表中没有 ${q.formKind} 以 ${q.amount.currency} 计价的权限，请管理员补充`,
        en: `The approval matrix has no limits for ${q.formKind} in ${q.amount.currency}; an administrator must add them`,
      },
      details: { formKind: q.formKind, currency: q.amount.currency },
    });
  }
}

/**
 * The lowest role in the chain whose limit covers the amount.
 *
 * @example
 * requiredApprover(DEFAULT_APPROVAL_MATRIX, { formKind: 'complaint', amount: { amount: 400_000, currency: 'CNY' } }); // 'sales-manager'
 * requiredApprover(DEFAULT_APPROVAL_MATRIX, { formKind: 'complaint', amount: { amount: 6_000_000, currency: 'CNY' } }); // 'gm'
 */
export function requiredApprover(matrix: ApprovalMatrix, q: ApprovalQuery): Role {
  assertCurrencyConfigured(matrix, q);
  const role = approvalChain(matrix, q.formKind).find((r) => covers(roleLimit(matrix, r, q), q.amount.amount));
  if (role) return role;
  throw new AftersalesError({
    code: 'AFTERSALES.APPROVAL_ABOVE_ALL_LIMITS',
    type: 'not_allowed',
    pointer: '/amount',
    message: {
      'zh-CN': `金额 ${formatMoney(q.amount, 'zh-CN')} 超出核决权限表中所有角色的权限`,
      en: `${formatMoney(q.amount, 'en')} is above every limit in the approval matrix`,
    },
    details: { formKind: q.formKind, amount: q.amount },
  });
}

/**
 * Checks that the actor may approve the amount and returns the role they approve as (their
 * lowest role that covers it); otherwise refuses, naming the role the request must climb to.
 *
 * @example
 * assertWithinAuthority(DEFAULT_APPROVAL_MATRIX, vp, { formKind: 'complaint', amount: { amount: 600_000, currency: 'CNY' } }); // 'vp'
 */
export function assertWithinAuthority(matrix: ApprovalMatrix, actor: Actor, q: ApprovalQuery): Role {
  const needed = requiredApprover(matrix, q);
  const chain = approvalChain(matrix, q.formKind);
  const own = chain.find((r) => actor.roles.includes(r) && covers(roleLimit(matrix, r, q), q.amount.amount));
  if (own) return own;
  const held = chain.filter((r) => actor.roles.includes(r));
  const best = held.at(-1);
  const limit = best ? roleLimit(matrix, best, q) : undefined;
  const limitText = (locale: 'zh-CN' | 'en') =>
    best && typeof limit === 'number' ? (locale === 'en' ? ` (limit ${formatMoney({ amount: limit, currency: q.amount.currency }, 'en')})` : `（权限 ${formatMoney({ amount: limit, currency: q.amount.currency }, 'zh-CN')}）`) : '';
  throw new AftersalesError({
    code: 'AFTERSALES.APPROVAL_LIMIT_EXCEEDED',
    type: 'not_allowed',
    pointer: '/amount',
    message: {
      'zh-CN': `金额 ${formatMoney(q.amount, 'zh-CN')} 超出您的核决权限${limitText('zh-CN')}，须呈${ROLE_NAMES[needed]['zh-CN']}核决`,
      en: `${formatMoney(q.amount, 'en')} is above your approval authority${limitText('en')}; it needs approval by the ${ROLE_NAMES[needed].en}`,
    },
    details: { nextRole: needed, amount: q.amount, ...(best ? { role: best, limit } : {}) },
  });
}
