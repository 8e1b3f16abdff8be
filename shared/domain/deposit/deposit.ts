import { createHash } from 'node:crypto';
import { GatewayError } from '../errors';
import type { NetworkCode, TokenSymbol } from '../chains/networks';

/**
 * Deposits: DETECTED → CONFIRMING → CONFIRMED → COLLECTING → COLLECTED → SETTLED, branch FAILED.
 * Credited exactly once, at CONFIRMED, when the block is final and still canonical; a reorg before
 * that fails the deposit with no credit.
 */
export type DepositStatus =
  'DETECTED' | 'CONFIRMING' | 'CONFIRMED' | 'COLLECTING' | 'COLLECTED' | 'SETTLED' | 'FAILED';
export const DEPOSIT_STATUSES: readonly DepositStatus[] = [
  'DETECTED',
  'CONFIRMING',
  'CONFIRMED',
  'COLLECTING',
  'COLLECTED',
  'SETTLED',
  'FAILED',
];
export type DepositEvent =
  | 'CONFIRMATION_SEEN'
  | 'FINALIZED'
  | 'REORGED'
  | 'REJECTED'
  | 'SWEEP_STARTED'
  | 'SWEEP_FAILED'
  | 'SWEEP_CONFIRMED'
  /** The sweep that COLLECTED it left the chain (a reorg) and can never be mined again: swept anew. */
  | 'SWEEP_REORGED'
  | 'SETTLED';

const TRANSITIONS: Readonly<Record<DepositStatus, Partial<Record<DepositEvent, DepositStatus>>>> = {
  DETECTED: {
    CONFIRMATION_SEEN: 'CONFIRMING',
    FINALIZED: 'CONFIRMED',
    REORGED: 'FAILED',
    REJECTED: 'FAILED',
  },
  CONFIRMING: {
    CONFIRMATION_SEEN: 'CONFIRMING',
    FINALIZED: 'CONFIRMED',
    REORGED: 'FAILED',
    REJECTED: 'FAILED',
  },
  CONFIRMED: { SWEEP_STARTED: 'COLLECTING' },
  COLLECTING: { SWEEP_CONFIRMED: 'COLLECTED', SWEEP_FAILED: 'CONFIRMED' },
  COLLECTED: { SETTLED: 'SETTLED', SWEEP_REORGED: 'CONFIRMED' },
  SETTLED: {},
  FAILED: {},
};

export function transitionDeposit(from: DepositStatus, event: DepositEvent): DepositStatus {
  const to = TRANSITIONS[from][event];
  if (!to)
    throw new GatewayError('ILLEGAL_TRANSITION', `Deposit cannot ${event} from ${from}`, {
      details: { from, event },
    });
  return to;
}

/** How a deposit was tied to a partner's user. */
export type AttributionMethod =
  'HOT_ADDRESS' | 'RESERVATION' | 'EXTERNAL_WALLET' | 'POOL_AMOUNT' | 'UNATTRIBUTED';

/**
 * REORGED: dropped from the chain before finality. BELOW_MINIMUM: dust, recorded and not credited.
 * INTAKE_ERROR: the intake could not process the transfer (a data fault or a bug, never an outage of
 * the store); recorded FAILED with no credit so the network's poller moves on, alerted with its tx hash
 * for an operator to review (`failureDetail` says what broke; it is not shown to partners).
 */
export type FailureReason = 'REORGED' | 'BELOW_MINIMUM' | 'INTAKE_ERROR';

export interface Deposit {
  /** Deterministic from the chain fact: `<network>:<txHash>:<logIndex>`. */
  readonly id: string;
  /** Human code shown in the console and API, deterministic from the id. */
  readonly code: string;
  readonly partnerId: string;
  readonly userId: string | null;
  readonly method: AttributionMethod;
  readonly network: NetworkCode;
  readonly token: TokenSymbol;
  readonly asset: string;
  readonly txHash: string;
  readonly logIndex: number;
  readonly blockNumber: number;
  readonly blockHash: string;
  readonly fromAddress: string;
  readonly toAddress: string;
  /** The wallet the funds arrived in. */
  readonly walletType: 'HOT' | 'MASTER' | 'POOL';
  readonly amount: bigint;
  readonly fee: bigint;
  readonly netAmount: bigint;
  readonly status: DepositStatus;
  readonly confirmations: number;
  readonly requiredConfirmations: number;
  readonly failureReason?: FailureReason;
  /** INTAKE_ERROR only: what failed, for the operator (internal; not in partner views). */
  readonly failureDetail?: string;
  readonly ledgerEntryId?: string;
  readonly detectedAt: string;
  readonly confirmedAt?: string;
  readonly failedAt?: string;
  readonly updatedAt: string;
}

export function depositId(network: string, txHash: string, logIndex: number): string {
  return `${network}:${txHash.toLowerCase()}:${logIndex}`;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `D` + yymmdd of detection + 8 base32 characters of the id's hash: stable across retries. */
export function depositCode(id: string, detectedAt: string): string {
  const d = new Date(detectedAt);
  const ymd = `${String(d.getUTCFullYear()).slice(2)}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
  const hash = createHash('sha256').update(id).digest();
  let tail = '';
  for (let i = 0; i < 8; i++) tail += CROCKFORD[(hash[i] as number) % 32];
  return `D${ymd}${tail}`;
}

/** Confirmations of a block given the head (the block itself counts as one). */
export function confirmationsOf(blockNumber: number, latest: number): number {
  return Math.max(0, latest - blockNumber + 1);
}
