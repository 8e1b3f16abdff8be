import type { FeeRates } from '../api/types';
import { fromUnits } from './money';

/**
 * The fee rules of seed 000 §7.3 as the register and edit forms show them while typing (the server
 * checks them again and has the last word). Rates travel as percent strings ("1.2" = 1.2 %) and are
 * compared as exact ppm bigints, never as floats.
 *
 * Under a caller C: a merchant's depositFeeRate lies in [minFeeRate(C), maxFeeCap(C)]; a sub-distributor
 * D pays parentFeeRate(D) to C, so minFeeRate(D) = minFeeRate(C) + parentFeeRate(D), and its maxFeeCap
 * must leave room for its merchants (≥ minFeeRate(D)).
 */

/**
 * ppm, or undefined when the text is not a percentage the server reads: at most 4 decimals, below 100
 * (the same grammar as `percentToPpm` in shared/domain/deposit/fees.ts; the console may not import it).
 */
export function parseRate(text: string | undefined): bigint | undefined {
  const m = /^(0|[1-9]\d?)(?:\.(\d{1,4}))?$/.exec(text?.trim() ?? '');
  if (!m) return undefined;
  return BigInt(m[1] as string) * 10_000n + BigInt((m[2] ?? '').padEnd(4, '0'));
}

/** ppm as a percent string ("12000" ppm → "1.2"). */
export function ppmToPercent(ppm: bigint): string {
  return fromUnits(ppm, 4);
}

/** A rate for display: "1.2 %", or a dash when the partner has none. */
export function formatRate(rate: string | undefined | null): string {
  return rate === undefined || rate === null || rate === '' ? '—' : `${rate} %`;
}

/** One problem with a typed rate: the form field, a message key under `subPartners.fee`, its values. */
export interface FeeIssue {
  readonly field: 'depositFeeRate' | 'parentFeeRate' | 'maxFeeCap';
  readonly key: 'invalid' | 'belowFloor' | 'aboveCap' | 'capBelowFloor';
  readonly params: Readonly<Record<string, string>>;
}

/** What the caller's own rates allow its direct children: the merchant floor and cap (undefined: none). */
export function childLimits(own: FeeRates): { floor: bigint; cap: bigint | undefined } {
  return { floor: parseRate(own.minFeeRate) ?? 0n, cap: parseRate(own.maxFeeCap) };
}

/** A merchant's depositFeeRate under the caller: within [floor, cap]. */
export function merchantFeeIssues(depositFeeRate: string, own: FeeRates): FeeIssue[] {
  const rate = parseRate(depositFeeRate);
  if (rate === undefined) return [{ field: 'depositFeeRate', key: 'invalid', params: {} }];
  const { floor, cap } = childLimits(own);
  if (rate < floor)
    return [{ field: 'depositFeeRate', key: 'belowFloor', params: { floor: ppmToPercent(floor) } }];
  if (cap !== undefined && rate > cap)
    return [{ field: 'depositFeeRate', key: 'aboveCap', params: { cap: ppmToPercent(cap) } }];
  return [];
}

/** The minFeeRate a sub-distributor with this parentFeeRate gets under the caller (undefined when unreadable). */
export function distributorFloor(parentFeeRate: string, own: FeeRates): bigint | undefined {
  const rate = parseRate(parentFeeRate);
  return rate === undefined ? undefined : childLimits(own).floor + rate;
}

/** A sub-distributor's parentFeeRate and maxFeeCap: readable, and a cap its merchants can fit under. */
export function distributorFeeIssues(parentFeeRate: string, maxFeeCap: string, own: FeeRates): FeeIssue[] {
  const issues: FeeIssue[] = [];
  const floor = distributorFloor(parentFeeRate, own);
  const cap = parseRate(maxFeeCap);
  if (floor === undefined) issues.push({ field: 'parentFeeRate', key: 'invalid', params: {} });
  if (cap === undefined) issues.push({ field: 'maxFeeCap', key: 'invalid', params: {} });
  if (floor !== undefined && cap !== undefined && cap < floor)
    issues.push({ field: 'maxFeeCap', key: 'capBelowFloor', params: { floor: ppmToPercent(floor) } });
  return issues;
}
