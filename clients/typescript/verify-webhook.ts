import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verifies a webhook from the stablecoin gateway on the receiving side. Dependency-free: copy this file
 * into your backend or import it.
 *
 *   X-Webhook-Id          the event id, the same on every retry (de-duplicate on it)
 *   X-Webhook-Timestamp   unix SECONDS when this attempt was signed
 *   X-Webhook-Signature   hex HMAC-SHA256(secret, `${id}.${timestamp}.${rawBody}`), with the current secret
 *   X-Webhook-Signature-Previous   the same with the previous secret, for 24 h after a rotation
 *
 * Pass the raw body exactly as received (before any JSON parsing). During a secret rotation pass both
 * secrets (`secrets: [newSecret, oldSecret]`): any secret matching any signature header is accepted.
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
  /** Accepted distance between X-Webhook-Timestamp and now, either way. Default 300 s. */
  readonly toleranceSeconds?: number;
  /** Current time in ms (tests). Default Date.now(). */
  readonly nowMs?: number;
}

export type VerifyWebhookResult =
  | { readonly ok: true; readonly id: string; readonly timestamp: number }
  | { readonly ok: false; readonly reason: 'MISSING_HEADERS' | 'TIMESTAMP_INVALID' | 'TIMESTAMP_OUT_OF_TOLERANCE' | 'SIGNATURE_MISMATCH' };

export const DEFAULT_TOLERANCE_SECONDS = 300;

function header(headers: VerifyWebhookInput['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === 'string' ? value : value[0];
  }
  return undefined;
}

/** hex HMAC-SHA256(secret, `${id}.${timestamp}.${body}`). */
export function webhookSignature(secret: string, id: string, timestamp: string | number, body: string | Uint8Array): string {
  return createHmac('sha256', secret)
    .update(`${id}.${timestamp}.`, 'utf8')
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest('hex');
}

function sameHex(a: string, b: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(a) || !/^[0-9a-f]{64}$/i.test(b)) return false;
  return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

export function verifyWebhook(input: VerifyWebhookInput): VerifyWebhookResult {
  const id = header(input.headers, 'X-Webhook-Id');
  const timestampText = header(input.headers, 'X-Webhook-Timestamp');
  const signatures = [header(input.headers, 'X-Webhook-Signature'), header(input.headers, 'X-Webhook-Signature-Previous')].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
  if (!id || !timestampText || signatures.length === 0) return { ok: false, reason: 'MISSING_HEADERS' };
  if (!/^\d{1,12}$/.test(timestampText)) return { ok: false, reason: 'TIMESTAMP_INVALID' };
  const timestamp = Number(timestampText);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((input.nowMs ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - timestamp) > tolerance) return { ok: false, reason: 'TIMESTAMP_OUT_OF_TOLERANCE' };
  const secrets = typeof input.secrets === 'string' ? [input.secrets] : input.secrets;
  let match = false;
  // Compare against every candidate (no early exit), so timing does not reveal which secret matched.
  for (const secret of secrets) {
    const expected = webhookSignature(secret, id, timestampText, input.body);
    for (const signature of signatures) match = sameHex(expected, signature.trim()) || match;
  }
  return match ? { ok: true, id, timestamp } : { ok: false, reason: 'SIGNATURE_MISMATCH' };
}
