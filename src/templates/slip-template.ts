/**
 * What a form's slip template adds to the generic, schema-driven layout: who signs it, which
 * fields lead, and how its file is named.
 */
import type { AftersalesDocument } from '../domain/document.js';
import type { Localized } from '../domain/locale.js';
import type { FormKind } from '../domain/vocabulary.js';

/**
 * One approval or signature box at the foot of a copy.
 *
 * @example
 * const box: SignatureBox = { role: { 'zh-CN': '总经理', en: 'General manager' }, name: '/approval/name', at: '/approval/signedAt' };
 */
export interface SignatureBox {
  role: Localized;
  /** Pointer of the signer's name in the document data, printed in the box when present. */
  name?: string;
  /** Pointer of the signing date or instant. */
  at?: string;
  /** Shows the engine's recorded approval (role, date, amount) when the data has no name. */
  approval?: boolean;
  /** A taller box for a company stamp (the customer's chop on an allowance certificate). */
  stamp?: boolean;
}

/**
 * A form kind's slip template, registered in the template table.
 *
 * @example
 * const t: SlipTemplate = { kind: 'return-slip', signatures: [...], leadFields: ['/basisComplaintNumber'] };
 */
export interface SlipTemplate {
  kind: FormKind;
  /** Signature boxes in signing order. */
  signatures: SignatureBox[];
  /** Fields printed first in the grid, in this order; the rest follow in schema order. */
  leadFields?: string[];
  /** The output file name stem; defaults to `<kind>-<number>`. */
  fileStem?(document: Pick<AftersalesDocument, 'kind' | 'number'>): string;
}
