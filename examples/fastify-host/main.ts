/**
 * A fastify app that mounts the after-sales plugin and is wired to an ERP through the OData
 * adapter: by default the example CAP host (examples/cap-host) started here over OData V2 at SAP
 * Gateway paths with the CSRF handshake; set ERP_SERVICE_ROOT to use your own SAP system.
 *
 *   npx tsx examples/fastify-host/main.ts            # serves on http://127.0.0.1:3000
 *   npx tsx examples/fastify-host/main.ts --smoke    # files one complaint from a sales order and exits
 *
 * The engine delivers its own write-backs to the ERP (customer returns, credit memo requests,
 * payroll deductions) in the background; an admin watches them at `GET /aftersales/admin/outbox`
 * and sends a parked one again with `POST /aftersales/admin/outbox/:id/retry`.
 *
 * Callers say who they are with `Authorization: Bearer <role>` (demo only: sales, gm-office, qa,
 * production, rnd, sales-manager, vp, gm, warehouse, accounting, admin).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Fastify from 'fastify';
import { createAftersales } from '../../src/create-aftersales.js';
import { aftersalesPlugin } from '../../src/fastify.js';
import { createODataGateway } from '../../src/adapters/odata/index.js';
import { createSqliteStore } from '../../src/adapters/sqlite/index.js';
import type { Actor, Role } from '../../src/domain/vocabulary.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DEPARTMENT: Record<string, string> = {
  sales: 'sales', 'sales-manager': 'sales', 'gm-office': 'gm-office', vp: 'gm-office', gm: 'gm-office', admin: 'gm-office',
  qa: 'qa', production: 'manufacturing', rnd: 'rnd', warehouse: 'warehouse', accounting: 'accounting', service: 'service',
};

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

/** Starts the example CAP host and resolves with its SAP Gateway root once it answers. */
async function startCapHost(): Promise<{ serviceRoot: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/@sap/cds/bin/serve.js'), 'all', '--port', String(port), '--in-memory'], {
    cwd: join(ROOT, 'examples/cap-host'),
    env: { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'cap-host-home-')), CAP_HOST_USER: 'COMM_USER', CAP_HOST_PASSWORD: 'Welcome1' },
    stdio: 'ignore',
  });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/odata/v4/api-business-partner/A_Customer?$top=1`)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { serviceRoot: `http://127.0.0.1:${port}/sap/opu/odata/sap`, child };
}

const ownHost = process.env.ERP_SERVICE_ROOT ? undefined : await startCapHost();
const erp = createODataGateway({
  kind: 'odata',
  version: 2,
  serviceRoot: process.env.ERP_SERVICE_ROOT ?? ownHost!.serviceRoot,
  auth: { kind: 'basic', user: process.env.ERP_USER ?? 'COMM_USER', password: process.env.ERP_PASSWORD ?? 'Welcome1' },
  timeoutMs: 10_000,
  // The example host also serves the customer's country (real S/4 keeps it in the address).
  mapping: ownHost ? { customer: { fields: { name: 'CustomerName', country: 'Country' } } } : undefined,
});

const smoke = process.argv.includes('--smoke');
const dataDir = process.env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'aftersales-example-'));
const store = createSqliteStore({ file: join(dataDir, 'aftersales.db') });
const app = Fastify({ logger: { level: process.env.LOG_LEVEL ?? 'info' } });
const aftersales = createAftersales({
  store,
  erp,
  settings: { companyName: '华东机电有限公司' },
  logger: app.log,
  // The smoke run files one complaint and exits: nothing to deliver, so no background rounds.
  outbox: { autoStart: !smoke, pollMs: 1_000, backoff: { baseMs: 2_000, maxMs: 15 * 60_000, maxAttempts: 12 }, leaseMs: 60_000, batchSize: 20 },
});

await app.register(aftersalesPlugin, {
  prefix: '/aftersales',
  aftersales,
  authenticate: (request) => {
    const role = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!role || !(role in DEPARTMENT)) return undefined;
    return { id: `demo-${role}`, name: role, roles: [role as Role], department: DEPARTMENT[role]! } satisfies Actor;
  },
});
app.addHook('onClose', async () => {
  // Stops the engine's write-back deliveries after the round in flight.
  await aftersales.close();
  ownHost?.child.kill();
});

if (smoke) {
  const res = await app.inject({
    method: 'POST',
    url: '/aftersales/documents/complaint',
    headers: { authorization: 'Bearer sales', 'content-type': 'application/json' },
    payload: { data: { salesOrder: '1000123', quantityDefective: 5, customerRequest: 'return', reason: '泵体铸件砂眼，试压渗漏', sampleAttached: true, severity: 'general' } },
  });
  const body = res.json() as { number?: string; id?: string };
  if (res.statusCode !== 201) console.error(res.body);
  const doc = res.statusCode === 201 && body.id ? await aftersales.documents.get(body.id) : undefined;
  console.log(JSON.stringify({ status: res.statusCode, number: body.number, prefilled: doc && { customer: doc.data.customer, itemNumber: doc.data.itemNumber, quantityShipped: doc.data.quantityShipped, shipDate: doc.data.shipDate, market: doc.data.market } }, null, 2));
  await app.close();
  process.exit(res.statusCode === 201 ? 0 : 1);
}

const port = Number(process.env.PORT ?? 3000);
await app.listen({ port, host: '127.0.0.1' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void app.close().then(() => process.exit(0)));
