/**
 * The shipped forms as the drills see them: schema and sample of each kind, read from the files
 * integrators get.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FORM_KINDS, type FormKind } from '../../../src/domain/vocabulary.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The shipped JSON Schema of a form kind.
 *
 * @example
 * formSchema('complaint').required; // ['customer', …]
 */
export function formSchema(kind: FormKind): Record<string, unknown> {
  return JSON.parse(readFileSync(`${root}src/forms/${kind}/schema.json`, 'utf8')) as Record<string, unknown>;
}

/**
 * The shipped sample document of a form kind (a fresh copy each call).
 *
 * @example
 * formSample('complaint').customer; // { id: '10100001', … }
 */
export function formSample(kind: FormKind): Record<string, unknown> {
  return JSON.parse(readFileSync(`${root}src/forms/${kind}/sample.json`, 'utf8')) as Record<string, unknown>;
}

/** Every kind, for table-driven tests. */
export const KINDS: readonly FormKind[] = FORM_KINDS;
