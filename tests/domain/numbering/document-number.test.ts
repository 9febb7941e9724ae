import { describe, expect, test } from 'vitest';
import { assertNumberingPattern, formatDocumentNumber, numberingPeriod, numberingPeriodOf } from '../../../src/domain/numbering/index.js';

describe('document numbers (年度 月份 流水编号)', () => {
  test('the default pattern gives year, month and a three-digit serial that grows rather than wraps', () => {
    expect(formatDocumentNumber('{YY}{MM}-{SEQ:3}', { year: 2026, month: 11, serial: 7 })).toBe('2611-007');
    expect(formatDocumentNumber('{YY}{MM}-{SEQ:3}', { year: 2026, month: 1, serial: 1 })).toBe('2601-001');
    expect(formatDocumentNumber('{YY}{MM}-{SEQ:3}', { year: 2026, month: 11, serial: 1234 })).toBe('2611-1234');
    expect(formatDocumentNumber('CP{YYYY}-{MM}/{SEQ}', { year: 2027, month: 3, serial: 42 })).toBe('CP2027-03/42');
  });

  test('a pattern without exactly one serial is refused, since its numbers would repeat', () => {
    expect(() => assertNumberingPattern('{YY}{MM}')).toThrow(expect.objectContaining({ code: 'AFTERSALES.NUMBERING_PATTERN_INVALID', pointer: '/numbering/pattern' }));
    expect(() => formatDocumentNumber('{SEQ}-{SEQ:3}', { year: 2026, month: 1, serial: 1 })).toThrow(expect.objectContaining({ code: 'AFTERSALES.NUMBERING_PATTERN_INVALID' }));
  });

  test('the period is the month in the company time zone, not in UTC', () => {
    expect(numberingPeriod(new Date('2026-11-30T17:00:00Z'), 'Asia/Shanghai')).toBe('2612');
    expect(numberingPeriod(new Date('2026-11-30T15:59:59Z'), 'Asia/Shanghai')).toBe('2611');
    expect(numberingPeriod(new Date('2026-11-30T17:00:00Z'), 'UTC')).toBe('2611');
    expect(numberingPeriod(new Date('2026-12-01T03:00:00Z'), 'America/Los_Angeles')).toBe('2611');
    expect(numberingPeriodOf(new Date('2026-12-31T16:00:00Z'), 'Asia/Shanghai')).toEqual({ year: 2027, month: 1, period: '2701' });
  });

  test('many creates a minute apart across a month turn each get their own month, per time zone', () => {
    // Kathmandu is UTC+5:45: its December begins at 18:15 UTC, a quarter past a UTC hour.
    expect(numberingPeriod(new Date('2026-11-30T18:14:59.999Z'), 'Asia/Kathmandu')).toBe('2611');
    expect(numberingPeriod(new Date('2026-11-30T18:14:00.000Z'), 'Asia/Kathmandu')).toBe('2611');
    expect(numberingPeriod(new Date('2026-11-30T18:15:00.000Z'), 'Asia/Kathmandu')).toBe('2612');
    expect(numberingPeriod(new Date('2026-11-30T18:15:00.000Z'), 'UTC')).toBe('2611');
    expect(numberingPeriod(new Date('2026-11-30T18:15:30.000Z'), 'Asia/Kathmandu')).toBe('2612');
    // A caller changing the answer it got does not change the next caller's.
    const first = numberingPeriodOf(new Date('2026-11-30T18:15:40.000Z'), 'Asia/Kathmandu');
    first.month = 1;
    first.period = '0000';
    expect(numberingPeriodOf(new Date('2026-11-30T18:15:50.000Z'), 'Asia/Kathmandu')).toEqual({ year: 2026, month: 12, period: '2612' });
  });
});
