/**
 * The OData gateway's configuration, validated with zod so a typo fails at start-up with the
 * failing setting named, not at the first delivery.
 */
import { z } from 'zod';
import { AftersalesError, type FieldError } from '../../domain/errors.js';

/**
 * Authentication to the host.
 *
 * @example
 * hostAuthSchema.parse({ kind: 'basic', user: 'COMM_USER', password: 'secret' });
 */
export const hostAuthSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('basic'), user: z.string().min(1), password: z.string() }),
    z.object({ kind: z.literal('bearer'), token: z.string().min(1) }),
    z.object({ kind: z.literal('none') }),
  ])
  .default({ kind: 'none' });

const httpUrl = z.url({ protocol: /^https?$/ });

/**
 * `{ kind: 'odata', version: 2 | 4, serviceRoot | services, auth, timeoutMs, mapping }`.
 *
 * @example
 * odataConfigSchema.parse({ kind: 'odata', version: 2, serviceRoot: 'http://127.0.0.1:4004/sap/opu/odata/sap' });
 */
export const odataConfigSchema = z
  .object({
    kind: z.literal('odata'),
    version: z.union([z.literal(2), z.literal(4)]),
    /** Base URL; each mapped service is `serviceRoot/<service>/`. */
    serviceRoot: httpUrl.optional(),
    /** Full URL per mapped service name, for hosts whose services live apart. */
    services: z.record(z.string(), httpUrl).optional(),
    auth: hostAuthSchema,
    timeoutMs: z.number().int().positive().max(300_000).default(15_000),
    /** The CSRF handshake before writes; on by default for V2 (SAP Gateway). */
    csrf: z.boolean().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    /** Overrides merged onto the default mapping of the version. */
    mapping: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
    /** The host's name in messages. */
    hostName: z.string().optional(),
  })
  .refine((c) => c.serviceRoot !== undefined || (c.services && Object.keys(c.services).length > 0), {
    message: 'serviceRoot or services is required',
    path: ['serviceRoot'],
  });

/**
 * A validated OData configuration.
 *
 * @example
 * const c: ODataConfig = parseErpConfig(odataConfigSchema, raw);
 */
export type ODataConfig = z.infer<typeof odataConfigSchema>;

/**
 * Validates an ERP configuration and turns zod's issues into our coded error with a pointer per
 * failing setting.
 *
 * @example
 * const cfg = parseErpConfig(odataConfigSchema, { kind: 'odata', version: 3 }); // throws AFTERSALES.ERP_CONFIG_INVALID at /version
 * parseErpConfig(odataMappingSchema, mapping, '/mapping');                   // pointers under /mapping
 */
export function parseErpConfig<S extends z.ZodType>(schema: S, raw: unknown, pointerPrefix = ''): z.infer<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const errors: FieldError[] = r.error.issues.map((i) => {
    const pointer = pointerPrefix + '/' + i.path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
    const keys = i.code === 'unrecognized_keys' ? `（${i.keys.join(', ')}）` : '';
    return { pointer, code: i.code, message: { 'zh-CN': `ERP 配置项 ${pointer} 无效：${i.message}${keys}`, en: `ERP setting ${pointer}: ${i.message}` } };
  });
  return throwConfig(errors);
}

function throwConfig(errors: FieldError[]): never {
  throw new AftersalesError({
    code: 'AFTERSALES.ERP_CONFIG_INVALID',
    type: 'invalid_data',
    message: {
      'zh-CN': 'ERP 连接配置无效：' + errors.map((e) => e.message['zh-CN']).join('；'),
      en: 'The ERP connection settings are not valid: ' + errors.map((e) => e.message.en).join('; '),
    },
    pointer: errors[0]?.pointer,
    errors,
  });
}

/**
 * The coded configuration error for one setting, for checks zod cannot express.
 *
 * @example
 * throw erpConfigError('/mapping/customer/entitySet', 'required');
 */
export function erpConfigError(pointer: string, problem: string): AftersalesError {
  try {
    throwConfig([{ pointer, code: 'invalid', message: { 'zh-CN': `ERP 配置项 ${pointer} 无效：${problem}`, en: `ERP setting ${pointer}: ${problem}` } }]);
  } catch (e) {
    return e as AftersalesError;
  }
}
