import type { AccountId } from '../domain/ledger/accounts';
import type { AssetCode } from '../domain/ledger/asset';
import type { EntryRequest, ReasonCode, StoredEntry } from '../domain/ledger/entry';

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
  readonly status: 'APPLIED' | 'DUPLICATE';
  readonly entry: StoredEntry;
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
  /** Posts an entry atomically; a retry of the same entry returns the original. */
  post(request: EntryRequest): Promise<PostResult>;
  getEntry(id: string): Promise<StoredEntry | undefined>;
  /** Strongly consistent balance (sum of the account's shards). */
  balance(account: AccountId): Promise<AccountBalance>;
  /** Account history, newest first, with the running posted balance after each line. */
  flows(account: AccountId, query: FlowsQuery): Promise<FlowsPage>;
  /** Every account holding an asset, with its balance (for reconciliation; eventually consistent). */
  balancesByAsset(asset: AssetCode): Promise<AccountBalance[]>;
}
