import type { AccountId } from '../domain/ledger/accounts';
import type { AssetCode } from '../domain/ledger/asset';
import type { EntryRequest, ReasonCode, StoredEntry } from '../domain/ledger/entry';
import type { DepositPatch } from './deposits';
import type { DepositStatus } from '../domain/deposit/deposit';
import type { OutboxEvent } from './outbox';

export interface AccountBalance {
  readonly account: AccountId;
  readonly asset: AssetCode;
  /** Posted balance on the account's normal side. */
  readonly posted: bigint;
  /** Posted balance less pending decreases (what may still be spent or reserved). */
  readonly available: bigint;
  readonly postedDebits: bigint;
  readonly postedCredits: bigint;
  readonly pendingDebits: bigint;
  readonly pendingCredits: bigint;
}

export interface PostResult {
  /** DUPLICATE: the entry existed already, and this call wrote nothing (not its side effects either). */
  readonly status: 'APPLIED' | 'DUPLICATE';
  readonly entry: StoredEntry;
}

/**
 * A write that commits in the same transaction as a ledger entry, in domain terms (the store turns it
 * into its own items). If its condition fails, nothing of the post is written.
 */
export type LedgerSideEffect =
  /** The deposit moves from `from` (its condition) with `patch`: ILLEGAL_TRANSITION when it is no longer `from`. */
  | {
      readonly type: 'DEPOSIT_TRANSITION';
      readonly depositId: string;
      readonly from: DepositStatus;
      readonly patch: DepositPatch;
    }
  /** An event for the transactional outbox (ports/outbox.ts). */
  | { readonly type: 'OUTBOX_EVENT'; readonly outbox: OutboxEvent }
  /**
   * Writes another adapter of the same store prepared, opaque here, added as they are: the revenue
   * counters a credit moves (ports/subtree-activity.ts `RevenueCounters`, ADR 0032). ADDs only, no
   * condition of their own.
   */
  | { readonly type: 'PREPARED_WRITES'; readonly writes: readonly unknown[] };

export interface PostOptions {
  /** Written with the entry, all or nothing. They count toward the 100-item transaction limit. */
  readonly alsoWrite?: readonly LedgerSideEffect[];
  /**
   * How many times a write that lost a race on a balance (a concurrent write to the same item) is
   * tried, with jittered backoff, before LEDGER_CONTENTION (nothing written). Background work keeps the
   * store's default; a request that must answer within its budget passes a small number.
   */
  readonly maxAttempts?: number;
}

export interface FlowLine {
  readonly entryId: string;
  readonly account: AccountId;
  readonly reason: ReasonCode;
  /** Change of the posted balance: positive is a credit to a partner balance. */
  readonly delta: bigint;
  readonly balanceAfter: bigint;
  readonly effectiveAt: string;
  readonly cause: { readonly type: string; readonly id: string };
}

export interface FlowsQuery {
  readonly limit: number;
  readonly cursor?: string;
  /** Inclusive ISO bounds on the effective time. */
  readonly from?: string;
  readonly to?: string;
  readonly reason?: ReasonCode;
}

export interface FlowsPage {
  readonly lines: readonly FlowLine[];
  readonly nextCursor?: string;
}

export interface LedgerStore {
  /**
   * Posts an entry atomically, with `options.alsoWrite` in the same transaction; a retry of the same
   * entry returns the original (DUPLICATE, writing nothing).
   */
  post(request: EntryRequest, options?: PostOptions): Promise<PostResult>;
  getEntry(id: string): Promise<StoredEntry | undefined>;
  /** Strongly consistent balance (sum of the account's shards). */
  balance(account: AccountId): Promise<AccountBalance>;
  /**
   * Strongly consistent balances of several accounts, in order, read together: every shard an account
   * can have is named (MAX_SHARDS each, ADR 0029), so up to 6 accounts cost one request.
   */
  balances(accounts: readonly AccountId[]): Promise<AccountBalance[]>;
  /** Account history, newest first, with the running posted balance after each line. */
  flows(account: AccountId, query: FlowsQuery): Promise<FlowsPage>;
  /** Every account holding an asset, with its balance (for reconciliation; eventually consistent). */
  balancesByAsset(asset: AssetCode): Promise<AccountBalance[]>;
}
