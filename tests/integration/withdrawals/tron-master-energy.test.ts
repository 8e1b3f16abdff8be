import { LOCAL_RENTAL_API_KEY } from '../../../scripts/local/tron/local-tron';
import { buildDeps } from '../../../shared/composition/gateway';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { buildDepositDeps } from '../../../shared/composition/deposits';
import type { DepositDeps } from '../../../shared/composition/deposits';
import { buildTronSweepWiring } from '../../../shared/composition/tron-sweeps';
import { buildWithdrawalWiring } from '../../../shared/composition/withdrawals';
import type { WithdrawalWiring } from '../../../shared/composition/withdrawals';
import { DelegationEnergyProvider } from '../../../shared/adapters/tron/delegation-energy-provider';
import { RentalEnergyProvider } from '../../../shared/adapters/tron/rental-energy-provider';
import { TronChainGateway } from '../../../shared/adapters/tron/tron-chain-gateway';
import { TronNodeClient } from '../../../shared/adapters/tron/tron-node-client';
import type { TronSigner } from '../../../shared/adapters/tron/tron-signer';
import { DynamoTronSweepStore } from '../../../shared/adapters/tron/tron-sweep-store';
import { createPartner, createPlatform } from '../../../shared/app/partners/manage-partners';
import { gasTankFundingEntry } from '../../../shared/app/sweeps/sweep-accounting';
import { runTronSweeps } from '../../../shared/app/sweeps/run-sweeps';
import type { TronSweepDeps, TronSweepReport } from '../../../shared/app/sweeps/run-sweeps';
import { requestWithdrawal } from '../../../shared/app/withdrawals/request-withdrawal';
import { runWithdrawalTask } from '../../../shared/app/withdrawals/withdrawal-lifecycle';
import type { TaskInput } from '../../../shared/app/withdrawals/withdrawal-lifecycle';
import { accounts } from '../../../shared/domain/ledger/accounts';
import { masterEnergyRequestId } from '../../../shared/domain/sweeps/sweep-transaction';
import type { Withdrawal } from '../../../shared/domain/withdrawal/withdrawal';
import type { TronMasterEnergyRequest } from '../../../shared/ports/tron-sweeps';
import { createTestTable } from '../../support/test-env';
import { privateTronChain } from '../tron/tron-test-chain';
import type { TronTestChain } from '../tron/tron-test-chain';

jest.setTimeout(90_000);

const DEST = 'TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC';
const TRX = 1_000_000n;
const USDT = (n: number) => BigInt(n) * 1_000_000n;
const OPERATOR = { type: 'OPERATOR' as const, id: 'op' };
const NEXT: Record<string, TaskInput['task']> = {
  PROCESS: 'prepare',
  WAIT_FUNDS: 'prepare',
  BROADCAST: 'broadcast',
  TRACK: 'track',
  REPLACE: 'replace',
  CONFIRM: 'confirm',
};

/**
 * A TRON withdrawal whose MASTER has no energy asks the TRON sweep process for it (ADR 0023): the
 * cheapest source serves MASTER — the platform's stake delegated (taken back after), a rental ordered
 * under a client order id derived from the request, or the gas tank's TRX to burn — each step recorded
 * before it is ordered or broadcast, so a crash and a re-run never buy or send twice. Against the TRON
 * stand-in and DynamoDB Local; the withdrawal's tasks are run one by one as the state machine would.
 */
