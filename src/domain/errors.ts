/**
 * The one error type of the package: a stable string code, a coarse type that transports map
 * to a status, a message in zh-CN and en, and the failing field as a JSON pointer.
 */
import type { Locale, Localized } from './locale.js';

/** What kind of failure this is; only the HTTP adapter turns it into a status code. */
export type ErrorType = 'invalid_data' | 'not_found' | 'not_allowed' | 'conflict' | 'unavailable';

/** One failing field, as reported by validation and by cross-field rules. */
export interface FieldError {
  /** JSON pointer into the submitted document, e.g. `/items/0/quantity`; `` for the whole document. */
  pointer: string;
  /** Stable code of the failed rule, e.g. `required`, `AFTERSALES.DEFECTIVE_EXCEEDS_SHIPPED`. */
  code: string;
  message: Localized;
}

/** What it takes to build an {@link AftersalesError}. */
export interface AftersalesErrorInit {
  /** Stable code, `AFTERSALES.` + upper snake case, e.g. `AFTERSALES.APPROVAL_LIMIT_EXCEEDED`. */
  code: string;
  type: ErrorType;
  message: Localized;
  /** JSON pointer of the failing field, when there is one. */
  pointer?: string;
  /** Every failing field, for validation errors reporting several at once. */
  errors?: FieldError[];
  /** Machine-readable facts a client may act on (e.g. `{ nextRole: 'vp' }`). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The package's error. `instanceof` does not survive a process boundary, so callers branch on
 * {@link AftersalesError.code}.
 *
 * @example
 * throw new AftersalesError({
 *   code: 'AFTERSALES.NOT_FOUND', type: 'not_found',
 *   message: { 'zh-CN': '单据不存在', en: 'Document not found' },
 * });
 */
export class AftersalesError extends Error {
  readonly code: string;
  readonly type: ErrorType;
  readonly messages: Localized;
  readonly pointer?: string;
  readonly errors: FieldError[];
  readonly details: Record<string, unknown>;

  constructor(init: AftersalesErrorInit) {
    super(init.message.en, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'AftersalesError';
    this.code = init.code;
    this.type = init.type;
    this.messages = init.message;
    this.pointer = init.pointer;
    this.errors = init.errors ?? [];
    this.details = init.details ?? {};
  }

  /**
   * The message in the caller's language.
   *
   * @example
   * err.localize('zh-CN'); // '单据不存在'
   */
  localize(locale: Locale): string {
    return this.messages[locale] ?? this.messages.en;
  }

  /**
   * A plain object that survives JSON and process boundaries.
   *
   * @example
   * JSON.stringify(err.toJSON('en'));
   */
  toJSON(locale: Locale = 'en'): Record<string, unknown> {
    return {
      code: this.code,
      type: this.type,
      message: this.localize(locale),
      ...(this.pointer !== undefined ? { pointer: this.pointer } : {}),
      ...(this.errors.length ? { errors: this.errors.map((e) => ({ pointer: e.pointer, code: e.code, message: e.message[locale] ?? e.message.en })) } : {}),
      ...(Object.keys(this.details).length ? { details: this.details } : {}),
    };
  }
}

/**
 * True for any {@link AftersalesError}, also one built in another realm or bundle copy.
 *
 * @example
 * if (isAftersalesError(e) && e.code === 'AFTERSALES.NOT_FOUND') return undefined;
 */
export function isAftersalesError(e: unknown): e is AftersalesError {
  return (
    e instanceof AftersalesError ||
    (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AftersalesError' && typeof (e as { code?: unknown }).code === 'string')
  );
}

/**
 * Builds the validation error that carries every failing field at once.
 *
 * @example
 * throw invalidData([{ pointer: '/quantity', code: 'minimum', message: { 'zh-CN': '不能小于 0', en: 'must be ≥ 0' } }]);
 */
export function invalidData(errors: FieldError[], code = 'AFTERSALES.INVALID_DOCUMENT'): AftersalesError {
  return new AftersalesError({
    code,
    type: 'invalid_data',
    message: {
      'zh-CN': `数据校验未通过（${errors.length} 处）：` + errors.map((e) => `${e.pointer || '/'} ${e.message['zh-CN']}`).join('；'),
      en: `The data is not valid (${errors.length} problem${errors.length === 1 ? '' : 's'}): ` + errors.map((e) => `${e.pointer || '/'} ${e.message.en}`).join('; '),
    },
    pointer: errors[0]?.pointer,
    errors,
  });
}

/**
 * The document, definition or entry asked for does not exist.
 *
 * @example
 * throw notFound('document', id);
 */
export function notFound(what: 'document' | 'form' | 'version' | 'action' | 'department' | 'outbox', id: string): AftersalesError {
  const zh: Record<typeof what, string> = { document: '单据', form: '表单', version: '表单版本', action: '操作', department: '部门', outbox: '回写记录' };
  return new AftersalesError({
    code: 'AFTERSALES.NOT_FOUND',
    type: 'not_found',
    message: { 'zh-CN': `${zh[what]}“${id}”不存在`, en: `No ${what} "${id}"` },
    details: { what, id },
  });
}
