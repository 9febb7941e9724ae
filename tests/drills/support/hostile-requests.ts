/**
 * Hostile request bodies and headers, generated from a form's own JSON Schema so every body is
 * certainly invalid: each carries at least one violation a schema validator must refuse, plus
 * noise (prototype keys, deep nesting, odd Unicode, huge values) that must not hurt the server.
 */
import fc from 'fast-check';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The seed every drill prints and uses, so a failing run can be replayed with `DRILL_SEED=…`. */
export const DRILL_SEED = Number(process.env.DRILL_SEED ?? 20261123);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = Record<string, unknown>;

/** One request as `app.inject()` takes it. */
export interface HostileRequest {
  /** What was done to the body, for the failure report. */
  poison: string;
  /** The JSON pointer of the violated field, when the violation is in one field. */
  pointer?: string;
  /** True when the violation is one of the rules (a negative sum), not of the schema. */
  business?: boolean;
  payload: string | Buffer;
  headers: Record<string, string>;
}

/** A field the schema constrains and the sample fills: where a violation is certain. */
export interface SchemaSlot {
  pointer: string;
  schema: Schema;
  /** True when the parent object requires this field, so removing it is a violation. */
  required: boolean;
}

const ajvCache = new WeakMap<object, (data: unknown) => boolean>();

/**
 * A strict draft 2020-12 validator with formats, the same kind the server uses; a generated
 * body counts as hostile only when this refuses it.
 *
 * @example
 * schemaAccepts(definition.schema, sample); // true
 */
export function schemaAccepts(schema: Schema, data: unknown): boolean {
  let validate = ajvCache.get(schema);
  if (!validate) {
    const ajv = new Ajv2020.default({ strict: false, allErrors: false, validateFormats: true });
    addFormats.default(ajv);
    const compiled = ajv.compile(schema);
    validate = (d: unknown) => compiled(d) as boolean;
    ajvCache.set(schema, validate);
  }
  return validate(data);
}

function resolve(root: Schema, s: unknown): Schema | undefined {
  let cur = s as Schema | undefined;
  for (let hops = 0; cur && typeof cur.$ref === 'string' && hops < 20; hops++) {
    const ref = cur.$ref as string;
    if (!ref.startsWith('#')) return undefined;
    cur = ref
      .slice(1)
      .split('/')
      .filter(Boolean)
      .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], root) as Schema | undefined;
  }
  return cur;
}

