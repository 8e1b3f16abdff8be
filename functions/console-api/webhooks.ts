import * as z from 'zod';
import { consoleApiHandler } from '../../shared/adapters/lambda/console-api-handler';
import type { ConsoleRoutes } from '../../shared/adapters/lambda/console-api-handler';
import { userActor } from '../../shared/app/accounts/deps';
import { requireOtp } from '../../shared/app/accounts/require-otp';
import {
  listWebhookDeliveries,
  redeliverWebhook,
  sendTestWebhook,
} from '../../shared/app/webhooks/delivery-log';
import {
  configureWebhook,
  getWebhookSettings,
  rotateWebhookSecret,
} from '../../shared/app/webhooks/webhook-settings';
import { ValidationError } from '../../shared/domain/errors';
import { getDeps } from '../../shared/composition/gateway';

const NO_STORE = { 'cache-control': 'no-store' };
const SecretInput = z.strictObject({
  otp: z
    .string()
    .regex(/^\d{6}$/, 'The 6-digit code')
    .optional(),
});

/**
 * Console webhook settings: URL and LARGE_DEPOSIT threshold, the signing secret (shown once; rotating
 * it needs an OTP), "Send test", and the delivery log with redelivery. The same use-cases as
 * /v1/webhooks, acting as the signed-in user.
 */
export const routes: ConsoleRoutes = {
  'GET /console/webhooks': {
    auth: 'console',
    permission: 'settings:read',
    handle: async ({ principal }) => ({
      statusCode: 200,
      body: await getWebhookSettings(getDeps(), principal.partnerId),
    }),
  },
  'PUT /console/webhooks': {
    auth: 'console',
    permission: 'settings:write',
    handle: async ({ principal, body }) => ({
      statusCode: 200,
      headers: NO_STORE,
      body: await configureWebhook(getDeps(), userActor(principal.userId), principal.partnerId, body),
    }),
  },
  'POST /console/webhooks/secret': {
    auth: 'console',
    permission: 'settings:write',
    handle: async ({ principal, body, meta }) => {
      const parsed = SecretInput.safeParse(body);
      if (!parsed.success) {
        throw new ValidationError(
          'Invalid input',
          parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        );
      }
      await requireOtp(getDeps(), principal, parsed.data.otp, 'webhook.secret.change', { meta });
      return {
        statusCode: 200,
        headers: NO_STORE,
        body: await rotateWebhookSecret(getDeps(), userActor(principal.userId), principal.partnerId),
      };
    },
  },
  'POST /console/webhooks/test': {
    auth: 'console',
    permission: 'settings:write',
    handle: async ({ principal }) => ({
      statusCode: 200,
      body: await sendTestWebhook(getDeps(), userActor(principal.userId), principal.partnerId),
    }),
  },
  'GET /console/webhooks/deliveries': {
    auth: 'console',
    permission: 'settings:read',
    handle: async ({ principal, query }) => ({
      statusCode: 200,
      body: await listWebhookDeliveries(getDeps(), principal.partnerId, query),
    }),
  },
  'POST /console/webhooks/deliveries/{eventId}/redeliver': {
    auth: 'console',
    permission: 'settings:write',
    handle: async ({ principal, params }) => ({
      statusCode: 200,
      body: await redeliverWebhook(
        getDeps(),
        userActor(principal.userId),
        principal.partnerId,
        params['eventId'] ?? '',
      ),
    }),
  },
};

export const handler = consoleApiHandler(getDeps, routes);
