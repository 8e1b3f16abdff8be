import { GatewayError } from '../errors';

/**
 * Deposit fees and their split (DESIGN.md §1). Rates are integers in parts per million (1.2 % =
 * 12,000 ppm): exact, never floats.
 *
 * A distributor D under parent P has minFeeRate(D) = minFeeRate(P) + parentFeeRate(D); the platform's
 * minFeeRate is the base. A merchant M under D charges depositFeeRate(M) with
 * minFeeRate(D) ≤ depositFeeRate(M) ≤ maxFeeCap(D). The fee splits by spreads: D earns
 * depositFeeRate(M) − minFeeRate(D); each ancestor distributor earns the parentFeeRate its child
 * distributor pays it; the platform earns its base plus the top distributor's parentFeeRate.
 */
export const PPM = 1_000_000n;

export interface FeeChainLink {
  readonly partnerId: string;
  readonly type: 'PLATFORM' | 'DISTRIBUTOR';
  /** PLATFORM: its base minFeeRate. DISTRIBUTOR: the rate it pays its parent. */
  readonly rate: bigint;
  readonly maxFeeCap?: bigint;
}

export interface FeeShare {
  readonly partnerId: string;
  readonly role: 'PLATFORM' | 'DISTRIBUTOR';
  readonly amount: bigint;
}

export interface DepositFee {
  readonly fee: bigint;
  readonly net: bigint;
  readonly shares: readonly FeeShare[];
}

/** minFeeRate of the last link of a chain that starts at the platform. */
export function minFeeRate(chain: readonly FeeChainLink[]): bigint {
  return chain.reduce((sum, link) => sum + link.rate, 0n);
}

export function assertMerchantRate(chain: readonly FeeChainLink[], depositFeeRate: bigint): void {
  const floor = minFeeRate(chain);
  const cap = chain.at(-1)?.maxFeeCap;
  if (depositFeeRate < floor) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      `Deposit fee rate ${depositFeeRate} ppm is below the floor ${floor} ppm`,
    );
  }
  if (cap !== undefined && depositFeeRate > cap) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      `Deposit fee rate ${depositFeeRate} ppm is above the cap ${cap} ppm`,
    );
  }
}

/**
 * Who a deposit is made to, for its fee. Any partner type can receive deposits (README "Deposit fees by
 * partner type"):
 *
 * - MERCHANT: pays its `depositFeeRate` (its distributor's floor when unset) over its ancestors — the
 *   rule above.
 * - DISTRIBUTOR D: pays its own floor `minFeeRate(D)`, as a merchant of its own would at the lowest rate
 *   D may offer. Every ancestor earns exactly what it earns on any deposit below D (its parent the
 *   `parentFeeRate(D)`, and so on up); D earns nothing from itself. Taking deposits on its own address
 *   never lets a distributor skip what it owes above it, nor charge itself more.
 * - PLATFORM: no fee. The platform is the top of every chain; a fee would be the platform paying
 *   itself. The whole amount is credited to the platform partner's own available balance (its funds,
 *   not revenue: revenue is what others pay).
 */
export type FeeReceiver =
  | { readonly type: 'PLATFORM'; readonly partnerId: string }
  | {
      readonly type: 'DISTRIBUTOR';
      readonly partnerId: string;
      readonly parentFeeRate: bigint;
      readonly maxFeeCap?: bigint;
    }
  | { readonly type: 'MERCHANT'; readonly partnerId: string; readonly depositFeeRate?: bigint };

export interface DepositFeeTerms {
  /** The chain `splitDepositFee` splits over: the platform first. */
  readonly chain: readonly FeeChainLink[];
  readonly depositFeeRate: bigint;
}

