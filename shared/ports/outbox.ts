import type { WebhookEvent } from './webhooks';

/**
 * The transactional outbox: an event is written in the same DynamoDB transaction as the state change
 * (and ledger entry) it reports, then relayed to the webhook publisher from the table's stream on AWS
 * (a poller of the same stream locally), and by a scheduled republisher for anything the stream did
 * not deliver. The publisher is idempotent per event id, so at-least-once relaying yields one webhook.
 */
export interface OutboxEvent {
  readonly event: WebhookEvent;
  /** When the fact was recorded (the writer's clock): the republisher's age check reads this. */
  readonly recordedAt: string;
}

export interface StoredOutboxEvent extends OutboxEvent {
  /** Set once the webhook publisher accepted the event; the item then expires by TTL. */
  readonly publishedAt?: string;
}

export interface OutboxStore {
  /**
   * Records events on their own (not in the transaction of a state change): for publishers whose state
   * change is written elsewhere, so that at least a webhook-queue outage cannot lose their events.
   */
  record(events: readonly OutboxEvent[]): Promise<void>;
  get(eventId: string): Promise<StoredOutboxEvent | undefined>;
  /** Events not yet published and recorded at or before `recordedBefore`, oldest first. */
  listUnpublished(recordedBefore: string, limit: number): Promise<StoredOutboxEvent[]>;
  /** Marks an event published (idempotent) and lets it expire after the retention period. */
  markPublished(eventId: string, at: string): Promise<void>;
}
