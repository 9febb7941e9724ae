import { describe, expect, test } from 'vitest';
import type { AuditEvent } from '../../src/domain/document.js';
import { accounting, cny, complaintFiling, memoryEngine, routing, sales, salesManager, vp, walk } from './support.js';

describe('a complaint walked through every routing step', () => {
  test('reaches closed with one audit event per step saying who, when, from, to and what changed', async () => {
    const { aftersales, clock } = memoryEngine();
    const steps = routing('return', 1_920_000);
    const closed = await walk(aftersales, clock, steps);
    expect(closed.number).toBe('2611-001');
    expect(closed.approval?.approvedBy).toMatchObject({ actorId: vp.id, role: 'vp', amount: cny(1_920_000) });
    expect((await aftersales.documents.audit(closed.id)).find((e) => e.action === 'decide')?.note).toBe('approved ¥19,200.00 as vp (required: vp)');

    const events = await aftersales.documents.audit(closed.id);
    const stepEvents = events.filter((e) => e.action !== 'derive');
    expect(stepEvents.map((e) => e.action)).toEqual(['create', ...steps.map((s) => s.action)]);
    expect(stepEvents[0]).toMatchObject({ actorId: sales.id, actorRoles: ['sales'], from: null, to: 'filed', at: '2026-11-23T01:00:00.000Z' });
    let from = 'filed';
    steps.forEach((step, i) => {
      const e = stepEvents[i + 1]!;
      expect(e, step.action).toMatchObject({ actorId: step.actor.id, actorRoles: step.actor.roles, from, to: step.to });
      expect(e.at).toBe(new Date(Date.parse('2026-11-23T01:00:00.000Z') + (i + 1) * 2 * 3_600_000).toISOString());
      expect(e.changes.map((c) => c.pointer).sort(), step.action).toEqual(step.pointers);
      for (const c of e.changes) expect(c.before, c.pointer).toBeUndefined();
      from = step.to;
    });
    const investigate = stepEvents.find((e) => e.action === 'investigate')!;
    expect(investigate.changes).toContainEqual({ pointer: '/qa/cause', after: 'rejects-mixed-in' });
    expect(stepEvents[1]!.changes).toContainEqual({ pointer: '/registration/acceptedAt', after: '2026-11-23T03:00:00.000Z' });
    expect(await aftersales.verifyAudit()).toMatchObject({ intact: true });
  });

  test('the close and QA clocks start at registration and are met by the steps that end them', async () => {
    const { aftersales, clock } = memoryEngine();
    const closed = await walk(aftersales, clock, routing('return', 1_920_000));
    const byName = Object.fromEntries(closed.deadlines.map((d) => [d.name, d]));
    expect(Object.keys(byName).sort()).toEqual(['complaint-close', 'gm-consolidation', 'qa-report']);
    // Registered 03:00Z (2 h after filing); 13 calendar days for a domestic customer.
    expect(byName['complaint-close']).toMatchObject({ startedAt: '2026-11-23T03:00:00.000Z', dueAt: '2026-12-06T03:00:00.000Z', metAt: closed.updatedAt });
    expect(byName['qa-report']!.metAt).toBe('2026-11-23T05:00:00.000Z');
    expect(byName['gm-consolidation']!.metAt).toBeDefined();
  });

  test('R&D is skipped when QA did not ask for its comment', async () => {
    const { aftersales, clock } = memoryEngine();
    const steps = routing('return', 100_000, { rndRequired: false });
    const closed = await walk(aftersales, clock, steps);
    const actions = (await aftersales.documents.audit(closed.id)).map((e) => e.action);
    expect(actions).not.toContain('rnd-comment');
  });

  test('an accountant sees no copy until the complaint is signed off, then copy 4; every department gets its copy', async () => {
    const { aftersales, clock } = memoryEngine();
    const steps = routing('return', 1_920_000);
    const doc = await aftersales.documents.create('complaint', { data: complaintFiling() }, sales);
    let current = doc;
    for (const step of steps) {
      expect((await aftersales.inbox.list('accounting')).items, `before ${step.action}`).toEqual([]);
      clock.advanceHours(1);
      current = await aftersales.documents.act(current.id, step.action, { data: step.data ?? {} }, step.actor);
    }
    const accountingInbox = await aftersales.inbox.list('accounting');
    expect(accountingInbox.items.filter((e) => e.kind === 'complaint')).toMatchObject([{ documentId: doc.id, number: '2611-001', copyNumber: 4 }]);
    for (const [department, copy] of [['qa', 1], ['manufacturing', 2], ['sales', 3], ['gm-office', 5]] as const) {
      const items = (await aftersales.inbox.list(department)).items.filter((e) => e.kind === 'complaint');
      expect(items.map((e) => e.copyNumber), department).toEqual([copy]);
    }
    void accounting;
  });

  test('closing a return decision drafts a return slip and penalty notices, numbered in their own sequences and linked both ways', async () => {
    const { aftersales, clock } = memoryEngine();
    // An unrelated return slip first, so the derived one must take serial 002 of its own sequence.
    await aftersales.documents.create('return-slip', { data: (await import('../../src/forms/return-slip/sample.json', { with: { type: 'json' } })).default as never }, sales);
    const closed = await walk(aftersales, clock, routing('return', 1_920_000));
    const derived = closed.links.filter((l) => l.rel === 'derived');
    expect(derived.map((l) => l.kind).sort()).toEqual(['penalty-notice', 'penalty-notice', 'return-slip']);

    const slipLink = derived.find((l) => l.kind === 'return-slip')!;
    const slip = await aftersales.documents.get(slipLink.id);
    expect(slip).toMatchObject({ status: 'draft', number: '2611-002', links: [{ rel: 'derived-from', id: closed.id, kind: 'complaint', number: closed.number }] });
    expect(slip.data).toMatchObject({ basisComplaintNumber: closed.number, handling: 'return', approvedQuantity: 320, total: cny(1_920_000), customer: { id: '10100001' } });

    const [notice, unitNotice] = await Promise.all(derived.filter((l) => l.kind === 'penalty-notice').map((l) => aftersales.documents.get(l.id)));
    expect(notice).toMatchObject({ status: 'draft', number: '2611-001' });
    // The unit with persons named: 70 % of the loss, split between them.
    expect(notice!.data).toMatchObject({ responsibleUnit: '制造二科 阻焊组', faultType: 'joint', loss: cny(1_344_000), causeCode: 'rejects-mixed-in' });
    expect((notice!.data.persons as unknown[]).length).toBe(2);
    // '制造二科 阻焊组' names no department: the GM office picks the one that deducts.
    expect(notice!.data.penalisedDepartment).toBeUndefined();
    // The unit that named nobody still answers for its 30 %: the GM office lists its members.
    expect(unitNotice).toMatchObject({ status: 'draft', number: '2611-002', data: { responsibleUnit: '质量管理部 终检组', faultType: 'joint', loss: cny(576_000), persons: [] } });

    const slipAudit = await aftersales.documents.audit(slip.id);
    expect(slipAudit).toMatchObject([{ action: 'create', actorId: 'system', from: null, to: 'draft', note: `derived from complaint ${closed.number}` }]);
    const complaintAudit: AuditEvent[] = await aftersales.documents.audit(closed.id);
    expect(complaintAudit.at(-1)).toMatchObject({ action: 'derive', from: 'closed', to: 'closed' });
  });

  test('closing an allowance decision drafts an allowance certificate for the decided amount', async () => {
    const { aftersales, clock } = memoryEngine();
    const closed = await walk(aftersales, clock, routing('allowance', 300_000, { approver: salesManager }));
    const link = closed.links.find((l) => l.kind === 'allowance-certificate')!;
    const cert = await aftersales.documents.get(link.id);
    expect(cert).toMatchObject({ status: 'draft', number: '2611-001', data: { kind: 'allowance', amount: cny(300_000), basisComplaintNumber: closed.number } });
    expect(closed.links.some((l) => l.kind === 'return-slip')).toBe(false);
  });

  test('a decision the customer rejects is re-filed as a new complaint linked both ways', async () => {
    const { aftersales, clock } = memoryEngine();
    const rejected = await walk(aftersales, clock, routing('allowance', 300_000, { accepted: false, approver: salesManager }));
    const refiled = await aftersales.documents.create('complaint', { data: complaintFiling({ reason: '客户不接受折让，要求退货' }) }, sales, { refiles: rejected.id });
    expect(refiled.number).toBe('2611-002');
    expect(refiled.links).toEqual([{ rel: 'refiles', id: rejected.id, kind: 'complaint', number: rejected.number }]);
    const original = await aftersales.documents.get(rejected.id);
    expect(original.links).toContainEqual({ rel: 'refiled-as', id: refiled.id, kind: 'complaint', number: refiled.number });
    expect((await aftersales.documents.audit(rejected.id)).at(-1)).toMatchObject({ action: 'link', actorId: sales.id });
    await expect(aftersales.documents.create('complaint', { data: complaintFiling() }, sales, { refiles: rejected.id })).rejects.toMatchObject({ code: 'AFTERSALES.ALREADY_REFILED' });
  });

  test('a complaint whose customer accepted the decision cannot be re-filed', async () => {
    const { aftersales, clock } = memoryEngine();
    const accepted = await walk(aftersales, clock, routing('return', 100_000, { approver: salesManager }));
    await expect(aftersales.documents.create('complaint', { data: complaintFiling() }, sales, { refiles: accepted.id })).rejects.toMatchObject({
      code: 'AFTERSALES.REFILE_NEEDS_REJECTED_DECISION',
      type: 'conflict',
    });
  });
});
