/**
 * The fixed vocabulary integrators build on: form kinds, roles and departments.
 */
import type { Localized } from './locale.js';

/** The five forms, by their exact identifiers (see API.md). */
export const FORM_KINDS = ['repair-voucher', 'complaint', 'return-slip', 'penalty-notice', 'allowance-certificate'] as const;

/**
 * One of the five form kinds.
 *
 * @example
 * const kind: FormKind = 'complaint';
 */
export type FormKind = (typeof FORM_KINDS)[number];

/**
 * True when `s` names one of the five form kinds.
 *
 * @example
 * isFormKind('complaint'); // true
 */
export function isFormKind(s: unknown): s is FormKind {
  return typeof s === 'string' && (FORM_KINDS as readonly string[]).includes(s);
}

/** The roles the forms' workflows and the approval matrix speak of. */
export const ROLES = [
  'sales',
  'gm-office',
  'qa',
  'production',
  'rnd',
  'sales-manager',
  'vp',
  'gm',
  'warehouse',
  'accounting',
  'service',
  'service-supervisor',
  'admin',
] as const;

/**
 * A role a user holds; a user may hold several.
 *
 * @example
 * const approver: Role = 'sales-manager';
 */
export type Role = (typeof ROLES)[number];

/** Each role's name in both languages, for messages such as "needs approval by the VP". */
export const ROLE_NAMES: Record<Role, Localized> = {
  sales: { 'zh-CN': '业务人员', en: 'Sales' },
  'gm-office': { 'zh-CN': '总经理室', en: 'GM office' },
  qa: { 'zh-CN': '质量管理部', en: 'Quality assurance' },
  production: { 'zh-CN': '生产单位', en: 'Production unit' },
  rnd: { 'zh-CN': '研发部', en: 'R&D' },
  'sales-manager': { 'zh-CN': '业务经理', en: 'Sales manager' },
  vp: { 'zh-CN': '副总经理', en: 'Vice president' },
  gm: { 'zh-CN': '总经理', en: 'General manager' },
  warehouse: { 'zh-CN': '成品仓库', en: 'Finished-goods warehouse' },
  accounting: { 'zh-CN': '会计科', en: 'Accounting' },
  service: { 'zh-CN': '服务技术员', en: 'Service technician' },
  'service-supervisor': { 'zh-CN': '服务主管', en: 'Service supervisor' },
  admin: { 'zh-CN': '系统管理员', en: 'Administrator' },
};

/** Departments that keep copies and have an inbox. Admins may add more in a form's copies. */
export const DEPARTMENTS: Record<string, Localized> = {
  qa: { 'zh-CN': '质量管理部', en: 'Quality Dept.' },
  manufacturing: { 'zh-CN': '制造部门', en: 'Manufacturing' },
  sales: { 'zh-CN': '业务部门', en: 'Sales Dept.' },
  accounting: { 'zh-CN': '会计科', en: 'Accounting' },
  'gm-office': { 'zh-CN': '总经理室', en: "GM's Office" },
  warehouse: { 'zh-CN': '成品仓库', en: 'Finished-goods Warehouse' },
  service: { 'zh-CN': '服务中心', en: 'Service Centre' },
  customer: { 'zh-CN': '客户', en: 'Customer' },
  rnd: { 'zh-CN': '研发部', en: 'R&D' },
};

/**
 * Someone acting on a document: who, with which roles, in which department.
 *
 * @example
 * const clerk: Actor = { id: 'u-accounting-1', name: '李会计', roles: ['accounting'], department: 'accounting' };
 */
export interface Actor {
  id: string;
  name?: string;
  roles: Role[];
  department: string;
}

/** The actor the engine itself acts as (deadline scans, drafts produced on closing). */
export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'system', roles: ['admin'], department: 'gm-office' };
