import type { NetworkCode } from '../domain/chains/networks';
import type { Deposit, DepositStatus } from '../domain/deposit/deposit';
import type { FeeShare } from '../domain/deposit/fees';
import type { OutboxEvent } from './outbox';

export interface StoredDeposit extends Deposit {
  /** Who gets the fee, fixed at detection so the credit matches what was shown. */
  readonly feeShares: readonly FeeShare[];
  /**
   * The rates the fee was computed with (ppm), fixed at detection: a later rate change applies to
   * deposits detected after it and never re-prices this one (ADR 0031). Absent on older deposits.
   */
  readonly feeRates?: {
    readonly depositFeeRate: bigint;
    /** The chain split over, platform first: the platform's base, then each distributor's parentFeeRate. */
    readonly chain: readonly { readonly partnerId: string; readonly rate: bigint }[];
  };
  /**
   * The receiving partner's ancestors, its parent first (the platform last), fixed at detection: the
   * sub-partner counters it moves (ADR 0032). Absent on deposits recorded before them.
   */
  readonly ancestry?: readonly string[];
  /** DEPOSIT_DETECTED was handed to the webhook publisher. */
  readonly detectedNotified?: boolean;
  /** An operator attributed this (unattributed) deposit to a user. */
  readonly assignedBy?: string;
  readonly assignedAt?: string;
  /** The sweep transaction moving this deposit to MASTER (COLLECTING onwards), and its mined hash. */
  readonly sweepTxId?: string;
  readonly sweepTxHash?: string;
  readonly collectedAt?: string;
  readonly settledAt?: string;
}

/** Fields a status change writes (never the identity). */
export type DepositPatch = Partial<Omit<StoredDeposit, 'id' | 'partnerId'>>;

export interface DepositWriteOptions {
  /** Outbox events written in the same transaction as the deposit. */
  readonly events?: readonly OutboxEvent[];
}

export interface DepositQuery {
  readonly limit: number;
  readonly cursor?: string;
  readonly from?: string;
  readonly to?: string;
  readonly status?: DepositStatus;
  readonly userId?: string;
  /**
   * A filter no index serves (the transactions view's address or sweep hash): applied while paging,
   * within the page's bounded reads, like status and user.
   */
  readonly match?: (deposit: StoredDeposit) => boolean;
  /** Reads this page may spend, at most the repository's own bound (a caller splitting a budget). */
  readonly maxReads?: number;
}

export interface DepositRepository {
  /** Records a deposit (and its outbox events, atomically) unless it exists; returns the stored one either way. */
  create(
    deposit: StoredDeposit,
    options?: DepositWriteOptions,
  ): Promise<{ readonly created: boolean; readonly deposit: StoredDeposit }>;
  get(id: string): Promise<StoredDeposit | undefined>;
  getByCode(partnerId: string, code: string): Promise<StoredDeposit | undefined>;
  findByTxHash(partnerId: string, txHash: string): Promise<StoredDeposit[]>;
  /** Deposits of a network still waiting for finality (DETECTED, CONFIRMING), oldest block first. */
  listOpen(network: NetworkCode, limit: number): Promise<StoredDeposit[]>;
  /**
   * Deposits of a network waiting to be swept (CONFIRMED) or being swept (COLLECTING), a sparse queue
   * the sweeper pages through.
   */
  listToSweep(
    network: NetworkCode,
    options: { readonly limit: number; readonly cursor?: string },
  ): Promise<{ readonly items: StoredDeposit[]; readonly nextCursor?: string }>;
  /** Writes a new status (and fields, and outbox events, atomically) only if the stored status is still `from`. */
  update(
    id: string,
    from: DepositStatus,
    patch: DepositPatch,
    options?: DepositWriteOptions,
  ): Promise<StoredDeposit>;
  /**
   * Removes a deposit the intake flagged (FAILED / INTAKE_ERROR, never credited) so the transfer can go
   * through the intake again once its cause is fixed; false when it is not such a deposit (any more).
   */
  deleteFlagged(id: string): Promise<boolean>;
  list(
    partnerId: string,
    query: DepositQuery,
  ): Promise<{ readonly items: StoredDeposit[]; readonly nextCursor?: string }>;
}
