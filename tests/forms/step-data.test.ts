/**
 * A step's data is checked field by field before the merge: a value of the wrong type is refused
 * even where the step's own effect would overwrite it, and a partial step is not "missing" fields.
 */
import { describe, expect, it } from 'vitest';
import { formDefinitions } from '../../src/forms/definitions.js';
import { StepDataValidator, withoutRemovals, withoutRequired } from '../../src/forms/validation/step-data.js';

const steps = new StepDataValidator();
const complaint = formDefinitions.complaint;

describe('StepDataValidator', () => {
  it('accepts a partial step: only the fields it changes', () => {
    expect(steps.validate(complaint, { qa: { cause: 'rejects-mixed-in' } })).toEqual([]);
    expect(steps.validate(complaint, { registration: { trackingLogEntry: 'T-2026-118' } })).toEqual([]);
  });

  for (const value of ['x', true, [], [1, 2], 5, 1.5, '']) {
    it(`refuses ${JSON.stringify(value)} where the registration object belongs`, () => {
      expect(steps.validate(complaint, { registration: value })).toEqual([expect.objectContaining({ pointer: '/registration', code: 'type' })]);
    });
  }

  it('refuses a wrong type deeper down and names it, in both languages', () => {
    const [error] = steps.validate(complaint, { registration: { acceptedAt: 5 } });
    expect(error).toMatchObject({ pointer: '/registration/acceptedAt', code: 'type' });
    expect(error!.message['zh-CN']).toBeTruthy();
    expect(error!.message.en).toBeTruthy();
  });

  it('refuses negative money and unknown fields in a step', () => {
    expect(steps.validate(formDefinitions['penalty-notice'], { loss: { amount: -1, currency: 'CNY' } }).map((e) => e.pointer)).toEqual(['/loss/amount']);
    expect(steps.validate(complaint, { registration: { stamp: 'x' } }).map((e) => e.pointer)).toEqual(['/registration/stamp']);
  });

  it('lets null through: the merge removes the field', () => {
    expect(steps.validate(complaint, { registration: { trackingLogEntry: null } })).toEqual([]);
  });
});

describe('withoutRequired and withoutRemovals', () => {
  it('drops required everywhere but keeps a field that is called "required"', () => {
    const schema = { type: 'object', required: ['required'], properties: { required: { type: 'object', required: ['a'], properties: { a: { type: 'string' } } } } };
    expect(withoutRequired(schema)).toEqual({ type: 'object', properties: { required: { type: 'object', properties: { a: { type: 'string' } } } } });
  });

  it('leaves branches that choose by presence alone', () => {
    const branch = { oneOf: [{ required: ['a'] }, { required: ['b'] }] };
    expect(withoutRequired(branch)).toEqual(branch);
  });

  it('removes null properties but not null array items', () => {
    expect(withoutRemovals({ a: null, b: { c: null, d: 1 }, e: [null, 1] })).toEqual({ b: { d: 1 }, e: [null, 1] });
  });
});
