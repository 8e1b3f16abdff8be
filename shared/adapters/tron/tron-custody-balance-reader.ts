import type { TokenSymbol } from '../../config/networks';
import type { AssetCode } from '../../domain/ledger/asset';
import type { CustodyBalanceReader } from '../../ports/reconciliation';
import { tronHex } from './tron-address';
import type { TronChainReader } from './tron-chain-reader';

/** Requests in flight at once (TronGrid's free tier allows ~15 a second per key). */
export const DEFAULT_TRON_READ_CONCURRENCY = 8;

interface AccountJson {
  readonly balance?: number;
  readonly frozenV2?: readonly { readonly type?: string; readonly amount?: number }[];
  readonly unfrozenV2?: readonly { readonly unfreeze_amount?: number }[];
  readonly delegated_frozenV2_balance_for_bandwidth?: number;
  readonly account_resource?: { readonly delegated_frozenV2_balance_for_energy?: number };
}

/**
 * TRX the account owns: liquid, staked (Stake 2.0, including what it delegates to others, which stays
 * its own) and unstaking. Energy or bandwidth delegated TO the account is not its TRX.
 */
export function ownedSun(a: AccountJson): bigint {
  let sun = BigInt(a.balance ?? 0);
  for (const f of a.frozenV2 ?? []) sun += BigInt(f.amount ?? 0);
  for (const u of a.unfrozenV2 ?? []) sun += BigInt(u.unfreeze_amount ?? 0);
  sun += BigInt(a.delegated_frozenV2_balance_for_bandwidth ?? 0);
  sun += BigInt(a.account_resource?.delegated_frozenV2_balance_for_energy ?? 0);
  return sun;
}

/**
 * TRON has no Multicall the full-node API can batch through: each address costs one `getaccount`
 * (TRX) and one constant `balanceOf` call per TRC-20, sent concurrently through a bounded pool. The
 * calls grow with the addresses (1 + tokens per address); see ADR 0013.
 */
export class TronCustodyBalanceReader implements CustodyBalanceReader {
  constructor(
    private readonly chain: TronChainReader,
    private readonly tokens: readonly TokenSymbol[],
    private readonly options: { readonly concurrency?: number } = {},
  ) {}

  async balances(addresses: readonly string[]): Promise<ReadonlyMap<string, ReadonlyMap<AssetCode, bigint>>> {
    const out = new Map<string, ReadonlyMap<AssetCode, bigint>>();
    let next = 0;
    const worker = async () => {
      while (next < addresses.length) {
        const address = addresses[next++] as string;
        const [account, ...tokens] = await Promise.all([
          this.chain.node.post<AccountJson>('/wallet/getaccount', { address: tronHex(address) }),
          ...this.tokens.map((t) => this.chain.tokenBalance(t, address)),
        ]);
        const assets = new Map<AssetCode, bigint>([['TRX@TRON', ownedSun(account as AccountJson)]]);
        this.tokens.forEach((t, i) => assets.set(`${t}@TRON`, tokens[i] as bigint));
        out.set(address, assets);
      }
    };
    const concurrency = Math.max(1, this.options.concurrency ?? DEFAULT_TRON_READ_CONCURRENCY);
    await Promise.all(Array.from({ length: Math.min(concurrency, addresses.length) }, worker));
    return out;
  }
}
