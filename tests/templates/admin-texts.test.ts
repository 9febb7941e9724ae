import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/domain/ports.js';
import { renderAdminText } from '../../src/templates/index.js';
import { reachesPrototype } from '../../src/templates/admin-texts.js';
import { createPdfSlipRenderer } from '../../src/templates/index.js';
import { definitionOf, sampleDocument } from './fixtures/slip-fixtures.js';
import { pageTexts } from './pdf-readback.js';

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info: () => undefined, error: (_o, m) => warnings.push(m ?? ''), warn: (_o, m) => warnings.push(m ?? '') };
}

const view = { number: '2611-007', copyCount: 5, data: { customer: { name: '华东机电有限公司' } }, copy: { number: 4, label: '第四联 会计科存' } };

describe('admin-editable slip texts', () => {
  it('fill in the document\'s fields', () => {
    expect(renderAdminText('本单一式{{copyCount}}联，编号 {{number}}，客户 {{data.customer.name}}', view)).toBe('本单一式5联，编号 2611-007，客户 华东机电有限公司');
    expect(renderAdminText('{{#if copy.number}}{{copy.label}}{{/if}}', view)).toBe('第四联 会计科存');
    expect(renderAdminText('<b>{{number}}</b>', view)).toBe('<b>2611-007</b>');
  });

  it.each([
    '{{constructor.constructor "return process"}}',
    '{{__proto__}}',
    '{{#with this}}{{constructor.name}}{{/with}}',
    '{{#with data}}{{__proto__.polluted}}{{/with}}',
    '{{lookup this "constructor"}}',
    '{{#each data}}{{this.constructor.name}}{{/each}}',
    '{{data.customer.valueOf}}',
    '{{#with (lookup data "__proto__")}}x{{/with}}',
    'ok {{__defineGetter__}}',
  ])('render nothing of %s, and say so', (source) => {
    const logger = recordingLogger();
    expect(renderAdminText(source, view, logger)).toBe('');
    expect(logger.warnings.length).toBeGreaterThan(0);
    expect(reachesPrototype(source)).toBe(true);
  });

  it('refuse helpers that are not built in and fields that do not exist', () => {
    const logger = recordingLogger();
    expect(renderAdminText('{{log "x"}}{{helperMissing}}{{exec "ls"}}', view, logger)).toBe('');
    expect(renderAdminText('客户 {{data.customer.nmae}}', view, logger)).toBe('');
    expect(renderAdminText('{{#if}}', view, logger)).toBe('');
    expect(logger.warnings).toHaveLength(3);
  });

  it('leave a refused text off the printed slip and print the rest', async () => {
    const definition = definitionOf('allowance-certificate');
    const hostile = {
      ...definition,
      texts: {
        ...definition.texts,
        notice: { 'zh-CN': '{{#with this}}{{constructor.constructor "return process.env"}}{{/with}}泄露', en: 'x' },
        footer: { 'zh-CN': '本证明单一式{{copyCount}}联 · {{number}}', en: 'x' },
      },
    };
    const document = sampleDocument('allowance-certificate');
    const [text] = pageTexts(await createPdfSlipRenderer({ workers: 0, logger: recordingLogger() }).render([{ document, definition: hostile, copies: [1], locale: 'zh-CN' }]));
    expect(text).toContain(`本证明单一式${definition.copies.length}联 · ${document.number}`);
    expect(text).not.toContain('泄露');
    expect(text).not.toContain('PATH');
  });
});
