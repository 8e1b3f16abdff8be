import { GatewayError } from '../../domain/errors';
import type { OtpGuardDeps, ConsolePrincipal, RequestMeta } from './deps';
import { audit, metaDetails, userActor } from './deps';
import { checkSecondFactor } from './second-factor';

/** Actions that need a fresh 6-digit code from the user's authenticator. */
export const OTP_GATED_ACTIONS = [
  'withdrawal.request',
  'withdrawal.approve',
  'withdrawal.reject',
  'withdrawal.cancel',
  'withdrawal.settings',
  'whitelist.add',
  'whitelist.remove',
  'password.change',
  'apiKey.create',
  'apiKey.revoke',
  'apiKey.allowlist',
  'webhook.secret.change',
  'subpartner.create',
  'subpartner.delete',
  'subpartner.update',
  'subpartner.status',
  'subpartner.password.reset',
  'email.change',
  'twoFactor.disable',
  'twoFactor.recoveryCodes',
  'security.policy',
  'invoice.pay',
] as const;
export type OtpGatedAction = (typeof OTP_GATED_ACTIONS)[number];

/**
 * The OTP gate in front of sensitive console actions. Users without 2FA are refused
 * (TWO_FACTOR_REQUIRED) unless the caller allows it (withdrawals, when the partner's policy says so);
 * a missing code is OTP_REQUIRED; a wrong one OTP_INVALID; a code whose time step was already used
 * OTP_REPLAYED. Failures count against the account's brute-force throttle and are audited.
 */
export async function requireOtp(
  deps: OtpGuardDeps,
  principal: Pick<ConsolePrincipal, 'userId' | 'partnerId'>,
  code: string | undefined,
  action: OtpGatedAction,
  options: { meta?: RequestMeta; allowWithout2fa?: boolean } = {},
): Promise<void> {
  const user = await deps.users.get(principal.userId);
  if (!user || user.partnerId !== principal.partnerId)
    throw new GatewayError('SESSION_REVOKED', 'Sign in again');
  if (!user.twoFactor.enabled) {
    if (options.allowWithout2fa) return;
    throw new GatewayError(
      'TWO_FACTOR_REQUIRED',
      `Enable two-factor authentication to ${action.replace('.', ' ')}`,
    );
  }
  if (!code) throw new GatewayError('OTP_REQUIRED', 'Enter the 6-digit code from your authenticator app');
  try {
    await checkSecondFactor(deps, user, code, {
      ...(options.meta ? { ip: options.meta.sourceIp, meta: options.meta } : {}),
    });
  } catch (e) {
    await audit(deps, {
      partnerId: principal.partnerId,
      actor: userActor(principal.userId),
      action: 'console.otp',
      outcome: 'DENIED',
      at: deps.clock.now().toISOString(),
      reason: e instanceof GatewayError ? e.code : 'ERROR',
      ...(options.meta ? { sourceIp: options.meta.sourceIp } : {}),
      details: { ...(options.meta ? metaDetails(options.meta) : {}), gatedAction: action },
    });
    throw e;
  }
}
