import { isGatewayError } from '../../domain/errors';

/**
 * "The store (or the network to it) is unavailable" versus "this transfer cannot be processed".
 *
 * The intake records one transfer at a time. When that fails, the two causes need opposite answers:
 *
 * - **Transient** (DynamoDB throttled or unreachable, a connection reset, ledger contention): nothing is
 *   wrong with the transfer. The round must fail so the cursor stays and the next round records it
 *   normally; flagging it would park a good deposit for manual review.
 * - **Anything else** (a domain rule that refuses the data, a missing partner, a bug that throws for
 *   this one transfer): retrying will fail the same way forever, and failing the round would stop the
 *   whole network behind it (issue 12 §0). The transfer is recorded as FAILED / INTAKE_ERROR and alerted.
 *
 * The test is deliberately narrow on the transient side: only failures the AWS SDK marks retryable or
 * server-side, throttling and timeout names, socket-level error codes, and the gateway's own contention
 * codes. A misclassified transient error costs a manual review of one deposit; a misclassified poison
 * error costs the network (and raises the poller-health alarm after N failed rounds).
 */
const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);
/** The SDK's retry layer rewraps some socket errors as a bare message ("AWS SDK error wrapper for …"), dropping `code`. */
const TRANSIENT_MESSAGE =
  /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)\b|socket hang up/;

export function isTransientFailure(e: unknown, depth = 0): boolean {
  if (isGatewayError(e)) return e.code === 'LEDGER_CONTENTION' || e.code === 'RATE_LIMITED';
  if (!e || typeof e !== 'object' || depth > 3) return false;
  const err = e as {
    name?: unknown;
    code?: unknown;
    $retryable?: unknown;
    $fault?: unknown;
    cause?: unknown;
  };
  if (err.$retryable || err.$fault === 'server') return true;
  // A transaction cancelled because another one was working on an item (TransactionConflict) is a
  // blip to retry (AWS: retry with back-off); one cancelled by a failed condition is not.
  if (err.name === 'TransactionCanceledException') {
    const reasons = ((e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map(
      (r) => r.Code,
    );
    if (reasons.includes('TransactionConflict') && !reasons.includes('ConditionalCheckFailed')) return true;
  }
  if (typeof err.name === 'string' && TRANSIENT_NAMES.has(err.name)) return true;
  if (typeof err.code === 'string' && TRANSIENT_CODES.has(err.code)) return true;
  if (e instanceof Error && TRANSIENT_MESSAGE.test(e.message)) return true;
  return err.cause !== undefined && isTransientFailure(err.cause, depth + 1);
}

/** A short, single-line description of a failure for the deposit record and the alert. */
export function describeFailure(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.replace(/\s+/g, ' ').slice(0, 500);
}
