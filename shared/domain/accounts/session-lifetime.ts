/**
 * Console session lifetimes. A session is a refresh-token family: the browser holds a short-lived
 * access token (signed JWT) and an opaque refresh token that rotates on every use. Without "keep me
 * signed in" the session ends after six hours without activity (each refresh is activity); with it,
 * the session lasts seven days from sign-in. Pure: times are epoch milliseconds.
 */
export const ACCESS_TOKEN_TTL_MS = 10 * 60_000;
export const IDLE_TIMEOUT_MS = 6 * 60 * 60_000;
export const REMEMBER_ME_TTL_MS = 7 * 24 * 60 * 60_000;
/** Also the ceiling of a session without "keep me signed in": nothing outlives a week. */
export const MAX_SESSION_TTL_MS = REMEMBER_ME_TTL_MS;
/** Sign-in with 2FA: how long the password step stays valid, and how many codes it may try. */
export const SIGN_IN_CHALLENGE_TTL_MS = 5 * 60_000;
export const SIGN_IN_CHALLENGE_MAX_ATTEMPTS = 5;

export type SessionStatus = 'ACTIVE' | 'REVOKED';

export interface SessionTimes {
  readonly createdAt: number;
  readonly rememberMe: boolean;
  /** Last sign-in or refresh. */
  readonly lastActiveAt: number;
}

export function absoluteExpiry(s: Pick<SessionTimes, 'createdAt'>): number {
  return s.createdAt + MAX_SESSION_TTL_MS;
}

/** When the session ends if nothing happens: sliding for normal sessions, fixed for remembered ones. */
export function sessionExpiry(s: SessionTimes): number {
  return s.rememberMe ? absoluteExpiry(s) : Math.min(absoluteExpiry(s), s.lastActiveAt + IDLE_TIMEOUT_MS);
}

export function sessionLive(
  s: SessionTimes & { readonly status: SessionStatus },
  now: number,
): 'ACTIVE' | 'EXPIRED' | 'REVOKED' {
  if (s.status === 'REVOKED') return 'REVOKED';
  return now < sessionExpiry(s) ? 'ACTIVE' : 'EXPIRED';
}

/** Max-Age for the refresh cookie: remembered sessions persist; others die with the browser. */
export function refreshCookieMaxAgeSeconds(s: SessionTimes, now: number): number | undefined {
  return s.rememberMe ? Math.max(0, Math.floor((absoluteExpiry(s) - now) / 1000)) : undefined;
}
