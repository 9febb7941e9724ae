/**
 * Drill 1: hostile request bodies and headers against every write route. Every answer must be a
 * 4xx problem+json with a useful message, never a 5xx; the server stays up; stored documents,
 * their audit trails, the form versions and the approval matrix are unchanged by what it refused;
 * and refused creations consume no document number.
 *
 * Reproducible: the seed is printed; replay with `DRILL_SEED=<seed> npx vitest run tests/drills`.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { CREATORS } from '../../src/domain/permissions/permission-table.js';
import { ROLES, type FormKind, type Role } from '../../src/domain/vocabulary.js';
import { buildDrillApp, bearer, call, PREFIX, type DrillApp } from './support/drill-app.js';
import { formSample, formSchema, KINDS } from './support/forms.js';
import { DRILL_SEED, hostileFreeformRequests, hostileRequests, type HostileRequest } from './support/hostile-requests.js';
import { namesField, problemFaults } from './support/problem-check.js';
import { creationData, workflowActions, workflowOf } from './support/workflows.js';

/** Fields the engine computes from the others and overwrites whatever a client sent (penalty shares and totals). */
const DERIVED: Partial<Record<FormKind, string[]>> = {
  'penalty-notice': ['/totals', '/persons/*/share', '/persons/*/deductedThisMonth', '/persons/*/carriedOver', '/payrollPeriod'],
};

/** Requests per route group; together well over 10,000. `DRILL_SCALE=10` runs ten times as many. */
const SCALE = Math.max(1, Number(process.env.DRILL_SCALE ?? 1));
const RUNS = { createPerKind: 1300 * SCALE, actions: 2200 * SCALE, customisation: 700 * SCALE, matrix: 700 * SCALE } as const;
/** The whole fuzz must finish inside this, or the drill fails: a slow refusal is a denial of service. */
const TIME_BUDGET_MS = 100_000 * SCALE;

interface Finding {
  route: string;
  poison: string;
  faults: string[];
  status: number;
  body: string;
}

let drill: DrillApp;
const findings: Finding[] = [];
let sent = 0;
const startedAt = Date.now();
const seeded: { id: string; kind: FormKind; number: string }[] = [];

/**
 * Mostly the right role's credentials (so the body is what gets judged), sometimes none or odd
 * ones, which must answer 401.
 */
const authMode: fc.Arbitrary<{ auth: 'role' } | { auth: 'none' } | { auth: 'raw'; header: string }> = fc.oneof(
  { weight: 14, arbitrary: fc.constant({ auth: 'role' as const }) },
  { weight: 1, arbitrary: fc.constant({ auth: 'none' as const }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('Bearer ', 'Bearer drill-', 'Bearer drill-root', 'Bearer drill-admin ', 'Basic YWRtaW46YWRtaW4=', 'bearer drill-ADMIN', `Bearer ${'a'.repeat(8000)}`, 'Bearer drill-admin\tx', 'Bearer drill-__proto__', 'Bearer drill-constructor').map((header) => ({ auth: 'raw' as const, header })),
  },
);

/** Documents a hostile request created or moved anyway (each is also a finding): left out of the before/after comparison. */
const acceptedIds = new Set<string>();
const acceptedNumbers: { kind: string; number: string }[] = [];

const statuses = new Map<number, number>();

function record(route: string, req: HostileRequest, res: LightMyRequestResponse, extraFaults: string[] = []): void {
  sent++;
  statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  if (res.statusCode === 201) {
    const b = JSON.parse(res.body) as { id: string; kind: string; number: string };
    acceptedIds.add(b.id);
    acceptedNumbers.push({ kind: b.kind, number: b.number });
  }
  // An accepted step is a finding of its own; the comparison below is about what was refused.
  if (res.statusCode === 200 && route.includes('/actions/')) acceptedIds.add((JSON.parse(res.body) as { id: string }).id);
  const lang = req.headers['accept-language'];
  const faults = [...problemFaults(res, lang === 'en' || lang === 'zh-CN' ? lang : undefined), ...extraFaults];
  if (faults.length) findings.push({ route, poison: req.poison, faults, status: res.statusCode, body: res.body.slice(0, 300) });
}

async function send(method: 'POST' | 'PUT', path: string, role: Role, req: HostileRequest, mode: { auth: string; header?: string } = { auth: 'role' }): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...req.headers };
  if (mode.auth === 'role') Object.assign(headers, bearer(role));
  else if (mode.auth === 'raw' && mode.header !== undefined) headers.authorization = mode.header;
  return drill.app.inject({ method, url: PREFIX + path, headers, payload: req.payload });
}

