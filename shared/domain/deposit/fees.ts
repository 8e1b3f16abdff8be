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
    throw new GatewayError('VALIDATION_FAILED', `Deposit fee rate ${depositFeeRate} ppm is below the floor ${floor} ppm`);
  }
  if (cap !== undefined && depositFeeRate > cap) {
    throw new GatewayError('VALIDATION_FAILED', `Deposit fee rate ${depositFeeRate} ppm is above the cap ${cap} ppm`);
  }
}

/**
 * The fee of a deposit of `amount` at a merchant whose ancestors are `chain` (platform first, the
 * merchant's own distributor last), and who gets what. Each share is rounded down; the platform takes
 * the rounding remainder so the shares always add up to the fee exactly.
 */
export function splitDepositFee(amount: bigint, depositFeeRate: bigint, chain: readonly FeeChainLink[]): DepositFee {
  if (amount < 0n) throw new RangeError('amount must not be negative');
  const [platform, ...distributors] = chain;
  if (!platform || platform.type !== 'PLATFORM') throw new GatewayError('VALIDATION_FAILED', 'A fee chain starts at the platform');
  const fee = (amount * depositFeeRate) / PPM;
  const shares: FeeShare[] = [];
  let assigned = 0n;
  // Each distributor except the top one is paid by its child: ancestors earn their child's parentFeeRate.
  distributors.forEach((d, i) => {
    const child = distributors[i + 1];
    const spread = child ? child.rate : depositFeeRate - minFeeRate(chain);
    const share = (amount * spread) / PPM;
    if (share > 0n) shares.push({ partnerId: d.partnerId, role: 'DISTRIBUTOR', amount: share });
    assigned += share;
  });
  if (fee - assigned < 0n) throw new GatewayError('VALIDATION_FAILED', 'Fee rates leave the platform a negative share');
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