function escapePointer(k: string): string {
  return k.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Every field of `sample` whose schema states a type directly (not only inside anyOf/oneOf), with
 * whether its parent requires it.
 *
 * @example
 * schemaSlots(definition.schema, sample).map((s) => s.pointer); // ['/customer', '/customer/name', …]
 */
export function schemaSlots(root: Schema, sample: Json): SchemaSlot[] {
  const out: SchemaSlot[] = [];
  const walk = (schema: Schema | undefined, value: Json, pointer: string, depth: number) => {
    if (!schema || depth > 12) return;
    if (Array.isArray(value)) {
      const items = resolve(root, schema.items);
      if (items && value.length > 0) visit(items, value[0]!, `${pointer}/0`, false, depth + 1);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const props = (schema.properties ?? {}) as Record<string, unknown>;
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    for (const [k, v] of Object.entries(value)) {
      const sub = resolve(root, props[k]);
      if (sub) visit(sub, v, `${pointer}/${escapePointer(k)}`, required.has(k), depth + 1);
    }
    // Fields the schema requires but the sample leaves out still count as slots to poison by type.
  };
  const visit = (schema: Schema, value: Json, pointer: string, required: boolean, depth: number) => {
    if (schema.type !== undefined || schema.enum !== undefined || schema.const !== undefined) out.push({ pointer, schema, required });
    walk(schema, value, pointer, depth);
  };
  walk(resolve(root, root), sample, '', 0);
  return out;
}

function typesOf(schema: Schema): string[] {
  const t = schema.type;
  return Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
}

/** Odd but well-formed Unicode: lone surrogates, bidi overrides, zero-width, NUL, combining marks. */
export const oddUnicode = fc.constantFrom(
  '\uD800',
  '\uDFFF',
  'a\uD83D',
  '\u202E\u0645\u0631\u062D\u0628\u0627',
  '\u200B\u200C\u200D\uFEFF',
  '\u0000',
  '\u0000\u0001\u001F',
  'Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358',
  '\u{1F4A9}\u{1F469}\u200D\u{1F469}\u200D\u{1F467}',
  '\u2028\u2029',
  '\uFFFD\uFFFE\uFFFF',
  '𠀀𪚥𰻞',
  '"><script>alert(1)</script>',
  "'; DROP TABLE documents; --",
  '{{constructor.constructor "return process"}}',
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  '$(rm -rf /)',
);

function deepNest(depth: number, leaf: Json = 1): Json {
  let v: Json = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** JSON values of every type, to put where a field expects another. */
function valueOfOtherType(allowed: string[], merged = false): fc.Arbitrary<Json> {
  const allowsNumber = allowed.includes('number');
  const choices: fc.Arbitrary<Json>[] = [];
  if (!allowed.includes('string')) choices.push(fc.string({ maxLength: 20 }), oddUnicode, fc.constant(''), fc.constant('100.50'));
  if (!allowed.includes('boolean')) choices.push(fc.boolean());
  // In a merge, null removes a field rather than setting it.
  if (!allowed.includes('null') && !merged) choices.push(fc.constant(null));
  if (!allowed.includes('object')) choices.push(fc.constant({}), fc.constant({ __proto__x: 1 }), fc.integer({ min: 10, max: 1500 }).map((d) => deepNest(d)));
  if (!allowed.includes('array')) choices.push(fc.constant([]), fc.array(fc.integer(), { maxLength: 5 }));
  if (!allowsNumber && !allowed.includes('integer')) choices.push(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(1e308));
  if (allowed.includes('integer') && !allowsNumber) choices.push(fc.constantFrom(0.5, -0.01, 100.5, 1e-7, 2 ** 53 + 0.5));
  return fc.oneof(...choices);
}

/** A string the pattern does not match, or undefined when none of the candidates misses it. */
function outsidePattern(pattern: string): string | undefined {
  const re = new RegExp(pattern, 'u');
  return ['', ' ', 'x', '0', '-1', 'ZZZZ-99', '２０２６', '\u0000', '9'.repeat(300), 'abc def', '<>'].find((c) => !re.test(c));
}

/** Dates and instants out of range or malformed, for `format: date | date-time`. */
const badDates = ['2026-02-30', '2026-13-01', '0000-00-00', '+275760-09-13', '99999-01-01', '2026-11-23T25:61:00Z', '2026-11-31', 'yesterday', '2026/11/23', '1e10', '2026-11-23T08:00:00+25:00', ''];

/** Violations of one slot's own constraints; each certainly fails the slot's schema. */
function slotViolations(slot: SchemaSlot, merged = false): fc.Arbitrary<{ label: string; value: Json | typeof REMOVE; business?: true }> {
  const s = slot.schema;
  const types = typesOf(s);
  const options: fc.Arbitrary<{ label: string; value: Json | typeof REMOVE; business?: true }>[] = [];
  if (isMoneySlot(slot)) {
    // A negative sum would slip under every approval limit: the schema allows the sign, the rules must not.
    options.push(fc.integer({ min: -1_000_000_000, max: -1 }).map((amount) => ({ label: 'negative money', value: { amount, currency: 'CNY' }, business: true as const })));
  }
  if (types.length) options.push(valueOfOtherType(types, merged).map((value) => ({ label: 'wrong type', value })));
  // Arrays nested tens of thousands deep in a small body: written into the text, as no object of that depth survives JSON.stringify.
  const deep =
    types.length && !types.includes('array')
      ? fc.integer({ min: 5_000, max: 60_000 }).map((n) => ({ label: 'arrays nested thousands deep', value: `${DEEP_MARK}${n}` as Json | typeof REMOVE, business: true as const }))
      : undefined;
  if (slot.required && !merged) options.push(fc.constant({ label: 'missing required field', value: REMOVE }));
  if (Array.isArray(s.enum)) options.push(fc.oneof(fc.string({ maxLength: 12 }), oddUnicode).map((v) => ({ label: 'outside enum', value: `¤${v}` })));
  if (typeof s.minimum === 'number') {
    const min = s.minimum;
    options.push(fc.constantFrom(min - 1, min - 1_000_000, -(2 ** 53) + 1).map((value) => ({ label: 'below minimum (negative money/quantity)', value })));
  }
  if (typeof s.exclusiveMinimum === 'number') options.push(fc.constant({ label: 'at exclusive minimum', value: s.exclusiveMinimum }));
  if (typeof s.maximum === 'number') options.push(fc.constantFrom(s.maximum + 1, 2 ** 53 + 2).map((value) => ({ label: 'above maximum', value })));
  if (types.includes('integer') && !types.includes('number')) options.push(fc.constantFrom(0.5, 100.01, -3.5, 1e-9).map((value) => ({ label: 'fractional where whole (money in minor units)', value })));
  if (typeof s.maxLength === 'number' && types.includes('string')) {
    const max = s.maxLength;
    options.push(fc.integer({ min: max + 1, max: max + 20_000 }).map((n) => ({ label: `string longer than ${max}`, value: '长'.repeat(n) })));
  }
  if (typeof s.minLength === 'number' && s.minLength > 0 && types.includes('string')) options.push(fc.constant({ label: 'empty string', value: '' }));
  if (typeof s.pattern === 'string') {
    const bad = outsidePattern(s.pattern);
    if (bad !== undefined) options.push(fc.constant({ label: 'pattern mismatch', value: bad }));
  }
  if (s.format === 'date' || s.format === 'date-time') options.push(fc.constantFrom(...badDates).map((value) => ({ label: 'date out of range', value })));
  if (typeof s.maxItems === 'number' && types.includes('array')) {
    const max = s.maxItems;
    options.push(fc.constant({ label: `array longer than ${max}`, value: Array.from({ length: max + 1 }, () => null) }));
  }
  if (!options.length) return fc.constant({ label: 'wrong type', value: [[['not', 'this']]] });
  return deep ? fc.oneof({ arbitrary: fc.oneof(...options), weight: 15 }, { arbitrary: deep, weight: 1 }) : fc.oneof(...options);
}

const REMOVE = Symbol('remove');

/** Stands in the JSON text for arrays nested this many levels deep. */
const DEEP_MARK = '\u0001deep:';

function expandDeep(text: string): string {
  return text.replace(/"\\u0001deep:(\d+)"/g, (_, n: string) => '['.repeat(Number(n)) + ']'.repeat(Number(n)));
}

/** A `{ amount, currency }` object: integer minor units with an ISO currency. */
export function isMoneySlot(slot: SchemaSlot): boolean {
  const props = slot.schema.properties as Record<string, Schema> | undefined;
  return slot.schema.type === 'object' && !!props?.amount && !!props?.currency && Object.keys(props).length === 2;
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

function setAt(root: Json, pointer: string, value: Json | typeof REMOVE): Json {
  if (pointer === '') return value === REMOVE ? {} : value;
  const keys = pointer.slice(1).split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  let cur = root as Record<string, Json>;
  for (const k of keys.slice(0, -1)) cur = cur[k] as Record<string, Json>;
  const last = keys.at(-1)!;
  if (value === REMOVE) {
    if (Array.isArray(cur)) cur.splice(Number(last), 1);
    else delete cur[last];
  } else cur[last] = value;
  return root;
}

/** Keys that try to reach the prototype chain or confuse a merge. */
const prototypeKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__', 'valueOf', '$where'];

/**
 * Noise added to the JSON text after the violation: prototype keys (written literally, as an
 * attacker would), deep nesting, huge arrays, odd Unicode in every string.
 */
/** Mostly absent: one noise in a few, so the bodies stay varied and the run stays fast. */
function sometimes<T>(arb: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: oneIn - 1 }, { arbitrary: arb, weight: 1 });
}

const noise = fc.record({
  protoKey: sometimes(fc.constantFrom(...prototypeKeys), 3),
  protoValue: fc.constantFrom('{"polluted":true}', '{"prototype":{"polluted":true}}', '{"admin":true,"roles":["gm"]}', 'null', '"gm"'),
  nested: sometimes(fc.integer({ min: 100, max: 3000 }), 8),
  hugeArray: sometimes(fc.integer({ min: 1000, max: 20_000 }), 12),
  unicode: sometimes(oddUnicode, 3),
  extraField: sometimes(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 3 })), 3),
});

