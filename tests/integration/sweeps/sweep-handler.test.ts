import type { Context } from 'aws-lambda';
import { functionSpec } from '../../../functions/catalog';
import type { SweepWiring } from '../../../shared/composition/sweeps';
import { lambdaContext } from '../../../scripts/local/lambda-runtime';
import type { SweepRunReport } from '../../../shared/app/sweeps/run-sweeps';
import { SCHEDULES } from '../../../shared/schedules/schedule-table';
import { createTestTable } from '../../support/test-env';
import { SweepBench, startSweepChain } from './sweep-support';
import type { SweepChainNode } from './sweep-support';

/**
 * The scheduled handler as Lambda (and the local scheduler) runs it: its catalog entry, its schedule
 * rows, configuration from the environment, the process's wiring — on a Polygon stand-in (6 decimals).
 */
type Handler = (event: unknown, context: Context) => Promise<SweepRunReport>;

describe('sweepDeposits handler (Polygon stand-in: 6 decimals)', () => {
  let chain: SweepChainNode;
  let b: SweepBench;
  let handler: Handler;
  let dropTable: () => Promise<void>;
  const invoke = (network: string) =>
    handler(
      { scheduleId: `sweep-deposits-${network.toLowerCase()}`, network },
      lambdaContext(functionSpec('sweepDeposits')),
    );

  beforeAll(async () => {
    chain = await startSweepChain('POLYGON');
    dropTable = (await createTestTable('sweeph')).dropTable;
    Object.assign(process.env, {
      RPC_URL_POLYGON: chain.node.rpcUrl,
      SWEEP_FOLLOW_FOR_MS: '0',
      SWEEP_MIN_AMOUNT: '5',
      NATIVE_PRICE_USD_POLYGON: '0.25',
    });
    handler = ((await import('../../../functions/schedules/sweep-deposits')) as { handler: Handler }).handler;
    const { getSweepWiring } = (await import('../../../shared/composition/sweeps')) as {
      getSweepWiring: () => SweepWiring;
    };
    b = new SweepBench(chain);
    await b.setUp({ wiring: getSweepWiring() });
  });
  afterAll(async () => {
    await dropTable?.();
    await chain?.node.stop();
  });

  it('is scheduled every 5 minutes on both EVM networks and TRON', () => {
    expect(
      SCHEDULES.filter((s) => s.functionName === 'sweepDeposits').map((s) => [
        s.id,
        s.everyMinutes,
        s.input['network'],
      ]),
    ).toEqual([
      ['sweep-deposits-bsc', 5, 'BSC'],
      ['sweep-deposits-polygon', 5, 'POLYGON'],
      ['sweep-deposits-tron', 5, 'TRON'],
    ]);
    expect(functionSpec('sweepDeposits')).toMatchObject({
      kind: 'scheduled',
      usesChains: true,
      grants: ['table:read', 'table:write', 'keyvault:decrypt', 'master:address'],
    });
  });

  it('sweeps a credited Polygon deposit to MASTER and settles it on the next run', async () => {
    const hot = await b.hotAddress('carol');
    const [deposit] = await b.credit(hot, 123_456_789n); // 123.456789 USDT
    const first = await invoke('POLYGON');
    expect(first).toMatchObject({
      network: 'POLYGON',
      topUpsSent: 1,
      approvesSent: 1,
      sweepsSent: 1,
      errors: [],
      gasTank: { low: false },
    });
    await b.mine(3);
    const second = await invoke('POLYGON');
    expect(second).toMatchObject({ settledSweeps: 1, errors: [] });
    expect(await b.deposits.deposits.get(deposit!.id)).toMatchObject({ status: 'SETTLED' });
    const master = (await b.deposits.wallets.partnerWallet(b.merchantId, 'POLYGON', 'MASTER'))!.address;
    expect(await b.tokenBalance(master)).toBe(123_456_789n);
    const { items } = await b.wiring.gasRecords.listByPartnerMonth(
      b.merchantId,
      new Date().toISOString().slice(0, 7),
      { limit: 10 },
    );
    expect(items.map((r) => [r.type, r.nativeAsset])).toEqual(
      expect.arrayContaining([
        ['TOPUP', 'POL@POLYGON'],
        ['APPROVE', 'POL@POLYGON'],
        ['SWEEP', 'POL@POLYGON'],
      ]),
    );
    expect(items.every((r) => r.usdValue !== null)).toBe(true);
    expect((await b.reconcile('USDT@POLYGON')).status).toBe('OK');
    expect((await b.reconcile('POL@POLYGON')).status).toBe('OK');
  });

  it('refuses a schedule without a network (TRON runs the TRON sweeps: tests/integration/tron)', async () => {
    await expect(handler({ scheduleId: 'x' }, lambdaContext(functionSpec('sweepDeposits')))).rejects.toThrow(
      'names no EVM network',
    );
  });
});
