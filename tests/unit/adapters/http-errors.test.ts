import { z } from 'zod';
import { HTTP_STATUS_BY_CODE, mapError } from '../../../shared/adapters/lambda/http-errors';
import {
  AuthenticationError,
  ConflictError,
  GatewayError,
  NotFoundError,
  ValidationError,
} from '../../../shared/domain/errors';

describe('HTTP error mapper', () => {
  it('maps validation failures to 400 with field paths', () => {
    const zod = z.object({ amount: z.string() }).safeParse({ amount: 1 });
    const mapped = mapError(zod.error, 'req-1');
    expect(mapped.statusCode).toBe(400);
    expect(mapped.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ path: 'amount' }],
      requestId: 'req-1',
    });
    expect(mapError(new ValidationError('bad', [{ path: 'a.b', message: 'x' }])).body.error.fields).toEqual([
      { path: 'a.b', message: 'x' },
    ]);
  });

  it('maps auth, not found and conflict errors to 401/403, 404 and 409 with their messages', () => {
    expect(mapError(new AuthenticationError('UNAUTHENTICATED', 'm')).statusCode).toBe(401);
    expect(mapError(new AuthenticationError('SIGNATURE_INVALID', 'm')).statusCode).toBe(403);
    expect(mapError(new NotFoundError('nope'))).toMatchObject({
      statusCode: 404,
      body: { error: { message: 'nope' } },
    });
    expect(mapError(new ConflictError('dup')).statusCode).toBe(409);
    expect(mapError(new GatewayError('ILLEGAL_TRANSITION', 'x')).statusCode).toBe(409);
  });

  it('answers a duplicate of a request still in progress with a retryable 409 that says when to retry', () => {
    const busy = new GatewayError('IDEMPOTENCY_REQUEST_IN_PROGRESS', 'busy', {
      details: { retryAfterSeconds: 1 },
    });
    expect(mapError(busy)).toMatchObject({
      statusCode: 409,
      body: { error: { code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS', details: { retryAfterSeconds: 1 } } },
    });
  });

  it('hides internals of unexpected errors behind a generic 500', () => {
    const mapped = mapError(new Error('connect ECONNREFUSED 10.0.0.1:5432 password=hunter2'));
    expect(mapped.statusCode).toBe(500);
    expect(mapped.unexpected).toBe(true);
    expect(JSON.stringify(mapped.body)).not.toMatch(/ECONNREFUSED|hunter2/);
  });

  it('has a status for every error code', () => {
    for (const status of Object.values(HTTP_STATUS_BY_CODE))
      expect([400, 401, 403, 404, 409, 422, 429, 500, 503]).toContain(status);
  });
});
