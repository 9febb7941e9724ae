/**
 * Errors as RFC 9457 `application/problem+json`, in the caller's language. The engine's
 * `AftersalesError.type` becomes a status here and nowhere else; fastify's own client errors
 * (bad JSON, body too large, schema failures, unknown routes) come out in the same shape.
 */
import type { ErrorObject } from 'ajv';
import localizeZhModule from 'ajv-i18n/localize/zh/index.js';
import { AftersalesError, isAftersalesError, type ErrorType } from '../../domain/errors.js';
import { pickLocale, type Locale, type Localized } from '../../domain/locale.js';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

// ajv-i18n is CommonJS with an ESM-style declaration: take the function whichever way it arrives.
const localizeZh = ((localizeZhModule as unknown as { default?: unknown }).default ?? localizeZhModule) as (errors: ErrorObject[]) => void;

/** Where the problem types live: `https://erp-aftersales.dev/problems/<code>`. */
export const PROBLEM_TYPE_BASE = 'https://erp-aftersales.dev/problems/';

/** The media type of every error body. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/**
 * The status of each error type. Content that fails the form's schema or its rules is 422
 * (understood but not acceptable); a malformed request envelope, query or JSON is 400.
 *
 * @example
 * STATUS_BY_TYPE.conflict; // 409
 */
export const STATUS_BY_TYPE: Record<ErrorType, number> = {
  invalid_data: 422,
  not_found: 404,
  not_allowed: 403,
  conflict: 409,
  unavailable: 503,
};

const TITLES: Record<number, Localized> = {
  400: { 'zh-CN': '请求格式错误', en: 'Bad request' },
  401: { 'zh-CN': '未认证', en: 'Not authenticated' },
  403: { 'zh-CN': '无权操作', en: 'Not allowed' },
  404: { 'zh-CN': '未找到', en: 'Not found' },
  405: { 'zh-CN': '方法不允许', en: 'Method not allowed' },
  409: { 'zh-CN': '状态冲突', en: 'Conflict' },
  413: { 'zh-CN': '请求体过大', en: 'Request body too large' },
  415: { 'zh-CN': '不支持的内容类型', en: 'Unsupported media type' },
  422: { 'zh-CN': '数据校验未通过', en: 'Unprocessable content' },
  429: { 'zh-CN': '请求过多', en: 'Too many requests' },
  500: { 'zh-CN': '服务器内部错误', en: 'Internal server error' },
  503: { 'zh-CN': '服务暂不可用', en: 'Service unavailable' },
};

/**
 * One failing field in a problem body.
 *
 * @example
 * const e: ProblemFieldError = { pointer: '/data/customer', message: '必须有属性 customer', code: 'required' };
 */
export interface ProblemFieldError {
  pointer: string;
  message: string;
  code?: string;
  /** Which part of the request: `body` (default), `query`, `params` or `headers`. */
  in?: string;
}

/**
 * An RFC 9457 problem body with the package's `code`.
 *
 * @example
 * const p: Problem = { type: PROBLEM_TYPE_BASE + 'AFTERSALES.NOT_FOUND', title: 'Not found', status: 404, code: 'AFTERSALES.NOT_FOUND', detail: 'No document "x"' };
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: ProblemFieldError[];
  details?: Record<string, unknown>;
}

/**
 * The HTTP layer's own errors (authentication, permissions, request shape), in both languages.
 *
 * @example
 * throw httpError('unauthenticated');
 */
