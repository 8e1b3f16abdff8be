import type { NetworkCode, TokenSymbol } from '../domain/chains/networks';
import type { SweepTxType } from '../domain/sweeps/sweep-transaction';

/**
 * One record per on-chain action the gateway paid gas for on a partner's behalf, for the monthly gas
 * invoices: what it was, which transaction, the gas it used at which price, the native coin it cost and
 * its USD value when a coin price is configured.
 */
export interface GasRecord {
  readonly network: NetworkCode;
  readonly type: SweepTxType | 'WITHDRAWAL';
  readonly partnerId: string;
  readonly txHash: string;
  /** The deposit address the action served. */
  readonly address: string;
  readonly token: TokenSymbol;
  readonly blockNumber: number;
  readonly gasUsed: bigint;
  readonly effectiveGasPrice: bigint;
  /** gasUsed × effectiveGasPrice, in the native coin's smallest unit. */
  readonly nativeAmount: bigint;
  readonly nativeAsset: string;
  /** TOPUP: the native coin sent to the address (it pays the approve); RETURN: what came back to the gas tank. */
  readonly transferredAmount: bigint;
  /** nativeAmount in USD (6 places) at the configured coin price; null without a price. */
  readonly usdValue: string | null;
  readonly success: boolean;
  /** When the transaction was mined (as the sweeper saw it). */
  readonly at: string;
}

export interface GasRecordStore {
  /** Writes the record unless it exists (one per network and transaction hash). */
  record(record: GasRecord): Promise<{ readonly created: boolean }>;
  /** A partner's records of one month (`YYYY-MM`, UTC), oldest first, paginated. */
  listByPartnerMonth(
    partnerId: string,
    month: string,
    options: { readonly limit: number; readonly cursor?: string },
  ): Promise<{ readonly items: GasRecord[]; readonly nextCursor?: string }>;
}
