import * as z from 'zod';
import { FUNCTIONS } from '../../functions/catalog';
import type { FunctionSpec, RouteSpec } from '../../functions/catalog';
import {
  canonicalRequest,
  DEFAULT_SIGNATURE_V1_ACCEPTED_UNTIL,
  signRequest,
} from '../domain/auth/request-signature';
import type { SignableRequestV2 } from '../domain/auth/request-signature';
import {
  AUTH_HEADERS,
  BalanceFlowsParams,
  BalanceFlowsQuery,
  BalanceFlowsResponse,
  BalancesResponse,
  DEFAULT_TIMESTAMP_WINDOW_MS,
  ERROR_CODE_LIST,
  ERROR_CODES,
  PartnerResponse,
  partnerApiRegistry,
  WebhookDeliveriesQuery,
  WebhookDeliveriesResponse,
  WebhookDeliveryParams,
  WebhookDeliveryResponse,
  WebhookSecretResponse,
  WebhookSettingsRequest,
  WebhookSettingsResponse,
  WebhookSettingsUpdateResponse,
} from './partner-api-schemas';
import type { ErrorCode, ErrorResponse } from './partner-api-schemas';
import { DEPOSIT_ROUTE_DOCS } from './deposit-route-docs';
import { WITHDRAWAL_ROUTE_DOCS } from './withdrawal-route-docs';
import { GAS_ROUTE_DOCS } from './gas-route-docs';
import { INVOICE_ROUTE_DOCS } from './invoice-route-docs';
import { FINANCE_ROUTE_DOCS } from './finance-route-docs';
import { SUB_PARTNER_ROUTE_DOCS } from './sub-partner-route-docs';
import { SUB_PARTNER_REPORT_ROUTE_DOCS } from './sub-partner-report-route-docs';
import { WEBHOOKS_DESCRIPTION } from './webhook-docs';
import { IDEMPOTENCY_KEY_HEADER } from '../adapters/lambda/idempotency-header';
import { IDEMPOTENCY_RETENTION_DAYS } from '../app/idempotency/run-idempotent';

/**
 * The partner API as an OpenAPI 3.1 document, generated from the function catalog (which routes exist)
 * and the zod wire schemas (what they return), so the published contract cannot drift from the code.
 */

export const API_TITLE = 'Stablecoin Gateway Partner API';
export const API_VERSION = '1.0.0';

type HttpMethod = Lowercase<RouteSpec['method']>;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Success statuses: 200, 201 for a resource created by this call (200 when it existed or is replayed), 204 without body. */
export type SuccessStatus = 200 | 201 | 204;

/**
 * Documentation for one route. Every `api` route in the catalog must have one (a unit test enforces it).
 * `params`, `query` and `requestBody` are the very zod schemas the handler (or its use-case) parses with:
 * the document is generated from them, so the contract and the validation cannot drift.
 */
export interface RouteDoc {
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly tag: string;
  /** The success body (200/201); must be registered in `partnerApiRegistry`. */
  readonly response: z.ZodType;
  readonly responseExample: unknown;
  /** Success statuses the route answers; default `[200]`. */
  readonly successStatuses?: readonly SuccessStatus[];
  /** Path parameters: one property per `{param}` placeholder (descriptions via `.describe()`). */
  readonly params?: z.ZodObject;
  /** Query parameters: the zod object the handler parses with. */
  readonly query?: z.ZodType;
  /**
   * Error statuses beyond the ones every operation can return: 409 on conflicts, 422 when the request is
   * understood but not possible now, 503 on ledger contention. 413 is added to every POST and PUT.
   */
  readonly extraErrorStatuses?: readonly (409 | 422 | 503)[];
  /** The JSON request body; must be registered in `partnerApiRegistry`. */
  readonly requestBody?: z.ZodType;
  /** POSTs that create money-relevant state take an Idempotency-Key header (required or optional). */
  readonly idempotencyKey?: 'required' | 'optional';
}

const EXAMPLE_TEST_DELIVERY_FAILED_ATTEMPT = {
  round: 0,
  attempt: 1,
  at: '2026-11-20T12:00:00.120Z',
  statusCode: null,
  latencyMs: 10002,
  error: 'TIMEOUT',
  outcome: 'FAILED' as const,
};

const EXAMPLE_TEST_DELIVERY = {
  eventId: 'WEBHOOK_TEST:01kaq7d4xw0m6n3r9t2v5y8z1b',
  type: 'WEBHOOK_TEST' as const,
  status: 'PENDING' as const,
  occurredAt: '2026-11-20T12:00:00.000Z',
  createdAt: '2026-11-20T12:00:00.000Z',
  updatedAt: '2026-11-20T12:00:00.000Z',
  nextAttemptAt: '2026-11-20T12:00:00.000Z',
  round: 0,
  attemptCount: 0,
  attempts: [] as WebhookDeliveryResponse['attempts'],
  event: {
    id: 'WEBHOOK_TEST:01kaq7d4xw0m6n3r9t2v5y8z1b',
    type: 'WEBHOOK_TEST' as const,
    occurredAt: '2026-11-20T12:00:00.000Z',
    data: {
      message: 'Test event from the stablecoin gateway. Verify the signature and answer 2xx.',
      requestedBy: 'ak_01jgz4a7c9e1g3j5m7p9r1t3v5',
    },
  },
} satisfies WebhookDeliveryResponse;

const EXAMPLE_CREATED_AT = '2026-01-05T09:30:00.000Z';

