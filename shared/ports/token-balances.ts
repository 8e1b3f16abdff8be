import type { NetworkCode } from '../config/networks';

/** On-chain token balances of addresses (null where the chain could not be read). */
export interface TokenBalanceReader {
  balances(
    network: NetworkCode,
    addresses: readonly string[],
  ): Promise<ReadonlyMap<string, Readonly<Record<string, bigint | null>>>>;
}
