/**
 * The example an integrator starts from (examples/fastify-host) runs: it starts the example CAP
 * host, mounts the plugin, files a complaint from a sales order and finds it prefilled from the ERP.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');

describe('examples/fastify-host', () => {
  it('files a complaint from sales order 1000123 over OData and prefills it from the host', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'example-host-'));
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/fastify-host/main.ts', '--smoke'], { cwd: ROOT, timeout: 120_000, maxBuffer: 16 << 20, env: { ...process.env, DATA_DIR: dataDir } }).finally(() =>
      rmSync(dataDir, { recursive: true, force: true }),
    );
    // The request log comes first, one JSON object per line; the summary is the last, indented object.
    const summary = JSON.parse(stdout.slice(stdout.lastIndexOf('\n{\n') + 1)) as { status: number; number: string; prefilled: Record<string, unknown> };
    expect(summary.status).toBe(201);
    expect(summary.number).toMatch(/^\d{4}-\d{3}$/);
    expect(summary.prefilled).toMatchObject({ customer: { id: '10100001', name: '华东机电有限公司' }, itemNumber: 'PUMP-200', quantityShipped: 100, market: 'domestic' });
  }, 150_000);
});
