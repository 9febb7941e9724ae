import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createAftersales } from '../../src/create-aftersales.js';
import { complaintFiling, gmOffice, sales } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'aftersales-engine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the store chosen by configuration', () => {
  test('a SQLite file keeps documents, numbering and the audit chain across engines', async () => {
    const file = join(dir, 'aftersales.db');
    const clock = { now: () => new Date('2026-11-23T02:00:00Z') };
    const first = createAftersales({ store: { kind: 'sqlite', file }, clock });
    const doc = await first.documents.create('complaint', { data: complaintFiling() }, sales);
    await first.documents.act(doc.id, 'register', {}, gmOffice);
    await first.close();

    const second = createAftersales({ store: { kind: 'sqlite', file }, clock });
    expect((await second.documents.get(doc.id)).status).toBe('registered');
    expect((await second.documents.create('complaint', { data: complaintFiling() }, sales)).number).toBe('2611-002');
    expect(await second.verifyAudit()).toEqual({ intact: true, checked: 3 });
    await second.close();
  });
});
