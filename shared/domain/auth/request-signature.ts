import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Partner request signing. A request carries X-Api-Key, X-Timestamp (unix ms) and
 * X-Signature = hex(HMAC-SHA256(secret, timestamp + "\n" + METHOD + "\n" + pathWithQuery + "\n" + body)).
 * Pure functions: the same code signs in the partner helper and verifies in the authorizer.
 */
export const API_KEY_HEADER = 'x-api-key';
export const TIMESTAMP_HEADER = 'x-timestamp';
export const SIGNATURE_HEADER = 'x-signature';

export interface SignableRequest {
  readonly timestamp: string;
  readonly method: string;
  /** Path with the query string exactly as sent, e.g. `/v1/deposits?status=CONFIRMED`. */
  readonly pathWithQuery: string;
  readonly body: string;
}

export function canonicalRequest(r: SignableRequest): string {
  return `${r.timestamp}\n${r.method.toUpperCase()}\n${r.pathWithQuery}\n${r.body}`;
}

export function signRequest(secret: string, r: SignableRequest): string {
  return createHmac('sha256', secret).update(canonicalRequest(r), 'utf8').digest('hex');
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** Constant-time comparison of the expected and presented signatures. */
export function signatureMatches(secret: string, r: SignableRequest, presented: string): boolean {
  const normalized = presented.toLowerCase();
  if (!HEX_SHA256.test(normalized)) return false;
  const expected = Buffer.from(signRequest(secret, r), 'hex');
  return timingSafeEqual(expected, Buffer.from(normalized, 'hex'));
}

const UNIX_MS = /^\d{13}$/;

/** Parses X-Timestamp; only 13-digit unix milliseconds are accepted. */
export function parseTimestamp(value: string): number | undefined {
  return UNIX_MS.test(value) ? Number(value) : undefined;
}

export function timestampWithinWindow(timestampMs: number, nowMs: number, windowMs: number): boolean {
  return Math.abs(nowMs - timestampMs) <= windowMs;
}

/**
 * API Gateway hands handlers the query already parsed, so the gateway signs a canonical form: parameters
 * sorted by name then value, each part percent-encoded as encodeURIComponent does, joined with `&`.
 * Partners who send their query in this form (the signing helper does) sign exactly what they send.
 */
export function canonicalQueryString(params: Readonly<Record<string, readonly string[] | undefined>> | null | undefined): string {
  if (!params) return '';
  const pairs: [string, string][] = [];
  for (const [name, values] of Object.entries(params)) {
    for (const value of values ?? []) pairs.push([encodeURIComponent(name), encodeURIComponent(value)]);
  }
  pairs.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

export function canonicalPathWithQuery(
  path: string,
  params: Readonly<Record<string, readonly string[] | undefined>> | null | undefined,
): string {
  const query = canonicalQueryString(params);
  return query ? `${path}?${query}` : path;
}
