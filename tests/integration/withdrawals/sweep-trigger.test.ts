import { Wallet } from 'ethers';
import { buildWithdrawalWiring, workflowTimings } from '../../../shared/composition/withdrawals';
import { mineBlocks, sendNativeFromFaucet } from '../../../scripts/local/evm/local-chains';
import { LocalSweepTrigger } from '../../../shared/adapters/local/local-sweep-trigger';
import {
  LocalWithdrawalWorkflow,
  loadWithdrawalDefinition,
} from '../../../shared/adapters/local/local-withdrawal-workflow';
import { runSweeps } from '../../../shared/app/sweeps/run-sweeps';
import { requestWithdrawal } from '../../../shared/app/withdrawals/request-withdrawal';
import type { Withdrawal } from '../../../shared/domain/withdrawal/withdrawal';
import { startSweepChain, SweepBench } from '../sweeps/sweep-support';
import type { SweepChainNode } from '../sweeps/sweep-support';

jest.setTimeout(90_000);

/**
 * A withdrawal right after a deposit: MASTER does not hold the funds yet (they are still at the deposit
 * address). The withdrawal asks for a sweep of its partner's deposits (SweepTrigger, in-process here as
 * on the local stack) and confirms without any scheduled sweep running.
 */
describe('a withdrawal waiting for MASTER funds triggers a sweep', () => {
  let chain: SweepChainNode;
  let sweeps: SweepBench;
  let workflow: LocalWithdrawalWorkflow | undefined;
  let miner: NodeJS.Timeout | undefined;

  beforeAll(async () => {
    chain = await startSweepChain('BSC');
  });
  afterAll(async () => {
    await chain.node.stop();
  });
  afterEach(async () => {
    if (miner) clearInterval(miner);
    workflow?.stopAll();
    await sweeps.tearDown();
  });

  it('sweeps the partner deposit at once and confirms the withdrawal of the same funds', async () => {
    sweeps = new SweepBench(chain);
    await sweeps.setUp();
    const partnerId = sweeps.merchantId;
    const [deposit] = await sweeps.credit(await sweeps.hotAddress(), sweeps.units('100'));
    if (!deposit) throw new Error('no deposit credited');
    expect(deposit.status).toBe('CONFIRMED');

    const requests: [string, string][] = [];
    const trigger = new LocalSweepTrigger(async (pid, network) => {
      requests.push([pid, network]);
      return runSweeps(
        sweeps.sweepDeps({
          settings: sweeps.settings({ followForMs: 20_000, pollIntervalMs: 100 }),
          sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        }),
        { partnerId: pid },
      );
    });
    const wiring = buildWithdrawalWiring(sweeps.deposits, {
      chains: { BSC: sweeps.chainAdapter },
      sweepTrigger: trigger,
      alerts: { insufficientMasterBalance: async () => undefined, masterGasLow: async () => undefined },
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
    });
    const deps = wiring.deps;
    await deps.settings.put(partnerId, {
      addressMode: 'MANUAL_ADDRESS',
      approval: { mode: 'AUTO', thresholdUsdt: 0n },
    });
    const master = (await deps.masterWallet(partnerId, 'BSC')).address;
    await sendNativeFromFaucet(chain.network, master, 10n ** 19n);
    expect(await sweeps.tokenBalance(master)).toBe(0n);
    miner = setInterval(() => void mineBlocks(chain.network.rpcUrl, 1).catch(() => undefined), 100);

    // The credited deposit (100 USDT less the 1.2 % fee) is withdrawn at once.
    const to = Wallet.createRandom().address;
    const { withdrawal } = await requestWithdrawal(
      deps,
      {
        partnerId,
        requester: { kind: 'user', id: 'usr_requester' },
        type: 'MANUAL',
        idempotencyKey: 'right-away',
      },
      { network: 'BSC', token: 'USDT', amount: '98', address: to },
    );
    let done: Withdrawal | undefined;
    for (;;) {
      done = await deps.withdrawals.get(partnerId, withdrawal.code);
      if (done?.status === 'CONFIRMED' || done?.status === 'FAILED') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(done?.status).toBe('CONFIRMED');
    expect(await sweeps.tokenBalance(to)).toBe(sweeps.units('98'));
    // The funds came through a sweep the withdrawal asked for: of its partner, on its network.
    expect(requests.length).toBeGreaterThan(0);
    expect(new Set(requests.map(([pid, network]) => `${pid}:${network}`))).toEqual(
      new Set([`${partnerId}:BSC`]),
    );
    expect(await sweeps.transfersBetween(deposit.toAddress, master)).toEqual([sweeps.units('100')]);
    expect(await sweeps.tokenBalance(master)).toBe(sweeps.units('2'));
    await trigger.idle();
    expect((await sweeps.deposits.deposits.get(deposit.id))?.sweepTxHash).toBeDefined();
  });
});
