import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The layer rule is checked on a scratch copy so a deliberate violation never touches src/.
const root = resolve(import.meta.dirname, '../..');
const depcruise = join(root, 'node_modules/.bin/depcruise');
const scratch = mkdtempSync(join(tmpdir(), 'layers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(scratch, 'p-'));
  cpSync(join(root, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function lint(dir: string): { ok: boolean; output: string } {
  try {
    const output = execFileSync(depcruise, ['src', '--config', '.dependency-cruiser.cjs'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

describe('the layer rule: src/domain imports no adapter', () => {
  it('passes on the real source tree', () => {
    const r = execFileSync(depcruise, ['src', '--config', '.dependency-cruiser.cjs'], { cwd: root, encoding: 'utf8' });
    expect(r).toMatch(/no dependency violations/);
  });

  it('fails on a deliberate domain → adapter import, naming the rule and the file', () => {
    const dir = project({
      'src/adapters/sqlite/index.ts': 'export const createSqliteStore = () => 1;\n',
      'src/domain/leaky-service.ts': "import { createSqliteStore } from '../adapters/sqlite/index.js';\nexport const s = createSqliteStore();\n",
    });
    const r = lint(dir);
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/domain-imports-no-adapter/);
    expect(r.output).toMatch(/src\/domain\/leaky-service\.ts/);
  });

  it.each(['fastify', 'pdfmake', 'better-sqlite3', 'pg', '@odata/client'])('fails when the domain imports %s', (pkg) => {
    const dir = project({ 'src/domain/leaky.ts': `import * as x from '${pkg}';\nexport const y = x;\n` });
    const r = lint(dir);
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/domain-imports-no-adapter/);
  });

  it('fails when the domain does its own file I/O', () => {
    const dir = project({ 'src/domain/leaky-io.ts': "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n" });
    const r = lint(dir);
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/domain-imports-no-infrastructure-builtins/);
  });
});
