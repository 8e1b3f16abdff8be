import { getCreateAddress } from 'ethers';

/**
 * The network registry: every chain the gateway speaks, per environment. Pure data plus the rules that
 * pick it, so the config module, the local stack, the CDK app and tests all read the same facts.
 */
export type Environment = 'local' | 'testnet' | 'mainnet';
export type NetworkCode = 'BSC' | 'POLYGON' | 'TRON';
export type ChainFamily = 'EVM' | 'TRON';
export type TokenSymbol = 'USDT' | 'USDC';

export const NETWORK_CODES: readonly NetworkCode[] = ['BSC', 'POLYGON', 'TRON'];
export const EVM_NETWORK_CODES: readonly NetworkCode[] = ['BSC', 'POLYGON'];

export interface TokenInfo {
  readonly symbol: TokenSymbol;
  /** Contract address: 0x-checksummed for EVM, base58 for TRON. */
  readonly address: string;
  /** Decimals of the token contract on this network (BSC stablecoins use 18, Polygon and TRON 6). */
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

/**
 * Multicall3's canonical address, the same on every chain it is deployed to (BSC, Polygon and their
 * testnets); the local stack installs a contract with its ABI there (scripts/local/evm/multicall.ts).
 */
export const MULTICALL3_ADDRESS = '0xcA11bde05977b3631167028862bE2a173976CA11';

/**
 * Local chain ids are far from any public chain so nothing signed locally is valid elsewhere.
 * Local tokens keep the mainnet decimals so decimal bugs show up locally.
 */
export const LOCAL_CHAIN_IDS = { BSC: 1_337_056, POLYGON: 1_337_137 } as const;
export const LOCAL_RPC_PORTS = { BSC: 8545, POLYGON: 8546 } as const;
export const LOCAL_TRON_PORT = 9090;
/**
 * The local TRON stand-in's built-in TRC-20 USDT (6 decimals) at a fixed address of its own, so nothing
 * local is mistaken for mainnet USDT (scripts/local/tron).
 */
export const LOCAL_TRON_USDT_ADDRESS = 'TBQ5aKkjBKkVUqqBs7MUYWD1RcujuP7YkY';

/**
 * Anvil's default mnemonic ("test test … junk"): account 0 is the faucet; account 9 deploys the local
 * tokens at nonce 0 (USDT) and 1 (USDC), so their addresses are fixed by CREATE and need no lookup.
 */
export const LOCAL_MNEMONIC = 'test test test test test test test test test test test junk';
export const LOCAL_FAUCET_INDEX = 0;
export const LOCAL_DEPLOYER_INDEX = 9;
export const LOCAL_DEPLOYER_ADDRESS = '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720';
export const LOCAL_TOKEN_NONCES: Readonly<Record<'USDT' | 'USDC', number>> = { USDT: 0, USDC: 1 };

export function localTokenAddress(symbol: 'USDT' | 'USDC'): string {
  return getCreateAddress({ from: LOCAL_DEPLOYER_ADDRESS, nonce: LOCAL_TOKEN_NONCES[symbol] });
}

const MAINNET: Record<NetworkCode, NetworkConfig> = {
  BSC: {
    code: 'BSC',
    family: 'EVM',
    name: 'BNB Smart Chain',
    chainId: 56,
    rpcUrls: ['https://bsc-dataseed.bnbchain.org'],
    nativeSymbol: 'BNB',
    nativeDecimals: 18,
    blockTimeMs: 750,
    finality: { kind: 'finalized-tag', confirmations: 15 },
    explorerTxUrl: 'https://bscscan.com/tx/{hash}',
    multicall3: MULTICALL3_ADDRESS,
    systemContracts: { WBNB: '0xbb4CdB9CBd36B01bD1cBaEBF2De08d9173bc095c' },
    tokens: {
      USDT: { symbol: 'USDT', address: '0x55d398326f99059fF775485246999027B3197955', decimals: 18 },
      USDC: { symbol: 'USDC', address: '0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d', decimals: 18 },
    },
  },
  POLYGON: {
    code: 'POLYGON',
    family: 'EVM',
    name: 'Polygon PoS',
    chainId: 137,
    rpcUrls: ['https://polygon-rpc.com'],
    nativeSymbol: 'POL',
    nativeDecimals: 18,
    blockTimeMs: 2_000,
    finality: { kind: 'finalized-tag', confirmations: 32 },
    explorerTxUrl: 'https://polygonscan.com/tx/{hash}',
    multicall3: MULTICALL3_ADDRESS,
    systemContracts: { WPOL: '0x0d500B1d8E8eF31E21C99d1Db9A6444d3ADf1270' },
    tokens: {
      USDT: { symbol: 'USDT', address: '0xc2132D05D31c914a87C6611C10748AEb04B58e8F', decimals: 6 },
      USDC: { symbol: 'USDC', address: '0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359', decimals: 6 },
    },
  },
  TRON: {
    code: 'TRON',
    family: 'TRON',
    name: 'TRON',
    chainId: 728_126_428,
    rpcUrls: ['https://api.trongrid.io'],
    nativeSymbol: 'TRX',
    nativeDecimals: 6,
    blockTimeMs: 3_000,
    finality: { kind: 'solidified', confirmations: 19 },
    explorerTxUrl: 'https://tronscan.org/#/transaction/{hash}',
    systemContracts: { WTRX: 'TNUC9Qb1rRpS5CbWLmNMxXBjyFoydXjWFR' },
    tokens: { USDT: { symbol: 'USDT', address: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', decimals: 6 } },
  },
};

const TESTNET: Record<NetworkCode, NetworkConfig> = {
  BSC: {
    ...MAINNET.BSC,
    name: 'BNB Smart Chain Testnet',
    systemContracts: {},
    chainId: 97,
    rpcUrls: ['https://bsc-testnet-dataseed.bnbchain.org'],
    explorerTxUrl: 'https://testnet.bscscan.com/tx/{hash}',
    tokens: {
      USDT: { symbol: 'USDT', address: '0x337610d27c682E347C9cD60BD4b3b107C9d34dDd', decimals: 18 },
      USDC: { symbol: 'USDC', address: '0x64544969ed7EBf5f083679233325356EbE738930', decimals: 18 },
    },
  },
  POLYGON: {
    ...MAINNET.POLYGON,
    name: 'Polygon Amoy',
    systemContracts: {},
    chainId: 80_002,
    rpcUrls: ['https://rpc-amoy.polygon.technology'],
    explorerTxUrl: 'https://amoy.polygonscan.com/tx/{hash}',
    tokens: {
      USDT: { symbol: 'USDT', address: '0x1fdE0eCc619726f4cD597887C9F3b4c8740e19e2', decimals: 6 },
      USDC: { symbol: 'USDC', address: '0x41E94Eb019C0762f9Bfcf9Fb1E58725BfB0e7582', decimals: 6 },
    },
  },
  TRON: {
    ...MAINNET.TRON,
    name: 'TRON Nile',
    systemContracts: {},
    chainId: 3_448_148_188,
    rpcUrls: ['https://nile.trongrid.io'],
    explorerTxUrl: 'https://nile.tronscan.org/#/transaction/{hash}',
    tokens: { USDT: { symbol: 'USDT', address: 'TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf', decimals: 6 } },
  },
};

function localNetworks(): Record<NetworkCode, NetworkConfig> {
  const evmTokens = (decimals: number) => ({
    USDT: { symbol: 'USDT' as const, address: localTokenAddress('USDT'), decimals },
    USDC: { symbol: 'USDC' as const, address: localTokenAddress('USDC'), decimals },
  });
  return {
    BSC: {
      ...MAINNET.BSC,
      name: 'BNB Smart Chain (local)',
      systemContracts: {},
      chainId: LOCAL_CHAIN_IDS.BSC,
      rpcUrls: [`http://127.0.0.1:${LOCAL_RPC_PORTS.BSC}`],
      blockTimeMs: 1_000,
      // Local chains have no finality gadget; a few blocks behind head stands in for it.
      finality: { kind: 'confirmations', confirmations: 3 },
      explorerTxUrl: 'http://localhost:3000/console/explorer/BSC/tx/{hash}',
      tokens: evmTokens(18),
    },
    POLYGON: {
      ...MAINNET.POLYGON,
      name: 'Polygon PoS (local)',
      systemContracts: {},
      chainId: LOCAL_CHAIN_IDS.POLYGON,
      rpcUrls: [`http://127.0.0.1:${LOCAL_RPC_PORTS.POLYGON}`],
      blockTimeMs: 1_000,
      finality: { kind: 'confirmations', confirmations: 3 },
      explorerTxUrl: 'http://localhost:3000/console/explorer/POLYGON/tx/{hash}',
      tokens: evmTokens(6),
    },
    TRON: {
      ...MAINNET.TRON,
      name: 'TRON (local stand-in)',
      systemContracts: {},
      chainId: 0,
      rpcUrls: [`http://127.0.0.1:${LOCAL_TRON_PORT}`],
      blockTimeMs: 1_000,
      explorerTxUrl: 'http://localhost:3000/console/explorer/TRON/tx/{hash}',
      tokens: { USDT: { symbol: 'USDT', address: LOCAL_TRON_USDT_ADDRESS, decimals: 6 } },
    },
  };
}

export function networkRegistry(environment: Environment): Record<NetworkCode, NetworkConfig> {
  switch (environment) {
    case 'mainnet':
      return MAINNET;
    case 'testnet':
      return TESTNET;
    case 'local':
      return localNetworks();
  }
}
