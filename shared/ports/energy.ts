/**
 * Energy for TRON sweeps. A TRC-20 transfer needs energy (~65k to an address that holds the token,
 * ~130k to one that does not); without it the sender burns TRX at the chain's energy price, several
 * TRX per transfer. Sources behind this port:
 * - `DELEGATION`: the platform's own staked TRX (Stake 2.0) delegated to the deposit address for the
 *   sweep and reclaimed right after it;
 * - `RENTAL`: a third-party provider that delegates energy for a fee (an HTTP API).
 * Burning is the fallback that needs no provider (the sweeper tops the address up with TRX instead).
 * Amounts are sun (1 TRX = 1,000,000 sun), as bigint.
 */
import type { TronSignedTx } from './tron-sweeps';

export type EnergySourceKind = 'DELEGATION' | 'RENTAL';

export interface EnergyTxOptions {
  /**
   * DELEGATION: called with our signed transaction (and what it will grant) before it is broadcast; the
   * caller records it first, so a crash after the broadcast cannot leave a transaction — and the fee it
   * burns — that nothing knows about. A throw here broadcasts nothing.
   */
  readonly beforeBroadcast?: (signed: TronSignedTx, grant: EnergyGrant) => Promise<void>;
}

export interface EnergyQuote {
  readonly kind: EnergySourceKind;
  readonly energy: number;
  /**
   * What using this source costs, in sun: a rental's price, or the delegation's opportunity cost (the
   * energy the platform's stake would otherwise earn or serve), for comparison with burning.
   */
  readonly costSun: bigint;
}

export interface EnergyGrant {
  readonly kind: EnergySourceKind;
  readonly receiver: string;
  readonly energy: number;
  /** What the platform pays for it, in sun (rental price; 0 for a delegation of its own stake). */
  readonly paidSun: bigint;
  /** The delegation transaction (ours or the provider's), when known. */
  readonly txId?: string;
  /** The provider's order id (RENTAL). */
  readonly orderId?: string;
  /** The caller's id for the order (RENTAL), as sent. */
  readonly clientOrderId?: string;
  /** TRX staked behind the delegation, in sun (DELEGATION: what `release` undelegates). */
  readonly delegatedSun?: bigint;
}

export interface EnergyProvider {
  readonly kind: EnergySourceKind;
  /** What `energy` for `receiver` would cost now; undefined when this source cannot serve it. */
  quote(receiver: string, energy: number): Promise<EnergyQuote | undefined>;
  /**
   * Obtains the energy (the delegation is broadcast; the caller waits until the receiver has it).
   * `clientOrderId` (RENTAL): the caller's id for this order, recorded before the call; the same id
   * again answers the first order instead of placing (and paying for) a second one, so a retry after a
   * crash, a timeout or a lost answer cannot buy twice. `beforeBroadcast` (DELEGATION): see EnergyTxOptions.
   */
  acquire(
    receiver: string,
    energy: number,
    maxCostSun: bigint,
    options?: EnergyTxOptions & { readonly clientOrderId?: string },
  ): Promise<EnergyGrant>;
  /**
   * Gives it back once the sweep is mined: undelegates (DELEGATION; `beforeBroadcast` is called with the
   * undelegation first); a rental expires on its own.
   */
  release(grant: EnergyGrant, options?: EnergyTxOptions): Promise<{ readonly txId?: string }>;
}

/**
 * The source did not provide the energy. `REFUSED`: it answered no (nothing was placed or paid);
 * `UNKNOWN`: no usable answer (a timeout, a dropped connection, a gateway error) — an order may have been
 * placed, so only the same client order id may be tried again.
 */
export class EnergyUnavailableError extends Error {
  readonly outcome: 'REFUSED' | 'UNKNOWN';
  constructor(
    readonly kind: EnergySourceKind,
    message: string,
    options?: { cause?: unknown; outcome?: 'REFUSED' | 'UNKNOWN' },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EnergyUnavailableError';
    this.outcome = options?.outcome ?? 'REFUSED';
  }
}
