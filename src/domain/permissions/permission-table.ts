/**
 * Who may do what, as data: one row per role × form kind × action, derived from the workflows'
 * transition roles plus the create and read rules of the regulations. Pure functions only; the
 * HTTP adapter enforces them on every request.
 */
import type { CopyDefinition } from '../document.js';
import type { WorkflowDefinition } from '../workflow/types.js';
import { FORM_KINDS, type Actor, type FormKind, type Role } from '../vocabulary.js';

/** Actions that are not workflow steps; every workflow action name is an action too. */
export const BASE_ACTIONS = ['create', 'read', 'pdf', 'audit'] as const;

/**
 * What a row allows: `create`, `read`, `pdf`, `audit`, or a workflow action (`register`, `approve`, …).
 *
 * @example
 * const a: PermissionAction = 'approve';
 */
export type PermissionAction = (typeof BASE_ACTIONS)[number] | (string & {});

/**
 * One permission: a role may take an action on a form kind, optionally only while the document
 * is in one of `states` (accounting reads a complaint only once it is decided and closed).
 *
 * @example
 * const row: PermissionRow = { role: 'accounting', formKind: 'complaint', action: 'read', states: ['closed'] };
 */
export interface PermissionRow {
  role: Role;
  formKind: FormKind;
  action: PermissionAction;
  /** Only in these document states; any state when absent. */
  states?: string[];
}

/**
 * The whole table.
 *
 * @example
 * const table: PermissionTable = buildPermissionTable({ workflows, copies });
 */
export type PermissionTable = readonly PermissionRow[];

/**
 * Who files each form when the workflow does not say (`createRoles`): the regulations' issuers: sales files complaints, return slips and
 * allowance certificates; the GM office issues penalty notices; the service centre opens repair
 * vouchers from the call register.
 *
 * @example
 * CREATORS['penalty-notice']; // ['gm-office']
 */
export const CREATORS: Record<FormKind, Role[]> = {
  'repair-voucher': ['service', 'service-supervisor'],
  complaint: ['sales'],
  'return-slip': ['sales'],
  'penalty-notice': ['gm-office'],
  'allowance-certificate': ['sales'],
};

/**
 * The department a role works in, for roles that receive copies without acting in a workflow
 * (accounting, the warehouse) and for the inbox check.
 *
 * @example
 * ROLE_DEPARTMENTS.accounting; // 'accounting'
 */
export const ROLE_DEPARTMENTS: Partial<Record<Role, string>> = {
  sales: 'sales',
  'sales-manager': 'sales',
  'gm-office': 'gm-office',
  qa: 'qa',
  production: 'manufacturing',
  rnd: 'rnd',
  warehouse: 'warehouse',
  accounting: 'accounting',
  service: 'service',
  'service-supervisor': 'service',
};

/** Roles that read and audit every document of every form: the administrator and the GM office that keeps the tracking log. */
const OVERSEERS: Role[] = ['admin', 'gm-office'];

/**
 * The states a document can be in from `start` on, following the transitions. A transition whose
 * target is computed at run time may lead anywhere, so the final states count as reachable.
 *
 * @example
 * statesFrom(complaintWorkflow, 'closed'); // ['closed']
 */
export function statesFrom(workflow: WorkflowDefinition, start: string): string[] {
  const seen = new Set<string>([start]);
  const queue = [start];
  let dynamic = false;
  while (queue.length) {
    const state = queue.shift()!;
    for (const t of workflow.transitions) {
      if (!t.from.includes(state)) continue;
      if (typeof t.to !== 'string') {
        dynamic = true;
        continue;
      }
      if (!seen.has(t.to)) {
        seen.add(t.to);
        queue.push(t.to);
      }
    }
  }
  if (dynamic) for (const [s, d] of Object.entries(workflow.states)) if (d.final) seen.add(s);
  return [...seen];
}

