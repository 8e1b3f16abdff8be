import fc from 'fast-check';
import {
  approveBudget,
  gasCost,
  isGasTankLow,
  isStuck,
  relayerBudget,
  replacementGasPrice,
  usdValue,
  withMargin,
} from '../../../shared/domain/sweeps/gas';
import {
  MAX_DEPOSITS_PER_SWEEP,
  decideSweep,
  groupSweepable,
  selectGroups,
  settledInPlace,
} from '../../../shared/domain/sweeps/sweep-plan';
import type { SweepableDeposit } from '../../../shared/domain/sweeps/sweep-plan';
import {
  masterGasRequestId,
  masterTopUpAmount,
  nextRelayerNonce,
} from '../../../shared/domain/sweeps/sweep-transaction';

const USDT = 10n ** 6n;
const HOT_A = '0xAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAa';
const HOT_B = '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB';

let n = 0;
function deposit(overrides: Partial<SweepableDeposit> = {}): SweepableDeposit {
  n += 1;
  return {
    id: `POLYGON:0x${n.toString(16).padStart(64, '0')}:0`,
    partnerId: 'pt_1',
    network: 'POLYGON',
    token: 'USDT',
    asset: 'USDT@POLYGON',
    toAddress: HOT_A,
    walletType: 'HOT',
    amount: 10n * USDT,
    status: 'CONFIRMED',
    detectedAt: `2026-11-20T12:00:${String(n % 60).padStart(2, '0')}.000Z`,
    confirmedAt: `2026-11-20T12:01:${String(n % 60).padStart(2, '0')}.000Z`,
    ...overrides,
  };
}

