import { getDeps } from '../../../shared/composition/gateway';
import { getDepositDeps } from '../../../shared/composition/deposits';
import { buildTronSweepWiring } from '../../../shared/composition/tron-sweeps';
import {
  LOCAL_RENTAL_API_KEY,
  LOCAL_RENTAL_PRICE_SUN_PER_ENERGY,
} from '../../../scripts/local/tron/local-tron';
import { DynamoGasRecordStore } from '../../../shared/adapters/dynamodb/gas-record-store';
import { DelegationEnergyProvider } from '../../../shared/adapters/tron/delegation-energy-provider';
import { RentalEnergyProvider } from '../../../shared/adapters/tron/rental-energy-provider';
import { TronChainGateway } from '../../../shared/adapters/tron/tron-chain-gateway';
import { runTronSweeps } from '../../../shared/app/sweeps/run-sweeps';
import type { TronSweepDeps, TronSweepReport } from '../../../shared/app/sweeps/run-sweeps';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { TronSigner } from '../../../shared/adapters/tron/tron-signer';
import type { EnergyProvider } from '../../../shared/ports/energy';
import type { TronSweep } from '../../../shared/ports/tron-sweeps';
import { createTestTable } from '../../support/test-env';
import { privateTronChain } from './tron-test-chain';
import type { TronTestChain } from './tron-test-chain';
import { confirmedTronDeposit, fundedGasTank, platformAndShop } from './tron-deposit-flow';

const TRX = 1_000_000n;

/**
 * TRON sweeps against the stand-in (its own instance, blocks mined by the test): an address that was
 * never activated gets TRX from the gas tank, energy comes from the cheapest source that works
 * (delegation of the platform's stake, reclaimed after the sweep; a rental; or burning), the HOT key
 * sends USDT to MASTER, and custody and gas are booked once at solidification.
 */
