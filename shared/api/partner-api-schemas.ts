import * as z from 'zod';
import { PageCursor } from './page-cursor';
import {
  partnerApiRegistry,
  DECIMAL_STRING_PATTERN,
  DecimalString,
  TimestampParam,
  rangeIsOrdered,
  RANGE_ORDER_ISSUE,
  SUPPORTED_ASSETS,
} from './common-schemas';
import { NETWORK_CODES, TOKEN_SYMBOLS } from '../domain/chains/networks';
import { WEBHOOK_EVENT_TYPES } from '../../events/webhook-event/schema';
import { EVENT_ID_PATTERN } from '../domain/webhooks/webhook-delivery';

/**
 * The partner API wire format: what partner backends send and receive. Handlers build responses that
 * satisfy these schemas, the OpenAPI document is generated from them, and tests use them as oracles.
 *
 * Amounts are decimal strings (`"1000.50"`), never JSON numbers: a double cannot carry 18-decimal
 * token amounts exactly (DESIGN.md §4).
 */

// ---------------------------------------------------------------------------------------------------
// Authentication

/**
 * Request headers every partner API call carries. The signing rules themselves (canonical string,
 * HMAC, timestamp parsing) live in `shared/domain/auth/request-signature.ts`.
 */
export const AUTH_HEADERS = {
  /** The API key id (public half of the credential). */
  apiKey: 'X-Api-Key',
  /** Unix time in milliseconds (13 digits) when the request was signed. */
  timestamp: 'X-Timestamp',
  /** Lowercase hex HMAC-SHA256 of the signing string, keyed with the API secret. */
  signature: 'X-Signature',
  /** `2`; absent means the deprecated version 1 (ADR 0019). */
  signatureVersion: 'X-Signature-Version',
  /** A fresh random value per request, part of the signed string (version 2). */
  nonce: 'X-Nonce',
} as const;

/** How far X-Timestamp may be from the gateway's clock, either way (config `API_TIMESTAMP_WINDOW_MS` default). */
export const DEFAULT_TIMESTAMP_WINDOW_MS = 5 * 60 * 1000;

// ---------------------------------------------------------------------------------------------------
// Errors

export interface ErrorCodeInfo {
  readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500 | 503;
  readonly meaning: string;
}

/**
 * Stable error codes: partners branch on `error.code`, never on the message. Partner-auth failures
 * other than missing headers are 403 with a specific code, because an API Gateway Lambda authorizer
 * can only attach context to a Deny (403); AWS SigV4 answers the same way. The list is every code the
 * HTTP error mapper can emit (a test keeps it equal to `shared/adapters/lambda/http-errors.ts`).
 */
