import type { NetworkCode } from '../../domain/chains/networks';
import type { ChainHead, ChainHeadReader, ChainStatusStore } from '../../ports/chain-heads';
import type { Clock } from '../../ports/clock';

export interface ChainHeadObservation extends ChainHead {
  /** Finalized block minus the poller's cursor; undefined until a deposit poller has run. */
  readonly pollerLagBlocks: number | undefined;
}

/** Records a network's head and finalized block and measures how far the deposit poller trails it. */
export async function recordChainHead(
  deps: { reader: ChainHeadReader; store: ChainStatusStore; clock: Clock },
  network: NetworkCode,
): Promise<ChainHeadObservation> {
  const read = await deps.reader.readHead(network);
  const head: ChainHead = { ...read, observedAt: deps.clock.now().toISOString() };
  await deps.store.saveHead(head);
  const cursor = await deps.store.getPollerCursor(network);
  const reference = head.finalizedBlock ?? head.headBlock;
  return { ...head, pollerLagBlocks: cursor === undefined ? undefined : Math.max(0, reference - cursor) };
}
