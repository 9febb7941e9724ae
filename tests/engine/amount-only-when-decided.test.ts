import { describe, expect, test } from 'vitest';
import { cny, complaintFiling, complaintUpTo, gm, gmOffice, memoryEngine, sales } from './support.js';

describe('the committed amount changes only where it is decided', () => {
  test('registering a complaint cannot set the decision amount, through the amount or through the data', async () => {
    const { aftersales } = memoryEngine();
    const doc = await aftersales.documents.create('complaint', { data: complaintFiling() }, sales);
    await expect(aftersales.documents.act(doc.id, 'register', { amount: cny(500_000) }, gmOffice)).rejects.toMatchObject({
      code: 'AFTERSALES.AMOUNT_NOT_DECIDED_HERE',
      type: 'invalid_data',
      pointer: '/decision/amount',
    });
    await expect(aftersales.documents.act(doc.id, 'register', { data: { decision: { amount: cny(500_000) } } }, gmOffice)).rejects.toMatchObject({
      code: 'AFTERSALES.AMOUNT_NOT_DECIDED_HERE',
    });
    const stored = await aftersales.documents.get(doc.id);
    expect(stored.status).toBe('filed');
    expect(stored.revision).toBe(doc.revision);
    // The same step without an amount goes through.
    expect((await aftersales.documents.act(doc.id, 'register', {}, gmOffice)).status).toBe('registered');
    await aftersales.close();
  });

  test('the deciding step and an amendment still set it', async () => {
    const { aftersales, clock } = memoryEngine();
    const doc = await complaintUpTo(aftersales, clock, 'decide', 'allowance', 300_000);
    const decided = await aftersales.documents.act(doc.id, 'decide', { data: { decision: { outcome: 'allowance' } }, amount: cny(320_000) }, gm);
    expect(decided.data).toMatchObject({ decision: { amount: cny(320_000) } });
    await expect(aftersales.documents.act(doc.id, 'record-result', { data: { result: { customerAccepted: true } }, amount: cny(1) }, sales)).rejects.toMatchObject({ code: 'AFTERSALES.AMOUNT_NOT_DECIDED_HERE' });
    const amended = await aftersales.documents.act(doc.id, 'amend', { amount: cny(330_000) }, gm);
    expect(amended.data).toMatchObject({ decision: { amount: cny(330_000) } });
    await aftersales.close();
  });
});
