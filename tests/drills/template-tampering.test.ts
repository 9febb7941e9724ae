/**
 * Drill 3: admin texts and customisations that reach for the prototype, inject script into the
 * PDF, or try to exhaust the server are refused, or accepted and inert: nothing of the runtime
 * is printed, no active content enters the PDF, and no request runs away with time or memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDrillApp, call, PREFIX, bearer, type DrillApp } from './support/drill-app.js';
import { creationData } from './support/workflows.js';
import { formSchema } from './support/forms.js';
import { schemaSlots } from './support/hostile-requests.js';
import { activeContent, pdfPages, pdfText } from './support/pdf-inspect.js';

let drill: DrillApp;

beforeAll(async () => {
  drill = await buildDrillApp();
});

afterAll(async () => {
  await drill?.close();
});

const L = (s: string) => ({ 'zh-CN': s, en: s });

async function pdfOf(id: string, copy = 'all'): Promise<Uint8Array> {
  const res = await drill.app.inject({ method: 'GET', url: `${PREFIX}/documents/${id}/pdf?copy=${copy}`, headers: bearer('gm-office') });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(String(res.headers['content-type'])).toContain('application/pdf');
  return res.rawPayload;
}

async function newComplaint(data = creationData('complaint')): Promise<string> {
  const r = await call(drill.app, 'POST', '/documents/complaint', 'sales', { data });
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(201);
  return r.body.id;
}

/** What a leak of the JavaScript runtime into a slip would look like. */
const RUNTIME_LEAKS = /function|native code|\[object|Object\b|Function|process|constructor|prototype|__proto__|require|globalThis/;

describe('prototype access from admin texts', () => {
  const attempts = [
    '{{constructor.name}}',
    '{{__proto__}}',
    '{{number.constructor.name}}',
    '{{this.constructor.name}}',
    '{{number.__proto__.constructor.name}}',
    '{{toString}}',
    '{{valueOf}}',
    '{{hasOwnProperty}}',
    '{{constructor.constructor "return process"}}',
    '{{#with this}}{{constructor.name}}{{/with}}',
    '{{lookup this "constructor"}}',
    '{{#each this}}{{@key}}{{/each}}',
    '{{> evil}}',
  ];

  it(`${attempts.length} texts are refused, or accepted and print nothing of the runtime`, async () => {
    const outcomes: string[] = [];
    for (const text of attempts) {
      const before = (await call(drill.app, 'GET', '/forms/complaint', 'admin')).body.version;
      const r = await call(drill.app, 'PUT', '/admin/forms/complaint', 'admin', { texts: { footer: L(`页脚 ${text} 完`), title: L(`标题 ${text}`) } });
      expect(r.status, `${text}: ${JSON.stringify(r.body).slice(0, 200)}`).toBeLessThan(500);
      if (r.status >= 400) {
        expect(String(r.res.headers['content-type'])).toContain('application/problem+json');
        const after = (await call(drill.app, 'GET', '/forms/complaint', 'admin')).body.version;
        expect(after, 'a refused customisation makes no version').toBe(before);
        outcomes.push(`refused ${r.status} ${text}`);
        continue;
      }
      const id = await newComplaint();
      const text1 = pdfText(await pdfOf(id, '1'));
      // Either the text prints without the reference, or (refused at print time) not at all.
      const footer = /页脚(.*)完/s.exec(text1)?.[1] ?? '';
      expect(footer, `${text} printed "${footer}"`).not.toMatch(RUNTIME_LEAKS);
      expect(text1, `${text} leaked into the slip`).not.toMatch(/function|native code|\[object|__proto__|prototype|process\b/);
      expect(text1).toContain('客户');
      outcomes.push(`inert ${text} → "${footer.trim()}"`);
    }
    console.log(`admin texts:\n  ${outcomes.join('\n  ')}`);
    // Nothing reached the shared prototypes of this process.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });
});

describe('script injection into the PDF', () => {
  const payloads = [
    '<script>alert(1)</script>',
    ') /S /JavaScript /JS (app.alert(1)) >> endobj',
    '/OpenAction << /S /Launch /F (calc.exe) >>',
    'javascript:app.alert(1)',
    '\u202Egnp.exe',
    '%PDF-1.7 1 0 obj << /Type /Catalog >> endobj',
  ];

  it('field values, labels and texts carrying script print as plain text and add no active content', async () => {
    const labelled = await call(drill.app, 'PUT', '/admin/forms/complaint', 'admin', {
      labels: { '/customer/name': L(payloads[0]!) },
      texts: { notice: L(payloads[3]!) },
    });
    expect(labelled.status, JSON.stringify(labelled.body).slice(0, 300)).toBeLessThan(500);
    const data = creationData('complaint') as Record<string, any>;
    data.customer = { ...data.customer, name: payloads[1] };
    data.reason = payloads.join(' | ');
    data.itemDescription = payloads[2];
    const id = await newComplaint(data);
    const pdf = await pdfOf(id);
    expect(activeContent(pdf)).toEqual([]);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    // Printed as what it is: text on the slip.
    expect(text).toContain('app.alert(1)');
    expect(text).toContain('calc.exe');
    expect(pdfPages(pdf)).toBe(5);
  });
});

describe('resource exhaustion', () => {
  const refusals: [string, unknown][] = [
    ['a catastrophic regex', { addFields: { code: { schema: { type: 'string', pattern: '^(a|a)*$' }, label: L('代码') } } }],
    ['a nested catastrophic regex', { addFields: { code: { schema: { type: 'string', pattern: '^((ab)*|(ab)*c?)*$' }, label: L('代码') } } }],
    ['an enum of 100,000 values', { addFields: { pick: { schema: { enum: Array.from({ length: 100_000 }, (_, i) => `v${i}`) }, label: L('选项') } } }],
    ['10,000 extra copies', { addCopies: Array.from({ length: 10_000 }, (_, i) => ({ number: i + 6, department: 'qa', label: L(`第${i + 6}联`), routes: [] })) }],
    ['a field of a billion characters', { addFields: { big: { schema: { type: 'string', maxLength: 1_000_000_000 }, label: L('大') } } }],
    ['an array of a million items', { addFields: { many: { schema: { type: 'array', maxItems: 1_000_000, items: { type: 'string' } }, label: L('多') } } }],
    ['a field nested 12 deep', { addFields: { deep: { schema: nest(12), label: L('深') } } }],
    ['a thousand added fields', { addFields: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`f${i}`, { schema: { type: 'string' }, label: L(`字段${i}`) }])) }],
  ];

  for (const [what, body] of refusals) {
    it(`refuses ${what} quickly`, async () => {
      const t0 = Date.now();
      const r = await call(drill.app, 'PUT', '/admin/forms/complaint', 'admin', body);
      const ms = Date.now() - t0;
      expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(String(r.res.headers['content-type'])).toContain('application/problem+json');
      expect(ms, `${what} took ${ms} ms`).toBeLessThan(5000);
    });
  }

  it('odd copy numbers and page sizes are refused or capped, never a 5xx', async () => {
    const id = await newComplaint();
    for (const copy of ['0', '-1', '6', '99999', '1e309', 'NaN', 'all,all', '1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1', '%00', '']) {
      const res = await drill.app.inject({ method: 'GET', url: `${PREFIX}/documents/${id}/pdf?copy=${copy}`, headers: bearer('gm-office') });
      expect(res.statusCode, `copy=${copy}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
      if (res.statusCode === 200) expect(pdfPages(res.rawPayload), `copy=${copy}`).toBeLessThanOrEqual(5 * 20);
    }
    const inbox = await drill.app.inject({ method: 'GET', url: `${PREFIX}/inbox/accounting/pdf?limit=1000000`, headers: bearer('accounting') });
    expect(inbox.statusCode).toBeLessThan(500);
  });

  it('a document with every text field at its longest prints in bounded time', async () => {
    const data = creationData('complaint') as Record<string, unknown>;
    const schema = formSchema('complaint');
    for (const slot of schemaSlots(schema, data as never)) {
      const max = slot.schema.maxLength;
      if (typeof max !== 'number' || slot.schema.type !== 'string' || slot.schema.pattern || slot.schema.format) continue;
      const keys = slot.pointer.split('/').slice(1);
      let cur = data as Record<string, unknown>;
      for (const k of keys.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
      cur[keys.at(-1)!] = '阻焊层起泡导致虚焊'.repeat(Math.ceil(max / 9)).slice(0, max);
    }
    const id = await newComplaint(data);
    const t0 = Date.now();
    const pdf = await pdfOf(id);
    const ms = Date.now() - t0;
    console.log(`longest complaint: ${pdfPages(pdf)} pages, ${(pdf.length / 1024).toFixed(0)} KiB in ${ms} ms`);
    expect(ms).toBeLessThan(30_000);
    expect(pdfPages(pdf)).toBeGreaterThanOrEqual(5);
  });
});

function nest(depth: number): Record<string, unknown> {
  let s: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < depth; i++) s = { type: 'object', properties: { a: s } };
  return s;
}
