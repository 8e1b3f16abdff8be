import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GatewayError, isGatewayError, ValidationError } from '../../domain/errors';
import { ALL_SHARDS, parseAccount } from '../../domain/ledger/accounts';
import type { AccountId, ParsedAccount } from '../../domain/ledger/accounts';
import type { AssetCode } from '../../domain/ledger/asset';
import { payloadHash } from '../../domain/ledger/entry';
import type { EntryRequest, Posting, ReasonCode, StoredEntry } from '../../domain/ledger/entry';
import { availableDelta, planEntry } from '../../domain/ledger/plan';
import type { AccountChange, LedgerPlan } from '../../domain/ledger/plan';
import type {
  AccountBalance,
  FlowLine,
  FlowsPage,
  FlowsQuery,
  LedgerSideEffect,
  LedgerStore,
  PostOptions,
  PostResult,
} from '../../ports/ledger';
import { batchGetAll, cancellationReasons, queryAll as queryAllItems } from './client';
import { depositMoved, depositTransitionUpdate } from './deposit-repository';
import { outboxPutItem } from './outbox-store';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/**
 * The ledger on DynamoDB. Each entry is ONE TransactWriteItems: the entry (put only if new), the
 * pending entry it resolves (only if still PENDING), every touched balance item (ADD deltas; decreases
 * conditioned on the available balance), one history line per account and reason, and the caller's
 * side effects (`alsoWrite`: a deposit status change with its condition, outbox events). All or nothing.
 *
 * Items:
 *   LEDGER#ENTRY#<id>        / ENTRY            the immutable entry (+ pendingStatus for holds)
 *   LEDGER#ACCOUNT#<account> / SHARD#<nnn>      balance totals of one shard of an account
 *   LEDGER#LINES#<account>   / <at>#<entry>#<reason>   history line (delta of the posted balance)
 *
 * Hot accounts are spread over shards. Increases land on a shard picked by hashing the entry id;
 * decreases of accounts that must not go negative read the shards and, when no single shard covers
 * the amount, move balance between shards inside the same transaction, each move conditioned too.
 */
const ENTRY_IS_NEW = 'attribute_not_exists(PK)';
const PENDING_IS_OPEN = '#pendingStatus = :open';
const AVAILABLE_COVERS = '#avail >= :need';

const entryKey = (id: string) => ({ PK: `LEDGER#ENTRY#${id}`, SK: 'ENTRY' });
/** The key of an entry's item, for other aggregates' transactions that must check an entry (ab)sent. */
export const ledgerEntryKey = entryKey;
const shardKey = (account: AccountId, shard: number) => ({
  PK: `LEDGER#ACCOUNT#${account}`,
  SK: `SHARD#${String(shard).padStart(3, '0')}`,
});
const linesPartition = (account: AccountId) => `LEDGER#LINES#${account}`;
const assetIndexKey = (asset: AssetCode) => `LEDGER#ASSET#${asset}`;
/** Partitions of an account's balance items and history lines, for readers of the same table (finance statements). */
export const ledgerAccountPartition = (account: AccountId): string => shardKey(account, 0).PK;
export const ledgerLinesPartition = linesPartition;

/** Default attempts of a post that keeps losing races on a balance (PostOptions.maxAttempts). */
const MAX_ATTEMPTS = 60;
const MAX_TRANSACTION_ITEMS = 100;
/**
 * Reads of history one flows page may spend; with a reason filter (no key serves it) a read examines
 * FLOWS_FILTERED_READ lines, and a page that runs out of reads carries a cursor (issue 15).
 */
export const FLOWS_MAX_READS = 10;
const FLOWS_FILTERED_READ = 100;

type Num = { value: string } | number | bigint | string | undefined;
const big = (n: Num): bigint => (n === undefined ? 0n : typeof n === 'object' ? BigInt(n.value) : BigInt(n));

interface ShardState {
  readonly shard: number;
  readonly avail: bigint;
}

