import type { EnergyGrant, EnergyProvider, EnergyQuote, EnergyTxOptions } from '../../ports/energy';
import { EnergyUnavailableError } from '../../ports/energy';

/**
 * Energy for one TRON transfer from the cheapest source that works — used by the sweeps, and by
 * anything else that sends TRC-20 from a gateway address (a MASTER withdrawal).
 */
export type EnergyChoice = { readonly kind: 'DELEGATION' | 'RENTAL' | 'BURN'; readonly costSun: bigint };

/**
 * The sources to try, cheapest first: each available quote, and burning (always possible) at
 * `energy × price`. On equal cost the platform's own stake goes first, then a rental, then burning.
 */
export function rankEnergySources(
  quotes: readonly (EnergyQuote | undefined)[],
  burnCostSun: bigint,
): EnergyChoice[] {
  const order = { DELEGATION: 0, RENTAL: 1, BURN: 2 } as const;
  const options: EnergyChoice[] = [
    ...quotes
      .filter((q): q is EnergyQuote => q !== undefined)
      .map((q) => ({ kind: q.kind, costSun: q.costSun })),
    { kind: 'BURN' as const, costSun: burnCostSun },
  ];
  return options.sort((a, b) =>
    a.costSun < b.costSun ? -1 : a.costSun > b.costSun ? 1 : order[a.kind] - order[b.kind],
  );
}

export interface EnergyAcquisition {
  /** BURN: no provider served it; the sender must hold `costSun` TRX (plus a margin) to burn. */
  readonly kind: 'DELEGATION' | 'RENTAL' | 'BURN';
  readonly costSun: bigint;
  readonly grant?: EnergyGrant;
  /** Sources that were cheaper but failed, as `KIND: reason`. */
  readonly fallbacks: readonly string[];
  /**
   * The rental order got no usable answer (it may have been placed): nothing else was acquired, and the
   * caller asks the provider again with the same client order id.
   */
  readonly orderOutcomeUnknown?: string;
}

export interface AcquireEnergyOptions {
  /** Sent with a rental order: the provider answers the first order for a known id instead of placing another. */
  readonly clientOrderId?: string;
  /** Called before a rental order is placed, with the most it may cost; the caller records it first. */
  readonly beforeOrder?: (maxCostSun: bigint) => Promise<void>;
  /**
   * Called with our delegation transaction before it is broadcast; the caller records it first (its fee
   * is then booked from the record whatever happens after the broadcast).
   */
  readonly beforeBroadcast?: EnergyTxOptions['beforeBroadcast'];
  /**
   * Called when the provider refused what was recorded (nothing placed): the rental order (RENTAL), or
   * the node the recorded delegation (DELEGATION).
   */
  readonly onRefused?: (reason: string, kind: 'DELEGATION' | 'RENTAL') => Promise<void>;
}

/**
 * Quotes every source, then acquires from the cheapest that works; a provider that fails falls back to
 * the next cheapest, and burning is the answer when it is cheapest or nothing else worked.
 */
export async function acquireCheapestEnergy(
  providers: { readonly delegation?: EnergyProvider; readonly rental?: EnergyProvider },
  receiver: string,
  energy: number,
  energyPriceSun: bigint,
  options: AcquireEnergyOptions = {},
): Promise<EnergyAcquisition> {
  const { delegation, rental } = providers;
  const burnCost = BigInt(energy) * energyPriceSun;
  const quotes = await Promise.all([
    delegation?.quote(receiver, energy).catch(() => undefined),
    rental?.quote(receiver, energy).catch(() => undefined),
  ]);
  const fallbacks: string[] = [];
  for (const choice of rankEnergySources(quotes, burnCost)) {
    if (choice.kind === 'BURN') return { kind: 'BURN', costSun: burnCost, fallbacks };
    const provider = choice.kind === 'DELEGATION' ? delegation : rental;
    if (!provider) continue;
    const rentalOrder = choice.kind === 'RENTAL';
    if (rentalOrder) await options.beforeOrder?.(choice.costSun);
    let recorded = rentalOrder;
    const { beforeBroadcast } = options;
    try {
      const grant = await provider.acquire(
        receiver,
        energy,
        choice.costSun,
        rentalOrder
          ? options.clientOrderId
            ? { clientOrderId: options.clientOrderId }
            : {}
          : beforeBroadcast
            ? {
                beforeBroadcast: async (signed, g) => {
                  await beforeBroadcast(signed, g);
                  recorded = true;
                },
              }
            : {},
      );
      return { kind: choice.kind, costSun: choice.costSun, grant, fallbacks };
    } catch (e) {
      if (!(e instanceof EnergyUnavailableError)) throw e;
      if (rentalOrder && e.outcome === 'UNKNOWN')
        return { kind: 'RENTAL', costSun: choice.costSun, fallbacks, orderOutcomeUnknown: e.message };
      if (recorded) await options.onRefused?.(e.message, choice.kind);
      fallbacks.push(`${choice.kind}: ${e.message}`);
    }
  }
  return { kind: 'BURN', costSun: burnCost, fallbacks };
}