interface Snapshot {
  docs: { id: string; doc: unknown; audit: unknown }[];
  forms: unknown;
  matrix: unknown;
  inbox: { documentId: string }[][];
}

/** Everything a refused request must leave as it was. */
async function snapshot(): Promise<Snapshot> {
  const docs: Snapshot['docs'] = [];
  let cursor: string | undefined;
  do {
    const page = await drill.aftersales.documents.list({ limit: 500, ...(cursor ? { cursor } : {}) });
    for (const d of page.items) docs.push({ id: d.id, doc: d, audit: await drill.aftersales.documents.audit(d.id) });
    cursor = page.nextCursor;
  } while (cursor);
  const forms = await Promise.all(KINDS.map((k) => drill.aftersales.forms.definition(k)));
  const inbox = await Promise.all(['accounting', 'sales', 'qa', 'warehouse', 'gm-office', 'manufacturing'].map(async (d) => (await drill.aftersales.inbox.list(d, undefined, 1000)).items));
  return { docs, forms, matrix: await drill.aftersales.approvalMatrix.get(), inbox };
}

let before: Snapshot;

beforeAll(async () => {
  console.log(`hostile-input drill: seed ${DRILL_SEED} (replay with DRILL_SEED=${DRILL_SEED})`);
  drill = await buildDrillApp();
  // Documents in their first state, one per kind, for the action routes to aim at.
  for (const kind of KINDS) {
    for (let i = 0; i < 2; i++) {
      const r = await call(drill.app, 'POST', `/documents/${kind}`, CREATORS[kind][0], { data: creationData(kind) });
      expect(r.status, `seed ${kind}: ${JSON.stringify(r.body)}`).toBe(201);
      seeded.push({ id: r.body.id, kind, number: r.body.number });
    }
  }
  before = await snapshot();
});

afterAll(async () => {
  await drill?.close();
});

function budgetLeft(): boolean {
  return Date.now() - startedAt < TIME_BUDGET_MS;
}

