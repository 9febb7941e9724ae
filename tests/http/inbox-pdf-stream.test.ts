/**
 * The department's inbox as one PDF over a real socket: streamed as it is printed, and stopped
 * when the client goes away.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/adapters/memory/memory-store.js';
import type { AftersalesDocument } from '../../src/domain/document.js';
import type { SlipJob, SlipRenderer } from '../../src/domain/ports.js';
import { aftersalesPlugin } from '../../src/fastify.js';
import { formSamples } from '../../src/forms/definitions.js';
import { apiKeyAuthenticator } from '../../src/server/api-keys.js';
import { createPdfSlipRenderer } from '../../src/templates/index.js';
import { pageTexts } from '../templates/pdf-readback.js';
import { keyOf, TEST_KEYS } from './support.js';

const COPIES = 120;
const number = (i: number) => `2611-${String(i + 1).padStart(3, '0')}`;

/** The real renderer, counting the documents it was handed and keeping how each batch ended. */
function watchedRenderer() {
  const inner = createPdfSlipRenderer({ workers: 0, pagesPerChunk: 5 });
  const batches: { pulled: number; ended: Promise<unknown> }[] = [];
  const renderer: SlipRenderer & { close(): Promise<void> } = {
    render: (jobs) => inner.render(jobs),
    renderToStream(jobs, out) {
      const batch = { pulled: 0, ended: Promise.resolve() as Promise<unknown> };
      const counted = async function* (): AsyncGenerator<SlipJob> {
        for await (const job of jobs as AsyncIterable<SlipJob>) {
          batch.pulled++;
          yield job;
        }
      };
      const printed = inner.renderToStream(counted(), out);
      batch.ended = printed.then(
        () => 'finished',
        (e: unknown) => e,
      );
      batches.push(batch);
      return printed;
    },
    close: () => inner.close(),
  };
  return { renderer, batches };
}

let app: FastifyInstance;
let url: string;
const watched = watchedRenderer();

beforeAll(async () => {
  const store = createMemoryStore();
  // An accounting inbox holding copy 4 of many closed complaints.
  await store.transaction(async (tx) => {
    for (let i = 0; i < COPIES; i++) {
      const at = new Date(Date.UTC(2026, 10, 2, 1, i)).toISOString();
      const doc: AftersalesDocument = { id: randomUUID(), kind: 'complaint', number: number(i), status: 'closed', formVersion: 1, data: structuredClone(formSamples.complaint), links: [], deadlines: [], revision: 9, createdAt: at, updatedAt: at, createdBy: 'u-sales' };
      await tx.insertDocument(doc);
      await tx.addInboxEntries([{ department: 'accounting', documentId: doc.id, kind: 'complaint', number: doc.number, copyNumber: 4, formVersion: 1, at }]);
    }
  });
  app = Fastify({ logger: false });
  await app.register(aftersalesPlugin, { prefix: '/aftersales', engine: { store, renderer: watched.renderer }, authenticate: apiKeyAuthenticator(TEST_KEYS), inboxPdfMax: 1000 });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  await watched.renderer.close();
});

const auth = { authorization: `Bearer ${keyOf('accounting')}` };

describe('GET /inbox/:department/pdf over a socket', () => {
  it('streams the copies as they are printed: no Content-Length, the count in a header, every page in order', async () => {
    const res = await fetch(`${url}/aftersales/inbox/accounting/pdf?limit=${COPIES}`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    expect(res.headers.get('aftersales-copy-count')).toBe(String(COPIES));
    const texts = pageTexts(new Uint8Array(await res.arrayBuffer()));
    expect(texts).toHaveLength(COPIES);
    texts.forEach((t, i) => {
      expect(t).toContain(number(i));
      expect(t).toContain('第四联');
    });
    expect(await watched.batches.at(-1)!.ended).toBe('finished');
  });

  it('stops printing when the client closes the download, and keeps serving', async () => {
    const before = watched.batches.length;
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${url}/aftersales/inbox/accounting/pdf?limit=${COPIES}`, { headers: auth }, (res) => {
        expect(res.statusCode).toBe(200);
        // The first bytes are the PDF header; then the client hangs up.
        res.once('data', (chunk: Buffer) => {
          expect(chunk.subarray(0, 5).toString('latin1')).toBe('%PDF-');
          req.destroy();
          resolve();
        });
      });
      req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
      req.end();
    });
    const batch = watched.batches[before]!;
    const ended = await batch.ended;
    expect(ended).toMatchObject({ code: 'AFTERSALES.PDF_OUTPUT_CLOSED' });
    expect(batch.pulled).toBeLessThan(COPIES);
    const next = await fetch(`${url}/aftersales/inbox/accounting?limit=1`, { headers: auth });
    expect(next.status).toBe(200);
  });

  it('ends the download in error when a document fails to print after the first bytes, instead of a file that looks whole', async () => {
    const store = createMemoryStore();
    await store.transaction(async (tx) => {
      const at = '2026-11-02T01:00:00.000Z';
      await tx.insertDocument({ id: 'd-1', kind: 'complaint', number: '2611-001', status: 'closed', formVersion: 1, data: structuredClone(formSamples.complaint), links: [], deadlines: [], revision: 9, createdAt: at, updatedAt: at, createdBy: 'u-sales' });
      await tx.addInboxEntries([{ department: 'accounting', documentId: 'd-1', kind: 'complaint', number: '2611-001', copyNumber: 4, formVersion: 1, at }]);
    });
    const failing: SlipRenderer = {
      render: () => Promise.reject(new Error('not used')),
      async renderToStream(_jobs, out) {
        out.write('%PDF-1.4\n');
        await new Promise((r) => setTimeout(r, 20));
        throw new Error('the font file went away');
      },
    };
    const broken = Fastify({ logger: false });
    await broken.register(aftersalesPlugin, { prefix: '/aftersales', engine: { store, renderer: failing }, authenticate: apiKeyAuthenticator(TEST_KEYS) });
    const at = await broken.listen({ port: 0, host: '127.0.0.1' });
    try {
      const res = await fetch(`${at}/aftersales/inbox/accounting/pdf`, { headers: auth });
      expect(res.status).toBe(200);
      await expect(res.arrayBuffer()).rejects.toThrow();
    } finally {
      await broken.close();
    }
  });
});
