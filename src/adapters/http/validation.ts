/**
 * Route validation with ajv for JSON Schema draft 2020-12 (the forms' draft): every error at once
 * for bodies, type coercion only for query strings, params and headers (which arrive as text).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/**
 * A fastify validator compiler that knows the shared schemas.
 *
 * @example
 * app.setValidatorCompiler(createValidatorCompiler([moneySchema]));
 */
export function createValidatorCompiler(shared: readonly object[]): FastifySchemaCompiler<unknown> {
  const make = (coerce: boolean): Ajv2020 => {
    const ajv = new Ajv2020({ allErrors: true, strict: false, coerceTypes: coerce, useDefaults: coerce, removeAdditional: false });
    addFormats(ajv);
    for (const s of shared) ajv.addSchema(s);
    return ajv;
  };
  const body = make(false);
  const text = make(true);
  return ({ schema, httpPart }) => (httpPart === 'body' ? body : text).compile(schema as object);
}
