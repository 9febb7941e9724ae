/**
 * The audit trail's hash chain: each event's hash covers its content and the previous hash, so
 * altering, removing or reordering a stored event shows.
 */
import { createHash } from 'node:crypto';
import type { AuditEvent, NewAuditEvent } from '../document.js';
import type { AuditVerification } from '../aftersales-api.js';

/** The hash the first event chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted, so the same event always hashes the same whatever the store
 * did to key order.
 *
 * @example
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }); // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  let out = '';
  // One string built in one walk: the audit hash of every write goes through here.
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object') {
      out += JSON.stringify(v) ?? 'null';
      return;
    }
    if (Array.isArray(v)) {
      out += '[';
      for (let i = 0; i < v.length; i++) {
        if (i) out += ',';
        walk(v[i]);
      }
      out += ']';
      return;
    }
    const record = v as Record<string, unknown>;
    const keys = Object.keys(record);
    // Keys often arrive in order already; `>` compares code units as the default sort does.
    for (let i = 1; i < keys.length; i++) {
      if (keys[i - 1]! > keys[i]!) {
        keys.sort();
        break;
      }
    }
    out += '{';
    let first = true;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const item = record[k];
      if (item === undefined) continue;
      out += first ? quotedKey(k) + ':' : ',' + quotedKey(k) + ':';
      first = false;
      walk(item);
    }
    out += '}';
  };
  walk(value);
  return out;
}

/** Field names repeat across events: each is quoted once, up to a bound hostile keys cannot pass. */
const quotedKeys = new Map<string, string>();

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 4096 && key.length <= 64) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/**
 * The hash of one event at position `seq` chained to `prevHash`.
 *
 * @example
 * const hash = auditEventHash(GENESIS_HASH, 1, event);
 */
export function auditEventHash(prevHash: string, seq: number, event: NewAuditEvent): string {
  const body = canonicalJson({
    seq,
    prevHash,
    documentId: event.documentId,
    at: event.at,
    actorId: event.actorId,
    actorRoles: event.actorRoles,
    action: event.action,
    from: event.from,
    to: event.to,
    changes: event.changes,
    note: event.note,
  });
  return createHash('sha256').update(body).digest('hex');
}

/**
 * Chains a new event after `previous` (or the genesis hash): what a store does on append.
 *
 * @example
 * const stored = chainAuditEvent(lastStored, newEvent);
 */
export function chainAuditEvent(previous: Pick<AuditEvent, 'seq' | 'hash'> | undefined, event: NewAuditEvent): AuditEvent {
  const seq = (previous?.seq ?? 0) + 1;
  const prevHash = previous?.hash ?? GENESIS_HASH;
  return { ...event, seq, prevHash, hash: auditEventHash(prevHash, seq, event) };
}

/** The fields an event's hash covers besides `seq` and `prevHash`, in the hash's (sorted) order. */
const HASHED_BEFORE_PREV = ['action', 'actorId', 'actorRoles', 'at', 'changes', 'documentId', 'from', 'note'] as const;
const HASHED_FIELDS = new Set<string>([...HASHED_BEFORE_PREV, 'to']);

/**
 * Chains a new event as {@link chainAuditEvent} does, and gives the event's content (all but
 * `seq`, `prevHash` and `hash`) as canonical JSON from the same walk that feeds the hash: a
 * store keeping that text serialises the event once instead of twice.
 *
 * @example
 * const { stored, contentJson } = chainAuditEventWithJson(lastStored, newEvent);
 * JSON.parse(contentJson).action === stored.action; // true
 */
export function chainAuditEventWithJson(previous: Pick<AuditEvent, 'seq' | 'hash'> | undefined, event: NewAuditEvent): { stored: AuditEvent; contentJson: string } {
  const record = event as unknown as Record<string, unknown>;
  if (!Object.keys(record).every((k) => HASHED_FIELDS.has(k))) {
    const stored = chainAuditEvent(previous, event);
    const { seq: _seq, prevHash: _prevHash, hash: _hash, ...content } = stored;
    return { stored, contentJson: canonicalJson(content) };
  }
  const seq = (previous?.seq ?? 0) + 1;
  const prevHash = previous?.hash ?? GENESIS_HASH;
  let head = '';
  for (const k of HASHED_BEFORE_PREV) {
    const v = record[k];
    if (v === undefined) continue;
    head += (head ? ',' : '') + quotedKey(k) + ':' + canonicalJson(v);
  }
  const to = record.to === undefined ? '' : '"to":' + canonicalJson(record.to);
  const hashed = '{' + head + (head ? ',' : '') + '"prevHash":' + JSON.stringify(prevHash) + ',"seq":' + JSON.stringify(seq) + (to ? ',' + to : '') + '}';
  const contentJson = '{' + head + (head && to ? ',' : '') + to + '}';
  const hash = createHash('sha256').update(hashed).digest('hex');
  return { stored: { ...event, seq, prevHash, hash }, contentJson };
}

/**
 * Checks a run of events read in `seq` order, continuing from `previous`; reports the first
 * altered, missing or out-of-order event.
 *
 * @example
 * let last; for await (const page of pages) { const r = verifyAuditEvents(page, last); if (!r.intact) return r; last = page.at(-1); }
 */
export function verifyAuditEvents(events: AuditEvent[], previous?: Pick<AuditEvent, 'seq' | 'hash'>): AuditVerification {
  let expectedSeq = (previous?.seq ?? 0) + 1;
  let prevHash = previous?.hash ?? GENESIS_HASH;
  let checked = 0;
  for (const e of events) {
    if (e.seq > expectedSeq) return { intact: false, checked, firstBad: { seq: expectedSeq, problem: 'missing' } };
    if (e.seq < expectedSeq) return { intact: false, checked, firstBad: { seq: e.seq, problem: 'out-of-order', documentId: e.documentId } };
    if (e.prevHash !== prevHash) {
      // The previous event was removed or rewritten together with its hash.
      return { intact: false, checked, firstBad: { seq: e.seq, problem: 'missing', documentId: e.documentId } };
    }
    if (auditEventHash(prevHash, e.seq, e) !== e.hash) return { intact: false, checked, firstBad: { seq: e.seq, problem: 'altered', documentId: e.documentId } };
    prevHash = e.hash;
    expectedSeq++;
    checked++;
  }
  return { intact: true, checked };
}
