/**
 * The HTTP conversation with a host ERP: authentication, the SAP Gateway CSRF handshake with its
 * session cookie, timeouts, and the host's errors turned into coded AftersalesErrors.
 */
import { AftersalesError } from '../../domain/errors.js';

/**
 * How the adapter authenticates to the host.
 *
 * @example
 * const auth: HostAuth = { kind: 'basic', user: 'COMM_USER', password: 'secret' };
 */
export type HostAuth =
  | { kind: 'basic'; user: string; password: string }
  | { kind: 'bearer'; token: string }
  /** Frappe/ERPNext API key and secret: `Authorization: token key:secret`. */
  | { kind: 'token'; key: string; secret: string }
  | { kind: 'none' };

/**
 * Options of {@link createHostHttp}.
 *
 * @example
 * const http = createHostHttp({ auth: { kind: 'none' }, timeoutMs: 5000, csrf: true });
 */
export interface HostHttpOptions {
  auth: HostAuth;
  timeoutMs: number;
  /** Fetch an `x-csrf-token` before modifying requests (SAP Gateway, OData V2). */
  csrf: boolean;
  headers?: Record<string, string>;
  /** Whose message to quote in errors, e.g. `SAP` or `ERPNext`. */
  hostName?: string;
}

/**
 * One answer from the host.
 *
 * @example
 * const { status, body } = await http.request('GET', url);
 */
export interface HostResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

/**
 * The host connection used by the OData and REST gateways.
 *
 * @example
 * const http = createHostHttp({ auth: { kind: 'bearer', token }, timeoutMs: 5000, csrf: false });
 * const res = await http.request('POST', `${root}/api/resource/Sales Invoice`, { body: { customer: 'C1' } });
 */
export interface HostHttp {
  /** Sends a request; 2xx answers return, every other outcome throws a coded error. */
  request(method: string, url: string, init?: { body?: unknown; csrfUrl?: string; headers?: Record<string, string> }): Promise<HostResponse>;
  /** The `fetch`-like function @odata/client calls, with the same behaviour as {@link HostHttp.request}. */
  fetchProxy(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown }, csrfUrl: string): Promise<{ content: unknown; response: Response }>;
}

const MODIFYING = new Set(['POST', 'PUT', 'PATCH', 'MERGE', 'DELETE']);

/**
 * Builds the host connection.
 *
 * @example
 * const http = createHostHttp({ auth: { kind: 'basic', user: 'u', password: 'p' }, timeoutMs: 10_000, csrf: true, hostName: 'SAP' });
 */
