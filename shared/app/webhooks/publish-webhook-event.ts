import { WebhookEventSchema, webhookBody } from '../../../events/webhook-event/schema';
import type { WebhookDelivery } from '../../domain/webhooks/webhook-delivery';
import type { DeliveryMessage } from '../../ports/webhook-delivery';
import type { WebhookEvent, WebhookPublisher } from '../../ports/webhooks';
import type { WebhookDeps } from './deps';
import { parseInput } from './parse-input';

type PublishDeps = Pick<WebhookDeps, 'clock' | 'webhookSettings' | 'webhookDeliveries' | 'webhookQueue'>;

/** The queue message of the first attempt of `round`, due now. */
export function firstAttemptMessage(
  delivery: Pick<WebhookDelivery, 'partnerId' | 'eventId' | 'round'>,
  now: Date,
): DeliveryMessage {
  return {
    v: 1,
    partnerId: delivery.partnerId,
    eventId: delivery.eventId,
    round: delivery.round,
    attempt: 1,
    notBefore: now.toISOString(),
  };
}

/** Hands attempt 1 of the delivery's round to the queue and records that it did. */
export async function enqueueFirstAttempt(deps: PublishDeps, delivery: WebhookDelivery): Promise<void> {
  const now = deps.clock.now();
  await deps.webhookQueue.enqueue(firstAttemptMessage(delivery, now), 0);
  await deps.webhookDeliveries.markQueued(
    delivery.partnerId,
    delivery.eventId,
    delivery.round,
    1,
    now.toISOString(),
  );
}

/**
 * Publishes an event to its partner's webhook: stores it with its delivery log (a conditional put on
 * (partner, event id), so publishing the same fact twice yields one event and one delivery) and queues
 * the first attempt. The body is fixed here, so every attempt sends the same bytes.
 *
 * Re-publishing an event whose first enqueue never happened (a crash between the put and the send)
 * queues it then: callers retry publish until it returns, and get exactly one delivery.
 * Without a configured URL the event is stored as SKIPPED (visible in the log, redeliverable later).
 */
export async function publishWebhookEvent(deps: PublishDeps, input: WebhookEvent): Promise<WebhookDelivery> {
  const event = parseInput(WebhookEventSchema, input);
  const settings = await deps.webhookSettings.get(event.partnerId);
  const at = deps.clock.now().toISOString();
  const candidate: WebhookDelivery = {
    partnerId: event.partnerId,
    eventId: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    payload: webhookBody(event),
    status: settings ? 'PENDING' : 'SKIPPED',
    round: 0,
    roundAttempts: 0,
    queuedAttempt: 0,
    attemptCount: 0,
    attempts: [],
    nextAttemptAt: settings ? at : undefined,
    createdAt: at,
    updatedAt: at,
  };
  const { delivery } = await deps.webhookDeliveries.create(candidate);
  const unqueued =
    delivery.status === 'PENDING' && delivery.roundAttempts === 0 && delivery.queuedAttempt === 0;
  if (unqueued) await enqueueFirstAttempt(deps, delivery);
  return delivery;
}

/** The `WebhookPublisher` port over the use-case: what deposit and withdrawal use-cases call. */
export class QueuedWebhookPublisher implements WebhookPublisher {
  constructor(private readonly deps: PublishDeps) {}

  async publish(event: WebhookEvent): Promise<void> {
    await publishWebhookEvent(this.deps, event);
  }
}
