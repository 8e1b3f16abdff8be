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
  /**
   * What the action paid for: the withdrawal's code (a withdrawal, or a MASTER top-up for a waiting
   * withdrawal) or, for a sweep, the code of the first deposit it collected (all of them in `deposits`).
   */
  readonly reference?: string;
  /** SWEEP: the codes of the deposits the sweep collected. */
  readonly deposits?: readonly string[];
  /** USD per coin that `usdValue` used, and where it came from (the price feed, or a configured price). */
  readonly usdPrice?: string;
  readonly priceSource?: 'FEED' | 'CONFIGURED';
  /** When the feed priced it; `priceStale` when that was longer ago than the configured maximum age. */
  readonly priceAt?: string;
  readonly priceStale?: boolean;
}

export type GasRecordType = GasRecord['type'];

/** What `list` and `totals` select: a time range (required), and optionally one network and one type. */
export interface GasRecordFilter {
  /** ISO instants; `to` inclusive. */
  readonly from: string;
  readonly to: string;
  readonly network?: NetworkCode | undefined;
  readonly type?: GasRecordType | undefined;
}

/** One network's (and native coin's) sum over a filter. */
export interface GasTotal {
  readonly network: NetworkCode;
  readonly count: number;
  readonly nativeAmount: bigint;
  /** USD in micro-dollars (6 places) of the records that had a price. */
  readonly usdMicros: bigint;
  /** Records in the sum that had no USD price: the USD total leaves them out. */
  readonly withoutPrice: number;
}

export interface GasRecordStore {
  /**
   * Writes the record unless it exists (one per network and transaction hash), and adds it to the
   * partner's daily totals in the same transaction (a retried record counts once).
   */
  record(record: GasRecord): Promise<{ readonly created: boolean }>;
  /**
   * A partner's records in the filter, newest first. Network and type are filtered after the read, so
   * one page reads on until it is full or `maxReads` reads are spent, and then returns a cursor.
   */
  list(
    partnerId: string,
    filter: GasRecordFilter,
    options: { readonly limit: number; readonly cursor?: string | undefined; readonly maxReads: number },
  ): Promise<{ readonly items: GasRecord[]; readonly nextCursor?: string }>;
  /** The partner's totals per network over whole UTC days (`YYYY-MM-DD`, at most 366), from the daily totals. */
  totals(
    partnerId: string,
    days: readonly string[],
    options?: { readonly network?: NetworkCode | undefined; readonly type?: GasRecordType | undefined },
  ): Promise<GasTotal[]>;
  /** A partner's records of one month (`YYYY-MM`, UTC), oldest first, paginated. */
  listByPartnerMonth(
    partnerId: string,
    month: string,
    options: { readonly limit: number; readonly cursor?: string },
  ): Promise<{ readonly items: GasRecord[]; readonly nextCursor?: string }>;
}