describe('sweep plan', () => {
  it('groups CONFIRMED deposits per partner, address and token; the amount is the sum of the credited deposits', () => {
    const a1 = deposit({ amount: 5n * USDT });
    const a2 = deposit({ amount: 7n * USDT, toAddress: HOT_A.toLowerCase() });
    const aUsdc = deposit({ token: 'USDC', asset: 'USDC@POLYGON', amount: 3n * USDT });
    const b1 = deposit({ toAddress: HOT_B, amount: 11n * USDT });
    const pending = deposit({ status: 'CONFIRMING' });
    const inFlight = deposit({ status: 'COLLECTING' });
    const inMaster = deposit({ walletType: 'MASTER', toAddress: HOT_B });
    const groups = groupSweepable([b1, a2, pending, aUsdc, inFlight, a1, inMaster]);
    expect(groups.map((g) => [g.address.toLowerCase(), g.token, g.amount, g.depositIds.length])).toEqual([
      [HOT_A.toLowerCase(), 'USDT', 12n * USDT, 2],
      [HOT_A.toLowerCase(), 'USDC', 3n * USDT, 1],
      [HOT_B.toLowerCase(), 'USDT', 11n * USDT, 1],
    ]);
  });

  it('puts the oldest group first and caps a group at the deposits one recorded sweep can check', () => {
    const many = Array.from({ length: MAX_DEPOSITS_PER_SWEEP + 5 }, (_, i) =>
      deposit({
        toAddress: HOT_B,
        amount: 1n,
        confirmedAt: `2026-11-21T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000Z`,
      }),
    );
    const old = deposit({ confirmedAt: '2026-11-19T00:00:00.000Z' });
    const [first, second] = groupSweepable([...many, old]);
    expect(first?.depositIds).toEqual([old.id]);
    expect(second?.depositIds).toHaveLength(MAX_DEPOSITS_PER_SWEEP);
    expect(second?.amount).toBe(BigInt(MAX_DEPOSITS_PER_SWEEP));
    // The oldest ones go first; the newest five wait for the next sweep.
    expect(second?.depositIds).toEqual(
      many
        .slice(0, MAX_DEPOSITS_PER_SWEEP)
        .map((d) => d.id)
        .sort(),
    );
  });

  it('never puts a deposit in two groups, and groups add up to what is eligible (property)', () => {
    const arb = fc.array(
      fc.record({
        address: fc.constantFrom(HOT_A, HOT_B, HOT_A.toLowerCase()),
        token: fc.constantFrom('USDT' as const, 'USDC' as const),
        partnerId: fc.constantFrom('pt_1', 'pt_2'),
        status: fc.constantFrom(
          'CONFIRMED' as const,
          'CONFIRMED' as const,
          'CONFIRMING' as const,
          'COLLECTING' as const,
          'SETTLED' as const,
        ),
        walletType: fc.constantFrom('HOT' as const, 'HOT' as const, 'POOL' as const, 'MASTER' as const),
        amount: fc.bigInt({ min: 0n, max: 10n ** 24n }),
      }),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(arb, (rows) => {
        const deposits = rows.map((r) =>
          deposit({
            toAddress: r.address,
            token: r.token,
            asset: `${r.token}@POLYGON`,
            partnerId: r.partnerId,
            status: r.status,
            walletType: r.walletType,
            amount: r.amount,
          }),
        );
        const groups = groupSweepable(deposits);
        const ids = groups.flatMap((g) => g.depositIds);
        expect(new Set(ids).size).toBe(ids.length);
        const eligible = deposits.filter(
          (d) => d.status === 'CONFIRMED' && d.walletType !== 'MASTER' && d.amount > 0n,
        );
        expect(new Set(ids)).toEqual(new Set(eligible.map((d) => d.id)));
        for (const g of groups) {
          const members = deposits.filter((d) => g.depositIds.includes(d.id));
          expect(g.amount).toBe(members.reduce((s, d) => s + d.amount, 0n));
          expect(
            new Set(members.map((d) => `${d.partnerId}|${d.toAddress.toLowerCase()}|${d.token}`)).size,
          ).toBe(1);
        }
      }),
    );
  });

  it('sweeps at the threshold, never when the chain holds less than what was credited', () => {
    expect(decideSweep({ amount: 10n * USDT }, 10n * USDT, 10n * USDT)).toEqual({
      sweep: true,
      amount: 10n * USDT,
    });
    expect(decideSweep({ amount: 10n * USDT }, 10n * USDT, 12n * USDT)).toEqual({
      sweep: true,
      amount: 10n * USDT,
    });
    expect(decideSweep({ amount: 10n * USDT - 1n }, 10n * USDT, 50n * USDT)).toEqual({
      sweep: false,
      reason: 'BELOW_THRESHOLD',
    });
    expect(decideSweep({ amount: 10n * USDT }, 10n * USDT, 10n * USDT - 1n)).toEqual({
      sweep: false,
      reason: 'CHAIN_BALANCE_SHORT',
    });
    expect(decideSweep({ amount: 0n }, 0n, 0n)).toEqual({ sweep: false, reason: 'BELOW_THRESHOLD' });
  });

  it('selects groups past their asset threshold, at most the run limit', () => {
    const groups = groupSweepable([
      deposit({ amount: 9n * USDT }),
      deposit({ toAddress: HOT_B, amount: 20n * USDT }),
      deposit({ toAddress: HOT_B, token: 'USDC', asset: 'USDC@POLYGON', amount: 30n * USDT }),
    ]);
    expect(selectGroups(groups, () => 10n * USDT, 10).map((g) => g.amount)).toEqual([20n * USDT, 30n * USDT]);
    expect(selectGroups(groups, () => 10n * USDT, 1)).toHaveLength(1);
  });

  it('settles deposits that arrived in MASTER in place', () => {
    const inMaster = deposit({ walletType: 'MASTER' });
    expect(
      settledInPlace([inMaster, deposit(), deposit({ walletType: 'MASTER', status: 'SETTLED' })]),
    ).toEqual([inMaster]);
  });
});

