import type { SweepStatus } from '../domain/sweeps/sweep-status';
import type { MasterEnergyStatus } from '../domain/sweeps/sweep-transaction';
import type { ChainHeadInfo } from './evm-transfers';

/**
 * What the TRON strategy of the sweep process needs from the chain and from storage (the TRON adapters
 * implement these; the strategy is shared/app/sweeps/tron-sweep-strategy.ts, the statuses
 * shared/domain/sweeps/sweep-status.ts).
 */

export interface TronTx {
  readonly txID: string;
  readonly raw_data: unknown;
  readonly raw_data_hex: string;
}
export interface TronSignedTx extends TronTx {
  readonly signature: readonly string[];
}
export interface TronTxSigner {
  readonly address: string;
  signTransaction(tx: TronTx): Promise<TronSignedTx>;
}

export interface TronSweepTxOutcome {
  readonly blockNumber: number;
  readonly blockHash: string | undefined;
  readonly blockTime: string;
  readonly success: boolean;
  readonly result: string;
  readonly feeSun: bigint;
  readonly energyTotal: number;
}

export interface TronSweepChain {
  head(): Promise<ChainHeadInfo & { readonly timestamp: number }>;
  blockHash(blockNumber: number): Promise<string | undefined>;
  account(address: string): Promise<{ readonly exists: boolean; readonly balanceSun: bigint }>;
  resources(address: string): Promise<{
    readonly energyAvailable: number;
    /** Free daily bandwidth left, bytes. */
    readonly freeNetAvailable: number;
    /** Staked (or delegated) bandwidth left, bytes. */
    readonly netAvailable: number;
  }>;
  energyPriceSun(): Promise<bigint>;
  /** Sun burned per byte of bandwidth a transaction cannot cover (chain parameter getTransactionFee). */
  bandwidthPriceSun(): Promise<bigint>;
  tokenBalance(token: 'USDT', address: string): Promise<bigint>;
  estimateTransferEnergy(token: 'USDT', from: string, to: string, amount: bigint): Promise<number>;
  buildTrxTransfer(from: string, to: string, sun: bigint): Promise<TronTx>;
  buildTokenTransfer(
    token: 'USDT',
    from: string,
    to: string,
    amount: bigint,
    feeLimitSun: bigint,
  ): Promise<TronTx>;
  broadcast(tx: TronSignedTx): Promise<{
    readonly status: 'ACCEPTED' | 'ALREADY_KNOWN' | 'REJECTED';
    readonly code?: string;
    readonly message?: string;
  }>;
  transaction(txId: string): Promise<TronSweepTxOutcome | undefined>;
}

/**
 * PREPARING (activation, energy) → SIGNED (recorded, broadcast) → MINED → FINAL | FAILED. A transfer that
 * expired unmined (or whose deposits moved away before it was signed) is EXPIRED: its deposits are back
 * to CONFIRMED, and it stays open — holding the address — until its own activation, top-up and
 * delegation transactions are solidified and booked; then it is DROPPED.
 */
export type TronSweepStepKind = 'ACTIVATION' | 'TOPUP' | 'DELEGATION' | 'RENTAL' | 'UNDELEGATION';

