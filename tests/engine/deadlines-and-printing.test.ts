import { describe, expect, test } from 'vitest';
import type { SlipJob } from '../../src/domain/ports.js';
import { pageTexts } from '../templates/pdf-readback.js';
import { cny, complaintFiling, gmOffice, memoryEngine, qa, routing, sales, walk } from './support.js';

describe('deadline scan', () => {
  test('a QA report due soon, then overdue, then done: notice, reminder for QA, nothing', async () => {
    const { aftersales, clock } = memoryEngine();
    const doc = await aftersales.documents.create('complaint', { data: complaintFiling() }, sales);
    clock.set('2026-11-23T02:00:00.000Z'); // Monday 10:00 Shanghai
    await aftersales.documents.act(doc.id, 'register', {}, gmOffice);
    // QA has 3 working days: due Thursday 10:00 Shanghai.
    const early = await aftersales.deadlines.scan(new Date('2026-11-26T00:00:00Z'));
    expect(early.reminders).toEqual([]);
    expect(early.dueSoon).toMatchObject([{ documentId: doc.id, deadline: 'qa-report', role: 'qa', minutesLate: -120 }]);
    const late = await aftersales.deadlines.scan(new Date('2026-11-26T03:00:00Z'));
    expect(late.reminders).toMatchObject([{ kind: 'reminder', documentId: doc.id, number: doc.number, deadline: 'qa-report', role: 'qa', minutesLate: 60 }]);
    expect((await aftersales.documents.list({ overdueAt: '2026-11-26T03:00:00Z' })).items.map((d) => d.id)).toEqual([doc.id]);

    clock.set('2026-11-26T03:00:00.000Z');
    await aftersales.documents.act(doc.id, 'investigate', { data: { qa: { cause: 'delivery-delay', responsibleUnit: '物流组' } } }, qa);
    expect((await aftersales.deadlines.scan(new Date('2026-11-26T03:00:00Z'))).reminders).toEqual([]);
  });

  test('a complaint closed after its 13 days shows up as an inquiry (洽办单)', async () => {
    const { aftersales, clock } = memoryEngine();
    // 12 steps two hours apart, then a long pause before closing.
    const steps = routing('return', 100_000, { rndRequired: false });
    const beforeClose = await walk(aftersales, clock, steps.slice(0, -1));
    clock.advanceHours(14 * 24);
    await aftersales.documents.act(beforeClose.id, 'close', {}, gmOffice);
    const scan = await aftersales.deadlines.scan(clock.now());
    expect(scan.inquiries).toMatchObject([{ kind: 'inquiry', documentId: beforeClose.id, deadline: 'complaint-close', role: 'gm-office' }]);
    expect(scan.inquiries[0]!.minutesLate).toBeGreaterThan(0);
  });
});

describe('printing with the default renderer', () => {
  test('a document prints as its five labelled copies; accounting pulls only its copy 4 after closing', async () => {
    const { aftersales, clock } = memoryEngine();
    try {
      const closed = await walk(aftersales, clock, routing('return', cny(100_000).amount, { rndRequired: false }));
      const all = pageTexts(await aftersales.documents.pdf(closed.id, 'all', 'zh-CN'));
      expect(all).toHaveLength(5);
      all.forEach((text) => expect(text).toContain(closed.number));
      const pulled = await aftersales.inbox.pdf('accounting', undefined, 10, 'en');
      expect(pulled.count).toBe(1);
      const pages = pageTexts(pulled.pdf);
      expect(pages).toHaveLength(1);
      expect(pages[0]).toContain(closed.number);
      expect(pages[0]).toContain('Copy 4');
      expect((await aftersales.inbox.pdf('accounting', pulled.nextCursor, 10, 'en')).count).toBe(0);
      // Streamed, the same page; nothing new gives no stream.
      const streamed = await aftersales.inbox.streamPdf('accounting', undefined, 10, 'en');
      expect(streamed.count).toBe(1);
      expect(pageTexts(await bytesOf(streamed.stream!))).toEqual(pages);
      expect(await aftersales.inbox.streamPdf('accounting', pulled.nextCursor, 10, 'en')).toEqual({ count: 0 });
    } finally {
      await aftersales.close();
    }
  });

  test('a host renderer without streaming still serves the streamed inbox, rendered whole first', async () => {
    const printed: string[][] = [];
    const renderer = {
      async render(jobs: SlipJob[]) {
        printed.push(jobs.map((j) => `${j.document.number}#${String(j.copies)}`));
        return new TextEncoder().encode('%PDF-host');
      },
    };
    const { aftersales, clock } = memoryEngine({ renderer });
    try {
      const closed = await walk(aftersales, clock, routing('return', cny(100_000).amount, { rndRequired: false }));
      const streamed = await aftersales.inbox.streamPdf('accounting', undefined, 10, 'zh-CN');
      expect(new TextDecoder().decode(await bytesOf(streamed.stream!))).toBe('%PDF-host');
      expect(printed).toEqual([[`${closed.number}#4`]]);
    } finally {
      await aftersales.close();
    }
  });
});

async function bytesOf(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return new Uint8Array(Buffer.concat(chunks));
}
