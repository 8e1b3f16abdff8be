import { Transaction } from 'ethers';
import type { LeftoverSettings } from '../../../shared/app/sweeps/deps';
import { runSweeps } from '../../../shared/app/sweeps/run-sweeps';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { SweepTx } from '../../../shared/domain/sweeps/sweep-transaction';
import type { DepositAddressSigners, SweepChain } from '../../../shared/ports/sweeps';
import { SweepBench, startSweepChain } from './sweep-support';
import type { SweepChainNode } from './sweep-support';

/**
 * Native leftovers (ADR 0024) on a real chain (anvil) and DynamoDB Local: what a HOT address keeps of
 * its top-up after the approve goes back to the gas tank when worth it — recorded before broadcast,
 * sent once whatever crashes, booked once, the ledger's custody equal to the chain — and an address
 * with deposits waiting keeps its coin.
 */
const LEFTOVERS: LeftoverSettings = { minimum: 1n, maxCostPercent: 10, maxPerRun: 20 };

describe('native leftovers back to the gas tank (BSC stand-in)', () => {
  let chain: SweepChainNode;
  let b: SweepBench;
  const hots: string[] = [];

  beforeAll(async () => {
    chain = await startSweepChain('BSC');
    b = new SweepBench(chain);
    await b.setUp();
  });
  afterAll(async () => {
    await b?.tearDown();
    await chain?.node.stop();
  });

  const withLeftovers = (leftovers: LeftoverSettings = LEFTOVERS) => ({
    settings: b.settings({ leftovers }),
  });

  /**
   * A HOT address topped up, approved and swept once, all final and booked, with leftovers off. A top-up
   * sized at a 300 % margin leaves ~12 × the approve's gas: worth returning; at 20 % (the default) it
   * leaves less than a 21,000-gas transfer costs.
   */
  async function approvedAddress(user: string, gasMarginPercent: number): Promise<string> {
    const hot = await b.hotAddress(user);
    hots.push(hot);
    await b.credit(hot, b.units('10'));
    expect(await b.run({ settings: b.settings({ gasMarginPercent }) })).toMatchObject({
      topUpsSent: 1,
      approvesSent: 1,
      sweepsSent: 1,
      errors: [],
    });
    await b.mine(3);
    expect(await b.run()).toMatchObject({ settledSweeps: 1, errors: [] });
    expect(await b.chainAdapter.nativeBalance(hot)).toBeGreaterThan(0n);
    return hot;
  }

  async function returnsOf(hot: string): Promise<SweepTx[]> {
    const nonce = await b.chainAdapter.transactionCount(hot, 'latest');
    const ids = Array.from({ length: nonce + 1 }, (_, n) => `BSC:${hot.toLowerCase()}:${n}`);
    const txs = await Promise.all(ids.map((id) => b.wiring.store.getTx(id)));
    return txs.filter((t): t is SweepTx => t?.type === 'RETURN');
  }

  /** The ledger's native custody equals the chain: the partner's HOT addresses and the gas tank. */
  async function expectCustodyEqualsChain(): Promise<void> {
    const balances = await Promise.all(hots.map((h) => b.chainAdapter.nativeBalance(h)));
    const onChain = balances.reduce((s, x) => s + x, 0n);
    const hotCustody = await b.base.ledger.balance(accounts.custody(b.merchantId, 'HOT', 'BNB@BSC'));
    expect(hotCustody.posted).toBe(onChain);
    const tankCustody = await b.base.ledger.balance(accounts.custody('platform', 'HOT', 'BNB@BSC'));
    expect(tankCustody.posted).toBe(await b.chainAdapter.nativeBalance(b.gasTank));
    expect((await b.reconcile('BNB@BSC')).status).toBe('OK');
  }

  it('returns what the top-up left after the approve, exactly (the address ends at zero), booked once at finality', async () => {
    const hot = await approvedAddress('alice', 300);
    const leftover = await b.chainAdapter.nativeBalance(hot);
    const tank = await b.chainAdapter.nativeBalance(b.gasTank);

    // A sweep one partner asked for (a waiting withdrawal) leaves leftovers to the scheduled run.
    const requested = await runSweeps(b.sweepDeps(withLeftovers()), { partnerId: b.merchantId });
    expect(requested.leftovers).toMatchObject({ checked: 0, returned: 0 });
    expect(await b.chainAdapter.nativeBalance(hot)).toBe(leftover);

    const report = await b.run(withLeftovers());
    expect(report.leftovers).toMatchObject({ checked: 1, returned: 1, notWorth: 0, failed: 0 });
    expect(report.errors).toEqual([]);
    expect(await b.chainAdapter.nativeBalance(hot)).toBe(0n);
    const [back] = await returnsOf(hot);
    expect(back).toMatchObject({ type: 'RETURN', from: hot, to: b.gasTank, nonce: 1, walletType: 'HOT' });
    const fee = 21_000n * back!.attempts[0]!.gasPrice;
    expect(back!.value).toBe(leftover - fee);
    expect(await b.chainAdapter.nativeBalance(b.gasTank)).toBe(tank + leftover - fee);

    await b.mine(3);
    expect((await b.run(withLeftovers())).errors).toEqual([]);
    const final = await b.wiring.store.getTx(back!.id);
    expect(final).toMatchObject({ status: 'FINAL' });
    const entry = await b.base.ledger.getEntry(`gas:BSC:${final!.receipt!.hash}`);
    expect(entry).toBeDefined();
    const month = b.clock.now().toISOString().slice(0, 7);
    const { items } = await b.wiring.gasRecords.listByPartnerMonth(b.merchantId, month, { limit: 100 });
    expect(items.filter((r) => r.type === 'RETURN')).toEqual([
      expect.objectContaining({ address: hot, nativeAmount: fee, transferredAmount: leftover - fee }),
    ]);
    await expectCustodyEqualsChain();

    // Nothing more: the approval left the queue, no second return.
    const again = await b.run(withLeftovers());
    expect(again.leftovers).toMatchObject({ checked: 0, returned: 0 });
    expect(await returnsOf(hot)).toHaveLength(1);
  });

  it('a crash right after the broadcast: the next run finds the record, sends nothing new, books it once', async () => {
    const hot = await approvedAddress('bob', 300);
    const leftover = await b.chainAdapter.nativeBalance(hot);
    // The node takes the return, then the process dies before it records anything more.
    const real = b.chainAdapter;
    const crashing = new Proxy(real, {
      get(t, prop, receiver) {
        const value = Reflect.get(t, prop, receiver) as unknown;
        if (prop !== 'broadcast' || typeof value !== 'function') return value;
        return async (raw: string) => {
          const outcome = await (value as SweepChain['broadcast']).call(t, raw);
          if (Transaction.from(raw).from?.toLowerCase() === hot.toLowerCase())
            throw new Error('process crashed after the broadcast');
          return outcome;
        };
      },
    });
    const crashed = await b.run({ ...withLeftovers(), chain: crashing });
    expect(crashed.errors).toEqual([expect.stringContaining('process crashed after the broadcast')]);
    const [recorded] = await returnsOf(hot);
    expect(recorded).toMatchObject({ status: 'SIGNED' });
    expect(await b.chainAdapter.nativeBalance(hot)).toBe(0n);

    const resumed = await b.run(withLeftovers());
    expect(resumed.errors).toEqual([]);
    expect(resumed.leftovers).toMatchObject({ returned: 0 });
    await b.mine(3);
    await b.run(withLeftovers());
    expect(await returnsOf(hot)).toEqual([
      expect.objectContaining({ status: 'FINAL', attempts: [expect.anything()] }),
    ]);
    // One approve and one return from the address, ever.
    expect(await b.chainAdapter.transactionCount(hot, 'latest')).toBe(2);
    const fee = 21_000n * recorded!.attempts[0]!.gasPrice;
    expect(recorded!.value).toBe(leftover - fee);
    await expectCustodyEqualsChain();
  });

  it('not worth it: nothing is signed or sent, and the address is not looked at again', async () => {
    const hot = await approvedAddress('carol', 20);
    const balance = await b.chainAdapter.nativeBalance(hot);
    const report = await b.run(withLeftovers());
    expect(report.leftovers).toMatchObject({ checked: 1, returned: 0, notWorth: 1 });
    expect(await b.chainAdapter.nativeBalance(hot)).toBe(balance);
    expect(await b.chainAdapter.transactionCount(hot, 'latest')).toBe(1);
    expect(await returnsOf(hot)).toEqual([]);
    expect((await b.run(withLeftovers())).leftovers).toMatchObject({ checked: 0 });
    await expectCustodyEqualsChain();
  });

  it('an address with a deposit waiting keeps its coin; once swept, its leftover goes back; a failing address does not stop the others', async () => {
    const dave = await approvedAddress('dave', 300);
    b.clock.advance(1_000); // the queue is in order of the approvals' last write: Dave's first
    const erin = await approvedAddress('erin', 300);
    const daveBalance = await b.chainAdapter.nativeBalance(dave);
    await b.credit(dave, b.units('4')); // below the sweep minimum: waits CONFIRMED
    const erinWallet = (await b.deposits.wallets.lookup('BSC', [erin])).get(erin.toLowerCase())!;
    const failingSigners: DepositAddressSigners = {
      signerFor: async (account, index) => {
        if (index === erinWallet.hdIndex) throw new Error('key vault unavailable');
        return b.wiring.addressSigners.signerFor(account, index);
      },
    };
    // Bounded: one address a run looks at one (the oldest in the queue: Dave's, left alone).
    b.clock.advance(1_000);
    const bounded = await b.run(withLeftovers({ ...LEFTOVERS, maxPerRun: 1 }));
    expect(bounded.leftovers).toMatchObject({
      checked: 1,
      returned: 0,
      leftAlone: [{ address: dave.toLowerCase(), reason: 'DEPOSITS_WAITING' }],
    });
    // Left alone, Dave's goes to the back of the queue: the next bounded run looks at Erin's.
    const roundRobin = await b.run({
      ...withLeftovers({ ...LEFTOVERS, maxPerRun: 1 }),
      addressSigners: failingSigners,
    });
    expect(roundRobin.leftovers).toMatchObject({ checked: 1, failed: 1, leftAlone: [] });
    const report = await b.run({ ...withLeftovers(), addressSigners: failingSigners });
    expect(report.leftovers).toMatchObject({
      checked: 2,
      returned: 0,
      failed: 1,
      leftAlone: [{ address: dave.toLowerCase(), reason: 'DEPOSITS_WAITING' }],
    });
    expect(report.errors).toEqual([expect.stringContaining('key vault unavailable')]);
    expect(await b.chainAdapter.nativeBalance(dave)).toBe(daveBalance);
    expect(await returnsOf(dave)).toEqual([]);

    // Erin's is returned by the next run; Dave's once his deposits are swept and final.
    await b.credit(dave, b.units('7'));
    const next = await b.run(withLeftovers());
    expect(next).toMatchObject({ sweepsSent: 1, errors: [] });
    expect(next.leftovers).toMatchObject({ returned: 1 });
    expect(await b.chainAdapter.nativeBalance(erin)).toBe(0n);
    await b.mine(3);
    const last = await b.run(withLeftovers());
    expect(last.leftovers).toMatchObject({ returned: 1 });
    expect(await b.chainAdapter.nativeBalance(dave)).toBe(0n);
    await b.mine(3);
    expect((await b.run(withLeftovers())).errors).toEqual([]);
    expect(await returnsOf(dave)).toEqual([expect.objectContaining({ status: 'FINAL' })]);
    await expectCustodyEqualsChain();
  });
});
