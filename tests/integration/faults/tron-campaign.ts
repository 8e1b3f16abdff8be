import { createHash } from 'node:crypto';
import { LOCAL_RENTAL_API_KEY } from '../../../scripts/local/tron/local-tron';
import { DynamoPollerStateStore } from '../../../shared/adapters/dynamodb/poller-state-store';
import { DelegationEnergyProvider } from '../../../shared/adapters/tron/delegation-energy-provider';
import { RentalEnergyProvider } from '../../../shared/adapters/tron/rental-energy-provider';
import { TronChainGateway } from '../../../shared/adapters/tron/tron-chain-gateway';
import {
  ownedSun,
  TronCustodyBalanceReader,
} from '../../../shared/adapters/tron/tron-custody-balance-reader';
import { tronBase58, tronHex } from '../../../shared/adapters/tron/tron-address';
import { TronNodeClient } from '../../../shared/adapters/tron/tron-node-client';
import { TronTransferScanner } from '../../../shared/adapters/tron/tron-transfer-scanner';
import type { TronSigner } from '../../../shared/adapters/tron/tron-signer';
import { DynamoTronSweepStore } from '../../../shared/adapters/tron/tron-sweep-store';
import { runDepositPoller } from '../../../shared/app/chains/run-deposit-poller';
import { getDepositAddress } from '../../../shared/app/deposits/deposit-addresses';
import { WalletCustodyReader } from '../../../shared/app/ledger/chain-custody';
import { reconcileLedger } from '../../../shared/app/ledger/reconcile-ledger';
import { createPartner, createPlatform } from '../../../shared/app/partners/manage-partners';
import { IDEMPOTENCY_LEASE_MS } from '../../../shared/app/idempotency/run-idempotent';
import { gasTankFundingEntry, masterFundingEntry } from '../../../shared/app/sweeps/sweep-accounting';
import { runTronSweeps } from '../../../shared/app/sweeps/run-sweeps';
import type { TronSweepDeps } from '../../../shared/app/sweeps/run-sweeps';
import { requestWithdrawal } from '../../../shared/app/withdrawals/request-withdrawal';
import { accounts } from '../../../shared/domain/ledger/accounts';
import { buildDeps } from '../../../shared/composition/gateway';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { buildDepositDeps } from '../../../shared/composition/deposits';
import type { DepositDeps } from '../../../shared/composition/deposits';
import { custodyAddressSource } from '../../../shared/composition/reconcile';
import { buildTronSweepWiring } from '../../../shared/composition/tron-sweeps';
import { buildWithdrawalWiring } from '../../../shared/composition/withdrawals';
import type { WithdrawalWiring } from '../../../shared/composition/withdrawals';
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
import { checkWithdrawals, driveWithdrawal, healWithdrawals } from './withdrawal-driver';

const TRX = 1_000_000n;
/** Statuses of a deposit whose credit is booked. */
const CREDITED = ['CONFIRMED', 'COLLECTING', 'COLLECTED', 'SETTLED'];
const OPERATOR = { type: 'OPERATOR' as const, id: 'op' };
/** USDT sent to MASTER directly (booked as a deposit) on top of what the sweeps bring. */
const MASTER_FUNDING = 20_000_000n;

/** The TRON sweep process as the campaign runs it: one run under the dice's faults, or a healed one. */
interface SweepProcess {
  faulty(dice: FaultDice): Promise<void>;
  healed(): Promise<void>;
}

