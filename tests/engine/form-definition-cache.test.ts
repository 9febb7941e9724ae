import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createAftersales } from '../../src/create-aftersales.js';
import { admin, complaintFiling, manualClock, memoryEngine, sales } from './support.js';

describe('form definitions read once and shared', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  test('a definition handed out cannot change what the engine validates against', async () => {
    const { aftersales } = memoryEngine();
    const definition = await aftersales.forms.definition('complaint');
    (definition.schema as { required?: string[] }).required = ['noSuchField'];
    definition.version = 99;
    const doc = await aftersales.documents.create('complaint', { data: complaintFiling() }, sales);
    expect(doc.formVersion).toBe(1);
    expect((await aftersales.forms.definition('complaint')).version).toBe(1);
  });

  test('another process on the same store uses a customisation once its refresh interval has passed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aftersales-defs-'));
    dirs.push(dir);
    const file = join(dir, 'aftersales.db');
    const clock = manualClock();
    const here = createAftersales({ store: { kind: 'sqlite', file }, clock });
    const there = createAftersales({ store: { kind: 'sqlite', file }, clock, definitionRefreshMs: 1000 });
    expect((await there.documents.create('complaint', { data: complaintFiling() }, sales)).formVersion).toBe(1);
    await here.forms.customise('complaint', { requireFields: ['/itemDescription'] }, admin);
    // In the process that stored it, at once.
    expect((await here.documents.create('complaint', { data: complaintFiling() }, sales)).formVersion).toBe(2);
    // Elsewhere the version read before stays in use until the interval has passed…
    expect((await there.documents.create('complaint', { data: complaintFiling() }, sales)).formVersion).toBe(1);
    await new Promise((r) => setTimeout(r, 1050));
    // …then the new one, with its rule: the field it requires is now required there too.
    expect((await there.documents.create('complaint', { data: complaintFiling() }, sales)).formVersion).toBe(2);
    await expect(there.documents.create('complaint', { data: complaintFiling({ itemDescription: undefined }) }, sales)).rejects.toMatchObject({ code: 'AFTERSALES.INVALID_DOCUMENT' });
    await here.close();
    await there.close();
  });
});
