/**
 * The partner webhook event types, written once: the port's WebhookEvent (shared/ports/webhooks.ts),
 * the message schema (events/webhook-event/schema.ts), the API enums and the settings read this list.
 */
export const WEBHOOK_EVENT_TYPES = [
  'DEPOSIT_DETECTED',
  'DEPOSIT_CONFIRMED',
  /** A deposit announced by DEPOSIT_DETECTED failed before it was credited (data.failureReason says why). */
  'DEPOSIT_FAILED',
  'LARGE_DEPOSIT',
  'WITHDRAWAL_REQUESTED',
  'WITHDRAWAL_APPROVED',
  'WITHDRAWAL_REJECTED',
  'WITHDRAWAL_CONFIRMED',
  'WITHDRAWAL_FAILED',
  'WITHDRAWAL_CANCELLED',
  'WEBHOOK_TEST',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
