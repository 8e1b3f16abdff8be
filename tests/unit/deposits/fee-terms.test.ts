import fc from 'fast-check';
import {
  depositFeeTerms,
  minFeeRate,
  percentToPpm,
  PPM,
  splitDepositFee,
} from '../../../shared/domain/deposit/fees';
import type { FeeChainLink, FeeReceiver } from '../../../shared/domain/deposit/fees';

const USDT = 10n ** 6n;
const platform: FeeChainLink = { partnerId: 'platform', type: 'PLATFORM', rate: percentToPpm('0.5') };
const a: FeeChainLink = { partnerId: 'A', type: 'DISTRIBUTOR', rate: percentToPpm('0.3') };

const sharesOf = (f: { shares: readonly { partnerId: string; amount: bigint }[] }) =>
  Object.fromEntries(f.shares.map((s) => [s.partnerId, s.amount]));

describe('deposit fee terms', () => {
  describe('a deposit at the platform partner itself', () => {
    it('charges no fee and credits the whole amount (the platform would pay itself)', () => {
      const terms = depositFeeTerms({ type: 'PLATFORM', partnerId: 'platform' }, []);
      const fee = splitDepositFee(1_000n * USDT, terms.depositFeeRate, terms.chain);
      expect(fee).toEqual({ fee: 0n, net: 1_000n * USDT, shares: [] });
    });

    it('refuses a platform with ancestors (corrupt hierarchy)', () => {
      expect(() => depositFeeTerms({ type: 'PLATFORM', partnerId: 'platform' }, [platform])).toThrow(
        /platform has no parent/,
      );
    });
  });

  describe('a deposit at a distributor’s own address', () => {
    it('is charged the distributor’s own floor: each ancestor earns its spread, the distributor nothing from itself', () => {
      const b: FeeReceiver = { type: 'DISTRIBUTOR', partnerId: 'B', parentFeeRate: percentToPpm('0.2') };
      // min(B) = 0.5 + 0.3 + 0.2 = 1.0 %: A earns the 0.2 % B pays it, the platform 0.5 + 0.3 %.
      const terms = depositFeeTerms(b, [platform, a]);
      expect(terms.depositFeeRate).toBe(percentToPpm('1'));
      const fee = splitDepositFee(10_000n * USDT, terms.depositFeeRate, terms.chain);
      expect(fee.fee).toBe(100n * USDT);
      expect(sharesOf(fee)).toEqual({ platform: 80n * USDT, A: 20n * USDT });
    });

    it('at the top level pays the platform its base plus its own parent fee', () => {
      const terms = depositFeeTerms({ type: 'DISTRIBUTOR', partnerId: 'A', parentFeeRate: a.rate }, [
        platform,
      ]);
      const fee = splitDepositFee(1_000n * USDT, terms.depositFeeRate, terms.chain);
      expect(fee).toEqual({
        fee: 8n * USDT,
        net: 992n * USDT,
        shares: [{ partnerId: 'platform', role: 'PLATFORM', amount: 8n * USDT }],
      });
    });
  });

  describe('a deposit at a merchant', () => {
    it('uses its own rate, or its distributor’s floor when it has none', () => {
      expect(
        depositFeeTerms({ type: 'MERCHANT', partnerId: 'M', depositFeeRate: percentToPpm('1.2') }, [
          platform,
          a,
        ]).depositFeeRate,
      ).toBe(12_000n);
      expect(depositFeeTerms({ type: 'MERCHANT', partnerId: 'M' }, [platform, a]).depositFeeRate).toBe(
        8_000n,
      );
    });

    it('below its floor (a rate left behind by a bad change) keeps its agreed rate: the platform is paid first, the nearest distributors absorb the shortfall, nobody gets a negative share', () => {
      const b: FeeChainLink = { partnerId: 'B', type: 'DISTRIBUTOR', rate: percentToPpm('0.2') };
      // Floor 1.0 %, merchant at 0.9 %: the platform gets its 0.8 %, A the 0.1 % left of its 0.2 %, B nothing.
      const fee = splitDepositFee(10_000n * USDT, percentToPpm('0.9'), [platform, a, b]);
      expect(fee.fee).toBe(90n * USDT);
      expect(sharesOf(fee)).toEqual({ platform: 80n * USDT, A: 10n * USDT });
    });
  });

  describe('for every partner type and any rates (property)', () => {
    const rate = fc.bigInt({ min: 0n, max: 40_000n });
    const distributors = fc
      .array(rate, { maxLength: 5 })
      .map((rates) =>
        rates.map((r, i): FeeChainLink => ({ partnerId: `D${i}`, type: 'DISTRIBUTOR', rate: r })),
      );
    const ancestors = fc
      .tuple(rate, distributors)
      .map(([base, ds]): FeeChainLink[] => [{ partnerId: 'platform', type: 'PLATFORM', rate: base }, ...ds]);
    const receiver = fc.oneof(
      fc.constant<FeeReceiver>({ type: 'PLATFORM', partnerId: 'platform' }),
      rate.map((r): FeeReceiver => ({ type: 'DISTRIBUTOR', partnerId: 'self', parentFeeRate: r })),
      fc.option(fc.bigInt({ min: 0n, max: PPM }), { nil: undefined }).map((r): FeeReceiver => ({
        type: 'MERCHANT',
        partnerId: 'self',
        ...(r === undefined ? {} : { depositFeeRate: r }),
      })),
    );
    const amount = fc.bigInt({ min: 0n, max: 10n ** 30n });

    it('splits into shares that sum to the fee, with fee + net = amount and nothing negative', () => {
      fc.assert(
        fc.property(receiver, ancestors, amount, (who, chainAbove, amt) => {
          const terms = depositFeeTerms(who, who.type === 'PLATFORM' ? [] : chainAbove);
          const f = splitDepositFee(amt, terms.depositFeeRate, terms.chain);
          const sum = f.shares.reduce((s, x) => s + x.amount, 0n);
          return (
            sum === f.fee &&
            f.fee + f.net === amt &&
            f.fee >= 0n &&
            f.net >= 0n &&
            f.shares.every((s) => s.amount > 0n) &&
            !f.shares.some((s) => s.partnerId === 'self')
          );
        }),
        { numRuns: 500 },
      );
    });

    it('pays every ancestor exactly its spread whenever the rate is at or above the floor', () => {
      fc.assert(
        fc.property(ancestors, fc.bigInt({ min: 0n, max: 40_000n }), amount, (chain, extra, amt) => {
          const r = minFeeRate(chain) + extra;
          const f = splitDepositFee(amt, r, chain);
          const [, ...ds] = chain;
          return ds.every((d, i) => {
            const spread = i + 1 < ds.length ? (ds[i + 1] as FeeChainLink).rate : extra;
            return (sharesOf(f)[d.partnerId] ?? 0n) === (amt * spread) / PPM;
          });
        }),
        { numRuns: 300 },
      );
    });
  });

  it('refuses a rate above 100 % or below zero rather than crediting a negative net', () => {
    expect(() => splitDepositFee(100n, PPM + 1n, [platform])).toThrow(RangeError);
    expect(() => splitDepositFee(100n, -1n, [platform])).toThrow(RangeError);
  });
});
