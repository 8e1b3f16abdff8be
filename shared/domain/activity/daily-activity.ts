import { rescale } from '../ledger/amount';
import { findAsset } from '../ledger/asset';

/**
 * The console dashboard's figures, kept as counters that every deposit and withdrawal write updates in
 * the same transaction (ADR 0027), so the dashboard reads a handful of items however many deposits a
 * day brings. These are the rules for what counts; the adapter turns a change into ADD deltas.
 *
 * - Deposits received on a day (UTC, by detectedAt): every deposit but a FAILED one (a reorged or
 *   below-minimum transfer, or one parked for review). FAILED is final, so a deposit is counted when it
 *   is recorded (unless recorded FAILED) and taken back once when it fails.
 * - Withdrawals processed on a day (UTC, by confirmedAt): CONFIRMED ones ("today's withdrawals" are
 *   what went out today, not what was asked for). CONFIRMED is final, so each counts once.
 * - Withdrawals in progress, whatever their day: held and neither CONFIRMED nor REJECTED, CANCELLED or
 *   FAILED (REQUESTED is the instant before the hold; an unheld one is deleted). Shown apart.
 * - The approval queue: withdrawals in PENDING_APPROVAL, whatever their day.
 * USD amounts: stablecoins 1:1, summed at 18 decimals (the widest token) so no precision is lost.
 */
export const USD_SCALE = 18;

export interface ActivityDelta {
  readonly partnerId: string;
  /** YYYY-MM-DD (UTC). */
  readonly day: string;
  readonly depositCount: number;
  readonly depositUsd: bigint;
  readonly withdrawalCount: number;
  readonly withdrawalUsd: bigint;
  /** Change of the withdrawals in progress (not per day). */
  readonly withdrawalsInProgress: number;
  /** Change of the approval queue (not per day). */
  readonly pendingApprovals: number;
}

interface Counted {
  readonly partnerId: string;
  readonly status: string;
  readonly amount: bigint;
  readonly asset: string;
}

export function usdValue(amount: bigint, asset: string): bigint {
  return rescale(amount, findAsset(asset)?.decimals ?? 0, USD_SCALE);
}

const dayOf = (iso: string) => iso.slice(0, 10);
const NOT_GOING_OUT: ReadonlySet<string> = new Set(['REQUESTED', 'REJECTED', 'CANCELLED', 'FAILED']);

/** A deposit recorded (`before` absent) or moved from `before` to `after`: what it changes, if anything. */
export function depositActivity(
  before: Pick<Counted, 'status'> | undefined,
  after: Counted & { readonly detectedAt: string },
): ActivityDelta | undefined {
  const was = before !== undefined && before.status !== 'FAILED' ? 1 : 0;
  const is = after.status !== 'FAILED' ? 1 : 0;
  const change = is - was;
  if (change === 0) return undefined;
  return {
    partnerId: after.partnerId,
    day: dayOf(after.detectedAt),
    depositCount: change,
    depositUsd: BigInt(change) * usdValue(after.amount, after.asset),
    withdrawalCount: 0,
    withdrawalUsd: 0n,
    withdrawalsInProgress: 0,
    pendingApprovals: 0,
  };
}

/** A withdrawal recorded (`before` absent) or moved from `before` to `after`: what it changes, if anything. */
export function withdrawalActivity(
  before: Pick<Counted, 'status'> | undefined,
  after: Counted & { readonly createdAt: string; readonly confirmedAt?: string | undefined },
): ActivityDelta | undefined {
  const done = (s: string | undefined) => (s === 'CONFIRMED' ? 1 : 0);
  const inProgress = (s: string | undefined) =>
    s !== undefined && !NOT_GOING_OUT.has(s) && s !== 'CONFIRMED' ? 1 : 0;
  const pending = (s: string | undefined) => (s === 'PENDING_APPROVAL' ? 1 : 0);
  const change = done(after.status) - done(before?.status);
  const moving = inProgress(after.status) - inProgress(before?.status);
  const queue = pending(after.status) - pending(before?.status);
  if (change === 0 && moving === 0 && queue === 0) return undefined;
  return {
    partnerId: after.partnerId,
    day: dayOf(after.confirmedAt ?? after.createdAt),
    depositCount: 0,
    depositUsd: 0n,
    withdrawalCount: change,
    withdrawalUsd: BigInt(change) * usdValue(after.amount, after.asset),
    withdrawalsInProgress: moving,
    pendingApprovals: queue,
  };
}
