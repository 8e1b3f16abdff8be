import { ACCESS_TOKEN_TTL_MS, refreshCookieMaxAgeSeconds } from '../../domain/accounts/session-lifetime';
import type { ConsoleUser } from '../../domain/accounts/user';
import type { StoredSession } from '../../ports/accounts';
import type { AccountsDeps, RequestMeta } from './deps';
import { newId, randomSecret, sha256Hex } from './deps';

/**
 * What the console handler turns into cookies: a signed access token, the opaque refresh token
 * (`<sessionId>.<secret>`, stored only hashed) and the CSRF token the browser echoes in a header.
 */
export interface IssuedSession {
  readonly sessionId: string;
  readonly accessToken: string;
  readonly accessMaxAgeSeconds: number;
  /** Absent on refresh: the refresh token is rotated but the cookie keeps its name and lifetime rule. */
  readonly refreshToken: string;
  /** undefined: a browser-session cookie (no "keep me signed in"). */
  readonly refreshMaxAgeSeconds: number | undefined;
  /** Only on sign-in: the CSRF token stays the same for the life of the session. */
  readonly csrfToken?: string;
}

export const REFRESH_TOKEN_PATTERN = /^(se_[0-9a-z]{26})\.([A-Za-z0-9_-]{43})$/;

export async function startSession(
  deps: Pick<AccountsDeps, 'sessions' | 'accessTokens' | 'clock'>,
  user: ConsoleUser,
  rememberMe: boolean,
  meta: RequestMeta,
): Promise<IssuedSession> {
  const now = deps.clock.now();
  const sessionId = newId('se');
  const refreshSecret = randomSecret();
  const csrfToken = randomSecret();
  const session: StoredSession = {
    id: sessionId,
    userId: user.id,
    partnerId: user.partnerId,
    status: 'ACTIVE',
    rememberMe,
    createdAt: now.getTime(),
    lastActiveAt: now.getTime(),
    refreshHash: sha256Hex(refreshSecret),
    usedRefreshHashes: [],
    csrfHash: sha256Hex(csrfToken),
    sourceIp: meta.sourceIp,
    userAgent: meta.userAgent.slice(0, 256),
  };
  await deps.sessions.create(session);
  const accessToken = await deps.accessTokens.issue(
    { userId: user.id, sessionId, partnerId: user.partnerId },
    now,
    ACCESS_TOKEN_TTL_MS,
  );
  return {
    sessionId,
    accessToken,
    accessMaxAgeSeconds: ACCESS_TOKEN_TTL_MS / 1000,
    refreshToken: `${sessionId}.${refreshSecret}`,
    refreshMaxAgeSeconds: refreshCookieMaxAgeSeconds(session, now.getTime()),
    csrfToken,
  };
}
