import type { SQSEvent } from 'aws-lambda';
import { functionSpec } from '../../../functions/catalog';
import { lambdaContext } from '../../../scripts/local/lambda-runtime';
import {
  LocalQueuePump,
  LocalWebhookQueue,
  localWebhookQueues,
} from '../../../shared/adapters/local/local-webhook-queue';
import { deliveryBatchHandler } from '../../../shared/adapters/sqs/delivery-batch-handler';
import { republishUnpublished } from '../../../shared/app/outbox/relay-outbox';
import { QueuedWebhookPublisher } from '../../../shared/app/webhooks/publish-webhook-event';
import { configureWebhook } from '../../../shared/app/webhooks/webhook-settings';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { StoredDeposit } from '../../../shared/ports/deposits';
import type { DeliveryMessage, WebhookQueue } from '../../../shared/ports/webhook-delivery';
import { fundFromFaucet } from '../../../scripts/local/evm/local-chains';
import { SweepBench, startSweepChain } from '../sweeps/sweep-support';
import type { SweepChainNode } from '../sweeps/sweep-support';
import { startReceiver } from '../webhooks/webhook-support';
import { outboxRelay } from './outbox-support';

/** The webhook queue (SQS): while `down`, every send fails; otherwise the local queue `npm start` runs. */
class FlakyQueue implements WebhookQueue {
  down = true;
  failedSends = 0;
  constructor(private readonly real: WebhookQueue) {}
  async enqueue(message: DeliveryMessage, delaySeconds: number): Promise<void> {
    if (this.down) {
      this.failedSends += 1;
      throw Object.assign(new Error('queue unavailable'), { name: 'ServiceUnavailable' });
    }
    await this.real.enqueue(message, delaySeconds);
  }
  async deadLetter(message: DeliveryMessage | { raw: string }, reason: string): Promise<void> {
    if (this.down) throw new Error('queue unavailable');
    await this.real.deadLetter(message, reason);
  }
}

/**
 * Issue 12 §4: a webhook outage must not hold money back. Real chain (anvil), real intake, real sweep,
 * the table's real stream relayed by the deployed handler, the real delivery consumer and an HTTP
 * receiver; only the queue is switched off for ten (simulated) minutes.
 */
describe('webhook queue outage with the transactional outbox', () => {
  let chain: SweepChainNode;
  let b: SweepBench;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let queue: FlakyQueue;
  let relay: ReturnType<typeof outboxRelay>;
  let pump: LocalQueuePump;
  const deposits: StoredDeposit[] = [];

  beforeAll(async () => {
    chain = await startSweepChain('POLYGON');
    b = new SweepBench(chain);
    await b.setUp({ streams: true }); // its outbox relay reads the table's stream
    receiver = await startReceiver();
    await configureWebhook(b.base, { type: 'SYSTEM', id: 'test' }, b.merchantId, {
      url: receiver.url('/hook'),
      largeDepositThresholdUsd: '50',
    });
    const local = localWebhookQueues(b.base.db, b.base.config.tableName, b.clock);
    queue = new FlakyQueue(new LocalWebhookQueue(local.queue, local.dlq));
    const publisher = new QueuedWebhookPublisher({
      clock: b.clock,
      webhookSettings: b.base.webhookSettings,
      webhookDeliveries: b.base.webhookDeliveries,
      webhookQueue: queue,
    });
    relay = outboxRelay(b.base, publisher, b.clock);
    const consumer = deliveryBatchHandler(() => ({ ...b.base, webhookQueue: queue, clock: b.clock }));
    pump = new LocalQueuePump({
      queue: local.queue,
      invoke: (event: SQSEvent) => consumer(event, lambdaContext(functionSpec('deliverWebhooks'))),
    });
  });
  afterAll(async () => {
    await receiver?.close();
    await b?.tearDown();
    await chain?.node.stop();
  });

  const eventIdsReceived = () => receiver.at('/hook').map((r) => (JSON.parse(r.body) as { id: string }).id);

  it('credits and confirms deposits in one write while the queue is down, and sweeps them', async () => {
    for (const user of ['alice', 'bob']) {
      const hot = await b.hotAddress(user);
      const { hash } = await fundFromFaucet(chain.network, 'USDT', hot, b.units('100'));
      const transfers = await b.scanner.transfersInTransaction(hash);
      expect(await b.deposits.intake.ingest('POLYGON', transfers, await b.scanner.head())).toEqual({
        detected: 1,
      });
      deposits.push(
        (await b.deposits.deposits.get(`POLYGON:${hash.toLowerCase()}:${transfers[0]!.logIndex}`))!,
      );
    }
    await b.mine(3);
    // Ten minutes of outage: the poller confirms every minute, the stream relay and the republisher try.
    for (let minute = 0; minute < 10; minute++) {
      await b.deposits.intake.confirm('POLYGON', await b.scanner.head(), b.scanner);
      await relay.poller.drain();
      const report = await republishUnpublished(relay.deps, { olderThanMs: 0 });
      expect(report.republished).toBe(0);
      b.clock.advance(60_000);
    }
    for (const d of deposits) {
      expect(await b.deposits.deposits.get(d.id)).toMatchObject({
        status: 'CONFIRMED',
        ledgerEntryId: `deposit:${d.id}`,
      });
      for (const type of ['DEPOSIT_DETECTED', 'LARGE_DEPOSIT', 'DEPOSIT_CONFIRMED']) {
        const stored = await relay.deps.outbox.get(`${type}:${d.id}`);
        expect(stored).toBeDefined();
        expect(stored?.publishedAt).toBeUndefined();
      }
    }
    expect(queue.failedSends).toBeGreaterThan(0);
    expect(
      (await b.base.ledger.balance(accounts.partnerAvailable(b.merchantId, 'USDT@POLYGON'))).posted,
    ).toBe(deposits.reduce((s, d) => s + d.netAmount, 0n));

    const swept = await b.run();
    expect(swept.errors).toEqual([]);
    for (const d of deposits) expect((await b.deposits.deposits.get(d.id))?.status).toBe('COLLECTED');
    expect(eventIdsReceived()).toEqual([]);
  });

  it('delivers every event afterwards, exactly once per event id, however often it is relayed again', async () => {
    queue.down = false;
    // The stream retries (or has given up on) the failed records; the republisher catches the rest.
    await relay.poller.drain();
    b.clock.advance(5 * 60_000);
    await republishUnpublished(relay.deps);
    await pump.drain();
    const expected = deposits
      .flatMap((d) => ['DEPOSIT_DETECTED', 'LARGE_DEPOSIT', 'DEPOSIT_CONFIRMED'].map((t) => `${t}:${d.id}`))
      .sort();
    expect([...eventIdsReceived()].sort()).toEqual(expected);
    for (const id of expected) expect((await relay.deps.outbox.get(id))?.publishedAt).toBeDefined();

    // At-least-once upstream: the whole stream replayed from its start, and the republisher again.
    const replay = outboxRelay(
      b.base,
      new QueuedWebhookPublisher({
        clock: b.clock,
        webhookSettings: b.base.webhookSettings,
        webhookDeliveries: b.base.webhookDeliveries,
        webhookQueue: queue,
      }),
      b.clock,
    );
    expect(await replay.poller.drain()).toBeGreaterThanOrEqual(expected.length);
    b.clock.advance(10 * 60_000);
    expect(await republishUnpublished(relay.deps)).toMatchObject({ republished: 0, failed: 0 });
    await pump.drain();
    expect([...eventIdsReceived()].sort()).toEqual(expected);
  });
});
