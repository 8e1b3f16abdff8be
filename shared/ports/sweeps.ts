import type { NetworkCode, TokenSymbol } from '../domain/chains/networks';
import type { SweepStatus } from '../domain/sweeps/sweep-status';
import type { MasterGasRequest, SweepApproval, SweepTx } from '../domain/sweeps/sweep-transaction';
import type { ChainHeadInfo } from './evm-transfers';

/**
 * Sweeps: the gas tank (relayer) tops up HOT addresses for a one-time approve, then moves their
 * credited funds to the partner's MASTER with `transferFrom`, paying the gas.
 */

/** A legacy-priced EVM transaction (EIP-155 replay-protected by its chain id). */
export interface EvmTxRequest {
  readonly chainId: number;
  readonly nonce: number;
  readonly to: string;
  readonly data: string;
  readonly value: bigint;
  readonly gasLimit: bigint;
  readonly gasPrice: bigint;
}

export interface SignedTx {
  /** The serialized signed transaction, 0x-hex. */
  readonly raw: string;
  /** Its hash, lower-case 0x-hex. */
  readonly hash: string;
}

/**
 * Signs transactions for one address. Deliberately narrow: the gas tank's key lives behind it (a local
 * HD-derived key here; a KMS asymmetric key on AWS), and nothing else is exposed.
 */
export interface TransactionSigner {
  readonly address: string;
  signTransaction(tx: EvmTxRequest): Promise<SignedTx>;
}

/** The gas tank (relayer) of each EVM network. */
export interface GasTankSigners {
  gasTank(network: NetworkCode): Promise<TransactionSigner>;
}

/** Keys of HD-derived deposit addresses; the seed is decrypted only inside the sweeper, per use. */
export interface DepositAddressSigners {
  signerFor(hdAccount: number, hdIndex: number): Promise<TransactionSigner>;
}

export type BroadcastOutcome =
  /** The node took it. */
  | 'ACCEPTED'
  /** The node already has it (a re-send after a crash). */
  | 'ALREADY_KNOWN'
  /** The nonce is already used on chain (by this transaction or another one). */
  | 'NONCE_USED'
  /** The sender cannot pay gas × price + value. */
  | 'INSUFFICIENT_FUNDS'
  /** Another transaction with the same nonce pays more. */
  | 'UNDERPRICED';

export interface ChainReceipt {
  readonly hash: string;
  readonly blockNumber: number;
  readonly blockHash: string;
  readonly gasUsed: bigint;
  readonly effectiveGasPrice: bigint;
  readonly success: boolean;
}

/** What the sweeper needs from one EVM network. */
export interface SweepChain {
  readonly network: NetworkCode;
  readonly chainId: number;
  readonly nativeAsset: string;
  readonly nativeDecimals: number;
  /** Latest and final block by the network's finality policy (the deposit scanner's rule). */
  head(): Promise<ChainHeadInfo>;
  canonicalBlockHash(blockNumber: number): Promise<string | undefined>;
  nativeBalance(address: string): Promise<bigint>;
  tokenBalance(token: TokenSymbol, address: string): Promise<bigint>;
  allowance(token: TokenSymbol, owner: string, spender: string): Promise<bigint>;
  transactionCount(address: string, block: 'latest' | 'pending'): Promise<number>;
  gasPrice(): Promise<bigint>;
  estimateGas(tx: {
    readonly from: string;
    readonly to: string;
    readonly data: string;
    readonly value?: bigint;
  }): Promise<bigint>;
  tokenAddress(token: TokenSymbol): string;
  encodeApprove(spender: string): string;
  encodeTransferFrom(from: string, to: string, amount: bigint): string;
  broadcast(raw: string): Promise<BroadcastOutcome>;
  /** The receipt of a mined transaction, undefined while pending or unknown. */
  receipt(hash: string): Promise<ChainReceipt | undefined>;
  /** Whether the node knows the transaction (pending or mined). */
  isKnown(hash: string): Promise<boolean>;
  /** A native-coin transfer to `to` as mined: for recording a gas-tank funding. */
  nativeTransfer(hash: string): Promise<
    | {
        readonly to: string;
        readonly value: bigint;
        readonly blockNumber: number;
        readonly blockTime: string;
        readonly success: boolean;
      }
    | undefined
  >;
}

export interface NewRelayerTx {
  readonly tx: SweepTx;
  /** The gas tank's counter as read (undefined: no counter yet); the write is conditioned on it. */
  readonly expectedCounter: number | undefined;
  /** SWEEP: claim the (address, token) lock for this transaction. */
  readonly lock?: boolean;
  /** SWEEP: the deposits it moves, claimed in the same write (CONFIRMED → COLLECTING; at most 90). */
  readonly claimDeposits?: readonly string[];
  /**
   * TOPUP: the approval, now TOPPING_UP with this transaction; `previous` is the FAILED one it starts
   * over from (the write is conditioned on it being unchanged), absent for a first approval.
   */
  readonly approval?: { readonly next: SweepApproval; readonly previous?: SweepApproval };
  /**
   * TOPUP of a MASTER: the request it serves, moved REQUESTED → TOPPING_UP with this transaction on the
   * condition that it is still the one read (so one request pays one top-up).
   */
  readonly masterGas?: MasterGasRequest;
}

