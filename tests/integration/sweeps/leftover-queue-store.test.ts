import { buildDeps } from '../../../shared/composition/gateway';
import { DynamoSweepStore } from '../../../shared/adapters/dynamodb/sweep-store';
import { isGatewayError } from '../../../shared/domain/errors';
import type { SweepApproval, SweepTx } from '../../../shared/domain/sweeps/sweep-transaction';
import { createTestTable } from '../../support/test-env';

/**
 * The leftover queue of the EVM sweep store (ADR 0024) on DynamoDB Local: an approval whose top-up was
 * not dealt with is queued; recording a RETURN takes it out in the same write, and that write is
 * refused as a whole — no record — when another run recorded at the nonce or the approval moved.
 */
describe('EVM sweep store: native leftover queue', () => {
  let drop: () => Promise<void> = async () => undefined;
  let store: DynamoSweepStore;
  const at = '2026-12-07T00:00:00.000Z';
  const hot = '0x00000000000000000000000000000000000000a1';

  beforeAll(async () => {
    const table = await createTestTable('leftoverq');
    drop = table.dropTable;
    store = new DynamoSweepStore(buildDeps(table.config).db, table.config.tableName);
  });
  afterAll(async () => drop());

  const topUp = (id: string, nonce: number): SweepTx => ({
    id,
    type: 'TOPUP',
    network: 'BSC',
    status: 'SIGNED',
    from: '0xtank',
    nonce,
    to: hot,
    data: '0x',
    partnerId: 'ptn_1',
    address: hot,
    walletType: 'HOT',
    token: 'USDT',
    value: 10n,
    amount: 0n,
    depositIds: [],
    attempts: [{ hash: `0xh${nonce}`, raw: '0xr', gasLimit: 21_000n, gasPrice: 1n, signedAt: at }],
    createdAt: at,
    updatedAt: at,
  });
  const returnTx = (nonce: number, value: bigint): SweepTx => ({
    ...topUp(`BSC:${hot}:${nonce}`, nonce),
    type: 'RETURN',
    from: hot,
    to: '0xtank',
    value,
  });

  it('queues a topped-up approval, takes it out with the RETURN record, refuses a second record or a stale approval', async () => {
    const first = topUp('BSC:0xtank:0', 0);
    const approval: SweepApproval = {
      network: 'BSC',
      address: hot,
      token: 'USDT',
      partnerId: 'ptn_1',
      status: 'TOPPING_UP',
      topUpTxId: first.id,
      failures: 0,
      updatedAt: at,
    };
    await store.createRelayerTx({ tx: first, expectedCounter: undefined, approval: { next: approval } });
    await store.markApproved({ ...approval, updatedAt: '2026-12-07T00:01:00.000Z' });
    const [queued] = await store.listLeftoverApprovals('BSC', 10);
    expect(queued).toMatchObject({ address: hot, status: 'APPROVED', topUpTxId: first.id });

    // A stale approval (read before it moved): nothing is written, not even the RETURN record.
    const stale = await store.createReturnTx(returnTx(1, 5n), [approval]).catch((e: unknown) => e);
    expect(isGatewayError(stale, 'CONFLICT')).toBe(true);
    expect(await store.getTx(`BSC:${hot}:1`)).toBeUndefined();
    expect(await store.listLeftoverApprovals('BSC', 10)).toHaveLength(1);

    await store.createReturnTx(returnTx(1, 5n), [queued!]);
    expect(await store.getTx(`BSC:${hot}:1`)).toMatchObject({ type: 'RETURN', status: 'SIGNED', value: 5n });
    expect(await store.listLeftoverApprovals('BSC', 10)).toEqual([]);
    expect(await store.getApproval('BSC', hot, 'USDT')).toMatchObject({ leftoverDoneFor: first.id });

    // Another run at the same nonce (another price, another value): refused.
    const again = await store.createReturnTx(returnTx(1, 4n), []).catch((e: unknown) => e);
    expect(isGatewayError(again, 'CONFLICT')).toBe(true);
    expect((await store.getTx(`BSC:${hot}:1`))?.value).toBe(5n);

    // A new top-up (an approval started over) queues it again.
    const done = (await store.getApproval('BSC', hot, 'USDT'))!;
    await store.failApproval(done, '2026-12-07T00:02:00.000Z');
    const failed = (await store.getApproval('BSC', hot, 'USDT'))!;
    const second = topUp('BSC:0xtank:1', 1);
    await store.createRelayerTx({
      tx: second,
      expectedCounter: 1,
      approval: {
        next: {
          ...failed,
          status: 'TOPPING_UP',
          topUpTxId: second.id,
          updatedAt: '2026-12-07T00:03:00.000Z',
        },
        previous: failed,
      },
    });
    expect(await store.listLeftoverApprovals('BSC', 10)).toEqual([
      expect.objectContaining({ topUpTxId: second.id, status: 'TOPPING_UP' }),
    ]);
    // Not worth it: out of the queue without a record.
    await store.markLeftoverDone(await store.listLeftoverApprovals('BSC', 10));
    expect(await store.listLeftoverApprovals('BSC', 10)).toEqual([]);
  });
});
