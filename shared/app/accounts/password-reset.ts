import { userLockSubject } from '../../domain/accounts/security-locks';
import * as z from 'zod';
import { assertPasswordPolicy } from '../../domain/accounts/password-policy';
import { assertTokenUsable, parseTokenString, TOKEN_TTL_MS } from '../../domain/accounts/sent-token';
import type { SentToken } from '../../domain/accounts/sent-token';
import { GatewayError } from '../../domain/errors';
import type { AccountsDeps, RequestMeta } from './deps';
import {
  audit,
  EmailInput,
  metaDetails,
  newId,
  parseInput,
  randomSecret,
  sha256Hex,
  userActor,
} from './deps';
import { passwordResetEmail, securityNoticeEmail } from './emails';
import { applySecurityChange } from './security-changes';

const ForgotInput = z.strictObject({ email: EmailInput });
const ResetInput = z.strictObject({ token: z.string().min(1).max(200), newPassword: z.string().max(1024) });

/** Don't mail the same account more than once a minute (mail bombing, SES reputation). */
const RESEND_INTERVAL_MS = 60_000;

/**
 * Issues a single-use, expiring token and mails it. `kind`'s previous outstanding tokens for the same
 * recipient (and subject) are revoked, so only the newest link works.
 */
export async function issueToken(
  deps: AccountsDeps,
  token: Omit<SentToken, 'id' | 'secretHash' | 'status' | 'createdAt' | 'expiresAt'>,
): Promise<{ token: string; record: SentToken }> {
  const now = deps.clock.now();
  await deps.sentTokens.revokeOutstanding(token.sentTo, token.kind, now.toISOString(), token.subjectId);
  const id = newId('tk');
  const secret = randomSecret();
  const record: SentToken = {
    ...token,
    id,
    secretHash: sha256Hex(secret),
    status: 'SENT',
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + TOKEN_TTL_MS[token.kind]).toISOString(),
  };
  await deps.sentTokens.create(record);
  return { token: `${id}.${secret}`, record };
}

/** Finds the token a link carries and checks it can still be used; consuming it is the caller's job. */
export async function resolveToken(
  deps: AccountsDeps,
  value: string,
  kind: SentToken['kind'],
): Promise<SentToken> {
  const parsed = parseTokenString(value);
  const record = parsed ? await deps.sentTokens.get(parsed.id) : undefined;
  if (!parsed || !record || record.kind !== kind || record.secretHash !== sha256Hex(parsed.secret)) {
    throw new GatewayError('TOKEN_INVALID', 'This link is not valid');
  }
  assertTokenUsable(record, deps.clock.now());
  return record;
}

/** Single use, enforced by a conditional write: a second request with the same token loses. */
export async function consumeToken(deps: AccountsDeps, record: SentToken): Promise<void> {
  const at = deps.clock.now();
  if (!(await deps.sentTokens.markUsed(record.id, at.toISOString()))) {
    const current = await deps.sentTokens.get(record.id);
    if (current) assertTokenUsable(current, at);
    throw new GatewayError('TOKEN_ALREADY_USED', 'This link was already used');
  }
}

/**
 * "Forgot password": always the same answer, whether the email has an account or not. For an active
 * account a reset link (30 minutes, single use) goes out by email.
 */
export async function requestPasswordReset(
  deps: AccountsDeps,
  input: unknown,
  meta: RequestMeta,
): Promise<void> {
  const { email } = parseInput(ForgotInput, input);
  const user = await deps.users.getByEmail(email);
  const now = deps.clock.now();
  const base = { action: 'console.password.resetRequested', at: now.toISOString(), sourceIp: meta.sourceIp };
  if (!user || user.status !== 'ACTIVE') {
    await audit(deps, {
      ...base,
      partnerId: null,
      actor: { type: 'USER', id: 'unknown' },
      outcome: 'DENIED',
      reason: 'NO_ACTIVE_ACCOUNT',
      details: { ...metaDetails(meta), email },
    });
    return;
  }
  const recent = (await deps.sentTokens.listBySentTo(email)).find(
    (t) =>
      t.kind === 'PASSWORD_RESET' &&
      t.status === 'SENT' &&
      now.getTime() - Date.parse(t.createdAt) < RESEND_INTERVAL_MS,
  );
  if (recent) {
    await audit(deps, {
      ...base,
      partnerId: user.partnerId,
      actor: userActor(user.id),
      outcome: 'DENIED',
      reason: 'TOO_SOON',
      details: metaDetails(meta),
    });
    return;
  }
  const { token, record } = await issueToken(deps, {
    kind: 'PASSWORD_RESET',
    partnerId: user.partnerId,
    userId: user.id,
    sentTo: email,
  });
  await deps.email.send(
    passwordResetEmail(email, deps.consoleUrl, token, TOKEN_TTL_MS.PASSWORD_RESET / 60_000),
  );
  await audit(deps, {
    ...base,
    partnerId: user.partnerId,
    actor: userActor(user.id),
    outcome: 'SUCCESS',
    details: { ...metaDetails(meta), tokenId: record.id },
  });
}

/**
 * Sets a new password from a reset link: the token must be the newest one sent, unused and unexpired.
 * Every session of the user ends, and the partner's withdrawals lock for 24 hours.
 */
export async function resetPassword(deps: AccountsDeps, input: unknown, meta: RequestMeta): Promise<void> {
  const { token, newPassword } = parseInput(ResetInput, input);
  const record = await resolveToken(deps, token, 'PASSWORD_RESET');
  assertPasswordPolicy(newPassword, 'newPassword');
  const user = record.userId ? await deps.users.get(record.userId) : undefined;
  if (!user || user.status !== 'ACTIVE' || user.email !== record.sentTo)
    throw new GatewayError('TOKEN_INVALID', 'This link is not valid');
  const hash = await deps.passwords.hash(newPassword);
  await consumeToken(deps, record);
  const now = deps.clock.now();
  await deps.users.setPassword(user.id, hash, now.toISOString());
  await deps.sessions.revokeAllForUser(user.id, 'PASSWORD_RESET', now.getTime());
  await applySecurityChange(deps, {
    partnerId: user.partnerId,
    userId: user.id,
    subject: userLockSubject(user.id),
    kind: 'PASSWORD',
    action: 'console.password.reset',
    meta,
    details: { tokenId: record.id },
  });
  await deps.email.send(
    securityNoticeEmail(user.email, 'PASSWORD_CHANGED', 'Your password was reset', now.toISOString()),
  );
}
