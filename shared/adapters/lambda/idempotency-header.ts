import type { APIGatewayProxyEvent } from 'aws-lambda';
import { headerValue } from './cookies';

/** The Idempotency-Key header (any case), as sent; the use-case validates it. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

export function idempotencyKeyOf(event: Pick<APIGatewayProxyEvent, 'headers'>): string | undefined {
  return headerValue(event.headers, IDEMPOTENCY_KEY_HEADER.toLowerCase());
}

/** The partner API's marker on an answer that replays the first result of a key. */
export function replayHeaders(replayed: boolean): { headers?: Record<string, string> } {
  return replayed ? { headers: { 'idempotent-replayed': 'true' } } : {};
}
