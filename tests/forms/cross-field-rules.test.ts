import { describe, expect, it } from 'vitest';
import { allowanceCertificateRules } from '../../src/forms/allowance-certificate/rules.js';
import { complaintRules, decidedQuantityWithinShipped, defectiveQuantityKnown, defectiveWithinShipped } from '../../src/forms/complaint/rules.js';
import { monthlyDeductionWithinCap, penaltyNoticeRules } from '../../src/forms/penalty-notice/rules.js';
import { addedLinesConfirmed, goodsReceiptWhenTakenBack, repairVoucherRules, serviceCategoryFits } from '../../src/forms/repair-voucher/rules.js';
import { itemsMatchApprovedQuantity, returnSlipRules } from '../../src/forms/return-slip/rules.js';
import { lineAmount, percentagesSumTo100, sameCurrency } from '../../src/forms/validation/cross-field.js';
import { formSamples } from '../../src/forms/index.js';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const codes = (errors: { pointer: string; code: string }[]) => errors.map((e) => `${e.pointer} ${e.code}`);

describe('complaint rules', () => {
  it('defective ≤ shipped', () => {
    expect(defectiveWithinShipped({ quantityShipped: 100, quantityDefective: 100 })).toEqual([]);
    expect(codes(defectiveWithinShipped({ quantityShipped: 100, quantityDefective: 101 }))).toEqual(['/quantityDefective AFTERSALES.DEFECTIVE_EXCEEDS_SHIPPED']);
  });

  it('the defective quantity may stay open only while the customer is still processing (undetermined)', () => {
    expect(defectiveQuantityKnown({ customerRequest: 'undetermined' })).toEqual([]);
    expect(codes(defectiveQuantityKnown({ customerRequest: 'exchange' }))).toEqual(['/quantityDefective AFTERSALES.DEFECTIVE_QUANTITY_REQUIRED']);
  });

  it('the decided quantity cannot exceed what was shipped', () => {
    expect(codes(decidedQuantityWithinShipped({ quantityShipped: 10, decision: { quantity: 11 } }))).toEqual(['/decision/quantity AFTERSALES.DECIDED_EXCEEDS_SHIPPED']);
  });

  it('responsibility ratios sum to exactly 100%, thirds included', () => {
    const split = (...r: number[]) => ({ decision: { responsibility: r.map((ratioPercent) => ({ unit: 'x', ratioPercent })) } });
    expect(complaintRules({ ...split(33.33, 33.33, 33.34) })).toEqual([]);
    const [e] = complaintRules(split(70, 20));
    expect(e?.pointer).toBe('/decision/responsibility');
    expect(e?.message).toEqual({ 'zh-CN': '责任比例合计应为 100%，实为 90%', en: 'The responsibility ratios must add up to 100%, not 90%' });
  });

  it('one currency across the claimed, proposed and decided amounts', () => {
    const d = structuredClone(formSamples.complaint) as Record<string, any>;
    d.decision.amount = { amount: 1, currency: 'USD' };
    expect(codes(complaintRules(d))).toEqual(['/decision/amount/currency AFTERSALES.CURRENCY_MISMATCH']);
  });

  it('does not throw on malformed data; the schema reports it', () => {
    for (const d of [{}, { decision: 'x' }, { decision: { responsibility: [null, 3] } }, { quantityShipped: '5', quantityDefective: 9 }]) {
      expect(() => complaintRules(d as Record<string, unknown>)).not.toThrow();
    }
  });
});

describe('line amounts = quantity × unit price, exactly, to the fen', () => {
  it('handles fractional quantities without float noise', () => {
    expect(lineAmount(0.2, 26000)).toBe(5200);
    expect(lineAmount(1.5, 12000)).toBe(18000);
    expect(lineAmount(3, 3333)).toBe(9999);
    expect(lineAmount(0.1, 5)).toBe(1); // 0.5 fen rounds half up
    expect(lineAmount(1.15, 100)).toBe(115);
  });

  it('return slip: a wrong line amount and a wrong total are each reported', () => {
    const d = structuredClone(formSamples['return-slip']) as Record<string, any>;
    d.items.push({ itemNumber: 'X', description: '附件', quantity: 2, unit: 'PCS', unitPrice: cny(150), amount: cny(301) });
    d.approvedQuantity = 322;
    expect(codes(returnSlipRules(d))).toEqual(['/items/1/amount/amount AFTERSALES.LINE_AMOUNT_MISMATCH', '/total/amount AFTERSALES.TOTAL_MISMATCH']);
    d.items[1].amount = cny(300);
    d.total = cny(1920300);
    expect(returnSlipRules(d)).toEqual([]);
  });

  it('return slip: items add up to the approved quantity', () => {
    expect(codes(itemsMatchApprovedQuantity({ approvedQuantity: 320, items: [{ quantity: 300 }] }))).toEqual(['/approvedQuantity AFTERSALES.APPROVED_QUANTITY_MISMATCH']);
  });

  it('allowance certificate: allowed amount per item and in total', () => {
    const d = structuredClone(formSamples['allowance-certificate']) as Record<string, any>;
    d.items[0].allowedUnitPrice = cny(160);
    expect(codes(allowanceCertificateRules(d))).toEqual(['/items/0/allowedAmount/amount AFTERSALES.LINE_AMOUNT_MISMATCH']);
    d.amount = cny(1);
    expect(codes(allowanceCertificateRules(d))).toContain('/amount/amount AFTERSALES.TOTAL_MISMATCH');
  });

  it('item currencies must agree', () => {
    expect(codes(sameCurrency([['/a', cny(1)], ['/b', { amount: 1, currency: 'USD' }], ['/c', cny(2)]]))).toEqual(['/b/currency AFTERSALES.CURRENCY_MISMATCH']);
  });
});

