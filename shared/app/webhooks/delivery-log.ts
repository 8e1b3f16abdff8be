import { ulid } from 'ulid';
import { WebhookDeliveriesQuery } from '../../api/partner-api-schemas';
import type { WebhookDeliveriesResponse, WebhookDeliveryResponse } from '../../api/partner-api-schemas';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors';
import { EVENT_ID_PATTERN, transitionDelivery } from '../../domain/webhooks/webhook-delivery';
import type { WebhookDelivery } from '../../domain/webhooks/webhook-delivery';
import type { WebhookDeps, WebhookActor } from './deps';
import { parseInput } from './parse-input';
import { enqueueFirstAttempt, publishWebhookEvent } from './publish-webhook-event';

/** A delivery as partners see it: the event, every logged attempt, the state. */
export function deliveryView(d: WebhookDelivery): WebhookDeliveryResponse {
  const event = JSON.parse(d.payload) as WebhookDeliveryResponse['event'];
  return {
    eventId: d.eventId,
    type: d.type,
    status: d.status,
    occurredAt: d.occurredAt,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    nextAttemptAt: d.status === 'PENDING' ? (d.nextAttemptAt ?? null) : null,
    round: d.round,
    attemptCount: d.attemptCount,
    attempts: d.attempts.map((a) => ({
      round: a.round,
      attempt: a.attempt,
      at: a.at,
      statusCode: a.statusCode ?? null,
      latencyMs: a.latencyMs,
      error: a.error ?? null,
      outcome: a.outcome,
    })),
    event,
  };
}

/** GET /v1/webhooks/deliveries: the partner's deliveries, newest first, cursor-paginated. */
export async function listWebhookDeliveries(
  deps: Pick<WebhookDeps, 'webhookDeliveries'>,
  partnerId: string,
  query: unknown,
): Promise<WebhookDeliveriesResponse> {
  const q = parseInput(WebhookDeliveriesQuery, query);
  const page = await deps.webhookDeliveries.list(partnerId, { limit: q.limit, cursor: q.cursor });
  return {
    deliveries: page.deliveries.map(deliveryView),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

function checkEventId(eventId: string): void {
  if (!EVENT_ID_PATTERN.test(eventId))
    throw new ValidationError('Invalid event id', [{ path: 'eventId', message: 'not an event id' }]);
}

export async function getWebhookDelivery(
  deps: Pick<WebhookDeps, 'webhookDeliveries'>,
  partnerId: string,
  eventId: string,
): Promise<WebhookDeliveryResponse> {
  checkEventId(eventId);
  const d = await deps.webhookDeliveries.get(partnerId, eventId);
  // Another partner's event is simply not found: tenants never learn about each other's events.
  if (!d) throw new NotFoundError(`Webhook event ${eventId} not found`);
  return deliveryView(d);
}

/**
 * POST /v1/webhooks/deliveries/{eventId}/redeliver: sends the event again now, with a fresh retry
 * schedule (a new round), whatever its state. Retries still scheduled from the previous round are dropped.
 */
export async function redeliverWebhook(
  deps: WebhookDeps,
  actor: WebhookActor,
  partnerId: string,
  eventId: string,
): Promise<WebhookDeliveryResponse> {
  checkEventId(eventId);
  const current = await deps.webhookDeliveries.get(partnerId, eventId);
  if (!current) throw new NotFoundError(`Webhook event ${eventId} not found`);
  if (!(await deps.webhookSettings.get(partnerId)))
    throw new ConflictError('No webhook is configured; PUT /v1/webhooks first');
  transitionDelivery(current.status, 'REDELIVER');
  const at = deps.clock.now().toISOString();
  const restarted = await deps.webhookDeliveries.startRound(partnerId, eventId, current.round, at);
  await enqueueFirstAttempt(deps, restarted);
  await deps.audit.record({
    partnerId,
    actor,
    action: 'webhook.redeliver',
    outcome: 'SUCCESS',
    at,
    details: { eventId, round: restarted.round, previousStatus: current.status },
  });
  return deliveryView({ ...restarted, queuedAttempt: 1 });
}

export const WEBHOOK_TEST_MESSAGE =
  'Test event from the stablecoin gateway. Verify the signature and answer 2xx.';

/** POST /v1/webhooks/test: publishes a WEBHOOK_TEST event now, through the same queue, signing and retries as real events. */
export async function sendTestWebhook(
  deps: WebhookDeps,
  actor: WebhookActor,
  partnerId: string,
): Promise<WebhookDeliveryResponse> {
  if (!(await deps.webhookSettings.get(partnerId)))
    throw new ConflictError('No webhook is configured; PUT /v1/webhooks first');
  const now = deps.clock.now();
  const delivery = await publishWebhookEvent(deps, {
    id: `WEBHOOK_TEST:${ulid(now.getTime()).toLowerCase()}`,
    type: 'WEBHOOK_TEST',
    partnerId,
    occurredAt: now.toISOString(),
    data: { message: WEBHOOK_TEST_MESSAGE, requestedBy: actor.id },
  });
  await deps.audit.record({
    partnerId,
    actor,
    action: 'webhook.test',
    outcome: 'SUCCESS',
    at: now.toISOString(),
    details: { eventId: delivery.eventId },
  });
  return deliveryView(delivery);
}
