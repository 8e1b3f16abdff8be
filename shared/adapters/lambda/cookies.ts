import type { IssuedSession } from '../../app/accounts/session-issuer';

/**
 * Console session cookies. Access and refresh tokens are httpOnly (page scripts never see them); the
 * CSRF token is readable so the console can echo it in the X-CSRF-Token header. All are Secure,
 * SameSite=Strict and Path=/ (the console and `/api/*` share one origin).
 */
export const CONSOLE_COOKIES = { access: 'gw_access', refresh: 'gw_refresh', csrf: 'gw_csrf' } as const;
export const CSRF_HEADER = 'x-csrf-token';

export interface CookieOptions {
  readonly httpOnly: boolean;
  readonly secure: boolean;
  /** undefined: a browser-session cookie; 0: delete. */
  readonly maxAgeSeconds?: number | undefined;
}

const COOKIE_VALUE = /^[A-Za-z0-9._~-]*$/;

export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  if (!COOKIE_VALUE.test(value)) throw new Error(`Cookie ${name} has characters that need encoding`);
  const parts = [`${name}=${value}`, 'Path=/', 'SameSite=Strict'];
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  return parts.join('; ');
}

/** Cookie header → name/value map (first occurrence wins; null prototype, so any name is just a name). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (name && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

export function headerValue(
  headers: Readonly<Record<string, string | undefined>> | null | undefined,
  name: string,
): string | undefined {
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === name) return v;
  return undefined;
}

export function sessionCookies(issued: IssuedSession, secure: boolean): string[] {
  const cookies = [
    serializeCookie(CONSOLE_COOKIES.access, issued.accessToken, {
      httpOnly: true,
      secure,
      maxAgeSeconds: issued.accessMaxAgeSeconds,
    }),
    serializeCookie(CONSOLE_COOKIES.refresh, issued.refreshToken, {
      httpOnly: true,
      secure,
      maxAgeSeconds: issued.refreshMaxAgeSeconds,
    }),
  ];
  if (issued.csrfToken) {
    cookies.push(
      serializeCookie(CONSOLE_COOKIES.csrf, issued.csrfToken, {
        httpOnly: false,
        secure,
        maxAgeSeconds: issued.refreshMaxAgeSeconds,
      }),
    );
  }
  return cookies;
}

export function clearedSessionCookies(secure: boolean): string[] {
  return [CONSOLE_COOKIES.access, CONSOLE_COOKIES.refresh].map((name) =>
    serializeCookie(name, '', { httpOnly: true, secure, maxAgeSeconds: 0 }),
  );
}
