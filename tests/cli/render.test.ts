import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { findText, inkRatio, openPdf, pageTexts } from '../templates/pdf-readback.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const dir = mkdtempSync(join(tmpdir(), 'render-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI from its sources, in a scratch directory, as a user would from a shell. */
function cli(...args: string[]) {
  return run(process.execPath, ['--import', tsx, join(root, 'src/cli/main.ts'), ...args], { cwd: dir, maxBuffer: 64 << 20, encoding: 'buffer' });
}

const sample = (kind: string) => join(root, 'src/forms', kind, 'sample.json');

describe('erp-aftersales render', () => {
  it('prints a form\'s sample data with every copy, named after the document', async () => {
    const { stderr } = await cli('render', 'complaint', sample('complaint'), '--copy', 'all');
    expect(stderr.toString()).toContain('complaint-DRAFT.pdf: 1 document, 5 pages');
    const bytes = new Uint8Array(readFileSync(join(dir, 'complaint-DRAFT.pdf')));
    const texts = pageTexts(bytes);
    expect(texts).toHaveLength(5);
    ['第一联', '第二联', '第三联', '第四联', '第五联'].forEach((label, i) => expect(texts[i]).toContain(label));
    expect(texts[3]).toContain('会计科');
    const page = openPdf(bytes).loadPage(0);
    expect(inkRatio(page, findText(page, '客户抱怨处理表')!)).toBeGreaterThan(0.08);
  });

  it('prints one copy of a stored document in English', async () => {
    const stored = { id: 'a1', kind: 'allowance-certificate', number: '2611-002', status: 'draft', formVersion: 1, revision: 4, data: JSON.parse(readFileSync(sample('allowance-certificate'), 'utf8')) as unknown, createdAt: '2026-11-14T02:00:00.000Z' };
    writeFileSync(join(dir, 'stored.json'), JSON.stringify(stored));
    await cli('render', 'allowance-certificate', 'stored.json', '--copy', '2', '--locale', 'en');
    const texts = pageTexts(new Uint8Array(readFileSync(join(dir, 'allowance-certificate-2611-002-copy2.pdf'))));
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('Copy 2');
    expect(texts[0]).toContain('Accounting');
    expect(texts[0]).toContain('2611-002');
  });

  it('reads the form version of a document saved from the HTTP API and says when it prints with another version', async () => {
    // GET /documents/:id names the form version `version`.
    const fromHttp = { id: 'r1', kind: 'return-slip', number: '2611-003', status: 'approved', version: 2, data: JSON.parse(readFileSync(sample('return-slip'), 'utf8')) as unknown };
    writeFileSync(join(dir, 'from-http.json'), JSON.stringify(fromHttp));
    const plain = await cli('render', 'return-slip', 'from-http.json', '--copy', '2', '-o', 'from-http.pdf');
    expect(plain.stderr.toString()).toContain('2611-003 was filed on return-slip form version 2 and is printed with version 1');
    expect(plain.stderr.toString()).toContain('GET /forms/return-slip?version=2');
    const { createFormCatalog } = await import('../../src/forms/catalog.js');
    const { workflows } = await import('../../src/forms/workflows.js');
    writeFileSync(join(dir, 'return-slip-v2.json'), JSON.stringify({ ...createFormCatalog(workflows).baseDefinition('return-slip'), version: 2 }));
    const matched = await cli('render', 'return-slip', 'from-http.json', '--copy', '2', '--definition', 'return-slip-v2.json', '-o', 'from-http-v2.pdf');
    expect(matched.stderr.toString()).not.toContain('form version');
    expect(pageTexts(new Uint8Array(readFileSync(join(dir, 'from-http-v2.pdf'))))[0]).toContain('2611-003');
  });

  it('prints a JSON-lines batch into one PDF', async () => {
    const data = JSON.parse(readFileSync(sample('return-slip'), 'utf8')) as unknown;
    const lines = Array.from({ length: 12 }, (_, i) => JSON.stringify({ id: `r${i}`, kind: 'return-slip', number: `2611-${100 + i}`, status: 'closed', formVersion: 1, revision: 1, data }));
    writeFileSync(join(dir, 'returns.jsonl'), lines.join('\n') + '\n');
    const { stdout, stderr } = await cli('render', 'return-slip', '--jsonl', 'returns.jsonl', '--copy', '3', '--workers', '2', '-o', '-');
    const texts = pageTexts(new Uint8Array(stdout));
    expect(texts).toHaveLength(12);
    texts.forEach((t, i) => expect(t).toContain(`2611-${100 + i}`));
    // Not a terminal: a log file gets no progress bar.
    expect(stderr.toString()).not.toContain('documents |');
  });

  it('prints with worker threads when node runs with V8 flags of its own, from the sources and as built', async () => {
    // Hosts often start node with heap flags; a worker given them explicitly refuses to start.
    const flags = ['--max-old-space-size=512', '--max-semi-space-size=16'];
    // 12 documents × 4 copies: two parts, so the batch goes to the worker threads.
    const args = ['render', 'return-slip', '--jsonl', 'returns.jsonl', '--copy', 'all', '--workers', '2', '-o', '-'];
    const built = join(root, 'dist/cli.js');
    expect(existsSync(built), 'dist/cli.js is built by `npm test`; run `npm run build` first').toBe(true);
    for (const entry of [['--import', tsx, join(root, 'src/cli/main.ts')], [built]]) {
      const { stdout } = await run(process.execPath, [...flags, ...entry, ...args], { cwd: dir, maxBuffer: 64 << 20, encoding: 'buffer' });
      const texts = pageTexts(new Uint8Array(stdout));
      expect(texts).toHaveLength(48);
      expect(texts[47]).toContain('2611-111');
    }
  });

  it('shows a progress bar on a terminal while it prints a batch', async () => {
    // `script` runs the command on a pseudo-terminal, as a user's shell would, and hands back what it showed.
    const command = [process.execPath, '--import', tsx, join(root, 'src/cli/main.ts'), 'render', 'return-slip', '--jsonl', 'returns.jsonl', '--copy', '3', '-o', 'returns.pdf']
      .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
      .join(' ');
    const { stdout } = await run('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: dir, encoding: 'utf8' });
    expect(stdout).toMatch(/12\/12 documents \| 12 pages/);
    expect(pageTexts(new Uint8Array(readFileSync(join(dir, 'returns.pdf'))))).toHaveLength(12);
  });

  it('refuses an unknown form kind and a copy the form does not have', async () => {
    await expect(cli('render', 'invoice', sample('complaint'))).rejects.toMatchObject({ code: 1 });
    const err = (await cli('render', 'allowance-certificate', sample('allowance-certificate'), '--copy', '5').catch((e: unknown) => e)) as { code: number; stderr: Buffer };
    expect(err.code).toBe(1);
    expect(err.stderr.toString()).toMatch(/copy 5/);
    expect(existsSync(join(dir, 'allowance-certificate-DRAFT.pdf'))).toBe(false);
  });
});
