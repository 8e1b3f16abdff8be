import { createHash } from 'node:crypto';
import { GatewayError } from '../errors';
import type { NetworkCode, TokenSymbol } from '../chains/networks';

/**
 * Withdrawals: REQUESTED → PENDING_APPROVAL → APPROVED → PROCESSING → BROADCASTING → CONFIRMED,
 * branches REJECTED, FAILED, CANCELLED (DESIGN §5). Funds are held at REQUESTED, debited at CONFIRMED,
 * released at REJECTED / CANCELLED / FAILED. A withdrawal reaches FAILED only when no transaction of
 * it can be mined any more (never signed, or mined and reverted), so FAILED always releases the hold;
 * cancelling a FAILED withdrawal only closes it.
 */
export type WithdrawalStatus =
  | 'REQUESTED'
  | 'PENDING_APPROVAL'
  | 'APPROVED'
  | 'PROCESSING'
  | 'BROADCASTING'
  | 'CONFIRMED'
  | 'REJECTED'
  | 'FAILED'
  | 'CANCELLED';
export const WITHDRAWAL_STATUSES: readonly WithdrawalStatus[] = [
  'REQUESTED',
  'PENDING_APPROVAL',
  'APPROVED',
  'PROCESSING',
  'BROADCASTING',
  'CONFIRMED',
  'REJECTED',
  'FAILED',
  'CANCELLED',
];

export type WithdrawalEvent =
  | 'NEEDS_APPROVAL'
  | 'AUTO_APPROVE'
  | 'APPROVE'
  | 'REJECT'
  | 'CANCEL'
  | 'APPROVAL_EXPIRED'
  | 'START_PROCESSING'
  | 'BROADCAST'
  | 'CONFIRM'
  | 'FAIL';

const TRANSITIONS: Readonly<Record<WithdrawalStatus, Partial<Record<WithdrawalEvent, WithdrawalStatus>>>> = {
  REQUESTED: {
    NEEDS_APPROVAL: 'PENDING_APPROVAL',
    AUTO_APPROVE: 'APPROVED',
    CANCEL: 'CANCELLED',
    FAIL: 'FAILED',
  },
  PENDING_APPROVAL: {
    APPROVE: 'APPROVED',
    REJECT: 'REJECTED',
    CANCEL: 'CANCELLED',
    APPROVAL_EXPIRED: 'CANCELLED',
  },
  APPROVED: { START_PROCESSING: 'PROCESSING', CANCEL: 'CANCELLED', FAIL: 'FAILED' },
  // PROCESSING → FAILED only while nothing was signed (the use-case checks; a signed transaction must
  // be mined or replaced, because its nonce is spent).
  PROCESSING: { BROADCAST: 'BROADCASTING', FAIL: 'FAILED' },
  // BROADCASTING → FAILED only when the mined transaction reverted.
  BROADCASTING: { CONFIRM: 'CONFIRMED', FAIL: 'FAILED' },
  CONFIRMED: {},
  REJECTED: {},
  FAILED: { CANCEL: 'CANCELLED' },
  CANCELLED: {},
};

/** The status after `event`, or ILLEGAL_TRANSITION (409) — never a silent overwrite. */
export function transitionWithdrawal(from: WithdrawalStatus, event: WithdrawalEvent): WithdrawalStatus {
  const to = TRANSITIONS[from][event];
  if (!to) {
    throw new GatewayError(
      'ILLEGAL_TRANSITION',
      `A ${from} withdrawal cannot ${event.toLowerCase().replace('_', ' ')}`,
      {
        details: { from, event },
      },
    );
  }
  return to;
}

export function canTransition(from: WithdrawalStatus, event: WithdrawalEvent): boolean {
  return TRANSITIONS[from][event] !== undefined;
}

/** Not yet broadcast: the statuses a withdrawal may be cancelled from. */
export const CANCELLABLE: readonly WithdrawalStatus[] = [
  'REQUESTED',
  'PENDING_APPROVAL',
  'APPROVED',
  'FAILED',
];
export const TERMINAL: readonly WithdrawalStatus[] = ['CONFIRMED', 'REJECTED', 'CANCELLED'];
/** Statuses whose hold is still open (released or posted in every other one). */
export const HOLDING: readonly WithdrawalStatus[] = [
  'REQUESTED',
  'PENDING_APPROVAL',
  'APPROVED',
  'PROCESSING',
  'BROADCASTING',
];

