/**
 * The standalone server over a real socket: first run on an empty data directory creates the
 * API keys, seeds demo data (a closed complaint in accounting's inbox), prints how to call it;
 * a second run on the same directory keeps keys and data.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/start-server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'aftersales-server-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('erp-aftersales serve', () => {
  it('first run: creates keys, seeds demo documents, prints URL, keys and curl calls, answers over TCP', async () => {
    let printed = '';
    const server = await startServer({ port: 0, dataDir, handleSignals: false, print: (t) => (printed += t) });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/aftersales$/);
      const keys = JSON.parse(readFileSync(join(dataDir, 'api-keys.json'), 'utf8')) as Record<string, { roles: string[] }>;
      expect(Object.keys(keys).length).toBeGreaterThanOrEqual(11);
      expect(printed).toContain(server.url);
      expect(printed).toContain(server.keyFor('accounting')!);
      expect(printed).toMatch(/curl -s .*\/inbox\/accounting/);
      // The example POST's body file exists and is a valid request.
      const example = /-d @(\S+)/.exec(printed)![1]!;
      const exampleBody = readFileSync(example, 'utf8');
      expect(server.seeded?.documents.map((d) => d.kind).sort()).toEqual(['allowance-certificate', 'complaint', 'penalty-notice', 'repair-voucher', 'return-slip']);
      expect(server.seeded?.documents.find((d) => d.kind === 'complaint')?.status).toBe('closed');

      const auth = (role: string) => ({ authorization: `Bearer ${server.keyFor(role)}` });
      const forms = await fetch(`${server.url}/forms`, { headers: auth('sales') });
      expect(forms.status).toBe(200);
      expect(((await forms.json()) as { items: unknown[] }).items).toHaveLength(5);

      const inbox = (await (await fetch(`${server.url}/inbox/accounting`, { headers: auth('accounting') })).json()) as { items: { copyNumber: number; kind: string; number: string }[] };
      expect(inbox.items.some((e) => e.kind === 'complaint' && e.copyNumber === 4)).toBe(true);

      const pdf = await fetch(`${server.url}/inbox/accounting/pdf`, { headers: { ...auth('accounting'), 'accept-language': 'en' } });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

      const created = await fetch(`${server.url}/documents/complaint`, {
        method: 'POST',
        headers: { ...auth('sales'), 'content-type': 'application/json', 'idempotency-key': 'socket-1' },
        body: JSON.stringify({ data: { nonsense: true } }),
      });
      expect(created.status).toBe(422);
      expect(created.headers.get('content-type')).toMatch(/^application\/problem\+json/);

      const fromExample = await fetch(`${server.url}/documents/complaint`, { method: 'POST', headers: { ...auth('sales'), 'content-type': 'application/json' }, body: exampleBody });
      expect(fromExample.status).toBe(201);

      const denied = await fetch(`${server.url}/forms`, { headers: { authorization: 'Bearer nope-nope-nope-nope' } });
      expect(denied.status).toBe(401);

      // A path fastify cannot decode is refused before any route runs, still as problem+json in the caller's language.
      const badUrl = await fetch(`${server.url}/documents/%ZZ`, { headers: { ...auth('sales'), 'accept-language': 'en' } });
      expect(badUrl.status).toBe(400);
      expect(badUrl.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await badUrl.json()).toMatchObject({ status: 400, code: 'AFTERSALES.URL_INVALID', detail: 'The request path is not validly percent-encoded' });
    } finally {
      await server.close();
    }
  });

  it('second run: keeps the keys and the data, seeds nothing again', async () => {
    const before = readFileSync(join(dataDir, 'api-keys.json'), 'utf8');
    const server = await startServer({ port: 0, dataDir, handleSignals: false, banner: false });
    try {
      expect(readFileSync(join(dataDir, 'api-keys.json'), 'utf8')).toBe(before);
      expect(server.seeded).toBeUndefined();
      const list = (await (await fetch(`${server.url}/documents?limit=50`, { headers: { authorization: `Bearer ${server.keyFor('admin')}` } })).json()) as { items: unknown[] };
      expect(list.items.length).toBeGreaterThanOrEqual(5);
    } finally {
      await server.close();
    }
  });
});
