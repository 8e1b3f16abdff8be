import type { NetworkCode, TokenSymbol } from '../domain/chains/networks';
import type { WhitelistEntry, WithdrawalSettings } from '../domain/withdrawal/policy';
import type {
  StatusChange,
  Withdrawal,
  WithdrawalStatus,
  WithdrawalTx,
  WithdrawalTxAttempt,
  WithdrawalType,
} from '../domain/withdrawal/withdrawal';
import type { ChainHeadInfo } from './evm-transfers';
import type { BroadcastOutcome, ChainReceipt, TransactionSigner } from './sweeps';
import type { TronMasterEnergyRequests, TronSweepChain } from './tron-sweeps';

export interface WithdrawalListQuery {
  readonly limit: number;
  readonly cursor?: string;
  /** Inclusive ISO bounds on the request time. */
  readonly from?: string;
  readonly to?: string;
  readonly status?: WithdrawalStatus;
  readonly type?: WithdrawalType;
  readonly code?: string;
  readonly txHash?: string;
  readonly userId?: string;
  /** The destination or the sending address (case-insensitive). */
  readonly address?: string;
  /** Reads this page may spend, at most the repository's own bound (a caller splitting a budget). */
  readonly maxReads?: number;
}

export interface WithdrawalRepository {
  /** Creates the withdrawal unless its code exists; returns the stored one either way. */
  create(withdrawal: Withdrawal): Promise<{ readonly created: boolean; readonly withdrawal: Withdrawal }>;
  get(partnerId: string, code: string): Promise<Withdrawal | undefined>;
  /**
   * Moves the status from `from` to `change.status` (condition on the stored status), sets `patch` and
   * appends the change to the history. ConflictError (with the current status) when it moved meanwhile.
   */
  transition(
    partnerId: string,
    code: string,
    from: WithdrawalStatus,
    change: StatusChange,
    patch?: Partial<Pick<Withdrawal, 'decidedBy' | 'rejectReason' | 'failureReason' | 'confirmedAt' | 'tx'>>,
  ): Promise<Withdrawal>;
  /**
   * Removes a REQUESTED withdrawal whose hold was refused ("a refusal changes nothing"), atomically
   * with a check that its hold entry does not exist: false (nothing removed) when a concurrent retry
   * or the lifecycle held it meanwhile, or when it moved on.
   */
  deleteUnheld(partnerId: string, code: string): Promise<boolean>;
  /**
   * Allocates the next nonce of `from` to this PROCESSING withdrawal, atomically: the sequencer moves
   * from `expectedNext` to `expectedNext + 1` (or is created at `expectedNext + 1` when `initial`) and
   * the withdrawal, which must have no transaction yet, gets `{ from, nonce: expectedNext }`.
   * ConflictError when another allocation won; the caller reads again and retries.
   */
  allocateNonce(
    withdrawal: Withdrawal,
    input: {
      readonly from: string;
      readonly expectedNext: number;
      readonly initial: boolean;
      readonly gasLimit: bigint;
    },
  ): Promise<Withdrawal>;
  /** The sequencer's next nonce for an address (undefined before the first allocation). */
  nextNonce(network: NetworkCode, from: string): Promise<number | undefined>;
  /**
   * Appends a signed attempt if the withdrawal still has `expectedAttempts` attempts and the status.
   * `fill` (with the first attempt) marks the transaction as the filler of the withdrawal's nonce, in
   * the same conditional write: either the transfer or the filler is ever stored, never both.
   */
  addAttempt(
    withdrawal: Withdrawal,
    attempt: WithdrawalTxAttempt,
    expected: { readonly status: WithdrawalStatus; readonly attempts: number },
    options?: { readonly fill?: WithdrawalTx['fill'] },
  ): Promise<Withdrawal>;
  /** Sets receipt facts of the mined attempt (no status change). */
  updateTx(withdrawal: Withdrawal, tx: WithdrawalTx): Promise<Withdrawal>;
  /**
   * The Step Functions task token of the approval wait, stored only while PENDING_APPROVAL. With
   * `waitingUntil` (when the wait times out), the stall sweeper leaves the withdrawal alone until then:
   * a live execution waiting for a decision is not stalled.
   */
  saveTaskToken(
    partnerId: string,
    code: string,
    token: string,
    waitingUntil?: string,
  ): Promise<'SAVED' | 'NOT_PENDING'>;
  /**
   * A live execution is waiting on purpose (WAIT_FUNDS): the stall sweeper counts the withdrawal as
   * active at `at` instead of its last status change. Nothing when the status moved meanwhile.
   */
  markActive(partnerId: string, code: string, status: WithdrawalStatus, at: string): Promise<void>;
  taskToken(partnerId: string, code: string): Promise<string | undefined>;
  list(
    partnerId: string,
    query: WithdrawalListQuery,
  ): Promise<{ readonly items: Withdrawal[]; readonly nextCursor?: string }>;
  /** Withdrawals with a transaction from `from` that is not final yet (PROCESSING or BROADCASTING). */
  inFlightFrom(network: NetworkCode, from: string): Promise<Withdrawal[]>;
  /**
   * Unfinished withdrawals whose last sign of life (status change, `markActive`, or the end of an
   * approval wait) is older than `before`, oldest first, one page at a time (the stall sweeper).
   */
  listStalled(
    before: string,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<{ readonly items: Withdrawal[]; readonly nextCursor?: string }>;
}

export interface WithdrawalSettingsStore {
  get(partnerId: string): Promise<WithdrawalSettings>;
  put(partnerId: string, settings: WithdrawalSettings): Promise<void>;
  listWhitelist(partnerId: string): Promise<WhitelistEntry[]>;
  getWhitelistEntry(partnerId: string, entryId: string): Promise<WhitelistEntry | undefined>;
  findWhitelisted(
    partnerId: string,
    network: NetworkCode,
    address: string,
  ): Promise<WhitelistEntry | undefined>;
  /** ConflictError when the address is already on the list. */
  addWhitelistEntry(entry: WhitelistEntry): Promise<void>;
  removeWhitelistEntry(partnerId: string, entryId: string): Promise<WhitelistEntry>;
}

/** What the withdrawal lifecycle needs from one chain. */
export interface WithdrawalChain {
  readonly network: NetworkCode;
  readonly chainId: number;
  readonly nativeAsset: string;
  readonly nativeDecimals: number;
  head(): Promise<ChainHeadInfo>;
  canonicalBlockHash(blockNumber: number): Promise<string | undefined>;
  nativeBalance(address: string): Promise<bigint>;
  tokenBalance(token: TokenSymbol, address: string): Promise<bigint>;
  transactionCount(address: string, block: 'latest' | 'pending'): Promise<number>;
  gasPrice(): Promise<bigint>;
  estimateGas(tx: { readonly from: string; readonly to: string; readonly data: string }): Promise<bigint>;
  tokenAddress(token: TokenSymbol): string;
  encodeTransfer(to: string, amount: bigint): string;
  broadcast(raw: string): Promise<BroadcastOutcome>;
  receipt(hash: string): Promise<ChainReceipt | undefined>;
  isKnown(hash: string): Promise<boolean>;
  /** Whether code is deployed at the address (a contract), for the console's destination warning. */
  hasCode(address: string): Promise<boolean>;
}

/** The signer of a partner's MASTER wallet: a KMS key on AWS, the HD key locally. */
export interface MasterSigners {
  signerFor(partnerId: string, network: NetworkCode): Promise<TransactionSigner>;
}

/** Starts and resumes withdrawal executions (Step Functions on AWS, aws-local-stepfunctions locally). */
export interface WithdrawalWorkflow {
  /**
   * Idempotent: the execution is named after the withdrawal. `restart` (the stall sweeper) names a new
   * execution for a withdrawal whose execution ended or was lost; every task is safe to re-run.
   */
  start(input: {
    readonly partnerId: string;
    readonly code: string;
    readonly restart?: string;
  }): Promise<void>;
  /**
   * Makes sure an unfinished withdrawal has a live execution (the stall sweeper): nothing when one
   * runs, otherwise a new one named after the stall (`stalledSince`), so repeated sweeps of the same
   * stall start it once.
   */
  ensureRunning(input: {
    readonly partnerId: string;
    readonly code: string;
    readonly stalledSince: string;
  }): Promise<'RUNNING' | 'STARTED'>;
  /** Resumes the approval wait; a token that is no longer waiting is ignored. */
  resume(taskToken: string, output: { readonly decision: string }): Promise<void>;
}

/** Operator alerts of the withdrawal pipeline. */
export interface WithdrawalAlerts {
  insufficientMasterBalance(alert: {
    readonly partnerId: string;
    readonly network: NetworkCode;
    readonly address: string;
    readonly asset: string;
    readonly needed: bigint;
    readonly available: bigint;
    readonly code: string;
  }): Promise<void>;
  masterGasLow(alert: {
    readonly partnerId: string;
    readonly network: NetworkCode;
    readonly address: string;
    readonly code: string;
  }): Promise<void>;
}

/** A TRON transaction as built locally (txID = sha256 of raw_data) and as signed (65-byte r||s||v). */
export interface TronTx {
  readonly txID: string;
  readonly raw_data: unknown;
  readonly raw_data_hex: string;
  readonly signature?: readonly string[];
}

export interface TronTxFollow {
  readonly state: 'PENDING' | 'MINED' | 'SOLIDIFIED' | 'EXPIRED';
  readonly outcome?: {
    readonly txId: string;
    readonly blockNumber: number;
    readonly success: boolean;
    readonly feeSun: bigint;
    readonly energyTotal: number;
  };
}

/**
 * What TRON withdrawals need from the chain (TronChainGateway implements it); MASTER's energy and
 * bandwidth as the sweeps read them.
 */
export interface TronWithdrawalChain extends Pick<TronSweepChain, 'resources' | 'bandwidthPriceSun'> {
  tokenBalance(token: TokenSymbol, address: string): Promise<bigint>;
  account(address: string): Promise<{ readonly exists: boolean; readonly balanceSun: bigint }>;
  buildTokenTransfer(
    token: TokenSymbol,
    from: string,
    to: string,
    amount: bigint,
    feeLimitSun: bigint,
  ): Promise<TronTx>;
  broadcast(tx: TronTx & { readonly signature: readonly string[] }): Promise<{
    readonly status: 'ACCEPTED' | 'ALREADY_KNOWN' | 'REJECTED';
    readonly code?: string;
    readonly message?: string;
  }>;
  /** PENDING (re-send), MINED, SOLIDIFIED (final, canonical), EXPIRED (never mined, can never be). */
  follow(txId: string, expiration: number): Promise<TronTxFollow>;
  /** Sun burned per unit of energy a transfer lacks. */
  energyPriceSun(): Promise<bigint>;
  /** Energy `transfer(to, amount)` from `from` uses (a constant call; the TRON sweeps' estimate). */
  estimateTransferEnergy(token: TokenSymbol, from: string, to: string, amount: bigint): Promise<number>;
}

export interface TronWithdrawalDeps {
  readonly chain: TronWithdrawalChain;
  /** The partner's TRON MASTER signer (KMS digest signer on AWS, the HD key locally). */
  signer(partnerId: string): Promise<{
    readonly address: string;
    signTransaction(tx: TronTx): Promise<TronTx & { readonly signature: readonly string[] }>;
  }>;
  /** Most TRX a withdrawal may burn for energy and bandwidth. */
  readonly feeLimitSun: bigint;
  /**
   * MASTER short of energy asks the TRON sweep process (which holds the energy sources and the gas
   * tank) for it — a TronMasterEnergyRequest per withdrawal — and waits; absent: MASTER burns its own
   * TRX for the energy (masterGasLow when it holds less than the fee limit).
   */
  readonly masterEnergy?: {
    readonly requests: Pick<
      TronMasterEnergyRequests,
      'requestMasterEnergy' | 'getMasterEnergy' | 'updateMasterEnergy'
    >;
    /** The TRON gas tank (it pays a burn top-up): too low to cover the burn → masterGasLow instead. */
    gasTank(): Promise<string>;
    /** Margin on the energy estimate, percent (the sweeps'). */
    readonly energyMarginPercent: number;
  };
}
