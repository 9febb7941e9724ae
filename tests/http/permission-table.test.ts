import { describe, expect, it } from 'vitest';
import type { CopyDefinition } from '../../src/domain/document.js';
import {
  buildPermissionTable,
  can,
  canEver,
  canReadInbox,
  isAdmin,
  statesFrom,
} from '../../src/domain/permissions/permission-table.js';
import type { WorkflowDefinition } from '../../src/domain/workflow/types.js';
import type { Actor } from '../../src/domain/vocabulary.js';

const d = (s: string) => ({ 'zh-CN': s, en: s });

// A small complaint-like lifecycle: filed → registered → decided → closed.
const complaint: WorkflowDefinition = {
  kind: 'complaint',
  initial: 'filed',
  states: { filed: { description: d('filed') }, registered: { description: d('registered') }, decided: { description: d('decided') }, closed: { description: d('closed'), final: true }, rejected: { description: d('rejected'), final: true } },
  transitions: [
    { action: 'register', from: ['filed'], to: 'registered', roles: ['gm-office'], description: d('register') },
    { action: 'approve', from: ['registered'], to: 'decided', roles: ['sales-manager', 'vp', 'gm'], description: d('approve'), approves: true },
    { action: 'close', from: ['decided'], to: 'closed', roles: ['sales'], description: d('close') },
    { action: 'withdraw', from: ['filed'], to: () => 'rejected', roles: ['sales'], description: d('withdraw') },
  ],
};
const copies: CopyDefinition[] = [
  { number: 1, department: 'qa', label: d('1'), routes: [{ onState: 'closed', department: 'qa' }] },
  { number: 4, department: 'accounting', label: d('4'), routes: [{ onState: 'closed', department: 'accounting' }] },
];
const table = buildPermissionTable({ workflows: { complaint }, copies: { complaint: copies } });

const actor = (roles: Actor['roles'], department = 'sales'): Actor => ({ id: 'u', roles, department });

describe('the permission table', () => {
  it('lets only the issuing role create each form', () => {
    expect(can(actor(['sales']), 'complaint', 'create', { table })).toBe(true);
    expect(can(actor(['accounting']), 'complaint', 'create', { table })).toBe(false);
    expect(can(actor(['gm-office']), 'penalty-notice', 'create', { table })).toBe(true);
    expect(can(actor(['sales']), 'penalty-notice', 'create', { table })).toBe(false);
    expect(can(actor(['service']), 'repair-voucher', 'create', { table })).toBe(true);
  });

  it('gives each workflow action to the roles of its transition, and to no one else', () => {
    expect(can(actor(['gm-office']), 'complaint', 'register', { table })).toBe(true);
    expect(can(actor(['sales']), 'complaint', 'register', { table })).toBe(false);
    expect(can(actor(['vp']), 'complaint', 'approve', { table })).toBe(true);
    expect(can(actor(['admin']), 'complaint', 'approve', { table })).toBe(false);
  });

  it('shows accounting a complaint only once it is closed (its copy is handed over on closing)', () => {
    const clerk = actor(['accounting'], 'accounting');
    expect(can(clerk, 'complaint', 'read', { table, state: 'filed' })).toBe(false);
    expect(can(clerk, 'complaint', 'read', { table, state: 'decided' })).toBe(false);
    expect(can(clerk, 'complaint', 'read', { table, state: 'closed' })).toBe(true);
    expect(can(clerk, 'complaint', 'read', { table })).toBe(false);
    expect(canEver(clerk, 'complaint', 'read', table)).toBe(true);
    expect(can(clerk, 'complaint', 'audit', { table, state: 'closed' })).toBe(false);
  });

  it('lets participants, the GM office and admins read and audit in every state', () => {
    for (const roles of [['sales'], ['vp'], ['gm-office'], ['admin']] as Actor['roles'][]) {
      expect(can(actor(roles), 'complaint', 'read', { table, state: 'filed' })).toBe(true);
      expect(can(actor(roles), 'complaint', 'audit', { table, state: 'filed' })).toBe(true);
    }
  });

  it('combines the roles of a user holding several', () => {
    expect(can(actor(['accounting', 'gm-office']), 'complaint', 'register', { table })).toBe(true);
  });

  it('follows transitions, and counts final states as reachable behind a computed target', () => {
    expect(statesFrom(complaint, 'decided').sort()).toEqual(['closed', 'decided']);
    expect(statesFrom(complaint, 'filed').sort()).toEqual(['closed', 'decided', 'filed', 'registered', 'rejected']);
  });
});

describe('inboxes and admin routes', () => {
  it('shows a department only its own inbox, an admin any', () => {
    expect(canReadInbox(actor(['accounting'], 'accounting'), 'accounting')).toBe(true);
    expect(canReadInbox(actor(['accounting'], 'accounting'), 'qa')).toBe(false);
    expect(canReadInbox(actor(['admin'], 'gm-office'), 'qa')).toBe(true);
  });

  it('knows the admin by role, not by department', () => {
    expect(isAdmin(actor(['gm'], 'gm-office'))).toBe(false);
    expect(isAdmin(actor(['admin'], 'sales'))).toBe(true);
  });
});

describe('the shipped table', async () => {
  const { defaultPermissionTable } = await import('../../src/domain/permissions/index.js');
  const { workflows } = await import('../../src/forms/workflows.js');

  it('names only real actions of each form', () => {
    for (const row of defaultPermissionTable) {
      const actions = new Set(['create', 'read', 'pdf', 'audit', ...workflows[row.formKind].transitions.map((t) => t.action)]);
      expect(actions.has(row.action), `${row.role} ${row.formKind} ${row.action}`).toBe(true);
    }
  });

  it('never shows accounting a complaint before it is signed off and closed', () => {
    const clerk = actor(['accounting'], 'accounting');
    for (const state of Object.keys(workflows.complaint.states)) {
      expect(can(clerk, 'complaint', 'read', { table: defaultPermissionTable, state }), state).toBe(state === 'closed');
    }
  });

  it('lets the penalised department and the warehouse read nothing they were not handed', () => {
    const keeper = actor(['warehouse'], 'warehouse');
    expect(canEver(keeper, 'complaint', 'read', defaultPermissionTable)).toBe(false);
    expect(can(keeper, 'return-slip', 'receive', { table: defaultPermissionTable })).toBe(true);
  });
});