export const ERROR_CODES = {
  UNAUTHENTICATED: {
    status: 401,
    meaning:
      'X-Api-Key, X-Timestamp or X-Signature is missing or malformed, or X-Signature-Version is unknown, or a version 2 request has no well-formed X-Nonce.',
  },
  API_KEY_UNKNOWN: { status: 403, meaning: 'No API key with this id exists.' },
  API_KEY_REVOKED: { status: 403, meaning: 'The API key has been revoked; create a new one in the console.' },
  SIGNATURE_INVALID: {
    status: 403,
    meaning: 'X-Signature does not match the HMAC of the signing string computed with the key secret.',
  },
  TIMESTAMP_OUT_OF_WINDOW: {
    status: 403,
    meaning: 'X-Timestamp is more than 5 minutes away from the gateway clock; check the client clock (NTP).',
  },
  SIGNATURE_REPLAYED: {
    status: 403,
    meaning: 'This signature was already used; sign every request afresh (each signature is accepted once).',
  },
  SIGNATURE_VERSION_RETIRED: {
    status: 403,
    meaning:
      'The request was signed with signature version 1 (no X-Signature-Version header) after its deprecation period ended; sign with version 2.',
  },
  IP_NOT_ALLOWED: { status: 403, meaning: "The caller's IP address is not in the API key's allowlist." },
  PARTNER_SUSPENDED: { status: 403, meaning: 'The partner account is suspended.' },
  FORBIDDEN: { status: 403, meaning: 'Authenticated, but this partner may not perform the operation.' },
  VALIDATION_FAILED: {
    status: 400,
    meaning: 'The request did not pass validation; `error.fields` lists each offending field path.',
  },
  NOT_FOUND: { status: 404, meaning: 'The resource does not exist or is not visible to this partner.' },
  CONFLICT: {
    status: 409,
    meaning:
      'The request conflicts with current state, e.g. an Idempotency-Key reused with a different body.',
  },
  ILLEGAL_TRANSITION: {
    status: 409,
    meaning:
      'The resource is in a state that does not allow this operation (e.g. cancelling a broadcast withdrawal).',
  },
  RATE_LIMITED: {
    status: 429,
    meaning: 'Too many requests; retry after the number of seconds in Retry-After.',
  },
  INSUFFICIENT_FUNDS: {
    status: 422,
    meaning: 'The available balance (posted balance less held funds) does not cover the amount.',
  },
  INSUFFICIENT_BALANCE: {
    status: 409,
    meaning:
      'Paying a gas invoice from a balance: the chosen stablecoin balance does not cover the amount due; nothing was written.',
  },
  LEDGER_ENTRY_CONFLICT: {
    status: 409,
    meaning: 'A ledger entry with this id already exists with a different payload.',
  },
  PENDING_NOT_FOUND: { status: 404, meaning: 'The hold to settle or release does not exist.' },
  PENDING_ALREADY_RESOLVED: { status: 409, meaning: 'The hold was already settled or released.' },
  LEDGER_CONTENTION: {
    status: 503,
    meaning: 'The balance changed under heavy concurrent load; retry the same request (it is idempotent).',
  },
  IDEMPOTENCY_KEY_REQUIRED: {
    status: 400,
    meaning:
      'Requests that move money need an Idempotency-Key header (1–64 characters: letters, digits, "-", "_", ":").',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    meaning:
      'This Idempotency-Key was already used with a different request body within the last 30 days; use a new key for a new request.',
  },
  IDEMPOTENCY_REQUEST_IN_PROGRESS: {
    status: 409,
    meaning:
      'The first request with this Idempotency-Key is still being processed (the gateway waited a few seconds for it); retry the same request after `error.details.retryAfterSeconds` to get its result.',
  },
  ADDRESS_NOT_WHITELISTED: {
    status: 422,
    meaning:
      'The partner allows withdrawals to whitelisted addresses only; pass a whitelist entry id or whitelist the address.',
  },
  WHITELIST_ENTRY_COOLING: {
    status: 422,
    meaning:
      'The whitelist entry is still in its cooling period; `error.details.usableAt` says from when it can be used.',
  },
  WITHDRAWAL_LOCKED: {
    status: 403,
    meaning:
      'Withdrawals are locked for 24 hours after a password, 2FA, email or API-key change; `error.details.unlockAt` says until when.',
  },
  FEE_CONSTRAINT_VIOLATED: {
    status: 409,
    meaning:
      'The fee rates would put a sub-partner outside its bounds (a merchant below its floor or above its distributor cap, a cap below its floor); `error.details.offending` lists each one. Nothing was changed.',
  },
  SUB_PARTNER_NOT_DELETABLE: {
    status: 409,
    meaning:
      'Only a direct sub-partner without deposits, withdrawals or sub-partners of its own can be deleted; `error.details.reason` is HAS_TRANSACTIONS, HAS_SUB_PARTNERS or NOT_DIRECT_CHILD.',
  },
  INTERNAL: { status: 500, meaning: 'Unexpected error on our side; safe to retry idempotent requests.' },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CODES, value);
}

export const FieldError = z
  .object({
    path: z.string().describe('Dotted path of the offending field, e.g. `amount` or `items.0.address`.'),
    message: z.string(),
  })
  .register(partnerApiRegistry, { id: 'FieldError' });