/** What a waiting withdrawal needs to ask the sweep process for MASTER gas (EVM). */
export interface MasterGasRequests {
  /**
   * Records the request (REQUESTED) unless one for this withdrawal is open; a DONE one is opened again
   * with the new requirement. Never sends anything: the sweep process serves it.
   */
  requestMasterGas(request: MasterGasRequest): Promise<void>;
}

export interface SweepStore {
  /** The gas tank's next-nonce counter on a network. */
  relayerCounter(network: NetworkCode, relayer: string): Promise<number | undefined>;
  /**
   * Records a gas-tank transaction before it is broadcast, atomically with the nonce it uses (counter
   * moved past it) and the lock or approval it claims. Throws ConflictError when another run got there first.
   */
  createRelayerTx(input: NewRelayerTx): Promise<void>;
  /** Records a deposit address's approve before it is broadcast, moving its approval to APPROVING. */
  createApproveTx(
    tx: SweepTx,
    approval: { readonly expectedTopUpTxId: string | undefined; readonly at: string },
  ): Promise<void>;
  getTx(id: string): Promise<SweepTx | undefined>;
  /** Transactions not yet final (SIGNED, SENT, MINED) on a network, oldest first. */
  listOpenTxs(network: NetworkCode, limit: number): Promise<SweepTx[]>;
  /** Writes a new status (and fields) only if the stored status is still `from`; ConflictError otherwise. */
  updateTx(
    id: string,
    from: SweepStatus,
    patch: Partial<Omit<SweepTx, 'id' | 'network' | 'from' | 'nonce' | 'type'>>,
  ): Promise<SweepTx>;
  /** Adds a replacement attempt, if no other was added meanwhile. */
  addAttempt(
    id: string,
    expectedAttempts: number,
    attempt: SweepTx['attempts'][number],
    at: string,
  ): Promise<SweepTx>;
  lockHolder(network: NetworkCode, address: string, token: TokenSymbol): Promise<string | undefined>;
  /** Releases the lock if this transaction still holds it. */
  releaseLock(network: NetworkCode, address: string, token: TokenSymbol, txId: string): Promise<void>;
  getApproval(network: NetworkCode, address: string, token: TokenSymbol): Promise<SweepApproval | undefined>;
  /** Creates (when absent) or moves an approval to APPROVED. */
  markApproved(approval: SweepApproval): Promise<void>;
  /** Marks an approval FAILED (one more failure), if it is still the one given; the next run starts over. */
  failApproval(approval: SweepApproval, at: string): Promise<void>;
  /**
   * Approvals whose top-up's native leftover is not dealt with yet (`leftoverDoneFor` ≠ `topUpTxId`),
   * oldest first, each read back consistently (ADR 0024).
   */
  listLeftoverApprovals(network: NetworkCode, limit: number): Promise<SweepApproval[]>;
  /**
   * Records an address's RETURN of its native leftover (signed, SIGNED) before it is broadcast, and in
   * the same write marks each of its approvals' leftover dealt with, on the condition that each is still
   * the one read (status and updatedAt) and that no record holds the nonce. ConflictError otherwise.
   */
  createReturnTx(tx: SweepTx, approvals: readonly SweepApproval[]): Promise<void>;
  /** Marks the approvals' leftover dealt with (nothing worth returning), each only if still the one read. */
  markLeftoverDone(approvals: readonly SweepApproval[]): Promise<void>;
  /** Moves still-queued approvals to the back of the leftover queue (left alone this run). */
  deferLeftovers(approvals: readonly SweepApproval[], at: string): Promise<void>;
  /** MASTER gas requests still REQUESTED or TOPPING_UP on a network. */
  listMasterGasRequests(network: NetworkCode, limit: number): Promise<MasterGasRequest[]>;
  /**
   * Moves a request to `next` (DONE, or back to REQUESTED) if it is still the one read (status and
   * updatedAt); false when another run moved it first.
   */
  updateMasterGasRequest(
    request: MasterGasRequest,
    next: Pick<MasterGasRequest, 'status' | 'updatedAt'>,
  ): Promise<boolean>;
}

/** Raised after a run when the gas tank's balance is below its minimum. */
export interface GasTankAlerts {
  gasTankLow(alert: {
    readonly network: NetworkCode;
    readonly address: string;
    readonly asset: string;
    readonly balance: bigint;
    readonly minimum: bigint;
  }): Promise<void>;
  /** The gas tank is fine (lets the metric show zero, so the alarm can clear). */
  gasTankOk(network: NetworkCode): Promise<void>;
}

/**
 * Asks for a sweep of one partner's credited deposits on one network now, instead of at the next
 * scheduled run (a withdrawal is waiting for MASTER funds). Fire and forget: the sweep runs elsewhere
 * (an async invoke of the sweep function on AWS, in-process locally) and is idempotent with the
 * scheduled one — deposits, nonces and address locks are all claimed with conditional writes.
 * Calling it again while a requested sweep runs is cheap (adapters coalesce where they can).
 */
export interface SweepTrigger {
  requestSweep(partnerId: string, network: NetworkCode): Promise<void>;
}
