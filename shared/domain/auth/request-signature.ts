import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Partner request signing. A request carries X-Api-Key, X-Timestamp (unix ms), X-Signature and, from
 * version 2 on, X-Signature-Version: 2 and X-Nonce. The signature is hex(HMAC-SHA256(secret, canonical
 * string)); the canonical string of each version is built by `canonicalRequest`:
 *
 *   v2: "v2" \n timestamp \n nonce \n METHOD \n pathWithQuery \n idempotencyKey \n body
 *   v1: timestamp \n METHOD \n pathWithQuery \n body             (deprecated, see ADR 0019)
 *
 * Version 1 did not sign the Idempotency-Key and had no nonce: two different requests with the same
 * body sent in the same millisecond had the same signature, and the second was refused as a replay.
 * Pure functions: the same code signs in the partner client and verifies in the authorizer.
 */
export const API_KEY_HEADER = 'x-api-key';
export const TIMESTAMP_HEADER = 'x-timestamp';
export const SIGNATURE_HEADER = 'x-signature';
export const SIGNATURE_VERSION_HEADER = 'x-signature-version';
export const NONCE_HEADER = 'x-nonce';
/** Signed in version 2: a different key makes a different request, so it must change the signature. */
export const IDEMPOTENCY_KEY_SIGNED_HEADER = 'idempotency-key';

export type SignatureVersion = 1 | 2;
export const CURRENT_SIGNATURE_VERSION = 2;

/**
 * Until when version 1 (no X-Signature-Version header) is still accepted, unless config
 * `API_SIGNATURE_V1_ACCEPTED_UNTIL` says otherwise; from then on it is refused as SIGNATURE_VERSION_RETIRED.
 */
export const DEFAULT_SIGNATURE_V1_ACCEPTED_UNTIL = '2027-06-01T00:00:00.000Z';

/** Version 1 (deprecated): no nonce, the Idempotency-Key unsigned. */
export interface SignableRequestV1 {
  readonly version?: 1;
  readonly timestamp: string;
  readonly method: string;
  /** Path with the query string exactly as sent, e.g. `/v1/deposits?status=CONFIRMED`. */
  readonly pathWithQuery: string;
  readonly body: string;
}

export interface SignableRequestV2 {
  readonly version: 2;
  readonly timestamp: string;
  /** X-Nonce: 16–64 of `A-Z a-z 0-9 - _`, new for every request (a UUID will do). */
  readonly nonce: string;
  readonly method: string;
  /** Path with the query string exactly as sent, e.g. `/v1/deposits?status=CONFIRMED`. */
  readonly pathWithQuery: string;
  /** The Idempotency-Key header as sent, or the empty string without one. */
  readonly idempotencyKey: string;
  readonly body: string;
}

export type SignableRequest = SignableRequestV1 | SignableRequestV2;

export function canonicalRequest(r: SignableRequest): string {
  if (r.version === 2) {
    // The leading "v2" line keeps the two versions' strings apart: a v1 string starts with 13 digits.
    return [
      'v2',
      r.timestamp,
      r.nonce,
      r.method.toUpperCase(),
      r.pathWithQuery,
      r.idempotencyKey,
      r.body,
    ].join('\n');
  }
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

/** X-Signature-Version: absent means 1; `1` or `2`; anything else is malformed (undefined). */
export function parseSignatureVersion(value: string | undefined): SignatureVersion | undefined {
  if (value === undefined || value === '' || value === '1') return 1;
  if (value === '2') return 2;
  return undefined;
}

const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

export function nonceWellFormed(value: string | undefined): value is string {
  return value !== undefined && NONCE.test(value);
}

/** Whether a version-1 signature made at `nowMs` is still accepted. */
export function signatureVersionAccepted(
  version: SignatureVersion,
  nowMs: number,
  v1AcceptedUntilMs: number,
): boolean {
  return version === 2 || nowMs < v1AcceptedUntilMs;
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
export function canonicalQueryString(
  params: Readonly<Record<string, readonly string[] | undefined>> | null | undefined,
): string {
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