/** Keyed by `METHOD path`, exactly as in `functions/catalog.ts`. */
export const ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  ...DEPOSIT_ROUTE_DOCS,
  ...WITHDRAWAL_ROUTE_DOCS,
  ...GAS_ROUTE_DOCS,
  ...INVOICE_ROUTE_DOCS,
  ...FINANCE_ROUTE_DOCS,
  ...SUB_PARTNER_ROUTE_DOCS,
  ...SUB_PARTNER_REPORT_ROUTE_DOCS,
  'GET /v1/partner': {
    operationId: 'getPartner',
    summary: 'Get the authenticated partner',
    description:
      "Returns the partner that owns the API key used to sign the request, and that key's metadata. " +
      'Useful as a first call to check that signing works. The API secret is never returned.',
    tag: 'Account',
    response: PartnerResponse,
    responseExample: {
      partner: {
        id: '01JGZ3M8Q4W7E2R5T9Y6V1K0PA',
        code: 'ACME-PAY',
        name: 'Acme Payments',
        type: 'MERCHANT',
        status: 'ACTIVE',
        parentId: '01JGZ2XKD9F3B6N8P0R2T4V6X8',
        depth: 2,
        createdAt: EXAMPLE_CREATED_AT,
      },
      apiKey: {
        id: 'ak_01jgz4a7c9e1g3j5m7p9r1t3v5',
        name: 'production backend',
        ipAllowlist: ['203.0.113.10', '198.51.100.0/24'],
        createdAt: EXAMPLE_CREATED_AT,
      },
    } satisfies PartnerResponse,
  },
  'GET /v1/balances': {
    operationId: 'listBalances',
    summary: 'List balances per asset',
    description:
      'Balances of the authenticated partner, one row per asset (`TOKEN@NETWORK`). `available` can be ' +
      'withdrawn now; `held` is reserved by withdrawals in progress; `total = available + held`. ' +
      'Amounts are decimal strings in token units, never JSON numbers. `totalUsd` values every balance in USD.',
    tag: 'Balances',
    response: BalancesResponse,
    responseExample: {
      balances: [
        {
          asset: 'USDT@BSC',
          token: 'USDT',
          network: 'BSC',
          decimals: 18,
          available: '1250.5',
          held: '100',
          total: '1350.5',
        },
        {
          asset: 'USDT@TRON',
          token: 'USDT',
          network: 'TRON',
          decimals: 6,
          available: '980.123456',
          held: '0',
          total: '980.123456',
        },
      ],
      totalUsd: '2330.623456',
      availableUsd: '2230.623456',
    } satisfies BalancesResponse,
  },
  'GET /v1/balances/{asset}/flows': {
    operationId: 'listBalanceFlows',
    summary: 'List the movements of one balance',
    description:
      'Credits and debits of the partner balance in one asset, newest first, each with the posted balance ' +
      'right after it. Held funds are not lines: a withdrawal appears when it settles. Page with `nextCursor`; ' +
      'filter by effective time (`from`, `to`) and `reason`. The running balance counts every line, filtered or not.',
    tag: 'Balances',
    response: BalanceFlowsResponse,
    params: BalanceFlowsParams,
    query: BalanceFlowsQuery,
    responseExample: {
      asset: 'USDT@BSC',
      flows: [
        {
          entryId: 'withdrawal:W2611200001:post',
          reason: 'WITHDRAWAL',
          direction: 'DEBIT',
          amount: '100',
          balanceAfter: '1250.5',
          effectiveAt: '2026-11-20T10:15:00.000Z',
          cause: { type: 'withdrawal', id: 'W2611200001' },
        },
        {
          entryId: 'deposit:BSC:0x5d1f0c7e9a3b8d2f4c6e1a0b9d8c7f6e5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d:3',
          reason: 'DEPOSIT',
          direction: 'CREDIT',
          amount: '988',
          balanceAfter: '1350.5',
          effectiveAt: '2026-11-20T09:02:11.000Z',
          cause: {
            type: 'deposit',
            id: '0x5d1f0c7e9a3b8d2f4c6e1a0b9d8c7f6e5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d',
          },
        },
      ],
      nextCursor: 'eyJzayI6IjIwMjYtMTEtMjBUMDk6MDI6MTEuMDAwWiMifQ',
    } satisfies BalanceFlowsResponse,
  },
  'GET /v1/webhooks': {
    operationId: 'getWebhookSettings',
    summary: 'Get the webhook settings',
    description:
      'The endpoint URL, the LARGE_DEPOSIT threshold and when the signing secret was made. The secret itself is never ' +
      'returned after it is shown once. `url` is null until configured.',
    tag: 'Webhooks',
    response: WebhookSettingsResponse,
    responseExample: {
      url: 'https://partner.example.com/gateway/webhooks',
      largeDepositThresholdUsd: '10000',
      eventTypes: ['DEPOSIT_DETECTED', 'DEPOSIT_CONFIRMED', 'LARGE_DEPOSIT', 'WEBHOOK_TEST'],
      secretCreatedAt: EXAMPLE_CREATED_AT,
      previousSecretExpiresAt: null,
      createdAt: EXAMPLE_CREATED_AT,
      updatedAt: EXAMPLE_CREATED_AT,
    } satisfies WebhookSettingsResponse,
  },
  'PUT /v1/webhooks': {
    operationId: 'putWebhookSettings',
    summary: 'Set the webhook URL and LARGE_DEPOSIT threshold',
    description:
      'Replaces the settings. The URL must be https on a public host (private, loopback and link-local addresses are ' +
      'refused, also when a host name resolves to one at delivery time). The first call generates the signing secret and ' +
      'returns it in `secret`, **once**; later calls keep the secret (rotate it with POST /v1/webhooks/secret). An omitted ' +
      'or null `largeDepositThresholdUsd` disables LARGE_DEPOSIT.',
    tag: 'Webhooks',
    requestBody: WebhookSettingsRequest,
    response: WebhookSettingsUpdateResponse,
    extraErrorStatuses: [409],
    responseExample: {
      url: 'https://partner.example.com/gateway/webhooks',
      largeDepositThresholdUsd: '10000',
      eventTypes: ['DEPOSIT_DETECTED', 'DEPOSIT_CONFIRMED', 'LARGE_DEPOSIT', 'WEBHOOK_TEST'],
      secretCreatedAt: EXAMPLE_CREATED_AT,
      previousSecretExpiresAt: null,
      createdAt: EXAMPLE_CREATED_AT,
      updatedAt: EXAMPLE_CREATED_AT,
      secret: 'whsec_bm90LWEtcmVhbC1zZWNyZXQtLWFuLWV4YW1wbGUtMDE=',
    } satisfies WebhookSettingsUpdateResponse,
  },
  'POST /v1/webhooks/secret': {
    operationId: 'rotateWebhookSecret',
    summary: 'Rotate the webhook signing secret',
    description:
      'Generates a new signing secret (`whsec_` + base64 of 32 random bytes) and returns it **once**. Deliveries are signed ' +
      'with it immediately; until `previousSecretExpiresAt` (24 hours) `webhook-signature` also carries a signature made ' +
      'with the previous secret, so you can deploy the new secret without losing events. ' +
      '409 when no webhook is configured.',
    tag: 'Webhooks',
    response: WebhookSecretResponse,
    extraErrorStatuses: [409],
    responseExample: {
      secret: 'whsec_bm90LWEtcmVhbC1zZWNyZXQtLWFuLWV4YW1wbGUtMDI=',
      secretCreatedAt: '2026-11-20T12:00:00.000Z',
      previousSecretExpiresAt: '2026-11-21T12:00:00.000Z',
    } satisfies WebhookSecretResponse,
  },
  'POST /v1/webhooks/test': {
    operationId: 'sendTestWebhook',
    summary: 'Send a test event now',
    description:
      'Publishes a WEBHOOK_TEST event to your endpoint right away, through the same queue, signing and retries as real ' +
      'events. The answer is the new delivery (PENDING); follow it in GET /v1/webhooks/deliveries. 409 when no webhook is configured.',
    tag: 'Webhooks',
    response: WebhookDeliveryResponse,
    extraErrorStatuses: [409],
    responseExample: EXAMPLE_TEST_DELIVERY,
  },
  'GET /v1/webhooks/deliveries': {
    operationId: 'listWebhookDeliveries',
    summary: 'List webhook deliveries',
    description:
      'Every event published to you, newest first, with its delivery state and each attempt (time, your HTTP status, ' +
      'latency, error). PENDING deliveries show when the next attempt is due. Page with `nextCursor`.',
    tag: 'Webhooks',
    response: WebhookDeliveriesResponse,
    query: WebhookDeliveriesQuery,
    responseExample: {
      deliveries: [
        {
          eventId:
            'DEPOSIT_CONFIRMED:BSC:0x5d1f0c7e9a3b8d2f4c6e1a0b9d8c7f6e5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d:3',
          type: 'DEPOSIT_CONFIRMED',
          status: 'DELIVERED',
          occurredAt: '2026-11-20T09:02:11.000Z',
          createdAt: '2026-11-20T09:02:11.250Z',
          updatedAt: '2026-11-20T09:03:12.101Z',
          nextAttemptAt: null,
          round: 0,
          attemptCount: 2,
          attempts: [
            {
              round: 0,
              attempt: 1,
              at: '2026-11-20T09:02:11.300Z',
              statusCode: 503,
              latencyMs: 84,
              error: 'HTTP_503',
              outcome: 'FAILED',
            },
            {
              round: 0,
              attempt: 2,
              at: '2026-11-20T09:03:12.020Z',
              statusCode: 200,
              latencyMs: 81,
              error: null,
              outcome: 'DELIVERED',
            },
          ],
          event: {
            id: 'DEPOSIT_CONFIRMED:BSC:0x5d1f0c7e9a3b8d2f4c6e1a0b9d8c7f6e5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d:3',
            type: 'DEPOSIT_CONFIRMED',
            occurredAt: '2026-11-20T09:02:11.000Z',
            data: {
              depositCode: 'D2611200001',
              asset: 'USDT@BSC',
              userId: 'user-42',
              amount: '1000',
              fee: '12',
              netAmount: '988',
            },
          },
        },
      ],
      nextCursor: 'eyJwIjoiV0hFVkVOVCMuLi4ifQ',
    } satisfies WebhookDeliveriesResponse,
  },
  'POST /v1/webhooks/deliveries/{eventId}/redeliver': {
    operationId: 'redeliverWebhook',
    summary: 'Redeliver an event',
    description:
      'Sends the event again now, in a new round with a fresh retry schedule, whatever its state; retries still scheduled ' +
      'from the previous round are dropped. The body and webhook-id are the same as before. 404 for an event that is ' +
      'not yours; 409 when no webhook is configured.',
    tag: 'Webhooks',
    response: WebhookDeliveryResponse,
    params: WebhookDeliveryParams,
    extraErrorStatuses: [409],
    responseExample: {
      ...EXAMPLE_TEST_DELIVERY,
      round: 1,
      attemptCount: 1,
      attempts: [EXAMPLE_TEST_DELIVERY_FAILED_ATTEMPT],
    },
  },
};

