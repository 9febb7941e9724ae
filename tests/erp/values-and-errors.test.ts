import { describe, expect, it } from 'vitest';
import { createODataGateway, hostError, hostMessage } from '../../src/adapters/odata/index.js';
import { retryAfterMs } from '../../src/adapters/odata/host-http.js';
import { createRestGateway } from '../../src/adapters/rest/index.js';
import { hostAmountToMoney, hostDateToIso, isoDateToHost, moneyToDecimal, rowsOf } from '../../src/adapters/odata/values.js';
import { isAftersalesError } from '../../src/domain/errors.js';

describe('host values', () => {
  it('reads V2 /Date(ms)/ (with and without offset) and V4 dates as ISO dates', () => {
    expect(hostDateToIso('/Date(1714608000000)/')).toBe('2024-05-02');
    expect(hostDateToIso('/Date(1714608000000+0000)/')).toBe('2024-05-02');
    expect(hostDateToIso('2026-10-08')).toBe('2026-10-08');
    expect(hostDateToIso('2026-10-08T00:00:00Z')).toBe('2026-10-08');
    expect(hostDateToIso(null)).toBeUndefined();
  });

  it('writes dates as V2 /Date(ms)/ and V4 ISO', () => {
    expect(isoDateToHost('2024-05-02', 2)).toBe('/Date(1714608000000)/');
    expect(isoDateToHost('2024-05-02', 4)).toBe('2024-05-02');
  });

  it('turns V2 decimal strings and V4 numbers into exact minor units', () => {
    expect(hostAmountToMoney('1296000.00', 'CNY')).toEqual({ amount: 129_600_000, currency: 'CNY' });
    expect(hostAmountToMoney('84500.5', 'CNY')).toEqual({ amount: 8_450_050, currency: 'CNY' });
    expect(hostAmountToMoney(0.1 + 0.2, 'CNY')).toEqual({ amount: 30, currency: 'CNY' });
    expect(hostAmountToMoney('-12.345', 'CNY')).toEqual({ amount: -1235, currency: 'CNY' });
    expect(hostAmountToMoney('1500', 'JPY')).toEqual({ amount: 1500, currency: 'JPY' });
    expect(() => hostAmountToMoney('12,50', 'CNY')).toThrow(/not a decimal/);
    expect(moneyToDecimal({ amount: 300_050, currency: 'CNY' })).toBe('3000.50');
    expect(moneyToDecimal({ amount: 5, currency: 'CNY' })).toBe('0.05');
  });

  it('reads collections in every protocol shape', () => {
    expect(rowsOf({ d: { results: [{ a: 1 }] } })).toEqual([{ a: 1 }]);
    expect(rowsOf({ value: [{ a: 2 }] })).toEqual([{ a: 2 }]);
    expect(rowsOf({ results: [{ a: 3 }] })).toEqual([{ a: 3 }]);
  });
});

