import type { NetworkCode, NetworkConfig } from '../../config/networks';
import type { TokenBalanceReader } from '../../ports/token-balances';
import { balanceOfCall, FetchJsonRpcClient, uint256Result } from './json-rpc-client';
import type { JsonRpcClientOptions } from './json-rpc-client';

/**
 * balanceOf for every configured token of a network, per address; a failed read is null, not zero.
 * One `eth_call` per token and address over plain JSON-RPC (json-rpc-client.ts): the wallet views and
 * `GET /v1/wallets` are API functions, and ethers' provider would be most of their bundle.
 */
export class EvmTokenBalanceReader implements TokenBalanceReader {
  private readonly clients = new Map<NetworkCode, FetchJsonRpcClient>();

  constructor(
    private readonly networks: Readonly<Record<NetworkCode, NetworkConfig>>,
    private readonly options: JsonRpcClientOptions = {},
  ) {}

  private client(network: NetworkCode): FetchJsonRpcClient {
    let c = this.clients.get(network);
    if (!c) {
      c = FetchJsonRpcClient.forNetwork(this.networks[network], this.options);
      this.clients.set(network, c);
    }
    return c;
  }

  async balances(network: NetworkCode, addresses: readonly string[]) {
    const config = this.networks[network];
    const rpc = this.client(network);
    const tokens = Object.values(config.tokens);
    const rows = await Promise.all(
      addresses.map(async (address) => {
        const entries = await Promise.all(
          tokens.map(async (t) => {
            try {
              const result = await rpc.send('eth_call', [
                { to: t.address, data: balanceOfCall(address) },
                'latest',
              ]);
              return [t.symbol, uint256Result(result, `balanceOf on ${t.address}`)] as const;
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

  /** The native coin balance of an address (wei), over the same client. */
  async nativeBalance(network: NetworkCode, address: string): Promise<bigint> {
    return uint256Result(
      await this.client(network).send('eth_getBalance', [address, 'latest']),
      'eth_getBalance',
    );
  }
}