describe('TRON sweeps', () => {
  let chain: TronTestChain;
  let gateway: TronChainGateway;
  let dropTable: () => Promise<void>;
  let partnerId: string;
  let tank: TronSigner;
  let users = 0;

  beforeAll(async () => {
    dropTable = (await createTestTable('tron-sweeps')).dropTable;
    chain = await privateTronChain();
    gateway = new TronChainGateway(
      chain.config,
      new (await import('../../../shared/adapters/tron/tron-node-client')).TronNodeClient(chain.url),
    );
    partnerId = await platformAndShop(getDeps());
    // The gas tank funded (booked from world, as npm start does), most of it staked for energy.
    tank = await fundedGasTank(chain, gateway, getDeps(), getDepositDeps(), 60_000n, 50_000n);
  });
  afterAll(async () => {
    await chain.stop();
    await dropTable();
  });

  function sweepDeps(energy: TronSweepDeps['energy']): Promise<TronSweepDeps> {
    return buildTronSweepWiring(getDepositDeps(), { chain: gateway, rental: null }).deps({
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

  const delegation = (costSunPerEnergy: bigint) =>
    new DelegationEnergyProvider(gateway, tank, { opportunityCostSunPerEnergy: costSunPerEnergy });
  const rental = () => new RentalEnergyProvider({ url: `${chain.url}/rental`, apiKey: LOCAL_RENTAL_API_KEY });

  /** A user's HOT address with a credited USDT deposit on it. */
  async function creditedDeposit(amount: bigint): Promise<{ address: string; depositId: string }> {
    const to = { partnerId, userId: `user${++users}` };
    const { address, depositId } = await confirmedTronDeposit(chain, getDeps(), getDepositDeps(), to, amount);
    expect(depositId).toBeDefined();
    return { address, depositId: depositId! };
  }

  /** Sweep runs with a block between them until the deposit settles. */
  async function sweepUntilSettled(deps: TronSweepDeps, depositId: string): Promise<TronSweepReport[]> {
    const reports: TronSweepReport[] = [];
    for (let i = 0; i < 80; i++) {
      const report = await runTronSweeps(deps);
      reports.push(report);
      expect(report.errors).toEqual([]);
      if ((await getDepositDeps().deposits.get(depositId))?.status === 'SETTLED') return reports;
      await chain.mine(1);
    }
    throw new Error(`deposit ${depositId} did not settle`);
  }

  const sum = (reports: TronSweepReport[], key: 'DELEGATION' | 'RENTAL' | 'BURN') =>
    reports.reduce((n, r) => n + r.energy[key], 0);

  it('activates an unactivated HOT address, delegates staked energy, sweeps to MASTER, reclaims the delegation and books custody once', async () => {
    const { address, depositId } = await creditedDeposit(25_000_000n);
    expect((await gateway.account(address)).exists).toBe(false); // a TRC-20 transfer does not activate

    const deps = await sweepDeps({ delegation: delegation(20n), rental: rental() });
    const reports = await sweepUntilSettled(deps, depositId);

    expect(sum(reports, 'DELEGATION')).toBe(1);
    expect((await gateway.account(address)).exists).toBe(true);
    const master = await deps.masterWallet(partnerId);
    expect(await gateway.tokenBalance('USDT', master.address)).toBe(25_000_000n);
    expect(await gateway.tokenBalance('USDT', address)).toBe(0n);
    expect(await gateway.delegatedEnergySun(tank.address, address)).toBe(0n); // reclaimed
    const deposit = await getDepositDeps().deposits.get(depositId);
    expect(deposit).toMatchObject({ status: 'SETTLED' });
    expect(deposit?.sweepTxHash).toMatch(/^[0-9a-f]{64}$/);

    const ledger = getDeps().ledger;
    expect((await ledger.balance(accounts.custody(partnerId, 'MASTER', 'USDT@TRON'))).posted).toBe(
      25_000_000n,
    );
    expect((await ledger.balance(accounts.custody(partnerId, 'HOT', 'USDT@TRON'))).posted).toBe(0n);
    // The activation: 1 TRX moved to the address, the 1 TRX account-creation fee (+ bandwidth) expensed.
    expect((await ledger.balance(accounts.custody(partnerId, 'HOT', 'TRX@TRON'))).posted).toBe(TRX);
    expect((await ledger.balance(accounts.gas('TRON', 'TRX@TRON'))).posted).toBeGreaterThanOrEqual(TRX);

    // Running again books nothing twice.
    await runTronSweeps(deps);
    expect((await ledger.balance(accounts.custody(partnerId, 'MASTER', 'USDT@TRON'))).posted).toBe(
      25_000_000n,
    );
    const month = new Date().toISOString().slice(0, 7);
    const records = (
      await new DynamoGasRecordStore(getDeps().db, getDeps().config.tableName).listByPartnerMonth(
        partnerId,
        month,
        { limit: 50 },
      )
    ).items;
    expect(
      records
        .filter((r) => r.address === address)
        .map((r) => r.type)
        .sort(),
    ).toEqual(['SWEEP', 'TOPUP']);
  });

  it('rents energy when the rental is the cheapest source and records its price as the sweep’s gas', async () => {
    const { address, depositId } = await creditedDeposit(12_000_000n);
    const deps = await sweepDeps({ delegation: delegation(60n), rental: rental() });
    const reports = await sweepUntilSettled(deps, depositId);

    expect(sum(reports, 'RENTAL')).toBe(1);
    const month = new Date().toISOString().slice(0, 7);
    const records = (
      await new DynamoGasRecordStore(getDeps().db, getDeps().config.tableName).listByPartnerMonth(
        partnerId,
        month,
        { limit: 50 },
      )
    ).items;
    const sweep = records.find((r) => r.address === address && r.type === 'SWEEP');
    // The sweep's gas record names the deposit it collected.
    const code = (await getDepositDeps().deposits.get(depositId))?.code;
    expect(sweep).toMatchObject({ reference: code, deposits: [code] });
    // MASTER already holds USDT: ~65k energy plus the margin, at the provider's price; nothing burned.
    expect(sweep?.nativeAmount).toBeGreaterThanOrEqual(64_000n * LOCAL_RENTAL_PRICE_SUN_PER_ENERGY);
    expect(sweep?.nativeAmount).toBeLessThan(130_000n * LOCAL_RENTAL_PRICE_SUN_PER_ENERGY);
  });

  it('falls back to delegation when the cheaper rental provider fails to fill the order', async () => {
    const { depositId } = await creditedDeposit(11_000_000n);
    await chain.admin('/admin/rental', { fail: 'orders' }); // it still quotes, below the delegation's cost
    try {
      const deps = await sweepDeps({ delegation: delegation(60n), rental: rental() });
      const reports = await sweepUntilSettled(deps, depositId);
      expect(sum(reports, 'RENTAL')).toBe(0);
      expect(sum(reports, 'DELEGATION')).toBe(1);
      expect(reports.flatMap((r) => r.fallbacks)).toEqual([expect.stringMatching(/^RENTAL: .*503/)]);
    } finally {
      await chain.admin('/admin/rental', { fail: false });
    }
  });

  it('burns instead when a rental that was accepted never delivers the energy', async () => {
    const { depositId } = await creditedDeposit(15_000_000n);
    const silent: EnergyProvider = {
      kind: 'RENTAL',
      quote: async (_receiver, energy) => ({ kind: 'RENTAL', energy, costSun: 1n }),
      acquire: async (receiver, energy) => ({
        kind: 'RENTAL',
        receiver,
        energy,
        paidSun: 0n,
        orderId: 'never',
        txId: 'ee'.repeat(32), // its delegation transaction never appears on chain
      }),
      release: async () => ({}),
    };
    const base = await sweepDeps({ rental: silent });
    const reports = await sweepUntilSettled(
      { ...base, settings: { ...base.settings, energyWaitMs: 0 } },
      depositId,
    );
    expect(sum(reports, 'RENTAL')).toBe(1);
    expect(sum(reports, 'BURN')).toBe(1);
    expect(reports.flatMap((r) => r.fallbacks)).toEqual([expect.stringMatching(/^RENTAL: no energy after/)]);
  });

  it('takes back a delegation to the address that a crash left unrecorded', async () => {
    const { address, depositId } = await creditedDeposit(16_000_000n);
    // Activate the address and delegate to it as a run that died right after its broadcast would have.
    await chain.sendTrx(address, TRX);
    await chain.mine(1);
    const stray = await tank.signTransaction(
      await gateway.buildDelegateEnergy(tank.address, address, 20_000n * TRX),
    );
    expect((await gateway.broadcast(stray)).status).toBe('ACCEPTED');
    await chain.mine(1);
    expect(await gateway.delegatedEnergySun(tank.address, address)).toBe(20_000n * TRX);

    await sweepUntilSettled(await sweepDeps({ delegation: delegation(20n) }), depositId);
    await chain.mine(1);
    expect(await gateway.delegatedEnergySun(tank.address, address)).toBe(0n);
  });

  it('raises GasTankLow when the gas tank’s liquid TRX is below its minimum, and clears it otherwise', async () => {
    const calls: string[] = [];
    const alerts = {
      gasTankLow: async (a: { network: string; asset: string; balance: bigint; minimum: bigint }) =>
        void calls.push(`low ${a.network} ${a.asset} ${a.balance < a.minimum}`),
      gasTankOk: async (network: string) => void calls.push(`ok ${network}`),
    };
    const base = await sweepDeps({});
    const low = await runTronSweeps({
      ...base,
      alerts,
      settings: { ...base.settings, gasTankMinimum: 1_000_000n * TRX },
    });
    const ok = await runTronSweeps({ ...base, alerts, settings: { ...base.settings, gasTankMinimum: TRX } });
    expect([low.gasTankLow, ok.gasTankLow]).toEqual([true, false]);
    expect(calls).toEqual(['low TRON TRX@TRON true', 'ok TRON']);
  });

  /** The gateway, with the broadcast of token transfers (the sweeps) replaced. */
  function withSweepBroadcast(
    base: TronChainGateway,
    broadcast: (
      tx: Parameters<TronChainGateway['broadcast']>[0],
    ) => ReturnType<TronChainGateway['broadcast']>,
  ): TronChainGateway {
    const faulty = Object.create(base) as TronChainGateway;
    faulty.broadcast = (tx) =>
      (tx.raw_data as { contract: { type: string }[] }).contract[0]?.type === 'TriggerSmartContract'
        ? broadcast(tx)
        : base.broadcast(tx);
    return faulty;
  }

  it('re-sends the recorded bytes after a crash between recording the sweep and broadcasting it: one transfer', async () => {
    const { address, depositId } = await creditedDeposit(13_000_000n);
    let crashes = 1;
    const crashing = withSweepBroadcast(gateway, async (tx) => {
      if (crashes-- > 0) throw new Error('process killed before the broadcast');
      return gateway.broadcast(tx);
    });
    const deps = { ...(await sweepDeps({ delegation: delegation(20n) })), chain: crashing };
    const reports: TronSweepReport[] = [];
    for (let i = 0; i < 40 && (await getDepositDeps().deposits.get(depositId))?.status !== 'SETTLED'; i++) {
      reports.push(await runTronSweeps(deps));
      await chain.mine(1);
    }
    expect(reports.flatMap((r) => r.errors)).toEqual([
      expect.stringMatching(/process killed before the broadcast/),
    ]);
    const deposit = await getDepositDeps().deposits.get(depositId);
    expect(deposit?.status).toBe('SETTLED');
    // the transaction signed before the crash
    expect(deposit?.sweepTxHash).toBe((await deps.store.get(deposit!.sweepTxId!))?.txId);
    expect(await gateway.tokenBalance('USDT', address)).toBe(0n);
    expect(reports.reduce((n, r) => n + r.sweepsStarted, 0)).toBe(1);
  });

  it('drops a sweep whose transaction expired without reaching the chain, and sweeps the deposits again once', async () => {
    const { address, depositId } = await creditedDeposit(14_000_000n);
    const shortLived = new TronChainGateway(chain.config, gateway.node, { expirationMs: 1_500 });
    let lost = 0;
    const losing = withSweepBroadcast(shortLived, async () => {
      lost += 1;
      return { status: 'ACCEPTED' }; // the node never saw it
    });
    const deps = { ...(await sweepDeps({ delegation: delegation(20n) })), chain: losing };
    for (let i = 0; i < 10 && lost === 0; i++) {
      await runTronSweeps(deps);
      await chain.mine(1);
    }
    expect(lost).toBeGreaterThan(0); // sent, and re-sent by the same run while following it
    expect((await getDepositDeps().deposits.get(depositId))?.status).toBe('COLLECTING');
    await new Promise((r) => setTimeout(r, 1_600)); // past the transaction's expiration
    await chain.mine(1);
    const lostSweep = (await getDepositDeps().deposits.get(depositId))?.sweepTxId;
    const lostTx = (await deps.store.get(lostSweep!))?.txId;
    const dropped = await runTronSweeps({ ...deps, chain: gateway });
    // Given up: the deposits are back to CONFIRMED; the address waits until what the sweep did spend
    // (activation, delegation) is solidified and booked, then a new sweep moves the deposits once.
    expect(dropped).toMatchObject({ sweepsDropped: 1, sweepsStarted: 0, errors: [] });
    expect((await getDepositDeps().deposits.get(depositId))?.status).toBe('CONFIRMED');

    await sweepUntilSettled(await sweepDeps({ delegation: delegation(20n) }), depositId);
    const settled = await getDepositDeps().deposits.get(depositId);
    expect(settled?.status).toBe('SETTLED');
    expect(settled?.sweepTxHash).not.toBe(lostTx);
    expect(await gateway.tokenBalance('USDT', address)).toBe(0n);
    expect(await gateway.transaction(lostTx as string)).toBeUndefined(); // never mined
    await chain.mine(1);
    expect(await gateway.delegatedEnergySun(tank.address, address)).toBe(0n); // energy taken back
  });

  it('burns TRX (topped up by the gas tank) when the rental fails and no stake can be delegated, and books the burn as gas', async () => {
    const { address, depositId } = await creditedDeposit(10_000_000n);
    await chain.admin('/admin/rental', { fail: 'orders' });
    try {
      const deps = await sweepDeps({ rental: rental() });
      const reports = await sweepUntilSettled(deps, depositId);
      expect(sum(reports, 'BURN')).toBe(1);
      expect(reports.flatMap((r) => r.fallbacks)).toEqual([expect.stringMatching(/^RENTAL: /)]);
    } finally {
      await chain.admin('/admin/rental', { fail: false });
    }
    const month = new Date().toISOString().slice(0, 7);
    const records = (
      await new DynamoGasRecordStore(getDeps().db, getDeps().config.tableName).listByPartnerMonth(
        partnerId,
        month,
        { limit: 50 },
      )
    ).items;
    const sweep = records.find((r) => r.address === address && r.type === 'SWEEP');
    expect(sweep?.nativeAmount).toBeGreaterThan(6n * TRX); // ~65k energy × 100 sun burned
    expect(sweep?.usdValue).not.toBeNull();
    // The record is what the chain charged the address for the transfer.
    const mined = await gateway.transaction(sweep!.txHash);
    expect(mined?.feeSun).toBe(sweep?.nativeAmount);
    expect(mined?.energyTotal).toBeGreaterThanOrEqual(64_285);
  });

  // --- Crashes, lost answers and racing runs (issue 14): nothing stuck, nothing bought twice ----------

  const ordersFor = async (address: string) =>
    (
      await chain.admin<{ orders: { receiver: string; clientOrderId: string | null }[] }>(
        '/admin/rental/orders',
        {},
      )
    ).orders.filter((o) => o.receiver === address);

  /** Runs sweeps (a block between runs) until the deposit settles or `runs` are spent. */
  async function sweepRuns(deps: TronSweepDeps, depositId: string, runs = 40): Promise<TronSweepReport[]> {
    const reports: TronSweepReport[] = [];
    for (let i = 0; i < runs && (await getDepositDeps().deposits.get(depositId))?.status !== 'SETTLED'; i++) {
      reports.push(await runTronSweeps(deps));
      await chain.mine(1);
    }
    return reports;
  }

  it('a crash while the signed sweep is being recorded: the next run signs it again and sweeps it once', async () => {
    const { address, depositId } = await creditedDeposit(17_000_000n);
    const base = await sweepDeps({ delegation: delegation(20n) });
    let crashes = 1;
    const store: TronSweepDeps['store'] = Object.create(base.store) as TronSweepDeps['store'];
    store.update = async (id, from, next) => {
      if (next.status === 'SIGNED' && from === 'PREPARING' && crashes-- > 0)
        throw new Error('process killed while recording the signed sweep');
      return base.store.update(id, from, next);
    };
    const reports = await sweepRuns({ ...base, store }, depositId);

    expect(reports.flatMap((r) => r.errors)).toEqual([expect.stringMatching(/process killed/)]);
    expect((await getDepositDeps().deposits.get(depositId))?.status).toBe('SETTLED');
    expect(await gateway.tokenBalance('USDT', address)).toBe(0n);
  });

  it('records the sweep and claims its deposits in one write, before any TRX or energy is spent; a deposit that moved meanwhile means nothing is recorded', async () => {
    const { address, depositId } = await creditedDeposit(18_000_000n);
    const base = await sweepDeps({ delegation: delegation(20n) });
    const deposits = getDepositDeps().deposits;
    // Another writer takes the deposit between the plan and the record: the record is refused whole.
    let raced = false;
    const store: TronSweepDeps['store'] = Object.create(base.store) as TronSweepDeps['store'];
    store.create = async (sweep) => {
      if (!raced) {
        raced = true;
        await deposits.update(depositId, 'CONFIRMED', { status: 'COLLECTING', sweepTxId: 'another' });
      }
      return base.store.create(sweep);
    };
    expect(await runTronSweeps({ ...base, store })).toMatchObject({ sweepsStarted: 0, errors: [] });
    expect((await base.store.listOpen(100)).filter((s) => s.address === address)).toEqual([]);
    expect(await deposits.get(depositId)).toMatchObject({ status: 'COLLECTING', sweepTxId: 'another' });
    await deposits.update(depositId, 'COLLECTING', { status: 'CONFIRMED' }); // the other writer gives it back

    // The first run records the sweep and sends the activation: its deposit is already claimed.
    expect(await runTronSweeps(base)).toMatchObject({ sweepsStarted: 1, errors: [] });
    const [sweep] = (await base.store.listOpen(100)).filter((s) => s.address === address);
    expect(sweep).toMatchObject({ status: 'PREPARING' });
    expect(await deposits.get(depositId)).toMatchObject({ status: 'COLLECTING', sweepTxId: sweep!.id });

    await sweepRuns(base, depositId);
    const deposit = await deposits.get(depositId);
    expect(deposit).toMatchObject({ status: 'SETTLED', sweepTxId: sweep!.id });
    expect(deposit?.sweepTxHash).toBe((await base.store.get(sweep!.id))?.txId);
    expect(await gateway.tokenBalance('USDT', address)).toBe(0n);
  });

  it('an activation that was mined but failed is closed, not forgotten: the fee it cost is booked with the sweep', async () => {
    const { address, depositId } = await creditedDeposit(19_000_000n);
    let failed: string | undefined;
    const failing = Object.create(gateway) as TronChainGateway;
    failing.broadcast = async (tx) => {
      const type = (tx.raw_data as { contract: { type: string }[] }).contract[0]?.type;
      if (type === 'TransferContract' && !failed) failed = tx.txID;
      return gateway.broadcast(tx);
    };
    failing.transaction = async (txId) => {
      const o = await gateway.transaction(txId);
      return o && txId === failed ? { ...o, success: false } : o;
    };
    const deps = { ...(await sweepDeps({ delegation: delegation(20n) })), chain: failing };
    const reports = await sweepRuns(deps, depositId);
    expect(reports.flatMap((r) => r.errors)).toEqual([]);
    expect((await getDepositDeps().deposits.get(depositId))?.status).toBe('SETTLED');
    const records = (
      await new DynamoGasRecordStore(getDeps().db, getDeps().config.tableName).listByPartnerMonth(
        partnerId,
        new Date().toISOString().slice(0, 7),
        { limit: 100 },
      )
    ).items.filter((r) => r.address === address);
    expect(records.find((r) => r.txHash === failed)).toMatchObject({ type: 'TOPUP', success: false });
    expect(await getDeps().ledger.getEntry(`gas:TRON:${failed}`)).toBeDefined(); // its fee, booked once
  });

  it('an energy order whose answer was lost is asked for again under the same client order id: one order, paid once, no other source bought', async () => {
    const { address, depositId } = await creditedDeposit(19_000_000n);
    const deps = await sweepDeps({ delegation: delegation(60n), rental: rental() });
    await chain.admin('/admin/rental', { fail: 'lose-response' });
    let reports: TronSweepReport[];
    try {
      // Activation, then the order: placed by the provider, its answer lost (504).
      reports = await sweepRuns(deps, depositId, 3);
      expect(await ordersFor(address)).toHaveLength(1);
    } finally {
      await chain.admin('/admin/rental', { fail: false });
    }
    reports.push(...(await sweepRuns(deps, depositId)));

    expect((await getDepositDeps().deposits.get(depositId))?.status).toBe('SETTLED');
    const orders = await ordersFor(address);
    expect(orders).toHaveLength(1);
    expect(orders[0]?.clientOrderId).toMatch(/^TRON:.+:rental:1$/);
    expect(sum(reports, 'DELEGATION')).toBe(0);
    expect(sum(reports, 'BURN')).toBe(0);
    const month = new Date().toISOString().slice(0, 7);
    const sweep = (
      await new DynamoGasRecordStore(getDeps().db, getDeps().config.tableName).listByPartnerMonth(
        partnerId,
        month,
        { limit: 100 },
      )
    ).items.find((r) => r.address === address && r.type === 'SWEEP');
    // The rental's price counted once (not once per ask).
    expect(sweep?.nativeAmount).toBeLessThan(130_000n * LOCAL_RENTAL_PRICE_SUN_PER_ENERGY);
  });

  it('two runs working on the same sweep at once order its energy once', async () => {
    const { address, depositId } = await creditedDeposit(20_000_000n);
    const deps = await sweepDeps({ delegation: delegation(60n), rental: rental() });
    const reports = [await runTronSweeps(deps)]; // records the sweep and activates the address
    await chain.mine(1);
    reports.push(...(await Promise.all([runTronSweeps(deps), runTronSweeps(deps)])));
    await chain.mine(1);
    reports.push(...(await sweepRuns(deps, depositId)));

    expect((await getDepositDeps().deposits.get(depositId))?.status).toBe('SETTLED');
    expect(await ordersFor(address)).toHaveLength(1);
    // Energy acquired once, from one source: no second order, no delegation on top of the rental.
    expect([sum(reports, 'RENTAL'), sum(reports, 'DELEGATION'), sum(reports, 'BURN')]).toEqual([1, 0, 0]);
    expect(reports.flatMap((r) => r.fallbacks)).toEqual([]);
  });

  it('a crash between recording the delegation and broadcasting it, and crashes right after the delegation and the undelegation were broadcast: each sent once, its fee booked once, the gas tank reconciles', async () => {
    const { address, depositId } = await creditedDeposit(8_000_000n);
    // The gas tank spends its free bandwidth first, so the delegation and the undelegation burn TRX.
    for (let i = 0; i < 3; i++) {
      const drain = await tank.signTransaction(
        await gateway.buildTrxTransfer(tank.address, chain.faucet.address, BigInt(i + 1)),
      );
      expect((await gateway.broadcast(drain)).status).toBe('ACCEPTED');
    }
    await chain.mine(1);
    const ledger = getDeps().ledger;
    const tankCustody = accounts.custody('platform', 'HOT', 'TRX@TRON');
    const before = {
      chain: (await gateway.account(tank.address)).balanceSun,
      ledger: (await ledger.balance(tankCustody)).posted,
    };

    const crashes = new Map([
      ['DelegateResourceContract', ['before', 'after']],
      ['UnDelegateResourceContract', ['after']],
    ]);
    const crashing = Object.create(gateway) as TronChainGateway;
    crashing.broadcast = async (tx) => {
      const type = (tx.raw_data as { contract: { type: string }[] }).contract[0]?.type ?? '';
      const when = crashes.get(type)?.shift();
      if (when === 'before') throw new Error(`process killed before the ${type} broadcast`);
      const out = await gateway.broadcast(tx);
      if (when === 'after') throw new Error(`process killed after the ${type} broadcast`);
      return out;
    };
    const base = await sweepDeps({
      delegation: new DelegationEnergyProvider(crashing, tank, { opportunityCostSunPerEnergy: 20n }),
    });
    const seen = new Map<string, TronSweep>();
    const store: TronSweepDeps['store'] = Object.create(base.store) as TronSweepDeps['store'];
    store.update = async (id, from, next) => {
      const saved = await base.store.update(id, from, next);
      if (next.address === address) seen.set(id, saved);
      return saved;
    };
    const reports = await sweepRuns({ ...base, store, chain: crashing }, depositId);
    await chain.mine(20);

    expect(reports.flatMap((r) => r.errors)).toEqual([
      expect.stringMatching(/killed before the DelegateResourceContract broadcast/),
      expect.stringMatching(/killed after the DelegateResourceContract broadcast/),
      expect.stringMatching(/killed after the UnDelegateResourceContract broadcast/),
    ]);
    expect((await getDepositDeps().deposits.get(depositId))?.status).toBe('SETTLED');
    expect(await gateway.delegatedEnergySun(tank.address, address)).toBe(0n);

    // Every delegation and undelegation on chain is a recorded step, its fee booked once.
    const [sweep] = [...seen.values()];
    expect(seen.size).toBe(1);
    const steps = sweep!.steps.filter((s) => s.kind === 'DELEGATION' || s.kind === 'UNDELEGATION');
    const onChain = [];
    for (const step of steps) {
      const outcome = await gateway.transaction(step.txId as string);
      if (outcome)
        onChain.push({
          kind: step.kind,
          fee: outcome.feeSun,
          entry: await ledger.getEntry(`gas:TRON:${step.txId}`),
        });
    }
    expect(onChain.map((s) => s.kind).sort()).toEqual(['DELEGATION', 'UNDELEGATION']);
    for (const s of onChain) {
      expect(s.fee).toBeGreaterThan(0n);
      expect(s.entry?.postings.reduce((n, p) => n + p.amount, 0n)).toBe(s.fee);
    }
    // The gas tank's TRX on chain moved exactly as its custody in the ledger.
    const after = {
      chain: (await gateway.account(tank.address)).balanceSun,
      ledger: (await ledger.balance(tankCustody)).posted,
    };
    expect(after.chain - before.chain).toBe(after.ledger - before.ledger);
  });

  it('a sweep forked out after its deposits were COLLECTED never leaves them COLLECTED: once it can no longer be mined they are swept again, once', async () => {
    const { address, depositId } = await creditedDeposit(9_000_000n);
    const shortLived = new TronChainGateway(chain.config, gateway.node, { expirationMs: 1_500 });
    // Its delegation and undelegation are short-lived too: recorded before they are sent, they hold the
    // expired sweep open until they are on chain or can no longer be.
    const deps = {
      ...(await sweepDeps({
        delegation: new DelegationEnergyProvider(shortLived, tank, { opportunityCostSunPerEnergy: 20n }),
      })),
      chain: shortLived,
    };
    const statusOf = async () => (await getDepositDeps().deposits.get(depositId))?.status;
    for (let i = 0; i < 20 && (await statusOf()) !== 'COLLECTED'; i++) {
      await runTronSweeps(deps);
      if ((await statusOf()) !== 'COLLECTED') await chain.mine(1);
    }
    expect(await statusOf()).toBe('COLLECTED');
    const forkedOut = (await getDepositDeps().deposits.get(depositId))?.sweepTxHash;
    const { dropped } = await chain.admin<{ dropped: string[] }>('/admin/fork', {
      depth: 2,
      reinclude: false,
    });
    expect(dropped).toContain(forkedOut);
    await new Promise((r) => setTimeout(r, 1_600)); // past the transaction's expiration: it can never land

    const reports: TronSweepReport[] = [];
    for (let i = 0; i < 30 && (await statusOf()) !== 'SETTLED'; i++) {
      reports.push(await runTronSweeps({ ...deps, chain: gateway }));
      await chain.mine(5);
    }
    expect(reports.flatMap((r) => r.errors)).toEqual([]);
    const settled = await getDepositDeps().deposits.get(depositId);
    expect(settled?.status).toBe('SETTLED');
    expect(settled?.sweepTxHash).not.toBe(forkedOut);
    expect(await gateway.tokenBalance('USDT', address)).toBe(0n);
    const ledger = getDeps().ledger;
    expect((await ledger.balance(accounts.custody(partnerId, 'HOT', 'USDT@TRON'))).posted).toBe(0n);
  });
});