export type FieldError = z.infer<typeof FieldError>;

export const ErrorResponse = z
  .object({
    error: z.object({
      // A plain string on the wire, so clients tolerate codes added later; see ERROR_CODES.
      code: z
        .string()
        .regex(/^[A-Z][A-Z0-9_]*$/)
        .describe(`Stable machine-readable code: ${ERROR_CODE_LIST.join(', ')}.`),
      message: z.string().describe('Human-readable explanation; may change, do not parse.'),
      fields: z.array(FieldError).optional().describe('Present on VALIDATION_FAILED.'),
      requestId: z.string().optional().describe('Quote it when contacting support.'),
    }),
  })
  .describe('Every non-2xx response has this body.')
  .register(partnerApiRegistry, { id: 'ErrorResponse' });
export type ErrorResponse = z.infer<typeof ErrorResponse>;

// ---------------------------------------------------------------------------------------------------
// Shared scalars (common-schemas.ts)

export {
  partnerApiRegistry,
  DECIMAL_STRING_PATTERN,
  DecimalString,
  TimestampParam,
  CalendarDayParam,
  rangeIsOrdered,
  RANGE_ORDER_ISSUE,
  TxHashParam,
  SUPPORTED_ASSETS,
} from './common-schemas';

const IsoTimestamp = z.iso.datetime().describe('ISO 8601 UTC timestamp, e.g. "2026-01-01T00:00:00.000Z".');

// ---------------------------------------------------------------------------------------------------
// Request parameters: every path and query parameter is one of these (or an enum), each with a length
// bound, so no input reaches a key or an index that DynamoDB would refuse (tests/unit/api/openapi.test.ts
// checks every route).

// The page cursor lives in its own module so the API handlers, which parse only the cursor, do not
// bundle (and build at cold start) every schema of the contract (ADR 0025).
export { CURSOR_MAX_LENGTH, PageCursor } from './page-cursor';

export const TOKENS = TOKEN_SYMBOLS;
export const NETWORKS = NETWORK_CODES;
export const AssetCode = z
  .enum(SUPPORTED_ASSETS)
  .describe('Token and network, `TOKEN@NETWORK`.')
  .register(partnerApiRegistry, { id: 'AssetCode' });
export type AssetCode = z.infer<typeof AssetCode>;

// ---------------------------------------------------------------------------------------------------
// GET /v1/partner

export const PARTNER_TYPES = ['DISTRIBUTOR', 'MERCHANT', 'PLATFORM'] as const;
export const PARTNER_STATUSES = ['ACTIVE', 'SUSPENDED'] as const;

export const Partner = z
  .object({
    id: z.string().min(1),
    code: z.string().min(1).describe('Short human code shown in the console.'),
    name: z.string().min(1),
    type: z.enum(PARTNER_TYPES),
    status: z.enum(PARTNER_STATUSES),
    parentId: z.string().min(1).nullable().describe('The parent partner; null only for the platform.'),
    depth: z.number().int().nonnegative().describe('Distance from the platform: 0 is the platform itself.'),
    createdAt: IsoTimestamp,
  })
  .refine((p) => (p.type === 'PLATFORM') === (p.depth === 0) && (p.depth === 0) === (p.parentId === null), {
    message: 'the platform, and only the platform, has depth 0 and no parent',
    path: ['depth'],
  })
  .register(partnerApiRegistry, { id: 'Partner' });
export type Partner = z.infer<typeof Partner>;

export const ApiKeyInfo = z
  .object({
    id: z.string().min(1).describe('The value sent in X-Api-Key.'),
    name: z.string(),
    ipAllowlist: z
      .array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]))
      .describe('Addresses or CIDR blocks allowed to use this key; empty means any address.'),
    createdAt: IsoTimestamp,
  })
  .describe('The API key that signed this request. The secret is never returned.')
  .register(partnerApiRegistry, { id: 'ApiKeyInfo' });
