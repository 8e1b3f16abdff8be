import { hasAccess } from '../../domain/partner/partner';
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import {
  SIGN_IN_CHALLENGE_MAX_ATTEMPTS,
  SIGN_IN_CHALLENGE_TTL_MS,
} from '../../domain/accounts/session-lifetime';
import { toUserView } from '../../domain/accounts/user';
import type { ConsoleUser, UserView } from '../../domain/accounts/user';
import { GatewayError } from '../../domain/errors';
import type { Partner } from '../../domain/partner/partner';
import type { PasswordHasher } from '../../ports/password-hasher';
import type { AccountsDeps, RequestMeta } from './deps';
import {
  audit,
  EmailInput,
  metaDetails,
  newId,
  OtpInput,
  parseInput,
  PasswordInput,
  randomSecret,
  sha256Hex,
  userActor,
} from './deps';
import { checkSecondFactor } from './second-factor';
import { startSession } from './session-issuer';
import type { IssuedSession } from './session-issuer';
import { throttledCheck } from './throttled-check';

export type SignInResult =
  | {
      /** PASSWORD_CHANGE_REQUIRED: signed in, but only to change the temporary password first. */
      readonly status: 'SIGNED_IN' | 'PASSWORD_CHANGE_REQUIRED';
      readonly session: IssuedSession;
      readonly user: UserView;
      readonly warnings: readonly string[];
    }
  | { readonly status: 'OTP_REQUIRED'; readonly challengeToken: string; readonly expiresAt: string };

const SignInInput = z.strictObject({
  email: EmailInput,
  password: PasswordInput,
  rememberMe: z.boolean().default(false),
});

const OtpStepInput = z.strictObject({
  challengeToken: z.string().regex(/^ch_[0-9a-z]{26}\.[A-Za-z0-9_-]{43}$/, 'Malformed challenge token'),
  code: OtpInput,
});

/**
 * A hash of random bytes with the current parameters: unknown emails are checked against it, so they
 * take as long as wrong passwords and nobody learns which emails have accounts.
 */
const dummyHashes = new WeakMap<PasswordHasher, Promise<string>>();
function dummyHash(hasher: PasswordHasher): Promise<string> {
  let h = dummyHashes.get(hasher);
  if (!h) {
    h = hasher.hash(randomBytes(32).toString('hex'));
    dummyHashes.set(hasher, h);
  }
  return h;
}

export function warningsFor(user: Pick<ConsoleUser, 'twoFactor'>): string[] {
  return user.twoFactor.enabled ? [] : ['TWO_FACTOR_DISABLED'];
}

async function signInAudit(
  deps: AccountsDeps,
  meta: RequestMeta,
  entry: {
    partnerId: string | null;
    actorId: string;
    outcome: 'SUCCESS' | 'DENIED';
    reason?: string;
    step: string;
    email: string;
  },
) {
  await audit(deps, {
    partnerId: entry.partnerId,
    actor: entry.actorId === 'unknown' ? { type: 'USER', id: 'unknown' } : userActor(entry.actorId),
    action: 'console.signIn',
    outcome: entry.outcome,
    at: deps.clock.now().toISOString(),
    sourceIp: meta.sourceIp,
    ...(entry.reason ? { reason: entry.reason } : {}),
    details: { ...metaDetails(meta), step: entry.step, email: entry.email },
  });
}

/** Partner and account must both be usable; checked only after the password proved who is asking. */
async function assertMaySignIn(
  deps: AccountsDeps,
  user: ConsoleUser,
  meta: RequestMeta,
  step: string,
): Promise<Partner> {
  const partner = await deps.partners.get(user.partnerId);
  const refusal =
    user.status !== 'ACTIVE'
      ? 'ACCOUNT_DEACTIVATED'
      : !partner || !hasAccess(partner)
        ? 'PARTNER_SUSPENDED'
        : undefined;
  if (refusal) {
    await signInAudit(deps, meta, {
      partnerId: user.partnerId,
      actorId: user.id,
      outcome: 'DENIED',
      reason: refusal,
      step,
      email: user.email,
    });
    throw new GatewayError(
      refusal,
      refusal === 'ACCOUNT_DEACTIVATED' ? 'This account is deactivated' : 'The partner account is suspended',
    );
  }
  return partner as Partner;
}

async function finish(
  deps: AccountsDeps,
  user: ConsoleUser,
  rememberMe: boolean,
  meta: RequestMeta,
  step: string,
): Promise<SignInResult> {
  const session = await startSession(deps, user, rememberMe, meta);
  const now = deps.clock.now().toISOString();
  await deps.users.recordSignIn(user.id, now, meta.sourceIp);
  await signInAudit(deps, meta, {
    partnerId: user.partnerId,
    actorId: user.id,
    outcome: 'SUCCESS',
    step,
    email: user.email,
  });
  return {
    status: user.passwordChangeRequired ? 'PASSWORD_CHANGE_REQUIRED' : 'SIGNED_IN',
    session,
    user: toUserView({ ...user, lastSignInAt: now }),
    warnings: warningsFor(user),
  };
}

