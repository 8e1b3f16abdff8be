import { buildDeps } from '../../../shared/composition/gateway';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { buildDepositDeps } from '../../../shared/composition/deposits';
import type { DepositDeps } from '../../../shared/composition/deposits';
import { custodyAddressSource } from '../../../shared/composition/reconcile';
import { buildTronSweepWiring } from '../../../shared/composition/tron-sweeps';
import { DynamoTronSweepStore } from '../../../shared/adapters/tron/tron-sweep-store';
import { buildWithdrawalWiring, workflowTimings } from '../../../shared/composition/withdrawals';
import { RpcMeter } from '../../../shared/adapters/evm/metered-json-rpc-provider';
import {
  LocalWithdrawalWorkflow,
  loadWithdrawalDefinition,
} from '../../../shared/adapters/local/local-withdrawal-workflow';
import { DelegationEnergyProvider } from '../../../shared/adapters/tron/delegation-energy-provider';
import { TronChainGateway } from '../../../shared/adapters/tron/tron-chain-gateway';
import { TronCustodyBalanceReader } from '../../../shared/adapters/tron/tron-custody-balance-reader';
import { TRON_HD_ACCOUNTS } from '../../../shared/adapters/tron/tron-hd-keyring';
import { TronNodeClient } from '../../../shared/adapters/tron/tron-node-client';
import type { TronSigner } from '../../../shared/adapters/tron/tron-signer';
import { WalletCustodyReader } from '../../../shared/app/ledger/chain-custody';
import { reconcileLedger } from '../../../shared/app/ledger/reconcile-ledger';
import { createPartner, createPlatform } from '../../../shared/app/partners/manage-partners';
import { gasTankFundingEntry, masterFundingEntry } from '../../../shared/app/sweeps/sweep-accounting';
import { runTronSweeps } from '../../../shared/app/sweeps/run-sweeps';
import type { TronSweepDeps } from '../../../shared/app/sweeps/run-sweeps';
import { requestWithdrawal } from '../../../shared/app/withdrawals/request-withdrawal';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { WithdrawalWiring } from '../../../shared/composition/withdrawals';
import { createTestTable } from '../../support/test-env';
import { privateTronChain } from '../tron/tron-test-chain';
import type { TronTestChain } from '../tron/tron-test-chain';
import { confirmedTronDeposit } from '../tron/tron-deposit-flow';
import { hdSigningKeyrings } from '../../../shared/composition/hd-signing';

jest.setTimeout(120_000);

const TRX = 1_000_000n;
const OPERATOR = { type: 'OPERATOR' as const, id: 'op' };

/**
 * Custody against the TRON stand-in: a normal day (gas tank funded and staked, deposits swept with
 * delegated energy and by burning after a top-up, a MASTER funding, a withdrawal served with energy
 * delegated to MASTER) reconciles to zero drift on USDT and TRX; a transfer out of MASTER signed with MASTER's own key
 * outside the gateway is drift at exactly that address, in USDT by the amount and in TRX by its fee.
 */
