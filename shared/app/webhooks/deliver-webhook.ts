import { queueHopSeconds, retryDelaySeconds } from '../../domain/webhooks/retry-schedule';
import { isSuccessStatus, transitionDelivery } from '../../domain/webhooks/webhook-delivery';
import type { DeliveryAttempt, DeliveryStatus } from '../../domain/webhooks/webhook-delivery';
import { webhookHeaders } from '../../domain/webhooks/webhook-signature';
import type { DeliveryMessage } from '../../ports/webhook-delivery';
import type { WebhookDeps } from './deps';
import { signingSecrets } from './signing-secrets';

export const WEBHOOK_USER_AGENT = 'StablecoinGateway-Webhooks/1.0';

/** What happened to one queue message; the consumer logs it and counts it as a metric. */
export type DeliveryOutcome =
  | { readonly kind: 'DELIVERED'; readonly attempt: number; readonly statusCode: number }
  | {
      readonly kind: 'RETRY_SCHEDULED';
      readonly attempt: number;
      readonly nextAttemptAt: string;
      readonly statusCode?: number | undefined;
      readonly error?: string | undefined;
    }
  | {
      readonly kind: 'FAILED';
      readonly attempt: number;
      readonly statusCode?: number | undefined;
      readonly error?: string | undefined;
    }
  /** Arrived before its time (SQS delays stop at 15 minutes): sent back to wait again. */
  | { readonly kind: 'DEFERRED'; readonly notBefore: string }
  /** Already handled, superseded by a redelivery, or unknown: dropped without a request. */
  | {
      readonly kind: 'DROPPED';
      readonly reason: 'UNKNOWN_EVENT' | 'SUPERSEDED' | 'NOT_PENDING' | 'DUPLICATE' | 'NO_WEBHOOK';
    }
  /** Already attempted, but the follow-up message was never queued (a crash in between): queued now. */
  | { readonly kind: 'REQUEUED'; readonly attempt: number };

type DeliverDeps = Pick<
  WebhookDeps,
  | 'clock'
  | 'keyVault'
  | 'webhookSettings'
  | 'webhookDeliveries'
  | 'webhookQueue'
  | 'webhookHttp'
  | 'webhookPolicy'
>;

function nextMessage(message: DeliveryMessage, notBefore: string): DeliveryMessage {
  return { ...message, attempt: message.attempt + 1, notBefore };
}

/**
 * Runs one scheduled attempt: sign, POST, record the attempt, then queue the next attempt (exponential
 * backoff with jitter) or finish as DELIVERED, or as FAILED with the message parked in the DLQ.
 *
 * Safe under at-least-once delivery: the attempt is recorded with a condition on (round, attempts made),
 * so a duplicate message never records twice; a message of an older round (a manual redelivery started
 * a new one) is dropped. Throws only for infrastructure errors, so the queue retries the message.
 */
