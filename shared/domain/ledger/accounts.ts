import { ValidationError } from '../errors';
import { assetOf } from './asset';
import type { AssetCode } from './asset';

/**
 * The chart of accounts. An account is a path plus an asset, written `path/asset`, e.g.
 * `partner:pt_01…:available/USDT@BSC`. Its kind (the first path segment) fixes its rules:
 *
 * | path                          | normal | may go negative | what it is                                  |
 * |-------------------------------|--------|-----------------|---------------------------------------------|
 * | partner:{pid}:available       | credit | no              | what the gateway owes the partner           |
 * | client:{pid}:{clientId}       | credit | no              | a partner's client virtual wallet           |
 * | revenue:platform              | credit | no              | platform fee income (hot: sharded)          |
 * | revenue:gas                   | credit | no              | gas invoices paid from partner balances     |
 * | revenue:distributor:{pid}     | credit | no              | a distributor's fee share                   |
 * | custody:{pid}:{HOT|MASTER|POOL}| debit | no              | on-chain holdings we control (hot: sharded) |
 * | gas:{network}                 | debit  | yes             | gas spent, in the native coin (sharded)     |
 * | world                         | credit | yes             | everything outside the gateway (sharded)    |
 *
 * Held funds are not a separate account: a withdrawal hold is a pending debit on the partner's
 * available account (two-phase), so "held" = pending debits and "available" excludes them.
 */
export type AccountKind = 'partner' | 'client' | 'revenue' | 'custody' | 'gas' | 'world';
export type NormalBalance = 'credit' | 'debit';
export type WalletType = 'HOT' | 'MASTER' | 'POOL';
export type AccountId = string;

export interface AccountRules {
  readonly kind: AccountKind;
  readonly normal: NormalBalance;
  /** The balance on the normal side, less pending decreases, must never go below zero. */
  readonly mustNotGoNegative: boolean;
  /** Items the balance is spread over so one hot account is not one hot DynamoDB item. */
  readonly shards: number;
  /** The partner this account belongs to, for tenant-scoped reads; null for platform accounts. */
  readonly ownerPartnerId: string | null;
}

export interface ParsedAccount extends AccountRules {
  readonly id: AccountId;
  readonly path: string;
  readonly asset: AssetCode;
}

export const DEFAULT_SHARDS: Readonly<Record<AccountKind, number>> = {
  partner: 1,
  client: 1,
  revenue: 1,
  custody: 4,
  gas: 4,
  world: 8,
};
/**
 * No account is ever spread over more items than this, overrides included: its shards are always
 * `SHARD#000` … `SHARD#015`, so a reader can name every shard of any account without listing them and
 * read several accounts' balances in one BatchGet (ADR 0029).
 */
export const MAX_SHARDS = 16;
/** The platform's revenue account takes a fee on every deposit of every partner. */
export const PLATFORM_REVENUE_SHARDS = 8;

const SEGMENT = /^[A-Za-z0-9_.-]{1,64}$/;

export const accounts = {
  partnerAvailable: (partnerId: string, asset: AssetCode): AccountId =>
    `partner:${partnerId}:available/${asset}`,
  clientWallet: (partnerId: string, clientId: string, asset: AssetCode): AccountId =>
    `client:${partnerId}:${clientId}/${asset}`,
  platformRevenue: (asset: AssetCode): AccountId => `revenue:platform/${asset}`,
  /** Gas invoices settled from a partner's balance (ADR 0033). */
  gasRevenue: (asset: AssetCode): AccountId => `revenue:gas/${asset}`,
  distributorRevenue: (partnerId: string, asset: AssetCode): AccountId =>
    `revenue:distributor:${partnerId}/${asset}`,
  custody: (partnerId: string, wallet: WalletType, asset: AssetCode): AccountId =>
    `custody:${partnerId}:${wallet}/${asset}`,
  gas: (network: string, asset: AssetCode): AccountId => `gas:${network}/${asset}`,
  world: (asset: AssetCode): AccountId => `world/${asset}`,
};

/** A shard count outside 1…MAX_SHARDS is a wiring mistake (an operator's override), not bad input. */
function shardCount(path: string, shards: number): number {
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS)
    throw new Error(`Shard count of ${path} must be 1…${MAX_SHARDS}, got ${shards}`);
  return shards;
}