export const HTTP_ERRORS = {
  unauthenticated: {
    code: 'AFTERSALES.UNAUTHENTICATED',
    status: 401,
    message: { 'zh-CN': '未提供有效的身份凭证（Authorization: Bearer <API 密钥>）', en: 'No valid credentials (Authorization: Bearer <API key>)' },
  },
  adminOnly: {
    code: 'AFTERSALES.ADMIN_ONLY',
    status: 403,
    message: { 'zh-CN': '此操作仅限系统管理员', en: 'Only an administrator may do this' },
  },
  inboxForbidden: {
    code: 'AFTERSALES.INBOX_NOT_YOURS',
    status: 403,
    message: { 'zh-CN': '只能查看本部门的收件箱', en: "You may read only your own department's inbox" },
  },
  routeNotFound: {
    code: 'AFTERSALES.ROUTE_NOT_FOUND',
    status: 404,
    message: { 'zh-CN': '没有这个接口', en: 'No such route' },
  },
  bodyNotJson: {
    code: 'AFTERSALES.BODY_NOT_JSON',
    status: 400,
    message: { 'zh-CN': '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  },
  urlInvalid: {
    code: 'AFTERSALES.URL_INVALID',
    status: 400,
    message: { 'zh-CN': '请求路径的百分号编码无效', en: 'The request path is not validly percent-encoded' },
  },
  bodyEmpty: {
    code: 'AFTERSALES.BODY_EMPTY',
    status: 400,
    message: { 'zh-CN': '请求体为空，应为 JSON 对象', en: 'The request body is empty; a JSON object is expected' },
  },
  bodyTooDeep: {
    code: 'AFTERSALES.BODY_TOO_DEEP',
    status: 400,
    message: { 'zh-CN': '请求体嵌套层级过深', en: 'The request body nests arrays or objects too deeply' },
  },
  bodyTooLarge: {
    code: 'AFTERSALES.BODY_TOO_LARGE',
    status: 413,
    message: { 'zh-CN': '请求体超过允许的大小', en: 'The request body exceeds the allowed size' },
  },
  mediaType: {
    code: 'AFTERSALES.MEDIA_TYPE_UNSUPPORTED',
    status: 415,
    message: { 'zh-CN': '仅支持 application/json 请求体', en: 'Only application/json bodies are accepted' },
  },
  requestInvalid: {
    code: 'AFTERSALES.REQUEST_INVALID',
    status: 400,
    message: { 'zh-CN': '请求参数不符合接口定义', en: 'The request does not match the route definition' },
  },
  internal: {
    code: 'AFTERSALES.INTERNAL',
    status: 500,
    message: { 'zh-CN': '服务器内部错误，请稍后重试或联系管理员', en: 'Internal error; retry later or contact the administrator' },
  },
} as const satisfies Record<string, { code: string; status: number; message: Localized }>;

/** A name of one of {@link HTTP_ERRORS}. */
export type HttpErrorName = keyof typeof HTTP_ERRORS;

/**
 * An {@link AftersalesError} for one of the HTTP layer's own failures, carrying its status.
 *
 * @example
 * if (!actor) throw httpError('unauthenticated');
 */
export function httpError(name: HttpErrorName, details?: Record<string, unknown>): AftersalesError {
  const e = HTTP_ERRORS[name];
  const type: ErrorType = e.status === 403 ? 'not_allowed' : e.status === 404 ? 'not_found' : 'invalid_data';
  const err = new AftersalesError({ code: e.code, type, message: e.message, ...(details ? { details } : {}) });
  (err as AftersalesError & { statusCode?: number }).statusCode = e.status;
  return err;
}

/**
 * 403 for a role that may not take an action on a form kind, naming the action and the roles held.
 *
 * @example
 * throw roleNotAllowed('approve', 'complaint', ['sales']);
 */
export function roleNotAllowed(action: string, kind: string, roles: string[]): AftersalesError {
  return new AftersalesError({
    code: 'AFTERSALES.ROLE_NOT_ALLOWED',
    type: 'not_allowed',
    message: {
      'zh-CN': `您的角色（${roles.join('、') || '无'}）不能对“${kind}”执行“${action}”`,
      en: `Your roles (${roles.join(', ') || 'none'}) may not ${action} a ${kind}`,
    },
    details: { action, kind, roles },
  });
}

/** The status an error answers with: explicit for HTTP errors, by type for the engine's. */
/** Engine errors that are about the request's query, not the data: a malformed request, 400. */
const QUERY_ERRORS = new Set(['AFTERSALES.CURSOR_INVALID']);

function statusOf(err: AftersalesError): number {
  const explicit = (err as AftersalesError & { statusCode?: number }).statusCode;
  if (typeof explicit === 'number') return explicit;
  if (QUERY_ERRORS.has(err.code)) return 400;
  return STATUS_BY_TYPE[err.type] ?? 500;
}

/**
 * The pointer of one ajv error: the failing property itself for `required` and
 * `additionalProperties`, so a client can highlight the field.
 *
 * @example
 * ajvPointer({ instancePath: '/data', keyword: 'required', params: { missingProperty: 'customer' } } as ErrorObject); // '/data/customer'
 */
export function ajvPointer(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  const escape = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');
  if (e.keyword === 'required' && typeof p.missingProperty === 'string') return `${e.instancePath}/${escape(p.missingProperty)}`;
  if (e.keyword === 'additionalProperties' && typeof p.additionalProperty === 'string') return `${e.instancePath}/${escape(p.additionalProperty)}`;
  return e.instancePath;
}

/**
 * ajv's errors as field errors in the caller's language (ajv-i18n for Chinese).
 *
 * @example
 * ajvFieldErrors(validate.errors ?? [], 'zh-CN', 'body');
 */
export function ajvFieldErrors(errors: readonly ErrorObject[], locale: Locale, part?: string): ProblemFieldError[] {
  const copy = errors.map((e) => ({ ...e }));
  if (locale === 'zh-CN') localizeZh(copy);
  return copy.map((e) => ({
    pointer: ajvPointer(e),
    message: e.message ?? e.keyword,
    code: e.keyword,
    ...(part && part !== 'body' ? { in: part === 'querystring' ? 'query' : part } : {}),
  }));
}

/**
 * Turns anything thrown while handling a request into a problem body and its status.
 * Unknown errors are 500 without internals; client errors from fastify keep their 4xx status.
 *
 * @example
 * const { status, problem } = toProblem(err, 'en', '/aftersales/documents/x');
 */
export function toProblem(err: unknown, locale: Locale, instance?: string): { status: number; problem: Problem } {
  const build = (status: number, code: string, detail: string, extra: Partial<Problem> = {}): { status: number; problem: Problem } => ({
    status,
    problem: {
      type: PROBLEM_TYPE_BASE + code,
      title: (TITLES[status] ?? TITLES[status >= 500 ? 500 : 400]!)[locale],
      status,
      code,
      detail,
      ...(instance ? { instance } : {}),
      ...extra,
    },
  });

  if (isAftersalesError(err)) {
    const status = statusOf(err);
    const errors: ProblemFieldError[] = err.errors.length
      ? err.errors.map((e) => ({ pointer: e.pointer, message: e.message[locale] ?? e.message.en, code: e.code }))
      : err.pointer !== undefined
        ? [{ pointer: err.pointer, message: err.localize(locale) }]
        : [];
    return build(status, err.code, err.localize(locale), {
      ...(errors.length ? { errors } : {}),
      ...(Object.keys(err.details).length ? { details: err.details } : {}),
    });
  }

  const fe = err as { code?: string; statusCode?: number; validation?: ErrorObject[]; validationContext?: string; message?: string };
  if (Array.isArray(fe.validation)) {
    const h = HTTP_ERRORS.requestInvalid;
    return build(h.status, h.code, h.message[locale], { errors: ajvFieldErrors(fe.validation, locale, fe.validationContext) });
  }
  const byCode: Record<string, HttpErrorName> = {
    FST_ERR_CTP_INVALID_JSON_BODY: 'bodyNotJson',
    FST_ERR_CTP_EMPTY_JSON_BODY: 'bodyEmpty',
    FST_ERR_CTP_BODY_TOO_LARGE: 'bodyTooLarge',
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'mediaType',
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bodyNotJson',
    FST_ERR_NOT_FOUND: 'routeNotFound',
    FST_ERR_BAD_URL: 'urlInvalid',
  };
  const named = fe.code ? byCode[fe.code] : undefined;
  if (named) {
    const h = HTTP_ERRORS[named];
    return build(h.status, h.code, h.message[locale]);
  }
  // A prototype-poisoning or other parse failure arrives as a SyntaxError with a 400 status.
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const status = fe.statusCode;
    const code = status === 400 && err instanceof SyntaxError ? HTTP_ERRORS.bodyNotJson.code : `AFTERSALES.HTTP_${status}`;
    const detail = status === 400 && err instanceof SyntaxError ? HTTP_ERRORS.bodyNotJson.message[locale] : (TITLES[status] ?? TITLES[400]!)[locale];
    return build(status, code, detail);
  }
  const h = HTTP_ERRORS.internal;
  return build(h.status, h.code, h.message[locale]);
}

/**
 * For fastify's `frameworkErrors` option: what fastify refuses before any route runs (a path
 * with broken percent-encoding) answered as problem+json in the caller's language, like every
 * other refusal. The standalone server sets it; a host sets it on its own fastify instance.
 *
 * @example
 * const app = Fastify({ frameworkErrors: aftersalesFrameworkErrors });
 */
export function aftersalesFrameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { status, problem } = toProblem(error, pickLocale(request.headers['accept-language']), request.url);
  void reply.code(status).type(PROBLEM_CONTENT_TYPE).send(problem);
}