/** The fee terms of a deposit at `receiver`, whose ancestors are `ancestors` (platform first; none for the platform). */
export function depositFeeTerms(receiver: FeeReceiver, ancestors: readonly FeeChainLink[]): DepositFeeTerms {
  if (receiver.type === 'PLATFORM') {
    if (ancestors.length > 0)
      throw new GatewayError('VALIDATION_FAILED', 'The platform has no parent partners');
    return { chain: [{ partnerId: receiver.partnerId, type: 'PLATFORM', rate: 0n }], depositFeeRate: 0n };
  }
  if (receiver.type === 'DISTRIBUTOR') {
    const self: FeeChainLink = {
      partnerId: receiver.partnerId,
      type: 'DISTRIBUTOR',
      rate: receiver.parentFeeRate,
      ...(receiver.maxFeeCap !== undefined ? { maxFeeCap: receiver.maxFeeCap } : {}),
    };
    const chain = [...ancestors, self];
    return { chain, depositFeeRate: minFeeRate(chain) };
  }
  // A merchant without a configured rate pays the floor: never less than what the chain above needs.
  return { chain: ancestors, depositFeeRate: receiver.depositFeeRate ?? minFeeRate(ancestors) };
}

/**
 * The fee of a deposit of `amount` at a merchant whose ancestors are `chain` (platform first, the
 * merchant's own distributor last), and who gets what. Each share is rounded down; the platform takes
 * the rounding remainder so the shares always add up to the fee exactly.
 *
 * A rate below the chain's floor cannot be set (assertMerchantRate), but one can be left behind by a
 * data fault. The merchant is then still charged its agreed rate and nobody gets a negative share: the
 * platform's base and the top distributor's parent fee are paid first, then each distributor top-down
 * as far as the fee goes — the distributors nearest the merchant, who agreed its rate, absorb the
 * shortfall. At or above the floor this is exactly the spread rule.
 */
export function splitDepositFee(
  amount: bigint,
  depositFeeRate: bigint,
  chain: readonly FeeChainLink[],
): DepositFee {
  if (amount < 0n) throw new RangeError('amount must not be negative');
  // A rate above 100 % would credit a negative net; a negative one would pay the partner a fee.
  if (depositFeeRate < 0n || depositFeeRate > PPM)
    throw new RangeError(`deposit fee rate ${depositFeeRate} ppm is outside 0…${PPM}`);
  if (chain.some((link) => link.rate < 0n)) throw new RangeError('fee chain rates must not be negative');
  const [platform, ...distributors] = chain;
  if (!platform || platform.type !== 'PLATFORM')
    throw new GatewayError('VALIDATION_FAILED', 'A fee chain starts at the platform');
  const fee = (amount * depositFeeRate) / PPM;
  const top = distributors[0];
  const platformDue = top ? (amount * (platform.rate + top.rate)) / PPM : fee;
  // floor(x) + floor(y) ≤ floor(x + y): at or above the floor the budget always covers every spread.
  let budget = fee - (platformDue < fee ? platformDue : fee);
  const shares: FeeShare[] = [];
  let assigned = 0n;
  // Each distributor except the top one is paid by its child: ancestors earn their child's parentFeeRate.
  distributors.forEach((d, i) => {
    const child = distributors[i + 1];
    const spread = child ? child.rate : depositFeeRate - minFeeRate(chain);
    const due = spread > 0n ? (amount * spread) / PPM : 0n;
    const share = due < budget ? due : budget;
    budget -= share;
    if (share > 0n) shares.push({ partnerId: d.partnerId, role: 'DISTRIBUTOR', amount: share });
    assigned += share;
  });
  shares.unshift({ partnerId: platform.partnerId, role: 'PLATFORM', amount: fee - assigned });
  return { fee, net: amount - fee, shares: shares.filter((s) => s.amount > 0n) };
}

/** Parses a percentage such as "1.2" or "0.35" into ppm, exactly (at most 4 decimal places). */
export function percentToPpm(text: string): bigint {
  const m = /^(0|[1-9]\d?)(?:\.(\d{1,4}))?$/.exec(text);
  if (!m) throw new GatewayError('VALIDATION_FAILED', `Not a percentage with at most 4 decimals: ${text}`);
  const whole = BigInt(m[1] as string);
  const fraction = BigInt((m[2] ?? '').padEnd(4, '0'));
  const ppm = whole * 10_000n + fraction;
  if (ppm > 1_000_000n) throw new GatewayError('VALIDATION_FAILED', 'A rate cannot exceed 100 %');
  return ppm;
}
