/**
 * The end of the audit chain. The hash chain shows an event altered or removed anywhere before
 * the newest one, but not the newest events removed together: what is left still links up. Every
 * change to a document writes its audit event at the same instant as the document's `updatedAt`,
 * so a document changed later than the newest event lost the events of that change.
 */
import type { AftersalesDocument, AuditEvent } from '../document.js';
import type { DocumentStore } from '../ports.js';

/** Documents read per page while looking for the newest change. */
const PAGE = 1000;

/**
 * The newest document change no audit event accounts for: the document changed last, when that
 * was after `newestEvent` (or when there is no event at all); otherwise undefined.
 *
 * @example
 * const lost = await changeAfterNewestEvent(store, lastEvent);
 * if (lost) console.log(`events of ${lost.documentId} at ${lost.at} are missing`);
 */
export async function changeAfterNewestEvent(
  store: Pick<DocumentStore, 'listDocuments'>,
  newestEvent: Pick<AuditEvent, 'at'> | undefined,
): Promise<{ documentId: string; at: string } | undefined> {
  let newest: Pick<AftersalesDocument, 'id' | 'updatedAt'> | undefined;
  let cursor: string | undefined;
  do {
    const page = await store.listDocuments({ limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const d of page.items) if (!newest || Date.parse(d.updatedAt) > Date.parse(newest.updatedAt)) newest = d;
    cursor = page.nextCursor;
  } while (cursor);
  if (!newest) return undefined;
  if (newestEvent && Date.parse(newestEvent.at) >= Date.parse(newest.updatedAt)) return undefined;
  return { documentId: newest.id, at: newest.updatedAt };
}