export interface TronSweepStep {
  readonly kind: TronSweepStepKind;
  /** Our transaction (ACTIVATION, TOPUP, DELEGATION, UNDELEGATION) or the provider's (RENTAL). */
  readonly txId?: string;
  readonly signed?: TronSignedTx;
  /** TRX sent (ACTIVATION, TOPUP) or staked TRX delegated (DELEGATION), sun. */
  readonly sun: bigint;
  /** What the platform paid a provider (RENTAL), sun. */
  readonly paidSun: bigint;
  readonly energy?: number;
  readonly orderId?: string;
  /**
   * RENTAL: our id for the order (`<sweep id>:rental:<n>`), recorded before the order is placed, so a
   * retry asks the provider for the same order instead of buying a second one.
   */
  readonly clientOrderId?: string;
  /** RENTAL: the most we accepted to pay for it, sun. */
  readonly maxCostSun?: bigint;
  /**
   * RENTAL: ORDERING — recorded, not yet answered (it may have been placed); REFUSED — the provider
   * said no; ABANDONED — no answer within the energy wait (kept, with its client order id, for review).
   * Absent: the order is placed and known.
   */
  readonly state?: 'ORDERING' | 'REFUSED' | 'ABANDONED';
  readonly note?: string;
  readonly expiration?: number;
  /** When the step was taken (DELEGATION, RENTAL: how long the energy has been awaited). */
  readonly at?: string;
  /** MASTER energy requests: booked once final (ledger entry and gas record), before the request closes. */
  readonly booked?: boolean;
}

export interface TronSweep {
  readonly id: string;
  readonly network: 'TRON';
  readonly status: SweepStatus;
  readonly partnerId: string;
  readonly address: string;
  readonly walletType: 'HOT' | 'POOL';
  readonly hdAccount: number;
  readonly hdIndex: number;
  readonly token: 'USDT';
  readonly asset: string;
  readonly amount: bigint;
  readonly destination: string;
  readonly depositIds: readonly string[];
  readonly steps: readonly TronSweepStep[];
  readonly energySource?: 'DELEGATION' | 'RENTAL' | 'BURN' | 'OWN';
  readonly energyNeeded?: number;
  readonly signed?: TronSignedTx;
  readonly txId?: string;
  readonly expiration?: number;
  readonly outcome?: TronSweepTxOutcome;
  readonly energyReleased?: boolean;
  /**
   * Writes so far (absent before the first): every save is conditioned on it, so of two runs working
   * on one sweep at once (a requested and a scheduled run) only one records a step and broadcasts it.
   */
  readonly revision?: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * A HOT (or POOL) address's TRX leftover on its way back to the gas tank (ADR 0024): the transfer is
 * signed by the address's key and recorded (bytes, txID, expiration) before it is broadcast, then
 * followed like a sweep's transfer along the one table (SIGNED → MINED → FINAL | FAILED; SIGNED →
 * EXPIRED → DROPPED when it expired unmined). It holds the address's sweep lock while open.
 */
