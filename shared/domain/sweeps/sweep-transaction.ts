import type { SweepStatus } from './sweep-status';

/**
 * An on-chain action of the sweeper: a gas-tank TOPUP of a HOT (or POOL) address, the address's
 * one-time APPROVE of the gas tank (relayer) on a token, a SWEEP (`transferFrom(HOT, MASTER, amount)`
 * sent and paid by the relayer), or a RETURN of the address's native leftover to the gas tank (sent
 * and paid by the address, ADR 0024).
 *
 * The record is written **before** the transaction is broadcast, with the signed bytes, so a process
 * that dies at any point finds it again and re-sends the same bytes (same hash) instead of signing a
 * second transfer. One record per (sender, nonce): a stuck transaction is replaced by another attempt
 * with the same nonce and a higher gas price, so at most one attempt can ever be mined.
 *
 * Its statuses are the sweep statuses of ./sweep-status.ts (one table for EVM and TRON): a record is
 * written SIGNED, then SENT, MINED, and FINAL, FAILED or DROPPED.
 */
export type SweepTxType = 'TOPUP' | 'APPROVE' | 'SWEEP' | 'RETURN';

/** One signed version of the transaction (the first, or a replacement with the same nonce). */
export interface SweepTxAttempt {
  readonly hash: string;
  /** The signed transaction, re-sent as is after a crash. */
  readonly raw: string;
  readonly gasLimit: bigint;
  readonly gasPrice: bigint;
  readonly signedAt: string;
}

export interface SweepTxReceipt {
  readonly hash: string;
  readonly blockNumber: number;
  readonly blockHash: string;
  readonly gasUsed: bigint;
  readonly effectiveGasPrice: bigint;
  readonly success: boolean;
}

