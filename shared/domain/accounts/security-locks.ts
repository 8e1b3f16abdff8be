import { GatewayError } from '../errors';

/**
 * Fraud protection around money leaving the platform. The 24-hour withdrawal lock follows the
 * credential that changed (ADR 0005):
 * - a user's password, email or 2FA change (turning 2FA off, or on again after it was off) locks *that
 *   user's* withdrawal requests, approvals and whitelist changes — not their colleagues';
 * - an API key created or its IP allowlist changed locks withdrawals requested *through that key*;
 * - security going up locks nothing: a first-time 2FA enrollment, revoking a key.
 * A stolen session or key that changes credentials cannot cash out before the real owner notices, and
 * a new approver turning on 2FA does not stop the owner approving a waiting withdrawal.
 * A partner-wide lock (`withdrawalLockedUntil`, written before this rule) is still honoured until it
 * expires. Accounts without 2FA may not move money unless the partner's policy explicitly allows it.
 * And by default nobody approves their own withdrawal (four-eyes). Pure functions: the withdrawal
 * use-cases call them with stored state and the current time.
 */
export const WITHDRAWAL_LOCK_MS = 24 * 60 * 60_000;

export type SecurityChange = 'PASSWORD' | 'TWO_FACTOR' | 'EMAIL' | 'API_KEY';

/** Whose withdrawals a lock holds: one console user, or one API key. */
export type LockSubject = `user:${string}` | `apikey:${string}`;

export const userLockSubject = (userId: string): LockSubject => `user:${userId}`;
export const apiKeyLockSubject = (apiKeyId: string): LockSubject => `apikey:${apiKeyId}`;

/** The subject of a withdrawal requester (`Requester` of the withdrawal domain). */
export const requesterLockSubject = (requester: {
  readonly kind: 'user' | 'apiKey';
  readonly id: string;
}): LockSubject =>
  requester.kind === 'user' ? userLockSubject(requester.id) : apiKeyLockSubject(requester.id);

/** What the lock check reads: the partner-wide lock (older records) and the per-subject locks. */
export interface WithdrawalLocks {
  readonly withdrawalLockedUntil?: string | undefined;
  readonly subjectLocks?: Readonly<Record<string, string>> | undefined;
}

export interface WithdrawalPolicy {
  /** Withdrawals by users without 2FA are refused unless this is true. */
  readonly allowWithdrawalsWithout2fa: boolean;
  /** The requester of a withdrawal may not approve it. */
  readonly fourEyes: boolean;
}

export const DEFAULT_WITHDRAWAL_POLICY: WithdrawalPolicy = {
  allowWithdrawalsWithout2fa: false,
  fourEyes: true,
};

/** The lock after a security change at `now`; never shortens a lock already in place. */
export function withdrawalLockAfterChange(currentLockedUntil: string | undefined, now: Date): string {
  const until = new Date(now.getTime() + WITHDRAWAL_LOCK_MS).toISOString();
  return currentLockedUntil && currentLockedUntil > until ? currentLockedUntil : until;
}

export function withdrawalsLocked(lockedUntil: string | undefined, now: Date): boolean {
  return lockedUntil !== undefined && Date.parse(lockedUntil) > now.getTime();
}

/** When `subject`'s withdrawals unlock (the later of its own lock and a partner-wide one); undefined when free. */
export function withdrawalLockOf(
  locks: WithdrawalLocks,
  subject: LockSubject,
  now: Date,
): string | undefined {
  const own = locks.subjectLocks?.[subject];
  const candidates = [locks.withdrawalLockedUntil, own].filter(
    (u): u is string => u !== undefined && withdrawalsLocked(u, now),
  );
  return candidates.sort().at(-1);
}

export function assertWithdrawalsAllowed(locks: WithdrawalLocks, now: Date, subject: LockSubject): void {
  const until = withdrawalLockOf(locks, subject, now);
  if (until !== undefined) {
    const scope =
      until === locks.withdrawalLockedUntil ? 'PARTNER' : subject.startsWith('user:') ? 'USER' : 'API_KEY';
    throw new GatewayError(
      'WITHDRAWAL_LOCKED',
      scope === 'API_KEY'
        ? `Withdrawals through this API key are locked after it changed, until ${until}`
        : scope === 'USER'
          ? `Your withdrawal actions are locked after a change to your sign-in security, until ${until}`
          : `Withdrawals are locked after a security change until ${until}`,
      { details: { unlockAt: until, scope } },
    );
  }
}

export function assertWithdrawalTwoFactor(
  user: { readonly twoFactorEnabled: boolean },
  policy: Pick<WithdrawalPolicy, 'allowWithdrawalsWithout2fa'>,
): void {
  if (!user.twoFactorEnabled && !policy.allowWithdrawalsWithout2fa) {
    throw new GatewayError('TWO_FACTOR_REQUIRED', 'Enable two-factor authentication to move money');
  }
}

/** Four-eyes: whoever requested a withdrawal cannot approve (or reject) it when the policy says so. */
export function assertNotRequester(
  withdrawal: { readonly requestedBy: string },
  approverUserId: string,
  policy: Pick<WithdrawalPolicy, 'fourEyes'>,
): void {
  if (policy.fourEyes && withdrawal.requestedBy === approverUserId) {
    throw new GatewayError('FOUR_EYES_VIOLATION', 'A second person must approve a withdrawal you requested');
  }
}