/**
 * Builds the default table from the workflows (who takes each step) and the copies (who receives
 * which copy when). Workflow participants and creators read, print and audit their kinds in any
 * state; a department that only receives a copy (accounting, the warehouse) reads and prints a
 * document only from the state its copy is handed over, never before; admins and the GM office
 * read, print and audit everything.
 *
 * @example
 * const table = buildPermissionTable({ workflows, copies: { complaint: complaintDefinition.copies, … } });
 * can({ id: 'u', roles: ['accounting'], department: 'accounting' }, 'complaint', 'read', { table, state: 'filed' }); // false
 */
export function buildPermissionTable(input: {
  workflows: Partial<Record<FormKind, WorkflowDefinition>>;
  copies?: Partial<Record<FormKind, CopyDefinition[]>>;
}): PermissionRow[] {
  const rows: PermissionRow[] = [];
  const seen = new Set<string>();
  const add = (row: PermissionRow): void => {
    const key = `${row.role}|${row.formKind}|${row.action}|${row.states?.join(',') ?? '*'}`;
    if (seen.has(key)) return;
    seen.add(key);
    rows.push(row);
  };
  for (const kind of FORM_KINDS) {
    const workflow = input.workflows[kind];
    const creators = workflow?.createRoles ?? CREATORS[kind];
    const participants = new Set<Role>([...creators, ...OVERSEERS]);
    for (const role of creators) add({ role, formKind: kind, action: 'create' });
    for (const t of workflow?.transitions ?? []) {
      for (const role of t.roles) {
        add({ role, formKind: kind, action: t.action });
        participants.add(role);
      }
    }
    for (const role of participants) {
      for (const action of ['read', 'pdf', 'audit'] as const) add({ role, formKind: kind, action });
    }
    if (!workflow) continue;
    // Copy holders see a document from the moment its copy reaches them (DOMAIN.md §4).
    const statesByRole = new Map<Role, Set<string>>();
    for (const copy of input.copies?.[kind] ?? []) {
      for (const route of copy.routes) {
        if (typeof route.department !== 'string') continue;
        for (const [role, dept] of Object.entries(ROLE_DEPARTMENTS) as [Role, string][]) {
          if (dept !== route.department || participants.has(role)) continue;
          const set = statesByRole.get(role) ?? new Set<string>();
          for (const s of statesFrom(workflow, route.onState)) set.add(s);
          statesByRole.set(role, set);
        }
      }
    }
    for (const [role, states] of statesByRole) {
      const list = [...states].sort();
      add({ role, formKind: kind, action: 'read', states: list });
      add({ role, formKind: kind, action: 'pdf', states: list });
    }
  }
  return rows;
}

/**
 * True when one of the actor's roles may take `action` on `formKind` (in `state`, when the row is
 * limited to states). Without a state, a state-limited row does not count.
 *
 * @example
 * can(accountant, 'complaint', 'read', { table, state: 'closed' }); // true
 * can(accountant, 'complaint', 'read', { table, state: 'filed' });  // false
 */
export function can(actor: Actor, formKind: FormKind, action: PermissionAction, options: { table: PermissionTable; state?: string }): boolean {
  return options.table.some(
    (row) =>
      row.formKind === formKind &&
      row.action === action &&
      actor.roles.includes(row.role) &&
      (row.states === undefined || (options.state !== undefined && row.states.includes(options.state))),
  );
}

/**
 * True when the actor may take `action` on some document of `formKind` in some state (used to
 * answer 403 before a lookup and to filter lists).
 *
 * @example
 * canEver(accountant, 'complaint', 'read', table); // true: closed complaints
 */
export function canEver(actor: Actor, formKind: FormKind, action: PermissionAction, table: PermissionTable): boolean {
  return table.some((row) => row.formKind === formKind && row.action === action && actor.roles.includes(row.role));
}

/**
 * True when the actor holds the admin role, which every administrative route requires.
 *
 * @example
 * isAdmin({ id: 'root', roles: ['admin'], department: 'gm-office' }); // true
 */
export function isAdmin(actor: Actor): boolean {
  return actor.roles.includes('admin');
}

/**
 * An actor sees only the inbox of their own department; an admin sees any.
 *
 * @example
 * canReadInbox({ id: 'u', roles: ['accounting'], department: 'accounting' }, 'qa'); // false
 */
export function canReadInbox(actor: Actor, department: string): boolean {
  return isAdmin(actor) || actor.department === department;
}
