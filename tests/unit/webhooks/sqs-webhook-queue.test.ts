import { createHash, randomUUID } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SendMessageCommandInput } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { DeadLetterSchema, DeliveryMessageSchema } from '../../../events/webhook-delivery/schema';
import { SqsWebhookQueue, UnconfiguredWebhookQueue } from '../../../shared/adapters/sqs/sqs-webhook-queue';
import type { DeliveryMessage } from '../../../shared/ports/webhook-delivery';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/gateway-dev-webhook-delivery';
const DLQ_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/gateway-dev-webhook-delivery-dlq';

/** Behaves like SQS SendMessage: validates DelaySeconds and body size, returns the body's MD5 (which the SDK checks). */
function sqsLike() {
  const sqs = mockClient(SQSClient);
  const queues = new Map<string, { body: string; delaySeconds: number }[]>([
    [QUEUE_URL, []],
    [DLQ_URL, []],
  ]);
  sqs.on(SendMessageCommand).callsFake((input: SendMessageCommandInput) => {
    const queue = queues.get(input.QueueUrl ?? '');
    if (!queue)
      throw Object.assign(new Error('The specified queue does not exist.'), { name: 'QueueDoesNotExist' });
    const delay = input.DelaySeconds ?? 0;
    if (delay < 0 || delay > 900) {
      throw Object.assign(
        new Error('Value for parameter DelaySeconds is invalid. Reason: must be between 0 and 900'),
        { name: 'InvalidParameterValue' },
      );
    }
    const body = input.MessageBody ?? '';
    if (Buffer.byteLength(body) > 256 * 1024)
      throw Object.assign(new Error('Message too long'), { name: 'InvalidParameterValue' });
    queue.push({ body, delaySeconds: delay });
    return { MessageId: randomUUID(), MD5OfMessageBody: createHash('md5').update(body).digest('hex') };
  });
  return { sqs, queues };
}

const message: DeliveryMessage = {
  v: 1,
  partnerId: 'pt_1',
  eventId: 'DEPOSIT_CONFIRMED:BSC:0xabc:3',
  round: 0,
  attempt: 2,
  notBefore: '2026-11-20T12:01:00.000Z',
};

describe('SQS webhook queue', () => {
  afterEach(() => mockClient(SQSClient).restore());

  it('sends the delivery message to the queue with its delay', async () => {
    const { queues } = sqsLike();
    const queue = new SqsWebhookQueue(new SQSClient({ region: 'eu-west-1' }), QUEUE_URL, DLQ_URL);
    await queue.enqueue(message, 60);
    await queue.enqueue({ ...message, attempt: 3 }, 900);
    const sent = queues.get(QUEUE_URL)!;
    expect(sent.map((m) => m.delaySeconds)).toEqual([60, 900]);
    expect(DeliveryMessageSchema.parse(JSON.parse(sent[0]!.body))).toEqual(message);
  });

  it('refuses delays SQS would refuse (above 15 minutes), before calling SQS', async () => {
    const { sqs } = sqsLike();
    const queue = new SqsWebhookQueue(new SQSClient({ region: 'eu-west-1' }), QUEUE_URL, DLQ_URL);
    await expect(queue.enqueue(message, 901)).rejects.toThrow(RangeError);
    await expect(queue.enqueue(message, 1.5)).rejects.toThrow(RangeError);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('parks exhausted deliveries in the DLQ with the reason', async () => {
    const { queues } = sqsLike();
    const queue = new SqsWebhookQueue(new SQSClient({ region: 'eu-west-1' }), QUEUE_URL, DLQ_URL);
    await queue.deadLetter(message, 'RETRIES_EXHAUSTED');
    await queue.deadLetter({ raw: 'not json' }, 'MALFORMED_MESSAGE');
    const parked = queues.get(DLQ_URL)!.map((m) => JSON.parse(m.body) as Record<string, unknown>);
    expect(DeadLetterSchema.parse(parked[0])).toEqual({ ...message, deadLetterReason: 'RETRIES_EXHAUSTED' });
    expect(parked[1]).toEqual({ raw: 'not json', deadLetterReason: 'MALFORMED_MESSAGE' });
    expect(queues.get(QUEUE_URL)).toEqual([]);
  });

  it('surfaces SQS errors to the caller (the consumer then retries the message)', async () => {
    const { sqs } = sqsLike();
    sqs
      .on(SendMessageCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const queue = new SqsWebhookQueue(
      new SQSClient({ region: 'eu-west-1', maxAttempts: 1 }),
      QUEUE_URL,
      DLQ_URL,
    );
    await expect(queue.enqueue(message, 0)).rejects.toThrow('Rate exceeded');
  });

  it('fails loudly where no queue is configured', async () => {
    await expect(new UnconfiguredWebhookQueue().enqueue()).rejects.toThrow('WEBHOOK_QUEUE_URL');
    const withoutDlq = new SqsWebhookQueue(new SQSClient({ region: 'eu-west-1' }), QUEUE_URL, undefined);
    await expect(withoutDlq.deadLetter(message, 'RETRIES_EXHAUSTED')).rejects.toThrow('WEBHOOK_DLQ_URL');
  });
});
