import { partnerApiHandler } from '../../shared/adapters/lambda/partner-api-handler';
import { WebhookDeliveryParams } from '../../shared/api/partner-api-schemas';
import type { HttpResult } from '../../shared/adapters/lambda/partner-api-handler';
import type { PartnerPrincipal } from '../../shared/app/auth/authenticate-partner-request';
import {
  listWebhookDeliveries,
  redeliverWebhook,
  sendTestWebhook,
} from '../../shared/app/webhooks/delivery-log';
import { NotFoundError } from '../../shared/domain/errors';
import { getDeps } from '../../shared/composition/gateway';

const actorOf = (p: PartnerPrincipal) => ({ type: 'API_KEY' as const, id: p.apiKeyId });

/** POST /v1/webhooks/test, GET /v1/webhooks/deliveries, POST /v1/webhooks/deliveries/{eventId}/redeliver. */
export const handler = partnerApiHandler(getDeps, async ({ event, principal }): Promise<HttpResult> => {
  const deps = getDeps();
  switch (`${event.httpMethod} ${event.resource}`) {
    case 'POST /v1/webhooks/test':
      return { statusCode: 200, body: await sendTestWebhook(deps, actorOf(principal), principal.partnerId) };
    case 'GET /v1/webhooks/deliveries':
      return {
        statusCode: 200,
        body: await listWebhookDeliveries(deps, principal.partnerId, event.queryStringParameters ?? {}),
      };
    case 'POST /v1/webhooks/deliveries/{eventId}/redeliver':
      return {
        statusCode: 200,
        body: await redeliverWebhook(
          deps,
          actorOf(principal),
          principal.partnerId,
          WebhookDeliveryParams.parse(event.pathParameters ?? {}).eventId,
        ),
      };
    default:
      throw new NotFoundError('No such route');
  }
});
