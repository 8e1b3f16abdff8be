import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verifies a webhook from the stablecoin gateway on the receiving side. Deliveries follow the Standard
 * Webhooks specification (https://www.standardwebhooks.com), so the simplest receiver uses the official
 * library of its language, e.g. the `standardwebhooks` npm package:
 *
 *   import { Webhook } from 'standardwebhooks';
 *   const event = new Webhook(process.env.WEBHOOK_SECRET!).verify(rawBody, req.headers); // throws if forged
 *
 * This file does the same check without dependencies (copy it into your backend or import it), with a
 * result instead of an exception, several secrets at once (during a rotation) and the secrets issued
 * before Standard Webhooks:
 *
 *   webhook-id          the event id, the same on every retry (de-duplicate on it)
 *   webhook-timestamp   unix SECONDS when this attempt was signed
 *   webhook-signature   space-separated `v1,<base64 HMAC-SHA256(key, `${id}.${timestamp}.${rawBody}`)>`:
 *                       one per secret in use (two for 24 h after a rotation)
 *
 * The key is what the secret encodes: for `whsec_<base64>` (every secret issued now) the decoded bytes.
 * Secrets issued before (`whsec_` + 43 base64url characters, no padding) are keyed with the UTF-8 bytes
 * of the whole string; with the `standardwebhooks` library use `new Webhook(secret, { format: 'raw' })`
 * for them, or rotate the secret.
 *
 * Pass the raw body exactly as received (before any JSON parsing):
 *
 *   const result = verifyWebhook({ secrets: [process.env.WEBHOOK_SECRET!], headers: req.headers, body: rawBody });
 *   if (!result.ok) return res.status(400).end();  // result.reason says why
 *   if (await alreadyProcessed(result.id)) return res.status(200).end();
 */
export interface VerifyWebhookInput {
  /** One secret, or several during a rotation (e.g. [new, old]). */
  readonly secrets: string | readonly string[];
  /** Request headers; names in any case; Node's IncomingHttpHeaders works as is. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw request body (string or bytes), exactly as received. */
  readonly body: string | Uint8Array;
  /** Accepted distance between webhook-timestamp and now, either way. Default 300 s. */
  readonly toleranceSeconds?: number;
  /** Current time in ms (tests). Default Date.now(). */
  readonly nowMs?: number;
}

export type VerifyWebhookResult =
  | { readonly ok: true; readonly id: string; readonly timestamp: number }
  | {
      readonly ok: false;
      readonly reason:
        'MISSING_HEADERS' | 'TIMESTAMP_INVALID' | 'TIMESTAMP_OUT_OF_TOLERANCE' | 'SIGNATURE_MISMATCH';
    };

export const DEFAULT_TOLERANCE_SECONDS = 300;

const SECRET_PREFIX = 'whsec_';
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function header(headers: VerifyWebhookInput['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === 'string' ? value : value[0];
  }
  return undefined;
}

/** The HMAC key of a secret: the bytes of `whsec_<base64>`, else (secrets issued before) the UTF-8 string. */
export function webhookKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : undefined;
  return encoded !== undefined && STANDARD_BASE64.test(encoded)
    ? Buffer.from(encoded, 'base64')
    : Buffer.from(secret, 'utf8');
}

/** `v1,` + base64 HMAC-SHA256(key, `${id}.${timestamp}.${body}`): one entry of webhook-signature. */
export function webhookSignature(
  secret: string,
  id: string,
  timestamp: string | number,
  body: string | Uint8Array,
): string {
  const mac = createHmac('sha256', webhookKey(secret))
    .update(`${id}.${timestamp}.`, 'utf8')
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest('base64');
  return `v1,${mac}`;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function verifyWebhook(input: VerifyWebhookInput): VerifyWebhookResult {
  const id = header(input.headers, 'webhook-id');
  const timestampText = header(input.headers, 'webhook-timestamp');
  const signatures = (header(input.headers, 'webhook-signature') ?? '')
    .split(' ')
    .filter((s) => s.length > 0);
  if (!id || !timestampText || signatures.length === 0) return { ok: false, reason: 'MISSING_HEADERS' };
  if (!/^\d{1,12}$/.test(timestampText)) return { ok: false, reason: 'TIMESTAMP_INVALID' };
  const timestamp = Number(timestampText);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((input.nowMs ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - timestamp) > tolerance)
    return { ok: false, reason: 'TIMESTAMP_OUT_OF_TOLERANCE' };
  const secrets = typeof input.secrets === 'string' ? [input.secrets] : input.secrets;
  let match = false;
  // Compare against every candidate (no early exit), so timing does not reveal which secret matched.
  for (const secret of secrets) {
    const expected = webhookSignature(secret, id, timestampText, input.body);
    for (const signature of signatures) match = same(expected, signature) || match;
  }
  return match ? { ok: true, id, timestamp } : { ok: false, reason: 'SIGNATURE_MISMATCH' };
}
