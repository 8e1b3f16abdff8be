import * as z from 'zod';
import { assertPasswordPolicy } from '../../domain/accounts/password-policy';
import { sessionLive } from '../../domain/accounts/session-lifetime';
import { tokenStatus } from '../../domain/accounts/sent-token';
import type { SentToken, SentTokenStatus } from '../../domain/accounts/sent-token';
import { userLockSubject, withdrawalLockOf } from '../../domain/accounts/security-locks';
import { toUserView } from '../../domain/accounts/user';
import type { ConsoleUser, UserView } from '../../domain/accounts/user';
import type { Permission } from '../../domain/accounts/permissions';
import { GatewayError } from '../../domain/errors';
import type { PartnerType } from '../../domain/partner/partner';
import type { AccountsDeps, ConsolePrincipal, RequestMeta } from './deps';
import { audit, EmailInput, metaDetails, OtpInput, parseInput, PasswordInput, userActor } from './deps';
import { emailVerificationEmail, securityNoticeEmail } from './emails';
import { consumeToken, issueToken, resolveToken } from './password-reset';
import { requireOtp } from './require-otp';
import { applySecurityChange } from './security-changes';
import { toSessionView } from './sessions';
import type { SessionView } from './sessions';
import { warningsFor } from './sign-in';
import { throttledCheck } from './throttled-check';

export interface MyAccount {
  readonly user: UserView;
  readonly permissions: readonly Permission[];
  readonly partner: {
    readonly id: string;
    readonly code: string;
    readonly name: string;
    readonly type: PartnerType;
    readonly status: string;
  };
  /** Banners for the console: `TWO_FACTOR_DISABLED`, `WITHDRAWALS_LOCKED`. */
  readonly warnings: readonly string[];
  readonly withdrawalLockedUntil: string | null;
}

async function loadUser(
  deps: AccountsDeps,
  principal: Pick<ConsolePrincipal, 'userId'>,
): Promise<ConsoleUser> {
  const user = await deps.users.get(principal.userId);
  if (!user) throw new GatewayError('SESSION_REVOKED', 'Sign in again');
  return user;
}

/** My account: profile, role and permissions, partner code and type, and the warnings to show. */
export async function getMyAccount(deps: AccountsDeps, principal: ConsolePrincipal): Promise<MyAccount> {
  const [user, partner, security] = await Promise.all([
    loadUser(deps, principal),
    deps.partners.get(principal.partnerId),
    deps.partnerSecurity.get(principal.partnerId),
  ]);
  if (!partner) throw new GatewayError('SESSION_REVOKED', 'Sign in again');
  // This user's own lock (their credential changed) or a partner-wide one: what refuses their actions.
  const lockedUntil = withdrawalLockOf(security, userLockSubject(principal.userId), deps.clock.now());
  return {
    user: toUserView(user),
    permissions: principal.permissions,
    partner: {
      id: partner.id,
      code: partner.code,
      name: partner.name,
      type: partner.type,
      status: partner.status,
    },
    warnings: [...warningsFor(user), ...(lockedUntil ? ['WITHDRAWALS_LOCKED'] : [])],
    withdrawalLockedUntil: lockedUntil ?? null,
  };
}

const ProfileInput = z.strictObject({ name: z.string().trim().min(1).max(120) });

export async function updateMyProfile(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  input: unknown,
): Promise<UserView> {
  const { name } = parseInput(ProfileInput, input);
  return toUserView(
    await deps.users.updateProfile(principal.userId, { name }, deps.clock.now().toISOString()),
  );
}

const ChangePasswordInput = z.strictObject({
  currentPassword: PasswordInput,
  newPassword: z.string().max(1024),
  otp: OtpInput.optional(),
});

/**
 * Change password: the current password (throttled like a sign-in), a fresh OTP, and a new password
 * that meets the policy. Other sessions end; withdrawals lock for 24 hours.
 */
