/**
 * Native leftovers on deposit addresses (ADR 0024): what remains of the gas tank's top-ups (EVM: after
 * the one-time approve; TRON: after activation and burn top-ups) is returned to the gas tank when that
 * is worth the transfer's own cost. Pure and exact, in the native coin's smallest unit.
 *
 * The rule: with `cost` the exact fee of the return transfer, return `available − cost` when
 *   - it is at least `minimum` (a configured floor per network: below it the gain is noise), and
 *   - the cost is at most `maxCostPercent` % of what comes back (default 10 %: a return that burns more
 *     than a tenth of what it recovers is not worth the chain traffic, the signature and the record).
 * The returned amount is `available − cost` exactly, so the address keeps nothing it could not use and
 * never goes below zero: EVM, a plain transfer costs exactly 21,000 × the gas price it is signed with;
 * TRON, the transfer's bandwidth (free, staked, or burned at the bandwidth price).
 */
export interface LeftoverPolicy {
  /** Smallest amount worth returning, native smallest units. */
  readonly minimum: bigint;
  /** The most the return may cost, in whole percent of the amount returned. */
  readonly maxCostPercent: number;
}

export type LeftoverDecision =
  | { readonly worth: true; readonly amount: bigint; readonly cost: bigint }
  | {
      readonly worth: false;
      readonly reason: 'NOTHING_LEFT' | 'BELOW_MINIMUM' | 'COST_TOO_HIGH';
      readonly cost: bigint;
    };

/** Whether returning `available` (what the address holds and the ledger books there) is worth `cost`. */
export function decideLeftover(available: bigint, cost: bigint, policy: LeftoverPolicy): LeftoverDecision {
  if (cost < 0n) throw new RangeError('cost must not be negative');
  if (policy.minimum < 0n) throw new RangeError('minimum must not be negative');
  if (!Number.isInteger(policy.maxCostPercent) || policy.maxCostPercent < 0)
    throw new RangeError(
      `maxCostPercent must be a whole, non-negative percent, got ${policy.maxCostPercent}`,
    );
  const amount = available - cost;
  if (amount <= 0n) return { worth: false, reason: 'NOTHING_LEFT', cost };
  if (amount < policy.minimum) return { worth: false, reason: 'BELOW_MINIMUM', cost };
  if (cost * 100n > amount * BigInt(policy.maxCostPercent))
    return { worth: false, reason: 'COST_TOO_HIGH', cost };
  return { worth: true, amount, cost };
}

/** Gas of a plain native transfer to an externally owned account (the gas tank), on every EVM chain. */
export const NATIVE_TRANSFER_GAS = 21_000n;

/** EVM: a legacy-priced native transfer costs exactly 21,000 × its gas price. */
export function evmReturnCost(gasPrice: bigint): bigint {
  if (gasPrice <= 0n) throw new RangeError('gas price must be positive');
  return NATIVE_TRANSFER_GAS * gasPrice;
}
