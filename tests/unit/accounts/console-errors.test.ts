import {
  CONSOLE_HTTP_STATUS_BY_CODE,
  HTTP_STATUS_BY_CODE,
  httpStatusOf,
  mapError,
} from '../../../shared/adapters/lambda/http-errors';
import { GatewayError } from '../../../shared/domain/errors';

describe('console error codes in the HTTP error mapper', () => {
  it('keeps console codes apart from the partner-facing ones', () => {
    for (const code of Object.keys(CONSOLE_HTTP_STATUS_BY_CODE))
      expect(Object.hasOwn(HTTP_STATUS_BY_CODE, code)).toBe(false);
  });

  it('maps session, OTP and permission refusals to 401/403, throttling to 429', () => {
    expect(httpStatusOf('INVALID_CREDENTIALS')).toBe(401);
    expect(httpStatusOf('REFRESH_TOKEN_REUSED')).toBe(401);
    expect(httpStatusOf('SESSION_REVOKED')).toBe(403);
    expect(httpStatusOf('OTP_REPLAYED')).toBe(403);
    expect(httpStatusOf('PRIVILEGE_ESCALATION')).toBe(403);
    expect(httpStatusOf('TOO_MANY_ATTEMPTS')).toBe(429);
    expect(httpStatusOf('NOT_FOUND')).toBe(404);
  });

  it('shows retry and unlock times to the caller, and keeps other details internal', () => {
    const locked = mapError(
      new GatewayError('WITHDRAWAL_LOCKED', 'locked', { details: { unlockAt: '2026-11-21T12:00:00.000Z' } }),
      'r1',
    );
    expect(locked).toMatchObject({
      statusCode: 403,
      body: { error: { code: 'WITHDRAWAL_LOCKED', details: { unlockAt: '2026-11-21T12:00:00.000Z' } } },
    });
    const throttled = mapError(
      new GatewayError('TOO_MANY_ATTEMPTS', 'slow down', { details: { retryAfterSeconds: 4 } }),
    );
    expect(throttled.body.error.details).toEqual({ retryAfterSeconds: 4 });
    const other = mapError(
      new GatewayError('PRIVILEGE_ESCALATION', 'no', { details: { permissions: 'audit:read' } }),
    );
    expect(other.body.error).not.toHaveProperty('details');
  });
});