export type ApiKeyInfo = z.infer<typeof ApiKeyInfo>;

export const PartnerResponse = z
  .object({
    partner: Partner,
    apiKey: ApiKeyInfo,
    withdrawalMinimums: z
      .record(z.string(), DecimalString)
      .optional()
      .describe(
        'The smallest withdrawal per asset (`TOKEN@NETWORK` → token units); a smaller `amount` (or a "MAX" that comes to less) is refused with 400 VALIDATION_FAILED at `amount`.',
      ),
  })
  .register(partnerApiRegistry, { id: 'PartnerResponse' });
export type PartnerResponse = z.infer<typeof PartnerResponse>;

// ---------------------------------------------------------------------------------------------------
// GET /v1/balances

function fractionDigits(amount: string): number {
  const dot = amount.indexOf('.');
  return dot < 0 ? 0 : amount.length - dot - 1;
}

/** Exact decimal string → integer in units of 10^-scale (the caller ensures scale ≥ fraction digits). */
function toScaled(amount: string, scale: number): bigint {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole + fraction.padEnd(scale, '0'));
}

export const Balance = z
  .object({
    asset: AssetCode,
    token: z.enum(TOKENS),
    network: z.enum(NETWORKS),
    decimals: z.number().int().min(0).max(18).describe("The token contract's decimals on this network."),
    available: DecimalString.describe('Spendable now.'),
    held: DecimalString.describe('Reserved by pending withdrawals.'),
    total: DecimalString.describe('available + held.'),
  })
  .superRefine((b, ctx) => {
    if (b.asset !== `${b.token}@${b.network}`) {
      ctx.addIssue({ code: 'custom', path: ['asset'], message: 'asset must be `${token}@${network}`' });
    }
    const amounts = { available: b.available, held: b.held, total: b.total };
    let precise = true;
    for (const [field, amount] of Object.entries(amounts)) {
      if (fractionDigits(amount) > b.decimals) {
        precise = false;
        ctx.addIssue({ code: 'custom', path: [field], message: `more than ${b.decimals} fraction digits` });
      }
    }
    if (precise) {
      const scale = b.decimals;
      if (toScaled(b.available, scale) + toScaled(b.held, scale) !== toScaled(b.total, scale)) {
        ctx.addIssue({ code: 'custom', path: ['total'], message: 'total must equal available + held' });
      }
    }
  })
  .register(partnerApiRegistry, { id: 'Balance' });
export type Balance = z.infer<typeof Balance>;

export const BalancesResponse = z
  .object({
    balances: z.array(Balance),
    totalUsd: DecimalString.describe('Sum of all balances (`total`) valued in USD; stablecoins count 1:1.'),
    availableUsd: DecimalString.describe('Sum of the `available` balances valued in USD.').optional(),
  })
  .register(partnerApiRegistry, { id: 'BalancesResponse' });
export type BalancesResponse = z.infer<typeof BalancesResponse>;

// ---------------------------------------------------------------------------------------------------
// GET /v1/balances/{asset}/flows

export const REASONS = [
  'DEPOSIT',
  'DEPOSIT_FEE',
  'REVENUE_SHARE',
  'SWEEP',
  'GAS',
  'WITHDRAWAL',
  'WITHDRAWAL_FEE',
  'TRANSFER',
  'ADJUSTMENT',
  'REVERSAL',
] as const;

/** Query string of the flows endpoint; the handler parses with this very schema. */
export const BalanceFlowsQuery = z
  .strictObject({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(20)
      .describe('Lines per page (1-100, default 20).'),
    cursor: PageCursor.optional(),
    from: TimestampParam.optional().describe('Only lines effective at or after this time.'),
    to: TimestampParam.optional().describe('Only lines effective at or before this time.'),
    reason: z.enum(REASONS).optional().describe('Only lines with this reason.'),
  })
  .refine(rangeIsOrdered, RANGE_ORDER_ISSUE);
