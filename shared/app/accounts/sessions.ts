import { hasAccess } from '../../domain/partner/partner';
import {
  ACCESS_TOKEN_TTL_MS,
  refreshCookieMaxAgeSeconds,
  sessionExpiry,
  sessionLive,
} from '../../domain/accounts/session-lifetime';
import { GatewayError, NotFoundError } from '../../domain/errors';
import type { StoredSession } from '../../ports/accounts';
import type { AccountsDeps, ConsolePrincipal, RequestMeta } from './deps';
import { audit, metaDetails, randomSecret, sha256Hex, userActor } from './deps';
import { REFRESH_TOKEN_PATTERN } from './session-issuer';
import type { IssuedSession } from './session-issuer';

function parseRefreshToken(token: string | undefined): { sessionId: string; secret: string } | undefined {
  const m = token ? REFRESH_TOKEN_PATTERN.exec(token) : null;
  return m ? { sessionId: m[1] as string, secret: m[2] as string } : undefined;
}

async function revokeForReuse(deps: AccountsDeps, session: StoredSession, meta: RequestMeta): Promise<never> {
  const at = deps.clock.now();
  await deps.sessions.revoke(session.id, 'REFRESH_TOKEN_REUSED', at.getTime());
  await audit(deps, {
    partnerId: session.partnerId,
    actor: userActor(session.userId),
    action: 'console.session.refreshTokenReused',
    outcome: 'DENIED',
    at: at.toISOString(),
    sourceIp: meta.sourceIp,
    reason: 'REFRESH_TOKEN_REUSED',
    details: { ...metaDetails(meta), sessionId: session.id },
  });
  throw new GatewayError(
    'REFRESH_TOKEN_REUSED',
    'This sign-in was used from elsewhere and has been revoked; sign in again',
  );
}

/**
 * Rotates the refresh token and issues a new access token. A refresh token that was already rotated
 * away means two parties hold the session (a copied cookie): the whole session is revoked. Each
 * refresh counts as activity for the six-hour idle timeout.
 */
export async function refreshSession(
  deps: AccountsDeps,
  refreshToken: string | undefined,
  meta: RequestMeta,
): Promise<IssuedSession> {
  const parsed = parseRefreshToken(refreshToken);
  if (!parsed) throw new GatewayError('REFRESH_TOKEN_INVALID', 'No valid refresh token; sign in');
  const session = await deps.sessions.get(parsed.sessionId);
  if (!session) throw new GatewayError('REFRESH_TOKEN_INVALID', 'No valid refresh token; sign in');
  const presented = sha256Hex(parsed.secret);
  if (presented !== session.refreshHash) {
    if (session.usedRefreshHashes.includes(presented) && session.status === 'ACTIVE')
      return revokeForReuse(deps, session, meta);
    throw new GatewayError('REFRESH_TOKEN_INVALID', 'No valid refresh token; sign in');
  }
  const now = deps.clock.now();
  const live = sessionLive(session, now.getTime());
  if (live === 'REVOKED')
    throw new GatewayError('SESSION_REVOKED', 'This session was signed out or revoked; sign in again');
  if (live === 'EXPIRED') throw new GatewayError('SESSION_EXPIRED', 'This session expired; sign in again');

  const [user, partner] = await Promise.all([
    deps.users.get(session.userId),
    deps.partners.get(session.partnerId),
  ]);
  if (!user || user.status !== 'ACTIVE') {
    await deps.sessions.revoke(session.id, 'USER_DEACTIVATED', now.getTime());
    throw new GatewayError('SESSION_REVOKED', 'This session was signed out or revoked; sign in again');
  }
  if (!partner || !hasAccess(partner))
    throw new GatewayError('PARTNER_SUSPENDED', 'The partner account is suspended');

  const nextSecret = randomSecret();
  if (!(await deps.sessions.rotate(session, sha256Hex(nextSecret), now.getTime()))) {
    // Someone rotated this token a moment ago: the same token was presented twice.
    return revokeForReuse(deps, session, meta);
  }
  const accessToken = await deps.accessTokens.issue(
    { userId: user.id, sessionId: session.id, partnerId: user.partnerId },
    now,
    ACCESS_TOKEN_TTL_MS,
  );
  return {
    sessionId: session.id,
    accessToken,
    accessMaxAgeSeconds: ACCESS_TOKEN_TTL_MS / 1000,
    refreshToken: `${session.id}.${nextSecret}`,
    refreshMaxAgeSeconds: refreshCookieMaxAgeSeconds(
      { ...session, lastActiveAt: now.getTime() },
      now.getTime(),
    ),
  };
}

