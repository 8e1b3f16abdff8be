import { getCreateAddress } from 'ethers';
import { NATIVE_COINS, NETWORK_FAMILY, tokenDecimals } from '../domain/chains/networks';
import type { NetworkCode, NetworkConfig, TokenInfo, TokenSymbol } from '../domain/chains/networks';

/**
 * The network registry: every chain the gateway speaks, per environment. Pure data plus the rules that
 * pick it, so the config module, the local stack, the CDK app and tests all read the same facts.
 */
export type Environment = 'local' | 'testnet' | 'mainnet';

// The codes (networks, families, tokens, decimals) and the shape of a network are domain facts,
// written once in shared/domain/chains/networks.ts; re-exported so configuration readers keep one import.
export { EVM_NETWORK_CODES, NETWORK_CODES } from '../domain/chains/networks';
export type {
  ChainFamily,
  FinalityPolicy,
  NetworkCode,
  NetworkConfig,
  TokenInfo,
  TokenSymbol,
} from '../domain/chains/networks';

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
export const LOCAL_TOKEN_NONCES: Readonly<Record<TokenSymbol, number>> = { USDT: 0, USDC: 1 };

export function localTokenAddress(symbol: TokenSymbol): string {
  return getCreateAddress({ from: LOCAL_DEPLOYER_ADDRESS, nonce: LOCAL_TOKEN_NONCES[symbol] });
}

/** A token of `network` at `address`, with the decimals the domain fixes for it (TOKEN_DECIMALS). */
function token(network: NetworkCode, symbol: TokenSymbol, address: string): TokenInfo {
  return { symbol, address, decimals: tokenDecimals(network, symbol) };
}

const MAINNET: Record<NetworkCode, NetworkConfig> = {
  BSC: {
    code: 'BSC',
    family: NETWORK_FAMILY.BSC,
    name: 'BNB Smart Chain',
    chainId: 56,
    rpcUrls: ['https://bsc-dataseed.bnbchain.org'],
    nativeSymbol: NATIVE_COINS.BSC.symbol,
    nativeDecimals: NATIVE_COINS.BSC.decimals,
    blockTimeMs: 750,
    finality: { kind: 'finalized-tag', confirmations: 15 },
    explorerTxUrl: 'https://bscscan.com/tx/{hash}',
    multicall3: MULTICALL3_ADDRESS,
    systemContracts: { WBNB: '0xbb4CdB9CBd36B01bD1cBaEBF2De08d9173bc095c' },
    tokens: {
      USDT: token('BSC', 'USDT', '0x55d398326f99059fF775485246999027B3197955'),
      USDC: token('BSC', 'USDC', '0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d'),
    },
  },
  POLYGON: {
    code: 'POLYGON',
    family: NETWORK_FAMILY.POLYGON,
    name: 'Polygon PoS',
    chainId: 137,
    rpcUrls: ['https://polygon-rpc.com'],
    nativeSymbol: NATIVE_COINS.POLYGON.symbol,
    nativeDecimals: NATIVE_COINS.POLYGON.decimals,
    blockTimeMs: 2_000,
    finality: { kind: 'finalized-tag', confirmations: 32 },
    explorerTxUrl: 'https://polygonscan.com/tx/{hash}',
    multicall3: MULTICALL3_ADDRESS,
    systemContracts: { WPOL: '0x0d500B1d8E8eF31E21C99d1Db9A6444d3ADf1270' },
    tokens: {
      USDT: token('POLYGON', 'USDT', '0xc2132D05D31c914a87C6611C10748AEb04B58e8F'),
      USDC: token('POLYGON', 'USDC', '0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359'),
    },
  },
  TRON: {
    code: 'TRON',
    family: NETWORK_FAMILY.TRON,
    name: 'TRON',
    chainId: 728_126_428,
    rpcUrls: ['https://api.trongrid.io'],
    nativeSymbol: NATIVE_COINS.TRON.symbol,
    nativeDecimals: NATIVE_COINS.TRON.decimals,
    blockTimeMs: 3_000,
    finality: { kind: 'solidified', confirmations: 19 },
    explorerTxUrl: 'https://tronscan.org/#/transaction/{hash}',
    systemContracts: { WTRX: 'TNUC9Qb1rRpS5CbWLmNMxXBjyFoydXjWFR' },
    tokens: { USDT: token('TRON', 'USDT', 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t') },
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
      USDT: token('BSC', 'USDT', '0x337610d27c682E347C9cD60BD4b3b107C9d34dDd'),
      USDC: token('BSC', 'USDC', '0x64544969ed7EBf5f083679233325356EbE738930'),
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
      USDT: token('POLYGON', 'USDT', '0x1fdE0eCc619726f4cD597887C9F3b4c8740e19e2'),
      USDC: token('POLYGON', 'USDC', '0x41E94Eb019C0762f9Bfcf9Fb1E58725BfB0e7582'),
    },
  },
  TRON: {
    ...MAINNET.TRON,
    name: 'TRON Nile',
    systemContracts: {},
    chainId: 3_448_148_188,
    rpcUrls: ['https://nile.trongrid.io'],
    explorerTxUrl: 'https://nile.tronscan.org/#/transaction/{hash}',
    tokens: { USDT: token('TRON', 'USDT', 'TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf') },
  },
};

function localNetworks(): Record<NetworkCode, NetworkConfig> {
  const evmTokens = (network: NetworkCode) => ({
    USDT: token(network, 'USDT', localTokenAddress('USDT')),
    USDC: token(network, 'USDC', localTokenAddress('USDC')),
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
      tokens: evmTokens('BSC'),
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
      tokens: evmTokens('POLYGON'),
    },
    TRON: {
      ...MAINNET.TRON,
      name: 'TRON (local stand-in)',
      systemContracts: {},
      chainId: 0,
      rpcUrls: [`http://127.0.0.1:${LOCAL_TRON_PORT}`],
      blockTimeMs: 1_000,
      explorerTxUrl: 'http://localhost:3000/console/explorer/TRON/tx/{hash}',
      tokens: { USDT: token('TRON', 'USDT', LOCAL_TRON_USDT_ADDRESS) },
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
