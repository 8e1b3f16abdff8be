import { partnerApiHandler } from '../../shared/adapters/lambda/partner-api-handler';
import type { HttpResult } from '../../shared/adapters/lambda/partner-api-handler';
import type { PartnerPrincipal } from '../../shared/app/auth/authenticate-partner-request';
import {
  configureWebhook,
  getWebhookSettings,
  rotateWebhookSecret,
} from '../../shared/app/webhooks/webhook-settings';
import { jsonBody } from '../../shared/app/webhooks/json-body';
import { NotFoundError } from '../../shared/domain/errors';
import { getDeps } from '../../shared/composition/gateway';

const actorOf = (p: PartnerPrincipal) => ({ type: 'API_KEY' as const, id: p.apiKeyId });

/** GET /v1/webhooks, PUT /v1/webhooks, POST /v1/webhooks/secret — the partner's webhook endpoint and signing secret. */
export const handler = partnerApiHandler(getDeps, async ({ event, principal }): Promise<HttpResult> => {
  const deps = getDeps();
  const noStore = { 'cache-control': 'no-store' };
  switch (`${event.httpMethod} ${event.resource}`) {
    case 'GET /v1/webhooks':
      return { statusCode: 200, body: await getWebhookSettings(deps, principal.partnerId) };
    case 'PUT /v1/webhooks':
      return {
        statusCode: 200,
        headers: noStore,
        body: await configureWebhook(deps, actorOf(principal), principal.partnerId, jsonBody(event)),
      };
    case 'POST /v1/webhooks/secret':
      return {
        statusCode: 200,
        headers: noStore,
        body: await rotateWebhookSecret(deps, actorOf(principal), principal.partnerId),
      };
    default:
      throw new NotFoundError('No such route');
  }
});
