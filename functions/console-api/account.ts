import { consoleApiHandler } from '../../shared/adapters/lambda/console-api-handler';
import type { ConsoleRoutes } from '../../shared/adapters/lambda/console-api-handler';
import {
  changePassword,
  getMyAccount,
  getSecurityStatus,
  listMySentTokens,
  requestEmailChange,
  updateMyProfile,
} from '../../shared/app/accounts/my-account';
import { listMySessions, revokeMySession } from '../../shared/app/accounts/sessions';
import {
  beginTwoFactorSetup,
  disableTwoFactor,
  enableTwoFactor,
  regenerateRecoveryCodes,
} from '../../shared/app/accounts/two-factor';
import { getAccountDeps } from '../../shared/composition/accounts';

/** My account: profile, password, email, 2FA, sessions, sent tokens, security status. */
export const routes: ConsoleRoutes = {
  'GET /console/me': {
    auth: 'console',
    handle: async ({ principal }) => ({
      statusCode: 200,
      body: await getMyAccount(getAccountDeps(), principal),
    }),
  },
  'PATCH /console/me': {
    auth: 'console',
    handle: async ({ principal, body }) => ({
      statusCode: 200,
      body: { user: await updateMyProfile(getAccountDeps(), principal, body) },
    }),
  },
  'POST /console/me/password': {
    auth: 'console',
    handle: async ({ principal, body, meta }) => ({
      statusCode: 200,
      body: await changePassword(getAccountDeps(), principal, body, meta),
    }),
  },
  'POST /console/me/email': {
    auth: 'console',
    handle: async ({ principal, body, meta }) => ({
      statusCode: 202,
      body: await requestEmailChange(getAccountDeps(), principal, body, meta),
    }),
  },
  'GET /console/me/security': {
    auth: 'console',
    handle: async ({ principal }) => ({
      statusCode: 200,
      body: await getSecurityStatus(getAccountDeps(), principal),
    }),
  },
  'GET /console/me/sessions': {
    auth: 'console',
    handle: async ({ principal }) => ({
      statusCode: 200,
      body: { sessions: await listMySessions(getAccountDeps(), principal) },
    }),
  },
  'DELETE /console/me/sessions/{sessionId}': {
    auth: 'console',
    handle: async ({ principal, params, meta }) => {
      await revokeMySession(getAccountDeps(), principal, params['sessionId'] ?? '', meta);
      return { statusCode: 204 };
    },
  },
  'GET /console/me/tokens': {
    auth: 'console',
    handle: async ({ principal }) => ({
      statusCode: 200,
      body: { tokens: await listMySentTokens(getAccountDeps(), principal) },
    }),
  },
  'POST /console/me/2fa/setup': {
    auth: 'console',
    handle: async ({ principal }) => ({
      statusCode: 200,
      body: await beginTwoFactorSetup(getAccountDeps(), principal),
    }),
  },
  'POST /console/me/2fa/enable': {
    auth: 'console',
    handle: async ({ principal, body, meta }) => ({
      statusCode: 200,
      body: await enableTwoFactor(getAccountDeps(), principal, body, meta),
    }),
  },
  'POST /console/me/2fa/disable': {
    auth: 'console',
    handle: async ({ principal, body, meta }) => ({
      statusCode: 200,
      body: await disableTwoFactor(getAccountDeps(), principal, body, meta),
    }),
  },
  'POST /console/me/2fa/recovery-codes': {
    auth: 'console',
    handle: async ({ principal, body, meta }) => ({
      statusCode: 200,
      body: await regenerateRecoveryCodes(getAccountDeps(), principal, body, meta),
    }),
  },
};

export const handler = consoleApiHandler(getAccountDeps, routes);
