import { GatewayError } from '../../../shared/domain/errors';
import { describeFailure, isTransientFailure } from '../../../shared/app/deposits/intake-failures';

/** Errors shaped as the AWS SDK v3 and Node's sockets throw them. */
const awsError = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(name), { name, $metadata: {}, ...extra });

describe('intake failure classification', () => {
  it('treats an unavailable store or network as transient: the round fails and is retried', () => {
    expect(
      isTransientFailure(
        awsError('ProvisionedThroughputExceededException', {
          $fault: 'client',
          $retryable: { throttling: true },
        }),
      ),
    ).toBe(true);
    expect(isTransientFailure(awsError('InternalServerError', { $fault: 'server' }))).toBe(true);
    expect(
      isTransientFailure(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' }),
      ),
    ).toBe(true);
    expect(isTransientFailure(new Error('AWS SDK error wrapper for Error: read ECONNRESET'))).toBe(true);
    expect(isTransientFailure(new GatewayError('LEDGER_CONTENTION', 'busy'))).toBe(true);
    expect(isTransientFailure(new Error('wrapped', { cause: awsError('ThrottlingException') }))).toBe(true);
  });

  it('treats a refusal of the data or a bug as this transfer’s problem: it is flagged for review', () => {
    expect(
      isTransientFailure(new GatewayError('VALIDATION_FAILED', 'A fee chain starts at the platform')),
    ).toBe(false);
    expect(isTransientFailure(new TypeError("Cannot read properties of undefined (reading 'rate')"))).toBe(
      false,
    );
    expect(isTransientFailure(new RangeError('deposit fee rate 2000000 ppm is outside 0…1000000'))).toBe(
      false,
    );
    expect(isTransientFailure(awsError('ValidationException', { $fault: 'client' }))).toBe(false);
    expect(isTransientFailure('a string')).toBe(false);
  });

  it('treats a transaction cancelled by TransactionConflict as transient, not as a poison transfer (fault campaign, TRON seeds 1–2)', () => {
    const cancelled = (codes: string[]) =>
      Object.assign(
        new Error('Transaction cancelled, please refer cancellation reasons for specific reasons'),
        {
          name: 'TransactionCanceledException',
          $fault: 'client',
          CancellationReasons: codes.map((Code) => ({ Code })),
        },
      );
    expect(isTransientFailure(cancelled(['None', 'TransactionConflict']))).toBe(true);
    // A failed condition is an answer about the data, not a blip.
    expect(isTransientFailure(cancelled(['ConditionalCheckFailed', 'None']))).toBe(false);
  });

  it('describes a failure on one line, bounded', () => {
    expect(describeFailure(new TypeError('bad\n  thing'))).toBe('TypeError: bad thing');
    expect(describeFailure(new Error('x'.repeat(2_000)))).toHaveLength(500);
  });
});
