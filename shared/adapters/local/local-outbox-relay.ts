import type { DynamoDBStreamEvent } from 'aws-lambda';
import { OUTBOX_STREAM_FILTER } from '../dynamodb/outbox-store';
import { LocalStreamPoller } from './local-stream-poller';

/**
 * What `npm start` runs for the transactional outbox: DynamoDB Local's real table stream, read as
 * Lambda's stream event source would (the same filter, partial batch responses), into the relay
 * function (catalog `relayOutbox`), polling every half second.
 */
export function startLocalOutboxRelay(
  options: { readonly endpoint: string; readonly tableName: string },
  invoke: (event: DynamoDBStreamEvent) => Promise<unknown>,
  onError?: (message: string) => void,
): LocalStreamPoller {
  const poller = new LocalStreamPoller({
    endpoint: options.endpoint,
    tableName: options.tableName,
    filter: OUTBOX_STREAM_FILTER,
    invoke,
    pollIntervalMs: 500,
    onError: (e) => onError?.((e as Error).message),
    onSkipped: (r) =>
      onError?.(
        `gave up on stream record ${r.dynamodb?.SequenceNumber ?? '?'}; the outbox republisher relays it`,
      ),
  });
  poller.start();
  return poller;
}