describe('gas arithmetic', () => {
  it('raises by a whole-percent margin, rounding up', () => {
    expect(withMargin(100n, 20)).toBe(120n);
    expect(withMargin(101n, 20)).toBe(122n); // 121.2 → 122
    expect(withMargin(7n, 0)).toBe(7n);
    expect(() => withMargin(1n, -1)).toThrow(RangeError);
  });

  it("sizes the approve's top-up to cover its most expensive outcome exactly", () => {
    const b = approveBudget({ gasEstimate: 46_000n, gasPrice: 3_000_000_000n, marginPercent: 20 });
    expect(b).toEqual({ gasLimit: 55_200n, gasPrice: 3_600_000_000n, maxCost: 55_200n * 3_600_000_000n });
    fc.assert(
      fc.property(
        fc.bigInt({ min: 21_000n, max: 10n ** 7n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 300 }),
        (gas, price, margin) => {
          const budget = approveBudget({ gasEstimate: gas, gasPrice: price, marginPercent: margin });
          expect(budget.gasLimit).toBeGreaterThanOrEqual(gas);
          expect(budget.gasPrice).toBeGreaterThanOrEqual(price);
          // Whatever the approve uses up to its limit, the top-up pays it.
          expect(gasCost(budget.gasLimit, budget.gasPrice)).toBe(budget.maxCost);
          expect(gasCost(gas, price)).toBeLessThanOrEqual(budget.maxCost);
        },
      ),
    );
  });

  it('keeps the current price for the relayer and adds the margin to the gas limit only', () => {
    expect(relayerBudget({ gasEstimate: 60_000n, gasPrice: 5n, marginPercent: 20 })).toEqual({
      gasLimit: 72_000n,
      gasPrice: 5n,
      maxCost: 360_000n,
    });
    expect(() => relayerBudget({ gasEstimate: 0n, gasPrice: 5n, marginPercent: 20 })).toThrow(RangeError);
  });

  it('prices a replacement at least 12.5 % above the previous attempt (nodes want 10 %)', () => {
    expect(replacementGasPrice(1_000n, 900n)).toBe(1_125n);
    expect(replacementGasPrice(1_000n, 2_000n)).toBe(2_000n);
    expect(replacementGasPrice(1n, 1n)).toBe(2n);
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        (prev, now) => {
          const next = replacementGasPrice(prev, now);
          expect(next * 10n).toBeGreaterThanOrEqual(prev * 11n);
          expect(next).toBeGreaterThanOrEqual(now);
        },
      ),
    );
  });

  it('values gas in USD exactly, half up to 6 places, and null without a price', () => {
    expect(usdValue(10n ** 18n, 18, '612.5')).toBe('612.5');
    expect(usdValue(46_000n * 3_000_000_000n, 18, '600')).toBe('0.0828');
    expect(usdValue(1n, 18, '600')).toBe('0');
    expect(usdValue(5n * 10n ** 11n, 18, '1')).toBe('0.000001'); // 0.0000005 rounds up
    expect(usdValue(10n ** 18n, 18, undefined)).toBeNull();
    expect(() => usdValue(1n, 18, '1e3')).toThrow();
  });

  it('calls a transaction stuck only after the configured wait, and the tank low below its minimum', () => {
    const now = new Date('2026-11-20T12:03:00.000Z');
    expect(isStuck('2026-11-20T12:00:00.000Z', now, 180_000)).toBe(true);
    expect(isStuck('2026-11-20T12:00:00.001Z', now, 180_000)).toBe(false);
    expect(isGasTankLow(99n, 100n)).toBe(true);
    expect(isGasTankLow(100n, 100n)).toBe(false);
  });
});

describe('sweep transactions', () => {
  it("takes the gas tank's next nonce from its own counter, pushed forward by the chain only", () => {
    expect(nextRelayerNonce(undefined, 0, 0)).toBe(0);
    expect(nextRelayerNonce(undefined, 4, 6)).toBe(6);
    // Our counter is ahead of the chain while recorded transactions wait to be (re)broadcast.
    expect(nextRelayerNonce(9, 7, 8)).toBe(9);
    // The key was used elsewhere (or the table restored): never reuse what the chain has seen.
    expect(nextRelayerNonce(9, 12, 12)).toBe(12);
  });
});

describe('MASTER gas top-ups', () => {
  it('sends only what MASTER lacks, counting top-ups already on the way', () => {
    expect(masterTopUpAmount(100n, 0n, 0n)).toBe(100n);
    expect(masterTopUpAmount(100n, 30n, 0n)).toBe(70n);
    expect(masterTopUpAmount(100n, 30n, 70n)).toBe(0n);
    expect(masterTopUpAmount(100n, 150n, 0n)).toBe(0n);
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        (required, balance, onTheWay) => {
          const amount = masterTopUpAmount(required, balance, onTheWay);
          expect(amount >= 0n).toBe(true);
          // Never more than the shortfall; afterwards MASTER holds what is required.
          expect(balance + onTheWay + amount >= required).toBe(true);
          if (amount > 0n) expect(balance + onTheWay + amount).toBe(required);
        },
      ),
    );
  });

  it('keys a request by network, partner and withdrawal: a retry finds the same one', () => {
    expect(masterGasRequestId('BSC', 'p1', 'W1')).toBe(masterGasRequestId('BSC', 'p1', 'W1'));
    expect(masterGasRequestId('BSC', 'p1', 'W1')).not.toBe(masterGasRequestId('POLYGON', 'p1', 'W1'));
    expect(masterGasRequestId('BSC', 'p1', 'W1')).not.toBe(masterGasRequestId('BSC', 'p1', 'W2'));
  });
});
