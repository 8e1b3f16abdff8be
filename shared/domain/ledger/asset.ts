import { ValidationError } from '../errors';

/**
 * Assets the ledger keeps: a token (or native coin) on a network, written `SYMBOL@NETWORK`, with the
 * token contract's decimals on mainnet — the same locally, so decimal bugs show up before production.
 */
export type AssetCode = string;

export interface Asset {
  readonly code: AssetCode;
  readonly symbol: string;
  readonly network: 'BSC' | 'POLYGON' | 'TRON';
  readonly decimals: number;
  /** Stablecoins count 1:1 in USD until FX lands; native coins are gas, not customer money. */
  readonly kind: 'STABLECOIN' | 'NATIVE';
}

const ASSET_LIST: readonly Asset[] = [
  { code: 'USDT@BSC', symbol: 'USDT', network: 'BSC', decimals: 18, kind: 'STABLECOIN' },
  { code: 'USDC@BSC', symbol: 'USDC', network: 'BSC', decimals: 18, kind: 'STABLECOIN' },
  { code: 'USDT@POLYGON', symbol: 'USDT', network: 'POLYGON', decimals: 6, kind: 'STABLECOIN' },
  { code: 'USDC@POLYGON', symbol: 'USDC', network: 'POLYGON', decimals: 6, kind: 'STABLECOIN' },
  { code: 'USDT@TRON', symbol: 'USDT', network: 'TRON', decimals: 6, kind: 'STABLECOIN' },
  { code: 'BNB@BSC', symbol: 'BNB', network: 'BSC', decimals: 18, kind: 'NATIVE' },
  { code: 'POL@POLYGON', symbol: 'POL', network: 'POLYGON', decimals: 18, kind: 'NATIVE' },
  { code: 'TRX@TRON', symbol: 'TRX', network: 'TRON', decimals: 6, kind: 'NATIVE' },
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
