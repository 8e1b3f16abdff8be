import { Contract, JsonRpcProvider, Network, Wallet } from 'ethers';
import { buildWithdrawalWiring, workflowTimings } from '../../../shared/composition/withdrawals';
import type { WithdrawalWiring } from '../../../shared/composition/withdrawals';
import { custodyAddressSource } from '../../../shared/composition/reconcile';
import { mineBlocks, sendNativeFromFaucet } from '../../../scripts/local/evm/local-chains';
import { installMulticall3 } from '../../../scripts/local/evm/multicall';
import { MulticallBalanceReader } from '../../../shared/adapters/evm/multicall-balance-reader';
import {
  LocalWithdrawalWorkflow,
  loadWithdrawalDefinition,
} from '../../../shared/adapters/local/local-withdrawal-workflow';
import { WalletCustodyReader } from '../../../shared/app/ledger/chain-custody';
import { reconcileLedger } from '../../../shared/app/ledger/reconcile-ledger';
import { recordMasterFunding } from '../../../shared/app/sweeps/gas-tank-funding';
import { HD_ACCOUNT } from '../../../shared/app/deposits/deposit-addresses';
import { requestWithdrawal } from '../../../shared/app/withdrawals/request-withdrawal';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { ReconciliationReport } from '../../../shared/ports/reconciliation';
import { SweepBench, startSweepChain } from '../sweeps/sweep-support';
import type { SweepChainNode } from '../sweeps/sweep-support';
import { TEST_CACHE_DIR } from '../evm/evm-test-support';
import { hdSigningKeyrings } from '../../../shared/composition/hd-signing';

/**
 * Custody against the chain on a BSC and a Polygon stand-in of the file's own (anvil with Multicall3 at its canonical
 * address): a normal day (deposits in USDT and USDC, top-ups, approves, sweeps, a MASTER funding and a
 * withdrawal, each booked by the real flows) reconciles to zero drift on both tokens and the native coin; then a
 * transfer out of MASTER signed outside the gateway shows up as drift at exactly that address.
 */