/**
 * Step one: email and password. Unknown email and wrong password give the same answer after the same
 * work; both count against the (email-keyed) account throttle and the IP throttle. With 2FA on, the
 * answer is a short-lived challenge for the code instead of a session.
 */
export async function signIn(deps: AccountsDeps, input: unknown, meta: RequestMeta): Promise<SignInResult> {
  const { email, password, rememberMe } = parseInput(SignInInput, input);
  let user: ConsoleUser | undefined;
  let outcome: 'OK' | 'WRONG';
  try {
    outcome = await throttledCheck(deps, { email, ip: meta.sourceIp }, async () => {
      user = await deps.users.getByEmail(email);
      const ok = await deps.passwords.verify(
        password,
        user?.passwordHash ?? (await dummyHash(deps.passwords)),
      );
      return ok && user ? 'OK' : 'WRONG';
    });
  } catch (e) {
    await signInAudit(deps, meta, {
      partnerId: user?.partnerId ?? null,
      actorId: user?.id ?? 'unknown',
      outcome: 'DENIED',
      reason: e instanceof GatewayError ? e.code : 'ERROR',
      step: 'password',
      email,
    });
    throw e;
  }
  if (outcome !== 'OK' || !user) {
    await signInAudit(deps, meta, {
      partnerId: user?.partnerId ?? null,
      actorId: user?.id ?? 'unknown',
      outcome: 'DENIED',
      reason: 'INVALID_CREDENTIALS',
      step: 'password',
      email,
    });
    throw new GatewayError('INVALID_CREDENTIALS', 'Email or password is incorrect');
  }
  const found: ConsoleUser = user;
  await assertMaySignIn(deps, found, meta, 'password');
  if (deps.passwords.needsRehash(found.passwordHash)) {
    await deps.users.upgradePasswordHash(found.id, found.passwordHash, await deps.passwords.hash(password));
  }

  if (!found.twoFactor.enabled) return finish(deps, found, rememberMe, meta, 'password');

  const now = deps.clock.now().getTime();
  const id = newId('ch');
  const secret = randomSecret();
  await deps.signInChallenges.create({
    id,
    secretHash: sha256Hex(secret),
    userId: found.id,
    rememberMe,
    createdAt: now,
    expiresAt: now + SIGN_IN_CHALLENGE_TTL_MS,
    attempts: 0,
  });
  await signInAudit(deps, meta, {
    partnerId: found.partnerId,
    actorId: found.id,
    outcome: 'SUCCESS',
    step: 'password-ok-otp-required',
    email,
  });
  return {
    status: 'OTP_REQUIRED',
    challengeToken: `${id}.${secret}`,
    expiresAt: new Date(now + SIGN_IN_CHALLENGE_TTL_MS).toISOString(),
  };
}

/** Step two: the 6-digit code (or a recovery code) for the challenge from step one. */
export async function completeSignIn(
  deps: AccountsDeps,
  input: unknown,
  meta: RequestMeta,
): Promise<SignInResult> {
  const { challengeToken, code } = parseInput(OtpStepInput, input);
  const [id, secret] = challengeToken.split('.') as [string, string];
  const challenge = await deps.signInChallenges.attempt(
    id,
    sha256Hex(secret),
    deps.clock.now().getTime(),
    SIGN_IN_CHALLENGE_MAX_ATTEMPTS,
  );
  if (!challenge)
    throw new GatewayError('CHALLENGE_INVALID', 'The sign-in step expired or was used up; sign in again');
  const user = await deps.users.get(challenge.userId);
  if (!user)
    throw new GatewayError('CHALLENGE_INVALID', 'The sign-in step expired or was used up; sign in again');
  await assertMaySignIn(deps, user, meta, 'otp');

  try {
    await checkSecondFactor(deps, user, code, { ip: meta.sourceIp, allowRecoveryCode: true, meta });
  } catch (e) {
    await signInAudit(deps, meta, {
      partnerId: user.partnerId,
      actorId: user.id,
      outcome: 'DENIED',
      reason: e instanceof GatewayError ? e.code : 'ERROR',
      step: 'otp',
      email: user.email,
    });
    throw e;
  }
  if (!(await deps.signInChallenges.complete(challenge.id))) {
    throw new GatewayError('CHALLENGE_INVALID', 'The sign-in step was already completed; sign in again');
  }
  return finish(deps, user, challenge.rememberMe, meta, 'otp');
}
