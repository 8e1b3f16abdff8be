import type { DeliveryAttempt, DeliveryStatus, WebhookDelivery } from '../domain/webhooks/webhook-delivery';
import type { WebhookSettings } from '../domain/webhooks/webhook-settings';

/**
 * What webhook delivery needs behind the `WebhookPublisher` port (shared/ports/webhooks.ts): settings,
 * the event/delivery log, a queue with delays and a dead-letter queue, and an HTTP client.
 */
export interface WebhookSettingsRepository {
  get(partnerId: string): Promise<WebhookSettings | undefined>;
  /**
   * Writes the settings if the stored version is still `expectedVersion` (undefined: none stored yet);
   * CONFLICT when another write came first.
   */
  save(settings: WebhookSettings, expectedVersion: number | undefined): Promise<void>;
}

export interface DeliveryPage {
  readonly deliveries: readonly WebhookDelivery[];
  readonly nextCursor?: string;
}

export interface WebhookDeliveryStore {
  /** Stores a new delivery unless one with the same (partner, event id) exists; returns the stored one. */
  create(
    delivery: WebhookDelivery,
  ): Promise<{ readonly created: boolean; readonly delivery: WebhookDelivery }>;
  get(partnerId: string, eventId: string): Promise<WebhookDelivery | undefined>;
  /** Newest first (by creation); the cursor is opaque and bound to the partner. */
  list(partnerId: string, page: { limit: number; cursor?: string | undefined }): Promise<DeliveryPage>;
  /**
   * Appends an attempt and moves the status, if the delivery is still PENDING in `round` with exactly
   * `roundAttempts` attempts made (so two workers cannot both record the same attempt). False otherwise.
   */
  recordAttempt(
    partnerId: string,
    eventId: string,
    expected: { readonly round: number; readonly roundAttempts: number },
    attempt: DeliveryAttempt,
    next: { readonly status: DeliveryStatus; readonly nextAttemptAt?: string | undefined },
  ): Promise<boolean>;
  /** Records that `attempt` of `round` has been handed to the queue (never moves backwards). */
  markQueued(partnerId: string, eventId: string, round: number, attempt: number, at: string): Promise<void>;
  /**
   * Starts the next round (manual redelivery) if the delivery is still in `expectedRound`: status
   * PENDING, no attempts in the round, the log trimmed to its latest entries. CONFLICT if it moved on.
   */
  startRound(partnerId: string, eventId: string, expectedRound: number, at: string): Promise<WebhookDelivery>;
}

/** The queue message of one scheduled attempt (`events/webhook-delivery/schema.ts`). */
export interface DeliveryMessage {
  readonly v: 1;
  readonly partnerId: string;
  readonly eventId: string;
  readonly round: number;
  readonly attempt: number;
  /** ISO time before which the attempt must not run; a message that arrives early hops again. */
  readonly notBefore: string;
}

export interface WebhookQueue {
  /** Sends a message that becomes visible after `delaySeconds` (0-900, as SQS DelaySeconds). */
  enqueue(message: DeliveryMessage, delaySeconds: number): Promise<void>;
  /**
   * Parks a message whose retries are exhausted in the dead-letter queue, with the reason; a body that
   * is not a valid message at all is parked as `{ raw }`.
   */
  deadLetter(message: DeliveryMessage | { readonly raw: string }, reason: string): Promise<void>;
}

export interface WebhookHttpRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}

export interface WebhookHttpResult {
  /** Present when a response arrived. */
  readonly statusCode?: number | undefined;
  readonly latencyMs: number;
  /** A stable short code when no response arrived: TIMEOUT, CONNECTION_REFUSED, DNS_FAILURE, ADDRESS_NOT_ALLOWED, TLS_ERROR, NETWORK_ERROR. */
  readonly error?: string | undefined;
}

export interface WebhookHttpSender {
  /** POSTs the body; never throws for network problems (they come back as `error`). */
  post(request: WebhookHttpRequest): Promise<WebhookHttpResult>;
}
