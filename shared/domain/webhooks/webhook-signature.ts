import { createHmac, timingSafeEqual } from 'node:crypto';
import { WEBHOOK_SECRET_PREFIX } from './webhook-settings';

/**
 * How webhook requests are signed: the Standard Webhooks specification (standardwebhooks.com), so
 * partners verify them with the `standardwebhooks` libraries in any language. Every attempt carries:
 *
 *   webhook-id          the event id (the same on every retry: receivers de-duplicate on it)
 *   webhook-timestamp   unix time in SECONDS when this attempt was signed (fresh on every attempt)
 *   webhook-signature   `v1,<base64 HMAC-SHA256(key, `${id}.${timestamp}.${body}`)>`; during the grace
 *                       period after a rotation two of them, space-separated: the new secret's first,
 *                       then the previous one's
 *
 * The key is the secret's raw bytes (see `webhookSigningKey`). Until the deprecation date
 * (WEBHOOK_LEGACY_HEADERS_UNTIL) the attempt also carries the headers sent before, unchanged:
 * X-Webhook-Id, X-Webhook-Timestamp, X-Webhook-Signature (lowercase hex HMAC keyed with the UTF-8 bytes
 * of the whole secret string) and, during a rotation, X-Webhook-Signature-Previous.
 * X-Webhook-Attempt (informational, not signed) stays.
 */
export const STANDARD_WEBHOOK_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;

/** The headers sent before Standard Webhooks; deprecated, sent until WEBHOOK_LEGACY_HEADERS_UNTIL. */
export const LEGACY_WEBHOOK_HEADERS = {
  id: 'X-Webhook-Id',
  timestamp: 'X-Webhook-Timestamp',
  signature: 'X-Webhook-Signature',
  previousSignature: 'X-Webhook-Signature-Previous',
} as const;

export const WEBHOOK_ATTEMPT_HEADER = 'X-Webhook-Attempt';

/** Padded standard base64 (RFC 4648 §4), as Standard Webhooks secrets are written after `whsec_`. */
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The HMAC key of a secret. A Standard Webhooks secret (`whsec_` + padded standard base64, what we issue
 * now) is keyed with the bytes its base64 encodes. Any other string — the secrets issued before, `whsec_`
 * + 43 base64url characters, which never match (43 is not a multiple of 4) — is keyed with the UTF-8
 * bytes of the whole string, as the legacy signature always was: such a receiver verifies with
 * `new Webhook(secret, { format: 'raw' })`, or with the Standard secret `whsec_` + base64(UTF-8(secret)).
 */
export function webhookSigningKey(secret: string): Buffer {
  if (secret.startsWith(WEBHOOK_SECRET_PREFIX)) {
    const encoded = secret.slice(WEBHOOK_SECRET_PREFIX.length);
    if (STANDARD_BASE64.test(encoded)) return Buffer.from(encoded, 'base64');
  }
  return Buffer.from(secret, 'utf8');
}

/** A new Standard Webhooks secret from raw key bytes (we issue 32 random bytes). */
export function standardWebhookSecret(key: Uint8Array): string {
  return `${WEBHOOK_SECRET_PREFIX}${Buffer.from(key).toString('base64')}`;
}

export interface SignableWebhook {
  readonly id: string;
  /** Unix seconds, as sent in webhook-timestamp. */
  readonly timestamp: number;
  /** The exact body bytes sent (UTF-8 JSON). */
  readonly body: string;
}

export function webhookSigningString(w: SignableWebhook): string {
  return `${w.id}.${w.timestamp}.${w.body}`;
}

/** One entry of webhook-signature: `v1,` + base64 HMAC-SHA256 keyed with the secret's raw bytes. */
export function signWebhookV1(secret: string, w: SignableWebhook): string {
  return `v1,${createHmac('sha256', webhookSigningKey(secret)).update(webhookSigningString(w), 'utf8').digest('base64')}`;
}

/** The deprecated X-Webhook-Signature: lowercase hex HMAC-SHA256 keyed with the UTF-8 bytes of the secret string. */
export function signWebhookLegacy(secret: string, w: SignableWebhook): string {
  return createHmac('sha256', secret).update(webhookSigningString(w), 'utf8').digest('hex');
}

/** Whether any entry of a received webhook-signature header is the v1 signature under `secret` (constant time per entry). */
export function webhookSignatureMatches(secret: string, w: SignableWebhook, header: string): boolean {
  const expected = Buffer.from(signWebhookV1(secret, w), 'utf8');
  let match = false;
  for (const entry of header.split(' ')) {
    const got = Buffer.from(entry, 'utf8');
    match = (got.length === expected.length && timingSafeEqual(got, expected)) || match;
  }
  return match;
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
  options: { readonly legacyHeaders: boolean },
): Record<string, string> {
  const signatures = [
    signWebhookV1(secrets.current, w),
    ...(secrets.previous ? [signWebhookV1(secrets.previous, w)] : []),
  ];
  const legacy = options.legacyHeaders
    ? {
        [LEGACY_WEBHOOK_HEADERS.id]: w.id,
        [LEGACY_WEBHOOK_HEADERS.timestamp]: String(w.timestamp),
        [LEGACY_WEBHOOK_HEADERS.signature]: signWebhookLegacy(secrets.current, w),
        ...(secrets.previous
          ? { [LEGACY_WEBHOOK_HEADERS.previousSignature]: signWebhookLegacy(secrets.previous, w) }
          : {}),
      }
    : {};
  return {
    [STANDARD_WEBHOOK_HEADERS.id]: w.id,
    [STANDARD_WEBHOOK_HEADERS.timestamp]: String(w.timestamp),
    [STANDARD_WEBHOOK_HEADERS.signature]: signatures.join(' '),
    ...legacy,
    [WEBHOOK_ATTEMPT_HEADER]: String(attempt),
  };
}
