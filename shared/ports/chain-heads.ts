import type { NetworkCode } from '../domain/chains/networks';

export interface ChainHead {
  readonly network: NetworkCode;
  readonly headBlock: number;
  /** The node's finalized (or solidified) block; undefined when the node does not expose one. */
  readonly finalizedBlock: number | undefined;
  readonly observedAt: string;
}

export interface ChainHeadReader {
  readHead(network: NetworkCode): Promise<Omit<ChainHead, 'observedAt'>>;
}

export interface ChainStatusStore {
  saveHead(head: ChainHead): Promise<void>;
  getHead(network: NetworkCode): Promise<ChainHead | undefined>;
  /** Last block the deposit poller has fully processed; undefined until a poller runs. */
  getPollerCursor(network: NetworkCode): Promise<number | undefined>;
}
