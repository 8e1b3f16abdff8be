import { consoleApiHandler } from '../../shared/adapters/lambda/console-api-handler';
import type { ConsoleRoutes } from '../../shared/adapters/lambda/console-api-handler';
import { readAuditLog } from '../../shared/app/accounts/audit-reader';
import {
  createConsoleApiKey,
  listConsoleApiKeys,
  revokeConsoleApiKey,
  setConsoleApiKeyAllowlist,
} from '../../shared/app/accounts/console-api-keys';
import { getWorkspace, updateWithdrawalPolicy, updateWorkspace } from '../../shared/app/accounts/workspace';
import { getAccountDeps } from '../../shared/composition/accounts';

/** Workspace details and policy, API keys, and the audit log. */
export const routes: ConsoleRoutes = {
  'GET /console/workspace': {
    auth: 'console',
    handle: async ({ principal }) => ({
      statusCode: 200,
      body: await getWorkspace(getAccountDeps(), principal),
    }),
  },
  'PATCH /console/workspace': {
    auth: 'console',
    handle: async ({ principal, body, meta }) => ({
      statusCode: 200,
      body: await updateWorkspace(getAccountDeps(), principal, body, meta),
    }),
  },
  'PUT /console/workspace/withdrawal-policy': {
    auth: 'console',
    handle: async ({ principal, body, meta }) => ({
      statusCode: 200,
      body: await updateWithdrawalPolicy(getAccountDeps(), principal, body, meta),
    }),
  },
  'GET /console/audit': {
    auth: 'console',
    handle: async ({ principal, query, meta }) => ({
      statusCode: 200,
      body: await readAuditLog(getAccountDeps(), principal, query, meta),
    }),
  },
  'GET /console/api-keys': {
    auth: 'console',
    handle: async ({ principal }) => ({
      statusCode: 200,
      body: { apiKeys: await listConsoleApiKeys(getAccountDeps(), principal) },
    }),
  },
  'POST /console/api-keys': {
    auth: 'console',
    handle: async ({ principal, body, meta }) => ({
      statusCode: 201,
      body: await createConsoleApiKey(getAccountDeps(), principal, body, meta),
    }),
  },
  'PUT /console/api-keys/{apiKeyId}/ip-allowlist': {
    auth: 'console',
    handle: async ({ principal, params, body, meta }) => ({
      statusCode: 200,
      body: {
        apiKey: await setConsoleApiKeyAllowlist(
          getAccountDeps(),
          principal,
          params['apiKeyId'] ?? '',
          body,
          meta,
        ),
      },
    }),
  },
  'POST /console/api-keys/{apiKeyId}/revoke': {
    auth: 'console',
    handle: async ({ principal, params, body, meta }) => ({
      statusCode: 200,
      body: {
        apiKey: await revokeConsoleApiKey(getAccountDeps(), principal, params['apiKeyId'] ?? '', body, meta),
      },
    }),
  },
};

export const handler = consoleApiHandler(getAccountDeps, routes);
