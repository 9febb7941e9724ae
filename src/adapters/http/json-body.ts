/**
 * JSON bodies with a bound on nesting: a small body of brackets nested tens of thousands deep
 * would otherwise reach validation and the engine's recursive walks; it is refused before parsing.
 */
import type { FastifyInstance } from 'fastify';
import { httpError } from './problem.js';

/**
 * The deepest nesting of arrays and objects a request body may have. The deepest form field is
 * six levels down (`data.items[n].unitPrice.amount`); the engine refuses form data deeper than 32.
 *
 * @example
 * jsonDepth('{"data":{"items":[{}]}}') <= MAX_BODY_DEPTH; // true
 */
export const MAX_BODY_DEPTH = 64;

/**
 * How deeply arrays and objects nest in JSON text, counting brackets outside strings; stops
 * counting once `stopAbove` is passed, so the scan of a hostile body ends early.
 *
 * @example
 * jsonDepth('{"a":[1,[2]]}'); // 3
 * jsonDepth('["[[["]'); // 1
 */
export function jsonDepth(text: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character, a quote included
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/**
 * Replaces the context's JSON parser with fastify's own (same prototype-poisoning protection)
 * behind a nesting check that answers 400 `AFTERSALES.BODY_TOO_DEEP`. An empty body is `{}` on
 * routes whose body is optional.
 *
 * @example
 * useDepthBoundJsonParser(app, MAX_BODY_DEPTH);
 */
export function useDepthBoundJsonParser(app: FastifyInstance, maxDepth = MAX_BODY_DEPTH): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.length === 0 && request.routeOptions.config?.aftersalesOptionalBody) {
      done(null, {});
      return;
    }
    if (jsonDepth(text, maxDepth) > maxDepth) {
      done(httpError('bodyTooDeep', { maxDepth }), undefined);
      return;
    }
    parse(request, text, done);
  });
}
