import { assertPermission } from '../../domain/accounts/permissions';
import {
  assertNotRequester,
  assertWithdrawalsAllowed,
  assertWithdrawalTwoFactor,
  userLockSubject,
} from '../../domain/accounts/security-locks';
import { GatewayError } from '../../domain/errors';
import type { AccountsDeps, OtpGuardDeps, ConsolePrincipal, RequestMeta } from './deps';
import { audit, metaDetails, userActor } from './deps';
import { requireOtp } from './require-otp';

export type WithdrawalAction = 'withdrawal.request' | 'withdrawal.approve' | 'withdrawal.reject';

/**
 * Every console money action on a withdrawal goes through this gate (the withdrawal use-cases call it
 * before touching the ledger): the permission, the 24-hour fraud lock (requesting and approving only:
 * rejecting never moves money), the 2FA rule with the partner's policy, four-eyes for decisions, and
 * a fresh OTP. Refusals are audited here; the use-case audits what it then does (auditMoneyAction).
 */
export async function guardWithdrawalAction(
  deps: OtpGuardDeps,
  principal: ConsolePrincipal,
  action: WithdrawalAction,
  otp: string | undefined,
  options: { meta?: RequestMeta; withdrawal?: { readonly id?: string; readonly requestedBy: string } } = {},
): Promise<void> {
  try {
    assertPermission(
      principal.permissions,
      action === 'withdrawal.request' ? 'withdrawal:request' : 'withdrawal:approve',
    );
    const security = await deps.partnerSecurity.get(principal.partnerId);
    if (action !== 'withdrawal.reject')
      assertWithdrawalsAllowed(security, deps.clock.now(), userLockSubject(principal.userId));
    assertWithdrawalTwoFactor(principal, security.policy);
    if (action !== 'withdrawal.request' && options.withdrawal)
      assertNotRequester(options.withdrawal, principal.userId, security.policy);
    await requireOtp(deps, principal, otp, action, {
      allowWithout2fa: security.policy.allowWithdrawalsWithout2fa,
      ...(options.meta ? { meta: options.meta } : {}),
    });
  } catch (e) {
    if (e instanceof GatewayError) {
      await auditMoneyAction(
        deps,
        principal,
        action,
        'DENIED',
        { ...(options.withdrawal?.id ? { withdrawalId: options.withdrawal.id } : {}) },
        options.meta,
        e.code,
      );
    }
    throw e;
  }
}

/**
 * A whitelist change (add or remove a withdrawal destination): refused while the user's own withdrawal
 * actions are locked after a change to their sign-in security (or a partner-wide lock), then a fresh
 * OTP. Refusals are audited like withdrawal refusals.
 */
export async function guardWhitelistChange(
  deps: OtpGuardDeps,
  principal: ConsolePrincipal,
  action: 'whitelist.add' | 'whitelist.remove',
  otp: string | undefined,
  meta?: RequestMeta,
): Promise<void> {
  try {
    const security = await deps.partnerSecurity.get(principal.partnerId);
    assertWithdrawalsAllowed(security, deps.clock.now(), userLockSubject(principal.userId));
    await requireOtp(deps, principal, otp, action, meta ? { meta } : {});
  } catch (e) {
    if (e instanceof GatewayError)
      await auditMoneyAction(deps, principal, action, 'DENIED', {}, meta, e.code);
    throw e;
  }
}

/** Appends a console user's money action (or its refusal) to the partner's audit log. */
export async function auditMoneyAction(
  deps: Pick<AccountsDeps, 'audit' | 'clock' | 'onAuditFailure'>,
  principal: Pick<ConsolePrincipal, 'userId' | 'partnerId' | 'sessionId'>,
  action: string,
  outcome: 'SUCCESS' | 'DENIED' | 'FAILED',
  details: Record<string, string | number | boolean | null>,
  meta?: RequestMeta,
  reason?: string,
): Promise<void> {
  await audit(deps, {
    partnerId: principal.partnerId,
    actor: userActor(principal.userId),
    action: `console.${action}`,
    outcome,
    at: deps.clock.now().toISOString(),
    ...(meta ? { sourceIp: meta.sourceIp } : {}),
    ...(reason ? { reason } : {}),
    details: { ...(meta ? metaDetails(meta) : {}), sessionId: principal.sessionId, ...details },
  });
}