export function isTerminal(status: WithdrawalStatus): boolean {
  return TERMINAL.includes(status);
}

/** USER: for a partner's end user (API with userId); API: the partner's own; MANUAL: from the console. */
export type WithdrawalType = 'USER' | 'API' | 'MANUAL';

export interface Requester {
  readonly kind: 'user' | 'apiKey';
  readonly id: string;
}

/** One signed transaction of a withdrawal; replacements share the nonce with a higher price. */
export interface WithdrawalTxAttempt {
  readonly hash: string;
  readonly raw: string;
  readonly gasPrice: bigint;
  readonly signedAt: string;
}

export interface WithdrawalTx {
  readonly from: string;
  readonly nonce: number;
  readonly gasLimit: bigint;
  readonly attempts: readonly WithdrawalTxAttempt[];
  readonly broadcastAt?: string;
  /** The attempt that was mined, with its receipt facts. */
  readonly minedHash?: string;
  readonly blockNumber?: number;
  readonly gasUsed?: bigint;
  readonly effectiveGasPrice?: bigint;
  /**
   * Set when the withdrawal failed after its nonce was allocated but before its transfer was signed:
   * the nonce is filled instead (every attempt is a zero-value self-transfer from MASTER), so later
   * withdrawals of the same MASTER are not blocked behind a gap. Once the filler is final the
   * withdrawal is FAILED with `reason` and its hold released (docs/adr/0010-nonce-gaps-and-stalls.md).
   */
  readonly fill?: { readonly reason: string; readonly at: string };
}

export interface StatusChange {
  readonly status: WithdrawalStatus;
  readonly at: string;
  readonly by?: string;
}

export interface Withdrawal {
  readonly partnerId: string;
  /** Human code, also the id: `W` + yymmdd + 8 base32 characters of the idempotency hash. */
  readonly code: string;
  readonly type: WithdrawalType;
  readonly network: NetworkCode;
  readonly token: TokenSymbol;
  readonly asset: string;
  readonly amount: bigint;
  readonly fee: bigint;
  readonly address: string;
  readonly whitelistEntryId?: string;
  readonly userId?: string;
  readonly reference?: string;
  readonly status: WithdrawalStatus;
  readonly requiresApproval: boolean;
  readonly requestedBy: Requester;
  readonly requestHash: string;
  readonly decidedBy?: string;
  readonly rejectReason?: string;
  readonly failureReason?: string;
  readonly tx?: WithdrawalTx;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly confirmedAt?: string;
  readonly history: readonly StatusChange[];
  /** The partner's ancestors, parent first, for the sub-partner counters (ADR 0032); absent before them. */
  readonly ancestry?: readonly string[];
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * `W` + yymmdd + 8 base32 characters of sha256(partner, idempotency key): the same key always names
 * the same withdrawal, so a retried request finds the first one instead of creating a second.
 */
export function withdrawalCode(partnerId: string, idempotencyKey: string, requestedAt: string): string {
  const d = new Date(requestedAt);
  const ymd = `${String(d.getUTCFullYear()).slice(2)}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
  const hash = createHash('sha256').update(`${partnerId}\n${idempotencyKey}`).digest();
  let tail = '';
  for (let i = 0; i < 8; i++) tail += CROCKFORD[(hash[i] as number) % 32];
  return `W${ymd}${tail}`;
}

/** Ledger entry ids of a withdrawal (shared/domain/ledger/README.md). */
export const withdrawalEntryIds = (code: string) => ({
  hold: `withdrawal:${code}:hold`,
  post: `withdrawal:${code}:post`,
  void: `withdrawal:${code}:void`,
});

/**
 * A replacement's gas price: at least 15 % above the previous attempt (nodes refuse smaller bumps;
 * geth wants 10 %, some pools more) and never below what the network asks now.
 */
export function bumpedGasPrice(previous: bigint, current: bigint, bumpPercent = 15n): bigint {
  const bumped = (previous * (100n + bumpPercent) + 99n) / 100n;
  return bumped > current ? bumped : current;
}