describe('penalty notice rules', () => {
  const base = () => structuredClone(formSamples['penalty-notice']) as Record<string, any>;

  it('responsibility percentages sum to 100 and shares to the loss', () => {
    const d = base();
    d.persons[0].share = cny(170000);
    d.persons[0].carriedOver = cny(50000);
    expect(codes(penaltyNoticeRules(d))).toEqual(['/loss/amount AFTERSALES.TOTAL_MISMATCH', '/totals/share/amount AFTERSALES.TOTAL_MISMATCH', '/totals/carriedOver/amount AFTERSALES.TOTAL_MISMATCH']);
    expect(percentagesSumTo100([{ p: 50 }, { p: 40 }], '/persons', 'p')[0]?.code).toBe('AFTERSALES.RESPONSIBILITY_NOT_100');
  });

  it('at most half the monthly bonus is deducted in one month, the rest carries over', () => {
    const ok = { persons: [{ share: cny(180000), monthlyBonus: cny(240000), deductedThisMonth: cny(120000), carriedOver: cny(60000) }] };
    expect(monthlyDeductionWithinCap(ok)).toEqual([]);
    const over = { persons: [{ share: cny(180000), monthlyBonus: cny(240000), deductedThisMonth: cny(120001), carriedOver: cny(59999) }] };
    const [e] = monthlyDeductionWithinCap(over);
    expect(e?.pointer).toBe('/persons/0/deductedThisMonth/amount');
    expect(e?.message['zh-CN']).toBe('当月罚扣 ¥1,200.01 超过当月效率奖金的 50%（¥1,200.00）');
  });
});

describe('repair voucher rules', () => {
  it('category C only inside the warranty, judged on the service date or else the call date', () => {
    expect(serviceCategoryFits({ serviceCategory: 'C', serviceDate: '2027-05-31', warrantyUntil: '2027-05-31' })).toEqual([]);
    expect(codes(serviceCategoryFits({ serviceCategory: 'C', serviceDate: '2027-06-01', warrantyUntil: '2027-05-31' }))).toEqual(['/serviceCategory AFTERSALES.WARRANTY_EXPIRED']);
    expect(codes(serviceCategoryFits({ serviceCategory: 'C', callAt: '2027-06-01T01:00:00Z', warrantyUntil: '2027-05-31' }))).toEqual(['/serviceCategory AFTERSALES.WARRANTY_EXPIRED']);
    expect(codes(serviceCategoryFits({ serviceCategory: 'B', serviceDate: '2027-06-01' }))).toEqual(['/serviceCategory AFTERSALES.CONTRACT_UNKNOWN']);
    expect(serviceCategoryFits({ serviceCategory: 'A', serviceDate: '2027-06-01' })).toEqual([]);
  });

  it('items added after the quote need the customer’s confirmation', () => {
    expect(codes(addedLinesConfirmed({ quoteLines: [{ addedAfterQuote: false }, { addedAfterQuote: true }] }))).toEqual(['/quoteLines/1/customerConfirmed AFTERSALES.ADDED_ITEM_NOT_CONFIRMED']);
  });

  it('taken back for repair needs a goods receipt', () => {
    expect(codes(goodsReceiptWhenTakenBack({ outcome: 'taken-back' }))).toEqual(['/goodsReceiptNumber AFTERSALES.GOODS_RECEIPT_REQUIRED']);
    expect(goodsReceiptWhenTakenBack({ outcome: 'taken-back', goodsReceiptNumber: 'GR-1' })).toEqual([]);
  });

  it('the sample passes every rule', () => {
    expect(repairVoucherRules(structuredClone(formSamples['repair-voucher']))).toEqual([]);
  });
});
