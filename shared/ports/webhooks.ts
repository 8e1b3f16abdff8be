import type { WebhookEventType } from '../domain/webhooks/webhook-event-types';

/**
 * Partner webhooks. Use-cases publish domain events for a partner; delivery (queue, signing, retries,
 * delivery log) happens behind this port. Event ids are deterministic from the fact they report
 * (e.g. `DEPOSIT_CONFIRMED:BSC:0xabc…:3`), so publishing the same fact twice yields one event.
 */
export type { WebhookEventType };

export interface WebhookEvent {
  readonly id: string;
  readonly type: WebhookEventType;
  readonly partnerId: string;
  readonly occurredAt: string;
  /** JSON-safe payload: amounts as decimal strings. */
  readonly data: Readonly<Record<string, unknown>>;
}

export interface WebhookPublisher {
  publish(event: WebhookEvent): Promise<void>;
}
