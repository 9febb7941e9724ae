/**
 * What a form is, as data: schema, labels, copies, states, admin texts. Admins change it by
 * customisation; every change is a new version and documents keep theirs.
 */
import type { CopyDefinition } from './document.js';
import type { Localized } from './locale.js';
import type { FormKind } from './vocabulary.js';

/**
 * A JSON Schema (draft 2020-12) object.
 *
 * @example
 * const s: JsonSchema = { type: 'object', properties: { customer: { type: 'string' } } };
 */
export type JsonSchema = Record<string, unknown>;

/**
 * A state of a form's workflow with its one-line description.
 *
 * @example
 * const s: StateDescription = { description: { 'zh-CN': '已结案', en: 'Closed' }, final: true };
 */
export interface StateDescription {
  description: Localized;
  final?: boolean;
}

/**
 * Texts admins may edit; Handlebars templates rendered against the document (strict mode, no
 * prototype access).
 *
 * @example
 * const t: FormTexts = { footer: { 'zh-CN': '本单一式五联，编号 {{number}}', en: 'Five copies, no. {{number}}' } };
 */
export interface FormTexts {
  title?: Localized;
  subtitle?: Localized;
  footer?: Localized;
  notice?: Localized;
}

/**
 * The effective definition of one version of a form.
 *
 * @example
 * const def = await aftersales.forms.definition('complaint');
 * def.copies.length; // 5
 */
export interface FormDefinition {
  kind: FormKind;
  version: number;
  title: Localized;
  /** Draft 2020-12 JSON Schema of `document.data`. */
  schema: JsonSchema;
  /** Field labels by JSON pointer (`/customer/name`). */
  labels: Record<string, Localized>;
  copies: CopyDefinition[];
  states: Record<string, StateDescription>;
  texts: FormTexts;
}
