import { createHmac, randomUUID } from 'node:crypto';

/**
 * A small, dependency-free client for partner backends: signs every request the way the gateway
 * verifies it. Copy this file into your backend or import it.
 *
 *   X-Signature-Version: 2
 *   X-Nonce = a fresh random id per request (16–64 of A-Z a-z 0-9 - _)
 *   X-Signature = hex(HMAC-SHA256(secret,
 *     "v2\n" + timestamp + "\n" + nonce + "\n" + METHOD + "\n" + pathWithQuery + "\n" + idempotencyKey + "\n" + body))
 *
 * The query string is sent in canonical form (sorted, encodeURIComponent), so the signed path is
 * exactly the one sent.
 */
export interface PartnerCredentials {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
}

export function canonicalQuery(
  query: Readonly<Record<string, string | number | readonly (string | number)[]>> = {},
): string {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(query)) {
    for (const v of ([] as (string | number)[]).concat(value as string | number | (string | number)[])) {
      pairs.push([encodeURIComponent(name), encodeURIComponent(String(v))]);
    }
  }
  pairs.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

export interface SignatureInput {
  readonly method: string;
  /** Path and query exactly as sent (query in canonical form, see `canonicalQuery`). */
  readonly pathWithQuery: string;
  /** The exact body bytes sent; empty without a body. */
  readonly body?: string;
  /** The Idempotency-Key header sent with the request, if any: version 2 signs it. */
  readonly idempotencyKey?: string;
  readonly timestampMs?: number;
  /** Defaults to a random UUID; never reuse one. */
  readonly nonce?: string;
  /** 2 (default). 1 is the deprecated form without nonce and Idempotency-Key, accepted until its sunset date. */
  readonly version?: 1 | 2;
}

/** The credential headers of one request: X-Api-Key, X-Timestamp, X-Signature (and, for version 2, X-Signature-Version, X-Nonce). */
export function signatureHeaders(
  credentials: Pick<PartnerCredentials, 'apiKey' | 'apiSecret'>,
  request: SignatureInput,
): Record<string, string> {
  const timestamp = String(request.timestampMs ?? Date.now());
  const method = request.method.toUpperCase();
  const body = request.body ?? '';
  const sign = (payload: string) =>
    createHmac('sha256', credentials.apiSecret).update(payload, 'utf8').digest('hex');
  if (request.version === 1) {
    return {
      'X-Api-Key': credentials.apiKey,
      'X-Timestamp': timestamp,
      'X-Signature': sign(`${timestamp}\n${method}\n${request.pathWithQuery}\n${body}`),
    };
  }
  const nonce = request.nonce ?? randomUUID();
  const payload = [
    'v2',
    timestamp,
    nonce,
    method,
    request.pathWithQuery,
    request.idempotencyKey ?? '',
    body,
  ].join('\n');
  return {
    'X-Api-Key': credentials.apiKey,
    'X-Timestamp': timestamp,
    'X-Signature-Version': '2',
    'X-Nonce': nonce,
    'X-Signature': sign(payload),
  };
}

function idempotencyKeyOf(headers: Record<string, string> = {}): { idempotencyKey?: string } {
  const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === 'idempotency-key');
  return entry ? { idempotencyKey: entry[1] } : {};
}

export interface PartnerResponse<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface PartnerClientOptions {
  /** The signing clock (unix ms); defaults to Date.now. */
  readonly now?: () => number;
}

export function createPartnerClient(
  credentials: PartnerCredentials,
  clientOptions: PartnerClientOptions = {},
) {
  const base = new URL(credentials.apiUrl);
  const basePath = base.pathname.replace(/\/$/, '');

  async function request<T>(
    method: string,
    path: string,
    options: {
      query?: Record<string, string | number | (string | number)[]>;
      body?: unknown;
      headers?: Record<string, string>;
    } = {},
  ): Promise<PartnerResponse<T>> {
    const query = canonicalQuery(options.query);
    const pathWithQuery = `${basePath}${path}${query ? `?${query}` : ''}`;
    const body = options.body === undefined ? '' : JSON.stringify(options.body);
    const res = await fetch(new URL(pathWithQuery, base.origin), {
      method,
      headers: {
        ...signatureHeaders(credentials, {
          method,
          pathWithQuery,
          body,
          ...(clientOptions.now ? { timestampMs: clientOptions.now() } : {}),
          ...idempotencyKeyOf(options.headers),
        }),
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(body ? { body } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
  }

  return {
    request,
    get: <T>(path: string, query?: Record<string, string | number | (string | number)[]>) =>
      request<T>('GET', path, query ? { query } : {}),
    post: <T>(path: string, body: unknown, headers?: Record<string, string>) =>
      request<T>('POST', path, { body, ...(headers ? { headers } : {}) }),
  };
}
