/**
 * Admin-editable slip texts (title lines, footers, notices): Handlebars templates compiled in
 * strict mode, with no helpers beyond the built-ins and no prototype access. A text that is
 * refused or fails renders as empty, never as a partial leak.
 */
import Handlebars from 'handlebars';
import type { Logger } from '../domain/ports.js';

/** Names a template may never reach: the way out of the data into the runtime. */
const FORBIDDEN_SEGMENTS = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'hasOwnProperty',
  'valueOf',
  'toString',
  'toLocaleString',
  'isPrototypeOf',
  'propertyIsEnumerable',
]);

const handlebars = Handlebars.create();
type Compiled = (context: unknown) => string;
const compiledTexts = new Map<string, Compiled | null>();
const COMPILED_TEXTS_KEPT = 500;

const stderrLogger: Logger = {
  info: () => undefined,
  warn: (obj, msg) => process.stderr.write(`${msg ?? 'warning'} ${JSON.stringify(obj)}\n`),
  error: (obj, msg) => process.stderr.write(`${msg ?? 'error'} ${JSON.stringify(obj)}\n`),
};

/**
 * True when a path in the template names a forbidden member (`constructor`, `__proto__`, …).
 *
 * @example
 * reachesPrototype('{{#with this}}{{constructor.name}}{{/with}}'); // true
 * reachesPrototype('编号 {{number}}');                              // false
 */
export function reachesPrototype(source: string): boolean {
  const ast = handlebars.parse(source);
  let found = false;
  const visit = (node: unknown): void => {
    if (found || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const n = node as { type?: string; parts?: unknown[]; original?: unknown; value?: unknown };
    if (n.type === 'PathExpression') {
      const parts = [...(n.parts ?? []), ...String(n.original ?? '').split(/[./]/)];
      if (parts.some((p) => typeof p === 'string' && FORBIDDEN_SEGMENTS.has(p))) found = true;
    }
    if (n.type === 'StringLiteral' && typeof n.value === 'string' && FORBIDDEN_SEGMENTS.has(n.value)) found = true;
    for (const value of Object.values(n)) if (value && typeof value === 'object') visit(value);
  };
  visit(ast);
  return found;
}

function compileText(source: string, logger: Logger): Compiled | null {
  if (compiledTexts.has(source)) return compiledTexts.get(source)!;
  let compiled: Compiled | null = null;
  try {
    if (reachesPrototype(source)) {
      logger.warn({ template: source }, 'slip text refused: it reaches for constructor or prototype members');
    } else {
      const template = handlebars.compile(source, { strict: true, knownHelpersOnly: true, noEscape: true });
      compiled = (ctx) => template(ctx, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    }
  } catch (err) {
    logger.warn({ template: source, error: err instanceof Error ? err.message : String(err) }, 'slip text refused: it does not compile');
  }
  if (compiledTexts.size >= COMPILED_TEXTS_KEPT) compiledTexts.clear();
  compiledTexts.set(source, compiled);
  return compiled;
}

/**
 * Renders an admin text against a document's view. Strict mode makes a misspelt field an error
 * rather than a silent blank, and that error (like any refused template) gives an empty text.
 *
 * @example
 * renderAdminText('本单一式{{copyCount}}联，编号 {{number}}', { number: '2611-007', copyCount: 5 }); // '本单一式5联，编号 2611-007'
 * renderAdminText('{{constructor.constructor "return process"}}', {});                                // ''
 */
export function renderAdminText(source: string | undefined, context: Record<string, unknown>, logger: Logger = stderrLogger): string {
  if (!source) return '';
  const compiled = compileText(source, logger);
  if (!compiled) return '';
  try {
    return compiled(context);
  } catch (err) {
    logger.warn({ template: source, error: err instanceof Error ? err.message : String(err) }, 'slip text failed to render');
    return '';
  }
}
