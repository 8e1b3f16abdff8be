import type { Deposit } from '../deposit/deposit';

/**
 * Which credited deposits to sweep, and together with which. Pure: the run reads the queue of CONFIRMED
 * deposits and the chain, this decides.
 *
 * - Deposits are grouped per (partner, address, token): one `transferFrom` moves a group.
 * - The amount swept is the sum of the group's CONFIRMED deposits — exactly what the ledger holds in
 *   custody for them — never the on-chain balance, which may also hold unconfirmed deposits or dust
 *   that was recorded but not credited. The same funds can therefore never be swept twice: a deposit
 *   belongs to one sweep, by a conditional status move.
 * - A group is swept when that amount reaches the threshold (and the chain holds at least that much).
 * - Deposits that arrived in MASTER are already where a sweep would put them: they settle without a
 *   transaction.
 */
export type SweepableDeposit = Pick<
  Deposit,
  | 'id'
  | 'partnerId'
  | 'network'
  | 'token'
  | 'asset'
  | 'toAddress'
  | 'walletType'
  | 'amount'
  | 'status'
  | 'detectedAt'
  | 'confirmedAt'
>;

export interface SweepGroup {
  readonly key: string;
  readonly partnerId: string;
  readonly network: Deposit['network'];
  readonly address: string;
  readonly walletType: 'HOT' | 'POOL';
  readonly token: Deposit['token'];
  readonly asset: string;
  readonly amount: bigint;
  readonly depositIds: readonly string[];
  /** When the oldest deposit of the group was confirmed: older groups go first. */
  readonly oldest: string;
}

/**
 * Deposits one sweep moves at most: the sweep is recorded in one DynamoDB transaction together with a
 * "still CONFIRMED" check on each of them (100 items at most). An address with more waits one more run.
 */
export const MAX_DEPOSITS_PER_SWEEP = 90;

export function sweepGroupKey(partnerId: string, address: string, token: string): string {
  return `${partnerId}|${address.toLowerCase()}|${token}`;
}

/**
 * CONFIRMED deposits in HOT or POOL addresses, grouped per (partner, address, token), oldest group
 * first; a group takes its oldest MAX_DEPOSITS_PER_SWEEP deposits.
 */
export function groupSweepable(deposits: readonly SweepableDeposit[]): SweepGroup[] {
  const groups = new Map<
    string,
    { first: SweepableDeposit; ids: string[]; amount: bigint; oldest: string }
  >();
  const byAge = [...deposits].sort((a, b) => {
    const x = a.confirmedAt ?? a.detectedAt;
    const y = b.confirmedAt ?? b.detectedAt;
    return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  for (const d of byAge) {
    if (d.status !== 'CONFIRMED' || d.walletType === 'MASTER' || d.amount <= 0n) continue;
    const key = sweepGroupKey(d.partnerId, d.toAddress, d.token);
    const at = d.confirmedAt ?? d.detectedAt;
    const g = groups.get(key);
    if (!g) groups.set(key, { first: d, ids: [d.id], amount: d.amount, oldest: at });
    else if (g.ids.length < MAX_DEPOSITS_PER_SWEEP) {
      g.ids.push(d.id);
      g.amount += d.amount;
    }
  }
  return [...groups.entries()]
    .map(([key, g]) => ({
      key,
      partnerId: g.first.partnerId,
      network: g.first.network,
      address: g.first.toAddress,
      walletType: g.first.walletType as 'HOT' | 'POOL',
      token: g.first.token,
      asset: g.first.asset,
      amount: g.amount,
      depositIds: [...g.ids].sort(),
      oldest: g.oldest,
    }))
    .sort((a, b) => (a.oldest < b.oldest ? -1 : a.oldest > b.oldest ? 1 : a.key < b.key ? -1 : 1));
}

/** CONFIRMED deposits that arrived in MASTER: nothing to move, they settle as they are. */
export function settledInPlace(deposits: readonly SweepableDeposit[]): SweepableDeposit[] {
  return deposits.filter(
    (d) =>
      d.walletType === 'MASTER' &&
      (d.status === 'CONFIRMED' || d.status === 'COLLECTING' || d.status === 'COLLECTED'),
  );
}

export type SweepDecision =
  | { readonly sweep: true; readonly amount: bigint }
  | { readonly sweep: false; readonly reason: 'BELOW_THRESHOLD' | 'CHAIN_BALANCE_SHORT' };

/**
 * Whether to sweep a group now. `minimum` is the threshold in token units; `onChain` the address's
 * current token balance. A chain balance below the credited amount means something moved the funds
 * (or the node lags): never sweep then — report it.
 */
export function decideSweep(
  group: Pick<SweepGroup, 'amount'>,
  minimum: bigint,
  onChain: bigint,
): SweepDecision {
  if (group.amount < minimum || group.amount <= 0n) return { sweep: false, reason: 'BELOW_THRESHOLD' };
  if (onChain < group.amount) return { sweep: false, reason: 'CHAIN_BALANCE_SHORT' };
  return { sweep: true, amount: group.amount };
}

/** Groups to work on in one run: past the threshold by their own amount, at most `max`, oldest first. */
export function selectGroups(
  groups: readonly SweepGroup[],
  minimumFor: (asset: string) => bigint,
  max: number,
): SweepGroup[] {
  return groups.filter((g) => g.amount >= minimumFor(g.asset) && g.amount > 0n).slice(0, Math.max(0, max));
}
