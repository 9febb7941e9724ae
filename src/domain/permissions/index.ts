/** Who may do what: the permission table as data and the pure checks over it. */
export * from './permission-table.js';
export { defaultPermissionTable } from './default-table.js';
