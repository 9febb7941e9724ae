import { describe, expect, it } from 'vitest';
import { FORM_KINDS } from '../../src/domain/vocabulary.js';
import { createFormCatalog, formDefinitions } from '../../src/forms/index.js';
import { workflows } from '../../src/forms/workflows.js';

const catalog = createFormCatalog(workflows);

describe.each(FORM_KINDS)('catalogue: %s', (kind) => {
  it('fills the definition’s states from the workflow, each described in both languages', () => {
    const def = catalog.baseDefinition(kind);
    expect(def.version).toBe(1);
    expect(Object.keys(def.states)).toEqual(Object.keys(workflows[kind].states));
    expect(def.states[workflows[kind].initial]?.description['zh-CN']).toBeTruthy();
    expect(catalog.workflow(kind)).toBe(workflows[kind]);
  });

  it('routes every copy on a state the workflow has', () => {
    const states = Object.keys(catalog.baseDefinition(kind).states);
    for (const copy of formDefinitions[kind].copies) for (const route of copy.routes) expect(states, `copy ${copy.number}`).toContain(route.onState);
  });

  it('hands out copies, so callers cannot change the shipped definition or sample', () => {
    const def = catalog.baseDefinition(kind);
    def.copies.pop();
    (def.schema as Record<string, unknown>).type = 'string';
    const sample = catalog.sample(kind);
    for (const key of Object.keys(sample)) delete sample[key];
    expect(catalog.baseDefinition(kind).copies.length).toBe(formDefinitions[kind].copies.length);
    expect(catalog.validate(catalog.baseDefinition(kind), catalog.sample(kind))).toEqual([]);
  });
});

it('refuses an unknown form kind with a not_found error', () => {
  expect(() => catalog.baseDefinition('invoice' as never)).toThrow(expect.objectContaining({ code: 'AFTERSALES.NOT_FOUND', type: 'not_found' }));
});
