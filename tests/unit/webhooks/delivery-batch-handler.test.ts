import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { deliveryBatchHandler } from '../../../shared/adapters/sqs/delivery-batch-handler';
import { publishWebhookEvent } from '../../../shared/app/webhooks/publish-webhook-event';
import { configureWebhook } from '../../../shared/app/webhooks/webhook-settings';
import type { DeliveryMessage } from '../../../shared/ports/webhook-delivery';
import sample from '../../../events/webhook-delivery/sqs-event.json';
import { fakeWebhookDeps } from './fakes';

const context = {
  functionName: 'deliverWebhooks',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;
const record = (id: string, body: string): SQSRecord => ({
  ...(sample.Records[0] as SQSRecord),
  messageId: id,
  body,
});

async function setUp() {
  const f = fakeWebhookDeps();
  await configureWebhook(f.deps, { type: 'API_KEY', id: 'ak' }, 'pt_a', {
    url: 'https://partner.example.com/hook',
  });
  const messages: DeliveryMessage[] = [];
  for (const n of [1, 2]) {
    await publishWebhookEvent(f.deps, {
      id: `E${n}`,
      type: 'DEPOSIT_CONFIRMED',
      partnerId: 'pt_a',
      occurredAt: '2026-11-20T12:00:00.000Z',
      data: {},
    });
    messages.push(f.deps.webhookQueue.sent.at(-1)!.message);
  }
  const deps = { ...f.deps, logger: new Logger({ logLevel: 'SILENT' }) };
  return { deps, messages, handler: deliveryBatchHandler(() => deps) };
}

describe('webhook queue consumer (Powertools batch, partial failures)', () => {
  it('reports only the record whose processing failed, so SQS retries it alone', async () => {
    const { deps, messages, handler } = await setUp();
    deps.webhookDeliveries.failGetFor.add('E2');
    const event: SQSEvent = {
      Records: [record('m1', JSON.stringify(messages[0])), record('m2', JSON.stringify(messages[1]))],
    };
    expect(await handler(event, context)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    expect(deps.webhookHttp.requests).toHaveLength(1);
  });

  it('parks a malformed message in the DLQ at once instead of retrying it', async () => {
    const { deps, messages, handler } = await setUp();
    const event: SQSEvent = {
      Records: [
        record('bad', '{"v":2}'),
        record('junk', 'not json'),
        record('ok', JSON.stringify(messages[0])),
      ],
    };
    expect(await handler(event, context)).toEqual({ batchItemFailures: [] });
    expect(deps.webhookQueue.dead.map((d) => d.reason)).toEqual(['MALFORMED_MESSAGE', 'MALFORMED_MESSAGE']);
    expect(deps.webhookQueue.dead[1]!.message).toEqual({ raw: 'not json' });
  });

  it('fails the invocation when every record fails (an outage shows in the Errors alarm)', async () => {
    const { deps, messages, handler } = await setUp();
    deps.webhookDeliveries.failGetFor.add('E1');
    deps.webhookDeliveries.failGetFor.add('E2');
    const event: SQSEvent = { Records: messages.map((m, i) => record(`m${i}`, JSON.stringify(m))) };
    await expect(handler(event, context)).rejects.toThrow();
  });

  it('processes the sample event of events/webhook-delivery (an unknown event is dropped, not retried)', async () => {
    const { handler } = await setUp();
    expect(await handler(sample as SQSEvent, context)).toEqual({ batchItemFailures: [] });
  });
});
