import { DynamoSweepStore } from '../../../shared/adapters/dynamodb/sweep-store';
import { jsonRpc } from '../../../scripts/local/evm/json-rpc';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { MasterGasRequest } from '../../../shared/domain/sweeps/sweep-transaction';
import { PLATFORM_CUSTODY } from '../../../shared/app/sweeps/sweep-accounting';
import { SweepBench, crashAt, startSweepChain } from './sweep-support';
import type { SweepChainNode } from './sweep-support';

jest.setTimeout(60_000);

/**
 * A withdrawal short of MASTER gas asks the sweep process for a top-up (MasterGasRequest); the EVM
 * strategy pays it from the gas tank with a recorded transaction. A run that dies after recording it
 * (before or after the broadcast) leaves the next run to send the same bytes: MASTER is paid once,
 * booked once (gas tank → MASTER native custody, plus the top-up's gas), and the ledger matches the chain.
 */
describe('MASTER gas top-up from the gas tank (sweep process)', () => {
  let chain: SweepChainNode;
  let b: SweepBench;
  let store: DynamoSweepStore;
  let master = '';

  beforeAll(async () => {
    chain = await startSweepChain('BSC');
    b = new SweepBench(chain);
    await b.setUp();
    store = new DynamoSweepStore(b.base.db, b.base.config.tableName);
    master = (await b.sweepDeps().masterWallet(b.merchantId)).address;
  });
  afterAll(async () => {
    await b?.tearDown();
    await chain?.node.stop();
  });

  const request = (code: string, required: bigint): MasterGasRequest => {
    const at = b.clock.now().toISOString();
    return {
      network: 'BSC',
      partnerId: b.merchantId,
      code,
      master,
      token: 'USDT',
      required,
      status: 'REQUESTED',
      createdAt: at,
      updatedAt: at,
    };
  };

  /** Native transfers from the gas tank to MASTER on the whole chain: how often MASTER was really paid. */
  async function tankToMaster(): Promise<bigint[]> {
    const head = Number(await jsonRpc<string>(chain.network.rpcUrl, 'eth_blockNumber', []));
    const values: bigint[] = [];
    for (let n = 0; n <= head; n++) {
      const block = await jsonRpc<{ transactions: { from: string; to: string | null; value: string }[] }>(
        chain.network.rpcUrl,
        'eth_getBlockByNumber',
        [`0x${n.toString(16)}`, true],
      );
      for (const tx of block.transactions)
        if (
          tx.from.toLowerCase() === b.gasTank.toLowerCase() &&
          tx.to?.toLowerCase() === master.toLowerCase()
        )
          values.push(BigInt(tx.value));
    }
    return values;
  }

  async function expectLedgerMatchesChain(): Promise<void> {
    const native = b.chainAdapter.nativeAsset;
    const masterCustody = await b.base.ledger.balance(accounts.custody(b.merchantId, 'MASTER', native));
    const tankCustody = await b.base.ledger.balance(accounts.custody(PLATFORM_CUSTODY, 'HOT', native));
    expect(masterCustody.posted).toBe(await b.chainAdapter.nativeBalance(master));
    expect(tankCustody.posted).toBe(await b.chainAdapter.nativeBalance(b.gasTank));
  }

  /** Runs until nothing is open, mining blocks so what was sent becomes final and is booked. */
  async function settle(): Promise<void> {
    for (let i = 0; i < 5; i++) {
      await b.mine(5);
      await b.run();
    }
  }

  it('pays once when the run dies after recording the top-up, before its broadcast', async () => {
    const required = 3n * 10n ** 15n;
    await store.requestMasterGas(request('W-BEFORE', required));
    const crashed = await b.run({ chain: crashAt(b.chainAdapter, 'broadcast') });
    expect(crashed.masterTopUpsSent).toBe(1);
    expect(await b.chainAdapter.nativeBalance(master)).toBe(0n);
    const [open] = await store.listMasterGasRequests('BSC', 10);
    expect(open?.status).toBe('TOPPING_UP');
    const recorded = await store.getTx(open?.topUpTxId ?? '');
    expect(recorded).toMatchObject({
      status: 'SIGNED',
      type: 'TOPUP',
      walletType: 'MASTER',
      value: required,
    });

    // A second ask for the same withdrawal (its retry) finds the open request: nothing new.
    await store.requestMasterGas(request('W-BEFORE', required));
    const rerun = await b.run();
    expect(rerun.masterTopUpsSent).toBe(0);
    await settle();

    expect(await tankToMaster()).toEqual([required]);
    expect(await b.chainAdapter.nativeBalance(master)).toBe(required);
    expect(await store.getTx(recorded?.id ?? '')).toMatchObject({ status: 'FINAL' });
    expect(await store.listMasterGasRequests('BSC', 10)).toEqual([]);
    await expectLedgerMatchesChain();
  });

  it('pays once when the run dies after the broadcast, before recording it as sent', async () => {
    const required = 5n * 10n ** 15n; // MASTER holds 3e15 from the first case: 2e15 are missing
    await store.requestMasterGas(request('W-AFTER', required));
    const crashed = await b.run({ store: crashAt(b.sweepDeps().store, 'updateTx') });
    expect(crashed.masterTopUpsSent).toBe(1);
    await b.mine(1);
    expect(await b.chainAdapter.nativeBalance(master)).toBe(required);
    await settle();

    expect(await tankToMaster()).toEqual([3n * 10n ** 15n, 2n * 10n ** 15n]);
    expect(await b.chainAdapter.nativeBalance(master)).toBe(required);
    await expectLedgerMatchesChain();
  });

  it('sends nothing when MASTER already holds what the withdrawal requires', async () => {
    await store.requestMasterGas(request('W-COVERED', 10n ** 15n));
    const report = await b.run();
    expect(report.masterTopUpsSent).toBe(0);
    expect(await store.listMasterGasRequests('BSC', 10)).toEqual([]);
    expect(await tankToMaster()).toHaveLength(2);
  });

  it('two runs at once serve one request with one top-up', async () => {
    const before = await b.chainAdapter.nativeBalance(master);
    await store.requestMasterGas(request('W-RACE', before + 10n ** 15n));
    const reports = await Promise.all([b.run(), b.run()]);
    expect(reports.map((r) => r.masterTopUpsSent).sort()).toEqual([0, 1]);
    await settle();
    expect(await tankToMaster()).toEqual([3n * 10n ** 15n, 2n * 10n ** 15n, 10n ** 15n]);
    await expectLedgerMatchesChain();
  });

  it('two withdrawals short on the same MASTER in one round get one top-up of what MASTER lacks', async () => {
    const before = await b.chainAdapter.nativeBalance(master);
    await store.requestMasterGas(request('W-ONE', before + 10n ** 15n));
    await store.requestMasterGas(request('W-TWO', before + 10n ** 15n));
    const report = await b.run();
    expect(report.masterTopUpsSent).toBe(1);
    await settle();
    expect((await tankToMaster()).at(-1)).toBe(10n ** 15n);
    expect(await tankToMaster()).toHaveLength(4);
    expect(await store.listMasterGasRequests('BSC', 10)).toEqual([]);
    await expectLedgerMatchesChain();
  });

  it('records and sends nothing when the gas tank cannot cover the top-up; the run reports gasTankLow', async () => {
    const tank = await b.chainAdapter.nativeBalance(b.gasTank);
    await store.requestMasterGas(request('W-TOO-MUCH', tank + 10n ** 18n));
    b.alerts.length = 0;
    const report = await b.run({ settings: b.settings({ gasTankMinimum: tank + 1n }) });
    expect(report.masterTopUpsSent).toBe(0);
    expect(report.skipped).toContainEqual({ address: master, token: 'USDT', reason: 'GAS_TANK_LOW' });
    expect(b.alerts.map((a) => a.type)).toEqual(['LOW']);
    const [open] = await store.listMasterGasRequests('BSC', 10);
    expect(open).toMatchObject({ code: 'W-TOO-MUCH', status: 'REQUESTED' });
    expect(await b.chainAdapter.nativeBalance(b.gasTank)).toBe(tank);
    expect(await tankToMaster()).toHaveLength(4);
  });

  it('opens a DONE request of the same withdrawal again with its new requirement', async () => {
    await store.requestMasterGas(request('W-BEFORE', 10n ** 15n));
    const reopened = (await store.listMasterGasRequests('BSC', 10)).find((r) => r.code === 'W-BEFORE');
    expect(reopened).toMatchObject({ status: 'REQUESTED', required: 10n ** 15n });
    expect(reopened?.topUpTxId).toBeUndefined();
    // MASTER holds more than that already: served without a transaction.
    await b.run();
    expect((await store.listMasterGasRequests('BSC', 10)).map((r) => r.code)).toEqual(['W-TOO-MUCH']);
    expect(await tankToMaster()).toHaveLength(4);
  });
});
