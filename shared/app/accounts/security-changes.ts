import { withdrawalLockAfterChange } from '../../domain/accounts/security-locks';
import type { LockSubject, SecurityChange } from '../../domain/accounts/security-locks';
import type { AccountsDeps, RequestMeta } from './deps';
import { audit, metaDetails, userActor } from './deps';

/**
 * After a password, 2FA, email or API-key change, the changed credential's withdrawal actions are
 * blocked for 24 hours (the fraud lock): `subject` is the user whose sign-in security changed or the
 * API key that changed (security-locks.ts). `userId` is who made the change (the audit's actor).
 * Returns the unlock time.
 */
export async function applySecurityChange(
  deps: Pick<AccountsDeps, 'partnerSecurity' | 'audit' | 'clock' | 'onAuditFailure'>,
  change: {
    partnerId: string;
    userId: string;
    subject: LockSubject;
    kind: SecurityChange;
    action: string;
    meta?: RequestMeta;
    details?: Record<string, string | number | boolean | null>;
  },
): Promise<string> {
  const now = deps.clock.now();
  const current = await deps.partnerSecurity.get(change.partnerId);
  const until = withdrawalLockAfterChange(current.subjectLocks?.[change.subject], now);
  await deps.partnerSecurity.lockWithdrawals(
    change.partnerId,
    change.subject,
    until,
    change.kind,
    now.toISOString(),
  );
  await audit(deps, {
    partnerId: change.partnerId,
    actor: userActor(change.userId),
    action: change.action,
    outcome: 'SUCCESS',
    at: now.toISOString(),
    ...(change.meta ? { sourceIp: change.meta.sourceIp } : {}),
    details: {
      ...(change.meta ? metaDetails(change.meta) : {}),
      ...change.details,
      securityChange: change.kind,
      lockSubject: change.subject,
      withdrawalLockedUntil: until,
    },
  });
  return until;
}
