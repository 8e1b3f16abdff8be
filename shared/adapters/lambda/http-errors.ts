import { ZodError } from 'zod';
import { isGatewayError, ValidationError } from '../../domain/errors';
import type { ErrorCode, FieldIssue } from '../../domain/errors';

/** The only place that turns error codes into HTTP status codes. */
export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  API_KEY_UNKNOWN: 403,
  API_KEY_REVOKED: 403,
  SIGNATURE_INVALID: 403,
  TIMESTAMP_OUT_OF_WINDOW: 403,
  SIGNATURE_REPLAYED: 403,
  IP_NOT_ALLOWED: 403,
  PARTNER_SUSPENDED: 403,
  FORBIDDEN: 403,
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  RATE_LIMITED: 429,
  INSUFFICIENT_FUNDS: 422,
  LEDGER_ENTRY_CONFLICT: 409,
  PENDING_NOT_FOUND: 404,
  PENDING_ALREADY_RESOLVED: 409,
  LEDGER_CONTENTION: 503,
  INTERNAL: 500,
};

export interface ErrorBody {
  readonly error: { code: ErrorCode; message: string; fields?: readonly FieldIssue[]; requestId?: string };
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
    return { statusCode: 400, body: withId({ code: e.code, message: e.message, fields: e.fields }), unexpected: false };
  }
  if (isGatewayError(e) && e.code !== 'INTERNAL') {
    return { statusCode: HTTP_STATUS_BY_CODE[e.code], body: withId({ code: e.code, message: e.message }), unexpected: false };
  }
  return {
    statusCode: 500,
    body: withId({ code: 'INTERNAL', message: 'Internal error; retry later or contact support with the request id' }),
    unexpected: true,
  };
}
