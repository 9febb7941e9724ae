/**
 * What a refused request must look like to a client: a 4xx RFC 9457 problem with the package's
 * code and a message in the caller's language.
 */
import type { LightMyRequestResponse } from 'fastify';

const CJK = /[\u3400-\u9fff]/;

/**
 * The reasons a response is not a useful 4xx problem; empty when it is.
 *
 * @example
 * problemFaults(res, 'en'); // [] for a 422 with an English detail
 */
export function problemFaults(res: LightMyRequestResponse, acceptLanguage?: string): string[] {
  const faults: string[] = [];
  if (res.statusCode < 400) return [`accepted with ${res.statusCode}`];
  if (res.statusCode > 499) faults.push(`status ${res.statusCode}`);
  const type = String(res.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json')) faults.push(`content-type "${type}"`);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(res.body) as Record<string, unknown>;
  } catch {
    return [...faults, 'body is not JSON'];
  }
  if (body.status !== res.statusCode) faults.push(`problem status ${String(body.status)} ≠ ${res.statusCode}`);
  if (typeof body.code !== 'string' || !/^AFTERSALES\.[A-Z0-9_]+$/.test(body.code)) faults.push(`code ${JSON.stringify(body.code)}`);
  if (typeof body.type !== 'string' || !body.type) faults.push('no type');
  if (typeof body.title !== 'string' || !body.title) faults.push('no title');
  if (typeof body.detail !== 'string' || body.detail.trim().length < 4) faults.push(`detail ${JSON.stringify(body.detail)}`);
  else if (acceptLanguage === 'en' && CJK.test(body.detail.replace(/“[^”]*”|"[^"]*"/g, ''))) faults.push(`detail not in English: ${body.detail.slice(0, 80)}`);
  else if (acceptLanguage === 'zh-CN' && !CJK.test(body.detail)) faults.push(`detail not in Chinese: ${body.detail.slice(0, 80)}`);
  if (/\bat .+\.(ts|js):\d+|node_modules|SQLITE_|TypeError|ReferenceError/.test(res.body)) faults.push('leaks internals');
  return faults;
}

/**
 * True when the problem names the violated field: a field error whose pointer is the field, an
 * ancestor of it other than the root, or inside it.
 *
 * @example
 * namesField({ errors: [{ pointer: '/data/customer/name' }] }, '/data/customer/name'); // true
 */
export function namesField(body: { errors?: { pointer?: string }[] }, pointer: string): boolean {
  const related = (p: string) => p === pointer || (p !== '' && p !== '/data' && pointer.startsWith(p + '/')) || p.startsWith(pointer + '/');
  const strip = (p: string) => p.replace(/^\/data(?=\/|$)/, '');
  return (body.errors ?? []).some((e) => typeof e.pointer === 'string' && (related(e.pointer) || related('/data' + strip(e.pointer)) || related('/data' + e.pointer)));
}