export type BalanceFlowsQuery = z.infer<typeof BalanceFlowsQuery>;

export const BalanceFlowsParams = z.strictObject({
  asset: AssetCode.describe('Token and network, e.g. `USDT@BSC`.'),
});

export const BalanceFlow = z
  .object({
    entryId: z.string().min(1).describe('The journal entry; deterministic from its cause.'),
    reason: z.enum(REASONS),
    direction: z.enum(['CREDIT', 'DEBIT']),
    amount: DecimalString,
    balanceAfter: DecimalString.describe('Posted balance right after this line.'),
    effectiveAt: IsoTimestamp,
    cause: z
      .object({ type: z.string(), id: z.string() })
      .describe('What caused the movement (deposit, withdrawal, …).'),
  })
  .register(partnerApiRegistry, { id: 'BalanceFlow' });
export type BalanceFlow = z.infer<typeof BalanceFlow>;

export const BalanceFlowsResponse = z
  .object({
    asset: AssetCode,
    flows: z.array(BalanceFlow).describe('Newest first.'),
    nextCursor: z
      .string()
      .optional()
      .describe(
        'Present when more lines may follow. A page filtered by reason reads at most 1,000 lines, so it may be short or empty and still carry nextCursor; only a page without it is the end.',
      ),
  })
  .register(partnerApiRegistry, { id: 'BalanceFlowsResponse' });
export type BalanceFlowsResponse = z.infer<typeof BalanceFlowsResponse>;

// ---------------------------------------------------------------------------------------------------
// Webhooks: /v1/webhooks, /v1/webhooks/secret, /v1/webhooks/test, /v1/webhooks/deliveries

export const WEBHOOK_DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED', 'SKIPPED'] as const;

const UsdThreshold = z
  .string()
  .max(40)
  .regex(DECIMAL_STRING_PATTERN, 'must be a decimal string such as "10000"')
  .refine((v) => /[1-9]/.test(v), 'must be greater than 0');

export const WebhookSettingsRequest = z
  .strictObject({
    url: z
      .string()
      .min(1)
      .max(2048)
      .describe(
        'Your endpoint. https only, a public host (private, loopback and link-local addresses are refused).',
      ),
    largeDepositThresholdUsd: UsdThreshold.nullable()
      .optional()
      .describe(
        'Send LARGE_DEPOSIT for deposits worth at least this many USD (decimal string). Omit or null to disable.',
      ),
  })
  .describe('A full replacement of the webhook settings.')
  .register(partnerApiRegistry, { id: 'WebhookSettingsRequest' });
export type WebhookSettingsRequest = z.infer<typeof WebhookSettingsRequest>;

export const WebhookSettingsResponse = z
  .object({
    url: z.string().nullable().describe('The endpoint; null until configured.'),
    largeDepositThresholdUsd: DecimalString.nullable().describe(
      'LARGE_DEPOSIT threshold in USD; null when disabled.',
    ),
    eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)).describe('Event types the gateway sends.'),
    secretCreatedAt: IsoTimestamp.nullable().describe(
      'When the current signing secret was made. The secret itself is never returned again.',
    ),
    previousSecretExpiresAt: IsoTimestamp.nullable().describe(
      'After a rotation: until when webhook-signature also carries a signature made with the previous secret.',
    ),
    createdAt: IsoTimestamp.nullable(),
    updatedAt: IsoTimestamp.nullable(),
  })
  .register(partnerApiRegistry, { id: 'WebhookSettingsResponse' });
export type WebhookSettingsResponse = z.infer<typeof WebhookSettingsResponse>;

export const WebhookSettingsUpdateResponse = WebhookSettingsResponse.extend({
  secret: z
    .string()
    .optional()
    .describe(
      'Only on the first configuration: the signing secret (Standard Webhooks, `whsec_` + base64), shown this once. Store it now.',
    ),
}).register(partnerApiRegistry, { id: 'WebhookSettingsUpdateResponse' });
export type WebhookSettingsUpdateResponse = z.infer<typeof WebhookSettingsUpdateResponse>;

