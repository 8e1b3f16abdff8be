import type { NetworkCode, NetworkConfig } from '../../config/networks';
import type { ChainHead, ChainHeadReader } from '../../ports/chain-heads';
import { TronChainReader } from './tron-chain-reader';

/** Head and solidified block of a TRON network (the deposit scanner's finality rule). */
export class TronHeadReader implements ChainHeadReader {
  private readonly gateways = new Map<NetworkCode, TronChainReader>();

  constructor(
    private readonly networks: Readonly<Record<NetworkCode, NetworkConfig>>,
    private readonly options: { readonly timeoutMs?: number; readonly apiKey?: string } = {},
  ) {}

  async readHead(network: NetworkCode): Promise<Omit<ChainHead, 'observedAt'>> {
    let gateway = this.gateways.get(network);
    if (!gateway) {
      gateway = TronChainReader.connect(this.networks[network], this.options);
      this.gateways.set(network, gateway);
    }
    const head = await gateway.head();
    return { network, headBlock: head.latest, finalizedBlock: head.finalized };
  }
}
