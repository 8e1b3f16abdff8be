import { formatAmount, parseAmount } from '../ledger/amount';

/**
 * Gas arithmetic of the sweeper, exact in the native coin's smallest unit (wei). Transactions are
 * legacy-priced (`gasPrice`), which BSC and Polygon both accept: the most a transaction can cost is
 * exactly `gasLimit × gasPrice`, so a top-up covering that can never fall short, and what is left on
 * the address afterwards is exactly `(gasLimit − gasUsed) × gasPrice`.
 */

/** `value` raised by `percent` %, rounded up. */
export function withMargin(value: bigint, percent: number): bigint {
  if (!Number.isInteger(percent) || percent < 0)
    throw new RangeError(`margin must be a whole, non-negative percent, got ${percent}`);
  const scaled = value * BigInt(100 + percent);
  return (scaled + 99n) / 100n;
}

export interface GasBudget {
  readonly gasLimit: bigint;
  readonly gasPrice: bigint;
  /** The most the transaction can cost: gasLimit × gasPrice. */
  readonly maxCost: bigint;
}

/**
 * The budget of a HOT address's one-time approve, and so the top-up it needs: the gas estimate and the
 * current gas price each raised by the safety margin (a price rise between top-up and approve, an
 * estimate that moves with state).
 */
export function approveBudget(input: {
  readonly gasEstimate: bigint;
  readonly gasPrice: bigint;
  readonly marginPercent: number;
}): GasBudget {
  if (input.gasEstimate <= 0n || input.gasPrice <= 0n)
    throw new RangeError('gas estimate and price must be positive');
  const gasLimit = withMargin(input.gasEstimate, input.marginPercent);
  const gasPrice = withMargin(input.gasPrice, input.marginPercent);
  return { gasLimit, gasPrice, maxCost: gasLimit * gasPrice };
}

/** A relayer transaction's budget: the estimate with the margin as gas limit, the current price as is. */
export function relayerBudget(input: {
  readonly gasEstimate: bigint;
  readonly gasPrice: bigint;
  readonly marginPercent: number;
}): GasBudget {
  if (input.gasEstimate <= 0n || input.gasPrice <= 0n)
    throw new RangeError('gas estimate and price must be positive');
  const gasLimit = withMargin(input.gasEstimate, input.marginPercent);
  return { gasLimit, gasPrice: input.gasPrice, maxCost: gasLimit * input.gasPrice };
}

/** Nodes accept a replacement (same nonce) only when its price is at least 10 % higher; we take 12.5 %. */
export const REPLACEMENT_BUMP_PERMILLE = 1_125n;

/** Gas price of a replacement: the current price, but at least 12.5 % above the previous attempt. */
export function replacementGasPrice(previous: bigint, current: bigint): bigint {
  const bumped = (previous * REPLACEMENT_BUMP_PERMILLE + 999n) / 1_000n;
  return current > bumped ? current : bumped;
}

/** Native coin a mined transaction cost. */
export function gasCost(gasUsed: bigint, effectiveGasPrice: bigint): bigint {
  return gasUsed * effectiveGasPrice;
}

const PRICE_DECIMALS = 8;
const USD_DECIMALS = 6;

/**
 * USD value of a native amount at a configured coin price (a decimal string, up to 8 places), rounded
 * half up to 6 places; null when no price is configured.
 */
export function usdValue(
  nativeAmount: bigint,
  nativeDecimals: number,
  priceUsd: string | undefined,
): string | null {
  if (priceUsd === undefined) return null;
  const price = parseAmount(priceUsd, PRICE_DECIMALS, { field: 'priceUsd', allowZero: true });
  // nativeAmount × price has nativeDecimals + 8 decimals; bring it to 6, rounding half up.
  const exact = nativeAmount * price;
  const divisor = 10n ** BigInt(nativeDecimals + PRICE_DECIMALS - USD_DECIMALS);
  const rounded = (exact + divisor / 2n) / divisor;
  return formatAmount(rounded, USD_DECIMALS);
}

/** Whether a transaction signed at `signedAt` has waited longer than `stuckAfterMs` without a receipt. */
export function isStuck(signedAt: string, now: Date, stuckAfterMs: number): boolean {
  return now.getTime() - Date.parse(signedAt) >= stuckAfterMs;
}

/** The gas tank needs refilling. */
export function isGasTankLow(balance: bigint, minimum: bigint): boolean {
  return balance < minimum;
}
