import { Wallet } from 'ethers';
import { buildWithdrawalWiring, workflowTimings } from '../../../shared/composition/withdrawals';
import { fundFromFaucet, mineBlocks } from '../../../scripts/local/evm/local-chains';
import { jsonRpc } from '../../../scripts/local/evm/json-rpc';
import { DynamoSweepStore } from '../../../shared/adapters/dynamodb/sweep-store';
import { LocalSweepTrigger } from '../../../shared/adapters/local/local-sweep-trigger';
import {
  LocalWithdrawalWorkflow,
  loadWithdrawalDefinition,
} from '../../../shared/adapters/local/local-withdrawal-workflow';
import { runSweeps } from '../../../shared/app/sweeps/run-sweeps';
import { PLATFORM_CUSTODY } from '../../../shared/app/sweeps/sweep-accounting';
import { requestWithdrawal } from '../../../shared/app/withdrawals/request-withdrawal';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { Withdrawal } from '../../../shared/domain/withdrawal/withdrawal';
import { startSweepChain, SweepBench } from '../sweeps/sweep-support';
import type { SweepChainNode } from '../sweeps/sweep-support';

jest.setTimeout(90_000);

/**
 * A withdrawal from a MASTER that holds no native coin: MASTER is topped up from the gas tank by the
 * sweep process (the withdrawal asks with a MasterGasRequest and the sweep trigger), once, and the
 * withdrawal confirms; no masterGasLow alert. With an empty gas tank, masterGasLow is raised, nothing
 * is asked or sent, the withdrawal waits, and the sweep run reports gasTankLow.
 */
