import { createDepositRequest } from '../../../shared/app/deposits/deposit-addresses';
import { accounts } from '../../../shared/domain/ledger/accounts';
import { SweepBench, startSweepChain } from './sweep-support';
import type { SweepChainNode } from './sweep-support';

/**
 * Gasless sweeps on a real local chain (anvil, automine), real ethers, DynamoDB Local: deposits credited
 * by the real intake, swept by the real run — top-up, approve, transferFrom — and booked once.
 */
describe('sweeps (BSC stand-in: 18 decimals)', () => {
  let chain: SweepChainNode;
  const bench = () => b;
  let b: SweepBench;

  beforeAll(async () => {
    chain = await startSweepChain('BSC');
    b = new SweepBench(chain);
    await b.setUp();
  });
  afterAll(async () => {
    await b?.tearDown();
    await chain?.node.stop();
  });

  let hot = '';
  let master = '';

  it('sweeps a first deposit with top-up, approve and transferFrom, then settles it at finality, booked once', async () => {
    hot = await bench().hotAddress('alice');
    const [deposit] = await b.credit(hot, b.units('100'));
    expect(deposit).toMatchObject({ status: 'CONFIRMED', walletType: 'HOT' });

    const first = await b.run();
    expect(first).toMatchObject({ topUpsSent: 1, approvesSent: 1, sweepsSent: 1, errors: [] });
    master = (await b.deposits.wallets.partnerWallet(b.merchantId, 'BSC', 'MASTER'))!.address;
    expect(await b.tokenBalance(master)).toBe(b.units('100'));
    expect(await b.tokenBalance(hot)).toBe(0n);
    expect(await b.deposits.deposits.get(deposit!.id)).toMatchObject({ status: 'COLLECTED' });

    await b.mine(3);
    const second = await b.run();
    expect(second).toMatchObject({ sweepsSent: 0, topUpsSent: 0, approvesSent: 0, errors: [] });
    const settled = await b.deposits.deposits.get(deposit!.id);
    expect(settled).toMatchObject({ status: 'SETTLED' });
    expect(settled?.sweepTxHash).toMatch(/^0x[0-9a-f]{64}$/);

    expect(await b.transfersBetween(hot, master)).toEqual([b.units('100')]);
    // The poller sees the sweep's Transfer(HOT → MASTER): the partner's own custody moving, never a
    // second deposit.
    const sweepTransfers = await b.scanner.transfersInTransaction(settled!.sweepTxHash as string);
    expect(sweepTransfers).toHaveLength(1);
    expect(await b.deposits.intake.ingest('BSC', sweepTransfers, await b.scanner.head())).toEqual({
      detected: 0,
    });
    const available = await b.base.ledger.balance(accounts.partnerAvailable(b.merchantId, 'USDT@BSC'));
    expect(available.posted).toBe(deposit!.netAmount);
    const custodyHot = await b.base.ledger.balance(accounts.custody(b.merchantId, 'HOT', 'USDT@BSC'));
    const custodyMaster = await b.base.ledger.balance(accounts.custody(b.merchantId, 'MASTER', 'USDT@BSC'));
    expect([custodyHot.posted, custodyMaster.posted]).toEqual([0n, b.units('100')]);
    expect(await b.base.ledger.getEntry(`sweep:BSC:${settled!.sweepTxHash}`)).toMatchObject({
      reason: 'SWEEP',
    });

    const month = b.clock.now().toISOString().slice(0, 7);
    const { items } = await b.wiring.gasRecords.listByPartnerMonth(b.merchantId, month, { limit: 10 });
    expect(items.map((r) => r.type).sort()).toEqual(['APPROVE', 'SWEEP', 'TOPUP']);
    // The sweep's record names the deposit it collected; the top-up and approve served the address.
    expect(items.find((r) => r.type === 'SWEEP')).toMatchObject({
      reference: deposit!.code,
      deposits: [deposit!.code],
    });
    for (const r of items) {
      expect(r.nativeAmount).toBe(r.gasUsed * r.effectiveGasPrice);
      expect(r.usdValue).toMatch(/^\d+(\.\d+)?$/);
    }
    expect((await b.reconcile('USDT@BSC')).status).toBe('OK');
    expect((await b.reconcile('BNB@BSC')).status).toBe('OK');
    expect(b.alerts.at(-1)).toMatchObject({ type: 'OK', network: 'BSC' });
  });

  it('sweeps a second deposit to the same address without another top-up or approve', async () => {
    const [deposit] = await b.credit(hot, b.units('40.5'));
    const report = await b.run();
    expect(report).toMatchObject({ topUpsSent: 0, approvesSent: 0, sweepsSent: 1, errors: [] });
    await b.mine(3);
    await b.run();
    expect(await b.deposits.deposits.get(deposit!.id)).toMatchObject({ status: 'SETTLED' });
    expect(await b.transfersBetween(hot, master)).toEqual([b.units('100'), b.units('40.5')]);
    expect(await b.tokenBalance(master)).toBe(b.units('140.5'));
    expect((await b.base.ledger.balance(accounts.custody(b.merchantId, 'MASTER', 'USDT@BSC'))).posted).toBe(
      b.units('140.5'),
    );
  });

  it('does nothing when run again', async () => {
    const before = await b.wiring.gasRecords.listByPartnerMonth(
      b.merchantId,
      b.clock.now().toISOString().slice(0, 7),
      { limit: 100 },
    );
    const tank = await b.chainAdapter.nativeBalance(b.gasTank);
    const report = await b.run();
    expect(report).toMatchObject({
      groupsPlanned: 0,
      topUpsSent: 0,
      approvesSent: 0,
      sweepsSent: 0,
      mined: 0,
      errors: [],
    });
    const after = await b.wiring.gasRecords.listByPartnerMonth(
      b.merchantId,
      b.clock.now().toISOString().slice(0, 7),
      { limit: 100 },
    );
    expect(after.items).toHaveLength(before.items.length);
    expect(await b.chainAdapter.nativeBalance(b.gasTank)).toBe(tank);
  });

  it('waits below the threshold, then sweeps all of the address once the sum reaches it', async () => {
    const bob = await b.hotAddress('bob');
    const [small] = await b.credit(bob, b.units('6'));
    expect(await b.run()).toMatchObject({ groupsPlanned: 0, sweepsSent: 0 });
    expect(await b.deposits.deposits.get(small!.id)).toMatchObject({ status: 'CONFIRMED' });
    const [more] = await b.credit(bob, b.units('5'));
    expect(await b.run()).toMatchObject({ groupsPlanned: 1, topUpsSent: 1, approvesSent: 1, sweepsSent: 1 });
    await b.mine(3);
    await b.run();
    for (const d of [small!, more!])
      expect(await b.deposits.deposits.get(d.id)).toMatchObject({ status: 'SETTLED' });
    expect(await b.transfersBetween(bob, master)).toEqual([b.units('11')]);
  });

  it('approves each token once: USDC to an address that already approved USDT gets its own approve', async () => {
    const [usdc] = await b.credit(hot, b.units('20'), 'USDC');
    expect(await b.run()).toMatchObject({ topUpsSent: 1, approvesSent: 1, sweepsSent: 1, errors: [] });
    await b.mine(3);
    await b.run();
    expect(await b.deposits.deposits.get(usdc!.id)).toMatchObject({ status: 'SETTLED' });
    expect(await b.tokenBalance(master, 'USDC')).toBe(b.units('20'));
    expect((await b.reconcile('USDC@BSC')).status).toBe('OK');
  });

  it('settles a deposit that arrived in MASTER without any transaction', async () => {
    const [inMaster] = await b.credit(master, b.units('15'));
    expect(inMaster).toMatchObject({ walletType: 'MASTER', status: 'CONFIRMED' });
    const report = await b.run();
    expect(report).toMatchObject({ depositsSettledInPlace: 1, sweepsSent: 0 });
    expect(await b.deposits.deposits.get(inMaster!.id)).toMatchObject({ status: 'SETTLED' });
  });

  it("sweeps the partner's POOL address too, signing its approve with the POOL key (HD account 2)", async () => {
    const request = await createDepositRequest(b.deposits, b.merchantId, {
      userId: 'pool-user',
      network: 'BSC',
      token: 'USDT',
      amount: '30',
    });
    const [pooled] = await b.credit(request.poolAddress, request.amount);
    expect(pooled).toMatchObject({ walletType: 'POOL', method: 'POOL_AMOUNT', status: 'CONFIRMED' });
    expect(await b.run()).toMatchObject({ topUpsSent: 1, approvesSent: 1, sweepsSent: 1, errors: [] });
    await b.mine(3);
    await b.run();
    expect(await b.deposits.deposits.get(pooled!.id)).toMatchObject({ status: 'SETTLED' });
    expect(await b.transfersBetween(request.poolAddress, master)).toEqual([request.amount]);
    expect((await b.base.ledger.balance(accounts.custody(b.merchantId, 'POOL', 'USDT@BSC'))).posted).toBe(0n);
    expect((await b.reconcile('USDT@BSC')).status).toBe('OK');
  });

  it('keeps the gas bill exact: the gas tank custody equals its on-chain balance, gas expense equals what the records say', async () => {
    const month = b.clock.now().toISOString().slice(0, 7);
    const { items } = await b.wiring.gasRecords.listByPartnerMonth(b.merchantId, month, { limit: 100 });
    const spent = items.reduce((sum, r) => sum + r.nativeAmount, 0n);
    const gas = await b.base.ledger.balance(accounts.gas('BSC', 'BNB@BSC'));
    expect(gas.posted).toBe(spent);
    const tank = await b.base.ledger.balance(accounts.custody('platform', 'HOT', 'BNB@BSC'));
    expect(tank.posted).toBe(await b.chainAdapter.nativeBalance(b.gasTank));
    // What the approves did not use stays on the deposit addresses, and the ledger says exactly how much.
    const leftovers = (
      await Promise.all([hot, await b.hotAddress('bob')].map((a) => b.chainAdapter.nativeBalance(a)))
    ).reduce((x, y) => x + y, 0n);
    expect((await b.base.ledger.balance(accounts.custody(b.merchantId, 'HOT', 'BNB@BSC'))).posted).toBe(
      leftovers,
    );
    const pool = (await b.deposits.wallets.partnerWallet(b.merchantId, 'BSC', 'POOL'))!.address;
    expect((await b.base.ledger.balance(accounts.custody(b.merchantId, 'POOL', 'BNB@BSC'))).posted).toBe(
      await b.chainAdapter.nativeBalance(pool),
    );
    expect(items.filter((r) => r.type === 'APPROVE')).toHaveLength(4);
    expect(items.filter((r) => r.type === 'SWEEP')).toHaveLength(5);
    for (const approve of items.filter((r) => r.type === 'APPROVE')) {
      const topUp = items.find(
        (r) => r.type === 'TOPUP' && r.address === approve.address && r.token === approve.token,
      );
      expect(approve.nativeAmount).toBeLessThanOrEqual(topUp!.transferredAmount);
    }
  });

  it('raises the low gas-tank alert when the tank is below its minimum', async () => {
    const balance = await b.chainAdapter.nativeBalance(b.gasTank);
    const report = await b.run({ settings: b.settings({ gasTankMinimum: balance + 1n }) });
    expect(report.gasTank).toMatchObject({ low: true, balance: balance.toString() });
    expect(b.alerts.at(-1)).toEqual({ type: 'LOW', network: 'BSC', balance, minimum: balance + 1n });
  });
});