interface Noise {
  protoKey?: string;
  protoValue: string;
  nested?: number;
  hugeArray?: number;
  unicode?: string;
  extraField?: [string, unknown];
}

function applyNoise(body: Json, n: Noise): { text: string; labels: string[] } {
  const labels: string[] = [];
  let b = body;
  if (n.unicode !== undefined && b && typeof b === 'object') {
    const u = n.unicode;
    const mark = (v: Json, depth: number): Json =>
      depth > 40 ? v : typeof v === 'string' ? v + u : Array.isArray(v) ? v.map((x) => mark(x, depth + 1)) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mark(x, depth + 1)])) : v;
    b = mark(b, 0);
    labels.push('odd unicode in strings');
  }
  if (b && typeof b === 'object' && !Array.isArray(b)) {
    if (n.extraField) {
      b = { ...b, [`x-${n.extraField[0]}`]: n.extraField[1] as Json };
      labels.push('extra field');
    }
    if (n.nested !== undefined) {
      b = { ...b, nested: deepNest(n.nested) };
      labels.push(`nesting ${n.nested} deep`);
    }
    if (n.hugeArray !== undefined) {
      b = { ...b, lines: Array.from({ length: n.hugeArray }, (_, i) => ({ i })) };
      labels.push(`array of ${n.hugeArray}`);
    }
  }
  let text = JSON.stringify(b);
  if (n.protoKey && text.startsWith('{')) {
    // Written into the text, because an object literal cannot carry an own "__proto__" key.
    text = `{"${n.protoKey}":${n.protoValue}${text.length > 2 ? ',' : ''}${text.slice(1)}`;
    labels.push(`"${n.protoKey}" key`);
  }
  return { text, labels };
}

