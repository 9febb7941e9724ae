/**
 * The end of the audit chain. The hash chain shows an event altered or removed anywhere before
 * the newest one, but not the newest events removed together: what is left still links up. Every
 * change to a document writes its audit event, in the same transaction, at the same instant as
 * the document's `updatedAt`; so a document changed later than the newest event lost the events
 * of that change.
 */
import type { AftersalesDocument, AuditEvent } from '../document.js';
import type { DocumentStore } from '../ports.js';

/** Documents read per page while looking for the newest change. */
const PAGE = 1000;

/**
 * The document changed last, and when. Read it before the chain: its events were committed with
 * it, so a chain read afterwards holds them even while writers go on.
 *
 * @example
 * const newest = await newestDocumentChange(store); // { documentId: '…', at: '2026-11-23T02:00:00.000Z' }
 */
export async function newestDocumentChange(store: Pick<DocumentStore, 'listDocuments'>): Promise<{ documentId: string; at: string } | undefined> {
  let newest: Pick<AftersalesDocument, 'id' | 'updatedAt'> | undefined;
  let cursor: string | undefined;
  do {
    const page = await store.listDocuments({ limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const d of page.items) if (!newest || Date.parse(d.updatedAt) > Date.parse(newest.updatedAt)) newest = d;
    cursor = page.nextCursor;
  } while (cursor);
  return newest && { documentId: newest.id, at: newest.updatedAt };
}

/**
 * The change no audit event accounts for: `newestChange` when it happened after the latest
 * event (or when there is no event at all); otherwise undefined.
 *
 * @example
 * const lost = changeAfterNewestEvent(await newestDocumentChange(store), lastEvent);
 * if (lost) console.log(`events of ${lost.documentId} at ${lost.at} are missing`);
 */
export function changeAfterNewestEvent(
  newestChange: { documentId: string; at: string } | undefined,
  newestEvent: Pick<AuditEvent, 'at'> | undefined,
): { documentId: string; at: string } | undefined {
  if (!newestChange) return undefined;
  if (newestEvent && Date.parse(newestEvent.at) >= Date.parse(newestChange.at)) return undefined;
  return newestChange;
}
