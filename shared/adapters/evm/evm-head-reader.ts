import { JsonRpcProvider, Network } from 'ethers';
import type { NetworkCode, NetworkConfig } from '../../config/networks';
import type { ChainHead, ChainHeadReader } from '../../ports/chain-heads';

/**
 * Reads head and finalized blocks over JSON-RPC. Providers are created with a static network so ethers
 * never probes (and never calls Polygon's gas station on the internet).
 */
export function evmProvider(network: NetworkConfig, rpcUrl = network.rpcUrls[0]): JsonRpcProvider {
  if (!rpcUrl) throw new Error(`No RPC URL configured for ${network.code}`);
  const staticNetwork = new Network(network.code.toLowerCase(), network.chainId);
  return new JsonRpcProvider(rpcUrl, staticNetwork, { staticNetwork, batchMaxCount: 1 });
}

export class EvmHeadReader implements ChainHeadReader {
  private readonly providers = new Map<NetworkCode, JsonRpcProvider>();

  constructor(private readonly networks: Readonly<Record<NetworkCode, NetworkConfig>>) {}

  private provider(code: NetworkCode): JsonRpcProvider {
    let p = this.providers.get(code);
    if (!p) {
      p = evmProvider(this.networks[code]);
      this.providers.set(code, p);
    }
    return p;
  }

  async readHead(code: NetworkCode): Promise<Omit<ChainHead, 'observedAt'>> {
    const network = this.networks[code];
    if (network.family !== 'EVM') throw new Error(`${code} is not an EVM network`);
    const provider = this.provider(code);
    const head = await provider.getBlockNumber();
    let finalizedBlock: number | undefined;
    if (network.finality.kind === 'finalized-tag') {
      const finalized = await provider.getBlock('finalized').catch(() => null);
      finalizedBlock = finalized?.number;
    }
    finalizedBlock ??= Math.max(0, head - network.finality.confirmations);
    return { network: code, headBlock: head, finalizedBlock };
  }
}