describe('MASTER energy for TRON withdrawals', () => {
  let chain: TronTestChain & { stop(): Promise<void> };
  let dropTable: () => Promise<void>;
  let base: GatewayDeps;
  let depositDeps: DepositDeps;
  let wiring: WithdrawalWiring;
  let gateway: TronChainGateway;
  let tank: TronSigner;
  let store: DynamoTronSweepStore;
  let partners = 0;
  const gasLow: string[] = [];
  const sweepsAsked: string[] = [];

  beforeAll(async () => {
    chain = await privateTronChain();
    const table = await createTestTable('wd-tron-energy');
    dropTable = table.dropTable;
    const config = {
      ...table.config,
      networks: { ...table.config.networks, TRON: chain.config },
      withdrawals: { ...table.config.withdrawals, tronFeeLimitSun: 100n * TRX },
    };
    base = buildDeps(config);
    depositDeps = buildDepositDeps(base);
    gateway = new TronChainGateway(chain.config, new TronNodeClient(chain.url));
    store = new DynamoTronSweepStore(base.db, config.tableName);
    wiring = buildWithdrawalWiring(depositDeps, {
      tronChain: gateway,
      webhooks: { publish: async () => undefined },
      // The tasks are run by the test (no background execution).
      workflow: {
        start: async () => undefined,
        ensureRunning: async () => 'RUNNING',
        resume: async () => undefined,
      },
      sweepTrigger: { requestSweep: async (_p, network) => void sweepsAsked.push(network) },
      alerts: {
        insufficientMasterBalance: async () => undefined,
        masterGasLow: async (a) => void gasLow.push(a.code),
      },
    });
    tank = await buildTronSweepWiring(depositDeps, { chain: gateway, rental: null }).gasTank();
    await createPlatform(base, OPERATOR, { code: 'PLATFORM', name: 'Platform' });
  });
  afterAll(async () => {
    await dropTable();
    await chain.stop();
  });

  /** A partner whose MASTER holds 100 USDT and 5 TRX: less than the fee limit, so it cannot burn. */
  async function partnerWithMaster(): Promise<{ partnerId: string; master: string }> {
    const n = ++partners;
    const partnerId = (
      await createPartner(base, OPERATOR, {
        code: `SHOP${n}`,
        name: `Shop ${n}`,
        type: 'MERCHANT',
        parentCode: 'PLATFORM',
      })
    ).id;
    await wiring.deps.settings.put(partnerId, {
      addressMode: 'MANUAL_ADDRESS',
      approval: { mode: 'AUTO', thresholdUsdt: 0n },
    });
    const master = (await wiring.deps.masterWallet(partnerId, 'TRON')).address;
    await chain.sendTrx(master, 5n * TRX);
    await chain.sendToken('USDT', master, USDT(100));
    await chain.mine(1);
    await base.ledger.post({
      id: `it-funding:${partnerId}:tron`,
      kind: 'POSTED',
      reason: 'DEPOSIT',
      cause: { type: 'deposit', id: `tron-funding-${n}` },
      postings: [
        {
          debit: accounts.custody(partnerId, 'MASTER', 'USDT@TRON'),
          credit: accounts.partnerAvailable(partnerId, 'USDT@TRON'),
          amount: USDT(100),
        },
      ],
      effectiveAt: new Date().toISOString(),
    });
    return { partnerId, master };
  }

  async function withdraw(partnerId: string, amount: string): Promise<string> {
    const { withdrawal } = await requestWithdrawal(
      wiring.deps,
      { partnerId, requester: { kind: 'apiKey', id: 'ak_test' }, type: 'API', idempotencyKey: amount },
      { network: 'TRON', token: 'USDT', amount, address: DEST },
    );
    return withdrawal.code;
  }

  const task = (partnerId: string, code: string, name: TaskInput['task']) =>
    runWithdrawalTask(wiring.deps, { task: name, partnerId, code });

  function sweepDeps(energy: TronSweepDeps['energy'], chainOverride?: TronChainGateway) {
    return buildTronSweepWiring(depositDeps, { chain: chainOverride ?? gateway, rental: null }).deps({
      energy,
      sleep: async () => undefined,
      settings: {
        minimumAmount: () => 1_000_000n,
        activationSun: TRX,
        energyMarginPercent: 10,
        maxGroupsPerRun: 10,
        followForMs: 0,
        pollIntervalMs: 1,
        nativeUsdPrice: '0.25',
      },
    });
  }

  /**
   * Runs the withdrawal's tasks as the state machine would — a sweep run and a block whenever it waits
   * for funds, blocks while it is tracked — until it ends; then sweep runs until its request is DONE.
   */
  async function payOut(
    partnerId: string,
    code: string,
    deps: TronSweepDeps,
  ): Promise<{ withdrawal: Withdrawal; request: TronMasterEnergyRequest; reports: TronSweepReport[] }> {
    const reports: TronSweepReport[] = [];
    let next: TaskInput['task'] = 'begin';
    for (let i = 0; i < 60; i++) {
      const out = await task(partnerId, code, next);
      if (out.route === 'DONE') break;
      if (out.route === 'WAIT_FUNDS') {
        reports.push(await runTronSweeps(deps));
        await chain.mine(1);
      }
      if (out.route === 'TRACK') await chain.mine(20);
      next = NEXT[out.route] as TaskInput['task'];
    }
    const withdrawal = (await wiring.deps.withdrawals.get(partnerId, code)) as Withdrawal;
    expect(withdrawal.status).toBe('CONFIRMED');
    for (let i = 0; i < 30; i++) {
      const request = await store.getMasterEnergy(partnerId, code);
      if (request?.status === 'DONE') return { withdrawal, request, reports };
      reports.push(await runTronSweeps(deps));
      await chain.mine(20);
    }
    throw new Error(`MASTER energy request of ${code} not DONE`);
  }

  /** Funds the gas tank once (booked from world, as npm start does) and stakes most of it for energy. */
  let funded = false;
  async function fundTank(): Promise<void> {
    if (funded) return;
    funded = true;
    const funding = await chain.sendTrx(tank.address, 60_000n * TRX);
    await chain.mine(1);
    await base.ledger.post(
      gasTankFundingEntry('TRON', funding, 'TRX@TRON', 60_000n * TRX, new Date().toISOString()),
    );
    const freeze = await tank.signTransaction(await gateway.buildFreezeEnergy(tank.address, 50_000n * TRX));
    expect((await gateway.broadcast(freeze)).status).toBe('ACCEPTED');
    await chain.mine(1);
  }

  const ordersFor = async (address: string) =>
    (
      await chain.admin<{ orders: { receiver: string; clientOrderId: string | null }[] }>(
        '/admin/rental/orders',
        {},
      )
    ).orders.filter((o) => o.receiver === address);

  /** What the withdrawal's own transfer burned, sun. */
  const burned = async (w: Withdrawal) => (await gateway.transaction(w.tx?.minedHash as string))?.feeSun;

  it('a gas tank too low to cover the burn: masterGasLow and nothing recorded; once it can, a request is recorded (once) and a sweep asked for, with no alert', async () => {
    const { partnerId } = await partnerWithMaster();
    const code = await withdraw(partnerId, '10');
    await task(partnerId, code, 'begin');
    expect((await task(partnerId, code, 'prepare')).route).toBe('WAIT_FUNDS');
    expect(gasLow).toEqual([code]);
    expect(await store.getMasterEnergy(partnerId, code)).toBeUndefined();

    await fundTank();

    sweepsAsked.length = 0;
    expect((await task(partnerId, code, 'prepare')).route).toBe('WAIT_FUNDS');
    expect((await task(partnerId, code, 'prepare')).route).toBe('WAIT_FUNDS'); // a retry finds it
    expect(gasLow).toEqual([code]);
    expect(sweepsAsked).toEqual(['TRON', 'TRON']);
    const request = await store.getMasterEnergy(partnerId, code);
    expect(request).toMatchObject({
      id: masterEnergyRequestId(partnerId, code),
      status: 'REQUESTED',
      revision: 1,
      steps: [],
    });
    expect((await store.listOpenMasterEnergy(100)).map((r) => r.id)).toEqual([request?.id]);
    // Served, paid, and closed (nothing left open for the next tests).
    const delegation = new DelegationEnergyProvider(gateway, tank, { opportunityCostSunPerEnergy: 20n });
    const paid = await payOut(partnerId, code, await sweepDeps({ delegation }));
    expect(paid.request.energySource).toBe('DELEGATION');
    expect(await store.listOpenMasterEnergy(100)).toEqual([]);
  });

  it('delegates the platform’s stake to MASTER — crashes right after the delegation and the undelegation were broadcast: each recorded and sent once, its fee booked once, taken back once — and the withdrawal burns ~0 instead of the fee limit', async () => {
    await fundTank();
    const { partnerId, master } = await partnerWithMaster();
    const code = await withdraw(partnerId, '12');
    // The gas tank spends its free bandwidth first, so the delegation and the undelegation burn TRX.
    for (let i = 0; i < 3; i++) {
      const drain = await tank.signTransaction(
        await gateway.buildTrxTransfer(tank.address, chain.faucet.address, BigInt(i + 1)),
      );
      expect((await gateway.broadcast(drain)).status).toBe('ACCEPTED');
    }
    await chain.mine(1);
    const tankCustody = accounts.custody('platform', 'HOT', 'TRX@TRON');
    const before = {
      chain: (await gateway.account(tank.address)).balanceSun,
      ledger: (await base.ledger.balance(tankCustody)).posted,
    };
    const crashes = new Map([
      ['DelegateResourceContract', ['after']],
      ['UnDelegateResourceContract', ['after']],
    ]);
    const crashing = Object.create(gateway) as TronChainGateway;
    crashing.broadcast = async (tx) => {
      const type = (tx.raw_data as { contract: { type: string }[] }).contract[0]?.type ?? '';
      const out = await gateway.broadcast(tx);
      if (crashes.get(type)?.shift() === 'after')
        throw new Error(`process killed after the ${type} broadcast`);
      return out;
    };
    const deps = await sweepDeps(
      { delegation: new DelegationEnergyProvider(crashing, tank, { opportunityCostSunPerEnergy: 20n }) },
      crashing,
    );
    const { withdrawal, request, reports } = await payOut(partnerId, code, deps);

    expect(reports.flatMap((r) => r.errors)).toEqual([
      expect.stringMatching(/killed after the DelegateResourceContract broadcast/),
      expect.stringMatching(/killed after the UnDelegateResourceContract broadcast/),
    ]);
    // Served by one delegation (other MASTERs' requests may be served by the same runs).
    expect(request.energySource).toBe('DELEGATION');
    const kinds = request.steps.map((s) => s.kind);
    expect(kinds).toEqual(['DELEGATION', 'UNDELEGATION']);
    for (const step of request.steps) {
      const outcome = await gateway.transaction(step.txId as string);
      expect(outcome?.success).toBe(true);
      const entry = await base.ledger.getEntry(`gas:TRON:${step.txId}`);
      expect(outcome?.feeSun).toBeGreaterThan(0n);
      expect(entry?.postings.reduce((n, p) => n + p.amount, 0n)).toBe(outcome?.feeSun);
    }
    // The gas tank's TRX on chain moved exactly as its custody in the ledger: every fee booked, once.
    const after = {
      chain: (await gateway.account(tank.address)).balanceSun,
      ledger: (await base.ledger.balance(tankCustody)).posted,
    };
    expect(after.chain - before.chain).toBe(after.ledger - before.ledger);
    expect(after.chain).toBeLessThan(before.chain);
    expect(await gateway.delegatedEnergySun(tank.address, master)).toBe(0n);
    // The transfer used the delegated energy: nothing burned for it (the fee limit is 100 TRX).
    expect(await burned(withdrawal)).toBeLessThan(TRX);
  });

  it('rents energy for MASTER under a client order id derived from the request: a crash before the order and an answer lost after it still place one order, paid once', async () => {
    await fundTank();
    const { partnerId, master } = await partnerWithMaster();
    const code = await withdraw(partnerId, '13');
    const provider = new RentalEnergyProvider({ url: `${chain.url}/rental`, apiKey: LOCAL_RENTAL_API_KEY });
    let killBeforeOrder = true;
    const rental = Object.create(provider) as RentalEnergyProvider;
    rental.acquire = async (...args) => {
      if (killBeforeOrder) {
        killBeforeOrder = false;
        throw new Error('process killed before the order was placed');
      }
      return provider.acquire(...args);
    };
    const deps = await sweepDeps({
      delegation: new DelegationEnergyProvider(gateway, tank, { opportunityCostSunPerEnergy: 60n }),
      rental,
    });
    await task(partnerId, code, 'begin');
    expect((await task(partnerId, code, 'prepare')).route).toBe('WAIT_FUNDS');
    const first = await runTronSweeps(deps); // records the order, then dies before placing it
    expect(first.errors).toEqual([expect.stringMatching(/killed before the order/)]);
    expect(await ordersFor(master)).toHaveLength(0);
    await chain.admin('/admin/rental', { fail: 'lose-response' });
    try {
      for (let i = 0; i < 3; i++) await runTronSweeps(deps); // placed, its answer lost, asked again
    } finally {
      await chain.admin('/admin/rental', { fail: false });
    }
    expect(await ordersFor(master)).toHaveLength(1);
    const { withdrawal, request, reports } = await payOut(partnerId, code, deps);

    const orders = await ordersFor(master);
    expect(orders).toEqual([
      expect.objectContaining({ clientOrderId: `${masterEnergyRequestId(partnerId, code)}:rental:1` }),
    ]);
    expect(request.energySource).toBe('RENTAL');
    expect(request.steps.map((s) => [s.kind, s.state, s.clientOrderId])).toEqual([
      ['RENTAL', undefined, `${masterEnergyRequestId(partnerId, code)}:rental:1`],
    ]);
    expect(reports.reduce((n, r) => n + r.masterEnergy.DELEGATION + r.masterEnergy.BURN, 0)).toBe(0);
    // Its price is the withdrawal's gas on the partner's records, once.
    const rented = request.steps[0]!;
    expect(rented.paidSun).toBeGreaterThan(0n);
    const month = withdrawal.createdAt.slice(0, 7);
    const records = (await wiring.deps.gasRecords.listByPartnerMonth(partnerId, month, { limit: 100 })).items;
    expect(records.filter((r) => r.nativeAmount === rented.paidSun && r.address === master)).toEqual([
      expect.objectContaining({ type: 'WITHDRAWAL', network: 'TRON', nativeAsset: 'TRX@TRON' }),
    ]);
    expect(await burned(withdrawal)).toBeLessThan(TRX);
  });

  it('burns when no source can serve: the gas tank tops MASTER up with the TRX to burn (recorded before the broadcast, booked once) and the withdrawal is paid', async () => {
    await fundTank();
    const { partnerId, master } = await partnerWithMaster();
    const code = await withdraw(partnerId, '14');
    const deps = await sweepDeps({});
    const tankCustody = accounts.custody('platform', 'HOT', 'TRX@TRON');
    const before = {
      chain: (await gateway.account(tank.address)).balanceSun,
      ledger: (await base.ledger.balance(tankCustody)).posted,
    };
    const { withdrawal, request } = await payOut(partnerId, code, deps);
    const after = {
      chain: (await gateway.account(tank.address)).balanceSun,
      ledger: (await base.ledger.balance(tankCustody)).posted,
    };
    // What the gas tank sent (and burned sending it) is in the ledger, once.
    expect(after.chain - before.chain).toBe(after.ledger - before.ledger);

    expect(request.energySource).toBe('BURN');
    expect(request.steps.map((s) => s.kind)).toEqual(['TOPUP']);
    const topUp = request.steps[0]!;
    const outcome = await gateway.transaction(topUp.txId as string);
    expect(outcome?.success).toBe(true);
    const entry = await base.ledger.getEntry(`gas:TRON:${topUp.txId}`);
    expect(entry?.postings).toContainEqual(
      expect.objectContaining({
        debit: accounts.custody(partnerId, 'MASTER', 'TRX@TRON'),
        credit: accounts.custody('platform', 'HOT', 'TRX@TRON'),
        amount: topUp.sun,
      }),
    );
    expect(topUp.sun).toBeGreaterThan(0n);
    // MASTER burned its own TRX for the transfer (topped up for it), within the fee limit.
    expect(await burned(withdrawal)).toBeGreaterThan(TRX);
    expect(await ordersFor(master)).toEqual([]);
  });

  it('buys nothing for a request the withdrawal no longer needed (MASTER had the energy by the time it signed), and closes it', async () => {
    await fundTank();
    const { partnerId, master } = await partnerWithMaster();
    const code = await withdraw(partnerId, '15');
    await task(partnerId, code, 'begin');
    expect((await task(partnerId, code, 'prepare')).route).toBe('WAIT_FUNDS');
    // Energy reaches MASTER another way before any sweep run serves the request.
    const stake = new DelegationEnergyProvider(gateway, tank, { opportunityCostSunPerEnergy: 20n });
    const asked = (await store.getMasterEnergy(partnerId, code))!.energy;
    await stake.acquire(master, asked); // just what it asked for: the transfer uses most of it
    await chain.mine(1);
    const deps = await sweepDeps({
      delegation: stake,
      rental: new RentalEnergyProvider({ url: `${chain.url}/rental`, apiKey: LOCAL_RENTAL_API_KEY }),
    });
    expect((await task(partnerId, code, 'prepare')).route).toBe('BROADCAST'); // signed
    expect((await task(partnerId, code, 'broadcast')).route).toBe('TRACK');
    await chain.mine(1); // mined (MASTER's energy used), not final yet
    const served = await runTronSweeps(deps);
    expect(served.masterEnergy).toEqual({ DELEGATION: 0, RENTAL: 0, BURN: 0, OWN: 0 });
    expect((await store.getMasterEnergy(partnerId, code))?.energySource).toBe('OWN');
    const { withdrawal, request, reports } = await payOut(partnerId, code, deps);

    expect(request.energySource).toBe('OWN');
    expect(request.steps).toEqual([]);
    expect(await ordersFor(master)).toEqual([]);
    expect(reports.flatMap((r) => r.errors)).toEqual([]);
    expect(await burned(withdrawal)).toBeLessThan(TRX);
    await stake.release({ kind: 'DELEGATION', receiver: master, energy: 0, paidSun: 0n });
  });

  it('serves a request again when the energy MASTER had when it was first served is gone before the withdrawal signed', async () => {
    await fundTank();
    const { partnerId, master } = await partnerWithMaster();
    const code = await withdraw(partnerId, '16');
    await task(partnerId, code, 'begin');
    expect((await task(partnerId, code, 'prepare')).route).toBe('WAIT_FUNDS');
    const stake = new DelegationEnergyProvider(gateway, tank, { opportunityCostSunPerEnergy: 20n });
    await stake.acquire(master, (await store.getMasterEnergy(partnerId, code))!.energy);
    await chain.mine(1);
    const deps = await sweepDeps({ delegation: stake });
    await runTronSweeps(deps); // MASTER has it: nothing bought
    expect((await store.getMasterEnergy(partnerId, code))?.energySource).toBe('OWN');
    // Gone before the withdrawal signed (taken back, or used by another transfer).
    await stake.release({ kind: 'DELEGATION', receiver: master, energy: 0, paidSun: 0n });
    await chain.mine(1);

    const { withdrawal, request } = await payOut(partnerId, code, deps);
    expect(request.steps.map((s) => s.kind)).toEqual(['DELEGATION', 'UNDELEGATION']);
    expect(await burned(withdrawal)).toBeLessThan(TRX);
    expect(await gateway.delegatedEnergySun(tank.address, master)).toBe(0n);
  });

  it('a signed attempt the node refuses for want of bandwidth asks again: the gas tank tops MASTER up (booked once final, while the withdrawal still waits), the same bytes are sent, no masterGasLow', async () => {
    await fundTank();
    const { partnerId, master } = await partnerWithMaster();
    const code = await withdraw(partnerId, '17');
    await task(partnerId, code, 'begin');
    expect((await task(partnerId, code, 'prepare')).route).toBe('WAIT_FUNDS');
    const stake = new DelegationEnergyProvider(gateway, tank, { opportunityCostSunPerEnergy: 20n });
    await stake.acquire(master, (await store.getMasterEnergy(partnerId, code))!.energy);
    await chain.mine(1);
    expect((await task(partnerId, code, 'prepare')).route).toBe('BROADCAST'); // signed: it had the energy
    const signed = (await wiring.deps.withdrawals.get(partnerId, code))!.tx!.attempts[0]!;
    // Before it is sent, MASTER spends its free bandwidth and its TRX (two transfers on free bandwidth).
    const masterSigner = await wiring.deps.tron!.signer(partnerId);
    for (const sun of [1n, (await gateway.account(master)).balanceSun - 1n]) {
      const spend = await masterSigner.signTransaction(
        await gateway.buildTrxTransfer(master, chain.faucet.address, sun),
      );
      expect((await gateway.broadcast(spend)).status).toBe('ACCEPTED');
    }
    await chain.mine(1);
    expect((await gateway.account(master)).balanceSun).toBe(0n);

    const gasLowBefore = gasLow.length;
    expect((await task(partnerId, code, 'broadcast')).route).toBe('WAIT_FUNDS'); // BANDWITH_ERROR
    const asked = (await store.getMasterEnergy(partnerId, code))!;
    expect(asked.askedAt).toBeDefined();
    expect(asked.trxSun).toBeGreaterThan(0n);
    const deps = await sweepDeps({ delegation: stake });
    const served = await runTronSweeps(deps); // tops MASTER up with the TRX for its bandwidth
    expect(served.errors).toEqual([]);
    const topUp = (await store.getMasterEnergy(partnerId, code))!.steps.find((s) => s.kind === 'TOPUP');
    expect(topUp?.sun).toBe(asked.trxSun);
    await chain.mine(20); // final
    await runTronSweeps(deps);
    const open = (await store.getMasterEnergy(partnerId, code))!;
    expect(open.status).not.toBe('DONE');
    expect(open.answeredAt! >= open.askedAt!).toBe(true);
    // Booked at its finality, before the withdrawal is over (MASTER's TRX custody follows the chain).
    expect((await base.ledger.getEntry(`gas:TRON:${topUp!.txId}`))?.postings).toContainEqual(
      expect.objectContaining({
        debit: accounts.custody(partnerId, 'MASTER', 'TRX@TRON'),
        amount: topUp!.sun,
      }),
    );

    const { withdrawal, request } = await payOut(partnerId, code, deps);
    expect(withdrawal.tx?.attempts.map((a) => a.hash)).toEqual([signed.hash]);
    expect(request.steps.map((s) => s.kind)).toEqual(['TOPUP']);
    expect(gasLow.slice(gasLowBefore)).toEqual([]);
    await stake.release({ kind: 'DELEGATION', receiver: master, energy: 0, paidSun: 0n });
  });

  it('asks again when it needs more than its open request asked (another transfer went ahead of it): served for the larger need instead of waiting for ever', async () => {
    await fundTank();
    const { partnerId, master } = await partnerWithMaster();
    const code = await withdraw(partnerId, '18');
    await task(partnerId, code, 'begin');
    expect((await task(partnerId, code, 'prepare')).route).toBe('WAIT_FUNDS');
    const first = (await store.getMasterEnergy(partnerId, code))!;
    // Served with what it asked, then another transfer from MASTER (signed before it) is in flight:
    // it now needs energy for both.
    const stake = new DelegationEnergyProvider(gateway, tank, { opportunityCostSunPerEnergy: 20n });
    const deps = await sweepDeps({ delegation: stake });
    await runTronSweeps(deps);
    await chain.mine(1);
    const ahead = await withdraw(partnerId, '3');
    await task(partnerId, ahead, 'begin');
    expect((await task(partnerId, ahead, 'prepare')).route).toBe('BROADCAST'); // signed on that energy
    const waiting = await task(partnerId, code, 'prepare');
    expect(waiting.route).toBe('WAIT_FUNDS');
    const raised = (await store.getMasterEnergy(partnerId, code))!;
    expect(raised.energy).toBe(first.energy * 2);
    expect(raised.energySource).toBeUndefined();
    await runTronSweeps(deps); // served again, for the missing half
    await chain.mine(1);
    const resources = await gateway.resources(master);
    expect(resources.energyAvailable).toBeGreaterThanOrEqual(raised.energy);
    const { withdrawal } = await payOut(partnerId, code, deps);
    expect(await burned(withdrawal)).toBeLessThan(TRX);
    // The transfer ahead had counted on the delegation the first request took back when it closed: its
    // signed attempt was refused, it asked again, and was served (no masterGasLow for either).
    const gasLowBefore = gasLow.length;
    const second = await payOut(partnerId, ahead, deps);
    expect(second.request.askedAt).toBeDefined();
    expect(gasLow.slice(gasLowBefore)).toEqual([]);
    expect(await gateway.delegatedEnergySun(tank.address, master)).toBe(0n);
  });
});
