import { randomBytes } from 'node:crypto';
import {
  CONSOLE_COOKIES,
  clearedSessionCookies,
  serializeCookie,
  sessionCookies,
} from '../../shared/adapters/lambda/cookies';
import { consoleApiHandler } from '../../shared/adapters/lambda/console-api-handler';
import type { ConsoleResult, ConsoleRoutes } from '../../shared/adapters/lambda/console-api-handler';
import { acceptInvitation, inspectInvitation } from '../../shared/app/accounts/invitations';
import { confirmEmailChange } from '../../shared/app/accounts/my-account';
import { requestPasswordReset, resetPassword } from '../../shared/app/accounts/password-reset';
import { refreshSession, signOut } from '../../shared/app/accounts/sessions';
import { completeSignIn, signIn } from '../../shared/app/accounts/sign-in';
import type { SignInResult } from '../../shared/app/accounts/sign-in';
import { getAccountDeps } from '../../shared/composition/accounts';

/**
 * Console routes that work without a session (sign-in, refresh, sign-out, password reset, email
 * verification, invitations by link). Every POST still needs the CSRF double-submit header.
 */
const secure = () => getAccountDeps().config.console.cookieSecure;

function signInResult(result: SignInResult): ConsoleResult {
  if (result.status === 'OTP_REQUIRED') return { statusCode: 200, body: result };
  return {
    statusCode: 200,
    body: {
      status: result.status,
      user: result.user,
      warnings: result.warnings,
      csrfToken: result.session.csrfToken,
    },
    cookies: sessionCookies(result.session, secure()),
  };
}

export const routes: ConsoleRoutes = {
  'GET /console/auth/csrf': {
    auth: 'public',
    // The token to echo in X-CSRF-Token before signing in; an existing one (bound to a session) is kept.
    handle: async ({ cookies }) => {
      const existing = cookies.get(CONSOLE_COOKIES.csrf);
      if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing))
        return { statusCode: 200, body: { csrfToken: existing } };
      const token = randomBytes(32).toString('base64url');
      return {
        statusCode: 200,
        body: { csrfToken: token },
        cookies: [serializeCookie(CONSOLE_COOKIES.csrf, token, { httpOnly: false, secure: secure() })],
      };
    },
  },
  'POST /console/auth/sign-in': {
    auth: 'public',
    handle: async ({ body, meta }) => signInResult(await signIn(getAccountDeps(), body, meta)),
  },
  'POST /console/auth/sign-in/otp': {
    auth: 'public',
    handle: async ({ body, meta }) => signInResult(await completeSignIn(getAccountDeps(), body, meta)),
  },
  'POST /console/auth/refresh': {
    auth: 'public',
    handle: async ({ cookies, meta }) => {
      const issued = await refreshSession(getAccountDeps(), cookies.get(CONSOLE_COOKIES.refresh), meta);
      return { statusCode: 200, body: { status: 'REFRESHED' }, cookies: sessionCookies(issued, secure()) };
    },
  },
  'POST /console/auth/sign-out': {
    auth: 'public',
    handle: async ({ cookies, meta }) => {
      const access = cookies.get(CONSOLE_COOKIES.access);
      const refresh = cookies.get(CONSOLE_COOKIES.refresh);
      await signOut(
        getAccountDeps(),
        { ...(refresh ? { refreshToken: refresh } : {}), ...(access ? { accessToken: access } : {}) },
        meta,
      );
      return { statusCode: 204, cookies: clearedSessionCookies(secure()) };
    },
  },
  'POST /console/auth/password/forgot': {
    auth: 'public',
    handle: async ({ body, meta }) => {
      await requestPasswordReset(getAccountDeps(), body, meta);
      return {
        statusCode: 202,
        body: { status: 'ACCEPTED', message: 'If the address has an account, a reset link is on its way.' },
      };
    },
  },
  'POST /console/auth/password/reset': {
    auth: 'public',
    handle: async ({ body, meta }) => {
      await resetPassword(getAccountDeps(), body, meta);
      return {
        statusCode: 200,
        body: { status: 'PASSWORD_RESET' },
        cookies: clearedSessionCookies(secure()),
      };
    },
  },
  'POST /console/auth/email/verify': {
    auth: 'public',
    handle: async ({ body, meta }) => ({
      statusCode: 200,
      body: await confirmEmailChange(getAccountDeps(), body, meta),
      cookies: clearedSessionCookies(secure()),
    }),
  },
  'POST /console/invitations/inspect': {
    auth: 'public',
    handle: async ({ body }) => ({ statusCode: 200, body: await inspectInvitation(getAccountDeps(), body) }),
  },
  'POST /console/invitations/accept': {
    auth: 'public',
    handle: async ({ body, meta }) => ({
      statusCode: 201,
      body: { user: await acceptInvitation(getAccountDeps(), body, meta) },
    }),
  },
};

export const handler = consoleApiHandler(getAccountDeps, routes);