export interface SweepTx {
  /** `<network>:<sender>:<nonce>` (sender lower-cased): one record per nonce. */
  readonly id: string;
  readonly type: SweepTxType;
  readonly network: 'BSC' | 'POLYGON';
  readonly status: SweepStatus;
  /** Who signs and pays: the gas tank (TOPUP, SWEEP) or the HOT/POOL address (APPROVE, RETURN). */
  readonly from: string;
  readonly nonce: number;
  /** Recipient: the HOT address (TOPUP), the token contract (APPROVE, SWEEP), the gas tank (RETURN). */
  readonly to: string;
  /** Call data, kept so a replacement signs exactly the same call. */
  readonly data: string;
  readonly partnerId: string;
  /** The deposit address concerned (swept, approved or topped up), or the MASTER a TOPUP funds. */
  readonly address: string;
  /** MASTER only for a MASTER gas top-up (a TOPUP for a waiting withdrawal, see MasterGasRequest). */
  readonly walletType: 'HOT' | 'POOL' | 'MASTER';
  /** TOPUP of a MASTER: the request it serves (masterGasRequestId). */
  readonly masterGasRequest?: string;
  readonly token: 'USDT' | 'USDC';
  /** Native coin sent with the transaction (TOPUP, RETURN), else 0. */
  readonly value: bigint;
  /** SWEEP: token amount moved, the sum of `depositIds`' amounts. */
  readonly amount: bigint;
  /** SWEEP: where the funds go (the partner's MASTER). */
  readonly destination?: string;
  readonly depositIds: readonly string[];
  readonly attempts: readonly SweepTxAttempt[];
  readonly receipt?: SweepTxReceipt;
  readonly minedAt?: string;
  readonly finalAt?: string;
  readonly ledgerEntryId?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function sweepTxId(network: string, from: string, nonce: number): string {
  return `${network}:${from.toLowerCase()}:${nonce}`;
}

export function latestAttempt(tx: Pick<SweepTx, 'attempts' | 'id'>): SweepTxAttempt {
  const last = tx.attempts[tx.attempts.length - 1];
  if (!last) throw new Error(`Sweep transaction ${tx.id} has no signed attempt`);
  return last;
}

/**
 * The gas tank's approval on one (address, token): TOPPING_UP while the address waits for the native
 * coin that pays its approve, APPROVING while the approve is in flight, APPROVED once the allowance is
 * on chain, FAILED when the top-up or approve failed (the next run starts over, up to
 * MAX_APPROVAL_FAILURES times, then an operator looks). The item also stops two runs from topping up
 * the same address twice.
 */
export type ApprovalStatus = 'TOPPING_UP' | 'APPROVING' | 'APPROVED' | 'FAILED';
export const MAX_APPROVAL_FAILURES = 3;

export interface SweepApproval {
  readonly network: 'BSC' | 'POLYGON';
  readonly address: string;
  readonly token: 'USDT' | 'USDC';
  readonly partnerId: string;
  readonly status: ApprovalStatus;
  readonly topUpTxId?: string;
  readonly approveTxId?: string;
  /** The approve's budget, fixed when the top-up is sized so the top-up always covers it. */
  readonly approveGasLimit?: bigint;
  readonly approveGasPrice?: bigint;
  /** Approvals that failed (reverted or dropped) and were started again. */
  readonly failures: number;
  /**
   * The top-up (`topUpTxId`) whose native leftover was dealt with (returned to the gas tank, or found
   * not worth returning). While it differs from `topUpTxId` the approval waits in the leftover queue
   * (ADR 0024); a new top-up puts it back.
   */
  readonly leftoverDoneFor?: string;
  readonly updatedAt: string;
}

/**
 * A withdrawal's ask for native coin on its partner's MASTER (EVM), served by the sweep process, the
 * only writer of the gas tank's nonces: REQUESTED (written by the withdrawal) → TOPPING_UP (the TOPUP is
 * recorded in the same write, `topUpTxId`) → DONE once the top-up is final or MASTER already holds
 * `required`. A TOPUP that was dropped or reverted puts it back to REQUESTED. One request per (network,
 * partner, withdrawal code): a retry of the withdrawal or of the sweep finds it and never pays twice; a
 * DONE request is opened again only when the same withdrawal is still short (its top-up was spent).
 */
export type MasterGasStatus = 'REQUESTED' | 'TOPPING_UP' | 'DONE';
export const OPEN_MASTER_GAS_STATUSES: readonly MasterGasStatus[] = ['REQUESTED', 'TOPPING_UP'];

export interface MasterGasRequest {
  readonly network: 'BSC' | 'POLYGON';
  readonly partnerId: string;
  /** The withdrawal waiting for it. */
  readonly code: string;
  readonly master: string;
  /** The withdrawal's token (recorded on the TOPUP like a HOT top-up's). */
  readonly token: 'USDT' | 'USDC';
  /** The native balance MASTER must hold (its transfer and those in flight), smallest units. */
  readonly required: bigint;
  readonly status: MasterGasStatus;
  readonly topUpTxId?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function masterGasRequestId(network: string, partnerId: string, code: string): string {
  return `${network}#${partnerId}#${code}`;
}

/**
 * What a MASTER top-up sends: the shortfall of MASTER's balance (plus top-ups already on the way) on
 * what the withdrawal requires; 0 when nothing is missing.
 */
export function masterTopUpAmount(required: bigint, masterBalance: bigint, onTheWay: bigint): bigint {
  const missing = required - masterBalance - onTheWay;
  return missing > 0n ? missing : 0n;
}

/**
 * The gas tank's next nonce. The stored counter is ours (every nonce it handed out belongs to a recorded
 * transaction, broadcast or about to be); the chain's counts only ever push it forward — when the key
 * was used elsewhere or the table was restored — so a nonce is never used twice. Without a counter yet,
 * the chain's pending count is the start.
 */
export function nextRelayerNonce(
  stored: number | undefined,
  chainLatest: number,
  chainPending: number,
): number {
  return Math.max(stored ?? 0, chainLatest, chainPending);
}

/**
 * A TRON withdrawal's ask for energy on its partner's MASTER (TRON has no gas price to top up: a
 * TRC-20 transfer needs energy, or burns TRX for it). Written REQUESTED by the withdrawal; the TRON
 * sweep strategy serves it (SERVING: energy delegated or rented to MASTER, or MASTER topped up with the
 * TRX to burn — every step recorded before it is ordered or broadcast) and closes it (DONE) once the
 * withdrawal's transfer is mined or the withdrawal ended, a delegation taken back and every step booked.
 * One request per (partner, withdrawal code): a retry finds it and never buys twice.
 */
export type MasterEnergyStatus = 'REQUESTED' | 'SERVING' | 'DONE';
export const MASTER_ENERGY_TRANSITIONS: Readonly<Record<MasterEnergyStatus, readonly MasterEnergyStatus[]>> =
  {
    // REQUESTED → REQUESTED: the withdrawal asks for more before the request is first served.
    REQUESTED: ['REQUESTED', 'SERVING', 'DONE'],
    SERVING: ['SERVING', 'DONE'],
    DONE: [],
  };

export function isMasterEnergyTransition(from: MasterEnergyStatus, to: MasterEnergyStatus): boolean {
  return MASTER_ENERGY_TRANSITIONS[from].includes(to);
}

/**
 * A signed withdrawal's ask (its attempt refused for want of TRX, energy or bandwidth) that the sweep
 * process has not answered yet — MASTER did not hold what it asks since it was made (ADR 0023 rule 9).
 */
export function askPending(request: { readonly askedAt?: string; readonly answeredAt?: string }): boolean {
  return (
    request.askedAt !== undefined &&
    !(request.answeredAt !== undefined && request.answeredAt >= request.askedAt)
  );
}

/** `TRON#<partner>#<code>`: the request's id, and the prefix of its rental orders' client order ids. */
export function masterEnergyRequestId(partnerId: string, code: string): string {
  return `TRON#${partnerId}#${code}`;
}
