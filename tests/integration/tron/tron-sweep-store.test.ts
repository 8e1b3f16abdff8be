import { buildDeps } from '../../../shared/composition/gateway';
import { DynamoTronSweepStore } from '../../../shared/adapters/tron/tron-sweep-store';
import type {
  TronLeftoverReturn,
  TronMasterEnergyRequest,
  TronSweep,
} from '../../../shared/ports/tron-sweeps';
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

  it('MASTER energy requests: one per withdrawal, a step from a stale read refused, DONE closed for good', async () => {
    const at = '2026-12-07T00:00:00.000Z';
    const asked: TronMasterEnergyRequest = {
      id: 'TRON#ptn_1#W1',
      network: 'TRON',
      partnerId: 'ptn_1',
      code: 'W1',
      master: 'TMaster',
      energy: 71_500,
      status: 'REQUESTED',
      steps: [],
      revision: 1,
      createdAt: at,
      updatedAt: at,
    };
    const first = await store.requestMasterEnergy(asked);
    // A retry of the withdrawal finds the stored one (not a second request, not an error).
    expect(await store.requestMasterEnergy({ ...asked, energy: 1, createdAt: 'later' })).toEqual(first);
    const order = { kind: 'RENTAL' as const, state: 'ORDERING' as const, sun: 0n, paidSun: 0n };
    const serving = await store.updateMasterEnergy('REQUESTED', {
      ...first,
      status: 'SERVING',
      steps: [{ ...order, clientOrderId: 'TRON#ptn_1#W1:rental:1' }],
      revision: 2,
    });
    // Another run that read the same request orders nothing: its write is refused.
    const stale = store.updateMasterEnergy('REQUESTED', {
      ...first,
      status: 'SERVING',
      steps: [{ ...order, clientOrderId: 'other' }],
      revision: 2,
    });
    expect(isGatewayError(await stale.catch((e: unknown) => e), 'CONFLICT')).toBe(true);
    expect((await store.getMasterEnergy('ptn_1', 'W1'))?.steps).toEqual(serving.steps);
    expect((await store.listOpenMasterEnergy(10)).map((r) => r.id)).toEqual(['TRON#ptn_1#W1']);
    const done = await store.updateMasterEnergy('SERVING', { ...serving, status: 'DONE', revision: 3 });
    expect(await store.listOpenMasterEnergy(10)).toEqual([]);
    const reopened = await store
      .updateMasterEnergy('DONE', { ...done, status: 'SERVING', revision: 4 })
      .catch((e: unknown) => e);
    expect(isGatewayError(reopened, 'ILLEGAL_TRANSITION')).toBe(true);
  });

  it('TRX leftovers: a sweep that sent TRX queues its address when it closes; a return takes the address’s lock and its entries in one write', async () => {
    const address = 'TLeft';
    const at = '2026-12-07T01:00:00.000Z';
    const paid: TronSweep = { ...sweep, id: 'TRON:TLeft:1', address, steps: [activation('l1')] };
    const plain: TronSweep = { ...sweep, id: 'TRON:TLeft:2', address, steps: [] };
    const close = async (s: TronSweep) => {
      await store.update(s.id, 'PREPARING', { ...s, status: 'SIGNED', revision: 1 });
      await store.update(s.id, 'SIGNED', { ...s, status: 'EXPIRED', revision: 2 });
      await store.update(s.id, 'EXPIRED', { ...s, status: 'DROPPED', revision: 3, updatedAt: at });
    };
    await store.create(paid);
    await close(paid);
    const queued = (await store.listLeftovers(10)).filter((e) => e.address === address);
    expect(queued).toEqual([{ address, sweepId: paid.id, key: `${at}#${address}` }]);

    const ret: TronLeftoverReturn = {
      id: 'TRON:RETURN:r1',
      network: 'TRON',
      status: 'SIGNED',
      partnerId: 'ptn_1',
      address,
      walletType: 'HOT',
      to: 'TTank',
      sun: 5_000_000n,
      costSun: 268_000n,
      signed: { txID: 'r1', raw_data: {}, raw_data_hex: '00', signature: ['s'] },
      txId: 'r1',
      revision: 1,
      createdAt: at,
      updatedAt: at,
    };
    // An open sweep holds the address: no return is recorded, the entry stays queued.
    await store.create(plain);
    const blocked = await store.createReturn(ret, queued).catch((e: unknown) => e);
    expect(isGatewayError(blocked, 'CONFLICT')).toBe(true);
    expect(await store.listOpenReturns(10)).toEqual([]);
    await close(plain); // no TRX sent: nothing queued
    expect((await store.listLeftovers(10)).filter((e) => e.address === address)).toEqual(queued);

    await store.createReturn(ret, queued);
    expect((await store.listLeftovers(10)).filter((e) => e.address === address)).toEqual([]);
    expect((await store.listOpenReturns(10)).map((r) => r.id)).toEqual([ret.id]);
    // A second run's return from the same read, and a sweep, are refused while it is open.
    const twice = await store
      .createReturn({ ...ret, id: 'TRON:RETURN:r2', txId: 'r2' }, queued)
      .catch((e: unknown) => e);
    expect(isGatewayError(twice, 'CONFLICT')).toBe(true);
    const third: TronSweep = { ...sweep, id: 'TRON:TLeft:3', address };
    expect(isGatewayError(await store.create(third).catch((e: unknown) => e), 'CONFLICT')).toBe(true);

    // Expired unmined: closed, the lock freed and the address queued again.
    const expired = await store.updateReturn('SIGNED', { ...ret, status: 'EXPIRED', revision: 2 });
    const later = '2026-12-07T02:00:00.000Z';
    await store.updateReturn('EXPIRED', { ...expired, status: 'DROPPED', revision: 3, updatedAt: later });
    expect(await store.listOpenReturns(10)).toEqual([]);
    expect((await store.listLeftovers(10)).filter((e) => e.address === address)).toEqual([
      { address, sweepId: ret.id, key: `${later}#${address}` },
    ]);
    await store.create(third);
  });
});
