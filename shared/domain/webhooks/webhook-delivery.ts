import { GatewayError } from '../errors';
import type { WebhookEventType } from './webhook-event-types';

/**
 * One event on its way to one partner endpoint, and the log of every attempt.
 *
 *   PENDING ── 2xx ──▶ DELIVERED
 *      │  └─ failure, retries left ──▶ PENDING (next attempt scheduled)
 *      └──── failure, schedule exhausted ──▶ FAILED (message sent to the DLQ)
 *   SKIPPED: published while the partner had no webhook URL; nothing is sent.
 *   REDELIVER (manual, from any state) ──▶ PENDING, in a new round with a fresh retry schedule.
 *
 * A round's attempts are numbered from 1; queue messages carry (round, attempt) so a duplicate or
 * superseded message is recognised and dropped instead of posting twice.
 */
export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED' | 'SKIPPED';
export type DeliveryEvent = 'ATTEMPT_SUCCEEDED' | 'ATTEMPT_FAILED' | 'RETRIES_EXHAUSTED' | 'REDELIVER';

const TRANSITIONS: Readonly<Record<DeliveryStatus, Partial<Record<DeliveryEvent, DeliveryStatus>>>> = {
  PENDING: {
    ATTEMPT_SUCCEEDED: 'DELIVERED',
    ATTEMPT_FAILED: 'PENDING',
    RETRIES_EXHAUSTED: 'FAILED',
    REDELIVER: 'PENDING',
  },
  DELIVERED: { REDELIVER: 'PENDING' },
  FAILED: { REDELIVER: 'PENDING' },
  SKIPPED: { REDELIVER: 'PENDING' },
};

export function transitionDelivery(from: DeliveryStatus, event: DeliveryEvent): DeliveryStatus {
  const to = TRANSITIONS[from][event];
  if (!to)
    throw new GatewayError('ILLEGAL_TRANSITION', `Delivery cannot ${event} from ${from}`, {
      details: { from, event },
    });
  return to;
}

export interface DeliveryAttempt {
  readonly round: number;
  /** 1-based within the round. */
  readonly attempt: number;
  readonly at: string;
  /** HTTP status of the response; absent when none arrived (timeout, refused connection …). */
  readonly statusCode?: number | undefined;
  readonly latencyMs: number;
  /** Why the attempt failed without a response, or a short reason for a non-2xx one. */
  readonly error?: string | undefined;
  readonly outcome: 'DELIVERED' | 'FAILED';
}

export interface WebhookDelivery {
  readonly partnerId: string;
  readonly eventId: string;
  readonly type: WebhookEventType;
  readonly occurredAt: string;
  /** The exact JSON body sent on every attempt: `{ id, type, occurredAt, data }`. */
  readonly payload: string;
  readonly status: DeliveryStatus;
  /** 0 for the automatic delivery; each manual redelivery starts the next round. */
  readonly round: number;
  /** Attempts made in the current round. */
  readonly roundAttempts: number;
  /** Highest attempt of the current round handed to the queue (so a lost enqueue can be detected). */
  readonly queuedAttempt: number;
  /** Attempts made in all rounds. */
  readonly attemptCount: number;
  /** The latest attempts, oldest first (bounded, see MAX_LOGGED_ATTEMPTS). */
  readonly attempts: readonly DeliveryAttempt[];
  readonly nextAttemptAt?: string | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Attempts kept in the log when a new round starts; a round adds at most maxAttempts() more. */
export const MAX_LOGGED_ATTEMPTS = 40;

/** Event ids are deterministic from the fact they report; they travel in URLs and keys, so keep them plain. */
export const EVENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9:._@#-]{0,199}$/;

export function isSuccessStatus(statusCode: number | undefined): boolean {
  return statusCode !== undefined && statusCode >= 200 && statusCode < 300;
}
