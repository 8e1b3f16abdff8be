import type { SQSEvent } from 'aws-lambda';
import { functionSpec } from '../../../functions/catalog';
import { buildDeps } from '../../../shared/composition/gateway';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { buildDepositDeps } from '../../../shared/composition/deposits';
import { buildWithdrawalWiring } from '../../../shared/composition/withdrawals';
import type { WithdrawalWiring } from '../../../shared/composition/withdrawals';
import { lambdaContext } from '../../../scripts/local/lambda-runtime';
import { LocalQueuePump, localWebhookQueues } from '../../../shared/adapters/local/local-webhook-queue';
import { deliveryBatchHandler } from '../../../shared/adapters/sqs/delivery-batch-handler';
import { republishUnpublished } from '../../../shared/app/outbox/relay-outbox';
import { createPartner, createPlatform } from '../../../shared/app/partners/manage-partners';
import { configureWebhook } from '../../../shared/app/webhooks/webhook-settings';
import { publishWithdrawalEvent } from '../../../shared/app/withdrawals/withdrawal-view';
import type { Withdrawal } from '../../../shared/domain/withdrawal/withdrawal';
import { createTestTable, manualClock } from '../../support/test-env';
import { startReceiver } from '../webhooks/webhook-support';
import { outboxRelay } from './outbox-support';

/**
 * Withdrawal events are published after their state change; with the outbox behind the publisher a
 * webhook-queue outage delays them instead of losing them (the publish used to fail, be logged, and
 * never happen).
 */
describe('withdrawal webhooks while the webhook queue is down', () => {
  const clock = manualClock();
  let base: GatewayDeps;
  let wiring: WithdrawalWiring;
  let dropTable: () => Promise<void>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let partnerId = '';
  let down = true;

  beforeAll(async () => {
    const table = await createTestTable('owd', { streams: true }); // the outbox relay reads the stream
    dropTable = table.dropTable;
    base = buildDeps(table.config, { clock });
    // Events only: no execution runs.
    wiring = buildWithdrawalWiring(buildDepositDeps(base), {
      workflow: {
        start: async () => undefined,
        ensureRunning: async () => 'RUNNING',
        resume: async () => undefined,
      },
    });
    const operator = { type: 'OPERATOR' as const, id: 'op' };
    await createPlatform(base, operator, { code: 'PLATFORM', name: 'P' });
    partnerId = (
      await createPartner(base, operator, {
        code: 'SHOP',
        name: 'S',
        type: 'MERCHANT',
        parentCode: 'PLATFORM',
      })
    ).id;
    receiver = await startReceiver();
    await configureWebhook(base, { type: 'SYSTEM', id: 'test' }, partnerId, { url: receiver.url('/w') });
    // The webhook queue (SQS) is down until the test says otherwise.
    const enqueue = base.webhookQueue.enqueue.bind(base.webhookQueue);
    base.webhookQueue.enqueue = async (message, delay) => {
      if (down) throw new Error('queue unavailable');
      return enqueue(message, delay);
    };
  });
  afterAll(async () => {
    await receiver?.close();
    await dropTable();
  });

  it('delivers a withdrawal event published during the outage once the queue is back, exactly once', async () => {
    const at = clock.now().toISOString();
    const w: Withdrawal = {
      partnerId,
      code: 'W261120ABCDEFGH',
      type: 'API',
      network: 'BSC',
      token: 'USDT',
      asset: 'USDT@BSC',
      amount: 10n ** 18n,
      fee: 0n,
      address: '0x000000000000000000000000000000000000dEaD',
      status: 'REQUESTED',
      requiresApproval: false,
      requestedBy: { kind: 'apiKey', id: 'k1' },
      requestHash: 'h',
      createdAt: at,
      updatedAt: at,
      history: [{ status: 'REQUESTED', at }],
    };
    await publishWithdrawalEvent(wiring.deps, w);
    const relay = outboxRelay(base, base.webhooks);
    await relay.poller.drain(); // the stream relay tries while the queue is down

    down = false;
    clock.advance(10 * 60_000);
    await relay.poller.drain();
    await republishUnpublished(relay.deps);
    const consumer = deliveryBatchHandler(() => base);
    const { queue } = localWebhookQueues(base.db, base.config.tableName, clock);
    const pump = new LocalQueuePump({
      queue,
      invoke: (event: SQSEvent) => consumer(event, lambdaContext(functionSpec('deliverWebhooks'))),
    });
    await pump.drain();
    expect(receiver.at('/w').map((r) => (JSON.parse(r.body) as { id: string }).id)).toEqual([
      `WITHDRAWAL_REQUESTED:${w.code}`,
    ]);
  });
});
