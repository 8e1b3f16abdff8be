/**
 * Every error the gateway means to raise carries a stable string code. The HTTP error mapper is the only
 * place that turns codes into status codes; everything else throws and matches on `code`.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'API_KEY_UNKNOWN'
  | 'API_KEY_REVOKED'
  | 'SIGNATURE_INVALID'
  | 'TIMESTAMP_OUT_OF_WINDOW'
  | 'SIGNATURE_REPLAYED'
  | 'SIGNATURE_VERSION_RETIRED'
  | 'IP_NOT_ALLOWED'
  | 'PARTNER_SUSPENDED'
  | 'FORBIDDEN'
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'ILLEGAL_TRANSITION'
  | 'RATE_LIMITED'
  | 'INSUFFICIENT_FUNDS'
  /** Paying a gas invoice from a balance that does not cover it (409: nothing was written). */
  | 'INSUFFICIENT_BALANCE'
  | 'LEDGER_ENTRY_CONFLICT'
  | 'PENDING_NOT_FOUND'
  | 'PENDING_ALREADY_RESOLVED'
  | 'LEDGER_CONTENTION'
  | 'IDEMPOTENCY_KEY_REQUIRED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'IDEMPOTENCY_REQUEST_IN_PROGRESS'
  | 'ADDRESS_NOT_WHITELISTED'
  | 'WHITELIST_ENTRY_COOLING'
  | 'WITHDRAWAL_LOCKED'
  | 'FEE_CONSTRAINT_VIOLATED'
  | 'SUB_PARTNER_NOT_DELETABLE'
  | ConsoleErrorCode
  | 'INTERNAL';

/**
 * Codes of the console API (accounts, sessions, 2FA, members) and of the security rules money actions
 * check. Kept apart because the partner OpenAPI document lists partner-facing codes only; the console
 * codes are documented with the console API (README).
 */
export type ConsoleErrorCode =
  | 'INVALID_CREDENTIALS'
  | 'ACCOUNT_DEACTIVATED'
  | 'TOO_MANY_ATTEMPTS'
  | 'LOCKED_OUT'
  | 'CHALLENGE_INVALID'
  | 'OTP_REQUIRED'
  | 'OTP_INVALID'
  | 'OTP_REPLAYED'
  | 'TWO_FACTOR_REQUIRED'
  | 'TWO_FACTOR_ALREADY_ENABLED'
  | 'TWO_FACTOR_NOT_ENABLED'
  | 'TWO_FACTOR_SETUP_MISSING'
  | 'CSRF_TOKEN_INVALID'
  | 'SESSION_EXPIRED'
  | 'SESSION_REVOKED'
  | 'REFRESH_TOKEN_INVALID'
  | 'REFRESH_TOKEN_REUSED'
  | 'CURRENT_PASSWORD_INVALID'
  | 'TOKEN_INVALID'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_ALREADY_USED'
  | 'TOKEN_REVOKED'
  | 'PERMISSION_DENIED'
  | 'PRIVILEGE_ESCALATION'
  | 'LAST_OWNER'
  | 'EMAIL_TAKEN'
  | 'FOUR_EYES_VIOLATION'
  | 'PASSWORD_CHANGE_REQUIRED';

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options?.details ?? {};
  }
}

/** A request was refused by partner authentication or authorization. */
export class AuthenticationError extends GatewayError {}

export class ValidationError extends GatewayError {
  readonly fields: readonly FieldIssue[];
  constructor(message: string, fields: readonly FieldIssue[]) {
    super('VALIDATION_FAILED', message, { details: { fields } });
    this.fields = fields;
  }
}

export class NotFoundError extends GatewayError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

export class ConflictError extends GatewayError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('CONFLICT', message, details ? { details } : undefined);
  }
}

export function isGatewayError(e: unknown, code?: ErrorCode): e is GatewayError {
  return e instanceof GatewayError && (code === undefined || e.code === code);
}
