import { rankEnergySources } from '../../../shared/app/sweeps/run-tron-sweeps';

describe('energy choice for a TRON sweep', () => {
  it('tries the cheapest source first and burning whenever it is cheaper than the others', () => {
    const burn = 65_000n * 100n;
    expect(
      rankEnergySources(
        [
          { kind: 'DELEGATION', energy: 65_000, costSun: 65_000n * 20n },
          { kind: 'RENTAL', energy: 65_000, costSun: 65_000n * 40n },
        ],
        burn,
      ).map((c) => c.kind),
    ).toEqual(['DELEGATION', 'RENTAL', 'BURN']);
    expect(
      rankEnergySources([{ kind: 'RENTAL', energy: 65_000, costSun: 65_000n * 120n }], burn).map(
        (c) => c.kind,
      ),
    ).toEqual(['BURN', 'RENTAL']);
  });

  it('falls back to burning when no source can quote', () => {
    expect(rankEnergySources([undefined, undefined], 13_028_500n)).toEqual([
      { kind: 'BURN', costSun: 13_028_500n },
    ]);
  });

  it('prefers the platform stake, then a rental, then burning on equal cost', () => {
    const cost = 1_000n;
    expect(
      rankEnergySources(
        [
          { kind: 'RENTAL', energy: 10, costSun: cost },
          { kind: 'DELEGATION', energy: 10, costSun: cost },
        ],
        cost,
      ).map((c) => c.kind),
    ).toEqual(['DELEGATION', 'RENTAL', 'BURN']);
  });
});