export const WebhookSecretResponse = z
  .object({
    secret: z.string().describe('The new signing secret, shown this once.'),
    secretCreatedAt: IsoTimestamp,
    previousSecretExpiresAt: IsoTimestamp.describe(
      'Until then webhook-signature also carries a signature made with the previous secret.',
    ),
  })
  .register(partnerApiRegistry, { id: 'WebhookSecretResponse' });
export type WebhookSecretResponse = z.infer<typeof WebhookSecretResponse>;

/** Query string of the delivery log; the handler parses with this very schema. */
export const WebhookDeliveriesQuery = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .describe('Deliveries per page (1-100, default 20).'),
  cursor: PageCursor.optional(),
});
export type WebhookDeliveriesQuery = z.infer<typeof WebhookDeliveriesQuery>;

export const WebhookDeliveryParams = z.strictObject({
  eventId: z
    .string()
    .max(200)
    .regex(EVENT_ID_PATTERN, 'not an event id')
    .describe('The event id (webhook-id), URL-encoded.'),
});

export const WebhookDeliveryAttempt = z
  .object({
    round: z.number().int().nonnegative().describe('0 for the automatic delivery; +1 per manual redelivery.'),
    attempt: z.number().int().positive().describe('1-based within the round.'),
    at: IsoTimestamp,
    statusCode: z.number().int().nullable().describe('HTTP status of your response; null when none arrived.'),
    latencyMs: z.number().int().nonnegative(),
    error: z
      .string()
      .nullable()
      .describe(
        'TIMEOUT, CONNECTION_REFUSED, DNS_FAILURE, ADDRESS_NOT_ALLOWED, TLS_ERROR, NETWORK_ERROR or HTTP_<status>.',
      ),
    outcome: z.enum(['DELIVERED', 'FAILED']),
  })
  .register(partnerApiRegistry, { id: 'WebhookDeliveryAttempt' });

export const WebhookDeliveryResponse = z
  .object({
    eventId: z.string().describe('webhook-id: the same on every attempt; de-duplicate on it.'),
    type: z.enum(WEBHOOK_EVENT_TYPES),
    status: z
      .enum(WEBHOOK_DELIVERY_STATUSES)
      .describe(
        'PENDING (attempts go on), DELIVERED (a 2xx answer), FAILED (retries exhausted), SKIPPED (no URL was configured).',
      ),
    occurredAt: IsoTimestamp,
    createdAt: IsoTimestamp,
    updatedAt: IsoTimestamp,
    nextAttemptAt: IsoTimestamp.nullable().describe('When PENDING: when the next attempt is due.'),
    round: z.number().int().nonnegative(),
    attemptCount: z.number().int().nonnegative().describe('Attempts in all rounds.'),
    attempts: z
      .array(WebhookDeliveryAttempt)
      .describe('Oldest first: the current round plus up to 40 earlier attempts.'),
    event: z
      .object({
        id: z.string(),
        type: z.enum(WEBHOOK_EVENT_TYPES),
        occurredAt: IsoTimestamp,
        data: z.record(z.string(), z.unknown()),
      })
      .describe('The body that is POSTed, byte for byte the same on every attempt.'),
  })
  .register(partnerApiRegistry, { id: 'WebhookDeliveryResponse' });
export type WebhookDeliveryResponse = z.infer<typeof WebhookDeliveryResponse>;

export const WebhookDeliveriesResponse = z
  .object({
    deliveries: z.array(WebhookDeliveryResponse).describe('Newest first.'),
    nextCursor: z.string().optional().describe('Present when more deliveries follow.'),
  })
  .register(partnerApiRegistry, { id: 'WebhookDeliveriesResponse' });
export type WebhookDeliveriesResponse = z.infer<typeof WebhookDeliveriesResponse>;
