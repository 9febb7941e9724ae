/**
 * The admin watches the write-backs to the host ERP over HTTP: lists them by status, retries a
 * parked one, and sees on a document which host records are outdated and which write-backs were
 * superseded by re-approved figures.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNoneGateway } from '../../src/adapters/none/none-gateway.js';
import { AftersalesError } from '../../src/domain/errors.js';
import type { CustomerReturnRequest, ErpGateway } from '../../src/domain/ports.js';
import slipSample from '../../src/forms/return-slip/sample.json' with { type: 'json' };
import { buildApp, call } from './support.js';

/** A host that refuses customer returns (a rule on its side, not an outage) until told otherwise. */
function refusingHost(): ErpGateway & { refuse: boolean; down: boolean; received: CustomerReturnRequest[] } {
  const host = {
    ...createNoneGateway(),
    kind: 'stub',
    refuse: true,
    down: false,
    received: [] as CustomerReturnRequest[],
    async createCustomerReturn(req: CustomerReturnRequest) {
      if (host.down) {
        throw new AftersalesError({ code: 'AFTERSALES.ERP_UNAVAILABLE', type: 'unavailable', message: { 'zh-CN': '主机不可用', en: 'Host unavailable' } });
      }
      if (host.refuse) {
        throw new AftersalesError({ code: 'AFTERSALES.ERP_REJECTED', type: 'invalid_data', message: { 'zh-CN': '客户已冻结', en: 'Customer is blocked' } });
      }
      host.received.push(req);
      return { hostKey: `RET-${host.received.length}`, alreadyExisted: false };
    },
  };
  return host;
}

/** A return slip of 5 pumps worth 600 yuan, filed, submitted and approved over HTTP. */
async function approvedSlip(app: FastifyInstance): Promise<{ id: string; number: string }> {
  const data: Record<string, unknown> = structuredClone(slipSample);
  for (const later of ['actualQuantity', 'receipt', 'approval']) delete data[later];
  data.items = [{ itemNumber: 'PUMP-200', description: '离心泵 200 型', quantity: 5, unit: 'Nos' }];
  data.total = { amount: 60_000, currency: 'CNY' };
  data.approvedQuantity = 5;
  const created = await call(app, 'sales', 'POST', '/documents/return-slip', { data });
  expect(created.statusCode, created.body).toBe(201);
  const { id, number } = created.json() as { id: string; number: string };
  for (const [role, action] of [['sales', 'submit'], ['sales-manager', 'approve']] as const) {
    const res = await call(app, role, 'POST', `/documents/${id}/actions/${action}`, {});
    expect(res.statusCode, res.body).toBe(200);
  }
  return { id, number };
}

/** Sales corrects the approved slip to 4 pumps worth 450 yuan. */
const amendToFour = (app: FastifyInstance, id: string) =>
  call(app, 'sales', 'POST', `/documents/${id}/actions/amend`, {
    data: { items: [{ itemNumber: 'PUMP-200', description: '离心泵 200 型', quantity: 4, unit: 'Nos' }], approvedQuantity: 4 },
    amount: { amount: 45_000, currency: 'CNY' },
  });

let app: FastifyInstance;
let host: ReturnType<typeof refusingHost>;

beforeEach(async () => {
  host = refusingHost();
  app = await buildApp({ store: { kind: 'memory' }, erp: host, erpHooks: false, outbox: { autoStart: false } });
});
afterEach(async () => {
  await app.close();
});

