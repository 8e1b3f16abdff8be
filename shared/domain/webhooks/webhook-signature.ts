import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How webhook requests are signed. Every delivery attempt carries:
 *
 *   X-Webhook-Id         the event id (the same on every retry: receivers de-duplicate on it)
 *   X-Webhook-Timestamp  unix time in SECONDS when this attempt was signed (fresh on every attempt)
 *   X-Webhook-Signature  lowercase hex HMAC-SHA256(secret, `${id}.${timestamp}.${body}`)
 *
 * During the grace period after a secret rotation the attempt also carries
 * `X-Webhook-Signature-Previous`, the same HMAC under the previous secret, so a receiver that has not
 * yet deployed the new secret keeps verifying. `X-Webhook-Signature` is always made with the newest one.
 */
export const WEBHOOK_HEADERS = {
  id: 'X-Webhook-Id',
  timestamp: 'X-Webhook-Timestamp',
  signature: 'X-Webhook-Signature',
  previousSignature: 'X-Webhook-Signature-Previous',
  attempt: 'X-Webhook-Attempt',
} as const;

export interface SignableWebhook {
  readonly id: string;
  /** Unix seconds, as sent in X-Webhook-Timestamp. */
  readonly timestamp: number;
  /** The exact body bytes sent (UTF-8 JSON). */
  readonly body: string;
}

export function webhookSigningString(w: SignableWebhook): string {
  return `${w.id}.${w.timestamp}.${w.body}`;
}

export function signWebhook(secret: string, w: SignableWebhook): string {
  return createHmac('sha256', secret).update(webhookSigningString(w), 'utf8').digest('hex');
}

/** Constant-time comparison of a received hex signature with the expected one. */
export function webhookSignatureMatches(secret: string, w: SignableWebhook, signature: string): boolean {
  const expected = Buffer.from(signWebhook(secret, w), 'hex');
  if (!/^[0-9a-f]{64}$/i.test(signature)) return false;
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

export interface WebhookSigningSecrets {
  readonly current: string;
  /** Present only while the previous secret is inside its grace period. */
  readonly previous?: string | undefined;
}

/** The headers of one delivery attempt (besides Content-Type and User-Agent). */
export function webhookHeaders(
  secrets: WebhookSigningSecrets,
  w: SignableWebhook,
  attempt: number,
): Record<string, string> {
  return {
    [WEBHOOK_HEADERS.id]: w.id,
    [WEBHOOK_HEADERS.timestamp]: String(w.timestamp),
    [WEBHOOK_HEADERS.signature]: signWebhook(secrets.current, w),
    ...(secrets.previous ? { [WEBHOOK_HEADERS.previousSignature]: signWebhook(secrets.previous, w) } : {}),
    [WEBHOOK_HEADERS.attempt]: String(attempt),
  };
}
