import { DynamoOutboxStore } from '../../../shared/adapters/dynamodb/outbox-store';
import { OutboxWebhookPublisher } from '../../../shared/app/outbox/outbox-webhook-publisher';
import { createPartner, createPlatform } from '../../../shared/app/partners/manage-partners';
import { buildDeps } from '../../../shared/composition/gateway';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { Violations } from '../../support/faults/invariants';
import { FaultDice } from '../../support/faults/seeded';
import { createTestTable, manualClock } from '../../support/test-env';
import { deliverWebhooks } from './webhook-deliveries';

/**
 * The checks of the fault campaign's webhook stage (webhook-deliveries.ts; the EVM, TRON and KMS campaigns
 * run it after their deposits, sweeps and withdrawals, with duplicate and out-of-order SQS deliveries,
 * and their samples assert it delivered everything): a planted breach — an endpoint that never accepts —
 * is seen.
 */
describe('fault campaign: the webhook delivery checks', () => {
  let dropTable: () => Promise<void>;
  let base: GatewayDeps;
  let partnerId = '';
  let seq = 0;

  beforeAll(async () => {
    const table = await createTestTable('faults-sqs');
    dropTable = table.dropTable;
    base = buildDeps(table.config, { clock: manualClock() });
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
  });
  afterAll(() => dropTable());

  /** Deposit events in the outbox, as the deposit intake writes them (not yet relayed). */
  async function recordEvents(count: number): Promise<void> {
    const publisher = new OutboxWebhookPublisher(
      new DynamoOutboxStore(base.db, base.config.tableName),
      base.clock,
    );
    for (let i = 0; i < count; i++) {
      seq += 1;
      await publisher.publish({
        id: `DEPOSIT_CONFIRMED:BSC:0x${seq.toString(16).padStart(64, '0')}:0`,
        type: 'DEPOSIT_CONFIRMED',
        partnerId,
        occurredAt: base.clock.now().toISOString(),
        data: {
          depositCode: `D2611200${seq}`,
          asset: 'USDT@BSC',
          amount: '1000',
          fee: '12',
          netAmount: '988',
          userId: 'user-1',
        },
      });
    }
  }

  it('sees a planted breach: an endpoint that never accepts leaves the events undelivered and dead-lettered', async () => {
    await recordEvents(1);
    const dice = new FaultDice(4);
    const v = new Violations(4, 'sqs');
    await deliverWebhooks(base, partnerId, dice, v, {
      plant: (receiver) => receiver.setDefault('/hook', 'fail'),
    });
    const { violations } = v.result(dice.log);
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/FAULT_SEED=4.*FAILED, not DELIVERED/),
        expect.stringMatching(/dead-lettered/),
        expect.stringMatching(/0 delivered attempts recorded/),
      ]),
    );
  });
});
