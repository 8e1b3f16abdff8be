/**
 * The codes every layer speaks: the networks the gateway serves, their chain family, the tokens it
 * carries and each token's decimals. Written once here; shared/config/networks.ts adds what varies per
 * environment (RPC urls, contract addresses, finality), the ledger's assets (ledger/asset.ts) and the
 * wire schemas (shared/api) are built from these lists.
 */
export const NETWORK_CODES = ['BSC', 'POLYGON', 'TRON'] as const;
export type NetworkCode = (typeof NETWORK_CODES)[number];

export const EVM_NETWORK_CODES = ['BSC', 'POLYGON'] as const satisfies readonly NetworkCode[];
export type EvmNetworkCode = (typeof EVM_NETWORK_CODES)[number];

export type ChainFamily = 'EVM' | 'TRON';

export const TOKEN_SYMBOLS = ['USDT', 'USDC'] as const;
export type TokenSymbol = (typeof TOKEN_SYMBOLS)[number];

export const NETWORK_FAMILY: Readonly<Record<NetworkCode, ChainFamily>> = {
  BSC: 'EVM',
  POLYGON: 'EVM',
  TRON: 'TRON',
};

/** The network's native coin (gas): its symbol and decimals. */
export const NATIVE_COINS: Readonly<
  Record<NetworkCode, { readonly symbol: string; readonly decimals: number }>
> = {
  BSC: { symbol: 'BNB', decimals: 18 },
  POLYGON: { symbol: 'POL', decimals: 18 },
  TRON: { symbol: 'TRX', decimals: 6 },
};

/**
 * The tokens each network carries and their contract's decimals on mainnet (BSC's stablecoins use 18,
 * Polygon's and TRON's 6). Testnet and local tokens keep these decimals so decimal bugs show up early.
 */
export const TOKEN_DECIMALS: Readonly<Record<NetworkCode, Readonly<Partial<Record<TokenSymbol, number>>>>> = {
  BSC: { USDT: 18, USDC: 18 },
  POLYGON: { USDT: 6, USDC: 6 },
  TRON: { USDT: 6 },
};

export function isNetworkCode(value: string): value is NetworkCode {
  return (NETWORK_CODES as readonly string[]).includes(value);
}

export function isEvmNetwork(code: NetworkCode): code is EvmNetworkCode {
  return NETWORK_FAMILY[code] === 'EVM';
}

/** The decimals of `symbol` on `network`; throws when the network does not carry that token. */
export function tokenDecimals(network: NetworkCode, symbol: TokenSymbol): number {
  const decimals = TOKEN_DECIMALS[network][symbol];
  if (decimals === undefined) throw new Error(`${network} carries no ${symbol}`);
  return decimals;
}

export interface TokenInfo {
  readonly symbol: TokenSymbol;
  /** Contract address: 0x-checksummed for EVM, base58 for TRON. */
  readonly address: string;
  /** Decimals of the token contract on this network (TOKEN_DECIMALS). */
  readonly decimals: number;
}

/**
 * When a block counts as final. `finalized-tag` asks the node for its `finalized` block (BSC fast
 * finality, Polygon milestones) and falls back to `confirmations` behind head when the node lacks it.
 * `solidified` is TRON's solidified block.
 */
export interface FinalityPolicy {
  readonly kind: 'finalized-tag' | 'confirmations' | 'solidified';
  readonly confirmations: number;
}

/**
 * A network as one environment configures it (the values live in shared/config/networks.ts): the shape
 * is here so domain rules (burn-addresses.ts) and use-cases take it without reaching into config.
 */
export interface NetworkConfig {
  readonly code: NetworkCode;
  readonly family: ChainFamily;
  readonly name: string;
  /** EVM chain id; for TRON the conventional id of the network. */
  readonly chainId: number;
  readonly rpcUrls: readonly string[];
  readonly nativeSymbol: string;
  readonly nativeDecimals: number;
  readonly blockTimeMs: number;
  readonly finality: FinalityPolicy;
  readonly explorerTxUrl: string;
  readonly tokens: Readonly<Partial<Record<TokenSymbol, TokenInfo>>>;
  /**
   * EVM: the Multicall3 contract the reconciliation batches balance reads through (`aggregate3` of
   * `balanceOf` and `getEthBalance`); absent: the network has none and custody is not read on chain.
   */
  readonly multicall3?: string;
  /**
   * Contracts of this network that hold nobody's tokens (name → address), refused as destinations
   * beside the tokens, Multicall3 and the family's well-known ones (shared/domain/withdrawal/burn-addresses.ts).
   */
  readonly systemContracts?: Readonly<Record<string, string>>;
}
