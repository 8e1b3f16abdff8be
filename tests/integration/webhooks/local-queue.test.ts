import type { SQSEvent } from 'aws-lambda';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import { LocalQueue, LocalQueuePump } from '../../../shared/adapters/local/local-webhook-queue';
import { createTestTable } from '../../support/test-env';
import { jumpingClock } from './webhook-support';

describe('local webhook queue (the SQS stand-in of npm start)', () => {
  let dropTable: () => Promise<void>;
  let tableName: string;
  const db = createDocumentClient({ region: 'us-east-1', endpoint: process.env['DYNAMODB_ENDPOINT'] });
  let n = 0;

  beforeAll(async () => {
    const table = await createTestTable('lq');
    dropTable = table.dropTable;
    tableName = table.config.tableName;
  });
  afterAll(() => dropTable());

  function queues() {
    const clock = jumpingClock();
    const name = `q${++n}`;
    const dlq = new LocalQueue(db, tableName, { name: `${name}-dlq`, clock });
    const queue = new LocalQueue(db, tableName, {
      name,
      clock,
      visibilityTimeoutSeconds: 30,
      maxReceiveCount: 3,
      deadLetterQueue: dlq,
    });
    return { clock, queue, dlq };
  }

  it('hides a delayed message until its delay has passed, and refuses delays beyond 15 minutes', async () => {
    const { clock, queue } = queues();
    await queue.send('later', 120);
    expect(await queue.receive(10)).toEqual([]);
    clock.advance(121_000);
    expect((await queue.receive(10)).map((m) => m.body)).toEqual(['later']);
    await expect(queue.send('too late', 901)).rejects.toThrow(RangeError);
  });

  it('gives each message to one receiver at a time, and again after the visibility timeout unless deleted', async () => {
    const { clock, queue } = queues();
    await queue.send('a');
    const [first, second] = await Promise.all([queue.receive(10), queue.receive(10)]);
    expect(first!.length + second!.length).toBe(1);
    const [m] = [...first!, ...second!];
    expect(m!.receiveCount).toBe(1);
    expect(await queue.receive(10)).toEqual([]);
    clock.advance(31_000);
    const [again] = await queue.receive(10);
    expect(again).toMatchObject({ messageId: m!.messageId, receiveCount: 2 });
    await queue.delete(m!.messageId, m!.receiptHandle!); // a stale receipt handle deletes nothing
    await queue.delete(again!.messageId, again!.receiptHandle!);
    clock.advance(31_000);
    expect(await queue.messages()).toEqual([]);
  });

  it('pumps batches into a consumer like the SQS event source: deletes successes, retries reported failures, redrives to the DLQ', async () => {
    const { clock, queue, dlq } = queues();
    await queue.send('good');
    await queue.send('poison');
    const calls: string[][] = [];
    const pump = new LocalQueuePump({
      queue,
      invoke: async (event: SQSEvent) => {
        calls.push(event.Records.map((r) => `${r.body}#${r.attributes.ApproximateReceiveCount}`));
        expect(event.Records.every((r) => r.eventSource === 'aws:sqs' && r.md5OfBody.length === 32)).toBe(
          true,
        );
        return {
          batchItemFailures: event.Records.filter((r) => r.body === 'poison').map((r) => ({
            itemIdentifier: r.messageId,
          })),
        };
      },
    });
    expect(await pump.drain()).toBe(2);
    for (let i = 0; i < 3; i++) {
      clock.advance(31_000);
      await pump.drain();
    }
    expect(calls).toEqual([['good#1', 'poison#1'], ['poison#2'], ['poison#3']]);
    expect(await queue.messages()).toEqual([]);
    expect((await dlq.messages()).map((m) => m.body)).toEqual(['poison']);
  });

  it('treats a consumer that throws as a failure of the whole batch', async () => {
    const { clock, queue } = queues();
    await queue.send('x');
    let fail = true;
    const pump = new LocalQueuePump({
      queue,
      invoke: async () => {
        if (fail) throw new Error('crash');
        return { batchItemFailures: [] };
      },
      onError: () => undefined,
    });
    await pump.drain();
    expect(await queue.messages()).toHaveLength(1);
    fail = false;
    clock.advance(31_000);
    await pump.drain();
    expect(await queue.messages()).toEqual([]);
  });
});