export async function changePassword(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  input: unknown,
  meta: RequestMeta,
): Promise<{ withdrawalLockedUntil: string }> {
  const { currentPassword, newPassword, otp } = parseInput(ChangePasswordInput, input);
  assertPasswordPolicy(newPassword, 'newPassword');
  const user = await loadUser(deps, principal);
  const ok = await throttledCheck(deps, { email: user.email, ip: meta.sourceIp }, async () =>
    (await deps.passwords.verify(currentPassword, user.passwordHash)) ? 'OK' : 'WRONG',
  );
  if (ok !== 'OK') {
    await audit(deps, {
      partnerId: user.partnerId,
      actor: userActor(user.id),
      action: 'console.password.change',
      outcome: 'DENIED',
      at: deps.clock.now().toISOString(),
      sourceIp: meta.sourceIp,
      reason: 'CURRENT_PASSWORD_INVALID',
      details: metaDetails(meta),
    });
    throw new GatewayError('CURRENT_PASSWORD_INVALID', 'The current password is not correct');
  }
  // A temporary password (owner reset by the parent partner) is changed before anything else, 2FA or not.
  await requireOtp(deps, principal, otp, 'password.change', {
    meta,
    allowWithout2fa: user.passwordChangeRequired === true,
  });
  const now = deps.clock.now();
  await deps.users.setPassword(user.id, await deps.passwords.hash(newPassword), now.toISOString());
  await deps.sessions.revokeAllForUser(user.id, 'PASSWORD_CHANGED', now.getTime(), principal.sessionId);
  const until = await applySecurityChange(deps, {
    partnerId: user.partnerId,
    userId: user.id,
    subject: userLockSubject(user.id),
    kind: 'PASSWORD',
    action: 'console.password.change',
    meta,
  });
  await deps.email.send(
    securityNoticeEmail(user.email, 'PASSWORD_CHANGED', 'Your password was changed', now.toISOString()),
  );
  return { withdrawalLockedUntil: until };
}

const EmailChangeInput = z.strictObject({ newEmail: EmailInput, otp: OtpInput.optional() });

/** Asks to move the sign-in email: a verification link goes to the new address (OTP required). */
export async function requestEmailChange(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  input: unknown,
  meta: RequestMeta,
): Promise<{ sentTo: string }> {
  const { newEmail, otp } = parseInput(EmailChangeInput, input);
  const user = await loadUser(deps, principal);
  if (newEmail === user.email) throw new GatewayError('VALIDATION_FAILED', 'This is already your email');
  await requireOtp(deps, principal, otp, 'email.change', { meta });
  if (await deps.users.getByEmail(newEmail))
    throw new GatewayError('EMAIL_TAKEN', 'This email already has an account');
  const { token, record } = await issueToken(deps, {
    kind: 'EMAIL_VERIFICATION',
    partnerId: user.partnerId,
    userId: user.id,
    sentTo: newEmail,
    payload: { fromEmail: user.email },
  });
  await deps.email.send(emailVerificationEmail(newEmail, deps.consoleUrl, token, 24));
  await audit(deps, {
    partnerId: user.partnerId,
    actor: userActor(user.id),
    action: 'console.email.changeRequested',
    outcome: 'SUCCESS',
    at: deps.clock.now().toISOString(),
    sourceIp: meta.sourceIp,
    details: { ...metaDetails(meta), tokenId: record.id },
  });
  return { sentTo: newEmail };
}

const VerifyEmailInput = z.strictObject({ token: z.string().min(1).max(200) });

/**
 * Applies an email change from the verification link. Other sessions end, the old address is told,
 * withdrawals lock for 24 hours.
 */
