import { hasAccess } from '../../domain/partner/partner';
import { timingSafeEqual } from 'node:crypto';
import { effectivePermissions } from '../../domain/accounts/permissions';
import { sessionLive } from '../../domain/accounts/session-lifetime';
import { AuthenticationError } from '../../domain/errors';
import type { ErrorCode } from '../../domain/errors';
import type { AccountsDeps, ConsolePrincipal, RequestMeta } from './deps';
import { audit, metaDetails, sha256Hex } from './deps';

/** Methods that change state must prove they come from our own pages (CSRF). */
export const STATE_CHANGING_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface ConsoleCredentials {
  readonly method: string;
  readonly accessToken: string | undefined;
  readonly csrfCookie: string | undefined;
  readonly csrfHeader: string | undefined;
  /** `METHOD /resource` of the request (API Gateway's resource template): what a forced password change allows. */
  readonly route?: string | undefined;
}

/**
 * What a user whose password must change (a temporary one from the parent partner's owner reset) may
 * do before changing it: see who they are, change the password, sign out. Everything else answers
 * PASSWORD_CHANGE_REQUIRED.
 */
export const PASSWORD_CHANGE_ROUTES: ReadonlySet<string> = new Set([
  'GET /console/me',
  'POST /console/me/password',
]);

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Double submit: the header a page script set equals the cookie only our origin can read. */
export function csrfDoubleSubmitOk(
  credentials: Pick<ConsoleCredentials, 'csrfCookie' | 'csrfHeader'>,
): boolean {
  const { csrfCookie, csrfHeader } = credentials;
  return !!csrfCookie && !!csrfHeader && csrfCookie.length >= 32 && sameSecret(csrfCookie, csrfHeader);
}

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  UNAUTHENTICATED: 'Missing or expired session; refresh or sign in',
  CSRF_TOKEN_INVALID: 'Missing or wrong X-CSRF-Token header',
  SESSION_REVOKED: 'This session was signed out or revoked; sign in again',
  SESSION_EXPIRED: 'This session expired; sign in again',
  PARTNER_SUSPENDED: 'The partner account is suspended',
  PASSWORD_CHANGE_REQUIRED: 'Change your temporary password first (POST /console/me/password)',
};

/**
 * The console authorizer's check, on every request: a valid access token (signature, expiry), for
 * state-changing methods a CSRF header matching both the cookie and the token bound to the session,
 * and then one consistent read of session, user and partner, so a sign-out, a revoked session, a
 * deactivated member or a suspended partner stops working immediately, not when the token expires.
 */
export async function authenticateConsoleRequest(
  deps: AccountsDeps,
  credentials: ConsoleCredentials,
  meta: RequestMeta,
): Promise<ConsolePrincipal> {
  const now = deps.clock.now();
  const refuse = async (code: ErrorCode, partnerId: string | null, userId?: string) => {
    if (code !== 'UNAUTHENTICATED') {
      await audit(deps, {
        partnerId,
        actor: { type: 'USER', id: userId ?? 'unknown' },
        action: 'console.authenticate',
        outcome: 'DENIED',
        at: now.toISOString(),
        sourceIp: meta.sourceIp,
        reason: code,
        details: { ...metaDetails(meta), method: credentials.method },
      });
    }
    return new AuthenticationError(code, MESSAGES[code] ?? code);
  };

  if (!credentials.accessToken) throw await refuse('UNAUTHENTICATED', null);
  const claims = await deps.accessTokens.verify(credentials.accessToken, now);
  if (!claims) throw await refuse('UNAUTHENTICATED', null);

  const stateChanging = STATE_CHANGING_METHODS.has(credentials.method.toUpperCase());
  if (stateChanging && !csrfDoubleSubmitOk(credentials))
    throw await refuse('CSRF_TOKEN_INVALID', claims.partnerId, claims.userId);

  const { session, user, partner } = await deps.sessionContexts.read(
    claims.sessionId,
    claims.userId,
    claims.partnerId,
  );
  if (!session || session.userId !== claims.userId || session.partnerId !== claims.partnerId) {
    throw await refuse('SESSION_REVOKED', claims.partnerId, claims.userId);
  }
  const live = sessionLive(session, now.getTime());
  if (live !== 'ACTIVE')
    throw await refuse(
      live === 'REVOKED' ? 'SESSION_REVOKED' : 'SESSION_EXPIRED',
      claims.partnerId,
      claims.userId,
    );
  if (!user || user.status !== 'ACTIVE' || user.partnerId !== claims.partnerId) {
    throw await refuse('SESSION_REVOKED', claims.partnerId, claims.userId);
  }
  if (!partner || !hasAccess(partner))
    throw await refuse('PARTNER_SUSPENDED', claims.partnerId, claims.userId);
  if (stateChanging && !sameSecret(sha256Hex(credentials.csrfHeader as string), session.csrfHash)) {
    throw await refuse('CSRF_TOKEN_INVALID', claims.partnerId, claims.userId);
  }
  if (user.passwordChangeRequired && !PASSWORD_CHANGE_ROUTES.has(credentials.route ?? ''))
    throw await refuse('PASSWORD_CHANGE_REQUIRED', claims.partnerId, claims.userId);

  return {
    userId: user.id,
    sessionId: session.id,
    partnerId: partner.id,
    partnerCode: partner.code,
    partnerType: partner.type,
    email: user.email,
    role: user.role,
    permissions: effectivePermissions(user, partner.type),
    twoFactorEnabled: user.twoFactor.enabled,
  };
}
