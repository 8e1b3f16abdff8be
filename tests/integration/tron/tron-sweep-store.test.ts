import { buildDeps } from '../../../shared/composition/gateway';
import { DynamoTronSweepStore } from '../../../shared/adapters/tron/tron-sweep-store';
import type { TronSweep } from '../../../shared/ports/tron-sweeps';
import { isGatewayError } from '../../../shared/domain/errors';
import { createTestTable } from '../../support/test-env';

/**
 * Two sweep runs may work on one open TRON sweep at once (a withdrawal's requested sweep and the
 * scheduled one). Each step is recorded before it is broadcast, so the record's write decides which
 * run's step goes on chain: a write from a stale read must be refused even when the status is the same.
 */
describe('TRON sweep store under two runs at once', () => {
  let drop: () => Promise<void> = async () => undefined;
  let store: DynamoTronSweepStore;

  beforeAll(async () => {
    const table = await createTestTable('tronsweep');
    drop = table.dropTable;
    const deps = buildDeps(table.config);
    store = new DynamoTronSweepStore(deps.db, table.config.tableName);
  });
  afterAll(async () => drop());

  const sweep: TronSweep = {
    id: 'TRON:TAddr:1',
    network: 'TRON',
    status: 'PREPARING',
    partnerId: 'ptn_1',
    address: 'TAddr',
    walletType: 'HOT',
    hdAccount: 0,
    hdIndex: 1,
    token: 'USDT',
    asset: 'USDT@TRON',
    amount: 25_000_000n,
    destination: 'TMaster',
    depositIds: [], // the claims are tron-sweeps.test.ts's
    steps: [],
    createdAt: '2026-12-07T00:00:00.000Z',
    updatedAt: '2026-12-07T00:00:00.000Z',
  };
  const activation = (txId: string) => ({ kind: 'ACTIVATION' as const, txId, sun: 1_000_000n, paidSun: 0n });

  it('records one run’s step and refuses the other run’s step taken from the same read', async () => {
    await store.create(sweep);
    // Both runs read the sweep (no steps), both sign an activation; each saves as the run does.
    const first = { ...sweep, steps: [activation('a1')], revision: 1 };
    const second = { ...sweep, steps: [activation('b1')], revision: 1 };
    await store.update(sweep.id, 'PREPARING', first);
    const refused = await store.update(sweep.id, 'PREPARING', second).catch((e: unknown) => e);
    expect(isGatewayError(refused, 'CONFLICT')).toBe(true);
    expect((await store.get(sweep.id))?.steps).toEqual([activation('a1')]);
    // The run that read the recorded version goes on.
    await store.update(sweep.id, 'PREPARING', { ...first, energySource: 'OWN', revision: 2 });
    expect((await store.get(sweep.id))?.revision).toBe(2);
  });
});