export function createHostHttp(options: HostHttpOptions): HostHttp {
  const cookies = new Map<string, Map<string, string>>();
  const tokens = new Map<string, string>();
  const hostName = options.hostName ?? 'ERP';

  function authHeader(): Record<string, string> {
    if (options.auth.kind === 'basic') return { authorization: 'Basic ' + Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64') };
    if (options.auth.kind === 'bearer') return { authorization: `Bearer ${options.auth.token}` };
    if (options.auth.kind === 'token') return { authorization: `token ${options.auth.key}:${options.auth.secret}` };
    return {};
  }

  function cookieHeader(url: string): Record<string, string> {
    const jar = cookies.get(new URL(url).origin);
    if (!jar || jar.size === 0) return {};
    return { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') };
  }

  // SAP ties the CSRF token to the session cookie, so every answer's cookies are kept per origin.
  function keepCookies(url: string, res: Response): void {
    const set = res.headers.getSetCookie?.() ?? [];
    if (!set.length) return;
    const origin = new URL(url).origin;
    const jar = cookies.get(origin) ?? new Map<string, string>();
    for (const line of set) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    cookies.set(origin, jar);
  }

  async function send(method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(url, { method, headers: { ...headers, ...cookieHeader(url) }, body, signal: AbortSignal.timeout(options.timeoutMs) });
    } catch (cause) {
      throw unavailable(hostName, url, cause);
    }
    keepCookies(url, res);
    return res;
  }

  async function fetchToken(csrfUrl: string): Promise<string> {
    const res = await send('GET', csrfUrl, { ...options.headers, ...authHeader(), accept: 'application/json', 'x-csrf-token': 'Fetch' }, undefined);
    await res.arrayBuffer();
    const token = res.headers.get('x-csrf-token');
    if (!token || token.toLowerCase() === 'required') {
      if (res.status >= 500) throw hostError(hostName, res.status, undefined, csrfUrl);
      throw new AftersalesError({
        code: 'AFTERSALES.ERP_REJECTED',
        type: 'invalid_data',
        message: { 'zh-CN': `${hostName} 未返回 CSRF 令牌（HTTP ${res.status}）`, en: `${hostName} gave no CSRF token (HTTP ${res.status})` },
        details: { status: res.status, url: csrfUrl },
      });
    }
    tokens.set(csrfUrl, token);
    return token;
  }

  async function exchange(method: string, url: string, init: { body?: unknown; csrfUrl?: string; headers?: Record<string, string> } = {}): Promise<HostResponse> {
    const upper = method.toUpperCase();
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers, ...init.headers, ...authHeader() };
    let body: string | undefined;
    if (init.body !== undefined && upper !== 'GET') {
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const needsToken = options.csrf && MODIFYING.has(upper) && init.csrfUrl !== undefined;
    if (needsToken) headers['x-csrf-token'] = tokens.get(init.csrfUrl!) ?? (await fetchToken(init.csrfUrl!));
    let res = await send(upper, url, headers, body);
    // A token expires with its session: SAP answers 403 `x-csrf-token: Required`; fetch a new one once.
    if (needsToken && res.status === 403 && res.headers.get('x-csrf-token')?.toLowerCase() === 'required') {
      await res.arrayBuffer();
      tokens.delete(init.csrfUrl!);
      headers['x-csrf-token'] = await fetchToken(init.csrfUrl!);
      res = await send(upper, url, headers, body);
    }
    const text = await res.text().catch((cause: unknown) => {
      throw unavailable(hostName, url, cause);
    });
    let parsed: unknown = text;
    if (text && /json/i.test(res.headers.get('content-type') ?? '')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (res.status < 200 || res.status >= 300) {
      const error = hostError(hostName, res.status, parsed, url);
      const wait = retryAfterMs(res.headers.get('retry-after'));
      // The host's own estimate of when to come back; the outbox waits at least that long.
      if (wait !== undefined && error.type === 'unavailable') (error.details as Record<string, unknown>).retryAfterMs = wait;
      throw error;
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  return {
    request: exchange,
    async fetchProxy(url, init, csrfUrl) {
      const { 'Content-Type': ct, ...rest } = init.headers ?? {};
      const res = await exchange(init.method ?? 'GET', url, {
        body: init.body,
        csrfUrl,
        headers: { ...rest, ...(ct ? { 'content-type': ct } : {}) },
      });
      return { content: res.body, response: new Response(null, { status: res.status === 204 ? 204 : 200, headers: res.headers }) };
    },
  };
}

/**
 * The host's own message from an error body: SAP V2 `error.message.value`, OData V4
 * `error.message`, the XML error of SAP Gateway, Frappe `exception` / `_server_messages`, or plain text.
 *
 * @example
 * hostMessage({ error: { code: 'V1/320', message: { lang: 'en', value: 'Sold-to party 1 does not exist' } } }); // 'Sold-to party 1 does not exist'
 */
export function hostMessage(body: unknown): string | undefined {
  if (typeof body === 'string') {
    const t = body.trim();
    // SAP Gateway answers some errors in XML (`<error><message>…</message>`); an HTML page says nothing useful.
    if (t.startsWith('<')) return /<message[^>]*>([^<]+)<\/message>/i.exec(t)?.[1]?.trim();
    return t.slice(0, 500) || undefined;
  }
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, any>;
  const err = b.error;
  if (err && typeof err === 'object') {
    if (typeof err.message === 'string') return err.message;
    if (err.message && typeof err.message.value === 'string') return err.message.value;
  }
  if (typeof b._server_messages === 'string') {
    try {
      const msgs = (JSON.parse(b._server_messages) as string[]).map((m) => {
        try {
          return (JSON.parse(m) as { message?: string }).message ?? m;
        } catch {
          return m;
        }
      });
      if (msgs.length) return msgs.join('; ');
    } catch {
      /* fall through to the other shapes */
    }
  }
  if (typeof b.exception === 'string') return b.exception;
  if (typeof b.message === 'string') return b.message;
  if (typeof err === 'string') return err;
  return undefined;
}

/**
 * The coded error for a host answer that is not 2xx: 5xx, 408 and 429 are worth retrying
 * (`ERP_UNAVAILABLE`); other 4xx are the host refusing our data (`ERP_REJECTED`).
 *
 * @example
 * hostError('SAP', 400, { error: { message: { value: 'Material X unknown' } } }).code; // 'AFTERSALES.ERP_REJECTED'
 */
export function hostError(hostName: string, status: number, body: unknown, url?: string): AftersalesError {
  const said = hostMessage(body);
  const details = { status, ...(said ? { hostMessage: said } : {}), ...(url ? { url } : {}) };
  if (status >= 500 || status === 408 || status === 429) {
    return new AftersalesError({
      code: 'AFTERSALES.ERP_UNAVAILABLE',
      type: 'unavailable',
      message: {
        'zh-CN': `${hostName} 暂时不可用（HTTP ${status}）${said ? '：' + said : ''}`,
        en: `${hostName} is not available right now (HTTP ${status})${said ? ': ' + said : ''}`,
      },
      details,
    });
  }
  return new AftersalesError({
    code: 'AFTERSALES.ERP_REJECTED',
    type: status === 409 || status === 412 ? 'conflict' : 'invalid_data',
    message: {
      'zh-CN': `${hostName} 拒绝了请求（HTTP ${status}）${said ? '：' + said : ''}`,
      en: `${hostName} refused the request (HTTP ${status})${said ? ': ' + said : status === 404 && url ? ` — nothing at ${url.replace(/\?.*$/, '')}; check the service URL and mapping` : ''}`,
    },
    details,
  });
}

/**
 * Milliseconds to wait from a `Retry-After` header (seconds or an HTTP date).
 *
 * @example
 * retryAfterMs('120'); // 120000
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function unavailable(hostName: string, url: string, cause: unknown): AftersalesError {
  const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
  const why = timedOut ? 'timeout' : ((cause as { cause?: { code?: string } })?.cause?.code ?? (cause instanceof Error ? cause.message : String(cause)));
  return new AftersalesError({
    code: 'AFTERSALES.ERP_UNAVAILABLE',
    type: 'unavailable',
    message: {
      'zh-CN': timedOut ? `${hostName} 未在限定时间内答复` : `无法连接 ${hostName}（${why}）`,
      en: timedOut ? `${hostName} did not answer in time` : `Cannot reach ${hostName} (${why})`,
    },
    details: { url: url.replace(/\?.*$/, ''), reason: why },
    cause,
  });
}
