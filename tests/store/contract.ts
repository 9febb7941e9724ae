/**
 * The store contract: the behaviour every `DocumentStore` (memory, SQLite, PostgreSQL) must
 * show. Each runner file calls {@link describeStoreContract} with a factory for a fresh store.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditEvents } from '../../src/domain/audit/chain.js';
import type { AftersalesDocument, AuditEvent, InboxEntry, NewAuditEvent } from '../../src/domain/document.js';
import { isAftersalesError } from '../../src/domain/errors.js';
import type { DocumentStore, NewOutboxEntry } from '../../src/domain/ports.js';
import type { FormKind } from '../../src/domain/vocabulary.js';

/**
 * A fresh, empty store and how to dispose of it; `tamperAudit` rewrites one stored audit event
 * behind the store's back (as someone with direct database access would), when the store allows it.
 *
 * @example
 * const made: StoreUnderTest = { store: createSqliteStore({ file }), cleanup: async () => rmSync(dir, { recursive: true }) };
 */
export interface StoreUnderTest {
  store: DocumentStore;
  cleanup(): Promise<void>;
  tamperAudit?(seq: number): Promise<void>;
}

/**
 * What a store under test can do beyond the contract.
 *
 * @example
 * describeStoreContract('memory', makeMemory, { tamper: false });
 */
export interface ContractOptions {
  /** False when the store offers no way to alter a stored row behind its back (an in-memory store). */
  tamper?: boolean;
}