describe('hostile input to every write route', () => {
  for (const kind of KINDS) {
    it(`POST /documents/${kind}: ${RUNS.createPerKind} hostile bodies and headers are refused with a 4xx problem`, async () => {
      const schema = formSchema(kind);
      const arb = fc.tuple(hostileRequests({ schema, sample: formSample(kind) as never, wrap: (d) => ({ data: d }), prefix: '/data', derived: DERIVED[kind] }), authMode);
      const cases = fc.sample(arb, { seed: DRILL_SEED + KINDS.indexOf(kind), numRuns: RUNS.createPerKind });
      for (const [req, mode] of cases) {
        if (!budgetLeft()) break;
        const res = await send('POST', `/documents/${kind}`, CREATORS[kind][0]!, req, mode);
        const extra: string[] = [];
        // A field-level violation must be named, so a client can show which field to fix.
        if (req.pointer && !req.business && res.statusCode === 422 && mode.auth === 'role') {
          let body: { errors?: { pointer?: string }[] } = {};
          try {
            body = JSON.parse(res.body);
          } catch {
            /* reported by problemFaults */
          }
          if (!namesField(body, req.pointer)) extra.push(`does not name ${req.pointer}`);
        }
        record(`POST /documents/${kind}`, req, res, extra);
      }
    });
  }

  it(`POST /documents/:id/actions/:action: ${RUNS.actions} hostile steps are refused and change nothing`, async () => {
    const kinds = [...new Set(seeded.map((s) => s.kind))];
    const target = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...seeded).map((s) => ({ id: s.id, kind: s.kind })) },
      { weight: 1, arbitrary: fc.constantFrom('x', '..%2F..%2Fetc', '%00', 'a'.repeat(65), '%E2%80%AE', '__proto__', 'constructor').map((id) => ({ id, kind: kinds[0]! })) },
    );
    // Built once per kind: each compiles the kind's schema.
    const bodies = new Map(kinds.map((kind) => [kind, actionBodies(kind)] as const));
    const arb = target.chain(({ id, kind }) => {
      // Mostly a step the role may take now, so the body itself is what gets judged.
      const wf = workflowOf(kind);
      const permitted = wf.transitions.filter((t) => t.from.includes(wf.initial)).flatMap((t) => t.roles.map((role) => [t.action, role] as const));
      return fc.tuple(
        fc.constant(id),
        bodies.get(kind)!,
        fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom(...permitted) },
          { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...workflowActions(kind)), fc.constantFrom<Role>(...ROLES)) },
          { weight: 1, arbitrary: fc.tuple(fc.constantFrom('__proto__', 'constructor', 'APPROVE', 'approve ', 'toString', 'x'.repeat(70), 'act%00ion'), fc.constantFrom<Role>(...ROLES)) },
        ),
      );
    });
    const cases = fc.sample(arb, { seed: DRILL_SEED + 1, numRuns: RUNS.actions });
    const slow = new Map<string, number>();
    for (const [id, req, [action, role]] of cases) {
      if (!budgetLeft()) break;
      const t0 = performance.now();
      // Ids and action names are already URL-safe on purpose (`%00`, `..%2F`); only spaces need escaping.
      const url = `${PREFIX}/documents/${id}/actions/${action.replace(/ /g, '%20')}`;
      const res = await drill.app.inject({ method: 'POST', url, headers: { ...req.headers, ...bearer(role) }, payload: req.payload });
      record('POST /documents/:id/actions/:action', req, res);
      if (process.env.DRILL_PROFILE) {
        const k = `${res.statusCode} ${req.poison.split(', ').map((p) => p.replace(/ at .*/, '').replace(/\d+/g, 'N')).sort().join('+')}`;
        slow.set(k, (slow.get(k) ?? 0) + performance.now() - t0);
      }
    }
    if (process.env.DRILL_PROFILE) console.log([...slow].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, ms]) => `${ms.toFixed(0)} ms ${k}`).join('\n'));
  });

  it(`PUT /admin/forms/:kind: ${RUNS.customisation} hostile customisations are refused`, async () => {
    const arb = fc.tuple(fc.constantFrom(...KINDS), hostileFreeformRequests(hostileCustomisations));
    const cases = fc.sample(arb, { seed: DRILL_SEED + 2, numRuns: RUNS.customisation });
    for (const [kind, req] of cases) {
      if (!budgetLeft()) break;
      record('PUT /admin/forms/:kind', req, await send('PUT', `/admin/forms/${kind}`, 'admin', req));
    }
  });

  it(`PUT /admin/approval-matrix: ${RUNS.matrix} hostile matrices are refused`, async () => {
    const cases = fc.sample(hostileFreeformRequests(hostileMatrices), { seed: DRILL_SEED + 3, numRuns: RUNS.matrix });
    for (const req of cases) {
      if (!budgetLeft()) break;
      record('PUT /admin/approval-matrix', req, await send('PUT', '/admin/approval-matrix', 'admin', req));
    }
  });

  it('answered every hostile request with a useful 4xx problem, inside the time budget', () => {
    const elapsed = Date.now() - startedAt;
    console.log(`hostile-input drill: ${sent} requests in ${(elapsed / 1000).toFixed(1)} s (${Math.round(sent / (elapsed / 1000))}/s), ${findings.length} findings; answers ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    const byKind = new Map<string, { n: number; example: Finding }>();
    for (const f of findings) {
      const key = `${f.route} | ${f.faults.map((x) => x.replace(/\d+/g, 'N').slice(0, 60)).join('; ')} | ${f.poison.split(',')[0]!.replace(/ at .*/, '')}`;
      const e = byKind.get(key);
      if (e) e.n++;
      else byKind.set(key, { n: 1, example: f });
    }
    const summary = [...byKind].map(([k, v]) => `${v.n} × ${k}\n    e.g. ${v.example.poison} → ${v.example.status} ${v.example.body}`);
    const acceptedAt = [...new Set(findings.filter((f) => f.status < 400).map((f) => `${f.route} ${f.poison.split(',')[0]}`))];
    if (acceptedAt.length) console.log(`accepted hostile requests:\n  ${acceptedAt.join('\n  ')}`);
    expect(summary, summary.join('\n')).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(10_000);
  });

  it('left stored documents, audit trails, inboxes, form versions and the approval matrix unchanged', async () => {
    // Documents an accepted hostile request created or moved are findings above, not part of this comparison.
    const refusedOnly = (x: Snapshot) => ({ ...x, docs: x.docs.filter((d) => !acceptedIds.has(d.id)), inbox: x.inbox.map((entries) => entries.filter((e) => !acceptedIds.has(e.documentId))) });
    expect(refusedOnly(await snapshot())).toEqual(refusedOnly(before));
  });

  it('is still up, and refused creations consumed no document number', async () => {
    for (const kind of KINDS) {
      const mine = [...seeded, ...acceptedNumbers].filter((s) => s.kind === kind).map((s) => s.number);
      const r = await call(drill.app, 'POST', `/documents/${kind}`, CREATORS[kind][0], { data: creationData(kind) });
      expect(r.status).toBe(201);
      expect(serialOf(r.body.number)).toBe(Math.max(...mine.map(serialOf)) + 1);
    }
  });
});

/** The serial at the end of a number such as `2611-007`. */
function serialOf(number: string): number {
  return Number(/(\d+)\D*$/.exec(number)?.[1] ?? NaN);
}

const L = { 'zh-CN': '字段', en: 'Field' };

/** Customisations an administrator's tool could send by mistake or malice; none may be accepted. */
const hostileCustomisations: { label: string; body: never }[] = [
  { label: 'customisation is an array', body: [] as never },
  { label: 'required field that does not exist', body: { requireFields: ['/doesNotExist'] } as never },
  { label: 'required field __proto__', body: { requireFields: ['__proto__', '/__proto__/polluted'] } as never },
  { label: 'added field with a $ref to a remote schema', body: { addFields: { evil: { schema: { $ref: 'https://evil.example/schema.json' }, label: L } } } as never },
  { label: 'added field with a combinator', body: { addFields: { evil: { schema: { anyOf: [{ type: 'string' }] }, label: L } } } as never },
  { label: 'added field named constructor', body: { addFields: { constructor: { schema: { type: 'string' }, label: L } } } as never },
  { label: 'added field named prototype inside /qa', body: { addFields: { prototype: { schema: { type: 'string' }, label: L, section: '/qa' } } } as never },
  { label: 'copy numbered -1', body: { copies: [{ number: -1, department: 'accounting', label: L, routes: [] }] } as never },
  { label: 'ten thousand copies', body: { addCopies: Array.from({ length: 10_000 }, (_, i) => ({ number: i + 10, department: 'qa', label: L, routes: [] })) } as never },
  { label: 'label that is a number', body: { labels: { '/customer/name': 42 } } as never },
  { label: 'catastrophic regex pattern', body: { addFields: { code: { schema: { type: 'string', pattern: '^(a+)+$' }, label: L } } } as never },
  { label: 'text template with a helper reaching the Function constructor', body: { texts: { footer: { 'zh-CN': '{{constructor.constructor "return process"}}', en: '{{#with this}}{{lookup this "constructor"}}{{/with}}' } } } as never },
  { label: 'triple-brace text', body: { texts: { notice: { 'zh-CN': '{{{number}}}', en: '{{> partial}}' } } } as never },
  { label: 'approval limits smuggled into a form', body: { approvalLimits: [{ role: 'sales', maxAmount: null }] } as never },
  { label: 'a billion-character field', body: { addFields: { big: { schema: { type: 'string', maxLength: 1_000_000_000 }, label: L } } } as never },
  { label: 'a field nested ten deep', body: { addFields: { deep: { schema: nestSchema(10), label: L } } } as never },
  { label: 'a text of 5,000 characters', body: { texts: { footer: { 'zh-CN': '长'.repeat(5000), en: 'x' } } } as never },
  { label: 'an unsafe format', body: { addFields: { f: { schema: { type: 'string', format: 'regex' }, label: L } } } as never },
  { label: 'a route to an unknown state', body: { copyChanges: [{ number: 1, routes: [{ onState: '__proto__', department: 'qa' }] }] } as never },
  { label: 'a department with a path in it', body: { copyChanges: [{ number: 1, department: '../accounting' }] } as never },
  { label: 'an unknown key', body: { eval: 'process.exit(1)' } as never },
];

function nestSchema(depth: number): Record<string, unknown> {
  let s: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < depth; i++) s = { type: 'object', properties: { a: s } };
  return s;
}

/** Approval matrices that would let someone approve without limit or break the chain. */
const hostileMatrices: { label: string; body: never }[] = [
  { label: 'negative limit', body: { chain: ['sales-manager', 'vp', 'gm'], limits: [{ formKind: 'complaint', currency: 'CNY', role: 'sales-manager', maxAmount: -1 }] } as never },
  { label: 'fractional limit', body: { chain: ['sales-manager', 'vp', 'gm'], limits: [{ formKind: 'complaint', currency: 'CNY', role: 'sales-manager', maxAmount: 100.5 }] } as never },
  { label: 'unknown role', body: { chain: ['sales-manager', 'root'], limits: [] } as never },
  { label: 'empty chain', body: { chain: [], limits: [] } as never },
  { label: 'unknown form kind', body: { chain: ['gm'], limits: [{ formKind: 'invoice', currency: 'CNY', role: 'gm', maxAmount: null }] } as never },
  { label: 'lower-case currency', body: { chain: ['gm'], limits: [{ formKind: 'complaint', currency: 'cny', role: 'gm', maxAmount: 1 }] } as never },
  { label: 'limit for a role outside the chain', body: { chain: ['gm'], limits: [{ formKind: 'complaint', currency: 'CNY', role: 'sales', maxAmount: null }] } as never },
  { label: 'limit as a string', body: { chain: ['gm'], limits: [{ formKind: 'complaint', currency: 'CNY', role: 'gm', maxAmount: '1e9' }] } as never },
  { label: 'limits is an object', body: { chain: ['gm'], limits: { length: 1 } } as never },
];

/** Hostile action bodies for one kind: certain violations merged into the document, or a bad envelope. */
function actionBodies(kind: FormKind): fc.Arbitrary<HostileRequest> {
  return fc.oneof(
    { weight: 3, arbitrary: hostileRequests({ schema: formSchema(kind), sample: formSample(kind) as never, wrap: (d) => ({ data: d, comment: '驳回' }), prefix: '/data', merged: true, derived: DERIVED[kind], bodyOptional: true }) },
    {
      weight: 2,
      arbitrary: hostileFreeformRequests([
        { label: 'fractional amount', body: { amount: { amount: 100.5, currency: 'CNY' } } },
        { label: 'negative amount', body: { amount: { amount: -500000, currency: 'CNY' } } },
        { label: 'amount above 2^53', body: { amount: { amount: 2 ** 60, currency: 'CNY' } } },
        { label: 'amount as string', body: { amount: { amount: '500000', currency: 'CNY' } } },
        { label: 'lower-case currency', body: { amount: { amount: 100, currency: 'cny' } } },
        { label: 'money without currency', body: { amount: { amount: 100 } } },
        { label: 'data is an array', body: { data: [1, 2] } },
        { label: 'data is a string', body: { data: 'closed' } },
        { label: 'comment is an object', body: { comment: { text: 'x' } } },
        { label: 'comment of 100k characters', body: { comment: '长'.repeat(100_000) } },
        { label: 'status smuggled in', body: { status: 'closed' } },
        { label: 'approval smuggled in', body: { approval: { approvedBy: { role: 'gm' } } } },
      ], { bodyOptional: true }),
    },
  );
}
