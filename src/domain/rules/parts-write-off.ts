/**
 * Writing off damaged or unsaleable parts (003 配件报损管理办法): the company and three managers
 * share the loss, unless a person damaged the part, who then bears all of it.
 */
import { allocate, money, type Money } from '../money.js';
import type { AftersalesSettings } from '../settings.js';

/**
 * Who bears part of a parts write-off.
 *
 * @example
 * const bearer: WriteOffBearer = 'parts-manager';
 */
export type WriteOffBearer = 'company' | 'service-manager' | 'parts-manager' | 'warehouse-keeper' | 'person-at-fault';

/**
 * The outcome of a write-off request.
 *
 * @example
 * const r: PartsWriteOff = { writtenOff: true, shares: [{ bearer: 'company', amount: { amount: 7_000, currency: 'CNY' } }] };
 */
export interface PartsWriteOff {
  /** False when the damage was a person's fault: nothing is written off. */
  writtenOff: boolean;
  shares: { bearer: WriteOffBearer; amount: Money }[];
}

/**
 * Splits a parts write-off: by default 70 % company, 10 % each service manager, parts manager and
 * warehouse keeper, adding up to the amount to the fen. Damage by human fault (misuse by a
 * mechanic, poor storage) is not written off: the full amount is charged to the person at fault.
 *
 * @example
 * partsWriteOff({ amount: { amount: 12_345, currency: 'CNY' }, humanFault: false, settings });
 * // company 8,642, service manager 1,235, parts manager 1,234, warehouse keeper 1,234 (fen)
 */
export function partsWriteOff(input: { amount: Money; humanFault: boolean; settings: Pick<AftersalesSettings, 'rules'> }): PartsWriteOff {
  const { amount, humanFault } = input;
  money(amount.amount, amount.currency, '/amount');
  if (humanFault) return { writtenOff: false, shares: [{ bearer: 'person-at-fault', amount: { ...amount } }] };
  const p = input.settings.rules.partsWriteOffPercent;
  const bearers: [WriteOffBearer, number][] = [
    ['company', p.company],
    ['service-manager', p.serviceManager],
    ['parts-manager', p.partsManager],
    ['warehouse-keeper', p.warehouseKeeper],
  ];
  const parts = allocate(amount.amount, bearers.map(([, percent]) => percent));
  return { writtenOff: true, shares: bearers.map(([bearer], i) => ({ bearer, amount: { amount: parts[i]!, currency: amount.currency } })) };
}
