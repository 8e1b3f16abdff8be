import { Interface, Transaction } from 'ethers';
import { sendNativeFromFaucet } from '../../../scripts/local/evm/local-chains';
import { EvmSweepChain } from '../../../shared/adapters/evm/sweep-chain';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { SweepTx } from '../../../shared/domain/sweeps/sweep-transaction';
import type { StoredDeposit } from '../../../shared/ports/deposits';
import type { SweepChain, SweepStore } from '../../../shared/ports/sweeps';
import type { LedgerStore } from '../../../shared/ports/ledger';
import { startRpcProxy } from '../chains/chain-support';
import { SweepBench, crashAt, startSweepChain, times, withFaults } from './sweep-support';
import type { SweepChainNode } from './sweep-support';

/**
 * Crashes and faults at every step of a sweep, on a real chain: whatever dies where, the next run
 * finishes the job, the funds move exactly once, and the ledger books them exactly once.
 */
const TRANSFER_FROM = '0x23b872dd';
const isTransferFrom = (raw: string) => (Transaction.from(raw).data ?? '').startsWith(TRANSFER_FROM);

describe('sweep crash safety and faults (real chain)', () => {
  let chain: SweepChainNode;
  let b: SweepBench;
  let master = '';

  beforeAll(async () => {
    chain = await startSweepChain('BSC');
    b = new SweepBench(chain);
    await b.setUp();
  });
  afterAll(async () => {
    await b?.tearDown();
    await chain?.node.stop();
  });

  /** Gas tank custody in the ledger minus its on-chain balance (non-zero only by what the test itself spent). */
  async function tankDrift(): Promise<bigint> {
    const ledger = (await b.base.ledger.balance(accounts.custody('platform', 'HOT', 'BNB@BSC'))).posted;
    return ledger - (await b.chainAdapter.nativeBalance(b.gasTank));
  }

  /** A deposit address that has already been swept once (so its approve is done). */
  async function approvedAddress(user: string): Promise<string> {
    const hot = await b.hotAddress(user);
    await b.credit(hot, b.units('10'));
    expect(await b.run()).toMatchObject({ sweepsSent: 1, errors: [] });
    await b.mine(3);
    await b.run();
    master = (await b.deposits.wallets.partnerWallet(b.merchantId, 'BSC', 'MASTER'))!.address;
    return hot;
  }

  async function settleAll(): Promise<void> {
    await b.mine(3);
    await b.run();
  }

  async function statusOf(d: StoredDeposit) {
    return (await b.deposits.deposits.get(d.id))?.status;
  }

  it('crash after recording the signed sweep, before broadcasting it: the next run sends the same bytes, once', async () => {
    const hot = await approvedAddress('crash-before-send');
    const [deposit] = await b.credit(hot, b.units('25'));
    const crashed = await b.run({
      chain: withFaults<SweepChain>(b.chainAdapter, { broadcast: (raw: string) => isTransferFrom(raw) }),
    });
    expect(crashed.sweepsSent).toBe(1);
    expect(crashed.errors.length).toBeGreaterThan(0);
    const [open] = await b.wiring.store.listOpenTxs('BSC', 10);
    expect(open).toMatchObject({ type: 'SWEEP', status: 'SIGNED' });
    // Recorded and claimed in one write: the deposit is this sweep's before anything was sent.
    expect(await b.deposits.deposits.get(deposit!.id)).toMatchObject({
      status: 'COLLECTING',
      sweepTxId: open!.id,
    });
    expect(await b.transfersBetween(hot, master)).toEqual([b.units('10')]);

    const resumed = await b.run();
    expect(resumed).toMatchObject({ sweepsSent: 0, errors: [] });
    expect(resumed.groupsPlanned).toBe(0); // its deposit is the recorded sweep's
    expect((await b.wiring.store.getTx(open!.id))?.attempts).toHaveLength(1);
    await settleAll();
    expect(await statusOf(deposit!)).toBe('SETTLED');
    expect(await b.transfersBetween(hot, master)).toEqual([b.units('10'), b.units('25')]);
    expect((await b.deposits.deposits.get(deposit!.id))?.sweepTxHash).toBe(open!.attempts[0]!.hash);
    expect(await tankDrift()).toBe(0n);
  });

  it('crash after broadcasting, before marking it sent: the next run finds it mined by its hash', async () => {
    const hot = await approvedAddress('crash-after-send');
    const [deposit] = await b.credit(hot, b.units('30'));
    await expect(
      b.run({
        store: crashAt<SweepStore>(
          b.wiring.store,
          'updateTx',
          (_id: string, _from: string, patch: Partial<SweepTx>) => patch.status === 'SENT',
        ),
      }),
    ).rejects.toThrow('process crashed');
    // Broadcast, then the crash: the recorded attempt's hash is on the chain (wait for its block).
    const [sent] = await b.wiring.store.listOpenTxs('BSC', 10);
    await b.minedReceipt(sent!.attempts[0]!.hash);
    expect(await b.transfersBetween(hot, master)).toEqual([b.units('10'), b.units('30')]);
    expect(await statusOf(deposit!)).toBe('COLLECTING');

    const resumed = await b.run();
    expect(resumed).toMatchObject({ sweepsSent: 0, mined: 1, errors: [] });
    expect(await statusOf(deposit!)).toBe('COLLECTED');
    await settleAll();
    expect(await statusOf(deposit!)).toBe('SETTLED');
    expect(await b.transfersBetween(hot, master)).toEqual([b.units('10'), b.units('30')]);
  });

  it('crash after broadcasting, before recording the receipt: no second transferFrom, booked once', async () => {
    const hot = await approvedAddress('crash-before-receipt');
    const [deposit] = await b.credit(hot, b.units('35'));
    const crashed = await b.run({
      store: withFaults<SweepStore>(b.wiring.store, {
        updateTx: (_id: string, _from: string, patch: Partial<SweepTx>) => patch.status === 'MINED',
      }),
    });
    expect(crashed.sweepsSent).toBe(1);
    expect(await statusOf(deposit!)).toBe('COLLECTING');

    await b.mine(3);
    const resumed = await b.run();
    expect(resumed).toMatchObject({ sweepsSent: 0, mined: 1, settledSweeps: 1, errors: [] });
    expect(await statusOf(deposit!)).toBe('SETTLED');
    expect(await b.transfersBetween(hot, master)).toEqual([b.units('10'), b.units('35')]);
  });

  it('a ledger failure at finality leaves the sweep MINED; the next run books it exactly once', async () => {
    const hot = await approvedAddress('ledger-down');
    const [deposit] = await b.credit(hot, b.units('12'));
    await b.run();
    await b.mine(3);
    const masterBefore = (await b.base.ledger.balance(accounts.custody(b.merchantId, 'MASTER', 'USDT@BSC')))
      .posted;
    const down = await b.run({ ledger: withFaults<LedgerStore>(b.base.ledger, { post: times(1) }) });
    expect(down.errors.length).toBeGreaterThan(0);
    expect(await statusOf(deposit!)).toBe('COLLECTED');
    await b.run();
    expect(await statusOf(deposit!)).toBe('SETTLED');
    expect((await b.base.ledger.balance(accounts.custody(b.merchantId, 'MASTER', 'USDT@BSC'))).posted).toBe(
      masterBefore + b.units('12'),
    );
    expect((await b.reconcile('USDT@BSC')).status).toBe('OK');
    expect((await b.reconcile('BNB@BSC')).status).toBe('OK');
  });

  it('a lost broadcast answer (the node took it, the reply never came) is sent again harmlessly', async () => {
    const hot = await approvedAddress('lost-reply');
    const [deposit] = await b.credit(hot, b.units('14'));
    const lossy: SweepChain = new Proxy(b.chainAdapter, {
      get(t, prop, receiver) {
        if (prop === 'broadcast') {
          return async (raw: string) => {
            await t.broadcast(raw);
            throw new Error('socket hang up');
          };
        }
        const v = Reflect.get(t, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
      },
    });
    await b.run({ chain: lossy });
    await b.run();
    await settleAll();
    expect(await statusOf(deposit!)).toBe('SETTLED');
    expect(await b.transfersBetween(hot, master)).toEqual([b.units('10'), b.units('14')]);
  });

  it('a sweep whose nonce another transaction took is DROPPED, its deposits swept again under a new nonce', async () => {
    const hot = await approvedAddress('nonce-taken');
    const [deposit] = await b.credit(hot, b.units('16'));
    await b.run({
      chain: withFaults<SweepChain>(b.chainAdapter, { broadcast: (raw: string) => isTransferFrom(raw) }),
    });
    const [signed] = await b.wiring.store.listOpenTxs('BSC', 10);
    expect(signed).toMatchObject({ type: 'SWEEP', status: 'SIGNED' });
    // Someone uses the gas tank's key at that nonce (a manual transfer, a restored table, …).
    const tank = await b.wiring.gasTank.gasTank('BSC');
    const gasPrice = await b.chainAdapter.gasPrice();
    const other = await tank.signTransaction({
      chainId: chain.network.chainId,
      nonce: signed!.nonce,
      to: tank.address,
      data: '0x',
      value: 0n,
      gasLimit: 21_000n,
      gasPrice,
    });
    expect(await b.chainAdapter.broadcast(other.raw)).toBe('ACCEPTED');
    const external = await b.chainAdapter.receipt(other.hash);

    const report = await b.run();
    expect(report).toMatchObject({ dropped: 1, sweepsSent: 1, errors: [] });
    expect((await b.wiring.store.getTx(signed!.id))?.status).toBe('DROPPED');
    await settleAll();
    const swept = await b.deposits.deposits.get(deposit!.id);
    expect(swept?.status).toBe('SETTLED');
    expect(swept?.sweepTxId).not.toBe(signed!.id);
    expect(await b.transfersBetween(hot, master)).toEqual([b.units('10'), b.units('16')]);
    // The only gas the ledger does not know is what that outside transaction cost.
    expect(await tankDrift()).toBe(external!.gasUsed * external!.effectiveGasPrice);
  });

  it('a sweep that reverts (the funds left the address meanwhile) puts its deposits back; none is swept while the chain holds less', async () => {
    const hot = await approvedAddress('drained');
    const [deposit] = await b.credit(hot, b.units('40'));
    await b.run({
      chain: withFaults<SweepChain>(b.chainAdapter, { broadcast: (raw: string) => isTransferFrom(raw) }),
    });
    const [signed] = await b.wiring.store.listOpenTxs('BSC', 10);
    // The address's key moves the tokens away before the recorded sweep goes out.
    const wallet = (await b.deposits.wallets.lookup('BSC', [hot])).get(hot.toLowerCase())!;
    const key = await b.wiring.addressSigners.signerFor(wallet.hdAccount, wallet.hdIndex);
    await sendNativeFromFaucet(chain.network, hot, 10n ** 16n);
    const drain = await key.signTransaction({
      chainId: chain.network.chainId,
      nonce: await b.chainAdapter.transactionCount(hot, 'pending'),
      to: chain.network.tokens.USDT.address,
      data: new Interface(['function transfer(address,uint256)']).encodeFunctionData('transfer', [
        b.gasTank,
        b.units('40'),
      ]),
      value: 0n,
      gasLimit: 100_000n,
      gasPrice: await b.chainAdapter.gasPrice(),
    });
    expect(await b.chainAdapter.broadcast(drain.raw)).toBe('ACCEPTED');

    await b.run();
    expect((await b.wiring.store.getTx(signed!.id))?.receipt?.success).toBe(false);
    await b.mine(3);
    const report = await b.run();
    expect(report.failedSweeps).toBe(1);
    expect(await b.wiring.store.getTx(signed!.id)).toMatchObject({ status: 'FAILED' });
    expect(await statusOf(deposit!)).toBe('CONFIRMED');
    expect(await b.wiring.store.lockHolder('BSC', hot, 'USDT')).toBeUndefined();
    const again = await b.run();
    expect(again).toMatchObject({
      sweepsSent: 0,
      skipped: [expect.objectContaining({ address: hot, reason: 'CHAIN_BALANCE_SHORT' })],
    });
    // The reverted transaction's gas was spent all the same, and is on the bill.
    const { items } = await b.wiring.gasRecords.listByPartnerMonth(
      b.merchantId,
      b.clock.now().toISOString().slice(0, 7),
      { limit: 200 },
    );
    expect(items.find((r) => r.txHash === signed!.attempts[0]!.hash)).toMatchObject({
      type: 'SWEEP',
      success: false,
    });
  });

  it('replaces a stuck sweep with the same nonce at a higher price; only one of them is mined', async () => {
    const hot = await approvedAddress('stuck');
    const [deposit] = await b.credit(hot, b.units('18'));
    await b.setAutomine(false);
    try {
      expect(await b.run()).toMatchObject({ sweepsSent: 1 });
      const [sent] = await b.wiring.store.listOpenTxs('BSC', 10);
      expect(sent).toMatchObject({ status: 'SENT', attempts: [expect.anything()] });
      expect(await b.run()).toMatchObject({ replacements: 0 });
      b.clock.advance(60_000);
      const bumped = await b.run();
      expect(bumped.replacements).toBe(1);
      const replaced = await b.wiring.store.getTx(sent!.id);
      expect(replaced?.attempts).toHaveLength(2);
      expect(replaced!.attempts[1]!.gasPrice).toBeGreaterThanOrEqual(
        (replaced!.attempts[0]!.gasPrice * 1125n) / 1000n,
      );
      await b.mine(1);
    } finally {
      await b.setAutomine(true);
    }
    await b.run();
    await settleAll();
    const settled = await b.deposits.deposits.get(deposit!.id);
    expect(settled?.status).toBe('SETTLED');
    const tx = await b.wiring.store.getTx(settled!.sweepTxId!);
    expect(tx?.receipt?.hash).toBe(tx!.attempts[1]!.hash);
    expect(await b.transfersBetween(hot, master)).toEqual([b.units('10'), b.units('18')]);
  });

  it('two runs at once sweep each address once', async () => {
    const a = await b.hotAddress('race-a');
    const c = await b.hotAddress('race-c');
    const [da] = await b.credit(a, b.units('21'));
    const [dc] = await b.credit(c, b.units('22'));
    await Promise.all([b.run(), b.run(), b.run()]);
    for (let i = 0; i < 3; i++) {
      await b.mine(3);
      await b.run();
    }
    expect(await statusOf(da!)).toBe('SETTLED');
    expect(await statusOf(dc!)).toBe('SETTLED');
    expect(await b.transfersBetween(a, master)).toEqual([b.units('21')]);
    expect(await b.transfersBetween(c, master)).toEqual([b.units('22')]);
    const month = b.clock.now().toISOString().slice(0, 7);
    const { items } = await b.wiring.gasRecords.listByPartnerMonth(b.merchantId, month, { limit: 200 });
    for (const address of [a, c]) {
      expect(
        items
          .filter((r) => r.address === address)
          .map((r) => r.type)
          .sort(),
      ).toEqual(['APPROVE', 'SWEEP', 'TOPUP']);
    }
  });

  it('RPC errors all through the runs (more than half of the calls fail) leave a state that later runs finish, money moved once', async () => {
    const driftBefore = await tankDrift();
    const proxy = await startRpcProxy(chain.network.rpcUrl);
    const flaky = EvmSweepChain.connect({ ...chain.config, rpcUrls: [proxy.url] });
    try {
      // A fixed pseudo-random sequence: more than half of the calls fail (the adapter tries each call three times), at different steps in every run.
      let seed = 20_261_120;
      const unlucky = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648 < 0.55;
      let failed = 0;
      proxy.intercept = () =>
        unlucky() && ++failed ? { error: { code: -32000, message: 'upstream request timeout' } } : undefined;
      const users = ['flaky-1', 'flaky-2'];
      const hots = await Promise.all(users.map((u) => b.hotAddress(u)));
      const deposits = [
        ...(await b.credit(hots[0]!, b.units('31'))),
        ...(await b.credit(hots[1]!, b.units('32'))),
      ];
      for (
        let i = 0;
        i < 40 && (await Promise.all(deposits.map(statusOf))).some((s) => s !== 'SETTLED');
        i++
      ) {
        await b.run({ chain: flaky }).catch(() => undefined);
        await b.mine(3);
      }
      expect(failed).toBeGreaterThan(10);
      expect(await Promise.all(deposits.map(statusOf))).toEqual(['SETTLED', 'SETTLED']);
      expect(await b.transfersBetween(hots[0]!, master)).toEqual([b.units('31')]);
      expect(await b.transfersBetween(hots[1]!, master)).toEqual([b.units('32')]);
    } finally {
      flaky.close();
      await proxy.stop();
    }
    expect((await b.reconcile('USDT@BSC')).status).toBe('OK');
    expect((await b.reconcile('BNB@BSC')).status).toBe('OK');
    expect(await tankDrift()).toBe(driftBefore);
  });
});