export function routeKey(route: Pick<RouteSpec, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/** Every route served by an `api` function of the catalog. */
export function apiRoutes(functions: readonly FunctionSpec[] = FUNCTIONS): RouteSpec[] {
  return functions
    .filter((f) => f.kind === 'api')
    .flatMap((f) => (f.routes ?? []).filter((r) => (r.auth ?? 'partner') === 'partner'));
}

/** Catalog routes without an entry in ROUTE_DOCS (should be none). */
export function undocumentedRoutes(functions: readonly FunctionSpec[] = FUNCTIONS): string[] {
  return apiRoutes(functions)
    .map(routeKey)
    .filter((key) => !Object.hasOwn(ROUTE_DOCS, key));
}

// ---------------------------------------------------------------------------------------------------
// Document types (the subset of OpenAPI 3.1 this module emits)

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters?: JsonObject[];
  requestBody?: JsonObject;
  responses: Record<string, JsonObject>;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string; description: string }[];
  security: Record<string, string[]>[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  components: {
    securitySchemes: Record<string, JsonObject>;
    schemas: Record<string, JsonObject>;
    responses: Record<string, JsonObject>;
  };
}

export interface BuildOpenApiOptions {
  /** Base URL partners call, e.g. `https://api.example.com` or `http://localhost:3000`. */
  readonly serverUrl: string;
  /** The function catalog; tests pass their own. */
  readonly functions?: readonly FunctionSpec[];
}

