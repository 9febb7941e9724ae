/** Approval authority (核决权限): the matrix, the required approver and the authority check. */
export * from './approval-matrix.js';