export interface LedgerStoreOptions {
  /** Shard counts per account path for busy partners (`partner:{id}:available` → 16). */
  readonly shardOverrides?: ReadonlyMap<string, number>;
  readonly now?: () => Date;
  /** Fault injection for tests: runs after the transaction is built and before it is sent. */
  readonly beforeWrite?: (entryId: string) => void | Promise<void>;
}

function sideEffectRefused(effect: LedgerSideEffect): GatewayError {
  if (effect.type === 'DEPOSIT_TRANSITION') return depositMoved(effect.depositId, effect.from);
  return new GatewayError('CONFLICT', `Side effect ${effect.type} was refused`);
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function entryFromItem(item: Record<string, unknown>): StoredEntry {
  const postings = (
    item['postings'] as { debit: string; credit: string; amount: Num; reason?: ReasonCode }[]
  ).map((p) => ({
    debit: p.debit,
    credit: p.credit,
    amount: big(p.amount),
    ...(p.reason ? { reason: p.reason } : {}),
  }));
  const { PK: _pk, SK: _sk, entity: _e, postings: _p, createdAt: _c, resolvedBy: _r, ...rest } = item;
  return { ...(rest as unknown as StoredEntry), postings };
}

function entryToItem(e: StoredEntry, createdAt: string): Record<string, unknown> {
  return {
    ...entryKey(e.id),
    entity: 'LedgerEntry',
    ...e,
    postings: e.postings.map((p: Posting) => ({
      debit: p.debit,
      credit: p.credit,
      amount: p.amount.toString(),
      ...(p.reason ? { reason: p.reason } : {}),
    })),
    createdAt,
  };
}

export class DynamoLedgerStore implements LedgerStore {
  private readonly now: () => Date;

  /** `db` must unmarshall numbers wrapped (see createDocumentClient's `wrapNumbers`), amounts exceed 2^53. */
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: LedgerStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async getEntry(id: string): Promise<StoredEntry | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: entryKey(id), ConsistentRead: true }),
    );
    return out.Item ? entryFromItem(out.Item) : undefined;
  }

  async post(request: EntryRequest, options: PostOptions = {}): Promise<PostResult> {
    const sideEffects = options.alsoWrite ?? [];
    const maxAttempts = Math.max(1, options.maxAttempts ?? MAX_ATTEMPTS);
    const hash = payloadHash(request);
    const duplicateOrConflict = (existing: StoredEntry): PostResult => {
      if (existing.payloadHash !== hash) {
        throw new GatewayError(
          'LEDGER_ENTRY_CONFLICT',
          `Ledger entry ${request.id} exists with a different payload`,
          { details: { entryId: request.id } },
        );
      }
      return { status: 'DUPLICATE', entry: existing };
    };

    for (let attempt = 0; ; attempt++) {
      let pending: StoredEntry | undefined;
      if (request.pendingId) {
        // A retry of an already applied post/void must answer DUPLICATE, not "already resolved".
        const [own, pend] = await Promise.all([this.getEntry(request.id), this.getEntry(request.pendingId)]);
        if (own) return duplicateOrConflict(own);
        pending = pend;
      }
      let plan: LedgerPlan;
      try {
        plan = planEntry(request, pending, this.options.shardOverrides);
      } catch (e) {
        // The two reads above are not one snapshot: a concurrent copy of this very entry may have
        // resolved the hold between them. Then this call is a duplicate, not a second resolution.
        if (request.pendingId && isGatewayError(e, 'PENDING_ALREADY_RESOLVED')) {
          const own = await this.getEntry(request.id);
          if (own) return duplicateOrConflict(own);
        }
        throw e;
      }
      const built = await this.buildTransaction(plan, request, sideEffects);
      if (built.insufficient) {
        const own = await this.getEntry(request.id);
        if (own) return duplicateOrConflict(own);
        throw this.insufficient(built.insufficient);
      }
      await this.options.beforeWrite?.(request.id);
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: built.items as never }));
        return { status: 'APPLIED', entry: plan.entry };
      } catch (e) {
        const reasons = cancellationReasons(e);
        if (!reasons) throw e;
        if (reasons[0] === 'ConditionalCheckFailed') {
          const existing = await this.getEntry(request.id);
          if (existing) return duplicateOrConflict(existing);
        }
        if (plan.resolvesPending && reasons[1] === 'ConditionalCheckFailed') {
          const own = await this.getEntry(request.id);
          if (own) return duplicateOrConflict(own);
          const current = await this.getEntry(plan.resolvesPending.id);
          throw new GatewayError(
            'PENDING_ALREADY_RESOLVED',
            `Pending entry ${plan.resolvesPending.id} is already ${current?.pendingStatus ?? 'resolved'}`,
          );
        }
        const definitive = built.conditioned.find(
          (c) => c.definitive && reasons[c.index] === 'ConditionalCheckFailed',
        );
        if (definitive) throw this.insufficient(definitive.account);
        // A side effect's own condition (the deposit moved on): the caller's state is stale, retrying cannot help.
        const refused = sideEffects.findIndex(
          (_, i) => reasons[built.sideEffectsAt[i] ?? -1] === 'ConditionalCheckFailed',
        );
        if (refused >= 0) throw sideEffectRefused(sideEffects[refused] as LedgerSideEffect);
        const retryable = reasons.some((r) => r === 'ConditionalCheckFailed' || r === 'TransactionConflict');
        if (!retryable) throw e;
        if (attempt + 1 >= maxAttempts) {
          throw new GatewayError(
            'LEDGER_CONTENTION',
            `Could not post ${request.id} under contention; retry`,
            { cause: e, details: { attempts: attempt + 1 } },
          );
        }
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 5 * 2 ** Math.min(attempt, 6))));
      }
    }
  }

  private insufficient(account: string): GatewayError {
    return new GatewayError('INSUFFICIENT_FUNDS', `Insufficient funds in ${account}`, {
      details: { account },
    });
  }

  private async readShards(account: AccountId): Promise<ShardState[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': shardKey(account, 0).PK },
      ConsistentRead: true,
    });
    return items.map((i) => ({
      shard: Number(String(i['SK']).slice('SHARD#'.length)),
      avail: big(i['avail'] as Num),
    }));
  }

  private async buildTransaction(
    plan: LedgerPlan,
    request: EntryRequest,
    sideEffects: readonly LedgerSideEffect[],
  ) {
    const at = this.now().toISOString();
    const items: Record<string, unknown>[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: entryToItem(plan.entry, at),
          ConditionExpression: ENTRY_IS_NEW,
        },
      },
    ];
    if (plan.resolvesPending) {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: entryKey(plan.resolvesPending.id),
          UpdateExpression: 'SET #pendingStatus = :to, resolvedBy = :by',
          ConditionExpression: PENDING_IS_OPEN,
          ExpressionAttributeNames: { '#pendingStatus': 'pendingStatus' },
          ExpressionAttributeValues: {
            ':open': 'PENDING',
            ':to': plan.resolvesPending.to,
            ':by': plan.entry.id,
          },
        },
      });
    }
    const conditioned: { index: number; account: string; definitive: boolean }[] = [];
    for (const change of plan.changes) {
      const delta = availableDelta(change);
      const account = change.account;
      const decreases = account.mustNotGoNegative && delta < 0n;
      if (!decreases) {
        const shard = account.shards > 1 ? fnv1a(`${plan.entry.id}|${account.id}`) % account.shards : 0;
        items.push(this.balanceUpdate(account, shard, change, delta, at));
        continue;
      }
      const need = -delta;
      if (account.shards === 1) {
        conditioned.push({ index: items.length, account: account.id, definitive: true });
        items.push(this.balanceUpdate(account, 0, change, delta, at, need));
        continue;
      }
      const shards = (await this.readShards(account.id)).sort((a, b) =>
        a.avail === b.avail ? a.shard - b.shard : a.avail > b.avail ? -1 : 1,
      );
      const total = shards.reduce((s, x) => s + x.avail, 0n);
      if (total < need) return { items, conditioned, sideEffectsAt: [], insufficient: account.id };
      const [target, ...others] = shards as [ShardState, ...ShardState[]];
      let deficit = need - target.avail;
      let moved = 0n;
      for (const other of others) {
        if (deficit <= 0n) break;
        const take = other.avail < deficit ? other.avail : deficit;
        if (take <= 0n) continue;
        conditioned.push({ index: items.length, account: account.id, definitive: false });
        items.push(this.shardMove(account, other.shard, -take, at, take));
        deficit -= take;
        moved += take;
      }
      conditioned.push({ index: items.length, account: account.id, definitive: false });
      items.push(this.balanceUpdate(account, target.shard, change, delta, at, need - moved, moved));
    }
    for (const line of plan.lines) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: {
            PK: linesPartition(line.account),
            SK: `${request.effectiveAt}#${plan.entry.id}#${line.reason}`,
            entity: 'LedgerLine',
            entryId: plan.entry.id,
            account: line.account,
            reason: line.reason,
            delta: line.delta,
            effectiveAt: request.effectiveAt,
            causeType: request.cause.type,
            causeId: request.cause.id,
          },
        },
      });
    }
    // Where each side effect's first item is (a condition failure names its item's index).
    const sideEffectsAt: number[] = [];
    for (const effect of sideEffects) {
      sideEffectsAt.push(items.length);
      items.push(...this.sideEffectItems(effect));
    }
    if (items.length > MAX_TRANSACTION_ITEMS) {
      throw new ValidationError('Entry touches too many accounts', [
        {
          path: sideEffects.length ? 'alsoWrite' : 'postings',
          message: `needs ${items.length} writes (${sideEffects.length} side effects), at most ${MAX_TRANSACTION_ITEMS}`,
        },
      ]);
    }
    return { items, conditioned, sideEffectsAt, insufficient: undefined as string | undefined };
  }

  private sideEffectItems(effect: LedgerSideEffect): Record<string, unknown>[] {
    switch (effect.type) {
      case 'DEPOSIT_TRANSITION':
        return [
          {
            Update: depositTransitionUpdate(this.tableName, effect.depositId, effect.from, effect.patch),
          },
        ];
      case 'OUTBOX_EVENT':
        return [outboxPutItem(this.tableName, effect.outbox)];
      case 'PREPARED_WRITES':
        return effect.writes as Record<string, unknown>[];
      default: {
        const unknown: never = effect;
        throw new Error(`Unknown side effect ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** ADD the change's deltas to one shard; `need` adds the no-overdraft condition; `incoming` is balance moved in from sibling shards. */
  private balanceUpdate(
    account: ParsedAccount,
    shard: number,
    c: AccountChange,
    availDelta: bigint,
    at: string,
    need?: bigint,
    incoming = 0n,
  ) {
    const moveField = account.normal === 'credit' ? 'postedCredits' : 'postedDebits';
    const values: Record<string, unknown> = {
      ':pd': c.postedDebits + (moveField === 'postedDebits' ? incoming : 0n),
      ':pc': c.postedCredits + (moveField === 'postedCredits' ? incoming : 0n),
      ':qd': c.pendingDebits,
      ':qc': c.pendingCredits,
      ':av': availDelta + incoming,
    };
    return this.shardUpdate(account, shard, values, at, need);
  }

  /** Moves posted balance out of (negative amount) one shard into another of the same account. */
  private shardMove(account: ParsedAccount, shard: number, amount: bigint, at: string, need: bigint) {
    const debitNormal = account.normal === 'debit';
    return this.shardUpdate(
      account,
      shard,
      {
        ':pd': debitNormal ? amount : 0n,
        ':pc': debitNormal ? 0n : amount,
        ':qd': 0n,
        ':qc': 0n,
        ':av': amount,
      },
      at,
      need,
    );
  }

  private shardUpdate(
    account: ParsedAccount,
    shard: number,
    deltas: Record<string, unknown>,
    at: string,
    need?: bigint,
  ) {
    return {
      Update: {
        TableName: this.tableName,
        Key: shardKey(account.id, shard),
        UpdateExpression:
          'ADD #pd :pd, #pc :pc, #qd :qd, #qc :qc, #avail :av, #version :one ' +
          'SET #account = :account, #asset = :asset, #kind = :kind, #normal = :normal, GSI2PK = :assetIndex, GSI2SK = :accountSort, updatedAt = :at',
        ...(need !== undefined ? { ConditionExpression: AVAILABLE_COVERS } : {}),
        ExpressionAttributeNames: {
          '#pd': 'postedDebits',
          '#pc': 'postedCredits',
          '#qd': 'pendingDebits',
          '#qc': 'pendingCredits',
          '#avail': 'avail',
          '#version': 'version',
          '#account': 'account',
          '#asset': 'asset',
          '#kind': 'kind',
          '#normal': 'normal',
        },
        ExpressionAttributeValues: {
          ...deltas,
          ':one': 1,
          ':account': account.id,
          ':asset': account.asset,
          ':kind': account.kind,
          ':normal': account.normal,
          ':assetIndex': assetIndexKey(account.asset),
          ':accountSort': `${account.kind}#${account.id}#${shard}`,
          ':at': at,
          ...(need !== undefined ? { ':need': need } : {}),
        },
      },
    };
  }

  private queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    return queryAllItems(this.db, input);
  }

  private static sumShards(
    account: AccountId,
    items: Record<string, unknown>[],
  ): AccountBalance & { version: bigint } {
    const parsed = parseAccount(account);
    let pd = 0n,
      pc = 0n,
      qd = 0n,
      qc = 0n,
      avail = 0n,
      version = 0n;
    for (const i of items) {
      pd += big(i['postedDebits'] as Num);
      pc += big(i['postedCredits'] as Num);
      qd += big(i['pendingDebits'] as Num);
      qc += big(i['pendingCredits'] as Num);
      avail += big(i['avail'] as Num);
      version += big(i['version'] as Num);
    }
    const posted = parsed.normal === 'credit' ? pc - pd : pd - pc;
    return {
      account,
      asset: parsed.asset,
      posted,
      available: avail,
      postedDebits: pd,
      postedCredits: pc,
      pendingDebits: qd,
      pendingCredits: qc,
      version,
    };
  }

  private async balanceWithVersion(account: AccountId) {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': shardKey(account, 0).PK },
      ConsistentRead: true,
    });
    return DynamoLedgerStore.sumShards(account, items);
  }

  async balance(account: AccountId): Promise<AccountBalance> {
    const { version: _v, ...balance } = await this.balanceWithVersion(account);
    return balance;
  }

  async balances(list: readonly AccountId[]): Promise<AccountBalance[]> {
    // Shard numbers are always below MAX_SHARDS (parseAccount refuses larger counts), so naming all of
    // them reads every shard that holds money, whatever the account's configured count is or was. A
    // shard never written is simply absent from the answer.
    const parsed = list.map((account) => parseAccount(account));
    const keys = parsed.flatMap((account) => ALL_SHARDS.map((shard) => shardKey(account.id, shard)));
    const byPartition = new Map<string, Record<string, unknown>[]>();
    for (const item of await batchGetAll(this.db, this.tableName, keys)) {
      const pk = String(item['PK']);
      byPartition.set(pk, [...(byPartition.get(pk) ?? []), item]);
    }
    return parsed.map((account) => {
      const { version: _v, ...b } = DynamoLedgerStore.sumShards(
        account.id,
        byPartition.get(shardKey(account.id, 0).PK) ?? [],
      );
      return b;
    });
  }

  async balancesByAsset(asset: AssetCode): Promise<AccountBalance[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': assetIndexKey(asset) },
    });
    const byAccount = new Map<string, Record<string, unknown>[]>();
    for (const i of items) {
      const id = String(i['account']);
      byAccount.set(id, [...(byAccount.get(id) ?? []), i]);
    }
    return [...byAccount].map(([id, shardItems]) => {
      const { version: _v, ...b } = DynamoLedgerStore.sumShards(id, shardItems);
      return b;
    });
  }

  /**
   * History newest first with the running posted balance. The balance after the newest line on a page
   * is the current balance less every later line; the account's version is read before and after so
   * a page is never computed across a concurrent write (it is retried instead).
   */
  async flows(account: AccountId, query: FlowsQuery): Promise<FlowsPage> {
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      const before = await this.balanceWithVersion(account);
      let running: bigint;
      let upperSk: string | undefined;
      if (cursor) {
        running = cursor.balance;
        upperSk = cursor.sk;
      } else {
        upperSk = query.to ? `${query.to}#\uffff` : undefined;
        const later = upperSk ? await this.linesAbove(account, upperSk) : 0n;
        running = before.posted - later;
      }
      const lines: FlowLine[] = [];
      let lastSk: string | undefined;
      let exhausted = false;
      let startKey: Record<string, unknown> | undefined;
      for (let reads = 0; lines.length < query.limit && reads < FLOWS_MAX_READS; reads++) {
        const out = await this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: upperSk
              ? query.from
                ? 'PK = :pk AND SK BETWEEN :from AND :upper'
                : 'PK = :pk AND SK < :upper'
              : query.from
                ? 'PK = :pk AND SK >= :from'
                : 'PK = :pk',
            ExpressionAttributeValues: {
              ':pk': linesPartition(account),
              ...(upperSk ? { ':upper': upperSk } : {}),
              ...(query.from ? { ':from': query.from } : {}),
            },
            ScanIndexForward: false,
            ConsistentRead: true,
            Limit: query.reason ? Math.max(FLOWS_FILTERED_READ, query.limit) : Math.min(200, query.limit * 2),
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of out.Items ?? []) {
          const sk = String(item['SK']);
          if (upperSk && cursor && sk >= upperSk) continue;
          const delta = big(item['delta'] as Num);
          if (!query.reason || item['reason'] === query.reason) {
            lines.push({
              entryId: String(item['entryId']),
              account,
              reason: item['reason'] as ReasonCode,
              delta,
              balanceAfter: running,
              effectiveAt: String(item['effectiveAt']),
              cause: { type: String(item['causeType']), id: String(item['causeId']) },
            });
          }
          running -= delta;
          lastSk = sk;
          if (lines.length >= query.limit) break;
        }
        startKey = out.LastEvaluatedKey;
        if (lines.length >= query.limit) break;
        if (!startKey) {
          exhausted = true;
          break;
        }
      }
      const after = await this.balanceWithVersion(account);
      if (after.version !== before.version) continue;
      const more = !exhausted && lastSk !== undefined;
      return {
        lines,
        ...(more ? { nextCursor: encodeCursor({ sk: lastSk as string, balance: running }) } : {}),
      };
    }
    throw new GatewayError('LEDGER_CONTENTION', 'The account changed while its history was read; retry');
  }

  private async linesAbove(account: AccountId, sk: string): Promise<bigint> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND SK > :sk',
      ExpressionAttributeValues: { ':pk': linesPartition(account), ':sk': sk },
      ProjectionExpression: 'delta',
      ConsistentRead: true,
    });
    return items.reduce((s, i) => s + big(i['delta'] as Num), 0n);
  }
}

interface Cursor {
  readonly sk: string;
  readonly balance: bigint;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify({ sk: c.sk, b: c.balance.toString() }), 'utf8').toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { sk?: unknown; b?: unknown };
    if (typeof raw.sk !== 'string' || typeof raw.b !== 'string' || !/^-?\d{1,40}$/.test(raw.b))
      throw new Error('shape');
    return { sk: raw.sk, balance: BigInt(raw.b) };
  } catch {
    throw new ValidationError('Invalid cursor', [
      { path: 'cursor', message: 'Use nextCursor from the previous page' },
    ]);
  }
}
