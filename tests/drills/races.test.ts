/**
 * Drill: what an impatient or malicious client does with timing. One Idempotency-Key sent twenty
 * times at once gives one document; the key reused with another body is a conflict; two hundred
 * creations at once get consecutive numbers; two approvers pressing at the same moment approve
 * once; an amount changed while an approval is in flight never ends approved at the new amount.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflows } from '../../src/forms/workflows.js';
import { buildDrillApp, call, type DrillApp } from './support/drill-app.js';
import { creationData, scaleMoney, stateRecipes } from './support/workflows.js';

let drill: DrillApp;

beforeAll(async () => {
  drill = await buildDrillApp();
});

afterAll(async () => {
  await drill?.close();
});

const serial = (n: string) => Number(/(\d+)$/.exec(n)![1]);

describe('races', () => {
  it('one Idempotency-Key sent twenty times at once gives one document', async () => {
    const body = { data: creationData('complaint') };
    const answers = await Promise.all(Array.from({ length: 20 }, () => call(drill.app, 'POST', '/documents/complaint', 'sales', body, { 'idempotency-key': 'race-1' })));
    for (const a of answers) expect(a.status, JSON.stringify(a.body).slice(0, 200)).toBeLessThan(300);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const again = await call(drill.app, 'POST', '/documents/complaint', 'sales', { data: { ...creationData('complaint'), reason: '另一个请求体' } }, { 'idempotency-key': 'race-1' });
    expect(again.status).toBe(409);
    const list = await call(drill.app, 'GET', '/documents?kind=complaint&limit=1000', 'admin');
    expect(list.body.items.filter((d: { id: string }) => d.id === answers[0]!.body.id)).toHaveLength(1);
  });

  it('two hundred creations at once get two hundred consecutive numbers', async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => call(drill.app, 'POST', '/documents/repair-voucher', 'service', { data: { ...creationData('repair-voucher'), fault: `并发 ${i}` } })));
    expect(answers.every((a) => a.status === 201)).toBe(true);
    const serials = answers.map((a) => serial(a.body.number)).sort((a, b) => a - b);
    expect(new Set(serials).size).toBe(200);
    expect(serials.at(-1)! - serials[0]!).toBe(199);
  });

  it('two approvers pressing at the same moment approve once', async () => {
    const recipe = stateRecipes('return-slip').get('submitted')!;
    const created = await call(drill.app, 'POST', '/documents/return-slip', 'sales', { data: creationData('return-slip') });
    for (const step of recipe) expect((await call(drill.app, 'POST', `/documents/${created.body.id}/actions/${step.action}`, step.role, { data: step.data })).status).toBe(200);
    const [a, b] = await Promise.all([
      call(drill.app, 'POST', `/documents/${created.body.id}/actions/approve`, 'vp', {}),
      call(drill.app, 'POST', `/documents/${created.body.id}/actions/approve`, 'gm', {}),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const audit = await call(drill.app, 'GET', `/documents/${created.body.id}/audit`, 'admin');
    const events = (Array.isArray(audit.body) ? audit.body : audit.body.items ?? audit.body.events) as { action: string }[];
    expect(events.filter((e) => e.action === 'approve')).toHaveLength(1);
  });

  it('an amount changed while an approval is in flight never ends approved at the new amount', async () => {
    const wf = workflows['allowance-certificate'];
    const recipes = stateRecipes('allowance-certificate');
    let endedApprovedAtNewAmount = 0;
    for (let round = 0; round < 10; round++) {
      const created = await call(drill.app, 'POST', '/documents/allowance-certificate', 'sales', { data: creationData('allowance-certificate') });
      for (const step of recipes.get('manager-signed')!) expect((await call(drill.app, 'POST', `/documents/${created.body.id}/actions/${step.action}`, step.role, { data: step.data })).status).toBe(200);
      const doc = (await call(drill.app, 'GET', `/documents/${created.body.id}`, 'admin')).body;
      // The VP signs what it saw while sales, in the same instant, quadruples every amount (still within the VP's limit is irrelevant: the VP never saw it).
      const [, amend] = await Promise.all([
        call(drill.app, 'POST', `/documents/${doc.id}/actions/gm-sign`, 'vp', {}),
        call(drill.app, 'POST', `/documents/${doc.id}/actions/amend`, 'sales', { data: scaleMoney(doc.data, 4) }),
      ]);
      const after = (await call(drill.app, 'GET', `/documents/${doc.id}`, 'admin')).body;
      const approvedAmount = after.approval?.approvedBy?.amount?.amount;
      const storedAmount = (after.data.amount as { amount: number }).amount;
      if (after.status !== wf.awaitingApproval && approvedAmount !== undefined && approvedAmount !== storedAmount) endedApprovedAtNewAmount++;
      if (amend.status === 200) expect(after.status === wf.awaitingApproval || approvedAmount === storedAmount).toBe(true);
    }
    expect(endedApprovedAtNewAmount).toBe(0);
  });
});
