import { GatewayError, ValidationError } from '../errors';
import { formatAmount, rescale } from '../ledger/amount';
import { checkAddress } from '../chains/addresses';
import { NETWORK_FAMILY } from '../chains/networks';
import type { NetworkCode } from '../chains/networks';

/**
 * The partner's withdrawal rules (console guide §5, §9): where money may go (whitelisted addresses
 * only, or any valid address) and when a person must approve (never, or above a USDT threshold).
 */
export type AddressMode = 'WHITELIST_ONLY' | 'MANUAL_ADDRESS';
export type ApprovalMode = 'AUTO' | 'CONDITIONAL';

export interface WithdrawalSettings {
  readonly addressMode: AddressMode;
  readonly approval: {
    readonly mode: ApprovalMode;
    /** USDT, 6 decimals (stablecoins count 1:1 until FX lands). */
    readonly thresholdUsdt: bigint;
  };
  readonly updatedAt?: string;
  readonly updatedBy?: string;
}

/** Safe defaults for a new partner: whitelist only, and a person approves anything above 1,000 USDT. */
export const DEFAULT_WITHDRAWAL_SETTINGS: WithdrawalSettings = {
  addressMode: 'WHITELIST_ONLY',
  approval: { mode: 'CONDITIONAL', thresholdUsdt: 1_000_000_000n },
};

export const USD_DECIMALS = 6;

/** Whether a withdrawal of `amount` (in the token's decimals) needs a person's approval. */
export function needsApproval(settings: WithdrawalSettings, amount: bigint, decimals: number): boolean {
  if (settings.approval.mode === 'AUTO') return false;
  // Compare at the finer scale so no digit is dropped.
  const scale = Math.max(decimals, USD_DECIMALS);
  return rescale(amount, decimals, scale) > rescale(settings.approval.thresholdUsdt, USD_DECIMALS, scale);
}

/**
 * A withdrawal must be at least the asset's minimum (WITHDRAWAL_MIN_AMOUNT(S)): a dust withdrawal costs
 * more gas than it moves, and a 1-wei one is a probe. `viaMax`: the amount is what "MAX" came to.
 */
export function assertWithdrawalMinimum(
  amount: bigint,
  minimum: bigint,
  asset: { readonly code: string; readonly decimals: number },
  viaMax = false,
): void {
  if (amount >= minimum) return;
  const least = `the minimum withdrawal of ${formatAmount(minimum, asset.decimals)} ${asset.code}`;
  throw new ValidationError('Amount below the minimum withdrawal', [
    {
      path: 'amount',
      message: viaMax
        ? `MAX comes to ${formatAmount(amount, asset.decimals)}, below ${least}`
        : `Below ${least}`,
    },
  ]);
}

export interface WhitelistEntry {
  readonly partnerId: string;
  readonly entryId: string;
  readonly network: NetworkCode;
  readonly address: string;
  readonly label: string;
  readonly createdAt: string;
  /** Cooling period: the entry may be used from this time on. */
  readonly usableAt: string;
  readonly createdBy: string;
}

export function assertWhitelistEntryUsable(entry: WhitelistEntry, now: Date): void {
  if (now.getTime() < Date.parse(entry.usableAt)) {
    throw new GatewayError(
      'WHITELIST_ENTRY_COOLING',
      `This whitelist entry can be used from ${entry.usableAt}`,
      {
        details: { usableAt: entry.usableAt, entryId: entry.entryId },
      },
    );
  }
}

/**
 * An address in its canonical form (the family's validator, chains/addresses.ts), or VALIDATION_FAILED
 * at `field`. EVM: 0x + 40 hex; a mixed-case
 * address must carry a valid EIP-55 checksum (all-lower or all-upper has none to check). TRON:
 * base58check, version byte 0x41, 25 bytes. The format only: whether money sent there is lost is
 * burn-addresses.ts (a destination goes through both, shared/app/withdrawals/destinations.ts).
 */
export function normalizeAddress(network: NetworkCode, input: string, field = 'address'): string {
  const check = checkAddress(NETWORK_FAMILY[network], input);
  if (!check.ok) throw new ValidationError('Invalid address', [{ path: field, message: check.problem }]);
  return check.address;
}
