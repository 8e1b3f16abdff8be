import { Contract } from 'ethers';
import type { NetworkCode, NetworkConfig } from '../../config/networks';
import type { TokenBalanceReader } from '../../ports/token-balances';
import { evmProvider } from './evm-head-reader';

const ERC20 = ['function balanceOf(address) view returns (uint256)'];

/** balanceOf for every configured token of a network, per address; a failed read is null, not zero. */
export class EvmTokenBalanceReader implements TokenBalanceReader {
  constructor(private readonly networks: Readonly<Record<NetworkCode, NetworkConfig>>) {}

  async balances(network: NetworkCode, addresses: readonly string[]) {
    const config = this.networks[network];
    const provider = evmProvider(config);
    try {
      const tokens = Object.values(config.tokens);
      const rows = await Promise.all(
        addresses.map(async (address) => {
          const entries = await Promise.all(
            tokens.map(async (t) => {
              try {
                const value = (await new Contract(t.address, ERC20, provider).getFunction('balanceOf')(
                  address,
                )) as bigint;
                return [t.symbol, value] as const;
              } catch {
                return [t.symbol, null] as const;
              }
            }),
          );
          return [address.toLowerCase(), Object.fromEntries(entries)] as const;
        }),
      );
      return new Map(rows);
    } finally {
      provider.destroy();
    }
  }
}
