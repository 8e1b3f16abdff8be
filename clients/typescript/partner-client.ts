import { createHmac } from 'node:crypto';

/**
 * A small, dependency-free client for partner backends: signs every request the way the gateway
 * verifies it. Copy this file into your backend or import it.
 *
 *   X-Signature = hex(HMAC-SHA256(secret, timestamp + "\n" + METHOD + "\n" + pathWithQuery + "\n" + body))
 *
 * The query string is sent in canonical form (sorted, encodeURIComponent), so the signed path is
 * exactly the one sent.
 */
export interface PartnerCredentials {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
}

export function canonicalQuery(query: Readonly<Record<string, string | number | readonly (string | number)[]>> = {}): string {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(query)) {
    for (const v of ([] as (string | number)[]).concat(value as string | number | (string | number)[])) {
      pairs.push([encodeURIComponent(name), encodeURIComponent(String(v))]);
    }
  }
  pairs.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

let lastTimestamp = 0;

/**
 * Strictly increasing per process: two identical requests signed in the same millisecond would carry
 * the same signature, and the gateway refuses the second as a replay.
 */
function nextTimestamp(): number {
  lastTimestamp = Math.max(Date.now(), lastTimestamp + 1);
  return lastTimestamp;
}

export function signatureHeaders(
  credentials: Pick<PartnerCredentials, 'apiKey' | 'apiSecret'>,
  request: { method: string; pathWithQuery: string; body?: string; timestampMs?: number },
): Record<string, string> {
  const timestamp = String(request.timestampMs ?? nextTimestamp());
  const payload = `${timestamp}\n${request.method.toUpperCase()}\n${request.pathWithQuery}\n${request.body ?? ''}`;
  return {
    'X-Api-Key': credentials.apiKey,
    'X-Timestamp': timestamp,
    'X-Signature': createHmac('sha256', credentials.apiSecret).update(payload, 'utf8').digest('hex'),
  };
}

export interface PartnerResponse<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export function createPartnerClient(credentials: PartnerCredentials) {
  const base = new URL(credentials.apiUrl);
  const basePath = base.pathname.replace(/\/$/, '');

  async function request<T>(
    method: string,
    path: string,
    options: { query?: Record<string, string | number | (string | number)[]>; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<PartnerResponse<T>> {
    const query = canonicalQuery(options.query);
    const pathWithQuery = `${basePath}${path}${query ? `?${query}` : ''}`;
    const body = options.body === undefined ? '' : JSON.stringify(options.body);
    const res = await fetch(new URL(pathWithQuery, base.origin), {
      method,
      headers: {
        ...signatureHeaders(credentials, { method, pathWithQuery, body }),
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
