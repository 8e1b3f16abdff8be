import type { FeeShare } from '../deposit/fees';

/**
 * What a distributor's sub-partners do and what it earns from them (issue 16, ADR 0032), kept as
 * counters that the deposit and withdrawal writes and the deposit credit move in their own
 * transactions — like the dashboard's daily counters (ADR 0027) — so a report reads a handful of items
 * whatever the volume.
 *
 * For a record at partner M whose ancestors are A1 (its parent) … Ak (the platform), every ancestor A
 * keeps one counter per (UTC day, child of A on the path to M): the deposits and withdrawals of that
 * child's whole subtree and, per partner R at or above A, what R earned from that subtree. So:
 *
 * - a row of the activity overview (direct child c of the caller) is the caller's counters for c;
 * - a sub-partner X's summary is X's parent's counters for X, whoever asks (its revenue is the caller's);
 * - the caller's revenue per direct child is the caller's counters, and the totals their sum (a
 *   partner earns nothing from deposits made to itself: DESIGN.md §1, README "Deposit fees by partner
 *   type"), which is exactly what the ledger's revenue account received.
 *
 * Deposits and withdrawals count by the dashboard's rules (daily-activity.ts): a deposit on its
 * detection day unless FAILED, a withdrawal on its creation day once held and not refused. Revenue
 * counts when the credit is posted (the ledger entry's transaction), on the deposit's detection day —
 * the entry's effective day — so the counters and the revenue account agree to the minor unit.
 */
export interface SubtreeDelta {
  /** The ancestor keeping the counter. */
  readonly ancestorId: string;
  /** Its child on the path to the record's partner (the record's partner itself when a direct child). */
  readonly childId: string;
  /** YYYY-MM-DD (UTC). */
  readonly day: string;
  readonly asset: string;
  readonly depositCount: number;
  readonly depositAmount: bigint;
  readonly withdrawalCount: number;
  readonly withdrawalAmount: bigint;
  /** What each partner at or above the ancestor earned (only non-zero amounts). */
  readonly revenue: ReadonlyMap<string, bigint>;
}

const dayOf = (iso: string) => iso.slice(0, 10);

/** The ancestor → child pairs a record at `partnerId` counts for (`ancestry`: its parent first). */
function pathPairs(
  partnerId: string,
  ancestry: readonly string[],
): { ancestorId: string; childId: string }[] {
  return ancestry.map((ancestorId, i) => ({
    ancestorId,
    childId: i === 0 ? partnerId : (ancestry[i - 1] as string),
  }));
}

interface Counted {
  readonly partnerId: string;
  readonly status: string;
  readonly amount: bigint;
  readonly asset: string;
  /** The partner's ancestors, parent first (absent on records made before ADR 0032: counted nowhere). */
  readonly ancestry?: readonly string[];
}

const zero = { depositCount: 0, depositAmount: 0n, withdrawalCount: 0, withdrawalAmount: 0n } as const;

/** A deposit recorded (`before` absent) or moved: the subtree counters it moves (none when it changes nothing). */
export function depositSubtreeDeltas(
  before: Pick<Counted, 'status'> | undefined,
  after: Counted & { readonly detectedAt: string },
): SubtreeDelta[] {
  const counts = (s: string | undefined) => (s !== undefined && s !== 'FAILED' ? 1 : 0);
  const change = counts(after.status) - counts(before?.status);
  if (change === 0) return [];
  return pathPairs(after.partnerId, after.ancestry ?? []).map((p) => ({
    ...p,
    ...zero,
    day: dayOf(after.detectedAt),
    asset: after.asset,
    depositCount: change,
    depositAmount: BigInt(change) * after.amount,
    revenue: new Map(),
  }));
}

const NOT_GOING_OUT: ReadonlySet<string> = new Set(['REQUESTED', 'REJECTED', 'CANCELLED', 'FAILED']);

/** A withdrawal recorded or moved: the subtree counters it moves (the dashboard's rule, daily-activity.ts). */
export function withdrawalSubtreeDeltas(
  before: Pick<Counted, 'status'> | undefined,
  after: Counted & { readonly createdAt: string },
): SubtreeDelta[] {
  const going = (s: string | undefined) => (s !== undefined && !NOT_GOING_OUT.has(s) ? 1 : 0);
  const change = going(after.status) - going(before?.status);
  if (change === 0) return [];
  return pathPairs(after.partnerId, after.ancestry ?? []).map((p) => ({
    ...p,
    ...zero,
    day: dayOf(after.createdAt),
    asset: after.asset,
    withdrawalCount: change,
    withdrawalAmount: BigInt(change) * after.amount,
    revenue: new Map(),
  }));
}

/**
 * The revenue a credited deposit pays (its fee shares), per ancestor and child on the path: each
 * ancestor's counter carries what every partner at or above it earned. Posted once, with the credit.
 */
export function revenueSubtreeDeltas(deposit: {
  readonly partnerId: string;
  readonly asset: string;
  readonly detectedAt: string;
  readonly feeShares: readonly FeeShare[];
  readonly ancestry?: readonly string[];
}): SubtreeDelta[] {
  const ancestry = deposit.ancestry ?? [];
  const earned = new Map<string, bigint>();
  for (const s of deposit.feeShares)
    if (s.amount > 0n) earned.set(s.partnerId, (earned.get(s.partnerId) ?? 0n) + s.amount);
  if (earned.size === 0) return [];
  return pathPairs(deposit.partnerId, ancestry).flatMap((p, i) => {
    const atOrAbove = new Set(ancestry.slice(i));
    const revenue = new Map([...earned].filter(([pid]) => atOrAbove.has(pid)));
    if (revenue.size === 0) return [];
    return [{ ...p, ...zero, day: dayOf(deposit.detectedAt), asset: deposit.asset, revenue }];
  });
}