describe('GET /admin/outbox and POST /admin/outbox/:id/retry', () => {
  it('shows the admin a refused write-back as parked, sends it again on retry, and refuses a second retry with 409', async () => {
    const slip = await approvedSlip(app);
    expect(await app.aftersales.outbox.runOnce()).toMatchObject({ parked: 1 });

    const parked = await call(app, 'admin', 'GET', '/admin/outbox?status=parked');
    expect(parked.statusCode).toBe(200);
    const [entry] = parked.json().items;
    expect(parked.json().items).toHaveLength(1);
    expect(entry).toMatchObject({ documentId: slip.id, reference: slip.number, operation: 'create-customer-return', status: 'parked', lastError: expect.stringContaining('Customer is blocked') });
    expect((await call(app, 'admin', 'GET', '/admin/outbox?status=pending')).json().items).toEqual([]);
    expect((await call(app, 'admin', 'GET', `/admin/outbox?documentId=${slip.id}`)).json().items).toHaveLength(1);

    host.refuse = false;
    const retried = await call(app, 'admin', 'POST', `/admin/outbox/${entry.id}/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ id: entry.id, status: 'pending', attempts: 0 });
    const history = (await call(app, 'admin', 'GET', `/documents/${slip.id}/audit`)).json().items as { action: string; actorId: string }[];
    expect(history.at(-1)).toMatchObject({ action: 'retry-write-back' });

    const again = await call(app, 'admin', 'POST', `/admin/outbox/${entry.id}/retry`, undefined, { 'accept-language': 'en' });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json()).toMatchObject({ code: 'AFTERSALES.OUTBOX_NOT_PARKED', details: { status: 'pending' } });

    expect(await app.aftersales.outbox.runOnce()).toMatchObject({ delivered: 1 });
    expect(host.received.map((r) => r.reference)).toEqual([slip.number]);
    expect((await call(app, 'admin', 'GET', '/admin/outbox?status=delivered')).json().items).toMatchObject([{ id: entry.id, hostKey: 'RET-1' }]);
  });

  it('answers 403 to anyone but an admin, 401 without credentials', async () => {
    const slip = await approvedSlip(app);
    await app.aftersales.outbox.runOnce();
    const [entry] = await app.aftersales.outbox.list({ documentId: slip.id });
    for (const role of ['sales', 'sales-manager', 'accounting', 'gm'] as const) {
      const list = await call(app, role, 'GET', '/admin/outbox');
      expect([role, list.statusCode, list.json().code]).toEqual([role, 403, 'AFTERSALES.ADMIN_ONLY']);
      const retry = await call(app, role, 'POST', `/admin/outbox/${entry!.id}/retry`);
      expect([role, retry.statusCode]).toEqual([role, 403]);
    }
    expect((await call(app, undefined, 'GET', '/admin/outbox')).statusCode).toBe(401);
    expect((await app.aftersales.outbox.list({ documentId: slip.id }))[0]).toMatchObject({ status: 'parked' });
  });

  it('refuses to retry a write-back that is only waiting for its next attempt after an outage, and changes nothing', async () => {
    host.down = true;
    const slip = await approvedSlip(app);
    expect(await app.aftersales.outbox.runOnce()).toMatchObject({ failed: 1 });
    const [entry] = await app.aftersales.outbox.list({ documentId: slip.id });
    expect(entry).toMatchObject({ status: 'failed', attempts: 1 });
    const trail = (await call(app, 'admin', 'GET', `/documents/${slip.id}/audit`)).json().items as unknown[];

    const retry = await call(app, 'admin', 'POST', `/admin/outbox/${entry!.id}/retry`);
    expect([retry.statusCode, retry.json().code, retry.json().details]).toEqual([409, 'AFTERSALES.OUTBOX_NOT_PARKED', expect.objectContaining({ status: 'failed' })]);
    expect((await app.aftersales.outbox.list({ documentId: slip.id }))[0]).toEqual(entry);
    expect((await call(app, 'admin', 'GET', `/documents/${slip.id}/audit`)).json().items).toEqual(trail);
  });

  it('answers 404 for an unknown write-back and 400 for a bad id or status', async () => {
    const missing = await call(app, 'admin', 'POST', '/admin/outbox/999/retry');
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'AFTERSALES.NOT_FOUND']);
    expect((await call(app, 'admin', 'POST', '/admin/outbox/abc/retry')).statusCode).toBe(400);
    const badStatus = await call(app, 'admin', 'GET', '/admin/outbox?status=lost');
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json().errors[0]).toMatchObject({ pointer: '/status', in: 'query' });
  });

  it('is described in the OpenAPI document', async () => {
    const spec = (await call(app, undefined, 'GET', '/openapi.json')).json() as { paths: Record<string, Record<string, { tags: string[]; responses: Record<string, unknown> }>> };
    expect(Object.keys(spec.paths['/aftersales/admin/outbox/{id}/retry']!.post!.responses)).toEqual(expect.arrayContaining(['200', '403', '404', '409']));
    expect(spec.paths['/aftersales/admin/outbox']!.get!.tags).toEqual(['admin']);
    expect(JSON.stringify(spec)).toContain('superseded');
  });
});

describe('a document whose approved amount changed', () => {
  it('shows its queued write-back as superseded and the replacement as pending', async () => {
    host.refuse = false;
    const slip = await approvedSlip(app);
    const amended = await amendToFour(app, slip.id);
    expect(amended.statusCode, amended.body).toBe(200);
    await call(app, 'sales-manager', 'POST', `/documents/${slip.id}/actions/approve`, {});
    const outbox = await call(app, 'admin', 'GET', `/documents/${slip.id}/outbox`);
    expect(outbox.statusCode).toBe(200);
    expect(outbox.json().items.map((e: { status: string }) => e.status)).toEqual(['superseded', 'pending']);
    expect((await call(app, 'admin', 'GET', '/admin/outbox?status=superseded')).json().items).toHaveLength(1);
  });

  it('shows the host records written from the old figures as outdated', async () => {
    host.refuse = false;
    const slip = await approvedSlip(app);
    await app.aftersales.outbox.runOnce();
    const before = await call(app, 'sales', 'GET', `/documents/${slip.id}`);
    expect(before.json()).not.toHaveProperty('outdatedHostRecords');

    expect((await amendToFour(app, slip.id)).statusCode).toBe(200);
    const after = await call(app, 'sales', 'GET', `/documents/${slip.id}`);
    expect(after.json().outdatedHostRecords).toEqual([
      expect.objectContaining({ operation: 'create-customer-return', reference: slip.number, hostKey: 'RET-1', deliveredAmount: { amount: 60_000, currency: 'CNY' }, currentAmount: { amount: 45_000, currency: 'CNY' } }),
    ]);
  });
});
