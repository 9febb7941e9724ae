/**
 * Runs integrators' rule hooks: by `order`, then registration order, awaiting each, merging
 * what they return, letting an AftersalesError veto.
 */
import { AftersalesError, isAftersalesError } from '../errors.js';
import { mergeData } from '../workflow/data-merge.js';
import type { FormKind } from '../vocabulary.js';
import type { AnyHookRegistration, HookName, HookPayloads, HookRegistration } from './types.js';

/**
 * The hooks of an engine.
 *
 * @example
 * const hooks = createHookRegistry([{ name: 'prefill', hook: 'before-create', handler: () => ({ data: { receivedVia: 'hotline' } }) }]);
 * await hooks.run('before-create', 'complaint', payload, payload.data);
 */
export interface HookRegistry {
  register(registration: AnyHookRegistration | HookRegistration): void;
  /** The hooks of a point that apply to a form kind, in the order they run. */
  list(hook: HookName, kind?: FormKind): HookRegistration[];
  /**
   * Runs the hooks of a point; returned `data` is deep-merged into `target` before the next hook
   * runs. A thrown AftersalesError vetoes; any other throw becomes `AFTERSALES.HOOK_FAILED`.
   */
  run<K extends HookName>(hook: K, kind: FormKind, payload: HookPayloads[K], target?: Record<string, unknown>): Promise<void>;
}

const DEFAULT_ORDER = 100;

/**
 * Wraps a hook's unexpected failure so the caller sees which hook broke.
 *
 * @example
 * throw hookFailed('credit-hold', new Error('timeout'));
 */
export function hookFailed(name: string, cause: unknown): AftersalesError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new AftersalesError({
    code: 'AFTERSALES.HOOK_FAILED',
    type: 'unavailable',
    message: { 'zh-CN': `规则钩子“${name}”执行失败：${why}`, en: `Rule hook "${name}" failed: ${why}` },
    details: { hook: name },
    cause,
  });
}

/**
 * Builds a registry from registrations.
 *
 * @example
 * const hooks = createHookRegistry(options.hooks ?? []);
 */
export function createHookRegistry(registrations: readonly AnyHookRegistration[] = []): HookRegistry {
  const all: { reg: HookRegistration; index: number }[] = [];

  const registry: HookRegistry = {
    register(reg) {
      if (typeof reg.handler !== 'function' || !reg.name) {
        throw new AftersalesError({
          code: 'AFTERSALES.HOOK_INVALID',
          type: 'invalid_data',
          message: { 'zh-CN': `规则钩子“${reg.name ?? ''}”缺少名称或处理函数`, en: `Rule hook "${reg.name ?? ''}" needs a name and a handler` },
        });
      }
      all.push({ reg: reg as HookRegistration, index: all.length });
    },
    list(hook, kind) {
      return all
        .filter(({ reg }) => reg.hook === hook && (!kind || !reg.kinds || reg.kinds.includes(kind)))
        .sort((a, b) => (a.reg.order ?? DEFAULT_ORDER) - (b.reg.order ?? DEFAULT_ORDER) || a.index - b.index)
        .map(({ reg }) => reg);
    },
    async run(hook, kind, payload, target) {
      for (const reg of registry.list(hook, kind)) {
        let result;
        try {
          result = await (reg.handler as (p: typeof payload) => unknown)(payload);
        } catch (e) {
          if (isAftersalesError(e)) throw e;
          throw hookFailed(reg.name, e);
        }
        const data = (result as { data?: unknown } | undefined)?.data;
        if (target && data && typeof data === 'object') mergeData(target, data as Record<string, unknown>);
      }
    },
  };
  for (const r of registrations) registry.register(r);
  return registry;
}