// ---------------------------------------------------------------------------------------------------
// Security

export const SECURITY_SCHEME_NAMES = {
  apiKey: 'ApiKey',
  timestamp: 'Timestamp',
  signature: 'Signature',
  signatureVersion: 'SignatureVersion',
  nonce: 'Nonce',
} as const;

/** One requirement object listing every scheme: every request needs all these headers (AND). */
export const SECURITY_REQUIREMENT: Record<string, string[]> = {
  [SECURITY_SCHEME_NAMES.apiKey]: [],
  [SECURITY_SCHEME_NAMES.timestamp]: [],
  [SECURITY_SCHEME_NAMES.signature]: [],
  [SECURITY_SCHEME_NAMES.signatureVersion]: [],
  [SECURITY_SCHEME_NAMES.nonce]: [],
};

function securitySchemes(): Record<string, JsonObject> {
  return {
    [SECURITY_SCHEME_NAMES.apiKey]: {
      type: 'apiKey',
      in: 'header',
      name: AUTH_HEADERS.apiKey,
      description: 'The API key id, e.g. `ak_01jgz4a7c9e1g3j5m7p9r1t3v5`.',
    },
    [SECURITY_SCHEME_NAMES.timestamp]: {
      type: 'apiKey',
      in: 'header',
      name: AUTH_HEADERS.timestamp,
      description:
        'Unix time in milliseconds (13 digits) when the request was signed; must be within ±5 minutes.',
    },
    [SECURITY_SCHEME_NAMES.signature]: {
      type: 'apiKey',
      in: 'header',
      name: AUTH_HEADERS.signature,
      description:
        'Lowercase hex HMAC-SHA256, keyed with the API secret, of the signing string ' +
        '`"v2\\n" + timestamp + "\\n" + nonce + "\\n" + METHOD + "\\n" + path-with-query + "\\n" + idempotency-key + "\\n" + body`. Usable once.',
    },
    [SECURITY_SCHEME_NAMES.signatureVersion]: {
      type: 'apiKey',
      in: 'header',
      name: AUTH_HEADERS.signatureVersion,
      description: `\`2\`. Without it the request is taken as the deprecated version 1, accepted until ${DEFAULT_SIGNATURE_V1_ACCEPTED_UNTIL}.`,
    },
    [SECURITY_SCHEME_NAMES.nonce]: {
      type: 'apiKey',
      in: 'header',
      name: AUTH_HEADERS.nonce,
      description:
        'A new random value for every request (16–64 of `A-Z a-z 0-9 - _`; a UUID will do). Signed.',
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Description with a worked signing example

/** Fixed inputs of the worked example; the signature is computed by the code that verifies requests. */
export const SIGNING_EXAMPLE = {
  apiKey: 'ak_01jgz4a7c9e1g3j5m7p9r1t3v5',
  secret: 'example-secret-3f9a1c7e5b2d8046',
  request: {
    version: 2,
    timestamp: '1767225600000',
    nonce: '7f3c9a1e-4b2d-4c8e-9f60-1a2b3c4d5e6f',
    method: 'GET',
    pathWithQuery: '/v1/balances',
    idempotencyKey: '',
    body: '',
  },
} as const satisfies { apiKey: string; secret: string; request: SignableRequestV2 };

export function signingExampleSignature(): string {
  return signRequest(SIGNING_EXAMPLE.secret, SIGNING_EXAMPLE.request);
}

function apiDescription(): string {
  const ex = SIGNING_EXAMPLE;
  const windowMinutes = DEFAULT_TIMESTAMP_WINDOW_MS / 60_000;
  const signingLines = canonicalRequest(ex.request).split('\n');
  const errorRows = ERROR_CODE_LIST.map(
    (code) => `| \`${code}\` | ${ERROR_CODES[code].status} | ${ERROR_CODES[code].meaning} |`,
  );
  return [
    'Server-to-server API for partners of the stablecoin gateway: USDT and USDC on BNB Smart Chain and Polygon, USDT on TRON.',
    '',
    '## Authentication',
    '',
    'Every request carries five headers:',
    '',
    `- \`${AUTH_HEADERS.apiKey}\`: your API key id.`,
    `- \`${AUTH_HEADERS.timestamp}\`: the current time in Unix **milliseconds** (13 digits).`,
    `- \`${AUTH_HEADERS.signatureVersion}\`: \`2\`.`,
    `- \`${AUTH_HEADERS.nonce}\`: a new random value for every request, 16–64 of \`A-Z a-z 0-9 - _\` (a UUID will do).`,
    `- \`${AUTH_HEADERS.signature}\`: lowercase hex HMAC-SHA256 of the signing string, keyed with your API secret.`,
    '',
    'The signing string is seven parts joined by a newline (`\\n`):',
    '',
    '```',
    '"v2" + "\\n" + timestamp + "\\n" + nonce + "\\n" + METHOD + "\\n" + path-with-query + "\\n" + idempotency-key + "\\n" + body',
    '```',
    '',
    '- **v2**: the two characters `v2`.',
    `- **timestamp**: exactly the \`${AUTH_HEADERS.timestamp}\` header value.`,
    `- **nonce**: exactly the \`${AUTH_HEADERS.nonce}\` header value.`,
    '- **METHOD**: upper case, e.g. `GET`.',
    '- **path-with-query**: the URL path exactly as sent, including any base path of the server URL, e.g.',
    '  `/v1/balances`. With a query string, append `?` and the',
    '  parameters sorted by name (then value), each name and value percent-encoded as JavaScript',
    '  `encodeURIComponent` does, joined by `&`, and send the query in that same form.',
    `- **idempotency-key**: the \`${IDEMPOTENCY_KEY_HEADER}\` header value; the empty string when the request has none.`,
    '- **body**: the exact bytes you send (UTF-8); the empty string when there is no body. Sign the',
    '  serialized body you transmit; do not re-serialize it afterwards.',
    '',
    'The API secret is shown once when the key is created and is never returned by the API.',
    '',
    '### Worked example',
    '',
    `Key id \`${ex.apiKey}\`, secret \`${ex.secret}\`, and \`${ex.request.method} ${ex.request.pathWithQuery}\``,
    `signed at \`${ex.request.timestamp}\` (2026-01-01T00:00:00Z) with nonce \`${ex.request.nonce}\`. The signing string is`,
    'these seven lines (the last two, the Idempotency-Key and the body, are empty, so the string ends with two newlines):',
    '',
    '```',
    ...signingLines,
    '```',
    '',
    `Its HMAC-SHA256 with the secret, in hex, is the \`${AUTH_HEADERS.signature}\` header:`,
    '',
    '```http',
    `${ex.request.method} ${ex.request.pathWithQuery} HTTP/1.1`,
    `${AUTH_HEADERS.apiKey}: ${ex.apiKey}`,
    `${AUTH_HEADERS.timestamp}: ${ex.request.timestamp}`,
    `${AUTH_HEADERS.signatureVersion}: 2`,
    `${AUTH_HEADERS.nonce}: ${ex.request.nonce}`,
    `${AUTH_HEADERS.signature}: ${signingExampleSignature()}`,
    '```',
    '',
    'In Node.js:',
    '',
    '```js',
    "import { createHmac, randomUUID } from 'node:crypto';",
    '',
    'const timestamp = Date.now().toString();',
    'const nonce = randomUUID();',
    "const body = ''; // JSON.stringify(payload) for requests with a body: sign exactly what you send",
    "const idempotencyKey = ''; // the Idempotency-Key header you send, if any",
    "const message = ['v2', timestamp, nonce, method.toUpperCase(), pathWithQuery, idempotencyKey, body].join('\\n');",
    "const signature = createHmac('sha256', apiSecret).update(message, 'utf8').digest('hex');",
    '```',
    '',
    'With curl and OpenSSL (GNU `date`):',
    '',
    '```sh',
    'TS=$(date +%s%3N); NONCE=$(cat /proc/sys/kernel/random/uuid)',
    `SIG=$(printf 'v2\\n%s\\n%s\\n%s\\n%s\\n%s\\n%s' "$TS" "$NONCE" GET /v1/balances "" "" | openssl dgst -sha256 -hmac "$API_SECRET" | sed 's/^.* //')`,
    `curl -H "${AUTH_HEADERS.apiKey}: $API_KEY" -H "${AUTH_HEADERS.timestamp}: $TS" -H "${AUTH_HEADERS.signatureVersion}: 2" -H "${AUTH_HEADERS.nonce}: $NONCE" -H "${AUTH_HEADERS.signature}: $SIG" "$BASE_URL/v1/balances"`,
    '```',
    '',
    '### Replay protection',
    '',
    `- The timestamp must be within **±${windowMinutes} minutes** of the gateway clock, otherwise`,
    '  `TIMESTAMP_OUT_OF_WINDOW`. Keep your servers on NTP.',
    '- Each signature is accepted **once**. A retry must be signed again with a fresh nonce, otherwise',
    '  `SIGNATURE_REPLAYED`. Because the nonce and the Idempotency-Key are signed, two different requests never',
    '  share a signature, even with the same body in the same millisecond.',
    '',
    '### Signature version 1 (deprecated)',
    '',
    `Requests without \`${AUTH_HEADERS.signatureVersion}\` are verified as version 1, whose signing string is`,
    '`timestamp + "\\n" + METHOD + "\\n" + path-with-query + "\\n" + body` (no nonce, Idempotency-Key unsigned:',
    'two requests with the same body in the same millisecond collide, and the second is refused as `SIGNATURE_REPLAYED`).',
    `Version 1 is accepted until **${DEFAULT_SIGNATURE_V1_ACCEPTED_UNTIL}** (answers to it carry a \`Sunset\` header with`,
    'that date); from then on it is refused with `403 SIGNATURE_VERSION_RETIRED`.',
    '',
    '### IP allowlist',
    '',
    'An API key may carry an allowlist of addresses and CIDR blocks (IPv4 and IPv6). When it is not empty,',
    'requests from any other address are refused with `IP_NOT_ALLOWED`.',
    '',
    '## Idempotency',
    '',
    `POSTs that move money or create money-relevant state take an \`${IDEMPOTENCY_KEY_HEADER}\` header (1–64 letters,`,
    'digits, `-`, `_`, `:`; a UUID per operation). It is required on `POST /v1/withdrawals` and optional (but honoured)',
    'on `POST /v1/deposit-requests`, `POST /v1/deposit-reservations` and `POST /v1/external-wallets`.',
    `The gateway remembers a key for **${IDEMPOTENCY_RETENTION_DAYS} days** per partner and`,
    'operation:',
    '',
    '- the same key and body again returns the first result (`200`, `Idempotent-Replayed: true`), however late the',
    '  retry comes within the window; after it, the key starts a new request;',
    '- the same key with another body is `409 IDEMPOTENCY_KEY_REUSED`;',
    '- a retry while the first request is still being processed waits a few seconds for it and returns its result,',
    '  or answers `409 IDEMPOTENCY_REQUEST_IN_PROGRESS` (retry after `error.details.retryAfterSeconds`);',
    '- a request that was refused (4xx) left nothing behind, so its key may be used again; one that failed with',
    '  5xx or timed out may have been partly done: retry it with the same key and body, and the gateway finishes it.',
    '',
    '## Amounts',
    '',
    'Amounts are decimal strings in token units (`"1000.50"`), never JSON numbers, so 18-decimal tokens keep',
    'full precision. Parse them with a decimal or big-integer library, not floating point.',
    '',
    ...WEBHOOKS_DESCRIPTION,
    '',
    '## Errors',
    '',
    'Every non-2xx response has the body `{"error": {"code", "message", "fields"?, "requestId"?}}`. Branch on',
    '`code`, which is stable; `message` is for humans. Authentication failures other than missing headers are',
    '403 with a specific code.',
    '',
    '| code | HTTP | meaning |',
    '|---|---|---|',
    ...errorRows,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Schemas and error responses

/** OpenAPI 3.1 uses JSON Schema 2020-12, zod's default target; `$schema`/`$id` are dropped per component. */
function componentSchemas(): Record<string, JsonObject> {
  const { schemas } = z.toJSONSchema(partnerApiRegistry, {
    target: 'draft-2020-12',
    // Describe what partners receive without `additionalProperties: false`: adding a field is not a
    // breaking change, and generated clients must not reject it.
    io: 'input',
    uri: (id) => `#/components/schemas/${id}`,
    override: (ctx) => {
      const schema = ctx.jsonSchema as Record<string, unknown>;
      // zod spells out an ISO date-time regex next to `format: date-time`; the format says it all.
      if (schema.format === 'date-time') delete schema.pattern;
    },
  });
  const out: Record<string, JsonObject> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _schema, $id: _id, ...rest } = schema as Record<string, unknown>;
    out[id] = rest as JsonObject;
  }
  return out;
}

export function schemaId(schema: z.ZodType): string {
  const id = partnerApiRegistry.get(schema)?.id;
  if (!id) throw new Error('Response schema is not registered in partnerApiRegistry');
  return id;
}

const ERROR_RESPONSE_NAMES = {
  400: 'BadRequest',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  422: 'Unprocessable',
  429: 'RateLimited',
  500: 'InternalError',
  503: 'Unavailable',
} as const;
type ErrorStatus = keyof typeof ERROR_RESPONSE_NAMES;

/** Statuses every operation declares: any call can fail validation, auth, lookup, rate limit or us. */
export const COMMON_ERROR_STATUSES: readonly ErrorStatus[] = [400, 401, 403, 404, 429, 500];

const ERROR_RESPONSE_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'The request is invalid; `error.fields` lists each problem.',
  401: 'Credential headers are missing or malformed.',
  403: 'Authentication or authorization failed; `error.code` says why.',
  404: 'Not found.',
  409: 'Conflicts with the current state.',
  413: 'The request body is larger than 1 MiB (`PAYLOAD_TOO_LARGE`, answered by the API gateway before any handler runs).',
  422: 'Understood but not possible now, e.g. insufficient available balance.',
  429: 'Rate limited; retry after `Retry-After` seconds.',
  500: 'Internal error.',
  503: 'Temporarily unavailable under contention; retry the same request.',
};

const REQUEST_ID_EXAMPLE = 'c0a8012e-7b1d-4f6e-9a3c-5d2e8f1b4a70';

const ERROR_EXAMPLE_MESSAGES: Record<ErrorCode, string> = {
  UNAUTHENTICATED: 'Missing X-Signature header',
  API_KEY_UNKNOWN: 'Unknown API key',
  API_KEY_REVOKED: 'API key has been revoked',
  SIGNATURE_INVALID: 'Signature does not match',
  TIMESTAMP_OUT_OF_WINDOW: 'X-Timestamp is outside the allowed window',
  SIGNATURE_REPLAYED: 'Signature has already been used',
  SIGNATURE_VERSION_RETIRED: 'Signature version 1 was retired; sign with X-Signature-Version: 2',
  IP_NOT_ALLOWED: 'Source IP is not allowed for this API key',
  PARTNER_SUSPENDED: 'Partner is suspended',
  FORBIDDEN: 'Not allowed for this partner',
  VALIDATION_FAILED: 'Invalid input',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Idempotency-Key was already used with a different request',
  ILLEGAL_TRANSITION: 'Withdrawal cannot be cancelled once broadcast',
  RATE_LIMITED: 'Too many requests',
  INSUFFICIENT_FUNDS: 'Insufficient funds in partner:pt_01…:available/USDT@BSC',
  INSUFFICIENT_BALANCE: 'The USDT@TRON balance does not cover invoice GAS-000042',
  LEDGER_ENTRY_CONFLICT: 'Entry deposit:BSC:0xabc:3 exists with a different payload',
  PENDING_NOT_FOUND: 'Pending entry withdrawal:W1:hold not found',
  PENDING_ALREADY_RESOLVED: 'Pending entry withdrawal:W1:hold is already POSTED',
  LEDGER_CONTENTION: 'Balance changed concurrently; retry',
  IDEMPOTENCY_KEY_REQUIRED: 'Idempotency-Key header is required',
  IDEMPOTENCY_KEY_REUSED: 'Idempotency-Key was already used with a different request',
  IDEMPOTENCY_REQUEST_IN_PROGRESS:
    'A request with this Idempotency-Key is still being processed; retry in 1 s',
  ADDRESS_NOT_WHITELISTED: 'Withdrawals go to whitelisted addresses only',
  WHITELIST_ENTRY_COOLING: 'This whitelist entry can be used from 2026-11-21T09:00:00.000Z',
  WITHDRAWAL_LOCKED: 'Withdrawals are locked until 2026-11-21T09:00:00.000Z after a security change',
  FEE_CONSTRAINT_VIOLATED: 'Merchant SHOP_A at 1.2 % would be below its new floor 1.3 %',
  SUB_PARTNER_NOT_DELETABLE: 'Sub-partner SHOP_A has deposits or withdrawals',
  INTERNAL: 'Internal error; retry later or contact support with the request id',
};

export function errorExample(code: ErrorCode): ErrorResponse {
  const error: ErrorResponse['error'] = {
    code,
    message: ERROR_EXAMPLE_MESSAGES[code],
    requestId: REQUEST_ID_EXAMPLE,
  };
  if (code === 'VALIDATION_FAILED')
    error.fields = [{ path: 'limit', message: 'Too big: expected number to be <=100' }];
  return { error };
}

/** Answered by the gateway in front of the handlers (API Gateway; the local stand-in does the same). */
export const PAYLOAD_TOO_LARGE_EXAMPLE = {
  error: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body exceeds 1 MiB', requestId: REQUEST_ID_EXAMPLE },
};

function errorResponses(): Record<string, JsonObject> {
  const out: Record<string, JsonObject> = {};
  for (const [statusText, name] of Object.entries(ERROR_RESPONSE_NAMES)) {
    const status = Number(statusText) as ErrorStatus;
    const examples: JsonObject = {};
    for (const code of ERROR_CODE_LIST.filter((c) => ERROR_CODES[c].status === status)) {
      examples[code] = { summary: ERROR_CODES[code].meaning, value: errorExample(code) as unknown as Json };
    }
    if (status === 413) {
      examples['PAYLOAD_TOO_LARGE'] = { summary: 'The body is too large.', value: PAYLOAD_TOO_LARGE_EXAMPLE };
    }
    const response: JsonObject = {
      description: ERROR_RESPONSE_DESCRIPTIONS[status],
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' }, examples } },
    };
    if (status === 429) {
      response.headers = {
        'Retry-After': {
          description: 'Seconds to wait before retrying.',
          schema: { type: 'integer', minimum: 0 },
        },
      };
    }
    out[name] = response;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Operations

/** `{ name: JSON Schema }` of a zod object's properties as a request receives them, and which are required. */
function parameterSchemas(schema: z.ZodType): { properties: Record<string, JsonObject>; required: string[] } {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonObject>;
    required?: string[];
  };
  return { properties: json.properties ?? {}, required: json.required ?? [] };
}

function parameter(
  name: string,
  location: 'path' | 'query',
  property: JsonObject,
  required: boolean,
): JsonObject {
  const { description, ...schema } = property;
  return { name, in: location, required, ...(description ? { description } : {}), schema };
}

function pathParameters(key: string, path: string, doc: RouteDoc): JsonObject[] {
  const names = [...path.matchAll(/\{([^}]+)\}/g)].map(([, name = '']) => name);
  if (names.length === 0) return [];
  const properties: Record<string, JsonObject> = doc.params ? parameterSchemas(doc.params).properties : {};
  const missing = names.filter((n) => !properties[n]);
  if (missing.length) {
    throw new Error(`Route "${key}" has no params schema for ${missing.join(', ')}: add it to its RouteDoc`);
  }
  return names.map((name) => parameter(name, 'path', properties[name] as JsonObject, true));
}

function headerParameters(doc: RouteDoc): JsonObject[] {
  if (!doc.idempotencyKey) return [];
  const required = doc.idempotencyKey === 'required';
  return [
    {
      name: IDEMPOTENCY_KEY_HEADER,
      in: 'header',
      required,
      description:
        `${required ? 'Required' : 'Optional; without it every call creates a new resource'}. A key you choose per ` +
        `operation (a UUID), kept ${IDEMPOTENCY_RETENTION_DAYS} days: a retry with the same key and body returns ` +
        'the first result (200, `Idempotent-Replayed: true`), another body is 409 IDEMPOTENCY_KEY_REUSED, and a ' +
        'retry while the first request still runs waits for it, or gets a retryable 409 IDEMPOTENCY_REQUEST_IN_PROGRESS.',
      schema: { type: 'string', pattern: '^[A-Za-z0-9_:-]{1,64}$' },
    },
  ];
}

function queryParameters(doc: RouteDoc): JsonObject[] {
  if (!doc.query) return [];
  const { properties, required } = parameterSchemas(doc.query);
  return Object.entries(properties).map(([name, property]) =>
    parameter(name, 'query', property, required.includes(name)),
  );
}

const SUCCESS_DESCRIPTIONS: Record<SuccessStatus, (doc: RouteDoc) => string> = {
  200: (doc) => doc.summary,
  201: () => 'Created by this call.',
  204: () => 'Done; no body.',
};

function successResponse(
  status: SuccessStatus,
  doc: RouteDoc,
  statuses: readonly SuccessStatus[],
): JsonObject {
  if (status === 204) return { description: SUCCESS_DESCRIPTIONS[204](doc) };
  const both = statuses.includes(200) && statuses.includes(201);
  return {
    description:
      both && status === 200
        ? `${doc.summary}: it already existed, or a retry with the same Idempotency-Key replays the first answer.`
        : SUCCESS_DESCRIPTIONS[status](doc),
    content: {
      'application/json': {
        schema: { $ref: `#/components/schemas/${schemaId(doc.response)}` },
        example: doc.responseExample as Json,
      },
    },
  };
}

function operation(route: RouteSpec, doc: RouteDoc): OpenApiOperation {
  const key = routeKey(route);
  const successStatuses = doc.successStatuses ?? [200];
  const responses: Record<string, JsonObject> = {};
  for (const status of successStatuses)
    responses[String(status)] = successResponse(status, doc, successStatuses);
  const withBody = route.method === 'POST' || route.method === 'PUT' ? [413 as const] : [];
  const statuses = [
    ...new Set([...COMMON_ERROR_STATUSES, ...withBody, ...(doc.extraErrorStatuses ?? [])]),
  ].sort((a, b) => a - b);
  for (const status of statuses) {
    responses[String(status)] = { $ref: `#/components/responses/${ERROR_RESPONSE_NAMES[status]}` };
  }
  const op: OpenApiOperation = {
    operationId: doc.operationId,
    summary: doc.summary,
    description: doc.description,
    tags: [doc.tag],
    security: [{ ...SECURITY_REQUIREMENT }],
    responses,
  };
  if (doc.requestBody) {
    op.requestBody = {
      required: true,
      content: {
        'application/json': { schema: { $ref: `#/components/schemas/${schemaId(doc.requestBody)}` } },
      },
    };
  }
  const parameters = [
    ...pathParameters(key, route.path, doc),
    ...queryParameters(doc),
    ...headerParameters(doc),
  ];
  if (parameters.length > 0) op.parameters = parameters;
  return op;
}

const TAGS = [
  { name: 'Account', description: 'The authenticated partner and its API key.' },
  { name: 'Balances', description: 'Partner balances per asset.' },
  { name: 'Gas', description: 'Gas the gateway paid on your behalf, and its invoices.' },
  {
    name: 'Finance',
    description:
      'Monthly finance exports (settlement and revenue statements, invoices) and who receives them.',
  },
  {
    name: 'Deposits',
    description: 'Deposit addresses, reservations, external wallets, POOL requests and deposits.',
  },
  { name: 'Wallets', description: 'HOT, MASTER and POOL wallets.' },
  {
    name: 'Withdrawals',
    description:
      'Withdrawals from your MASTER wallet (hold, approval policy, whitelist, on-chain lifecycle) and the whitelist.',
  },
  {
    name: 'Webhooks',
    description:
      'Signed event delivery to your endpoint: settings, secret rotation, delivery log, redelivery.',
  },
  {
    name: 'Sub-partners',
    description:
      'Distributors: register and run the merchants and distributors below you (fee floors and caps, suspension, owner password reset).',
  },
  {
    name: 'Revenue',
    description:
      'What your sub-partners do and what you earn from them: activity, summaries, read-only drill-downs, revenue and your fee rates.',
  },
];

export function buildOpenApiDocument(options: BuildOpenApiOptions): OpenApiDocument {
  const serverUrl = z
    .url({ protocol: /^https?$/ })
    .parse(options.serverUrl)
    .replace(/\/+$/, '');
  const routes = apiRoutes(options.functions ?? FUNCTIONS);

  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const key = routeKey(route);
    const doc = ROUTE_DOCS[key];
    if (!doc)
      throw new Error(
        `No OpenAPI entry for catalog route "${key}": add it to ROUTE_DOCS in shared/api/openapi.ts`,
      );
    const item = (paths[route.path] ??= {});
    item[route.method.toLowerCase() as HttpMethod] = operation(route, doc);
  }

  const usedTags = new Set(routes.map((r) => ROUTE_DOCS[routeKey(r)]?.tag));
  return {
    openapi: '3.1.0',
    info: { title: API_TITLE, version: API_VERSION, description: apiDescription() },
    servers: [{ url: serverUrl, description: 'Partner API' }],
    security: [{ ...SECURITY_REQUIREMENT }],
    tags: TAGS.filter((t) => usedTags.has(t.name)),
    paths,
    components: {
      securitySchemes: securitySchemes(),
      schemas: componentSchemas(),
      responses: errorResponses(),
    },
  };
}
