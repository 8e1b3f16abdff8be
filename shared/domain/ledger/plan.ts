import { GatewayError } from '../errors';
import { parseAccount } from './accounts';
import type { AccountId, ParsedAccount } from './accounts';
import { partnerIdsOf, payloadHash, validateEntry } from './entry';
import type { EntryRequest, Posting, ReasonCode, StoredEntry } from './entry';

/**
 * Turns an entry into the exact changes it makes to each account. The in-memory reference ledger and
 * the DynamoDB adapter both apply these plans, so the rules live in one place.
 *
 * Per account four totals move: posted and pending, debits and credits. "Available" is the normal-side
 * posted balance less pending decreases — credit-normal: credits − debits − pending debits;
 * debit-normal: debits − credits − pending credits. Accounts that must not go negative may never have
 * a negative available balance, so a reservation (pending) already counts against it.
 */
export interface AccountChange {
  readonly account: ParsedAccount;
  readonly postedDebits: bigint;
  readonly postedCredits: bigint;
  readonly pendingDebits: bigint;
  readonly pendingCredits: bigint;
}

export interface HistoryLine {
  readonly account: AccountId;
  readonly reason: ReasonCode;
  /** Change of the posted balance on the account's normal side. */
  readonly delta: bigint;
}

export interface LedgerPlan {
  readonly entry: StoredEntry;
  readonly changes: readonly AccountChange[];
  readonly lines: readonly HistoryLine[];
  readonly resolvesPending?: { readonly id: string; readonly to: 'POSTED' | 'VOIDED' };
}

export function availableDelta(c: AccountChange): bigint {
  return c.account.normal === 'credit'
    ? c.postedCredits - c.postedDebits - c.pendingDebits
    : c.postedDebits - c.postedCredits - c.pendingCredits;
}

export function postedDelta(c: Pick<AccountChange, 'account' | 'postedDebits' | 'postedCredits'>): bigint {
  return c.account.normal === 'credit' ? c.postedCredits - c.postedDebits : c.postedDebits - c.postedCredits;
}

type Mutable = { -readonly [K in keyof AccountChange]: AccountChange[K] };

class ChangeSet {
  private readonly byAccount = new Map<AccountId, Mutable>();
  private readonly lineTotals = new Map<string, { account: AccountId; reason: ReasonCode; delta: bigint }>();
  constructor(private readonly shardOverrides?: ReadonlyMap<string, number>) {}

  private get(id: AccountId): Mutable {
    let c = this.byAccount.get(id);
    if (!c) {
      c = {
        account: parseAccount(id, this.shardOverrides),
        postedDebits: 0n,
        postedCredits: 0n,
        pendingDebits: 0n,
        pendingCredits: 0n,
      };
      this.byAccount.set(id, c);
    }
    return c;
  }

  move(p: Posting, field: 'posted' | 'pending', amount: bigint, reason: ReasonCode): void {
    if (amount === 0n) return;
    const d = this.get(p.debit);
    const c = this.get(p.credit);
    if (field === 'posted') {
      d.postedDebits += amount;
      c.postedCredits += amount;
      this.line(d.account, reason, d.account.normal === 'debit' ? amount : -amount);
      this.line(c.account, reason, c.account.normal === 'credit' ? amount : -amount);
    } else {
      d.pendingDebits += amount;
      c.pendingCredits += amount;
    }
  }

  private line(account: ParsedAccount, reason: ReasonCode, delta: bigint): void {
    const key = `${account.id}|${reason}`;
    const l = this.lineTotals.get(key) ?? { account: account.id, reason, delta: 0n };
    l.delta += delta;
    this.lineTotals.set(key, l);
  }

  changes(): AccountChange[] {
    return [...this.byAccount.values()].filter(
      (c) =>
        c.postedDebits !== 0n || c.postedCredits !== 0n || c.pendingDebits !== 0n || c.pendingCredits !== 0n,
    );
  }

  lines(): HistoryLine[] {
    return [...this.lineTotals.values()].filter((l) => l.delta !== 0n);
  }
}

/**
 * Plans an entry. POST_PENDING and VOID_PENDING need the stored pending entry; it must still be
 * PENDING (the store re-checks that atomically when it writes).
 */
export function planEntry(
  request: EntryRequest,
  pending?: StoredEntry,
  shardOverrides?: ReadonlyMap<string, number>,
): LedgerPlan {
  validateEntry(request);
  const set = new ChangeSet(shardOverrides);
  const base = { payloadHash: payloadHash(request) };

  if (request.kind === 'POSTED' || request.kind === 'PENDING') {
    const field = request.kind === 'POSTED' ? 'posted' : 'pending';
    for (const p of request.postings) set.move(p, field, p.amount, p.reason ?? request.reason);
    const entry: StoredEntry = {
      ...request,
      ...base,
      partnerIds: partnerIdsOf(request.postings),
      ...(request.kind === 'PENDING' ? { pendingStatus: 'PENDING' as const } : {}),
    };
    return { entry, changes: set.changes(), lines: set.lines() };
  }

  if (!pending || pending.id !== request.pendingId || pending.kind !== 'PENDING') {
    throw new GatewayError('PENDING_NOT_FOUND', `Pending entry ${request.pendingId} not found`);
  }
  if (pending.pendingStatus !== 'PENDING') {
    throw new GatewayError(
      'PENDING_ALREADY_RESOLVED',
      `Pending entry ${pending.id} is already ${pending.pendingStatus}`,
      {
        details: { status: pending.pendingStatus },
      },
    );
  }
  let posted: Posting[] = [];
  if (request.kind === 'POST_PENDING') {
    if (request.postings.length === 0) posted = pending.postings.map((p) => ({ ...p }));
    else {
      if (request.postings.length !== pending.postings.length) {
        throw new GatewayError(
          'VALIDATION_FAILED',
          'A post names one amount per posting of the pending entry',
        );
      }
      posted = request.postings.map((p, i) => {
        const original = pending.postings[i] as Posting;
        if (p.debit !== original.debit || p.credit !== original.credit) {
          throw new GatewayError('VALIDATION_FAILED', `Posting ${i} must keep the pending entry's accounts`);
        }
        if (p.amount > original.amount) {
          throw new GatewayError('VALIDATION_FAILED', `Posting ${i} posts more than was reserved`);
        }
        return { ...original, amount: p.amount };
      });
    }
  }
  pending.postings.forEach((original, i) => {
    const reason = original.reason ?? pending.reason;
    set.move(original, 'pending', -original.amount, reason);
    const amount = posted[i]?.amount ?? 0n;
    set.move(original, 'posted', amount, reason);
  });
  const effectivePostings = posted.filter((p) => p.amount > 0n);
  const entry: StoredEntry = {
    ...request,
    postings: request.kind === 'POST_PENDING' ? effectivePostings : [],
    ...base,
    partnerIds: pending.partnerIds,
  };
  return {
    entry,
    changes: set.changes(),
    lines: set.lines(),
    resolvesPending: { id: pending.id, to: request.kind === 'POST_PENDING' ? 'POSTED' : 'VOIDED' },
  };
}