export interface TronLeftoverReturn {
  /** `TRON:RETURN:<txID>`. */
  readonly id: string;
  readonly network: 'TRON';
  readonly status: SweepStatus;
  readonly partnerId: string;
  readonly address: string;
  readonly walletType: 'HOT' | 'POOL';
  /** The gas tank. */
  readonly to: string;
  /** TRX returned, sun. */
  readonly sun: bigint;
  /** What the bandwidth was expected to cost (kept back on the address), sun. */
  readonly costSun: bigint;
  readonly signed: TronSignedTx;
  readonly txId: string;
  readonly expiration?: number;
  readonly outcome?: TronSweepTxOutcome;
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** An address queued for a leftover check: written in the write that closed a sweep that gave it TRX. */
export interface TronLeftoverEntry {
  readonly address: string;
  /** The sweep whose closing queued it. */
  readonly sweepId: string;
  /** Queue position (the time it was queued or last left alone). */
  readonly key: string;
}

export interface TronLeftoverStore {
  /** Oldest entries first. */
  listLeftovers(limit: number): Promise<TronLeftoverEntry[]>;
  /**
   * One write: the return recorded (new id), its address's sweep lock taken (no open sweep or return
   * there) and the address's `entries` taken out of the queue (each still there); ConflictError else.
   */
  createReturn(ret: TronLeftoverReturn, entries: readonly TronLeftoverEntry[]): Promise<void>;
  /**
   * Writes `next` if the stored one is still `from` at revision `next.revision - 1`; closing frees the
   * lock, and DROPPED (expired unmined) queues the address again.
   */
  updateReturn(from: SweepStatus, next: TronLeftoverReturn): Promise<TronLeftoverReturn>;
  listOpenReturns(limit: number): Promise<TronLeftoverReturn[]>;
  /** Not worth returning: the entries leave the queue (a later sweep's top-up queues the address again). */
  removeLeftovers(entries: readonly TronLeftoverEntry[]): Promise<void>;
  /** Left alone: the entries go to the back of the queue (`at`). */
  deferLeftovers(entries: readonly TronLeftoverEntry[], at: string): Promise<void>;
}

export interface TronSweepStore {
  /**
   * Creates the sweep, takes its address's lock and claims its deposits (CONFIRMED → COLLECTING for the
   * sweep's id), in one write; ConflictError when the address has an open sweep or a deposit moved.
   */
  create(sweep: TronSweep): Promise<void>;
  /**
   * Writes only if the stored status is still `from` and the stored revision is `next.revision - 1`
   * (none stored for revision 1); ConflictError otherwise. Closing statuses free the lock; closing a
   * sweep that sent the address TRX (ACTIVATION, TOPUP) queues the address for a leftover check.
   */
  update(id: string, from: SweepStatus, next: TronSweep): Promise<TronSweep>;
  listOpen(limit: number): Promise<TronSweep[]>;
  get(id: string): Promise<TronSweep | undefined>;
}

/**
 * A TRON withdrawal's request for energy on MASTER (statuses and id in
 * shared/domain/sweeps/sweep-transaction.ts), with the steps the sweep strategy took to serve it — the
 * same step records as a sweep's (a rental ORDERING with its client order id before it is ordered,
 * a delegation, a TRX top-up and an undelegation with their signed bytes before they are broadcast).
 */
export interface TronMasterEnergyRequest {
  /** masterEnergyRequestId(partnerId, code). */
  readonly id: string;
  readonly network: 'TRON';
  readonly partnerId: string;
  /** The withdrawal waiting for it. */
  readonly code: string;
  readonly master: string;
  /** Energy MASTER must have for the transfer (and those in flight before it), margin included. */
  readonly energy: number;
  readonly status: MasterEnergyStatus;
  /** How it was served; absent while (again) to be chosen. */
  readonly energySource?: 'DELEGATION' | 'RENTAL' | 'BURN' | 'OWN';
  /** BURN: the TRX (sun) MASTER must hold to burn for the energy it lacks. */
  readonly burnSun?: bigint;
  /** TRX (sun) MASTER must hold besides, to burn for the bandwidth it lacks; absent: none. */
  readonly trxSun?: bigint;
  /**
   * A withdrawal that already signed asks again (its attempt was refused for want of energy, TRX or
   * bandwidth): served like a waiting one until `answeredAt` is later. Otherwise a signed withdrawal is
   * using what it got, and nothing is bought for it.
   */
  readonly askedAt?: string;
  /** When the sweep process last found MASTER holding what the request asks. */
  readonly answeredAt?: string;
  readonly steps: readonly TronSweepStep[];
  /** The delegation to MASTER was taken back (or there was none to take). */
  readonly energyReleased?: boolean;
  /** Writes so far: every update is conditioned on it (one writer per step, like a sweep's). */
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface TronMasterEnergyRequests {
  /** Writes the request REQUESTED unless one exists for the withdrawal; answers the stored one. */
  requestMasterEnergy(request: TronMasterEnergyRequest): Promise<TronMasterEnergyRequest>;
  getMasterEnergy(partnerId: string, code: string): Promise<TronMasterEnergyRequest | undefined>;
  listOpenMasterEnergy(limit: number): Promise<TronMasterEnergyRequest[]>;
  /**
   * Writes `next` only if the stored request is still `from` at revision `next.revision - 1` and the
   * move is in the table; ConflictError otherwise.
   */
  updateMasterEnergy(
    from: MasterEnergyStatus,
    next: TronMasterEnergyRequest,
  ): Promise<TronMasterEnergyRequest>;
}
