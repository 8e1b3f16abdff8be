import type { NetworkCode, NetworkConfig, TokenSymbol } from '../../config/networks';
import type { TokenBalanceReader } from '../../ports/token-balances';
import { EvmTokenBalanceReader } from '../evm/token-balance-reader';
import { TronChainReader } from './tron-chain-reader';
import type { TronNodeClientOptions } from './tron-node-client';

/** TRC-20 balances of TRON addresses (a constant `balanceOf` call each); a failed read is null, not zero. */
export class TronTokenBalanceReader implements TokenBalanceReader {
  constructor(
    private readonly networks: Readonly<Record<NetworkCode, NetworkConfig>>,
    private readonly options: TronNodeClientOptions = {},
  ) {}

  async balances(network: NetworkCode, addresses: readonly string[]) {
    const config = this.networks[network];
    const chain = TronChainReader.connect(config, this.options);
    const tokens = Object.values(config.tokens).filter((t) => t !== undefined);
    const rows = await Promise.all(
      addresses.map(async (address) => {
        const entries = await Promise.all(
          tokens.map(async (t) => {
            try {
              return [t.symbol, await chain.tokenBalance(t.symbol as TokenSymbol, address)] as const;
            } catch {
              return [t.symbol, null] as const;
            }
          }),
        );
        return [address.toLowerCase(), Object.fromEntries(entries)] as const;
      }),
    );
    return new Map(rows);
  }
}

/** Balances from the reader of each network's chain family. */
export function chainTokenBalanceReader(
  networks: Readonly<Record<NetworkCode, NetworkConfig>>,
  tronOptions: TronNodeClientOptions = {},
): TokenBalanceReader {
  // The EVM reads take the same per-request timeout as the TRON node's (RPC_TIMEOUT_MS).
  const evm = new EvmTokenBalanceReader(
    networks,
    tronOptions.timeoutMs !== undefined ? { timeoutMs: tronOptions.timeoutMs } : {},
  );
  const tron = new TronTokenBalanceReader(networks, tronOptions);
  return {
    balances: (network, addresses) =>
      networks[network].family === 'TRON'
        ? tron.balances(network, addresses)
        : evm.balances(network, addresses),
  };
}