describe.each([
  { code: 'BSC' as const, native: 'BNB@BSC' },
  { code: 'POLYGON' as const, native: 'POL@POLYGON' },
])('reconciliation against the chain ($code)', ({ code, native }) => {
  const USDT = `USDT@${code}`;
  const USDC = `USDC@${code}`;
  const ASSETS = [USDT, USDC, native];
  let chain: SweepChainNode;
  const b = () => bench;
  let bench: SweepBench;
  let reader: MulticallBalanceReader;
  let withdrawals: WithdrawalWiring;
  let workflow: LocalWithdrawalWorkflow;
  let master = '';
  const raised: string[] = [];

  beforeAll(async () => {
    chain = await startSweepChain(code);
    await installMulticall3(chain.network.rpcUrl, TEST_CACHE_DIR);
    bench = new SweepBench(chain);
    await bench.setUp();
    reader = MulticallBalanceReader.connect(chain.config);
    withdrawals = buildWithdrawalWiring(bench.deposits, {
      chains: { [code]: bench.chainAdapter },
      webhooks: { publish: async () => undefined },
      alerts: { insufficientMasterBalance: async () => undefined, masterGasLow: async () => undefined },
      workflow: (runTask) => {
        workflow = new LocalWithdrawalWorkflow({
          definition: loadWithdrawalDefinition({
            WithdrawalTaskFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:test',
          }),
          runTask,
          timings: workflowTimings(bench.base.config),
          waitMs: 50,
          retryIntervalMs: 10,
        });
        return workflow;
      },
    });
    await withdrawals.deps.settings.put(bench.merchantId, {
      addressMode: 'MANUAL_ADDRESS',
      approval: { mode: 'AUTO', thresholdUsdt: 0n },
    });
  }, 60_000);

  afterAll(async () => {
    workflow?.stopAll();
    reader?.close();
    await bench?.tearDown();
    await chain?.node.stop();
  });

  const reconcile = () =>
    reconcileLedger(
      {
        ledger: b().base.ledger,
        reports: { save: async () => undefined, latest: async () => undefined },
        alerts: { raise: async (a) => void (a.type === 'LEDGER_DRIFT' && raised.push(a.asset)) },
        clock: b().clock,
        recheckDelayMs: 0,
        custodyReader: new WalletCustodyReader({
          addresses: custodyAddressSource(b().deposits),
          balances: { [code]: reader },
        }),
      },
      ASSETS,
    );

  const byAsset = (reports: ReconciliationReport[]) => Object.fromEntries(reports.map((r) => [r.asset, r]));

  it('a normal day of deposits, sweeps, a MASTER funding and a withdrawal reconciles to zero drift on USDT, USDC and the native coin', async () => {
    const alice = await b().hotAddress('alice');
    const carol = await b().hotAddress('carol');
    await b().credit(alice, b().units('100'));
    await b().credit(carol, b().units('20'), 'USDC');
    await b().credit(carol, b().units('35'));
    // Sweeps: top-ups from the gas tank, approves paid by the HOT addresses, transferFrom to MASTER.
    expect(await b().run()).toMatchObject({ errors: [] });
    await b().mine(3);
    expect(await b().run()).toMatchObject({ errors: [] });
    master = (await b().deposits.wallets.partnerWallet(b().merchantId, code, 'MASTER'))!.address;
    expect(await b().tokenBalance(master)).toBe(b().units('135'));

    // MASTER pays its own withdrawal gas: an operator funds it, booked once final.
    const { hash } = await sendNativeFromFaucet(chain.network, master, 10n ** 18n);
    await b().mine(3);
    await recordMasterFunding(b().wiring.funding(code), b().merchantId, master, hash);

    // A withdrawal from MASTER, confirmed at finality; its gas is booked against MASTER's native coin.
    const { withdrawal } = await requestWithdrawal(
      withdrawals.deps,
      {
        partnerId: b().merchantId,
        requester: { kind: 'user', id: 'usr_1' },
        type: 'MANUAL',
        idempotencyKey: 'day-1',
      },
      { network: code, token: 'USDT', amount: '30', address: Wallet.createRandom().address },
    );
    const miner = setInterval(() => void mineBlocks(chain.network.rpcUrl, 1).catch(() => undefined), 100);
    try {
      for (;;) {
        const w = await withdrawals.deps.withdrawals.get(b().merchantId, withdrawal.code);
        if (w?.status === 'CONFIRMED') break;
        expect(w?.status).not.toBe('FAILED');
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      clearInterval(miner);
    }
    const confirmed = await withdrawals.deps.withdrawals.get(b().merchantId, withdrawal.code);
    const gas = await b().base.ledger.getEntry(`gas:${code}:${confirmed!.tx!.minedHash}`);
    expect(gas?.postings).toEqual([
      {
        debit: accounts.gas(code, native),
        credit: accounts.custody(b().merchantId, 'MASTER', native),
        amount: confirmed!.tx!.gasUsed! * confirmed!.tx!.effectiveGasPrice!,
      },
    ]);
    await b().mine(3);

    const reports = byAsset(await reconcile());
    for (const asset of ASSETS) {
      expect(reports[asset]).toMatchObject({
        status: 'OK',
        onChain: 'MATCHED',
        custodyDrifts: [],
        ledgerDrift: 0n,
        unbalanced: 0n,
      });
    }
    expect(reports[USDT]?.custody).toBe(b().units('105'));
    expect(raised).toEqual([]);
  }, 120_000);

  it('reports drift at exactly that address when a key outside the gateway moves funds out of MASTER', async () => {
    const before = await b().tokenBalance(master);
    // The MASTER's key, derived from the test's own HD seed, used outside the gateway.
    const wallet = await hdSigningKeyrings(b().deposits).evm.signerFor(
      HD_ACCOUNT.MASTER,
      (await b().deposits.wallets.partnerWallet(b().merchantId, code, 'MASTER'))!.hdIndex,
    );
    const provider = new JsonRpcProvider(chain.network.rpcUrl, Network.from(chain.network.chainId), {
      staticNetwork: true,
    });
    try {
      const token = new Contract(
        chain.network.tokens.USDT.address,
        ['function transfer(address,uint256) returns (bool)'],
        wallet.connect(provider),
      );
      const stolen = b().units('7.5');
      const tx = (await token.getFunction('transfer')(Wallet.createRandom().address, stolen)) as {
        wait(): Promise<{ gasUsed: bigint; gasPrice: bigint }>;
      };
      const receipt = await tx.wait();
      await b().mine(3);

      const reports = byAsset(await reconcile());
      const lower = master.toLowerCase();
      expect(reports[USDT]).toMatchObject({ status: 'DRIFT', onChain: 'DRIFT', ledgerDrift: 0n });
      expect(reports[USDT]?.custodyDrifts).toEqual([
        {
          account: accounts.custody(b().merchantId, 'MASTER', USDT),
          accounts: [accounts.custody(b().merchantId, 'MASTER', USDT)],
          addresses: [lower],
          ledger: before,
          onChain: before - stolen,
        },
      ]);
      // The thief's transaction paid its gas out of MASTER's native coin: drift there too, by exactly that fee.
      const [bnb] = reports[native]?.custodyDrifts ?? [];
      expect(reports[native]?.custodyDrifts).toHaveLength(1);
      expect(bnb).toMatchObject({
        addresses: [lower],
        accounts: [accounts.custody(b().merchantId, 'MASTER', native)],
      });
      expect(bnb!.ledger - bnb!.onChain).toBe(receipt.gasUsed * receipt.gasPrice);
      expect(reports[USDC]).toMatchObject({ status: 'OK', onChain: 'MATCHED' });
      expect(raised.sort()).toEqual([native, USDT].sort());
    } finally {
      provider.destroy();
    }
  }, 60_000);
});
