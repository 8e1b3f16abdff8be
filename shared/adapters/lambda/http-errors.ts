import { ZodError } from 'zod';
import { isGatewayError, ValidationError } from '../../domain/errors';
import type { ConsoleErrorCode, ErrorCode, FieldIssue } from '../../domain/errors';

/** The only place that turns error codes into HTTP status codes (partner-facing codes here, console codes below). */
export const HTTP_STATUS_BY_CODE: Readonly<Record<Exclude<ErrorCode, ConsoleErrorCode>, number>> = {
  UNAUTHENTICATED: 401,
  API_KEY_UNKNOWN: 403,
  API_KEY_REVOKED: 403,
  SIGNATURE_INVALID: 403,
  TIMESTAMP_OUT_OF_WINDOW: 403,
  SIGNATURE_REPLAYED: 403,
  SIGNATURE_VERSION_RETIRED: 403,
  IP_NOT_ALLOWED: 403,
  PARTNER_SUSPENDED: 403,
  FORBIDDEN: 403,
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  RATE_LIMITED: 429,
  INSUFFICIENT_FUNDS: 422,
  INSUFFICIENT_BALANCE: 409,
  LEDGER_ENTRY_CONFLICT: 409,
  PENDING_NOT_FOUND: 404,
  PENDING_ALREADY_RESOLVED: 409,
  LEDGER_CONTENTION: 503,
  IDEMPOTENCY_KEY_REQUIRED: 400,
  IDEMPOTENCY_KEY_REUSED: 409,
  IDEMPOTENCY_REQUEST_IN_PROGRESS: 409,
  ADDRESS_NOT_WHITELISTED: 422,
  WHITELIST_ENTRY_COOLING: 422,
  WITHDRAWAL_LOCKED: 403,
  FEE_CONSTRAINT_VIOLATED: 409,
  SUB_PARTNER_NOT_DELETABLE: 409,
  INTERNAL: 500,
};

/**
 * Console API codes. Session refusals are 403 like the partner authorizer's (an API Gateway authorizer
 * can attach a code only to a Deny); 401 means "no usable credentials: refresh or sign in".
 */
export const CONSOLE_HTTP_STATUS_BY_CODE: Readonly<Record<ConsoleErrorCode, number>> = {
  INVALID_CREDENTIALS: 401,
  ACCOUNT_DEACTIVATED: 403,
  TOO_MANY_ATTEMPTS: 429,
  LOCKED_OUT: 429,
  CHALLENGE_INVALID: 401,
  OTP_REQUIRED: 403,
  OTP_INVALID: 403,
  OTP_REPLAYED: 403,
  TWO_FACTOR_REQUIRED: 403,
  TWO_FACTOR_ALREADY_ENABLED: 409,
  TWO_FACTOR_NOT_ENABLED: 409,
  TWO_FACTOR_SETUP_MISSING: 409,
  CSRF_TOKEN_INVALID: 403,
  SESSION_EXPIRED: 403,
  SESSION_REVOKED: 403,
  REFRESH_TOKEN_INVALID: 401,
  REFRESH_TOKEN_REUSED: 401,
  CURRENT_PASSWORD_INVALID: 403,
  TOKEN_INVALID: 400,
  TOKEN_EXPIRED: 400,
  TOKEN_ALREADY_USED: 409,
  TOKEN_REVOKED: 400,
  PERMISSION_DENIED: 403,
  PRIVILEGE_ESCALATION: 403,
  LAST_OWNER: 409,
  EMAIL_TAKEN: 409,
  FOUR_EYES_VIOLATION: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
};

export function httpStatusOf(code: ErrorCode): number {
  return Object.hasOwn(CONSOLE_HTTP_STATUS_BY_CODE, code)
    ? CONSOLE_HTTP_STATUS_BY_CODE[code as ConsoleErrorCode]
    : HTTP_STATUS_BY_CODE[code as Exclude<ErrorCode, ConsoleErrorCode>];
}

/** Codes whose details are meant for the caller (when to retry, when a lock ends); others keep theirs internal. */
const PUBLIC_DETAILS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'TOO_MANY_ATTEMPTS',
  'LOCKED_OUT',
  'WITHDRAWAL_LOCKED',
  'WHITELIST_ENTRY_COOLING',
  'INSUFFICIENT_FUNDS',
  'INSUFFICIENT_BALANCE',
  'IDEMPOTENCY_REQUEST_IN_PROGRESS',
  'RATE_LIMITED',
  'FEE_CONSTRAINT_VIOLATED',
  'SUB_PARTNER_NOT_DELETABLE',
]);

export interface ErrorBody {
  readonly error: {
    code: ErrorCode;
    message: string;
    fields?: readonly FieldIssue[];
    details?: Readonly<Record<string, unknown>>;
    requestId?: string;
  };
}

export interface MappedError {
  readonly statusCode: number;
  readonly body: ErrorBody;
  /** Unexpected errors are logged with their stack; expected ones are not noise. */
  readonly unexpected: boolean;
}

export function mapError(e: unknown, requestId?: string): MappedError {
  const withId = (b: ErrorBody['error']): ErrorBody => ({ error: requestId ? { ...b, requestId } : b });
  if (e instanceof ZodError) {
    return {
      statusCode: 400,
      body: withId({
        code: 'VALIDATION_FAILED',
        message: 'Invalid input',
        fields: e.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      }),
      unexpected: false,
    };
  }
  if (e instanceof ValidationError) {
    return {
      statusCode: 400,
      body: withId({ code: e.code, message: e.message, fields: e.fields }),
      unexpected: false,
    };
  }
  if (isGatewayError(e) && e.code !== 'INTERNAL') {
    const details = PUBLIC_DETAILS.has(e.code) && Object.keys(e.details).length ? { details: e.details } : {};
    return {
      statusCode: httpStatusOf(e.code),
      body: withId({ code: e.code, message: e.message, ...details }),
      unexpected: false,
    };
  }
  return {
    statusCode: 500,
    body: withId({
      code: 'INTERNAL',
      message: 'Internal error; retry later or contact support with the request id',
    }),
    unexpected: true,
  };
}
