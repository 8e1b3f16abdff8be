import { assertPermission } from '../../domain/accounts/permissions';
import { assertNotRequester, assertWithdrawalsAllowed, assertWithdrawalTwoFactor } from '../../domain/accounts/security-locks';
import type { AccountsDeps, ConsolePrincipal, RequestMeta } from './deps';
import { requireOtp } from './require-otp';

/**
 * Every console money action on a withdrawal goes through this gate (the withdrawal use-cases call it
 * before touching the ledger): the permission, the 24-hour fraud lock (requesting and approving only:
 * rejecting never moves money), the 2FA rule with the partner's policy, four-eyes for decisions, and
 * a fresh OTP.
 */
export async function guardWithdrawalAction(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  action: 'withdrawal.request' | 'withdrawal.approve' | 'withdrawal.reject',
  otp: string | undefined,
  options: { meta?: RequestMeta; withdrawal?: { readonly requestedBy: string } } = {},
): Promise<void> {
  assertPermission(principal.permissions, action === 'withdrawal.request' ? 'withdrawal:request' : 'withdrawal:approve');
  const security = await deps.partnerSecurity.get(principal.partnerId);
  if (action !== 'withdrawal.reject') assertWithdrawalsAllowed(security, deps.clock.now());
  assertWithdrawalTwoFactor(principal, security.policy);
  if (action !== 'withdrawal.request' && options.withdrawal) assertNotRequester(options.withdrawal, principal.userId, security.policy);
  await requireOtp(deps, principal, otp, action, {
    allowWithout2fa: security.policy.allowWithdrawalsWithout2fa,
    ...(options.meta ? { meta: options.meta } : {}),
  });
}
