import type { SQSEvent } from 'aws-lambda';
import { functionSpec } from '../../../functions/catalog';
import { jsonRpc } from '../../../scripts/local/evm/json-rpc';
import { fundFromFaucet } from '../../../scripts/local/evm/local-chains';
import { lambdaContext } from '../../../scripts/local/lambda-runtime';
import { LocalQueuePump, localWebhookQueues } from '../../../shared/adapters/local/local-webhook-queue';
import { deliveryBatchHandler } from '../../../shared/adapters/sqs/delivery-batch-handler';
import { configureWebhook } from '../../../shared/app/webhooks/webhook-settings';
import { accounts } from '../../../shared/domain/ledger/accounts';
import { outboxRelay } from '../outbox/outbox-support';
import { SweepBench, startSweepChain } from '../sweeps/sweep-support';
import type { SweepChainNode } from '../sweeps/sweep-support';
import { startReceiver, verifyWithStandardWebhooks } from './webhook-support';

interface Body {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly data: Record<string, unknown>;
}

/**
 * Issue 13: a deposit that fails after DEPOSIT_DETECTED was sent tells the partner, with the reason.
 * A real reorg on an anvil chain of this file's own (the block holding the transfer is replaced), the
 * real deposit intake, the table's stream relayed by the deployed outbox handler, the real queue and
 * delivery consumer, and an HTTP receiver verifying with the `standardwebhooks` package.
 */
describe('DEPOSIT_FAILED webhook', () => {
  let chain: SweepChainNode;
  let b: SweepBench;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let secret: string;

  beforeAll(async () => {
    chain = await startSweepChain('POLYGON');
    b = new SweepBench(chain);
    await b.setUp({ fundGasTank: 0n, streams: true }); // the outbox relay reads the stream
    receiver = await startReceiver();
    secret = (
      await configureWebhook(b.base, { type: 'SYSTEM', id: 'test' }, b.merchantId, {
        url: receiver.url('/hook'),
      })
    ).secret as string;
  });
  afterAll(async () => {
    await receiver?.close();
    await b?.tearDown();
    await chain?.node.stop();
  });

  it('is delivered, with the reason REORGED, when a detected deposit is reorged out before finality; nothing is credited', async () => {
    const hot = await b.hotAddress('alice');
    const snapshot = await jsonRpc<string>(chain.node.rpcUrl, 'evm_snapshot');
    const { hash } = await fundFromFaucet(chain.network, 'USDT', hot, b.units('25'));
    const transfers = await b.scanner.transfersInTransaction(hash);
    expect(await b.deposits.intake.ingest('POLYGON', transfers, await b.scanner.head())).toEqual({
      detected: 1,
    });
    const id = `POLYGON:${hash.toLowerCase()}:${transfers[0]!.logIndex}`;
    expect((await b.deposits.deposits.get(id))?.status).toBe('DETECTED');

    // The block holding the transfer is replaced: another chain, without it, at the same heights.
    expect(await jsonRpc<boolean>(chain.node.rpcUrl, 'evm_revert', [snapshot])).toBe(true);
    await b.mine(5);
    expect(await b.deposits.intake.confirm('POLYGON', await b.scanner.head(), b.scanner)).toMatchObject({
      failed: 1,
    });
    const failed = await b.deposits.deposits.get(id);
    expect(failed).toMatchObject({ status: 'FAILED', failureReason: 'REORGED' });
    expect(
      (await b.base.ledger.balance(accounts.partnerAvailable(b.merchantId, 'USDT@POLYGON'))).posted,
    ).toBe(0n);

    // The events leave through the outbox: stream → relay → publisher → queue → consumer → receiver.
    const relay = outboxRelay(b.base, b.base.webhooks, b.clock);
    await relay.poller.drain();
    const consumer = deliveryBatchHandler(() => b.base);
    const pump = new LocalQueuePump({
      queue: localWebhookQueues(b.base.db, b.base.config.tableName, b.clock).queue,
      invoke: (event: SQSEvent) => consumer(event, lambdaContext(functionSpec('deliverWebhooks'))),
    });
    await pump.drain();
    const bodies = receiver
      .at('/hook')
      .map((r) => verifyWithStandardWebhooks(secret, r, b.clock.now().getTime()) as Body);
    expect(bodies.map((e) => e.type).sort()).toEqual(['DEPOSIT_DETECTED', 'DEPOSIT_FAILED']);
    const detected = bodies.find((e) => e.type === 'DEPOSIT_DETECTED')!;
    const failedEvent = bodies.find((e) => e.type === 'DEPOSIT_FAILED')!;
    expect(failedEvent.id).toBe(`DEPOSIT_FAILED:${id}`);
    expect(failedEvent.occurredAt).toBe(failed!.failedAt);
    expect(failedEvent.data).toMatchObject({
      depositId: id,
      code: detected.data['code'],
      status: 'FAILED',
      failureReason: 'REORGED',
      amount: '25',
      txHash: hash.toLowerCase(),
      userId: 'alice',
    });

    // Confirming again, relaying again: one DEPOSIT_FAILED, delivered once.
    await b.deposits.intake.confirm('POLYGON', await b.scanner.head(), b.scanner);
    await outboxRelay(b.base, b.base.webhooks, b.clock).poller.drain();
    await pump.drain();
    expect(
      receiver.at('/hook').filter((r) => (JSON.parse(r.body) as Body).type === 'DEPOSIT_FAILED'),
    ).toHaveLength(1);
  });
});
