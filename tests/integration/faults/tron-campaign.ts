import { LOCAL_RENTAL_API_KEY } from '../../../scripts/local/tron/local-tron';
import { DynamoPollerStateStore } from '../../../shared/adapters/dynamodb/poller-state-store';
import { DelegationEnergyProvider } from '../../../shared/adapters/tron/delegation-energy-provider';
import { RentalEnergyProvider } from '../../../shared/adapters/tron/rental-energy-provider';
import { TronChainGateway } from '../../../shared/adapters/tron/tron-chain-gateway';
import { TronCustodyBalanceReader } from '../../../shared/adapters/tron/tron-custody-balance-reader';
import { TronNodeClient } from '../../../shared/adapters/tron/tron-node-client';
import { TronTransferScanner } from '../../../shared/adapters/tron/tron-transfer-scanner';
import type { TronSigner } from '../../../shared/adapters/tron/tron-signer';
import { runDepositPoller } from '../../../shared/app/chains/run-deposit-poller';
import { getDepositAddress } from '../../../shared/app/deposits/deposit-addresses';
import { WalletCustodyReader } from '../../../shared/app/ledger/chain-custody';
import { reconcileLedger } from '../../../shared/app/ledger/reconcile-ledger';
import { createPartner, createPlatform } from '../../../shared/app/partners/manage-partners';
import { gasTankFundingEntry } from '../../../shared/app/sweeps/sweep-accounting';
import { runTronSweeps } from '../../../shared/app/sweeps/run-sweeps';
import type { TronSweepDeps } from '../../../shared/app/sweeps/run-sweeps';
import { buildDeps } from '../../../shared/composition/gateway';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { buildDepositDeps } from '../../../shared/composition/deposits';
import type { DepositDeps } from '../../../shared/composition/deposits';
import { custodyAddressSource } from '../../../shared/composition/reconcile';
import { buildTronSweepWiring } from '../../../shared/composition/tron-sweeps';
import type { EnergyProvider } from '../../../shared/ports/energy';
import type { StoredDeposit } from '../../../shared/ports/deposits';
import { CrashPlan } from '../../support/faults/crash';
import { installDynamoFaults } from '../../support/faults/dynamo-faults';
import { Violations } from '../../support/faults/invariants';
import type { ScenarioResult } from '../../support/faults/invariants';
import { FaultDice } from '../../support/faults/seeded';
import type { FaultKind } from '../../support/faults/seeded';
import { createTestTable } from '../../support/test-env';
import { privateTronChain } from '../tron/tron-test-chain';
import type { TronTestChain } from '../tron/tron-test-chain';
import { deliverWebhooks } from './webhook-deliveries';

const TRX = 1_000_000n;
/** Statuses of a deposit whose credit is booked. */
const CREDITED = ['CONFIRMED', 'COLLECTING', 'COLLECTED', 'SETTLED'];
const OPERATOR = { type: 'OPERATOR' as const, id: 'op' };

/**
 * Transient failures of a port by the dice (an HTTP 5xx or a timeout of the node or the provider,
 * before the call reached it): the call fails and nothing happened.
 */
