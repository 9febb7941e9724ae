/**
 * Applies a checked customisation to a form definition, giving the next version. The input
 * definition is never changed: documents of earlier versions keep validating and rendering with
 * the definition they were created with.
 */
import type { CopyDefinition } from '../../domain/document.js';
import type { FormDefinition, FormTexts } from '../../domain/form-definition.js';
import type { Localized } from '../../domain/locale.js';
import { escapePointerSegment, pointerSegments } from '../validation/pointer.js';
import { mergeLabel } from './check-customisation.js';
import type { FormCustomisation, SafeFieldSchema } from './format.js';

type Json = Record<string, unknown>;

/**
 * The next version of `current` with `customisation` applied. Call only after
 * `checkCustomisation` returned no problems.
 *
 * @example
 * const v2 = applyCustomisation(v1, { requireFields: ['/qa/responsibleUnit'] });
 * v2.version; // v1.version + 1
 */
export function applyCustomisation(current: FormDefinition, customisation: FormCustomisation): FormDefinition {
  const next: FormDefinition = structuredClone(current);
  next.version = current.version + 1;
  if (customisation.title) next.title = mergeLabel(current.title, customisation.title);

  for (const [name, field] of Object.entries(customisation.addFields ?? {})) {
    const section = field.section ?? '';
    const target = mutableAt(next.schema, section);
    const properties = (target.properties ??= {}) as Json;
    properties[name] = closeObjects(structuredClone(field.schema));
    if (field.required) addRequired(target, name);
    const pointer = `${section}/${escapePointerSegment(name)}`;
    next.labels[pointer] = { 'zh-CN': field.label['zh-CN'], en: field.label.en };
    for (const [sub, label] of Object.entries(field.labels ?? {})) next.labels[pointer + sub] = { 'zh-CN': label['zh-CN'], en: label.en };
  }

  for (const pointer of customisation.requireFields ?? []) {
    const segments = pointerSegments(pointer);
    const name = segments.pop()!;
    const parent = mutableAt(next.schema, segments.map((s) => '/' + escapePointerSegment(s)).join(''));
    addRequired(parent, name);
  }

  for (const [pointer, label] of Object.entries(customisation.labels ?? {})) next.labels[pointer] = mergeLabel(next.labels[pointer], label);

  let copies: CopyDefinition[] = customisation.copies ? structuredClone(customisation.copies) : next.copies;
  if (customisation.removeCopies) copies = copies.filter((c) => !customisation.removeCopies!.includes(c.number));
  if (customisation.addCopies) copies = [...copies, ...structuredClone(customisation.addCopies)];
  for (const change of customisation.copyChanges ?? []) {
    const copy = copies.find((c) => c.number === change.number);
    if (!copy) continue;
    if (change.label) copy.label = mergeLabel(copy.label, change.label);
    if (change.department !== undefined) copy.department = structuredClone(change.department);
    if (change.routes) copy.routes = structuredClone(change.routes);
    const hidden = new Set(copy.hiddenFields ?? []);
    for (const f of change.hideFields ?? []) hidden.add(f);
    for (const f of change.showFields ?? []) hidden.delete(f);
    if (hidden.size) copy.hiddenFields = [...hidden];
    else delete copy.hiddenFields;
  }
  next.copies = copies.sort((a, b) => a.number - b.number);

  for (const [key, text] of Object.entries(customisation.texts ?? {}) as [keyof FormTexts, Partial<Localized>][]) {
    next.texts[key] = mergeLabel(next.texts[key], text);
  }
  return next;
}

/** Added objects accept only the properties they declare, like the shipped forms. */
function closeObjects(schema: SafeFieldSchema): SafeFieldSchema {
  if (schema.type === 'object') {
    schema.additionalProperties = false;
    for (const sub of Object.values(schema.properties ?? {})) closeObjects(sub);
  }
  if (schema.items) closeObjects(schema.items);
  return schema;
}

function addRequired(node: Json, name: string): void {
  const required = Array.isArray(node.required) ? (node.required as string[]) : [];
  if (!required.includes(name)) node.required = [...required, name];
}

/**
 * The schema node at a field pattern, ready to change: shared `$defs` met on the way are copied
 * in place, so making `/countermeasure/by` required does not also require `/managerComment/by`.
 */
function mutableAt(schema: Json, pattern: string): Json {
  const defs = (schema.$defs ?? {}) as Record<string, Json>;
  const inline = (container: Json, key: string): Json => {
    let node = container[key] as Json;
    for (let i = 0; i < 8 && typeof node.$ref === 'string'; i++) {
      const m = /^#\/\$defs\/(.+)$/.exec(node.$ref);
      const target = m ? defs[m[1]!] : undefined;
      if (!target) break;
      const { $ref: _ref, ...siblings } = node;
      void _ref;
      node = { ...structuredClone(target), ...siblings };
      container[key] = node;
    }
    return node;
  };
  let node = schema;
  for (const seg of pointerSegments(pattern)) {
    node = seg === '*' ? inline(node, 'items') : inline(node.properties as Json, seg);
  }
  return node;
}
