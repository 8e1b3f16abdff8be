import type { NetworkCode } from '../domain/chains/networks';

/**
 * What a deposit poller keeps between rounds and invocations, per network:
 *
 * - a **lease** so only one poller follows a network at a time. Whoever holds an unexpired lease owns
 *   the network; the holder renews it every round and releases it when it stops. A crashed holder's
 *   lease simply expires.
 * - a **cursor**: the highest block below which every block was scanned and handed to the intake while
 *   final. It only ever moves forward.
 *
 * Correctness never rests on the lease: two pollers running at once only duplicate work (the intake is
 * idempotent and each poller moves the cursor only over blocks it scanned itself). The lease saves RPC
 * calls and intake writes.
 */
export interface PollerLease {
  readonly network: NetworkCode;
  readonly owner: string;
  readonly expiresAt: Date;
}

export type LeaseOutcome =
  | { readonly status: 'acquired'; readonly lease: PollerLease }
  /** Another poller holds an unexpired lease (for `renew`: the lease was taken over or released). */
  | { readonly status: 'held-by-another'; readonly holder: PollerLease | undefined };

export interface CursorAdvance {
  /** False when the stored cursor was already at or beyond the requested block. */
  readonly advanced: boolean;
  /** The cursor after the call (the requested block, or the higher stored one). */
  readonly lastProcessedBlock: number;
}

export interface PollerStateStore {
  /** Takes the lease when it is free, expired, or already ours; `ttlMs` from `now`. */
  acquireLease(network: NetworkCode, owner: string, now: Date, ttlMs: number): Promise<LeaseOutcome>;
  /** Extends our lease; `held-by-another` when it is no longer ours (taken over after expiry, or released). */
  renewLease(network: NetworkCode, owner: string, now: Date, ttlMs: number): Promise<LeaseOutcome>;
  /** Gives the lease up if it is still ours; a no-op otherwise. */
  releaseLease(network: NetworkCode, owner: string): Promise<void>;
  /** Last block fully processed while final; undefined before the first poller run. */
  getCursor(network: NetworkCode): Promise<number | undefined>;
  /** Moves the cursor forward to `block`; never backwards. */
  advanceCursor(network: NetworkCode, block: number, now: Date): Promise<CursorAdvance>;
}

/**
 * How a network's poller is doing across rounds and invocations (issue 12 §0): a poller that keeps
 * failing stops deposit detection for its whole network, so its run of failures is kept where the
 * metrics job and the console can see it, not only in one invocation's memory.
 */
export interface PollerHealth {
  readonly network: NetworkCode;
  /** Rounds failed in a row, across invocations; 0 after any successful round. */
  readonly consecutiveFailures: number;
  /** First failed round of the current run of failures. */
  readonly failingSince?: string;
  readonly lastError?: string;
  readonly lastFailureAt?: string;
  readonly lastSuccessAt?: string;
}

export interface PollerHealthStore {
  getHealth(network: NetworkCode): Promise<PollerHealth | undefined>;
  /** The health of several networks read together (one request); a network never polled is absent. */
  getHealthOf(networks: readonly NetworkCode[]): Promise<ReadonlyMap<NetworkCode, PollerHealth>>;
  /** Counts one more failed round; returns the health after it. */
  recordRoundFailure(network: NetworkCode, error: string, now: Date): Promise<PollerHealth>;
  /** Resets the run of failures and stamps the last success. */
  recordRoundSuccess(network: NetworkCode, now: Date): Promise<void>;
}
