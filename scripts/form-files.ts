/**
 * Derives the files that must always agree with each form's JSON Schema: the shipped copy
 * `schemas/<kind>.json` and the TypeScript type `src/forms/<kind>/types.ts`.
 *
 * Run `npx tsx scripts/form-files.ts` after editing a `schema.json`; `tests/forms/form-files.test.ts`
 * fails while the derived files are stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Schema = Record<string, unknown>;

/**
 * The five kinds, in the order of API.md (kept local so the script runs without the package).
 *
 * @example
 * KINDS.includes('complaint'); // true
 */
export const KINDS = ['repair-voucher', 'complaint', 'return-slip', 'penalty-notice', 'allowance-certificate'] as const;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Where a kind's source schema, shipped schema and type live.
 *
 * @example
 * formFilePaths('complaint').shipped; // '/…/schemas/complaint.json'
 */
export function formFilePaths(kind: string): { source: string; shipped: string; types: string } {
  return {
    source: join(root, 'src/forms', kind, 'schema.json'),
    shipped: join(root, 'schemas', `${kind}.json`),
    types: join(root, 'src/forms', kind, 'types.ts'),
  };
}

const pascal = (s: string): string => s.replace(/(^|[-_])([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

function literal(v: unknown): string {
  return JSON.stringify(v);
}

function typeOf(schema: Schema, indent: string): string {
  if (typeof schema.$ref === 'string') {
    const m = /^#\/\$defs\/([A-Za-z0-9_-]+)$/.exec(schema.$ref);
    if (!m) throw new Error(`only local $defs references are supported: ${schema.$ref}`);
    return pascal(m[1]!);
  }
  if (Array.isArray(schema.enum)) return schema.enum.map(literal).join(' | ');
  if ('const' in schema) return literal(schema.const);
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array': {
      const item = typeOf((schema.items ?? {}) as Schema, indent);
      return /[|\s]/.test(item) && !item.startsWith('{') ? `(${item})[]` : `${item}[]`;
    }
    case 'object':
      return objectType(schema, indent);
    default:
      return 'unknown';
  }
}

function objectType(schema: Schema, indent: string): string {
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required ?? []) as string[]);
  const inner = indent + '  ';
  const lines = Object.entries(props).map(([name, sub]) => {
    const key = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : literal(name);
    return `${inner}${key}${required.has(name) ? '' : '?'}: ${typeOf(sub, inner)};`;
  });
  if (schema.additionalProperties !== false) lines.push(`${inner}[field: string]: unknown;`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/**
 * The TypeScript module for one form's schema: one type per `$defs` entry and `<Kind>Data` for
 * the document's fields.
 *
 * @example
 * schemaToTypeScript('complaint', schema).includes('export interface ComplaintData'); // true
 */
export function schemaToTypeScript(kind: string, schema: Schema): string {
  const defs = (schema.$defs ?? {}) as Record<string, Schema>;
  const out: string[] = [
    `/**`,
    ` * The fields of a ${kind} document, derived from \`schema.json\` by \`scripts/form-files.ts\`.`,
    ` * Do not edit: change the schema and run \`npx tsx scripts/form-files.ts\`.`,
    ` */`,
    '',
  ];
  for (const [name, def] of Object.entries(defs)) {
    const t = typeOf(def, '');
    out.push(`/**`, ` * \`#/$defs/${name}\` of the ${kind} schema.`, ` *`, ` * @example`, ` * import type { ${pascal(name)} } from './types.js';`, ` */`);
    out.push(t.startsWith('{') ? `export interface ${pascal(name)} ${t}` : `export type ${pascal(name)} = ${t};`);
    out.push('');
  }
  out.push(`/**`, ` * A ${kind} document's data as its version-1 schema defines it.`, ` *`, ` * @example`);
  out.push(` * const data = catalog.sample('${kind}') as ${pascal(kind)}Data;`, ` */`);
  out.push(`export interface ${pascal(kind)}Data ${objectType(schema, '')}`, '');
  return out.join('\n');
}

/**
 * The derived files of one kind as they should be on disk.
 *
 * @example
 * const { shipped, types } = expectedFormFiles('complaint');
 */
export function expectedFormFiles(kind: string): { shipped: string; types: string } {
  const sourceText = readFileSync(formFilePaths(kind).source, 'utf8');
  return { shipped: sourceText, types: schemaToTypeScript(kind, JSON.parse(sourceText) as Schema) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const kind of KINDS) {
    const paths = formFilePaths(kind);
    const expected = expectedFormFiles(kind);
    writeFileSync(paths.shipped, expected.shipped);
    writeFileSync(paths.types, expected.types);
    console.log(`${kind}: ${paths.shipped}, ${paths.types}`);
  }
}
