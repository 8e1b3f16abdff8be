import fc from 'fast-check';
import {
  distributorFeeIssues,
  distributorFloor,
  formatRate,
  merchantFeeIssues,
  parseRate,
  ppmToPercent,
} from '../../../console/src/lib/fees';
import { assertMerchantRate, minFeeRate, percentToPpm } from '../../../shared/domain/deposit/fees';
import type { FeeChainLink } from '../../../shared/domain/deposit/fees';

/** A rate in ppm with at most 4 percent decimals, as a percent string and back. */
const ppm = (max = 200_000) => fc.integer({ min: 0, max }).map((n) => BigInt(n));

describe('console fee constraints (seed 000 §7.3)', () => {
  it("shows §7.3's example inline: under DEMO_DIST (floor 0.8 %, cap 3 %) 1.2 % passes, 0.7 % and 3.1 % do not", () => {
    const own = { parentFeeRate: '0.3', maxFeeCap: '3', minFeeRate: '0.8' };
    expect(merchantFeeIssues('1.2', own)).toEqual([]);
    expect(merchantFeeIssues('0.8', own)).toEqual([]);
    expect(merchantFeeIssues('0.7', own)).toEqual([
      { field: 'depositFeeRate', key: 'belowFloor', params: { floor: '0.8' } },
    ]);
    expect(merchantFeeIssues('3.1', own)).toEqual([
      { field: 'depositFeeRate', key: 'aboveCap', params: { cap: '3' } },
    ]);
    expect(merchantFeeIssues('1,2', own)).toEqual([{ field: 'depositFeeRate', key: 'invalid', params: {} }]);
  });

  it('agrees with the domain rule the server applies, for any platform base, spread, cap and merchant rate', () => {
    fc.assert(
      fc.property(ppm(), ppm(), ppm(300_000), ppm(300_000), (base, parentFee, cap, rate) => {
        const chain: FeeChainLink[] = [
          { partnerId: 'P', type: 'PLATFORM', rate: base },
          { partnerId: 'D', type: 'DISTRIBUTOR', rate: parentFee, maxFeeCap: cap },
        ];
        const own = {
          parentFeeRate: ppmToPercent(parentFee),
          maxFeeCap: ppmToPercent(cap),
          minFeeRate: ppmToPercent(minFeeRate(chain)),
        };
        let serverAccepts = true;
        try {
          assertMerchantRate(chain, rate);
        } catch {
          serverAccepts = false;
        }
        expect(merchantFeeIssues(ppmToPercent(rate), own).length === 0).toBe(serverAccepts);
      }),
    );
  });

  it('gives a sub-distributor the floor minFeeRate(caller) + its parentFeeRate, and wants its cap at or above it', () => {
    const own = { parentFeeRate: '0.3', maxFeeCap: '3', minFeeRate: '0.8' };
    expect(distributorFloor('0.25', own)).toBe(10_500n);
    expect(distributorFeeIssues('0.25', '2', own)).toEqual([]);
    expect(distributorFeeIssues('0.25', '1.05', own)).toEqual([]);
    expect(distributorFeeIssues('0.25', '1', own)).toEqual([
      { field: 'maxFeeCap', key: 'capBelowFloor', params: { floor: '1.05' } },
    ]);
    expect(distributorFeeIssues('x', '', own).map((i) => i.field)).toEqual(['parentFeeRate', 'maxFeeCap']);
  });

  it('reads and writes percent strings exactly and shows a missing rate as a dash', () => {
    fc.assert(fc.property(ppm(999_999), (p) => expect(parseRate(ppmToPercent(p))).toBe(p)));
    // The same grammar as the server's percentToPpm: what one reads, the other reads the same.
    const texts = fc.oneof(
      fc.stringMatching(/^[0-9]{1,3}(\.[0-9]{0,5})?$/),
      fc.constantFrom('', ' ', '1,2', '-1', '01', '100', '1.', '.5', '99.9999'),
    );
    fc.assert(
      fc.property(texts, (text) => {
        let server: bigint | undefined;
        try {
          server = percentToPpm(text);
        } catch {
          server = undefined;
        }
        expect(parseRate(text)).toBe(server);
      }),
    );
    expect(formatRate('1.2')).toBe('1.2 %');
    expect(formatRate(undefined)).toBe('—');
  });
});
