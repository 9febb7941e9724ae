/**
 * The engine delivers its own write-backs: with an ERP configured, an approved return slip
 * reaches the host without the integrator running a worker, `close()` stops delivery, and an
 * admin sees and retries parked write-backs through `aftersales.outbox`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAftersales, type AftersalesEngine } from '../../src/create-aftersales.js';
import { startRestHost, type RestHost } from '../erp/support/rest-host.js';
import { approvedReturnSlip } from './fixtures/return-slip-on-rest-host.js';
import { accounting, admin } from './support.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await pause(20);
  }
}

let host: RestHost;
let engines: AftersalesEngine[] = [];
const returnsInHost = (reference: string) => [...(host.docs.get('Delivery Note')?.values() ?? [])].filter((d) => d.po_no === reference);

beforeEach(async () => {
  host = await startRestHost();
});
afterEach(async () => {
  for (const e of engines) await e.close();
  engines = [];
  await host.stop();
});

function engine(options: Parameters<typeof createAftersales>[0] = {}): AftersalesEngine {
  const e = createAftersales({ store: { kind: 'memory' }, erp: { kind: 'rest', baseUrl: host.url }, ...options });
  engines.push(e);
  return e;
}

describe('the outbox worker inside the engine', () => {
  it('delivers an approved return slip’s customer return to the host by itself, and stops when the engine closes', async () => {
    const aftersales = engine({ outbox: { pollMs: 20 } });
    const slip = await approvedReturnSlip(aftersales);
    await until(async () => (await aftersales.documents.outbox(slip.id))[0]?.status === 'delivered');
    const [record] = returnsInHost(slip.number);
    expect(returnsInHost(slip.number)).toHaveLength(1);
    expect(record).toMatchObject({ customer: 'CUST-0001', is_return: 1 });
    expect(await aftersales.outbox.list({ status: 'delivered' })).toMatchObject([{ documentId: slip.id, reference: slip.number, hostKey: record!.name }]);

    await aftersales.close();
    engines = [];
    const seen = host.requests.length;
    await pause(150);
    expect(host.requests.length).toBe(seen);
  });

  it('leaves no timer behind: a process that closed its engine exits by itself', async () => {
    const script = fileURLToPath(new URL('./fixtures/engine-with-outbox.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise<number | string>((resolve) => {
      const killer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve('still running 20 s after start');
      }, 20_000);
      child.on('exit', (c) => {
        clearTimeout(killer);
        resolve(c ?? 'signal');
      });
    });
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out.trim()).toBe('delivered 1');
  }, 30_000);

  it('with autoStart: false nothing is sent until runOnce is called', async () => {
    const aftersales = engine({ outbox: { autoStart: false, pollMs: 20 } });
    const slip = await approvedReturnSlip(aftersales);
    await pause(150);
    expect((await aftersales.outbox.list({ documentId: slip.id }))[0]?.status).toBe('pending');
    expect(returnsInHost(slip.number)).toHaveLength(0);
    expect(await aftersales.outbox.runOnce()).toEqual({ claimed: 1, delivered: 1, failed: 0, parked: 0 });
    expect(returnsInHost(slip.number)).toHaveLength(1);
  });

  it('without an ERP the worker does not start, so write-backs wait instead of being parked as undeliverable', async () => {
    const aftersales = createAftersales({ store: { kind: 'memory' }, outbox: { pollMs: 20 } });
    engines.push(aftersales);
    const slip = await approvedReturnSlip(aftersales);
    await pause(150);
    expect(await aftersales.outbox.list({ documentId: slip.id })).toMatchObject([{ status: 'pending', attempts: 0 }]);
  });

  it('an admin retries a parked write-back; the retry is in the document’s audit trail; others are refused', async () => {
    const aftersales = engine({ outbox: { autoStart: false, backoff: { maxAttempts: 1 } } });
    const slip = await approvedReturnSlip(aftersales);
    host.failing = true;
    expect(await aftersales.outbox.runOnce()).toMatchObject({ claimed: 1, parked: 1 });
    const [parked] = await aftersales.outbox.list({ status: 'parked' });
    expect(parked).toMatchObject({ documentId: slip.id, attempts: 1, lastError: expect.stringContaining('AFTERSALES.ERP_UNAVAILABLE') });

    await expect(aftersales.outbox.retry(parked!.id, accounting)).rejects.toMatchObject({ code: 'AFTERSALES.ROLE_NOT_PERMITTED', type: 'not_allowed' });
    await expect(aftersales.outbox.retry(987_654, admin)).rejects.toMatchObject({ code: 'AFTERSALES.NOT_FOUND', type: 'not_found' });

    host.failing = false;
    expect(await aftersales.outbox.retry(parked!.id, admin)).toMatchObject({ id: parked!.id, status: 'pending', attempts: 0 });
    const trail = await aftersales.documents.audit(slip.id);
    expect(trail.at(-1)).toMatchObject({ action: 'retry-write-back', actorId: admin.id, from: 'approved', to: 'approved', note: expect.stringContaining(`create-customer-return ${slip.number}`) });
    expect((await aftersales.verifyAudit()).intact).toBe(true);

    expect(await aftersales.outbox.runOnce()).toMatchObject({ delivered: 1 });
    expect(returnsInHost(slip.number)).toHaveLength(1);
    await expect(aftersales.outbox.retry(parked!.id, admin)).rejects.toMatchObject({ code: 'AFTERSALES.OUTBOX_NOT_PARKED', type: 'conflict', details: { status: 'delivered' } });
  });

  it('refuses an outbox option that cannot work, at the setting that is wrong', () => {
    expect(() => createAftersales({ outbox: { pollMs: 0 } })).toThrow(expect.objectContaining({ code: 'AFTERSALES.OPTIONS_INVALID', pointer: '/outbox/pollMs' }));
    expect(() => createAftersales({ outbox: { backoff: { baseMs: 60_000, maxMs: 1_000 } } })).toThrow(expect.objectContaining({ pointer: '/outbox/backoff/maxMs' }));
    expect(() => createAftersales({ outbox: { batchsize: 5 } as never })).toThrow(expect.objectContaining({ code: 'AFTERSALES.OPTIONS_INVALID' }));
  });
});
