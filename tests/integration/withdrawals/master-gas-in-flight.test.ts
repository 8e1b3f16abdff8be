import { Wallet } from 'ethers';
import { fundFromFaucet, sendNativeFromFaucet } from '../../../scripts/local/evm/local-chains';
import { jsonRpc } from '../../../scripts/local/evm/json-rpc';
import { recordMasterFunding } from '../../../shared/app/sweeps/gas-tank-funding';
import { requestWithdrawal } from '../../../shared/app/withdrawals/request-withdrawal';
import { runWithdrawalTask } from '../../../shared/app/withdrawals/withdrawal-lifecycle';
import type { WithdrawalDeps } from '../../../shared/app/withdrawals/deps';
import { buildWithdrawalWiring } from '../../../shared/composition/withdrawals';
import { accounts } from '../../../shared/domain/ledger/accounts';
import { FaultDice } from '../../support/faults/seeded';
import { driveWithdrawal } from '../faults/withdrawal-driver';
import { SweepBench, startSweepChain } from '../sweeps/sweep-support';
import type { SweepChainNode } from '../sweeps/sweep-support';

jest.setTimeout(90_000);

/**
 * Found by the fault campaign (EVM seed 10): two executions prepare at once from a MASTER that holds
 * gas for one transfer. Each sees the other not yet in flight, so each finds MASTER's gas enough; both
 * are signed and broadcast, and the node takes both (each alone is affordable). Once the first is
 * mined, MASTER cannot pay for the second and the node drops it. Tracking re-sends it, the node refuses
 * it for funds — and the withdrawal must then ask for MASTER gas (MasterGasRequest) like a broadcast
 * refused for funds does, or it waits in BROADCASTING forever, its nonce blocking every later one.
 */
describe('a broadcast withdrawal whose MASTER can no longer pay its gas', () => {
  let chain: SweepChainNode;
  let b: SweepBench;

  beforeAll(async () => {
    chain = await startSweepChain('BSC');
    b = new SweepBench(chain);
    await b.setUp();
  });
  afterAll(async () => {
    await jsonRpc(chain.network.rpcUrl, 'evm_setAutomine', [true]).catch(() => undefined);
    await b?.tearDown();
    await chain?.node.stop();
  });

  it('asks for a MASTER top-up when its re-send is refused for funds, and confirms', async () => {
    const gasLow: string[] = [];
    const deps = buildWithdrawalWiring(b.deposits, {
      chains: { BSC: b.chainAdapter },
      sweepTrigger: { requestSweep: async () => undefined },
      alerts: {
        insufficientMasterBalance: async () => undefined,
        masterGasLow: async (a) => void gasLow.push(a.code),
      },
      workflow: () => ({
        start: async () => undefined,
        resume: async () => undefined,
        ensureRunning: async () => 'RUNNING' as const,
      }),
    }).deps;
    const partnerId = b.merchantId;
    const asset = 'USDT@BSC';
    await deps.settings.put(partnerId, {
      addressMode: 'MANUAL_ADDRESS',
      approval: { mode: 'AUTO', thresholdUsdt: 0n },
    });
    const master = (await deps.masterWallet(partnerId, 'BSC')).address;
    // The partner's funds on MASTER (as swept deposits leave them).
    const funds = b.units('10');
    await fundFromFaucet(chain.network, 'USDT', master, funds);
    await b.base.ledger.post({
      id: `test-funding:${partnerId}`,
      kind: 'POSTED',
      reason: 'DEPOSIT',
      cause: { type: 'deposit', id: 'funding' },
      postings: [
        {
          debit: accounts.custody(partnerId, 'MASTER', asset),
          credit: accounts.partnerAvailable(partnerId, asset),
          amount: funds,
        },
      ],
      effectiveAt: b.clock.now().toISOString(),
    });
    // MASTER's gas: what prepare requires for one transfer, and half that again — not two transfers.
    const evm = deps.chain('BSC');
    const estimate = await evm.estimateGas({
      from: master,
      to: evm.tokenAddress('USDT'),
      data: evm.encodeTransfer(Wallet.createRandom().address, b.units('1')),
    });
    const one = ((estimate * BigInt(100 + deps.timings.gasMarginPercent)) / 100n) * (await evm.gasPrice());
    const { hash } = await sendNativeFromFaucet(chain.network, master, one + one / 2n);
    await b.mine(3);
    await recordMasterFunding(b.wiring.funding('BSC'), partnerId, master, hash);

    const codes: string[] = [];
    for (const key of ['first', 'second']) {
      const { withdrawal } = await requestWithdrawal(
        deps,
        { partnerId, requester: { kind: 'user', id: 'usr_requester' }, type: 'MANUAL', idempotencyKey: key },
        { network: 'BSC', token: 'USDT', amount: '1', address: Wallet.createRandom().address },
      );
      codes.push(withdrawal.code);
      await runWithdrawalTask(deps, { task: 'begin', partnerId, code: withdrawal.code });
    }
    // Two executions prepare at once: both read MASTER's in-flight withdrawals before either takes a nonce.
    let arrived = 0;
    let release: () => void = () => undefined;
    const together = new Promise<void>((r) => (release = r));
    const racing: WithdrawalDeps = {
      ...deps,
      withdrawals: new Proxy(deps.withdrawals, {
        get: (target, prop, receiver) => {
          const value = Reflect.get(target, prop, receiver) as unknown;
          if (typeof value !== 'function') return value;
          if (prop !== 'inFlightFrom') return value.bind(target) as unknown;
          return async (...args: Parameters<typeof target.inFlightFrom>) => {
            const seen = await target.inFlightFrom(...args);
            if (++arrived === 2) release();
            await together;
            return seen;
          };
        },
      }),
    };
    await jsonRpc(chain.network.rpcUrl, 'evm_setAutomine', [false]);
    const prepared = await Promise.all(
      codes.map((code) => runWithdrawalTask(racing, { task: 'prepare', partnerId, code })),
    );
    expect(prepared.map((p) => (p as { route: string }).route)).toEqual(['BROADCAST', 'BROADCAST']);
    for (const code of codes) await runWithdrawalTask(deps, { task: 'broadcast', partnerId, code });
    // The first is mined; MASTER cannot pay for the second any more, and the node drops it.
    await jsonRpc(chain.network.rpcUrl, 'evm_mine', []);
    await jsonRpc(chain.network.rpcUrl, 'evm_setAutomine', [true]);

    // The executions go on (WaitForBlocks → track), the sweep process runs between their rounds.
    const dice = new FaultDice(1);
    for (let round = 0; round < 8; round++) {
      for (const code of codes) await driveWithdrawal(deps, partnerId, code, dice, 0, () => b.mine(3));
      await b.run({ chain: b.chainAdapter });
      await b.mine(3);
    }
    const done = await Promise.all(codes.map((code) => deps.withdrawals.get(partnerId, code)));
    expect(done.map((w) => w?.status)).toEqual(['CONFIRMED', 'CONFIRMED']);
    expect(done.map((w) => w?.tx?.nonce).sort()).toEqual([0, 1]);
    expect(
      Number(await jsonRpc<string>(chain.network.rpcUrl, 'eth_getTransactionCount', [master, 'latest'])),
    ).toBe(2);
    expect(gasLow).toEqual([]);
    // MASTER's gas came from the gas tank, booked: its native custody is its balance on chain.
    const custody = await b.base.ledger.balance(accounts.custody(partnerId, 'MASTER', 'BNB@BSC'));
    expect(custody.posted).toBe(await b.chainAdapter.nativeBalance(master));
  });
});
