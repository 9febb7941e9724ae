import { describe, expect, test } from 'vitest';
import { canonicalJson, chainAuditEvent, chainAuditEventWithJson, verifyAuditEvents } from '../../../src/domain/audit/chain.js';
import type { AuditEvent, NewAuditEvent } from '../../../src/domain/document.js';

const event = (over: Partial<NewAuditEvent> = {}): NewAuditEvent => ({
  documentId: 'd-1',
  at: '2026-11-23T05:00:00.000Z',
  actorId: 'u-王',
  actorRoles: ['sales'],
  action: 'create',
  from: null,
  to: 'filed',
  changes: [
    { pointer: '/customer/name', after: '客户 "甲"\n' },
    { pointer: '/items', after: [{ z: 1, a: { y: true, b: null }, '10': 'x', '9': 'y' }] },
    { pointer: '/amount', before: { currency: 'CNY', amount: 1 }, after: { amount: 250_00, currency: 'CNY' } },
  ],
  ...over,
});

describe('audit hash chain', () => {
  test('canonical JSON sorts keys by code unit, whatever order they came in, and escapes odd field names', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    expect(canonicalJson({ '10': 1, '9': 2, B: 3, a: 4, é: 5 })).toBe('{"10":1,"9":2,"B":3,"a":4,"é":5}');
    expect(canonicalJson({ 'quote"d': 1, 'new\nline': 2 })).toBe('{"new\\nline":2,"quote\\"d":1}');
    // The same keys twice (the quoted-name cache) give the same text.
    expect(canonicalJson({ 'quote"d': 1 })).toBe('{"quote\\"d":1}');
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });

  test('chaining with the stored text gives the very hash chaining alone gives, and text that reads back as the event', () => {
    const cases: NewAuditEvent[] = [event(), event({ note: 'refiles 2611-001', from: 'filed', to: 'registered' }), event({ changes: [] })];
    let prevA: AuditEvent | undefined;
    let prevB: AuditEvent | undefined;
    const readBack: AuditEvent[] = [];
    for (const e of cases) {
      const a = chainAuditEvent(prevA, e);
      const { stored: b, contentJson } = chainAuditEventWithJson(prevB, e);
      expect(b).toEqual(a);
      const { seq, prevHash, hash, ...content } = a;
      expect(JSON.parse(contentJson)).toEqual(content);
      readBack.push({ ...(JSON.parse(contentJson) as NewAuditEvent), seq, prevHash, hash });
      prevA = a;
      prevB = b;
    }
    expect(verifyAuditEvents(readBack)).toEqual({ intact: true, checked: 3 });
    // A changed field in the stored text shows.
    readBack[1] = { ...readBack[1]!, to: 'closed' };
    expect(verifyAuditEvents(readBack)).toMatchObject({ intact: false, firstBad: { seq: 2, problem: 'altered' } });
  });

  test('an event carrying fields the hash does not cover still chains the same and keeps them in its text', () => {
    const odd = { ...event(), origin: 'import' } as NewAuditEvent;
    const { stored, contentJson } = chainAuditEventWithJson(undefined, odd);
    expect(stored.hash).toBe(chainAuditEvent(undefined, odd).hash);
    expect(JSON.parse(contentJson)).toMatchObject({ origin: 'import', action: 'create' });
  });
});
