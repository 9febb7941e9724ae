/**
 * JSON pointers as the forms use them: into documents (`/items/0/quantity`) and, for labels and
 * hidden fields, into the form's shape where `*` stands for any array element (`/items/*\/quantity`).
 */
import type { Localized } from '../../domain/locale.js';

/**
 * Escapes one property name for a JSON pointer (RFC 6901).
 *
 * @example
 * escapePointerSegment('a/b'); // 'a~1b'
 */
export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Splits a JSON pointer into its unescaped segments.
 *
 * @example
 * pointerSegments('/items/0/unit~1price'); // ['items', '0', 'unit/price']
 */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * The label key of a document pointer: array indices become `*`.
 *
 * @example
 * fieldPattern('/decision/responsibility/1/unit'); // '/decision/responsibility/*\/unit'
 */
export function fieldPattern(pointer: string): string {
  return pointer.replace(/\/\d+(?=\/|$)/g, '/*');
}

/**
 * The label of the field a document pointer points at, or of its nearest labelled parent.
 *
 * @example
 * labelOf(definition.labels, '/items/2/quantity'); // { 'zh-CN': '数量', en: 'Quantity' }
 */
export function labelOf(labels: Record<string, Localized>, pointer: string): Localized | undefined {
  let p = fieldPattern(pointer);
  while (p) {
    const label = labels[p];
    if (label) return label;
    p = p.slice(0, p.lastIndexOf('/'));
  }
  return undefined;
}

/**
 * Every field pointer a schema defines (objects' properties, arrays' items as `*`), parents first,
 * following local `#/$defs/…` references.
 *
 * @example
 * schemaFieldPointers({ type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { unit: { type: 'string' } } } } } });
 * // ['/items', '/items/*\/unit']
 */
export function schemaFieldPointers(schema: Record<string, unknown>): string[] {
  const defs = (schema.$defs ?? {}) as Record<string, Record<string, unknown>>;
  const out: string[] = [];
  const walk = (node: Record<string, unknown>, at: string, depth: number): void => {
    if (depth > 12) return;
    const resolved = resolveLocal(node, defs);
    const props = resolved.properties as Record<string, Record<string, unknown>> | undefined;
    if (props) {
      for (const [name, sub] of Object.entries(props)) {
        const p = `${at}/${escapePointerSegment(name)}`;
        out.push(p);
        walk(sub, p, depth + 1);
      }
    }
    if (resolved.items && typeof resolved.items === 'object') walk(resolved.items as Record<string, unknown>, `${at}/*`, depth + 1);
  };
  walk(schema, '', 0);
  return out;
}

/**
 * The sub-schema a field pattern (`/items/*\/quantity`) points at, or undefined.
 *
 * @example
 * schemaAt(schema, '/customer/name'); // { type: 'string', … }
 */
export function schemaAt(schema: Record<string, unknown>, pattern: string): Record<string, unknown> | undefined {
  const defs = (schema.$defs ?? {}) as Record<string, Record<string, unknown>>;
  let node: Record<string, unknown> | undefined = schema;
  for (const seg of pointerSegments(pattern)) {
    if (!node) return undefined;
    const resolved: Record<string, unknown> = resolveLocal(node, defs);
    if (seg === '*') node = resolved.items as Record<string, unknown> | undefined;
    else {
      const props = resolved.properties as Record<string, Record<string, unknown>> | undefined;
      node = props && Object.prototype.hasOwnProperty.call(props, seg) ? props[seg] : undefined;
    }
  }
  return node ? resolveLocal(node, defs) : undefined;
}

function resolveLocal(node: Record<string, unknown>, defs: Record<string, Record<string, unknown>>): Record<string, unknown> {
  let n = node;
  for (let i = 0; i < 8 && typeof n.$ref === 'string'; i++) {
    const m = /^#\/\$defs\/(.+)$/.exec(n.$ref);
    const target = m ? defs[m[1]!] : undefined;
    if (!target) break;
    n = target;
  }
  return n;
}

/**
 * True when a label key names a value of an enum field (`/severity/severe`), the way slips and
 * clients look up how a coded value reads.
 *
 * @example
 * isEnumValuePointer(complaintSchema, '/severity/severe'); // true
 */
export function isEnumValuePointer(schema: Record<string, unknown>, pointer: string): boolean {
  const cut = pointer.lastIndexOf('/');
  if (cut <= 0) return false;
  const field = schemaAt(schema, pointer.slice(0, cut));
  const value = pointerSegments(pointer).at(-1);
  return Array.isArray(field?.enum) && field.enum.some((v) => String(v) === value);
}

/**
 * Every enum field pattern of a schema with its values.
 *
 * @example
 * enumFields(complaintSchema).find(([p]) => p === '/severity'); // ['/severity', ['grumble', 'general', 'intermediate', 'severe']]
 */
export function enumFields(schema: Record<string, unknown>): [string, unknown[]][] {
  const out: [string, unknown[]][] = [];
  for (const p of schemaFieldPointers(schema)) {
    const node = schemaAt(schema, p);
    if (Array.isArray(node?.enum)) out.push([p, node.enum]);
  }
  return out;
}
