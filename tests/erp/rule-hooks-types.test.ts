/**
 * `erpRuleHooks(erp)` returns registrations typed by their hook point, so an integrator can put
 * them in the `hooks` option next to their own and narrow them by `hook`. The fixture is
 * compiled here with the TypeScript compiler, so a typing regression fails this test and not
 * only `npm run typecheck`.
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { engine, prefillHooks } from './fixtures/hooks-with-erp-rule-hooks.js';
import { complaintFiling, sales } from '../engine/support.js';

const fixture = fileURLToPath(new URL('./fixtures/hooks-with-erp-rule-hooks.ts', import.meta.url));
const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));

describe('erpRuleHooks in the hooks option', () => {
  it('type-checks beside an integrator’s own hooks and narrows by hook point', () => {
    const config = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
    const program = ts.createProgram([fixture], { ...config.options, noEmit: true });
    const source = program.getSourceFile(fixture)!;
    const problems = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  }, 60_000);

  it('the hooks registered that way run: the ERP refuses a sales order it does not know', async () => {
    expect(prefillHooks.map((h) => h.name)).toEqual(['erp-prefill-complaint-from-sales-order', 'erp-warranty-for-repair-voucher']);
    const aftersales = engine();
    await expect(aftersales.documents.create('complaint', { data: complaintFiling({ salesOrder: '999' }) }, sales)).rejects.toMatchObject({ code: 'AFTERSALES.SALES_ORDER_UNKNOWN', pointer: '/salesOrder' });
    await aftersales.close();
  });
});