/** The numbers of every shard an account can have (whatever its configured count): 0 … MAX_SHARDS−1. */
export const ALL_SHARDS: readonly number[] = Array.from({ length: MAX_SHARDS }, (_, i) => i);

function invalid(id: string, message: string): never {
  throw new ValidationError(`Invalid account ${id}`, [{ path: 'account', message }]);
}

/**
 * Parses and validates an account id. `shardOverrides` lets operators spread a busy partner's account
 * over more items (keyed by path).
 */
export function parseAccount(id: AccountId, shardOverrides?: ReadonlyMap<string, number>): ParsedAccount {
  const slash = id.lastIndexOf('/');
  if (slash <= 0) invalid(id, 'Expected path/asset');
  const path = id.slice(0, slash);
  const asset = assetOf(id.slice(slash + 1), 'account').code;
  const segments = path.split(':');
  if (!segments.every((s) => SEGMENT.test(s))) invalid(id, 'Bad path segment');
  const [kind, a, b] = segments;
  const withShards = (rules: Omit<AccountRules, 'shards'>, fallback: number): ParsedAccount => ({
    id,
    path,
    asset,
    ...rules,
    shards: shardCount(path, shardOverrides?.get(path) ?? fallback),
  });
  switch (kind) {
    case 'partner':
      if (segments.length !== 3 || b !== 'available' || !a)
        invalid(id, 'Expected partner:{partnerId}:available');
      return withShards(
        { kind, normal: 'credit', mustNotGoNegative: true, ownerPartnerId: a },
        DEFAULT_SHARDS.partner,
      );
    case 'client':
      if (segments.length !== 3 || !a || !b) invalid(id, 'Expected client:{partnerId}:{clientId}');
      return withShards(
        { kind, normal: 'credit', mustNotGoNegative: true, ownerPartnerId: a },
        DEFAULT_SHARDS.client,
      );
    case 'revenue':
      if (segments.length === 2 && a === 'platform') {
        return withShards(
          { kind, normal: 'credit', mustNotGoNegative: true, ownerPartnerId: null },
          PLATFORM_REVENUE_SHARDS,
        );
      }
      if (segments.length === 2 && a === 'gas') {
        return withShards(
          { kind, normal: 'credit', mustNotGoNegative: true, ownerPartnerId: null },
          DEFAULT_SHARDS.revenue,
        );
      }
      if (segments.length === 3 && a === 'distributor' && b) {
        return withShards(
          { kind, normal: 'credit', mustNotGoNegative: true, ownerPartnerId: b },
          DEFAULT_SHARDS.revenue,
        );
      }
      return invalid(id, 'Expected revenue:platform, revenue:gas or revenue:distributor:{partnerId}');
    case 'custody':
      if (segments.length !== 3 || !a || !['HOT', 'MASTER', 'POOL'].includes(b ?? ''))
        invalid(id, 'Expected custody:{partnerId}:{HOT|MASTER|POOL}');
      // A withdrawal hold reserves MASTER custody at request time, possibly ahead of the sweep that
      // brings the funds there; the on-chain MASTER balance (less what is in flight) is what guards
      // the broadcast (shared/app/withdrawals). HOT and POOL custody never go below zero.
      return withShards(
        {
          kind,
          normal: 'debit',
          mustNotGoNegative: b !== 'MASTER',
          ownerPartnerId: a === 'platform' ? null : a,
        },
        DEFAULT_SHARDS.custody,
      );
    case 'gas':
      if (segments.length !== 2 || !a) invalid(id, 'Expected gas:{network}');
      return withShards(
        { kind, normal: 'debit', mustNotGoNegative: false, ownerPartnerId: null },
        DEFAULT_SHARDS.gas,
      );
    case 'world':
      if (segments.length !== 1) invalid(id, 'Expected world');
      return withShards(
        { kind, normal: 'credit', mustNotGoNegative: false, ownerPartnerId: null },
        DEFAULT_SHARDS.world,
      );
    default:
      return invalid(id, `Unknown account kind ${String(kind)}`);
  }
}