const T0 = Date.parse('2026-11-23T01:00:00.000Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

/** Every document in the store, page after page, as a client lists them. */
export async function allDocuments(store: DocumentStore): Promise<AftersalesDocument[]> {
  const docs: AftersalesDocument[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listDocuments({ limit: 500, cursor });
    docs.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return docs;
}

/**
 * A complaint-like document with money, Chinese text and nested data.
 *
 * @example
 * const doc = sampleDocument({ number: '2611-001' });
 */
export function sampleDocument(overrides: Partial<AftersalesDocument> = {}): AftersalesDocument {
  return {
    id: randomUUID(),
    kind: 'complaint',
    number: `2611-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
    status: 'draft',
    formVersion: 1,
    data: {
      customer: { id: '10100001', name: '华东机电有限公司', domestic: true },
      orderNumber: '1000123',
      items: [
        { part: 'PUMP-200', description: '离心泵 200 型', shipped: 100, defective: 7, unitPrice: { amount: 1_200_050, currency: 'CNY' } },
        { part: 'SEAL-9', description: '机械密封', shipped: 500, defective: 0, unitPrice: { amount: 4_999, currency: 'CNY' } },
      ],
      request: 'allowance',
      reason: '客户反映：泵体渗漏，现场检查发现密封圈变形。\n第二行说明 “引号” ‘单引号’ \\ 反斜杠 🚚',
      severity: '中级',
      sampleAttached: false,
      tolerance: 0.05,
      emptyList: [],
      nothing: null,
    },
    approval: { amount: { amount: 9_007_199_254_740_991, currency: 'CNY' }, requiredRole: 'gm' },
    links: [{ rel: 'refiles', id: randomUUID(), kind: 'complaint', number: '2610-003' }],
    deadlines: [{ name: 'complaint-close', dueAt: at(13 * 24 * 60), startedAt: at(0), endsWith: 'closed' }],
    revision: 1,
    createdAt: at(0),
    updatedAt: at(0),
    createdBy: 'u-sales-1',
    ...overrides,
  };
}

function auditEvent(documentId: string, action: string, n = 0): NewAuditEvent {
  return {
    documentId,
    at: at(n),
    actorId: 'u-qa-1',
    actorRoles: ['qa'],
    action,
    from: n === 0 ? null : 'draft',
    to: 'submitted',
    changes: [{ pointer: '/decision/amount', before: { amount: 50_000, currency: 'CNY' }, after: { amount: 60_000, currency: 'CNY' } }],
    note: `第 ${n} 步`,
  };
}

function inboxEntry(department: string, n: number, kind: FormKind = 'complaint'): Omit<InboxEntry, 'seq'> {
  return { department, documentId: `doc-${department}-${n}`, kind, number: `2611-${String(n).padStart(3, '0')}`, copyNumber: 4, formVersion: 1, at: at(n) };
}

function outboxEntry(documentId: string, n: number): NewOutboxEntry {
  return {
    documentId,
    operation: 'create-credit-memo-request',
    reference: `AC-2611-${n}`,
    payload: { amount: { amount: 300_000 + n, currency: 'CNY' }, reason: '折让' },
    createdAt: at(0),
  };
}

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the operation to fail');
}

async function readWholeChain(store: DocumentStore, pageSize = 7): Promise<AuditEvent[]> {
  const all: AuditEvent[] = [];
  for (;;) {
    const page = await store.readAuditChain(all.at(-1)?.seq ?? 0, pageSize);
    if (page.length === 0) return all;
    all.push(...page);
  }
}

async function readInbox(store: DocumentStore, department: string, cursor: string | undefined, limit: number) {
  const items: InboxEntry[] = [];
  let lastCursor = cursor;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await store.listInbox(department, lastCursor, limit);
    items.push(...page.items);
    if (!page.nextCursor) break;
    lastCursor = page.nextCursor;
  }
  return { items, lastCursor };
}

/**
 * Declares the contract tests for one store implementation.
 *
 * @example
 * describeStoreContract('sqlite', async () => { const dir = mkdtempSync(…); return { store: createSqliteStore({ file: join(dir, 'a.db') }), cleanup: async () => rmSync(dir, { recursive: true }) }; });
 */
export function describeStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>, options: ContractOptions = {}): void {
  describe(`DocumentStore contract: ${name}`, () => {
    const made: StoreUnderTest[] = [];
    const fresh = async (): Promise<StoreUnderTest> => {
      const m = await makeStore();
      made.push(m);
      return m;
    };
    afterEach(async () => {
      for (const m of made.splice(0)) await m.cleanup();
    });

    describe('documents', () => {
      it('round-trips a document exactly: money, Chinese text, nested data, links and deadlines', async () => {
        const { store } = await fresh();
        const doc = sampleDocument();
        await store.transaction(async (tx) => {
          await tx.insertDocument(doc);
          expect(await tx.getDocument(doc.id)).toEqual(doc);
        });
        const read = await store.getDocument(doc.id);
        expect(read).toEqual(doc);
        expect(JSON.stringify(read)).toBe(JSON.stringify(JSON.parse(JSON.stringify(doc))));
        expect(await store.findDocumentByNumber('complaint', doc.number)).toEqual(doc);
        expect(await store.findDocumentByNumber('return-slip', doc.number)).toBeUndefined();
        expect(await store.getDocument(randomUUID())).toBeUndefined();
      });

      it('keeps the stored document apart from the objects the caller holds', async () => {
        const { store } = await fresh();
        const doc = sampleDocument();
        await store.transaction((tx) => tx.insertDocument(doc));
        const expected = JSON.parse(JSON.stringify(doc)) as AftersalesDocument;
        (doc.data.items as { defective: number }[])[0]!.defective = 99;
        const read = (await store.getDocument(doc.id))!;
        expect(read).toEqual(expected);
        read.status = 'closed';
        (read.data.customer as { name: string }).name = 'changed';
        expect(await store.getDocument(doc.id)).toEqual(expected);
        const [event] = await Promise.all([store.transaction((tx) => tx.appendAudit(auditEvent(doc.id, 'create')))]);
        event!.changes.length = 0;
        expect((await store.listAudit(doc.id))[0]!.changes).toHaveLength(1);
      });

      it('updates with the expected revision, and refuses a stale revision as a conflict', async () => {
        const { store } = await fresh();
        const doc = sampleDocument();
        await store.transaction((tx) => tx.insertDocument(doc));
        const submitted = { ...doc, status: 'submitted', revision: 2, updatedAt: at(5), data: { ...doc.data, severity: '强烈' } };
        await store.transaction((tx) => tx.updateDocument(submitted, 1));
        expect(await store.getDocument(doc.id)).toEqual(submitted);

        const stale = { ...doc, status: 'closed', revision: 2 };
        const err = await errorOf(store.transaction((tx) => tx.updateDocument(stale, 1)));
        expect(isAftersalesError(err) && err.type).toBe('conflict');
        expect(await store.getDocument(doc.id)).toEqual(submitted);

        const missing = await errorOf(store.transaction((tx) => tx.updateDocument(sampleDocument(), 1)));
        expect(isAftersalesError(missing) && ['conflict', 'not_found'].includes(missing.type)).toBe(true);
      });

      it('refuses a second document with the same number of the same kind, and allows it for another kind', async () => {
        const { store } = await fresh();
        const first = sampleDocument({ number: '2611-001' });
        await store.transaction((tx) => tx.insertDocument(first));
        const err = await errorOf(store.transaction((tx) => tx.insertDocument(sampleDocument({ number: '2611-001' }))));
        expect(isAftersalesError(err) && err.type).toBe('conflict');
        const slip = sampleDocument({ kind: 'return-slip', number: '2611-001' });
        await store.transaction((tx) => tx.insertDocument(slip));
        expect((await store.findDocumentByNumber('complaint', '2611-001'))?.id).toBe(first.id);
        expect((await store.findDocumentByNumber('return-slip', '2611-001'))?.id).toBe(slip.id);
      });

      it('lists documents in creation order in pages, each exactly once, even with equal creation instants', async () => {
        const { store } = await fresh();
        const docs: AftersalesDocument[] = [];
        for (let i = 0; i < 23; i++) {
          // Every third document shares its creation instant with the one before.
          docs.push(sampleDocument({ number: `2611-${String(i + 1).padStart(3, '0')}`, createdAt: at(Math.floor((i * 2) / 3)), updatedAt: at(i) }));
        }
        for (const d of docs) await store.transaction((tx) => tx.insertDocument(d));
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let guard = 0; guard < 50; guard++) {
          const page = await store.listDocuments({ limit: 5, cursor });
          expect(page.items.length).toBeLessThanOrEqual(5);
          seen.push(...page.items.map((d) => d.id));
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
        expect(seen).toHaveLength(docs.length);
        expect(new Set(seen).size).toBe(docs.length);
        const createdOf = new Map(docs.map((d) => [d.id, Date.parse(d.createdAt)]));
        const instants = seen.map((id) => createdOf.get(id)!);
        expect([...instants].sort((a, b) => a - b)).toEqual(instants);
      });

      it('filters documents by kind, status and open deadlines due before an instant', async () => {
        const { store } = await fresh();
        const overdue = sampleDocument({ status: 'investigating', deadlines: [{ name: 'qa-report', dueAt: at(60), startedAt: at(0) }] });
        const metLate = sampleDocument({ status: 'closed', deadlines: [{ name: 'qa-report', dueAt: at(60), startedAt: at(0), metAt: at(90) }] });
        const notYetDue = sampleDocument({ status: 'investigating', createdAt: at(1), deadlines: [{ name: 'qa-report', dueAt: at(600), startedAt: at(0) }] });
        const mixed = sampleDocument({
          status: 'registered',
          createdAt: at(2),
          deadlines: [
            { name: 'gm-consolidation', dueAt: at(30), startedAt: at(0), metAt: at(20) },
            { name: 'complaint-close', dueAt: at(100), startedAt: at(0) },
          ],
        });
        const slip = sampleDocument({ kind: 'return-slip', status: 'approved', createdAt: at(3), deadlines: [] });
        await store.transaction(async (tx) => {
          for (const d of [overdue, metLate, notYetDue, mixed, slip]) await tx.insertDocument(d);
        });
        const ids = async (q: Parameters<DocumentStore['listDocuments']>[0]) => (await store.listDocuments(q)).items.map((d) => d.id).sort();

        expect(await ids({ kind: 'return-slip' })).toEqual([slip.id]);
        expect(await ids({ kind: 'complaint', status: 'investigating' })).toEqual([overdue.id, notYetDue.id].sort());
        expect(await ids({ overdueAt: at(120) })).toEqual([overdue.id, mixed.id].sort());
        expect(await ids({ overdueAt: at(61) })).toEqual([overdue.id]);
        expect(await ids({ overdueAt: at(60) })).toEqual([]);
        expect(await ids({ overdueAt: at(10_000), status: 'registered' })).toEqual([mixed.id]);

        // Meeting the open deadline takes the document off the overdue list.
        const met = { ...overdue, revision: 2, deadlines: [{ ...overdue.deadlines[0]!, metAt: at(70) }] };
        await store.transaction((tx) => tx.updateDocument(met, 1));
        expect(await ids({ overdueAt: at(120) })).toEqual([mixed.id]);
      });

      it('rejects a cursor it did not make', async () => {
        const { store } = await fresh();
        const err = await errorOf(store.listDocuments({ cursor: 'not-a-cursor' }));
        expect(isAftersalesError(err) && err.type).toBe('invalid_data');
      });
    });

    describe('transactions', () => {
      it('leaves nothing behind when the transaction throws: no document, audit event, serial, inbox entry, outbox entry, key, version or setting', async () => {
        const { store } = await fresh();
        const doc = sampleDocument();
        const boom = new Error('rule hook refused');
        const err = await errorOf(
          store.transaction(async (tx) => {
            expect(await tx.nextSerial('complaint', '2611')).toBe(1);
            await tx.insertDocument(doc);
            await tx.appendAudit(auditEvent(doc.id, 'create'));
            await tx.addInboxEntries([inboxEntry('accounting', 1)]);
            await tx.enqueueOutbox(outboxEntry(doc.id, 1));
            await tx.saveIdempotency({ scope: 'create:complaint', key: 'k-1', requestHash: 'h', documentId: doc.id, createdAt: at(0) });
            await tx.saveFormVersion({ kind: 'complaint', version: 2, definition: { a: 1 }, customisation: {}, createdAt: at(0), createdBy: 'admin' });
            await tx.putSetting('approval-matrix', { gm: 1 });
            expect(await tx.getDocument(doc.id)).toEqual(doc);
            throw boom;
          }),
        );
        expect(err).toBe(boom);
        expect(await store.getDocument(doc.id)).toBeUndefined();
        expect(await store.findDocumentByNumber('complaint', doc.number)).toBeUndefined();
        expect((await store.listDocuments({})).items).toEqual([]);
        expect(await store.readAuditChain(0, 100)).toEqual([]);
        expect(await store.listAudit(doc.id)).toEqual([]);
        expect((await store.listInbox('accounting', undefined, 10)).items).toEqual([]);
        expect(await store.listOutbox({})).toEqual([]);
        expect(await store.listFormVersions('complaint')).toEqual([]);
        expect(await store.getSetting('approval-matrix')).toBeUndefined();
        await store.transaction(async (tx) => {
          expect(await tx.findIdempotency('create:complaint', 'k-1')).toBeUndefined();
          expect(await tx.nextSerial('complaint', '2611')).toBe(1);
        });
      });

      it('returns what the transaction function returns', async () => {
        const { store } = await fresh();
        await expect(store.transaction(async (tx) => ({ serial: await tx.nextSerial('penalty-notice', '2611') }))).resolves.toEqual({ serial: 1 });
      });
    });

    describe('numbering', () => {
      it('gives 200 concurrent creators the serials 1..200 of a period with no gap or duplicate; periods and kinds count separately', async () => {
        const { store } = await fresh();
        const create = (kind: FormKind, period: string) =>
          store.transaction(async (tx) => {
            const serial = await tx.nextSerial(kind, period);
            await tx.insertDocument(sampleDocument({ kind, number: `${period}-${String(serial).padStart(3, '0')}` }));
            return serial;
          });
        const runs = [
          ...Array.from({ length: 200 }, () => create('complaint', '2611')),
          ...Array.from({ length: 40 }, () => create('complaint', '2612')),
          ...Array.from({ length: 30 }, () => create('return-slip', '2611')),
        ];
        const serials = await Promise.all(runs);
        const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
        const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
        expect(sorted(serials.slice(0, 200))).toEqual(range(200));
        expect(sorted(serials.slice(200, 240))).toEqual(range(40));
        expect(sorted(serials.slice(240))).toEqual(range(30));
        expect((await store.findDocumentByNumber('complaint', '2611-200'))?.number).toBe('2611-200');
        await store.transaction(async (tx) => expect(await tx.nextSerial('complaint', '2611')).toBe(201));
      });

      it('does not use up a serial when the creating transaction fails', async () => {
        const { store } = await fresh();
        await store.transaction((tx) => tx.nextSerial('allowance-certificate', '2611'));
        await errorOf(
          store.transaction(async (tx) => {
            await tx.nextSerial('allowance-certificate', '2611');
            throw new Error('validation failed');
          }),
        );
        await store.transaction(async (tx) => expect(await tx.nextSerial('allowance-certificate', '2611')).toBe(2));
      });
    });

    describe('audit chain', () => {
      it('numbers and chains events from 1, lists them per document, and verifies intact when read in pages', async () => {
        const { store } = await fresh();
        const a = sampleDocument();
        const b = sampleDocument();
        const appended: AuditEvent[] = [];
        for (let i = 0; i < 12; i++) {
          appended.push(await store.transaction((tx) => tx.appendAudit(auditEvent(i % 3 === 0 ? b.id : a.id, i === 0 ? 'create' : 'approve', i))));
        }
        expect(appended.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
        expect(appended[0]!.prevHash).toBe('0'.repeat(64));
        for (let i = 1; i < appended.length; i++) expect(appended[i]!.prevHash).toBe(appended[i - 1]!.hash);

        const chain = await readWholeChain(store, 5);
        expect(chain).toEqual(appended);
        expect(verifyAuditEvents(chain)).toEqual({ intact: true, checked: 12 });
        expect((await store.listAudit(b.id)).map((e) => e.seq)).toEqual([1, 4, 7, 10]);
        expect((await store.listAudit(a.id))[0]).toEqual(appended[1]);
        expect(await store.readAuditChain(10, 100)).toEqual(appended.slice(10));
      });

      it('keeps the chain linear when many transactions append at once', async () => {
        const { store } = await fresh();
        const doc = sampleDocument();
        await Promise.all(Array.from({ length: 60 }, (_, i) => store.transaction((tx) => tx.appendAudit(auditEvent(doc.id, 'note', i)))));
        const chain = await readWholeChain(store, 16);
        expect(chain).toHaveLength(60);
        expect(verifyAuditEvents(chain)).toEqual({ intact: true, checked: 60 });
      });

      if (options.tamper !== false) {
        it('names the altered event when a stored audit row is changed behind the store\'s back', async () => {
          const made = await fresh();
          expect(made.tamperAudit, 'the runner must say how to tamper with a stored row').toBeTypeOf('function');
        const doc = sampleDocument();
        for (let i = 0; i < 6; i++) await made.store.transaction((tx) => tx.appendAudit(auditEvent(doc.id, 'step', i)));
        expect(verifyAuditEvents(await readWholeChain(made.store)).intact).toBe(true);
        await made.tamperAudit!(4);
        const result = verifyAuditEvents(await readWholeChain(made.store));
        expect(result.intact).toBe(false);
        expect(result.firstBad).toMatchObject({ seq: 4, problem: 'altered', documentId: doc.id });
        expect(result.checked).toBe(3);
        });
      }
    });

    describe('inbox', () => {
      it('pages a department\'s copies oldest first, each exactly once, without the other departments\' copies', async () => {
        const { store } = await fresh();
        for (let i = 1; i <= 25; i++) {
          await store.transaction((tx) => tx.addInboxEntries([inboxEntry('accounting', i), ...(i % 3 === 0 ? [inboxEntry('warehouse', i)] : [])]));
        }
        const { items } = await readInbox(store, 'accounting', undefined, 7);
        expect(items.map((e) => e.number)).toEqual(Array.from({ length: 25 }, (_, i) => `2611-${String(i + 1).padStart(3, '0')}`));
        expect(items.every((e) => e.department === 'accounting')).toBe(true);
        const seqs = items.map((e) => e.seq);
        expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
        expect(new Set(seqs).size).toBe(25);
        expect(items[0]).toMatchObject({ ...inboxEntry('accounting', 1) });
        expect((await readInbox(store, 'warehouse', undefined, 100)).items).toHaveLength(8);
        expect((await store.listInbox('qa', undefined, 10)).items).toEqual([]);
      });

      it('resumes from a cursor taken earlier after more copies arrive, and from the cursor after the last copy', async () => {
        const { store } = await fresh();
        await store.transaction((tx) => tx.addInboxEntries(Array.from({ length: 10 }, (_, i) => inboxEntry('accounting', i + 1))));
        const first = await store.listInbox('accounting', undefined, 4);
        expect(first.items.map((e) => e.number)).toEqual(['2611-001', '2611-002', '2611-003', '2611-004']);
        expect(first.nextCursor).toBeTruthy();
        const end = await readInbox(store, 'accounting', first.nextCursor, 4);
        expect(end.items).toHaveLength(6);

        await store.transaction((tx) => tx.addInboxEntries(Array.from({ length: 5 }, (_, i) => inboxEntry('accounting', i + 11))));
        const resumedEarly = await readInbox(store, 'accounting', first.nextCursor, 3);
        expect(resumedEarly.items.map((e) => e.number)).toEqual(Array.from({ length: 11 }, (_, i) => `2611-${String(i + 5).padStart(3, '0')}`));
        // The department stopped at the end last time: it gets exactly the copies that came since.
        const resumedAtEnd = await readInbox(store, 'accounting', end.lastCursor, 10);
        expect(resumedAtEnd.items.map((e) => e.number)).toEqual(['2611-011', '2611-012', '2611-013', '2611-014', '2611-015']);
      });

      it('loses no copy when many transactions add copies at once', async () => {
        const { store } = await fresh();
        const seen: InboxEntry[] = [];
        let cursor: string | undefined;
        const writers = Promise.all(Array.from({ length: 40 }, (_, i) => store.transaction((tx) => tx.addInboxEntries([inboxEntry('accounting', 2 * i), inboxEntry('accounting', 2 * i + 1)]))));
        // Read while the writers run, as a polling department would.
        for (let round = 0; round < 200; round++) {
          const page = await store.listInbox('accounting', cursor, 5);
          seen.push(...page.items);
          if (page.nextCursor) cursor = page.nextCursor;
          if (seen.length >= 80) break;
          if (page.items.length === 0) await new Promise((r) => setTimeout(r, 5));
        }
        await writers;
        seen.push(...(await readInbox(store, 'accounting', cursor, 50)).items);
        expect(seen).toHaveLength(80);
        expect(new Set(seen.map((e) => e.documentId)).size).toBe(80);
      });

      it('rejects a cursor it did not make', async () => {
        const { store } = await fresh();
        const err = await errorOf(store.listInbox('accounting', '%%%', 10));
        expect(isAftersalesError(err) && err.type).toBe('invalid_data');
      });
    });

    describe('idempotency records', () => {
      it('stores a key per scope, finds it again, and refuses the same key twice in a scope', async () => {
        const { store } = await fresh();
        const record = { scope: 'create:complaint', key: 'ERP-REQ-0001', requestHash: 'sha256:abc', documentId: randomUUID(), createdAt: at(0) };
        await store.transaction(async (tx) => {
          expect(await tx.findIdempotency(record.scope, record.key)).toBeUndefined();
          await tx.saveIdempotency(record);
        });
        await store.transaction(async (tx) => {
          expect(await tx.findIdempotency(record.scope, record.key)).toEqual(record);
          expect(await tx.findIdempotency('create:return-slip', record.key)).toBeUndefined();
          await tx.saveIdempotency({ ...record, scope: 'create:return-slip', documentId: randomUUID() });
        });
        const err = await errorOf(store.transaction((tx) => tx.saveIdempotency({ ...record, documentId: randomUUID() })));
        expect(isAftersalesError(err) && err.type).toBe('conflict');
        await store.transaction(async (tx) => expect((await tx.findIdempotency(record.scope, record.key))?.documentId).toBe(record.documentId));
      });

      it('finds a committed key outside any transaction, and none of a transaction that rolled back', async () => {
        const { store } = await fresh();
        const record = { scope: 'create:complaint', key: 'ERP-REQ-0002', requestHash: 'sha256:def', documentId: randomUUID(), createdAt: at(0) };
        // Optional for stores of one's own; every store shipped here has it.
        expect(store.findIdempotency).toBeTypeOf('function');
        const find = (scope: string, key: string) => store.findIdempotency!(scope, key);
        expect(await find(record.scope, record.key)).toBeUndefined();
        await store.transaction((tx) => tx.saveIdempotency(record));
        expect(await find(record.scope, record.key)).toEqual(record);
        expect(await find('create:return-slip', record.key)).toBeUndefined();
        const lost = { ...record, key: 'ERP-REQ-0003' };
        await errorOf(
          store.transaction(async (tx) => {
            await tx.saveIdempotency(lost);
            throw new Error('rolled back');
          }),
        );
        expect(await find(lost.scope, lost.key)).toBeUndefined();
      });
    });

    describe('form versions and settings', () => {
      it('keeps every form version per kind, in order, and refuses to overwrite one', async () => {
        const { store } = await fresh();
        const v = (kind: FormKind, version: number) => ({
          kind,
          version,
          definition: { title: { 'zh-CN': '客户抱怨处理表', en: 'Complaint' }, copies: 5, extra: [{ field: `f${version}` }] },
          customisation: { extraFields: [{ name: `f${version}`, label: { 'zh-CN': '批号', en: 'Batch' } }] },
          createdAt: at(version),
          createdBy: 'admin-1',
        });
        await store.transaction(async (tx) => {
          await tx.saveFormVersion(v('complaint', 1));
          await tx.saveFormVersion(v('return-slip', 1));
        });
        await store.transaction((tx) => tx.saveFormVersion(v('complaint', 2)));
        expect(await store.listFormVersions('complaint')).toEqual([v('complaint', 1), v('complaint', 2)]);
        expect(await store.getFormVersion('complaint', 2)).toEqual(v('complaint', 2));
        expect(await store.getFormVersion('complaint', 3)).toBeUndefined();
        expect(await store.listFormVersions('penalty-notice')).toEqual([]);
        const err = await errorOf(store.transaction((tx) => tx.saveFormVersion({ ...v('complaint', 2), createdBy: 'someone-else' })));
        expect(isAftersalesError(err) && err.type).toBe('conflict');
        expect((await store.getFormVersion('complaint', 2))?.createdBy).toBe('admin-1');
      });

      it('stores settings as JSON values and replaces them', async () => {
        const { store } = await fresh();
        const matrix = { chain: ['sales-manager', 'vp', 'gm'], limits: { 'sales-manager': { amount: 500_000, currency: 'CNY' } }, note: '核决权限' };
        expect(await store.getSetting('approval-matrix')).toBeUndefined();
        await store.transaction((tx) => tx.putSetting('approval-matrix', matrix));
        expect(await store.getSetting('approval-matrix')).toEqual(matrix);
        await store.transaction((tx) => tx.putSetting('approval-matrix', { ...matrix, note: '已修订' }));
        expect(await store.getSetting<typeof matrix>('approval-matrix')).toEqual({ ...matrix, note: '已修订' });
        await store.transaction((tx) => tx.putSetting('company-name', '华东机电'));
        expect(await store.getSetting('company-name')).toBe('华东机电');
      });
    });

    describe('outbox', () => {
      it('enqueues pending write-backs, leases due ones to one claimer at a time, and records outcomes', async () => {
        const { store } = await fresh();
        const doc = sampleDocument();
        const entries = await store.transaction(async (tx) => [await tx.enqueueOutbox(outboxEntry(doc.id, 1)), await tx.enqueueOutbox(outboxEntry(doc.id, 2)), await tx.enqueueOutbox(outboxEntry('other', 3))]);
        expect(entries[0]).toMatchObject({ ...outboxEntry(doc.id, 1), status: 'pending', attempts: 0 });
        expect(new Set(entries.map((e) => e.id)).size).toBe(3);
        expect((await store.listOutbox({ documentId: doc.id })).map((e) => e.reference)).toEqual(['AC-2611-1', 'AC-2611-2']);

        const lease = 30_000;
        const firstClaim = await store.claimOutbox(at(1), 2, lease);
        expect(firstClaim).toHaveLength(2);
        const secondClaim = await store.claimOutbox(at(1), 2, lease);
        expect(secondClaim.map((e) => e.id)).toEqual(entries.map((e) => e.id).filter((id) => !firstClaim.some((c) => c.id === id)));
        expect(await store.claimOutbox(at(1), 10, lease)).toEqual([]);

        const [delivered, failed] = firstClaim;
        await store.settleOutbox(delivered!.id, { status: 'delivered', hostKey: '60000001', attempts: 1 });
        await store.settleOutbox(failed!.id, { status: 'failed', lastError: 'HTTP 503', attempts: 1, nextAttemptAt: at(10) });
        const byId = new Map((await store.listOutbox({})).map((e) => [e.id, e]));
        expect(byId.get(delivered!.id)).toMatchObject({ status: 'delivered', hostKey: '60000001', attempts: 1 });
        expect(byId.get(failed!.id)).toMatchObject({ status: 'failed', lastError: 'HTTP 503', attempts: 1, nextAttemptAt: at(10) });
        expect((await store.listOutbox({ status: 'delivered' })).map((e) => e.id)).toEqual([delivered!.id]);
        // One entry by id, alone or with other filters; an id nobody has gives none.
        expect(await store.listOutbox({ id: failed!.id })).toEqual([byId.get(failed!.id)]);
        expect(await store.listOutbox({ id: failed!.id, status: 'delivered' })).toEqual([]);
        expect(await store.listOutbox({ id: Math.max(...byId.keys()) + 1000 })).toEqual([]);

        // The unsettled lease runs out after 30 s; the failed one is due again at its next attempt.
        expect((await store.claimOutbox(at(1.4), 10, lease)).map((e) => e.id)).toEqual([]);
        expect((await store.claimOutbox(at(2), 10, lease)).map((e) => e.id)).toEqual([secondClaim[0]!.id]);
        await store.settleOutbox(secondClaim[0]!.id, { status: 'delivered', hostKey: '60000002', attempts: 2 });
        expect((await store.claimOutbox(at(11), 10, lease)).map((e) => e.id)).toEqual([failed!.id]);
        await store.settleOutbox(failed!.id, { status: 'parked', lastError: 'customer blocked', attempts: 5 });
        expect(await store.claimOutbox(at(1000), 10, lease)).toEqual([]);
        expect((await store.listOutbox({ status: 'parked' }))[0]).toMatchObject({ id: failed!.id, attempts: 5, lastError: 'customer blocked' });
      });

      it('keeps one live write-back per host record: a second is refused until the first is superseded', async () => {
        const { store } = await fresh();
        const doc = sampleDocument();
        const first = await store.transaction((tx) => tx.enqueueOutbox(outboxEntry(doc.id, 1)));
        await store.settleOutbox(first.id, { status: 'delivered', hostKey: '60000001', attempts: 1 });
        const error = await errorOf(store.transaction((tx) => tx.enqueueOutbox({ ...outboxEntry(doc.id, 1), createdAt: at(3) })));
        expect(error).toMatchObject({ code: 'AFTERSALES.DUPLICATE', type: 'conflict', details: { operation: first.operation, reference: first.reference } });
        expect(await store.listOutbox({ documentId: doc.id })).toHaveLength(1);
        // Another operation on the same reference is another host record.
        await store.transaction((tx) => tx.enqueueOutbox({ ...outboxEntry(doc.id, 1), operation: 'create-customer-return' }));
        expect((await store.listOutbox({ operation: 'create-customer-return' })).map((e) => [e.operation, e.reference])).toEqual([['create-customer-return', first.reference]]);
        expect(await store.listOutbox({ operation: 'post-penalty-deduction' })).toEqual([]);
        const pending = await store.transaction((tx) => tx.enqueueOutbox(outboxEntry(doc.id, 2)));
        const again = await store.transaction(async (tx) => {
          await tx.supersedeOutbox(doc.id, at(4));
          return tx.enqueueOutbox({ ...outboxEntry(doc.id, 2), createdAt: at(4) });
        });
        expect(again.id).not.toBe(pending.id);
        expect((await store.listOutbox({ status: 'superseded' })).map((e) => e.id)).toContain(pending.id);
      });

      it('requeues a parked or failed write-back in the transaction that records who did it, and nothing else', async () => {
        const { store } = await fresh();
        const doc = sampleDocument();
        const [parked, failed, delivered] = await store.transaction(async (tx) => [
          await tx.enqueueOutbox(outboxEntry(doc.id, 1)),
          await tx.enqueueOutbox(outboxEntry(doc.id, 2)),
          await tx.enqueueOutbox(outboxEntry(doc.id, 3)),
        ]);
        await store.settleOutbox(parked!.id, { status: 'parked', lastError: 'customer blocked', attempts: 5 });
        await store.settleOutbox(failed!.id, { status: 'failed', lastError: 'HTTP 503', attempts: 2, nextAttemptAt: at(10) });
        await store.settleOutbox(delivered!.id, { status: 'delivered', hostKey: '60000003', attempts: 1 });
        const auditBefore = (await store.readAuditChain(0, 100)).length;

        // The audit append fails after the requeue: neither is stored.
        await errorOf(
          store.transaction(async (tx) => {
            expect(await tx.requeueOutbox(parked!.id, at(20))).toMatchObject({ status: 'pending', attempts: 0 });
            await tx.appendAudit({ documentId: doc.id, at: at(20), actorId: 'admin', actorRoles: ['admin'], action: 'retry-write-back', from: 'approved', to: 'approved', changes: [] });
            throw new Error('the host went away');
          }),
        );
        expect((await store.listOutbox({ status: 'parked' })).map((e) => e.id)).toEqual([parked!.id]);
        expect(await store.readAuditChain(0, 100)).toHaveLength(auditBefore);

        const [again, alsoFailed, notParked, missing] = await store.transaction(async (tx) => [
          await tx.requeueOutbox(parked!.id, at(21)),
          await tx.requeueOutbox(failed!.id, at(21)),
          await tx.requeueOutbox(delivered!.id, at(21)),
          await tx.requeueOutbox(999_999, at(21)),
        ]);
        expect(again).toMatchObject({ id: parked!.id, status: 'pending', attempts: 0, nextAttemptAt: at(21), lastError: 'customer blocked' });
        expect(alsoFailed).toMatchObject({ id: failed!.id, status: 'pending', attempts: 0 });
        expect(notParked).toBeUndefined();
        expect(missing).toBeUndefined();
        // A second retry finds nothing parked: two admins retrying at once send it once.
        expect(await store.transaction((tx) => tx.requeueOutbox(parked!.id, at(22)))).toBeUndefined();
        expect((await store.claimOutbox(at(21), 10, 60_000)).map((e) => e.id).sort((a, b) => a - b)).toEqual([parked!.id, failed!.id]);
      });

      it('supersedes only a document’s undelivered write-backs, in the transaction, so a re-approval can queue the same write-back anew', async () => {
        const { store } = await fresh();
        const doc = sampleDocument();
        const [pending, delivered, failed, parked, other] = await store.transaction(async (tx) => [
          await tx.enqueueOutbox(outboxEntry(doc.id, 1)),
          await tx.enqueueOutbox(outboxEntry(doc.id, 2)),
          await tx.enqueueOutbox(outboxEntry(doc.id, 3)),
          await tx.enqueueOutbox(outboxEntry(doc.id, 4)),
          await tx.enqueueOutbox(outboxEntry('other', 5)),
        ]);
        await store.settleOutbox(delivered!.id, { status: 'delivered', hostKey: '60000002', attempts: 1 });
        await store.settleOutbox(failed!.id, { status: 'failed', lastError: 'HTTP 503', attempts: 1, nextAttemptAt: at(10) });
        await store.settleOutbox(parked!.id, { status: 'parked', lastError: 'customer blocked', attempts: 3 });
        const statuses = async () => Object.fromEntries((await store.listOutbox({})).map((e) => [e.id, e.status]));
        const before = await statuses();

        // Rolled back with the transaction that asked for it.
        await errorOf(
          store.transaction(async (tx) => {
            expect(await tx.supersedeOutbox(doc.id, at(5))).toBe(3);
            throw new Error('the amount change was refused');
          }),
        );
        expect(await statuses()).toEqual(before);

        const requeued = await store.transaction(async (tx) => {
          expect(await tx.supersedeOutbox(doc.id, at(5))).toBe(3);
          return tx.enqueueOutbox({ ...outboxEntry(doc.id, 1), payload: { amount: { amount: 250_000, currency: 'CNY' } }, createdAt: at(6) });
        });
        expect(await statuses()).toEqual({
          [pending!.id]: 'superseded',
          [delivered!.id]: 'delivered',
          [failed!.id]: 'superseded',
          [parked!.id]: 'superseded',
          [other!.id]: 'pending',
          [requeued.id]: 'pending',
        });
        const superseded = await store.listOutbox({ status: 'superseded' });
        expect(superseded.map((e) => e.id)).toEqual([pending!.id, failed!.id, parked!.id]);
        expect(superseded[0]).toMatchObject({ reference: 'AC-2611-1', updatedAt: at(5), attempts: 0 });
        expect(superseded[2]).toMatchObject({ lastError: 'customer blocked', attempts: 3 });
        expect((await store.listOutbox({ documentId: doc.id, status: 'delivered' }))[0]).toMatchObject({ hostKey: '60000002' });
        expect(requeued).toMatchObject({ reference: 'AC-2611-1', status: 'pending', payload: { amount: { amount: 250_000, currency: 'CNY' } } });

        // A superseded entry is never handed to a worker, however late it is.
        expect((await store.claimOutbox(at(1000), 10, 60_000)).map((e) => e.id).sort((a, b) => a - b)).toEqual([other!.id, requeued.id]);
        expect(await store.transaction((tx) => tx.supersedeOutbox('no-such-document', at(7)))).toBe(0);
      });

      it('never gives the same entry to two concurrent claimers', async () => {
        const { store } = await fresh();
        await store.transaction(async (tx) => {
          for (let i = 0; i < 30; i++) await tx.enqueueOutbox(outboxEntry(`doc-${i}`, i));
        });
        const claims = await Promise.all(Array.from({ length: 5 }, () => store.claimOutbox(at(1), 8, 60_000)));
        const ids = claims.flat().map((e) => e.id);
        expect(ids).toHaveLength(30);
        expect(new Set(ids).size).toBe(30);
      });

      it('refuses to settle an entry that does not exist', async () => {
        const { store } = await fresh();
        const err = await errorOf(store.settleOutbox(987_654, { status: 'delivered', attempts: 1 }));
        expect(isAftersalesError(err) && err.type).toBe('not_found');
      });
    });
  });
}
