/**
 * A short fingerprint of a stored document and its version, printed on every copy so a paper
 * slip can be checked against the system.
 */
import { createHash } from 'node:crypto';
import type { AftersalesDocument } from '../domain/document.js';

const recent = new WeakMap<object, { key: string; fingerprint: string }>();

/** Keys sorted at every level so the same document always hashes the same. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * The fingerprint of what a slip shows: id, kind, number, status, form version, revision and
 * data, hashed with SHA-256 and cut to 16 hex digits in groups of four. Any change to the
 * document (a new revision) gives another fingerprint.
 *
 * @example
 * documentFingerprint(doc); // '3f2a-9c1b-77de-0b41'
 */
export function documentFingerprint(document: Pick<AftersalesDocument, 'id' | 'kind' | 'number' | 'status' | 'formVersion' | 'revision' | 'data'>): string {
  const { id, kind, number, status, formVersion, revision, data } = document;
  const key = `${id}\u0000${kind}\u0000${number}\u0000${status}\u0000${formVersion}\u0000${revision}`;
  // Every copy of a document prints the same fingerprint; hash the data once per print run.
  const seen = recent.get(data);
  if (seen?.key === key) return seen.fingerprint;
  const hex = createHash('sha256').update(canonicalJson({ id, kind, number, status, formVersion, revision, data })).digest('hex').slice(0, 16);
  const fingerprint = hex.match(/.{4}/g)!.join('-');
  if (data && typeof data === 'object') recent.set(data, { key, fingerprint });
  return fingerprint;
}

/**
 * What the QR code on a copy encodes: enough to find the document and compare its fingerprint.
 *
 * @example
 * fingerprintQrPayload(doc); // 'erp-aftersales:complaint:2611-007:v1r3:3f2a-9c1b-77de-0b41'
 */
export function fingerprintQrPayload(document: Parameters<typeof documentFingerprint>[0]): string {
  return `erp-aftersales:${document.kind}:${document.number}:v${document.formVersion}r${document.revision}:${documentFingerprint(document)}`;
}