describe('MASTER gas is topped up from the gas tank before a withdrawal', () => {
  let chain: SweepChainNode;
  let sweeps: SweepBench;
  let workflow: LocalWithdrawalWorkflow | undefined;
  let trigger: LocalSweepTrigger | undefined;
  let miner: NodeJS.Timeout | undefined;
  const gasLow: { code: string; address: string }[] = [];

  beforeAll(async () => {
    chain = await startSweepChain('BSC');
  });
  afterAll(async () => {
    await chain.node.stop();
  });
  afterEach(async () => {
    if (miner) clearInterval(miner);
    workflow?.stopAll();
    await trigger?.idle();
    await sweeps.tearDown();
    gasLow.length = 0;
  });

  function wire() {
    trigger = new LocalSweepTrigger(async (pid) =>
      runSweeps(
        sweeps.sweepDeps({
          settings: sweeps.settings({ followForMs: 20_000, pollIntervalMs: 100 }),
          sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        }),
        { partnerId: pid },
      ),
    );
    return buildWithdrawalWiring(sweeps.deposits, {
      chains: { BSC: sweeps.chainAdapter },
      sweepTrigger: trigger,
      alerts: {
        insufficientMasterBalance: async () => undefined,
        masterGasLow: async (a) => void gasLow.push({ code: a.code, address: a.address }),
      },
      workflow: (runTask) => {
        workflow = new LocalWithdrawalWorkflow({
          definition: loadWithdrawalDefinition({
            WithdrawalTaskFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:test',
          }),
          runTask,
          timings: workflowTimings(sweeps.base.config),
          waitMs: 50,
          retryIntervalMs: 10,
        });
        return workflow;
      },
    }).deps;
  }

  async function withdraw(deps: ReturnType<typeof wire>, key: string): Promise<Withdrawal> {
    await deps.settings.put(sweeps.merchantId, {
      addressMode: 'MANUAL_ADDRESS',
      approval: { mode: 'AUTO', thresholdUsdt: 0n },
    });
    const { withdrawal } = await requestWithdrawal(
      deps,
      {
        partnerId: sweeps.merchantId,
        requester: { kind: 'user', id: 'usr_requester' },
        type: 'MANUAL',
        idempotencyKey: key,
      },
      { network: 'BSC', token: 'USDT', amount: '98', address: Wallet.createRandom().address },
    );
    return withdrawal;
  }

  /** Native transfers from the gas tank to `to` on the whole chain. */
  async function tankTo(to: string): Promise<bigint[]> {
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
          tx.from.toLowerCase() === sweeps.gasTank.toLowerCase() &&
          tx.to?.toLowerCase() === to.toLowerCase()
        )
          values.push(BigInt(tx.value));
    }
    return values;
  }

  it('tops MASTER up once from the gas tank and confirms the withdrawal; the ledger matches the chain', async () => {
    sweeps = new SweepBench(chain);
    await sweeps.setUp();
    await sweeps.credit(await sweeps.hotAddress(), sweeps.units('100'));
    const deps = wire();
    const master = (await deps.masterWallet(sweeps.merchantId, 'BSC')).address;
    expect(await sweeps.chainAdapter.nativeBalance(master)).toBe(0n);
    miner = setInterval(() => void mineBlocks(chain.network.rpcUrl, 1).catch(() => undefined), 100);

    const withdrawal = await withdraw(deps, 'no-gas');
    let done: Withdrawal | undefined;
    for (let i = 0; i < 400; i++) {
      done = await deps.withdrawals.get(sweeps.merchantId, withdrawal.code);
      if (done?.status === 'CONFIRMED' || done?.status === 'FAILED') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(done?.status).toBe('CONFIRMED');
    expect(gasLow).toEqual([]);
    clearInterval(miner);
    await trigger?.idle();

    // Every open sweep transaction final and booked, then: paid once, ledger = chain.
    for (let i = 0; i < 3; i++) {
      await sweeps.mine(5);
      expect(await sweeps.run()).toMatchObject({ errors: [] });
    }
    const topUps = await tankTo(master);
    expect(topUps).toHaveLength(1);
    const native = sweeps.chainAdapter.nativeAsset;
    const masterCustody = await sweeps.base.ledger.balance(
      accounts.custody(sweeps.merchantId, 'MASTER', native),
    );
    const tankCustody = await sweeps.base.ledger.balance(accounts.custody(PLATFORM_CUSTODY, 'HOT', native));
    expect(masterCustody.posted).toBe(await sweeps.chainAdapter.nativeBalance(master));
    expect(tankCustody.posted).toBe(await sweeps.chainAdapter.nativeBalance(sweeps.gasTank));
    expect(masterCustody.posted).toBe(topUps[0]! - done!.tx!.gasUsed! * done!.tx!.effectiveGasPrice!);
    expect(await sweeps.reconcile(native)).toMatchObject({ status: 'OK' });
  });

  it('with an empty gas tank raises masterGasLow, asks for nothing, waits, and the sweep reports gasTankLow', async () => {
    sweeps = new SweepBench(chain);
    await sweeps.setUp({ fundGasTank: 0n });
    await sweeps.credit(await sweeps.hotAddress(), sweeps.units('100'));
    const deps = wire();
    const master = (await deps.masterWallet(sweeps.merchantId, 'BSC')).address;
    // MASTER holds the tokens (no sweep can run without gas), but no native coin.
    await fundFromFaucet(chain.network, 'USDT', master, sweeps.units('100'));

    const withdrawal = await withdraw(deps, 'tank-empty');
    for (let i = 0; i < 200 && gasLow.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(gasLow[0]).toEqual({ code: withdrawal.code, address: master });
    const waiting = await deps.withdrawals.get(sweeps.merchantId, withdrawal.code);
    expect(waiting?.status).toBe('PROCESSING');
    expect(waiting?.tx).toBeUndefined();
    const store = new DynamoSweepStore(sweeps.base.db, sweeps.base.config.tableName);
    expect(await store.listMasterGasRequests('BSC', 10)).toEqual([]);

    const report = await sweeps.run();
    expect(report.masterTopUpsSent).toBe(0);
    expect(sweeps.alerts.filter((a) => a.type === 'LOW')).toHaveLength(1);
    expect(await tankTo(master)).toEqual([]);
  });
});
