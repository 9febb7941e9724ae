/**
 * Verifying a store's whole audit chain, as the engine's `verifyAudit()` and `erp-aftersales
 * verify` both do.
 */
import type { AuditVerification } from '../aftersales-api.js';
import type { AuditEvent } from '../document.js';
import type { DocumentStore } from '../ports.js';
import { verifyAuditEvents } from './chain.js';
import { changeAfterNewestEvent, newestDocumentChange } from './chain-tail.js';

/**
 * Reads the whole audit chain in `seq` order, page by page, and checks every hash; stops at the
 * first altered, missing or out-of-order event. Newest events removed from the end are found
 * from the documents they changed.
 *
 * @example
 * const result = await verifyStoreAuditChain(store);
 * if (!result.intact) console.log(result.firstBad); // { seq: 4, problem: 'altered', documentId: '…' }
 */
export async function verifyStoreAuditChain(store: Pick<DocumentStore, 'readAuditChain' | 'listDocuments'>, pageSize = 1000): Promise<AuditVerification> {
  // Before the chain: the events of any change seen here were committed with it, even while writers go on.
  const newestChange = await newestDocumentChange(store);
  let previous: Pick<AuditEvent, 'seq' | 'hash'> | undefined;
  // The latest time of any event, not of the last one: processes waiting for the chain may append out of time order.
  let newestEvent: Pick<AuditEvent, 'at'> | undefined;
  let checked = 0;
  for (;;) {
    const page = await store.readAuditChain(previous?.seq ?? 0, pageSize);
    if (page.length === 0) {
      // The newest events removed together leave a chain that still links up: the documents tell.
      const lost = changeAfterNewestEvent(newestChange, newestEvent);
      return lost ? { intact: false, checked, firstBad: { seq: (previous?.seq ?? 0) + 1, problem: 'missing', documentId: lost.documentId } } : { intact: true, checked };
    }
    const result = verifyAuditEvents(page, previous);
    if (!result.intact) return { ...result, checked: checked + result.checked };
    checked += result.checked;
    for (const e of page) if (!newestEvent || Date.parse(e.at) > Date.parse(newestEvent.at)) newestEvent = e;
    const last = page.at(-1)!;
    previous = { seq: last.seq, hash: last.hash };
  }
}
