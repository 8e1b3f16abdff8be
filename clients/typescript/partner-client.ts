import { createHmac, randomUUID } from 'node:crypto';
import createClient from 'openapi-fetch';
import type { Client, Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

/**
 * The partner API client: `openapi-fetch` over the types generated from the gateway's OpenAPI document
 * (`schema.d.ts`, `npm run generate:client`), with request signing plugged in as a middleware. Copy this
 * folder into your backend (dependency: `openapi-fetch`) or import it.
 *
 *   const gw = createPartnerClient({ apiUrl, apiKey, apiSecret });
 *   const { data, error } = await gw.POST('/v1/withdrawals', {
 *     params: { header: { 'Idempotency-Key': 'payout-7781' } },
 *     body: { network: 'BSC', token: 'USDT', amount: '250', address: '0x…' },
 *   });
 *
 * Signature version 2 (ADR 0019), over exactly what is sent:
 *   X-Signature-Version: 2
 *   X-Nonce = a fresh random id per request (16–64 of A-Z a-z 0-9 - _)
 *   X-Signature = hex(HMAC-SHA256(secret,
 *     "v2\n" + timestamp + "\n" + nonce + "\n" + METHOD + "\n" + pathWithQuery + "\n" + idempotencyKey + "\n" + body))
 *
 * The query string is sent in canonical form (sorted, encodeURIComponent), so the signed path is
 * exactly the one sent.
 */
export type { components, operations, paths } from './schema';
/** The wire schemas of the partner API by name, e.g. `Schemas['WithdrawalResponse']`. */
export type Schemas = components['schemas'];

export interface PartnerCredentials {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
}

export interface PartnerClientOptions {
  /** The signing clock (unix ms); defaults to Date.now. */
  readonly now?: () => number;
  /** The fetch to send with (tests, proxies); defaults to the global fetch. */
  readonly fetch?: (request: Request) => Promise<Response>;
}

type QueryValue = string | number | readonly (string | number)[];

/** Parameters sorted by name then value, each part encoded as encodeURIComponent does, joined with `&`. */
export function canonicalQuery(query: Readonly<Record<string, QueryValue>> = {}): string {
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

/**
 * openapi-fetch middleware that signs each request as it leaves: the query is rewritten in canonical
 * form, and the path, query, Idempotency-Key and body signed are the ones sent.
 */
export function signingMiddleware(
  credentials: Pick<PartnerCredentials, 'apiKey' | 'apiSecret'>,
  options: Pick<PartnerClientOptions, 'now'> = {},
): Middleware {
  return {
    async onRequest({ request }) {
      const url = new URL(request.url);
      const params = Object.create(null) as Record<string, string[]>;
      for (const [name, value] of url.searchParams) (params[name] ??= []).push(value);
      const query = canonicalQuery(params);
      url.search = query;
      const body = request.body === null ? '' : await request.clone().text();
      const headers = new Headers(request.headers);
      const idempotencyKey = headers.get('idempotency-key');
      const signed = signatureHeaders(credentials, {
        method: request.method,
        pathWithQuery: `${url.pathname}${query ? `?${query}` : ''}`,
        body,
        ...(idempotencyKey !== null ? { idempotencyKey } : {}),
        ...(options.now ? { timestampMs: options.now() } : {}),
      });
      for (const [name, value] of Object.entries(signed)) headers.set(name, value);
      return new Request(url, {
        method: request.method,
        headers,
        signal: request.signal,
        redirect: request.redirect,
        ...(body ? { body } : {}),
      });
    },
  };
}

/** The untyped answer of `request`, `get` and `post`: status, parsed JSON body (or undefined) and headers. */
export interface PartnerResponse<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface UntypedRequestOptions {
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The typed openapi-fetch client (`GET`, `POST`, `PUT`, `DELETE`, … checked against the OpenAPI
 * document), plus untyped helpers for any path (probing, tests, scripts); both sign the same way.
 */
export type PartnerClient = Omit<Client<paths>, 'request'> & {
  request<T = unknown>(
    method: string,
    path: string,
    options?: UntypedRequestOptions,
  ): Promise<PartnerResponse<T>>;
  get<T = unknown>(path: string, query?: Readonly<Record<string, QueryValue>>): Promise<PartnerResponse<T>>;
  post<T = unknown>(
    path: string,
    body: unknown,
    headers?: Readonly<Record<string, string>>,
  ): Promise<PartnerResponse<T>>;
};

type UntypedFetch = (
  method: string,
  path: string,
  init: {
    params: { query: Readonly<Record<string, QueryValue>> };
    body?: unknown;
    headers?: Record<string, string>;
    parseAs: 'text';
  },
) => Promise<{ data?: string; error?: unknown; response: Response }>;

export function createPartnerClient(
  credentials: PartnerCredentials,
  options: PartnerClientOptions = {},
): PartnerClient {
  const api = createClient<paths>({
    baseUrl: credentials.apiUrl.replace(/\/+$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  api.use(signingMiddleware(credentials, options));
  const { request: typedRequest, ...typed } = api;
  const untyped = typedRequest as unknown as UntypedFetch;

  async function request<T>(
    method: string,
    path: string,
    opts: UntypedRequestOptions = {},
  ): Promise<PartnerResponse<T>> {
    const { data, error, response } = await untyped(method, path, {
      params: { query: opts.query ?? {} },
      ...(opts.body !== undefined ? { body: opts.body } : {}),
      ...(opts.headers ? { headers: { ...opts.headers } } : {}),
      parseAs: 'text',
    });
    const body = response.ok
      ? data
        ? (JSON.parse(data) as unknown)
        : undefined
      : error === ''
        ? undefined
        : error;
    return { status: response.status, body: body as T, headers: response.headers };
  }

  return {
    ...typed,
    request,
    get: (path, query) => request('GET', path, query ? { query } : {}),
    post: (path, body, headers) => request('POST', path, { body, ...(headers ? { headers } : {}) }),
  };
}