export function flaky<T extends object>(target: T, dice: FaultDice, kind: FaultKind, p: number): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      const value = Reflect.get(t, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (dice.strike(kind, p)) return Promise.reject(new Error(`injected ${kind} in ${String(prop)}`));
        return (value as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
}

/**
 * One TRON scenario: USDT deposits on a stand-in of the campaign's own (forks before solidification
 * drop or re-include them), detected by the real poller; sweeps with energy from a rental provider that
 * times out, loses its answers after placing (phantom orders) or refuses, and from delegation; node
 * errors, DynamoDB faults, crashes at random step boundaries and duplicate runs. Then faults off, the
 * processes re-run to completion, and the invariants: every deposit on the chain credited and swept
 * once, nothing stuck, one paid order per client order id, USDT custody = liabilities = chain.
 */
export class TronCampaign {
  chain!: TronTestChain;
  private offset = 0;
  /** Time moves on its own, faster than the wall clock; the scheduler's minute between invocations is `minute()`. */
  private readonly clock = { now: () => new Date(Date.now() + (this.offset += 250)) };
  private minute(): void {
    this.offset += 60_000;
  }
  private gateway!: TronChainGateway;

  async start(): Promise<void> {
    this.chain = await privateTronChain();
    this.gateway = new TronChainGateway(this.chain.config, new TronNodeClient(this.chain.url));
  }

  async stop(): Promise<void> {
    await this.chain?.stop();
  }

  async run(seed: number): Promise<ScenarioResult> {
    const dice = new FaultDice(seed);
    const v = new Violations(seed, 'tron');
    const table = await createTestTable('faults-tron');
    const config = { ...table.config, networks: { ...table.config.networks, TRON: this.chain.config } };
    // Time moves on its own, a little faster than the wall clock (the sweeper gives up on energy that
    // never comes after a while, leases of crashed pollers run out), never standing still.
    const base = buildDeps(config, { clock: this.clock });
    const deposits = buildDepositDeps(base);
    installDynamoFaults(base.db, dice);
    installDynamoFaults(Reflect.get(base.ledger, 'db') as typeof base.db, dice);
    try {
      await createPlatform(base, OPERATOR, { code: 'PLATFORM', name: 'P' });
      const partnerId = (
        await createPartner(base, OPERATOR, {
          code: 'SHOP',
          name: 'S',
          type: 'MERCHANT',
          parentCode: 'PLATFORM',
        })
      ).id;
      const wiring = buildTronSweepWiring(deposits, { chain: this.gateway, rental: null });
      const tank = await wiring.gasTank();
      await this.fundTank(base, tank);
      const sent = await this.deposit(base, deposits, dice, partnerId);
      await this.sweep(deposits, wiring, tank, dice, partnerId);
      await deliverWebhooks(base, partnerId, dice, v);
      await this.check(base, deposits, partnerId, sent, v);
    } catch (e) {
      v.add(`scenario did not finish: ${(e as Error).stack ?? String(e)}`);
    } finally {
      dice.enabled = false;
      await this.chain.admin('/admin/rental', { fail: false });
      await table.dropTable();
    }
    return v.result(dice.log);
  }

  /** The gas tank funded (booked from world) and staked, once per chain: later scenarios find it done. */
  private async fundTank(base: GatewayDeps, tank: TronSigner): Promise<void> {
    const funding = await this.chain.sendTrx(tank.address, 20_000n * TRX);
    await this.chain.mine(1);
    await base.ledger.post(
      gasTankFundingEntry('TRON', funding, 'TRX@TRON', 20_000n * TRX, new Date().toISOString()),
    );
    const freeze = await tank.signTransaction(
      await this.gateway.buildFreezeEnergy(tank.address, 15_000n * TRX),
    );
    await this.gateway.broadcast(freeze);
    await this.chain.mine(1);
  }

  private poll(base: GatewayDeps, deposits: DepositDeps, owner: string) {
    return runDepositPoller(
      {
        scanner: new TronTransferScanner(this.chain.config, this.gateway.node),
        state: new DynamoPollerStateStore(base.db, base.config.tableName),
        intake: deposits.intake,
        clock: base.clock,
        sleep: async () => undefined,
      },
      'TRON',
      {
        owner,
        runForMs: 60_000,
        roundIntervalMs: 0,
        leaseTtlMs: 10_000,
        chunkBlocks: 2_000,
        initialLookbackBlocks: 100,
        errorBackoffMs: 1,
        maxBackoffMs: 1,
        maxRounds: 2,
      },
    ).catch(() => undefined);
  }

  private async deposit(base: GatewayDeps, deposits: DepositDeps, dice: FaultDice, partnerId: string) {
    const state = new DynamoPollerStateStore(base.db, base.config.tableName);
    const { solidified } = await this.chain.mine(1);
    await state.advanceCursor('TRON', solidified, new Date());
    const sent: string[] = [];
    const count = 2 + dice.int(3);
    for (let i = 0; i < count; i++) {
      const { address } = await getDepositAddress(deposits, partnerId, {
        userId: `u${i % 2}`,
        network: 'TRON',
      });
      sent.push(await this.chain.sendToken('USDT', address, BigInt(5 + dice.int(30)) * 1_000_000n));
      await this.chain.mine(1);
      await dice.during(async () => {
        await this.poll(base, deposits, `p${i}`);
        if (dice.strike('tron-fork', 0.4))
          await this.chain.admin('/admin/fork', { depth: 1 + dice.int(2), reinclude: dice.next() < 0.5 });
        await this.chain.mine(1);
        await this.poll(base, deposits, `p${i}b`);
      });
    }
    for (let i = 0; i < 6; i++) {
      await this.chain.mine(20);
      this.minute();
      await this.poll(base, deposits, `heal${i}`);
      const open = (await deposits.deposits.list(partnerId, { limit: 100 })).items.filter((d) =>
        ['DETECTED', 'CONFIRMING'].includes(d.status),
      );
      if (open.length === 0) break;
    }
    return sent;
  }

  private async sweep(
    deposits: DepositDeps,
    wiring: ReturnType<typeof buildTronSweepWiring>,
    tank: TronSigner,
    dice: FaultDice,
    partnerId: string,
  ): Promise<void> {
    const rental = new RentalEnergyProvider({
      url: `${this.chain.url}/rental`,
      apiKey: LOCAL_RENTAL_API_KEY,
    });
    const delegation = new DelegationEnergyProvider(this.gateway, tank, { opportunityCostSunPerEnergy: 60n });
    const settings = {
      minimumAmount: () => 1_000_000n,
      activationSun: TRX,
      energyMarginPercent: 10,
      maxGroupsPerRun: 10,
      followForMs: 0,
      pollIntervalMs: 1,
      nativeUsdPrice: '0.25',
    };
    const base = await wiring.deps({ sleep: async () => undefined, settings });
    const attempt = async () => {
      const plan = CrashPlan.draw(dice, 0.35, 40);
      const deps: TronSweepDeps = {
        ...base,
        chain: plan.wrap('chain', flaky(base.chain, dice, 'rpc-5xx', 0.03)),
        store: plan.wrap('store', base.store),
        deposits: plan.wrap('deposits', base.deposits),
        ledger: plan.wrap('ledger', base.ledger),
        gasRecords: plan.wrap('gasRecords', base.gasRecords),
        energy: {
          delegation: plan.wrap('delegation', delegation),
          rental: plan.wrap('rental', flaky<EnergyProvider>(rental, dice, 'energy-timeout', 0.15)),
        },
      };
      await runTronSweeps(deps).catch(() => undefined);
    };
    await dice.during(async () => {
      for (let i = 0; i < 6; i++) {
        // The provider, this round: fine, refusing orders, or placing them and losing the answer.
        const mode = dice.next();
        const phantom = mode < 0.25;
        await this.chain.admin('/admin/rental', {
          fail: phantom ? 'lose-response' : mode < 0.35 ? 'orders' : false,
        });
        const before = (await this.orders()).length;
        const duplicate = dice.strike('duplicate-invocation', 0.3);
        await Promise.all([attempt(), duplicate ? attempt() : null]);
        if (phantom) dice.log.add('energy-phantom-order', (await this.orders()).length - before);
        await this.chain.mine(1);
      }
    });
    await this.chain.admin('/admin/rental', { fail: false });
    const healed: TronSweepDeps = { ...base, energy: { delegation, rental } };
    for (let i = 0; i < 40; i++) {
      const open = (await deposits.deposits.list(partnerId, { limit: 100 })).items.filter(
        (d) => !['SETTLED', 'FAILED'].includes(d.status),
      );
      if (open.length === 0) break;
      await runTronSweeps(healed).catch(() => undefined);
      await this.chain.mine(i % 5 === 4 ? 20 : 1);
    }
  }

  private async orders() {
    return (
      await this.chain.admin<{
        orders: { receiver: string; clientOrderId: string | null; priceSun: string }[];
      }>('/admin/rental/orders', {})
    ).orders;
  }

  private async check(
    base: GatewayDeps,
    deposits: DepositDeps,
    partnerId: string,
    sent: string[],
    v: Violations,
  ): Promise<void> {
    const all: StoredDeposit[] = (await deposits.deposits.list(partnerId, { limit: 100 })).items;
    let expectedIn = 0n;
    for (const hash of sent) {
      const onChain = await this.gateway.transaction(hash);
      const live = all.filter(
        (d) => d.txHash.toLowerCase() === hash.toLowerCase() && CREDITED.includes(d.status),
      );
      if (!onChain || !onChain.success) {
        if (live.length > 0) v.money(live[0]!.amount, `deposit ${hash} credited but not on the chain`);
        continue;
      }
      const amount = all.find((d) => d.txHash.toLowerCase() === hash.toLowerCase())?.amount;
      if (live.length !== 1 || live[0]?.status !== 'SETTLED') {
        const records = all
          .filter((d) => d.txHash.toLowerCase() === hash.toLowerCase())
          .map(
            (d) =>
              `${d.id} ${d.status}${d.failureReason ? `/${d.failureReason} (${d.failureDetail ?? ''})` : ''} block ${d.blockNumber}`,
          );
        v.add(
          `deposit ${hash} (block ${onChain.blockNumber}) credited ${live.length} times; records: ${records.join('; ') || 'none'}`,
        );
      }
      expectedIn += amount ?? 0n;
    }
    for (const d of all)
      if (!['SETTLED', 'FAILED'].includes(d.status)) v.add(`deposit ${d.id} stuck in ${d.status}`);
    // Every order paid once: one order per client order id, and never an order without one.
    const byClientId = new Map<string, number>();
    for (const o of await this.orders()) {
      if (!o.clientOrderId) v.add(`rental order for ${o.receiver} without a client order id`);
      else byClientId.set(o.clientOrderId, (byClientId.get(o.clientOrderId) ?? 0) + 1);
    }
    for (const [id, n] of byClientId) if (n > 1) v.add(`rental order ${id} placed and paid ${n} times`);

    const reports = await reconcileLedger(
      {
        ledger: base.ledger,
        reports: { save: async () => undefined, latest: async () => undefined },
        alerts: { raise: async () => undefined },
        clock: base.clock,
        recheckDelayMs: 0,
        custodyReader: new WalletCustodyReader({
          addresses: custodyAddressSource(deposits),
          balances: { TRON: new TronCustodyBalanceReader(this.gateway, ['USDT']) },
        }),
      },
      ['USDT@TRON', 'TRX@TRON'],
    );
    for (const r of reports) {
      if (r.unbalanced !== 0n) v.add(`${r.asset}: ledger entries unbalanced by ${r.unbalanced}`);
      if (r.ledgerDrift !== 0n)
        v.money(r.ledgerDrift, `${r.asset}: custody − liabilities = ${r.ledgerDrift}`);
      if (r.asset === 'USDT@TRON')
        for (const d of r.custodyDrifts)
          v.money(d.onChain - d.ledger, `${r.asset}: ${d.account} ledger ${d.ledger} ≠ chain ${d.onChain}`);
    }
    const usdt = reports.find((r) => r.asset === 'USDT@TRON');
    if (usdt && usdt.liabilities !== expectedIn)
      v.money(
        usdt.liabilities - expectedIn,
        `USDT@TRON liabilities ${usdt.liabilities} ≠ deposits ${expectedIn}`,
      );
  }
}
