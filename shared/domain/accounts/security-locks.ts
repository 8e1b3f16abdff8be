import { GatewayError } from '../errors';

/**
 * Fraud protection around money leaving the platform. After a password, 2FA, email or API-key change
 * a partner's withdrawals are blocked for 24 hours: a stolen session that changes credentials cannot
 * cash out before the real owner notices. Accounts without 2FA may not move money unless the partner's
 * policy explicitly allows it. And by default nobody approves their own withdrawal (four-eyes).
 * Pure functions: the withdrawal use-cases call them with stored state and the current time.
 */
export const WITHDRAWAL_LOCK_MS = 24 * 60 * 60_000;

export type SecurityChange = 'PASSWORD' | 'TWO_FACTOR' | 'EMAIL' | 'API_KEY';

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

export function assertWithdrawalsAllowed(
  security: { readonly withdrawalLockedUntil?: string | undefined },
  now: Date,
): void {
  const until = security.withdrawalLockedUntil;
  if (until !== undefined && withdrawalsLocked(until, now)) {
    throw new GatewayError(
      'WITHDRAWAL_LOCKED',
      `Withdrawals are locked after a security change until ${until}`,
      {
        details: { unlockAt: until },
      },
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
