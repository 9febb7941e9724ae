/**
 * The package as an integrator installs it: resolved by its name through the `exports` map from
 * another project, required from CommonJS, imported from ESM, and type-checked under node16
 * resolution. It runs against the build (`npm test` builds first).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'aftersales-consumer-'));
  mkdirSync(join(project, 'node_modules'));
  // As `npm install ../erp-aftersales` or `npm link` leaves it.
  symlinkSync(root, join(project, 'node_modules', 'erp-aftersales'), 'dir');
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

const filing = { customer: { id: '10100001', name: '华东机电有限公司' }, market: 'domestic', salesOrder: '1000123', itemNumber: 'PCB-4L-2231', quantityShipped: 5000, shipDate: '2026-10-28', quantityDefective: 120, customerRequest: 'return', reason: '阻焊层起泡', sampleAttached: true, severity: 'general' };

describe('the installed package', () => {
  it('works from CommonJS: the engine files a complaint, the fastify entry has its plugin as default, the schemas resolve', async () => {
    writeFileSync(
      join(project, 'consumer.cjs'),
      `const { createAftersales, FORM_KINDS } = require('erp-aftersales');
       const fastify = require('erp-aftersales/fastify');
       const schema = require('erp-aftersales/schemas/complaint.json');
       (async () => {
         const a = createAftersales({ store: { kind: 'memory' } });
         const doc = await a.documents.create('complaint', { data: ${JSON.stringify(filing)} }, { id: 'u1', roles: ['sales'], department: 'sales' });
         await a.close();
         console.log(JSON.stringify({ kinds: FORM_KINDS.length, number: doc.number, idVersion: doc.id[14], plugin: typeof fastify.default, named: fastify.default === fastify.aftersalesPlugin, schemaTitle: typeof schema.title }));
       })().catch((e) => { console.error(e); process.exit(1); });`,
    );
    const { stdout } = await run(process.execPath, ['consumer.cjs'], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({ kinds: 5, number: expect.stringMatching(/^\d{4}-001$/), idVersion: '7', plugin: 'function', named: true, schemaTitle: 'string' });
  }, 60_000);

  it('works from ESM with the same names', async () => {
    writeFileSync(
      join(project, 'consumer.mjs'),
      `import { createAftersales, formSamples } from 'erp-aftersales';
       import aftersalesPlugin, { PROBLEM_CONTENT_TYPE } from 'erp-aftersales/fastify';
       const a = createAftersales({ store: { kind: 'memory' } });
       const forms = await a.forms.list();
       await a.close();
       console.log(JSON.stringify({ forms: forms.length, plugin: typeof aftersalesPlugin, problem: PROBLEM_CONTENT_TYPE, sample: typeof formSamples.complaint }));`,
    );
    const { stdout } = await run(process.execPath, ['consumer.mjs'], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({ forms: 5, plugin: 'function', problem: 'application/problem+json; charset=utf-8', sample: 'object' });
  }, 60_000);

  it('type-checks a consumer under node16 resolution, and refuses a misuse at compile time', async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'node16', moduleResolution: 'node16', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['consumer.ts', 'misuse.ts'] }),
    );
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { createAftersales, type AftersalesDocument, type Money } from 'erp-aftersales';
       import aftersalesPlugin, { type AftersalesPluginOptions } from 'erp-aftersales/fastify';
       const a = createAftersales({ store: { kind: 'sqlite', file: './data.db' } });
       const loss: Money = { amount: 2_000_000, currency: 'CNY' };
       export async function first(): Promise<AftersalesDocument | undefined> { return (await a.documents.list({ kind: 'complaint' })).items[0]; }
       export const plugin = aftersalesPlugin;
       export type Options = AftersalesPluginOptions;
       export { loss };`,
    );
    writeFileSync(join(project, 'misuse.ts'), `import { createAftersales } from 'erp-aftersales';\ncreateAftersales({ store: { kind: 'sqlite' } }).documents.create('complain', { data: {} }, { id: 'u', roles: ['sales'], department: 'sales' });\n`);
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project }).then(
      () => ({ code: 0, out: '' }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );
    // Only the misuse fails: an unknown form kind.
    expect(result.code).not.toBe(0);
    expect(result.out).not.toContain('consumer.ts');
    expect(result.out).toMatch(/misuse\.ts\(2,\d+\): error TS2345: Argument of type '"complain"'/);
  }, 120_000);
});
