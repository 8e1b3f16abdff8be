import { GatewayError } from '../errors';
import type { AccountId } from './accounts';
import type { EntryRequest, StoredEntry } from './entry';
import { payloadHash } from './entry';
import { availableDelta, planEntry } from './plan';

/**
 * The ledger's reference model: the same plans, applied to maps in memory. Property tests drive it
 * with generated command sequences; the DynamoDB store must agree with it.
 */
export interface AccountTotals {
  postedDebits: bigint;
  postedCredits: bigint;
  pendingDebits: bigint;
  pendingCredits: bigint;
}

export type PostOutcome = { readonly status: 'APPLIED' | 'DUPLICATE'; readonly entry: StoredEntry };

export class MemoryLedger {
  readonly accounts = new Map<AccountId, AccountTotals & { available: bigint; normal: 'credit' | 'debit' }>();
  readonly entries = new Map<string, StoredEntry>();

  post(request: EntryRequest): PostOutcome {
    const existing = this.entries.get(request.id);
    if (existing) {
      if (existing.payloadHash !== payloadHash(request)) {
        throw new GatewayError(
          'LEDGER_ENTRY_CONFLICT',
          `Ledger entry ${request.id} exists with a different payload`,
          { details: { entryId: request.id } },
        );
      }
      return { status: 'DUPLICATE', entry: existing };
    }
    const pending = request.pendingId ? this.entries.get(request.pendingId) : undefined;
    const plan = planEntry(request, pending);
    for (const c of plan.changes) {
      const current = this.accounts.get(c.account.id);
      const delta = availableDelta(c);
      if (c.account.mustNotGoNegative && delta < 0n && (current?.available ?? 0n) + delta < 0n) {
        throw new GatewayError('INSUFFICIENT_FUNDS', `Insufficient funds in ${c.account.id}`, {
          details: { account: c.account.id },
        });
      }
    }
    for (const c of plan.changes) {
      const a = this.accounts.get(c.account.id) ?? {
        postedDebits: 0n,
        postedCredits: 0n,
        pendingDebits: 0n,
        pendingCredits: 0n,
        available: 0n,
        normal: c.account.normal,
      };
      a.postedDebits += c.postedDebits;
      a.postedCredits += c.postedCredits;
      a.pendingDebits += c.pendingDebits;
      a.pendingCredits += c.pendingCredits;
      a.available += availableDelta(c);
      this.accounts.set(c.account.id, a);
    }
    if (plan.resolvesPending && pending) {
      this.entries.set(pending.id, { ...pending, pendingStatus: plan.resolvesPending.to });
    }
    this.entries.set(plan.entry.id, plan.entry);
    return { status: 'APPLIED', entry: plan.entry };
  }

  /** Posted balance on the normal side. */
  balance(id: AccountId): bigint {
    const a = this.accounts.get(id);
    if (!a) return 0n;
    return a.normal === 'credit' ? a.postedCredits - a.postedDebits : a.postedDebits - a.postedCredits;
  }
}
