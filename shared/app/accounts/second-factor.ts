import { matchTotp, normalizeRecoveryCode, stepIsFresh } from '../../domain/accounts/totp';
import type { ConsoleUser } from '../../domain/accounts/user';
import { GatewayError } from '../../domain/errors';
import type { AccountsDeps, OtpGuardDeps, RequestMeta } from './deps';
import { audit, metaDetails, sha256Hex, userActor } from './deps';
import { throttledCheck } from './throttled-check';

export const totpSecretContext = (userId: string) => ({ purpose: 'totp-secret', userId });

export async function decryptTotpSecret(
  deps: Pick<AccountsDeps, 'keyVault'>,
  user: ConsoleUser,
): Promise<string> {
  const blob = user.twoFactor.secretCiphertext;
  if (!blob) throw new GatewayError('TWO_FACTOR_NOT_ENABLED', 'Two-factor authentication is not set up');
  return Buffer.from(await deps.keyVault.decrypt(blob, totpSecretContext(user.id))).toString('utf8');
}

/**
 * Verifies a TOTP code (or, where allowed, a recovery code) for an enabled 2FA user, under the
 * brute-force throttle. A code's time step is claimed with a conditional write, so the same code,
 * or an older one, never works twice (OTP_REPLAYED); a recovery code is deleted as it is used.
 */
export async function checkSecondFactor(
  deps: OtpGuardDeps,
  user: ConsoleUser,
  code: string,
  options: { ip?: string; allowRecoveryCode?: boolean; meta?: RequestMeta },
): Promise<'TOTP' | 'RECOVERY_CODE'> {
  if (!user.twoFactor.enabled)
    throw new GatewayError('TWO_FACTOR_NOT_ENABLED', 'Two-factor authentication is not on');
  const now = deps.clock.now().getTime();
  const usage: { kind: 'TOTP' | 'RECOVERY_CODE' } = { kind: 'TOTP' };
  const result = await throttledCheck(
    deps,
    { email: user.email, ...(options.ip ? { ip: options.ip } : {}) },
    async () => {
      const recovery = options.allowRecoveryCode ? normalizeRecoveryCode(code) : undefined;
      if (recovery) {
        usage.kind = 'RECOVERY_CODE';
        return (await deps.users.consumeRecoveryCode(user.id, sha256Hex(recovery))) ? 'OK' : 'INVALID';
      }
      const step = matchTotp(await decryptTotpSecret(deps, user), code, now);
      if (step === undefined) return 'INVALID';
      if (!stepIsFresh(user.twoFactor.lastUsedStep, step)) return 'REPLAYED';
      return (await deps.users.claimTotpStep(user.id, step)) ? 'OK' : 'REPLAYED';
    },
  );
  if (result === 'REPLAYED')
    throw new GatewayError('OTP_REPLAYED', 'This code was already used; wait for the next one');
  if (result !== 'OK') throw new GatewayError('OTP_INVALID', 'The code is not correct');
  if (usage.kind === 'RECOVERY_CODE') {
    await audit(deps, {
      partnerId: user.partnerId,
      actor: userActor(user.id),
      action: 'console.recoveryCodeUsed',
      outcome: 'SUCCESS',
      at: new Date(now).toISOString(),
      ...(options.meta ? { sourceIp: options.meta.sourceIp, details: metaDetails(options.meta) } : {}),
    });
  }
  return usage.kind;
}
