/**
 * An admin setting (approval matrix, business calendar) stored together with the audit event
 * that says who changed it and what changed, in one transaction.
 */
import type { DocumentStore } from '../ports.js';
import type { Actor } from '../vocabulary.js';
import { diffData } from '../workflow/data-merge.js';

/**
 * Stores `value` under `key` and appends its audit event (the setting's key as the document id,
 * the field-by-field changes from `before`), both or neither.
 *
 * @example
 * await putAuditedSetting(store, { key: 'approval-matrix', value: matrix, before, action: 'set-approval-matrix', actor, at });
 */
export async function putAuditedSetting(
  store: DocumentStore,
  change: { key: string; value: unknown; before: unknown; action: string; actor: Actor; at: string },
): Promise<void> {
  const { key, value, before, action, actor, at } = change;
  await store.transaction(async (tx) => {
    await tx.putSetting(key, value);
    await tx.appendAudit({ documentId: key, at, actorId: actor.id, actorRoles: [...actor.roles], action, from: null, to: 'set', changes: diffData(before, value) });
  });
}
