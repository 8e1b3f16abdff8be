import type { NetworkCode, NetworkConfig } from '../../config/networks';

/**
 * Whether a contract is deployed at an EVM address: one `eth_getCode` over plain JSON-RPC (fetch), for
 * the console's destination check. The API function that asks carries no ethers provider for it
 * (ADR 0025); the withdrawal task's chain adapter (EvmSweepChain.hasCode) answers the same question.
 */
export class EvmCodeReader {
  constructor(
    private readonly networks: Readonly<Record<NetworkCode, Pick<NetworkConfig, 'family' | 'rpcUrls'>>>,
    private readonly options: { readonly timeoutMs: number },
  ) {}

  async hasCode(network: NetworkCode, address: string): Promise<boolean> {
    const config = this.networks[network];
    const url = config.rpcUrls[0];
    if (config.family !== 'EVM' || !url) throw new Error(`${network} has no EVM JSON-RPC endpoint`);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_getCode', params: [address, 'latest'] }),
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    if (!response.ok) throw new Error(`eth_getCode on ${network}: HTTP ${response.status}`);
    const body = (await response.json()) as { result?: unknown; error?: { message?: string } };
    if (body.error || typeof body.result !== 'string')
      throw new Error(`eth_getCode on ${network}: ${body.error?.message ?? 'no result'}`);
    return body.result !== '0x' && body.result !== '0x0' && body.result !== '';
  }
}
