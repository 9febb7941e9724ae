/**
 * Major quality incidents (001 §8): a direct quality loss at or above the threshold must be
 * reported to company leadership.
 */
import { assertSameCurrency, type Money } from '../money.js';
import type { AftersalesSettings } from '../settings.js';
import type { Role } from '../vocabulary.js';

/**
 * True when the loss reaches the threshold (20,000 yuan by default; equal counts).
 *
 * @example
 * isMajorIncident({ amount: 2_000_000, currency: 'CNY' }, { amount: 2_000_000, currency: 'CNY' }); // true
 */
export function isMajorIncident(loss: Money, threshold: Money): boolean {
  assertSameCurrency(threshold.currency, loss.currency, '/loss/currency');
  return loss.amount >= threshold.amount;
}

/**
 * The role a loss must be escalated to (`gm` by default), or undefined when it is not a major incident.
 *
 * @example
 * majorIncidentEscalation({ amount: 2_500_000, currency: 'CNY' }, settings); // 'gm'
 * majorIncidentEscalation({ amount: 1_999_999, currency: 'CNY' }, settings); // undefined
 */
export function majorIncidentEscalation(loss: Money, settings: Pick<AftersalesSettings, 'rules'>): Role | undefined {
  const { escalateTo } = settings.rules.majorIncident;
  const threshold = majorIncidentThreshold(loss.currency, settings);
  // With no threshold in the loss's currency nothing shows a loss to be minor: any loss goes up.
  if (!threshold) return loss.amount > 0 ? escalateTo : undefined;
  return isMajorIncident(loss, threshold) ? escalateTo : undefined;
}

/**
 * The major-incident threshold for losses in `currency`: the company's, or one set for that
 * currency; undefined when none is configured.
 *
 * @example
 * majorIncidentThreshold('CNY', settings); // { amount: 2_000_000, currency: 'CNY' }
 * majorIncidentThreshold('USD', settings); // undefined unless rules.majorIncident.otherCurrencies has one
 */
export function majorIncidentThreshold(currency: string, settings: Pick<AftersalesSettings, 'rules'>): Money | undefined {
  const { threshold, otherCurrencies } = settings.rules.majorIncident;
  if (threshold.currency === currency) return threshold;
  return otherCurrencies.find((m) => m.currency === currency);
}