/** Whole-body hostility: not JSON, the wrong top-level type, the wrong encoding, too large. */
const rawBodies: fc.Arbitrary<{ label: string; payload: string | Buffer; contentType?: string }> = fc.oneof(
  fc.constantFrom('{', '{"data":}', 'nul', '[1,2', '{"a":1}}', '\u0000', 'undefined', 'NaN', '{"a":NaN}', "{'a':1}", '{"a":1,}').map((payload) => ({ label: 'malformed JSON', payload })),
  fc.constantFrom('[]', '1', '"complaint"', 'null', 'true', '[{"data":{}}]', '-0', '1e400').map((payload) => ({ label: 'wrong top-level type', payload })),
  fc.constant({ label: 'empty body', payload: '' }),
  fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => ({ label: 'random bytes', payload: Buffer.from(bytes) })),
  fc.constantFrom('<xml/>', 'a=1&b=2', 'data=%7B%7D').chain((payload) => fc.constantFrom('application/xml', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x').map((contentType) => ({ label: `content-type ${contentType}`, payload, contentType }))),
  fc.constant({ label: 'body over 1 MiB', payload: `{"data":{"reason":"${'x'.repeat(1_100_000)}"}}` }),
  fc.constantFrom('utf-16', 'latin1', 'bogus').map((cs) => ({ label: `charset ${cs}`, payload: '{"data":"x"}', contentType: `application/json; charset=${cs}` })),
);

/** The whole-body hostility for a route; where the body is optional, an empty one is a valid request. */
const rawBodiesFor = (bodyOptional?: boolean) => (bodyOptional ? rawBodies.filter((r) => r.label !== 'empty body') : rawBodies);

/** Appends `u` to every string of a value (bounded depth). */
function markStrings(v: Json, u: string, depth = 0): Json {
  if (depth > 40) return v;
  if (typeof v === 'string') return v + u;
  if (Array.isArray(v)) return v.map((x) => markStrings(x, u, depth + 1));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, markStrings(x, u, depth + 1)]));
  return v;
}