/** What the withdrawal stage leaves for the checks. */
interface WithdrawalStage {
  readonly w: WithdrawalWiring;
  readonly master: string;
  /** Block time at the stage's start: the USDT transfers after it are the stage's. */
  readonly since: number;
}

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
        if (dice.strike(kind, p)) {
          const failed = Promise.reject(new Error(`injected ${kind} in ${String(prop)}`));
          // A caller that crashed before awaiting it (a sibling call of a Promise.all threw) abandons it.
          failed.catch(() => undefined);
          return failed;
        }
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
      // The gas tank and the provider serve every scenario on this chain: only what this one did counts.
      const start = { tankSun: await this.owned(tank.address), orders: (await this.orders()).length };
      await this.fundTank(base, tank);
      const sent = await this.deposit(base, deposits, dice, partnerId);
      const sweeps = await this.sweepProcess(wiring, tank, dice);
      await this.sweep(deposits, sweeps, dice, partnerId);
      const stage = await this.withdraw(base, deposits, sweeps, dice, partnerId, v);
      await deliverWebhooks(base, partnerId, dice, v);
      await this.check(base, deposits, partnerId, sent, v, { ...start, tank: tank.address, stage });
    } catch (e) {
      v.add(`scenario did not finish: ${(e as Error).stack ?? String(e)}`);
    } finally {
      dice.enabled = false;
      await this.chain.admin('/admin/rental', { fail: false });
      await table.dropTable();
    }
    return v.result(dice.log);
  }

  /** TRX the account owns (liquid, staked, delegated to others), as the custody reader counts it. */
  private async owned(address: string): Promise<bigint> {
    return ownedSun(await this.gateway.node.post('/wallet/getaccount', { address: tronHex(address) }));
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

  /**
   * The sweep process: deposits swept to MASTER and MASTER energy requests served, with energy from a
   * rental provider that times out, loses its answers after placing (phantom orders) or refuses, and
   * from delegation; node errors, crashes at step boundaries and duplicate runs when faulty.
   */
  private async sweepProcess(
    wiring: ReturnType<typeof buildTronSweepWiring>,
    tank: TronSigner,
    dice: FaultDice,
  ): Promise<SweepProcess> {
    const rental = new RentalEnergyProvider({
      url: `${this.chain.url}/rental`,
      apiKey: LOCAL_RENTAL_API_KEY,
    });
    // The platform's stake priced above the rental (rentals serve) or below it (delegations serve, and
    // are taken back after), drawn per scenario.
    const delegation = new DelegationEnergyProvider(this.gateway, tank, {
      opportunityCostSunPerEnergy: dice.next() < 0.5 ? 20n : 60n,
    });
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
    const attempt = async (dice: FaultDice) => {
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
    const healed: TronSweepDeps = { ...base, energy: { delegation, rental } };
    return {
      faulty: async (dice) => {
        // The provider, this round: fine, refusing orders, or placing them and losing the answer.
        const mode = dice.next();
        const phantom = mode < 0.25;
        await this.chain.admin('/admin/rental', {
          fail: phantom ? 'lose-response' : mode < 0.35 ? 'orders' : false,
        });
        const before = (await this.orders()).length;
        const duplicate = dice.strike('duplicate-invocation', 0.3);
        await Promise.all([attempt(dice), duplicate ? attempt(dice) : null]);
        if (phantom) dice.log.add('energy-phantom-order', (await this.orders()).length - before);
        await this.chain.admin('/admin/rental', { fail: false });
      },
      healed: async () => void (await runTronSweeps(healed).catch(() => undefined)),
    };
  }

  private async sweep(
    deposits: DepositDeps,
    sweeps: SweepProcess,
    dice: FaultDice,
    partnerId: string,
  ): Promise<void> {
    await dice.during(async () => {
      for (let i = 0; i < 6; i++) {
        await sweeps.faulty(dice);
        await this.chain.mine(1);
      }
    });
    for (let i = 0; i < 40; i++) {
      const open = (await deposits.deposits.list(partnerId, { limit: 100 })).items.filter(
        (d) => !['SETTLED', 'FAILED'].includes(d.status),
      );
      if (open.length === 0) break;
      await sweeps.healed();
      await this.chain.mine(i % 5 === 4 ? 20 : 1);
    }
  }

  /**
   * Withdrawals from MASTER (holding what the sweeps brought, 20 USDT sent to it directly, and 5 TRX:
   * less than the fee limit, so it cannot burn for itself): requested (some requests delivered twice)
   * and driven task by task as the state machine would, with crashes, duplicate executions and node
   * errors; each short of energy asks the sweep process (ADR 0023), run between the withdrawal rounds
   * with its own faults, to serve MASTER by delegation, a rental or a burn top-up; forks before
   * solidification among the rounds. Then healed: requests retried, executions re-driven, the sweep
   * process run until every MASTER energy request is DONE.
   */
  private async withdraw(
    base: GatewayDeps,
    deposits: DepositDeps,
    sweeps: SweepProcess,
    dice: FaultDice,
    partnerId: string,
    v: Violations,
  ): Promise<WithdrawalStage> {
    const w = buildWithdrawalWiring(deposits, {
      tronChain: flaky(this.gateway, dice, 'rpc-5xx', 0.03),
      webhooks: { publish: async () => undefined },
      // The campaign runs the tasks itself (no background execution).
      workflow: {
        start: async () => undefined,
        ensureRunning: async () => 'RUNNING',
        resume: async () => undefined,
      },
      // The campaign runs the sweep process itself (its rounds stand for the schedule and the trigger).
      sweepTrigger: { requestSweep: async () => undefined },
      alerts: {
        insufficientMasterBalance: async () => undefined,
        masterGasLow: async (a) =>
          v.add(`masterGasLow raised for ${a.code} though the gas tank could cover it`),
      },
    });
    await w.deps.settings.put(partnerId, {
      addressMode: 'MANUAL_ADDRESS',
      approval: { mode: 'AUTO', thresholdUsdt: 0n },
    });
    const master = (await w.deps.masterWallet(partnerId, 'TRON')).address;
    const since = (await this.gateway.head()).timestamp;
    const trx = await this.chain.sendTrx(master, 5n * TRX);
    await this.chain.sendToken('USDT', master, MASTER_FUNDING);
    await this.chain.mine(20);
    const at = new Date().toISOString();
    await base.ledger.post(masterFundingEntry('TRON', trx, partnerId, 'TRX@TRON', 5n * TRX, at));
    await base.ledger.post({
      id: `campaign-funding:${partnerId}:tron`,
      kind: 'POSTED',
      reason: 'DEPOSIT',
      cause: { type: 'deposit', id: `campaign-funding-${partnerId}` },
      postings: [
        {
          debit: accounts.custody(partnerId, 'MASTER', 'USDT@TRON'),
          credit: accounts.partnerAvailable(partnerId, 'USDT@TRON'),
          amount: MASTER_FUNDING,
        },
      ],
      effectiveAt: at,
    });
    const count = 2 + dice.int(2);
    const inputs = Array.from({ length: count }, (_, i) => ({
      amount: String(1 + dice.int(5)),
      address: tronBase58(
        createHash('sha256').update(`tron-campaign:${dice.seed}:${i}`).digest('hex').slice(0, 40),
      ),
    }));
    const codes = new Set<string>();
    const request = (i: number) =>
      requestWithdrawal(
        w.deps,
        {
          partnerId,
          requester: { kind: 'user', id: 'usr_campaign' },
          type: 'MANUAL',
          idempotencyKey: `campaign-${i}`,
        },
        { network: 'TRON', token: 'USDT', ...inputs[i]! },
      ).then((r) => void codes.add(r.withdrawal.code));
    const mine = async () => void (await this.chain.mine(1));
    const drive = (code: string) => driveWithdrawal(w.deps, partnerId, code, dice, 0.3, mine);
    await dice.during(async () => {
      for (let i = 0; i < count; i++) {
        // An API request retried by the client (same idempotency key), sometimes twice at once.
        const twice = dice.strike('duplicate-request', 0.3);
        await Promise.all([
          request(i).catch(() => undefined),
          twice ? request(i).catch(() => undefined) : null,
        ]);
      }
      for (let round = 0; round < 3; round++) {
        await Promise.all(
          [...codes].map(async (code) => {
            const duplicate = dice.strike('duplicate-invocation', 0.2);
            await Promise.all([drive(code), duplicate ? drive(code) : null]);
          }),
        );
        // The sweep process (its schedule, or the sweep a waiting withdrawal requested) serves the
        // MASTER energy requests, with crashes and duplicate runs of its own.
        await sweeps.faulty(dice);
        if (dice.strike('tron-fork', 0.2))
          await this.chain.admin('/admin/fork', { depth: 1 + dice.int(2), reinclude: dice.next() < 0.5 });
        await this.chain.mine(1 + dice.int(2));
      }
    });
    // Healed: requests the client saw fail are retried with their key past a lease a crash left
    // behind; executions resume from their status; the sweep process keeps running.
    this.offset += IDEMPOTENCY_LEASE_MS + 1_000;
    for (let i = 0; i < count; i++)
      await request(i).catch((e: unknown) => v.add(`request ${i} refused after healing: ${String(e)}`));
    const listed = await w.deps.withdrawals.list(partnerId, { limit: 100 });
    if (listed.items.length !== count)
      v.add(`${listed.items.length} withdrawals recorded for ${count} requests`);
    let round = 0;
    await healWithdrawals(
      w.deps,
      partnerId,
      dice,
      async () => void (await this.chain.mine(20)),
      async () => {
        this.minute();
        await sweeps.healed();
        await this.chain.mine(20);
        // Time passes: an attempt that can never be mined (its reference block forked out, or dropped
        // with it) expires and is replaced, as it would ten minutes on.
        if (++round % 3 === 0) await this.chain.admin('/admin/mine', { advanceMs: 11 * 60_000 });
      },
    );
    // The sweep process runs on until every MASTER energy request is closed (delegations taken back).
    const store = new DynamoTronSweepStore(base.db, base.config.tableName);
    for (let i = 0; i < 20; i++) {
      if ((await store.listOpenMasterEnergy(100)).length === 0) break;
      this.minute();
      await sweeps.healed();
      await this.chain.mine(i % 5 === 4 ? 20 : 1);
    }
    return { w, master, since };
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
    start: {
      readonly tankSun: bigint;
      readonly orders: number;
      readonly tank: string;
      readonly stage: WithdrawalStage;
    },
  ): Promise<void> {
    const paidOut = await this.checkWithdrawals(base, partnerId, v, start);
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
    for (const o of (await this.orders()).slice(start.orders)) {
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
      // TRX: MASTER's (funded, topped up, burned) here; the gas tank's below (it serves every scenario).
      const master = accounts.custody(partnerId, 'MASTER', 'TRX@TRON');
      for (const d of r.custodyDrifts)
        if (r.asset === 'USDT@TRON' || d.account === master)
          v.money(d.onChain - d.ledger, `${r.asset}: ${d.account} ledger ${d.ledger} ≠ chain ${d.onChain}`);
    }
    const usdt = reports.find((r) => r.asset === 'USDT@TRON');
    const expected = expectedIn + MASTER_FUNDING - paidOut;
    if (usdt && usdt.liabilities !== expected)
      v.money(
        usdt.liabilities - expected,
        `USDT@TRON liabilities ${usdt.liabilities} ≠ deposits ${expectedIn} + MASTER funding ${MASTER_FUNDING} − withdrawals ${paidOut}`,
      );
    // The gas tank's TRX moved on chain exactly as its custody in this scenario's ledger.
    const tankLedger = (await base.ledger.balance(accounts.custody('platform', 'HOT', 'TRX@TRON'))).posted;
    const tankMoved = (await this.owned(start.tank)) - start.tankSun;
    if (tankMoved !== tankLedger)
      v.money(
        tankMoved - tankLedger,
        `gas tank TRX moved ${tankMoved} on chain, ${tankLedger} in the ledger`,
      );
  }

  /**
   * Withdrawals: each recorded once, paid at most once — its recipient's balance, and the USDT
   * transfers MASTER → recipient on chain (one when CONFIRMED, none otherwise) — its hold resolved;
   * every MASTER energy request DONE and no delegation to MASTER left in place. Returns what was paid.
   */
  private async checkWithdrawals(
    base: GatewayDeps,
    partnerId: string,
    v: Violations,
    start: { readonly tank: string; readonly stage: WithdrawalStage },
  ): Promise<bigint> {
    const { w, master, since } = start.stage;
    const list = (await w.deps.withdrawals.list(partnerId, { limit: 100 })).items;
    const paidOut = await checkWithdrawals(list, v, {
      tokenBalance: (address) => this.gateway.tokenBalance('USDT', address),
    });
    const token = this.gateway.tokenAddress('USDT');
    const events = (
      (await (
        await fetch(`${this.chain.url}/v1/contracts/${token}/events?limit=200&min_block_timestamp=${since}`)
      ).json()) as { data: { result: { from: string; to: string } }[] }
    ).data.map((e) => ({ from: tronBase58(e.result.from), to: tronBase58(e.result.to) }));
    for (const x of list) {
      const n = events.filter((e) => e.from === master && e.to === x.address).length;
      const expected = x.status === 'CONFIRMED' ? 1 : 0;
      if (n > expected)
        v.money(
          -BigInt(n - expected) * x.amount,
          `withdrawal ${x.code} (${x.status}) sent ${n} times on chain`,
        );
      else if (n !== expected) v.add(`withdrawal ${x.code} CONFIRMED, no transfer on chain`);
      v.saw(`tron-withdrawals-${x.status.toLowerCase()}`);
      const replaced = (x.tx?.attempts.length ?? 1) - 1;
      if (replaced > 0) v.saw('tron-withdrawal-attempts-expired-and-replaced', replaced);
    }
    const available = await base.ledger.balance(accounts.partnerAvailable(partnerId, 'USDT@TRON'));
    if (available.available !== available.posted)
      v.add(`holds unresolved: available ${available.available} ≠ posted ${available.posted}`);
    const store = new DynamoTronSweepStore(base.db, base.config.tableName);
    for (const x of list) {
      const r = await store.getMasterEnergy(partnerId, x.code);
      if (!r) continue;
      v.saw('master-energy-requests');
      v.saw(`master-energy-${(r.energySource ?? 'closed-unserved').toLowerCase()}`);
      if (r.askedAt) v.saw('master-energy-asked-again-after-signing');
      if (r.trxSun) v.saw('master-energy-bandwidth-asked');
      if (r.status !== 'DONE') v.add(`MASTER energy request of ${x.code} left ${r.status}`);
    }
    v.saw('master-energy-rental-orders', (await this.orders()).filter((o) => o.receiver === master).length);
    const delegated = await this.gateway.delegatedEnergySun(start.tank, master);
    if (delegated !== 0n) v.add(`${delegated} sun of the gas tank's stake still delegated to MASTER`);
    return paidOut;
  }
}