describe('reconciliation against the chain (TRON)', () => {
  let chain: TronTestChain;
  let dropTable: () => Promise<void>;
  let base: GatewayDeps;
  let deposits: DepositDeps;
  let gateway: TronChainGateway;
  let withdrawals: WithdrawalWiring;
  let workflow: LocalWithdrawalWorkflow | undefined;
  let tank: TronSigner;
  let partnerId = '';
  let users = 0;
  const meter = new RpcMeter();

  beforeAll(async () => {
    chain = await privateTronChain();
    const table = await createTestTable('recon-tron');
    dropTable = table.dropTable;
    const config = { ...table.config, networks: { ...table.config.networks, TRON: chain.config } };
    base = buildDeps(config);
    deposits = buildDepositDeps(base);
    gateway = new TronChainGateway(chain.config, new TronNodeClient(chain.url));
    await createPlatform(base, OPERATOR, { code: 'PLATFORM', name: 'P' });
    partnerId = (
      await createPartner(base, OPERATOR, {
        code: 'SHOP',
        name: 'S',
        type: 'MERCHANT',
        parentCode: 'PLATFORM',
      })
    ).id;
    withdrawals = buildWithdrawalWiring(deposits, {
      tronChain: gateway,
      webhooks: { publish: async () => undefined },
      workflow: (runTask) => {
        workflow = new LocalWithdrawalWorkflow({
          definition: loadWithdrawalDefinition({
            WithdrawalTaskFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:test',
          }),
          runTask,
          timings: workflowTimings(config),
          waitMs: 50,
          retryIntervalMs: 10,
        });
        return workflow;
      },
    });
    await withdrawals.deps.settings.put(partnerId, {
      addressMode: 'MANUAL_ADDRESS',
      approval: { mode: 'AUTO', thresholdUsdt: 0n },
    });
    // The gas tank: funded from outside (booked world → its custody once solidified), most of it staked.
    tank = await buildTronSweepWiring(deposits, { chain: gateway, rental: null }).gasTank();
    const funding = await chain.sendTrx(tank.address, 60_000n * TRX);
    await chain.mine(20);
    await base.ledger.post(
      gasTankFundingEntry(
        'TRON',
        funding,
        'TRX@TRON',
        60_000n * TRX,
        (await gateway.transaction(funding))!.blockTime,
      ),
    );
    const freeze = await tank.signTransaction(await gateway.buildFreezeEnergy(tank.address, 50_000n * TRX));
    expect((await gateway.broadcast(freeze)).status).toBe('ACCEPTED');
    await chain.mine(1);
  });

  afterAll(async () => {
    workflow?.stopAll();
    await dropTable?.();
    await chain?.stop();
  });

  const sweepDeps = (energy: TronSweepDeps['energy']) =>
    buildTronSweepWiring(deposits, { chain: gateway, rental: null }).deps({
      energy,
      sleep: async () => undefined,
      settings: {
        minimumAmount: () => TRX,
        activationSun: TRX,
        energyMarginPercent: 10,
        maxGroupsPerRun: 10,
        followForMs: 0,
        pollIntervalMs: 1,
        nativeUsdPrice: '0.25',
      },
    });

  /** A user's deposit, credited, then swept until SETTLED. */
  async function depositAndSweep(amount: bigint, energy: TronSweepDeps['energy']): Promise<void> {
    const to = { partnerId, userId: `user${++users}` };
    const { depositId } = await confirmedTronDeposit(chain, base, deposits, to, amount, gateway.node);
    expect(depositId).toBeDefined();
    const deps = await sweepDeps(energy);
    for (let i = 0; i < 80; i++) {
      expect((await runTronSweeps(deps)).errors).toEqual([]);
      if ((await deposits.deposits.get(depositId!))?.status === 'SETTLED') return;
      await chain.mine(1);
    }
    throw new Error(`deposit ${depositId} did not settle`);
  }

  const reconcile = () =>
    reconcileLedger(
      {
        ledger: base.ledger,
        reports: { save: async () => undefined, latest: async () => undefined },
        alerts: { raise: async () => undefined },
        clock: base.clock,
        recheckDelayMs: 0,
        custodyReader: new WalletCustodyReader({
          addresses: custodyAddressSource(deposits),
          balances: {
            TRON: new TronCustodyBalanceReader(
              new TronChainGateway(chain.config, new TronNodeClient(chain.url, { meter })),
              ['USDT'],
            ),
          },
        }),
      },
      ['USDT@TRON', 'TRX@TRON'],
    );

  let master = '';

  it('a normal day of deposits, sweeps, a MASTER funding and a withdrawal reconciles to zero drift on USDT and TRX', async () => {
    await depositAndSweep(25n * TRX, {
      delegation: new DelegationEnergyProvider(gateway, tank, { opportunityCostSunPerEnergy: 20n }),
    });
    await depositAndSweep(12n * TRX, {}); // no provider: the gas tank tops the address up and it burns TRX
    master = (await deposits.wallets.partnerWallet(partnerId, 'TRON', 'MASTER'))!.address;
    const funding = await chain.sendTrx(master, 100n * TRX);
    await chain.mine(20);
    await base.ledger.post(
      masterFundingEntry(
        'TRON',
        funding,
        partnerId,
        'TRX@TRON',
        100n * TRX,
        (await gateway.transaction(funding))!.blockTime,
      ),
    );

    // MASTER has no energy: the withdrawal asks for it and the sweep runs delegate the stake to MASTER
    // (ADR 0023), then take it back and book its fees once the withdrawal is final.
    const served = await sweepDeps({
      delegation: new DelegationEnergyProvider(gateway, tank, { opportunityCostSunPerEnergy: 20n }),
    });
    const miner = setInterval(() => void chain.mine(1).catch(() => undefined), 30);
    try {
      const { withdrawal } = await requestWithdrawal(
        withdrawals.deps,
        { partnerId, requester: { kind: 'apiKey', id: 'ak_test' }, type: 'API', idempotencyKey: 'day-1' },
        { network: 'TRON', token: 'USDT', amount: '5', address: chain.faucet.address },
      );
      for (;;) {
        const w = await withdrawals.deps.withdrawals.get(partnerId, withdrawal.code);
        if (w?.status === 'CONFIRMED') break;
        expect(['FAILED', 'CANCELLED', 'REJECTED']).not.toContain(w?.status);
        expect((await runTronSweeps(served)).errors).toEqual([]);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      clearInterval(miner);
    }
    const requests = new DynamoTronSweepStore(base.db, base.config.tableName);
    for (let i = 0; i < 20 && (await requests.listOpenMasterEnergy(10)).length > 0; i++) {
      expect((await runTronSweeps(served)).errors).toEqual([]);
      await chain.mine(20);
    }
    expect(await requests.listOpenMasterEnergy(10)).toEqual([]);
    await chain.mine(20);

    meter.reset();
    const [usdt, trx] = await reconcile();
    expect(usdt).toMatchObject({ status: 'OK', onChain: 'MATCHED', custodyDrifts: [], custody: 32n * TRX });
    expect(trx).toMatchObject({ status: 'OK', onChain: 'MATCHED', custodyDrifts: [] });
    // TRON has no batch call: one getaccount and one balanceOf per address (gas tank, MASTER, 2 HOT).
    expect(meter.snapshot().calls).toBe(2 * 4);
  });

  it('reports drift at exactly MASTER’s address when its own key moves USDT out outside the gateway', async () => {
    const row = await deposits.wallets.partnerWallet(partnerId, 'TRON', 'MASTER');
    const key = await hdSigningKeyrings(deposits).tron.signerFor(TRON_HD_ACCOUNTS.MASTER, row!.hdIndex);
    const held = await gateway.tokenBalance('USDT', master);
    const trxLedger = (await base.ledger.balance(accounts.custody(partnerId, 'MASTER', 'TRX@TRON'))).posted;
    const theft = await key.signTransaction(
      await gateway.buildTokenTransfer('USDT', master, chain.faucet.address, 3n * TRX, 100n * TRX),
    );
    expect((await gateway.broadcast(theft)).status).toBe('ACCEPTED');
    await chain.mine(20);
    const fee = (await gateway.transaction(theft.txID))!.feeSun;
    expect(fee).toBeGreaterThan(0n); // MASTER has no energy of its own: it burned TRX

    const [usdt, trx] = await reconcile();
    expect(usdt?.custodyDrifts).toEqual([
      {
        account: accounts.custody(partnerId, 'MASTER', 'USDT@TRON'),
        accounts: [accounts.custody(partnerId, 'MASTER', 'USDT@TRON')],
        addresses: [master],
        ledger: held,
        onChain: held - 3n * TRX,
      },
    ]);
    expect(trx?.custodyDrifts).toEqual([
      {
        account: accounts.custody(partnerId, 'MASTER', 'TRX@TRON'),
        accounts: [accounts.custody(partnerId, 'MASTER', 'TRX@TRON')],
        addresses: [master],
        ledger: trxLedger,
        onChain: trxLedger - fee,
      },
    ]);
  });
});
