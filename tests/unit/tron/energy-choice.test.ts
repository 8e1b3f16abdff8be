import { acquireCheapestEnergy, rankEnergySources } from '../../../shared/app/sweeps/tron-energy';
import { EnergyUnavailableError } from '../../../shared/ports/energy';
import type { EnergyProvider } from '../../../shared/ports/energy';

function provider(kind: 'DELEGATION' | 'RENTAL', sunPerEnergy: bigint | undefined, fails = false) {
  const acquired: number[] = [];
  const p: EnergyProvider & { acquired: number[] } = {
    kind,
    acquired,
    quote: async (_r, energy) =>
      sunPerEnergy === undefined ? undefined : { kind, energy, costSun: BigInt(energy) * sunPerEnergy },
    acquire: async (receiver, energy) => {
      acquired.push(energy);
      if (fails) throw new EnergyUnavailableError(kind, `${kind} down`);
      return {
        kind,
        receiver,
        energy,
        paidSun: kind === 'RENTAL' ? BigInt(energy) * (sunPerEnergy ?? 0n) : 0n,
      };
    },
    release: async () => ({}),
  };
  return p;
}

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

describe('acquiring energy for a TRON transfer', () => {
  const to = 'TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC';

  it('acquires from the cheapest source and leaves the others alone', async () => {
    const delegation = provider('DELEGATION', 20n);
    const rental = provider('RENTAL', 40n);
    const got = await acquireCheapestEnergy({ delegation, rental }, to, 65_000, 100n);
    expect(got).toMatchObject({ kind: 'DELEGATION', costSun: 1_300_000n, fallbacks: [] });
    expect([delegation.acquired, rental.acquired]).toEqual([[65_000], []]);
  });

  it('falls back to the next cheapest when a provider fails, and to burning when all do', async () => {
    const rental = provider('RENTAL', 10n, true);
    const delegation = provider('DELEGATION', 30n);
    expect(await acquireCheapestEnergy({ delegation, rental }, to, 65_000, 100n)).toMatchObject({
      kind: 'DELEGATION',
      fallbacks: ['RENTAL: RENTAL down'],
    });
    const both = await acquireCheapestEnergy(
      { delegation: provider('DELEGATION', 30n, true), rental },
      to,
      65_000,
      100n,
    );
    expect(both).toMatchObject({
      kind: 'BURN',
      costSun: 6_500_000n,
      fallbacks: ['RENTAL: RENTAL down', 'DELEGATION: DELEGATION down'],
    });
  });

  it('burns without asking anyone when burning is the cheapest', async () => {
    const rental = provider('RENTAL', 150n);
    expect(await acquireCheapestEnergy({ rental }, to, 1_000, 100n)).toMatchObject({
      kind: 'BURN',
      costSun: 100_000n,
    });
    expect(rental.acquired).toEqual([]);
  });
});
