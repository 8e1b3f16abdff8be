import { randomBytes } from 'node:crypto';
import { create as createQrCode } from 'qrcode/lib/core/qrcode';
import { render as renderSvg } from 'qrcode/lib/renderer/svg-tag';
import * as z from 'zod';
import {
  base32Encode,
  formatRecoveryCode,
  matchTotp,
  RECOVERY_CODE_COUNT,
  totpUri,
} from '../../domain/accounts/totp';
import { userLockSubject } from '../../domain/accounts/security-locks';
import { GatewayError } from '../../domain/errors';
import type { AccountsDeps, ConsolePrincipal, RequestMeta } from './deps';
import { audit, metaDetails, OtpInput, parseInput, sha256Hex, userActor } from './deps';
import { securityNoticeEmail } from './emails';
import { requireOtp } from './require-otp';
import { checkSecondFactor, decryptTotpSecret, totpSecretContext } from './second-factor';
import { applySecurityChange } from './security-changes';

export const TOTP_ISSUER = 'Stablecoin Gateway';
const CodeInput = z.strictObject({ code: OtpInput });
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export interface TwoFactorSetup {
  readonly otpauthUri: string;
  /** SVG data URL of the otpauth URI's QR code, for the console to show as an image. */
  readonly qrCodeDataUrl: string;
  /** The same secret for typing into an app by hand. */
  readonly secret: string;
}

async function loadUser(deps: AccountsDeps, principal: Pick<ConsolePrincipal, 'userId'>) {
  const user = await deps.users.get(principal.userId);
  if (!user) throw new GatewayError('SESSION_REVOKED', 'Sign in again');
  return user;
}

/** Ten single-use codes, returned once; only their hashes are kept. */
function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const bodies = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    Array.from(randomBytes(16), (b) => BASE32[b % 32]).join(''),
  );
  return { codes: bodies.map(formatRecoveryCode), hashes: bodies.map(sha256Hex) };
}

/**
 * The QR code of a text as an SVG data URL: qrcode's matrix and SVG renderer only, so the function
 * carries no PNG encoder (pngjs); an `<img>` shows it as it showed the PNG.
 */
