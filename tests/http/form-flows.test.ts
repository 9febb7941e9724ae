/**
 * One end-to-end flow per form over HTTP: the issuing role files the Chinese sample, each step is
 * taken by a user holding its role (approvals climb the chain until one's authority covers the
 * amount), until the form's final state; then the copies sit in their departments' inboxes.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formDefinitions, formSamples } from '../../src/forms/definitions.js';
import { workflows } from '../../src/forms/workflows.js';
import { FORM_KINDS, type Actor } from '../../src/domain/vocabulary.js';
import type { AftersalesDocument } from '../../src/domain/document.js';
import { happyEnd, walkToFinal } from '../../src/server/workflow-walk.js';
import { buildApp, call, httpAct, TEST_KEYS } from './support.js';
import { closedAt } from '../../src/domain/reports/complaint-statistics.js';
import { numberingPeriodOf } from '../../src/domain/numbering/document-number.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildApp();
});
afterAll(async () => {
  await app.close();
});

const actors: Actor[] = Object.values(TEST_KEYS);

describe.each(FORM_KINDS)('%s from creation to its final state', (kind) => {
  it('walks every step over HTTP and hands each copy to its department', async () => {
    const creatorRole = (workflows[kind].createRoles ?? [])[0]!;
    const created = await call(app, creatorRole, 'POST', `/documents/${kind}`, { data: formSamples[kind] }, { 'idempotency-key': `flow-${kind}` });
    expect(created.statusCode, created.body).toBe(201);
    const start = created.json();
    expect(start.status).toBe(workflows[kind].initial);

    const end = happyEnd(workflows[kind]);
    const taken: string[] = [];
    const act = httpAct(app);
    const final = await walkToFinal({
      workflow: workflows[kind],
      document: { ...start, formVersion: start.version } as AftersalesDocument,
      actors,
      act: async (id, action, input, actor) => {
        const next = await act(id, action, input, actor);
        taken.push(`${action}:${actor.roles[0]}`);
        return next;
      },
    });
    expect(final.status).toBe(end);
    expect(taken.length).toBeGreaterThanOrEqual(2);
    // The sample decision (19,200 yuan) is above the sales manager's 5,000 and within the VP's 50,000.
    if (kind === 'complaint') expect(taken).toContain('decide:vp');

    const doc = (await call(app, 'admin', 'GET', `/documents/${start.id}`)).json();
    expect(doc.status).toBe(end);
    expect(doc.availableActions).toEqual([]);
    const audit = (await call(app, 'admin', 'GET', `/documents/${start.id}/audit`)).json().items as { action: string; to: string }[];
    expect(audit[0]!.action).toBe('create');
    expect(audit.at(-1)!.to).toBe(end);
    expect(audit.filter((e) => e.action !== 'derive').map((e) => e.action).slice(1)).toEqual(taken.map((t) => t.split(':')[0]));

    // Every copy with a fixed department that routes on a state the document went through is in that inbox.
    const visited = new Set(audit.map((e) => e.to));
    for (const copy of formDefinitions[kind].copies) {
      for (const route of copy.routes) {
        if (typeof route.department !== 'string' || !visited.has(route.onState)) continue;
        const inbox = (await call(app, 'admin', 'GET', `/inbox/${route.department}?limit=200`)).json().items as { documentId: string; copyNumber: number }[];
        expect(inbox.some((e) => e.documentId === start.id && e.copyNumber === copy.number), `${kind} copy ${copy.number} → ${route.department}`).toBe(true);
      }
    }
  });
});

describe('after a complaint is closed', () => {
  it('accounting reads it, finds copy 4 in its inbox once, and pulls it as a PDF with a cursor', async () => {
    const list = (await call(app, 'accounting', 'GET', '/documents?kind=complaint&status=closed')).json().items as { id: string }[];
    expect(list.length).toBeGreaterThan(0);
    const id = list[0]!.id;
    expect((await call(app, 'accounting', 'GET', `/documents/${id}`)).statusCode).toBe(200);
    const inbox = (await call(app, 'accounting', 'GET', '/inbox/accounting')).json();
    const mine = inbox.items.filter((e: { documentId: string }) => e.documentId === id);
    expect(mine).toHaveLength(1);
    expect(mine[0].copyNumber).toBe(4);
    const seqs = inbox.items.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a: number, b: number) => a - b));

    const pdf = await call(app, 'accounting', 'GET', '/inbox/accounting/pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(Number(pdf.headers['aftersales-copy-count'])).toBe(inbox.items.length);
    const cursor = pdf.headers['aftersales-next-cursor'] as string;
    expect(cursor).toBeTruthy();
    // Nothing new after the cursor: 204, and the JSON inbox agrees.
    const after = await call(app, 'accounting', 'GET', `/inbox/accounting/pdf?cursor=${encodeURIComponent(cursor)}`);
    expect(after.statusCode).toBe(204);
    expect((await call(app, 'accounting', 'GET', `/inbox/accounting?cursor=${encodeURIComponent(cursor)}`)).json().items).toEqual([]);
  });
});

describe('the monthly complaint statistics', () => {
  it('count the closed complaint in its month, with its units, for the GM office; others get 403, a bad month 400', async () => {
    const [closed] = (await call(app, 'gm-office', 'GET', '/documents?kind=complaint&status=closed')).json().items as AftersalesDocument[];
    const closedOn = closedAt(closed!);
    const { year, month } = numberingPeriodOf(new Date(closedOn), 'Asia/Shanghai');
    const period = `${year}-${String(month).padStart(2, '0')}`;
    const res = await call(app, 'gm-office', 'GET', `/reports/complaints/${period}`);
    expect(res.statusCode, res.body).toBe(200);
    const stats = res.json();
    expect(stats).toMatchObject({ month: period, closed: 1, byOutcome: { [(closed!.data as { decision: { outcome: string } }).decision.outcome]: 1 } });
    const units = ((closed!.data as { decision: { responsibility: { unit: string }[] } }).decision.responsibility ?? []).map((r) => r.unit);
    expect(stats.units.map((u: { unit: string }) => u.unit).sort()).toEqual([...units].sort());
    expect(stats.units.reduce((a: number, u: { responsibilityPercent: number }) => a + u.responsibilityPercent, 0)).toBeCloseTo(100, 5);

    expect((await call(app, 'sales', 'GET', `/reports/complaints/${period}`)).statusCode).toBe(403);
    const bad = await call(app, 'gm-office', 'GET', '/reports/complaints/2026-13');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
