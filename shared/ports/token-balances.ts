import type { NetworkCode } from '../domain/chains/networks';

/** On-chain token balances of addresses (null where the chain could not be read). */
export interface TokenBalanceReader {
  balances(
    network: NetworkCode,
    addresses: readonly string[],
  ): Promise<ReadonlyMap<string, Readonly<Record<string, bigint | null>>>>;
}