export function qrCodeSvgDataUrl(text: string): string {
  const svg = renderSvg(createQrCode(text, { errorCorrectionLevel: 'M' }), { margin: 2, width: 240 });
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

/**
 * Starts 2FA set-up: a new secret (stored encrypted, not yet active), as an otpauth:// URI and a QR
 * code. 2FA is on only once a code from it is confirmed.
 */
export async function beginTwoFactorSetup(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
): Promise<TwoFactorSetup> {
  const user = await loadUser(deps, principal);
  if (user.twoFactor.enabled)
    throw new GatewayError(
      'TWO_FACTOR_ALREADY_ENABLED',
      'Two-factor authentication is already on; disable it first',
    );
  // 160 bits, the key length RFC 4226 recommends for HMAC-SHA1.
  const secret = base32Encode(randomBytes(20));
  const blob = await deps.keyVault.encrypt(Buffer.from(secret, 'utf8'), totpSecretContext(user.id));
  await deps.users.beginTwoFactorSetup(user.id, blob, deps.clock.now().toISOString());
  const otpauthUri = totpUri(TOTP_ISSUER, user.email, secret);
  return {
    otpauthUri,
    qrCodeDataUrl: qrCodeSvgDataUrl(otpauthUri),
    secret,
  };
}

/**
 * Confirms set-up with a correct code: 2FA is on and recovery codes are issued. A first enrollment is
 * security going up and locks nothing; turning 2FA on again after it was off locks this user's
 * withdrawal actions for 24 h (`withdrawalLockedUntil`, else null).
 */
export async function enableTwoFactor(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  input: unknown,
  meta: RequestMeta,
): Promise<{ recoveryCodes: string[]; withdrawalLockedUntil: string | null }> {
  const { code } = parseInput(CodeInput, input);
  const user = await loadUser(deps, principal);
  if (user.twoFactor.enabled)
    throw new GatewayError('TWO_FACTOR_ALREADY_ENABLED', 'Two-factor authentication is already on');
  if (!user.twoFactor.pending || !user.twoFactor.secretCiphertext)
    throw new GatewayError('TWO_FACTOR_SETUP_MISSING', 'Start the set-up first');
  const step = matchTotp(await decryptTotpSecret(deps, user), code, deps.clock.now().getTime());
  if (step === undefined)
    throw new GatewayError('OTP_INVALID', 'The code is not correct; check the time on your phone');
  const { codes, hashes } = newRecoveryCodes();
  if (!(await deps.users.enableTwoFactor(user.id, step, hashes, deps.clock.now().toISOString()))) {
    throw new GatewayError('OTP_REPLAYED', 'This code was already used; wait for the next one');
  }
  await deps.sessions.revokeAllForUser(
    user.id,
    'TWO_FACTOR_ENABLED',
    deps.clock.now().getTime(),
    principal.sessionId,
  );
  const change = {
    partnerId: user.partnerId,
    userId: user.id,
    subject: userLockSubject(user.id),
    kind: 'TWO_FACTOR' as const,
    action: 'console.twoFactor.enable',
    meta,
  };
  let until: string | null = null;
  if (user.twoFactor.disabledAt) until = await applySecurityChange(deps, change);
  else
    await audit(deps, {
      partnerId: user.partnerId,
      actor: userActor(user.id),
      action: change.action,
      outcome: 'SUCCESS',
      at: deps.clock.now().toISOString(),
      sourceIp: meta.sourceIp,
      details: { ...metaDetails(meta), firstEnrollment: true },
    });
  await deps.email.send(
    securityNoticeEmail(
      user.email,
      'TWO_FACTOR_CHANGED',
      'Two-factor authentication was turned on',
      deps.clock.now().toISOString(),
    ),
  );
  return { recoveryCodes: codes, withdrawalLockedUntil: until };
}

/** Turns 2FA off; needs a current code (or a recovery code, for a lost phone). Withdrawals lock 24 h. */
export async function disableTwoFactor(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  input: unknown,
  meta: RequestMeta,
): Promise<{ withdrawalLockedUntil: string }> {
  const { code } = parseInput(CodeInput, input);
  const user = await loadUser(deps, principal);
  if (!user.twoFactor.enabled)
    throw new GatewayError('TWO_FACTOR_NOT_ENABLED', 'Two-factor authentication is not on');
  await checkSecondFactor(deps, user, code, { ip: meta.sourceIp, allowRecoveryCode: true, meta });
  await deps.users.disableTwoFactor(user.id, deps.clock.now().toISOString());
  const until = await applySecurityChange(deps, {
    partnerId: user.partnerId,
    userId: user.id,
    subject: userLockSubject(user.id),
    kind: 'TWO_FACTOR',
    action: 'console.twoFactor.disable',
    meta,
  });
  await deps.email.send(
    securityNoticeEmail(
      user.email,
      'TWO_FACTOR_CHANGED',
      'Two-factor authentication was turned off',
      deps.clock.now().toISOString(),
    ),
  );
  return { withdrawalLockedUntil: until };
}

/** New recovery codes (the old ones stop working); needs a current code. */
export async function regenerateRecoveryCodes(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  input: unknown,
  meta: RequestMeta,
): Promise<{ recoveryCodes: string[] }> {
  const { code } = parseInput(CodeInput, input);
  await requireOtp(deps, principal, code, 'twoFactor.recoveryCodes', { meta });
  const { codes, hashes } = newRecoveryCodes();
  await deps.users.replaceRecoveryCodes(principal.userId, hashes, deps.clock.now().toISOString());
  await audit(deps, {
    partnerId: principal.partnerId,
    actor: userActor(principal.userId),
    action: 'console.twoFactor.recoveryCodes',
    outcome: 'SUCCESS',
    at: deps.clock.now().toISOString(),
    sourceIp: meta.sourceIp,
    details: metaDetails(meta),
  });
  return { recoveryCodes: codes };
}