export async function confirmEmailChange(
  deps: AccountsDeps,
  input: unknown,
  meta: RequestMeta,
): Promise<{ email: string }> {
  const { token } = parseInput(VerifyEmailInput, input);
  const record = await resolveToken(deps, token, 'EMAIL_VERIFICATION');
  const user = record.userId ? await deps.users.get(record.userId) : undefined;
  const fromEmail = record.payload?.['fromEmail'];
  if (!user || user.status !== 'ACTIVE' || !fromEmail || user.email !== fromEmail)
    throw new GatewayError('TOKEN_INVALID', 'This link is not valid');
  await consumeToken(deps, record);
  const now = deps.clock.now();
  await deps.users.changeEmail(user.id, fromEmail, record.sentTo, now.toISOString());
  await deps.sessions.revokeAllForUser(user.id, 'EMAIL_CHANGED', now.getTime());
  await applySecurityChange(deps, {
    partnerId: user.partnerId,
    userId: user.id,
    subject: userLockSubject(user.id),
    kind: 'EMAIL',
    action: 'console.email.change',
    meta,
    details: { tokenId: record.id },
  });
  await deps.email.send(
    securityNoticeEmail(
      fromEmail,
      'EMAIL_CHANGED',
      `Your sign-in email was changed to ${record.sentTo}`,
      now.toISOString(),
    ),
  );
  return { email: record.sentTo };
}

export interface SecurityStatus {
  readonly twoFactorEnabled: boolean;
  readonly recoveryCodesLeft: number;
  readonly passwordChangedAt: string;
  readonly lastSignInAt: string | null;
  readonly lastSignInIp: string | null;
  readonly activeSessions: readonly SessionView[];
  readonly withdrawalLockedUntil: string | null;
  readonly withdrawalPolicy: { readonly allowWithdrawalsWithout2fa: boolean; readonly fourEyes: boolean };
}

/** Security status: 2FA on?, last password change, active sessions, withdrawal lock. */
export async function getSecurityStatus(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
): Promise<SecurityStatus> {
  const [user, sessions, security] = await Promise.all([
    loadUser(deps, principal),
    deps.sessions.listByUser(principal.userId),
    deps.partnerSecurity.get(principal.partnerId),
  ]);
  const now = deps.clock.now();
  return {
    twoFactorEnabled: user.twoFactor.enabled,
    recoveryCodesLeft: user.twoFactor.recoveryCodeHashes?.length ?? 0,
    passwordChangedAt: user.passwordChangedAt,
    lastSignInAt: user.lastSignInAt ?? null,
    lastSignInIp: user.lastSignInIp ?? null,
    activeSessions: sessions
      .filter((s) => sessionLive(s, now.getTime()) === 'ACTIVE')
      .map((s) => toSessionView(s, now.getTime(), principal.sessionId)),
    withdrawalLockedUntil: withdrawalLockOf(security, userLockSubject(principal.userId), now) ?? null,
    withdrawalPolicy: security.policy,
  };
}

export interface SentTokenView {
  readonly id: string;
  readonly kind: SentToken['kind'];
  readonly sentTo: string;
  readonly sentAt: string;
  readonly expiresAt: string;
  readonly status: SentTokenStatus;
  readonly usedAt: string | null;
}

export function toSentTokenView(t: SentToken, now: Date): SentTokenView {
  return {
    id: t.id,
    kind: t.kind,
    sentTo: t.sentTo,
    sentAt: t.createdAt,
    expiresAt: t.expiresAt,
    status: tokenStatus(t, now),
    usedAt: t.usedAt ?? null,
  };
}

/** The tokens sent to an address (reset, invitation, verification) with their status, for one partner. */
export async function sentTokensFor(
  deps: AccountsDeps,
  email: string,
  partnerId: string,
): Promise<SentTokenView[]> {
  const now = deps.clock.now();
  return (await deps.sentTokens.listBySentTo(email))
    .filter((t) => t.partnerId === partnerId)
    .map((t) => toSentTokenView(t, now));
}

export async function listMySentTokens(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
): Promise<SentTokenView[]> {
  const user = await loadUser(deps, principal);
  return sentTokensFor(deps, user.email, principal.partnerId);
}