/** Bytes that are not UTF-8, spliced into a string value of a JSON text. */
const invalidUtf8 = [Buffer.from([0xc3, 0x28]), Buffer.from([0xff]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]), Buffer.from([0xe2, 0x82])];

function spliceInvalidUtf8(text: string, which: number): Buffer {
  // Into a non-empty string value, so an empty-string violation stays empty.
  const m = /":"[^"\\]/.exec(text);
  const cut = m ? m.index + 3 : Math.max(1, text.length - 1);
  return Buffer.concat([Buffer.from(text.slice(0, cut), 'utf8'), invalidUtf8[which % invalidUtf8.length]!, Buffer.from(text.slice(cut), 'utf8')]);
}

/** Header values an attacker or a broken client sends. */
export const hostileHeaderValues = {
  idempotencyKey: fc.option(fc.oneof(fc.constant(''), fc.constant('k'.repeat(20_000)), fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => s.replace(/[\r\n\0]/g, '')), fc.uuid()), { nil: undefined }),
  acceptLanguage: fc.option(fc.constantFrom('en', 'zh-CN', 'zh-CN,zh;q=0.9', 'xx-YY', '*', 'en;q=abc', ';;;,,,', 'en-US,en;q=0.9'.repeat(500), 'de'), { nil: undefined }),
};

/** What a route needs to build certainly-invalid bodies. */
export interface BodyShape {
  /** The schema the body's `data` (or the body itself) must satisfy. */
  schema: Schema;
  /** A valid example the violations are made from. */
  sample: Json;
  /** Wraps the data into the request body, e.g. `(d) => ({ data: d })`. */
  wrap: (data: Json) => Json;
  /** Pointer prefix of `data` inside the body, e.g. `/data`. */
  prefix: string;
  /** The body is deep-merged into a stored document, so a missing field is no violation. */
  merged?: boolean;
  /** Fields the engine computes itself and overwrites (`*` for any array index): not violations. */
  derived?: string[];
  /** The route takes no body as `{}` (a workflow step): an empty body is no violation. */
  bodyOptional?: boolean;
}

/**
 * Hostile requests for one write route: a certain schema violation (checked with ajv before use)
 * with noise, or a wholly malformed body, with hostile headers.
 *
 * @example
 * const reqs = fc.sample(hostileRequests({ schema, sample, wrap: (d) => ({ data: d }), prefix: '/data' }), { seed: DRILL_SEED, numRuns: 2000 });
 */