describe('host errors', () => {
  it("quotes SAP's error.message.value and treats 4xx as a rejection of our data", () => {
    const e = hostError('SAP', 400, { error: { code: 'V1/320', message: { lang: 'zh', value: '售达方 99 不存在' } } });
    expect(e.code).toBe('AFTERSALES.ERP_REJECTED');
    expect(e.type).toBe('invalid_data');
    expect(e.localize('zh-CN')).toContain('售达方 99 不存在');
    expect(hostError('SAP', 409, {}).type).toBe('conflict');
  });

  it('treats 5xx, 408 and 429 as the host being unavailable (retryable)', () => {
    for (const status of [500, 502, 503, 408, 429]) {
      const e = hostError('SAP', status, 'down');
      expect(e.code).toBe('AFTERSALES.ERP_UNAVAILABLE');
      expect(e.type).toBe('unavailable');
    }
  });

  it('reads the XML error of SAP Gateway, and names the URL of a 404 HTML page instead of quoting it', () => {
    expect(hostMessage('<?xml version="1.0"?><error xmlns="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"><code>CX_SADL</code><message xml:lang="en">Material PUMP-X does not exist</message></error>')).toBe('Material PUMP-X does not exist');
    const e = hostError('SAP', 404, '<!DOCTYPE html><html><body>Cannot GET</body></html>', 'http://h/sap/opu/odata/sap/API_BILLING_DOCUMENT_SRV/A_BillingDocument?$top=1');
    expect(e.localize('en')).toBe('SAP refused the request (HTTP 404) — nothing at http://h/sap/opu/odata/sap/API_BILLING_DOCUMENT_SRV/A_BillingDocument; check the service URL and mapping');
    expect(e.localize('en')).not.toContain('DOCTYPE');
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    expect(retryAfterMs('120')).toBe(120_000);
    expect(retryAfterMs('Mon, 23 Nov 2026 02:01:00 GMT', Date.parse('2026-11-23T02:00:00Z'))).toBe(60_000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });

  it('reads Frappe server messages and OData V4 error messages', () => {
    expect(hostMessage({ _server_messages: JSON.stringify([JSON.stringify({ message: 'Could not find Customer: X' })]) })).toBe('Could not find Customer: X');
    expect(hostMessage({ error: { code: '400', message: 'Value is not a valid String(40)' } })).toBe('Value is not a valid String(40)');
  });
});

describe('configuration', () => {
  const attempt = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e;
    }
    throw new Error('expected an error');
  };

  it('refuses an unknown OData version with a coded error at /version', () => {
    const e = attempt(() => createODataGateway({ kind: 'odata', version: 3, serviceRoot: 'http://127.0.0.1:1/x' }));
    expect(isAftersalesError(e) && e.code).toBe('AFTERSALES.ERP_CONFIG_INVALID');
    expect(isAftersalesError(e) && e.pointer).toBe('/version');
  });

  it('needs a service root or per-service URLs, and a password-less basic user is named', () => {
    const e1 = attempt(() => createODataGateway({ kind: 'odata', version: 2 }));
    expect(isAftersalesError(e1) && e1.pointer).toBe('/serviceRoot');
    const e2 = attempt(() => createODataGateway({ kind: 'odata', version: 2, serviceRoot: 'ftp://x', auth: { kind: 'basic' } }));
    expect(isAftersalesError(e2) && e2.errors.map((x) => x.pointer).sort()).toEqual(['/auth/password', '/auth/user', '/serviceRoot']);
  });

  it('refuses a mapping that lost a required property', () => {
    const e = attempt(() => createODataGateway({ kind: 'odata', version: 4, serviceRoot: 'http://127.0.0.1:1/odata/v4', mapping: { customerReturn: { reference: '' } } }));
    expect(isAftersalesError(e) && e.code).toBe('AFTERSALES.ERP_CONFIG_INVALID');
    expect(isAftersalesError(e) && e.pointer).toBe('/mapping/customerReturn/reference');
  });

  it('refuses a misspelt mapping part or field instead of silently ignoring it', () => {
    const e1 = attempt(() => createODataGateway({ kind: 'odata', version: 2, serviceRoot: 'http://127.0.0.1:1/x', mapping: { customerReturns: { reference: 'X' } } }));
    expect(isAftersalesError(e1) && e1.code).toBe('AFTERSALES.ERP_CONFIG_INVALID');
    expect(isAftersalesError(e1) && e1.localize('en')).toContain('customerReturns');
    const e2 = attempt(() => createRestGateway({ kind: 'rest', baseUrl: 'http://127.0.0.1:1', mapping: { salesOrder: { fields: { customerID: 'customer' } } } }));
    expect(isAftersalesError(e2) && e2.errors.map((x) => x.pointer).sort()).toEqual(['/mapping/salesOrder/fields', '/mapping/salesOrder/fields/customerId']);
    expect(isAftersalesError(e2) && e2.localize('zh-CN')).toContain('customerID');
  });

  it('refuses a REST configuration without a base URL', () => {
    const e = attempt(() => createRestGateway({ kind: 'rest', auth: { kind: 'token', key: 'k' } }));
    expect(isAftersalesError(e) && e.errors.map((x) => x.pointer).sort()).toEqual(['/auth/secret', '/baseUrl']);
  });
});
