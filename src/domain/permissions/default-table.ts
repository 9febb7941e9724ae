/**
 * The shipped permission table, derived from the five forms' workflows and copies.
 */
import { formDefinitions } from '../../forms/definitions.js';
import { workflows } from '../../forms/workflows.js';
import { FORM_KINDS, type FormKind } from '../vocabulary.js';
import type { CopyDefinition } from '../document.js';
import { buildPermissionTable, type PermissionRow } from './permission-table.js';

/**
 * Every role × form kind × action the shipped forms allow, for enforcing and for table-driven tests.
 *
 * @example
 * for (const row of defaultPermissionTable) console.log(row.role, row.formKind, row.action, row.states ?? 'any state');
 */
export const defaultPermissionTable: readonly PermissionRow[] = buildPermissionTable({
  workflows,
  copies: Object.fromEntries(FORM_KINDS.map((k) => [k, formDefinitions[k].copies])) as Record<FormKind, CopyDefinition[]>,
});
