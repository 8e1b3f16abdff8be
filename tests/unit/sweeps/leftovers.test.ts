import fc from 'fast-check';
import { tronBandwidthSun } from '../../../shared/domain/chains/tron-bandwidth';
import { NATIVE_TRANSFER_GAS, decideLeftover, evmReturnCost } from '../../../shared/domain/sweeps/leftovers';

const policy = { minimum: 1_000n, maxCostPercent: 10 };

describe('native leftovers: is a return worth it', () => {
  it('returns the balance less the cost, exactly', () => {
    expect(decideLeftover(100_000n, 5_000n, policy)).toEqual({ worth: true, amount: 95_000n, cost: 5_000n });
  });

  it('refuses when nothing would be left after the cost', () => {
    expect(decideLeftover(5_000n, 5_000n, policy)).toMatchObject({ worth: false, reason: 'NOTHING_LEFT' });
    expect(decideLeftover(0n, 0n, policy)).toMatchObject({ worth: false, reason: 'NOTHING_LEFT' });
    expect(decideLeftover(4_000n, 5_000n, policy)).toMatchObject({ worth: false, reason: 'NOTHING_LEFT' });
  });

  it('refuses below the minimum (the returned amount counts, not the balance)', () => {
    expect(decideLeftover(1_050n, 100n, policy)).toMatchObject({ worth: false, reason: 'BELOW_MINIMUM' });
    expect(decideLeftover(1_100n, 100n, policy)).toMatchObject({ worth: true, amount: 1_000n });
  });

  it('refuses when the cost is more than the configured share of what comes back', () => {
    // 10 % of 9_090 is 909: a cost of 910 is too much, 909 is fine.
    expect(decideLeftover(10_000n, 910n, policy)).toMatchObject({ worth: false, reason: 'COST_TOO_HIGH' });
    expect(decideLeftover(9_999n, 909n, policy)).toMatchObject({ worth: true, amount: 9_090n });
    // An approve's leftover at a 20 % margin is ~0.24 × its gas (11,040 gas-worth for a 46,000-gas
    // approve): less than a 21,000-gas transfer at the same price, so it stays.
    const price = 3_000_000_000n;
    const leftover = ((46_000n * 120n) / 100n - 46_000n) * ((price * 120n) / 100n);
    expect(decideLeftover(leftover, evmReturnCost(price), policy)).toMatchObject({ worth: false });
    // At a 300 % margin it is ~12 × the approve's gas: returned.
    const big = ((46_000n * 400n) / 100n - 46_000n) * ((price * 400n) / 100n);
    expect(decideLeftover(big, evmReturnCost(price), policy)).toMatchObject({ worth: true });
  });

  it('a free return (TRON free bandwidth) is worth any amount from the minimum up', () => {
    expect(decideLeftover(1_000n, 0n, policy)).toEqual({ worth: true, amount: 1_000n, cost: 0n });
  });

  it('refuses a bad policy or cost', () => {
    expect(() => decideLeftover(1n, -1n, policy)).toThrow(RangeError);
    expect(() => decideLeftover(1n, 0n, { minimum: 0n, maxCostPercent: 1.5 })).toThrow(RangeError);
    expect(() => decideLeftover(1n, 0n, { minimum: -1n, maxCostPercent: 10 })).toThrow(RangeError);
  });

  it('property: a return never takes the address below zero, and honours both limits', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 24n }),
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        fc.integer({ min: 0, max: 100 }),
        (available, cost, minimum, maxCostPercent) => {
          const d = decideLeftover(available, cost, { minimum, maxCostPercent });
          if (!d.worth) {
            // Refused only for one of its reasons.
            const amount = available - cost;
            const reasonHolds =
              amount <= 0n || amount < minimum || cost * 100n > amount * BigInt(maxCostPercent);
            return reasonHolds;
          }
          return (
            d.amount + d.cost === available &&
            d.amount > 0n &&
            d.amount >= minimum &&
            d.cost * 100n <= d.amount * BigInt(maxCostPercent)
          );
        },
      ),
    );
  });
});

describe('native leftovers: the cost of the return', () => {
  it('EVM: 21,000 gas at the signed price', () => {
    expect(NATIVE_TRANSFER_GAS).toBe(21_000n);
    expect(evmReturnCost(5_000_000_000n)).toBe(105_000_000_000_000n);
    expect(() => evmReturnCost(0n)).toThrow(RangeError);
  });

  it('TRON: free when bandwidth covers the bytes, else the whole size burned', () => {
    expect(tronBandwidthSun({ bytes: 268, bandwidthAvailable: 600, sunPerByte: 1_000n })).toBe(0n);
    expect(tronBandwidthSun({ bytes: 268, bandwidthAvailable: 268, sunPerByte: 1_000n })).toBe(0n);
    expect(tronBandwidthSun({ bytes: 268, bandwidthAvailable: 267, sunPerByte: 1_000n })).toBe(268_000n);
    expect(() => tronBandwidthSun({ bytes: 0, bandwidthAvailable: 0, sunPerByte: 1n })).toThrow(RangeError);
  });
});
