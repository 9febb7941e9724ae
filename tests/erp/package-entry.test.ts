/**
 * The package entry offers the outbox worker and the ERP gateways, yet importing it does not
 * load the OData client: an integrator on REST or without an ERP does not pay for it at start-up.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('exports the outbox worker, the gateways and their mappings, and loads the OData client only on a gateway’s first request', async () => {
  const probe = fileURLToPath(new URL('./fixtures/package-entry-probe.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', probe], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  expect({ code, err }).toEqual({ code: 0, err: '' });
  expect(JSON.parse(out)).toEqual({
    exported: ['createAftersales', 'createOutboxWorker', 'retryDelayMs', 'createODataGateway', 'createRestGateway', 'SAP_S4_V2_MAPPING', 'ODATA_V4_MAPPING', 'ERPNEXT_MAPPING'],
    atImport: false,
    afterConfig: false,
    afterRequest: true,
  });
}, 30_000);