/** Ends the session the refresh token (or, failing that, the access token) belongs to. Idempotent. */
export async function signOut(
  deps: AccountsDeps,
  tokens: { refreshToken?: string; accessToken?: string },
  meta: RequestMeta,
): Promise<void> {
  const now = deps.clock.now();
  let session: StoredSession | undefined;
  const parsed = parseRefreshToken(tokens.refreshToken);
  if (parsed) {
    const s = await deps.sessions.get(parsed.sessionId);
    if (s && sha256Hex(parsed.secret) === s.refreshHash) session = s;
  }
  if (!session && tokens.accessToken) {
    const claims = await deps.accessTokens.verify(tokens.accessToken, now);
    if (claims) session = await deps.sessions.get(claims.sessionId);
  }
  if (!session || session.status !== 'ACTIVE') return;
  await deps.sessions.revoke(session.id, 'SIGNED_OUT', now.getTime());
  await audit(deps, {
    partnerId: session.partnerId,
    actor: userActor(session.userId),
    action: 'console.signOut',
    outcome: 'SUCCESS',
    at: now.toISOString(),
    sourceIp: meta.sourceIp,
    details: { ...metaDetails(meta), sessionId: session.id },
  });
}

export interface SessionView {
  readonly id: string;
  readonly current: boolean;
  readonly status: 'ACTIVE' | 'EXPIRED' | 'REVOKED';
  readonly rememberMe: boolean;
  readonly createdAt: string;
  readonly lastActiveAt: string;
  readonly expiresAt: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly revokedAt: string | null;
  readonly revokeReason: string | null;
}

export function toSessionView(s: StoredSession, now: number, currentSessionId?: string): SessionView {
  return {
    id: s.id,
    current: s.id === currentSessionId,
    status: sessionLive(s, now),
    rememberMe: s.rememberMe,
    createdAt: new Date(s.createdAt).toISOString(),
    lastActiveAt: new Date(s.lastActiveAt).toISOString(),
    expiresAt: new Date(sessionExpiry(s)).toISOString(),
    sourceIp: s.sourceIp,
    userAgent: s.userAgent,
    revokedAt: s.revokedAt ? new Date(s.revokedAt).toISOString() : null,
    revokeReason: s.revokeReason ?? null,
  };
}

/** The signed-in user's sessions (login sessions list): newest first, the current one flagged. */
export async function listMySessions(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
): Promise<SessionView[]> {
  const now = deps.clock.now().getTime();
  return (await deps.sessions.listByUser(principal.userId)).map((s) =>
    toSessionView(s, now, principal.sessionId),
  );
}

/** Signs out one of the user's own sessions (another device); someone else's session is "not found". */
export async function revokeMySession(
  deps: AccountsDeps,
  principal: ConsolePrincipal,
  sessionId: string,
  meta: RequestMeta,
): Promise<void> {
  const session = await deps.sessions.get(sessionId);
  if (!session || session.userId !== principal.userId) throw new NotFoundError('Session not found');
  const now = deps.clock.now();
  await deps.sessions.revoke(session.id, 'REVOKED_BY_USER', now.getTime());
  await audit(deps, {
    partnerId: principal.partnerId,
    actor: userActor(principal.userId),
    action: 'console.session.revoke',
    outcome: 'SUCCESS',
    at: now.toISOString(),
    sourceIp: meta.sourceIp,
    details: { ...metaDetails(meta), sessionId },
  });
}
