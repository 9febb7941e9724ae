/**
 * Deadlines: the policies that compute them and the scan that chases them.
 */
export * from './deadline-policy.js';
export * from './deadline-scan.js';
