import type { Clock } from '../../ports/clock';
import type { OutboxEvent, OutboxStore } from '../../ports/outbox';
import type { WebhookPublisher } from '../../ports/webhooks';

export interface OutboxRelayDeps {
  readonly outbox: OutboxStore;
  readonly webhooks: WebhookPublisher;
  readonly clock: Clock;
}

/** Unpublished events older than this are the republisher's: the stream normally relays within seconds. */
export const REPUBLISH_AFTER_MS = 5 * 60_000;
/** Events one republisher run handles at most (it runs every 5 minutes). */
export const REPUBLISH_BATCH = 200;

/**
 * Hands one outbox event to the webhook publisher, then marks it published. The publisher is
 * idempotent per event id (a conditional put of the delivery, then the enqueue), so relaying the same
 * event again — a stream retry, a replay, the republisher racing the stream — yields one webhook.
 * If publishing throws (the queue is down), the event stays unpublished and the caller retries.
 */
export async function relayOutboxEvent(deps: OutboxRelayDeps, outbox: OutboxEvent): Promise<void> {
  await deps.webhooks.publish(outbox.event);
  await deps.outbox.markPublished(outbox.event.id, deps.clock.now().toISOString());
}

export interface RepublishReport {
  readonly republished: number;
  readonly failed: number;
  readonly failures: readonly { readonly eventId: string; readonly error: string }[];
}

/**
 * The safety net under the stream: events still unpublished `olderThanMs` after they were recorded
 * (stream retries exhausted, the consumer disabled, records past the stream's 24 h retention) are
 * relayed again, oldest first.
 */
export async function republishUnpublished(
  deps: OutboxRelayDeps,
  options: { readonly olderThanMs?: number; readonly limit?: number } = {},
): Promise<RepublishReport> {
  const before = new Date(
    deps.clock.now().getTime() - (options.olderThanMs ?? REPUBLISH_AFTER_MS),
  ).toISOString();
  const due = await deps.outbox.listUnpublished(before, options.limit ?? REPUBLISH_BATCH);
  let republished = 0;
  const failures: { eventId: string; error: string }[] = [];
  for (const item of due) {
    try {
      await relayOutboxEvent(deps, item);
      republished += 1;
    } catch (e) {
      failures.push({ eventId: item.event.id, error: (e as Error).message });
    }
  }
  return { republished, failed: failures.length, failures };
}