export function hostileRequests(shape: BodyShape): fc.Arbitrary<HostileRequest> {
  const derived = (shape.derived ?? []).map((d) => new RegExp('^' + d.replace(/\*/g, '\\d+') + '(/|$)'));
  const slots = schemaSlots(shape.schema, shape.sample).filter((slot) => !derived.some((re) => re.test(slot.pointer)));
  if (!slots.length) throw new Error('the schema constrains no field of the sample; nothing to violate');
  const violation = fc
    .tuple(fc.integer({ min: 0, max: slots.length - 1 }), sometimes(oddUnicode, 3))
    .chain(([i, unicode]) => slotViolations(slots[i]!, shape.merged).map((v) => ({ slot: slots[i]!, unicode, ...v })))
    .map(({ slot, label, value, business, unicode }) => {
      // Odd Unicode goes into every string first, so it cannot undo the violation placed after it.
      const marked = unicode === undefined ? clone(shape.sample) : markStrings(shape.sample, unicode);
      const data = setAt(marked, slot.pointer, value);
      return { slot, label, data, business, unicode };
    })
    .filter(({ data, business }) => business === true || !schemaAccepts(shape.schema, data));
  const structured = fc
    .tuple(violation, noise, sometimes(fc.nat({ max: 5 }), 8))
    .map(([v, n, utf8]): Omit<HostileRequest, 'headers'> & { contentType?: string; business?: boolean } => {
      const { text: raw, labels } = applyNoise(shape.wrap(v.data), { ...n, unicode: undefined });
      const text = expandDeep(raw);
      const payload = utf8 === undefined ? text : spliceInvalidUtf8(text, utf8);
      return {
        poison: [`${v.label} at ${v.slot.pointer}`, ...(v.unicode === undefined ? [] : ['odd unicode in strings']), ...labels, ...(utf8 === undefined ? [] : ['invalid UTF-8 bytes'])].join(', '),
        pointer: shape.prefix + v.slot.pointer,
        payload,
        business: v.business === true,
      };
    });
  const raw = rawBodiesFor(shape.bodyOptional).map((r) => ({ poison: r.label, payload: r.payload, contentType: r.contentType }));
  return fc
    .tuple(fc.oneof({ arbitrary: structured, weight: 5 }, { arbitrary: raw, weight: 1 }), hostileHeaderValues.idempotencyKey, hostileHeaderValues.acceptLanguage)
    .map(([body, key, lang]) => {
      const contentType = (body as { contentType?: string }).contentType ?? 'application/json';
      const headers: Record<string, string> = { 'content-type': contentType };
      if (key !== undefined) headers['idempotency-key'] = key;
      if (lang !== undefined) headers['accept-language'] = lang;
      return { poison: body.poison, pointer: (body as { pointer?: string }).pointer, business: (body as { business?: boolean }).business === true, payload: body.payload, headers };
    });
}

/**
 * Hostile bodies for a route whose body shape is only loosely known (admin customisations, the
 * approval matrix): wholly malformed bodies, wrong top-level types, and the given certainly-bad
 * objects with noise.
 *
 * @example
 * fc.sample(hostileFreeformRequests([{ label: 'negative limit', body: { limits: [{ role: 'vp', upTo: -1 }] } }]), 100);
 */
export function hostileFreeformRequests(bad: { label: string; body: Json }[], options: { bodyOptional?: boolean } = {}): fc.Arbitrary<HostileRequest> {
  const structured = fc.tuple(fc.constantFrom(...bad), noise).map(([b, n]) => {
    const { text, labels } = applyNoise(clone(b.body), n);
    return { poison: [b.label, ...labels].join(', '), payload: text as string | Buffer, contentType: undefined as string | undefined };
  });
  const raw = rawBodiesFor(options.bodyOptional).map((r) => ({ poison: r.label, payload: r.payload, contentType: r.contentType }));
  return fc
    .tuple(fc.oneof({ arbitrary: structured, weight: 3 }, { arbitrary: raw, weight: 1 }), hostileHeaderValues.acceptLanguage)
    .map(([body, lang]) => {
      const headers: Record<string, string> = { 'content-type': body.contentType ?? 'application/json' };
      if (lang !== undefined) headers['accept-language'] = lang;
      return { poison: body.poison, payload: body.payload, headers };
    });
}