export async function deliverWebhook(deps: DeliverDeps, message: DeliveryMessage): Promise<DeliveryOutcome> {
  const delivery = await deps.webhookDeliveries.get(message.partnerId, message.eventId);
  if (!delivery) return { kind: 'DROPPED', reason: 'UNKNOWN_EVENT' };
  if (message.round !== delivery.round) return { kind: 'DROPPED', reason: 'SUPERSEDED' };
  if (delivery.status !== 'PENDING') return { kind: 'DROPPED', reason: 'NOT_PENDING' };
  if (
    message.attempt === delivery.roundAttempts &&
    delivery.queuedAttempt < message.attempt + 1 &&
    delivery.nextAttemptAt
  ) {
    // This attempt is recorded but its successor was never queued.
    const hop = queueHopSeconds(Date.parse(delivery.nextAttemptAt), deps.clock.now().getTime());
    await deps.webhookQueue.enqueue(nextMessage(message, delivery.nextAttemptAt), hop);
    await deps.webhookDeliveries.markQueued(
      message.partnerId,
      message.eventId,
      message.round,
      message.attempt + 1,
      deps.clock.now().toISOString(),
    );
    return { kind: 'REQUEUED', attempt: message.attempt + 1 };
  }
  if (message.attempt !== delivery.roundAttempts + 1) return { kind: 'DROPPED', reason: 'DUPLICATE' };

  const now = deps.clock.now();
  const notBefore = Date.parse(message.notBefore);
  if (notBefore > now.getTime() + 1000) {
    await deps.webhookQueue.enqueue(message, queueHopSeconds(notBefore, now.getTime()));
    return { kind: 'DEFERRED', notBefore: message.notBefore };
  }

  const settings = await deps.webhookSettings.get(message.partnerId);
  if (!settings) return { kind: 'DROPPED', reason: 'NO_WEBHOOK' };
  const secrets = await signingSecrets(deps.keyVault, settings, now);
  const timestamp = Math.floor(now.getTime() / 1000);
  const signed = { id: delivery.eventId, timestamp, body: delivery.payload };
  const result = await deps.webhookHttp.post({
    url: settings.url,
    headers: {
      'content-type': 'application/json',
      'user-agent': WEBHOOK_USER_AGENT,
      ...webhookHeaders(secrets, signed, message.attempt, {
        legacyHeaders: now.getTime() < deps.webhookPolicy.legacyHeadersUntilMs,
      }),
    },
    body: delivery.payload,
    timeoutMs: deps.webhookPolicy.timeoutMs,
  });

  const delivered = isSuccessStatus(result.statusCode);
  const finishedAt = deps.clock.now();
  const delay = delivered
    ? undefined
    : retryDelaySeconds(message.attempt, deps.webhookPolicy.random(), deps.webhookPolicy.retryDelaysSeconds);
  const status: DeliveryStatus = transitionDelivery(
    'PENDING',
    delivered ? 'ATTEMPT_SUCCEEDED' : delay === undefined ? 'RETRIES_EXHAUSTED' : 'ATTEMPT_FAILED',
  );
  const nextAttemptAt =
    delay === undefined ? undefined : new Date(finishedAt.getTime() + delay * 1000).toISOString();
  const attempt: DeliveryAttempt = {
    round: message.round,
    attempt: message.attempt,
    at: now.toISOString(),
    statusCode: result.statusCode,
    latencyMs: Math.round(result.latencyMs),
    error:
      result.error ??
      (delivered || result.statusCode === undefined ? undefined : `HTTP_${result.statusCode}`),
    outcome: delivered ? 'DELIVERED' : 'FAILED',
  };
  const recorded = await deps.webhookDeliveries.recordAttempt(
    message.partnerId,
    message.eventId,
    { round: message.round, roundAttempts: delivery.roundAttempts },
    attempt,
    { status, nextAttemptAt },
  );
  if (!recorded) return { kind: 'DROPPED', reason: 'DUPLICATE' };

  if (delivered)
    return { kind: 'DELIVERED', attempt: message.attempt, statusCode: result.statusCode as number };
  if (nextAttemptAt === undefined) {
    await deps.webhookQueue.deadLetter(message, 'RETRIES_EXHAUSTED');
    return { kind: 'FAILED', attempt: message.attempt, statusCode: result.statusCode, error: attempt.error };
  }
  await deps.webhookQueue.enqueue(
    nextMessage(message, nextAttemptAt),
    queueHopSeconds(Date.parse(nextAttemptAt), finishedAt.getTime()),
  );
  await deps.webhookDeliveries.markQueued(
    message.partnerId,
    message.eventId,
    message.round,
    message.attempt + 1,
    finishedAt.toISOString(),
  );
  return {
    kind: 'RETRY_SCHEDULED',
    attempt: message.attempt,
    nextAttemptAt,
    statusCode: result.statusCode,
    error: attempt.error,
  };
}
