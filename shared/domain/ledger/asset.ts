import { NATIVE_COINS, NETWORK_CODES, TOKEN_SYMBOLS, TOKEN_DECIMALS } from '../chains/networks';
import type { NetworkCode } from '../chains/networks';
import { ValidationError } from '../errors';

/**
 * Assets the ledger keeps: a token (or native coin) on a network, written `SYMBOL@NETWORK`, with the
 * token contract's decimals on mainnet — the same locally, so decimal bugs show up before production.
 */
export type AssetCode = string;

export interface Asset {
  readonly code: AssetCode;
  readonly symbol: string;
  readonly network: NetworkCode;
  readonly decimals: number;
  /** Stablecoins count 1:1 in USD until FX lands; native coins are gas, not customer money. */
  readonly kind: 'STABLECOIN' | 'NATIVE';
}

/** Every token each network carries (chains/networks.ts), then every network's native coin. */
const ASSET_LIST: readonly Asset[] = [
  ...NETWORK_CODES.flatMap((network) =>
    TOKEN_SYMBOLS.flatMap((symbol): Asset[] => {
      const decimals = TOKEN_DECIMALS[network][symbol];
      return decimals === undefined
        ? []
        : [{ code: `${symbol}@${network}`, symbol, network, decimals, kind: 'STABLECOIN' }];
    }),
  ),
  ...NETWORK_CODES.map((network): Asset => {
    const { symbol, decimals } = NATIVE_COINS[network];
    return { code: `${symbol}@${network}`, symbol, network, decimals, kind: 'NATIVE' };
  }),
];

export const ASSETS: ReadonlyMap<AssetCode, Asset> = new Map(ASSET_LIST.map((a) => [a.code, a]));
export const STABLECOIN_ASSETS: readonly Asset[] = ASSET_LIST.filter((a) => a.kind === 'STABLECOIN');

export function findAsset(code: string): Asset | undefined {
  return ASSETS.get(code);
}

export function assetOf(code: string, field = 'asset'): Asset {
  const asset = ASSETS.get(code);
  if (!asset) {
    throw new ValidationError(`Unknown asset ${code}`, [
      { path: field, message: `Expected one of ${[...ASSETS.keys()].join(', ')}` },
    ]);
  }
  return asset;
}
