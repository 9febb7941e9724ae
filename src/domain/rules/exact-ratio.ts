/**
 * Exact arithmetic with ratios such as 0.05 or 1.5 base points: a number is read as the decimal
 * it prints as (0.05 is 5/100, not 0.05000000000000000277) and products are taken in BigInt.
 */

/**
 * A non-negative fraction `num / den` with `den > 0`.
 *
 * @example
 * const fivePercent: Ratio = { num: 5n, den: 100n };
 */
export interface Ratio {
  num: bigint;
  den: bigint;
}

/**
 * The exact decimal value of a finite non-negative number as a fraction.
 *
 * @example
 * ratioOf(0.05);   // { num: 5n, den: 100n }
 * ratioOf(1.5e-7); // { num: 15n, den: 100000000n }
 */
export function ratioOf(x: number): Ratio {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`ratio must be a finite non-negative number, got ${x}`);
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(x));
  if (!m) throw new RangeError(`cannot read ${x} as a decimal`);
  const digits = (m[1] ?? '') + (m[2] ?? '');
  const exponent = Number(m[3] ?? 0) - (m[2]?.length ?? 0);
  return exponent >= 0 ? { num: BigInt(digits) * 10n ** BigInt(exponent), den: 1n } : { num: BigInt(digits), den: 10n ** BigInt(-exponent) };
}

/**
 * `floor(amount × ratio)` exactly, for a non-negative integer amount.
 *
 * @example
 * floorTimes(120_000, ratioOf(0.5)); // 60_000
 * floorTimes(100, ratioOf(1.05));    // 105 (floating point says 105.00000000000001)
 */
export function floorTimes(amount: number, ratio: Ratio): number {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError('amount must be a non-negative safe integer');
  return Number((BigInt(amount) * ratio.num) / ratio.den);
}

/**
 * `amount × num ÷ den` rounded half up to an integer, exactly; every argument an integer or a
 * fraction, `amount` non-negative.
 *
 * @example
 * roundHalfUpTimes(100_000, ratioOf(3), ratioOf(7)); // 42_857 (42,857.14…)
 */
export function roundHalfUpTimes(amount: number, times: Ratio, dividedBy: Ratio): number {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError('amount must be a non-negative safe integer');
  if (dividedBy.num === 0n) throw new RangeError('division by zero');
  const num = BigInt(amount) * times.num * dividedBy.den;
  const den = times.den * dividedBy.num;
  return Number((2n * num + den) / (2n * den));
}

/**
 * True when two fractions are equal.
 *
 * @example
 * sameRatio(ratioOf(0.1 + 0.2), ratioOf(0.3)); // false — 0.30000000000000004 is not 0.3
 */
export function sameRatio(a: Ratio, b: Ratio): boolean {
  return a.num * b.den === b.num * a.den;
}

/**
 * The sum of fractions.
 *
 * @example
 * sumRatios([ratioOf(33.4), ratioOf(33.3), ratioOf(33.3)]); // 100
 */
export function sumRatios(parts: Ratio[]): Ratio {
  return parts.reduce((acc, r) => ({ num: acc.num * r.den + r.num * acc.den, den: acc.den * r.den }), { num: 0n, den: 1n });
}
