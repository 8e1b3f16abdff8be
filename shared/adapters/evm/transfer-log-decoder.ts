import { getAddress, id } from 'ethers';
import type { NetworkConfig, TokenSymbol } from '../../config/networks';
import type { ObservedTransfer } from '../../ports/evm-transfers';

/**
 * Turns raw JSON-RPC logs (from `eth_getLogs` or from receipts) into ObservedTransfers, keeping only
 * what can be a real deposit: an ERC-20 `Transfer(address indexed, address indexed, uint256)` emitted
 * by one of the network's configured token contracts, not marked removed, with a non-zero amount.
 */
export const TRANSFER_TOPIC = id('Transfer(address,address,uint256)');

/** A log as JSON-RPC returns it (hex quantities). */
export interface RpcLog {
  readonly address: string;
  readonly topics: readonly string[];
  readonly data: string;
  readonly blockNumber: string | null;
  readonly blockHash: string | null;
  readonly transactionHash: string | null;
  readonly logIndex: string | null;
  readonly removed?: boolean;
  /** Some nodes (anvil, recent geth and erigon) put the block time in each log; used when present. */
  readonly blockTimestamp?: string;
}

export type TokenIndex = ReadonlyMap<string, { readonly symbol: TokenSymbol; readonly address: string }>;

/** Lower-cased contract address → token, from the network registry. */
export function tokenIndex(network: NetworkConfig): TokenIndex {
  const entries = Object.values(network.tokens).map(
    (t) => [t.address.toLowerCase(), { symbol: t.symbol, address: getAddress(t.address) }] as const,
  );
  return new Map(entries);
}

const WORD = /^0x[0-9a-fA-F]{64}$/;

export function decodeTransferLog(
  network: NetworkConfig,
  tokens: TokenIndex,
  log: RpcLog,
): ObservedTransfer | undefined {
  if (log.removed === true) return undefined;
  // Defense in depth: the filter asks for the configured contracts only, but a provider's answer is
  // not trusted to honour it.
  const token = tokens.get(log.address.toLowerCase());
  if (!token) return undefined;
  // ERC-721 Transfer has the same signature with the token id indexed (4 topics); anything but
  // exactly (signature, from, to) is not an ERC-20 transfer.
  if (log.topics.length !== 3 || log.topics[0]?.toLowerCase() !== TRANSFER_TOPIC) return undefined;
  const [, fromTopic, toTopic] = log.topics;
  if (!fromTopic || !toTopic || !WORD.test(fromTopic) || !WORD.test(toTopic) || !WORD.test(log.data))
    return undefined;
  if (
    log.blockNumber === null ||
    log.blockHash === null ||
    log.transactionHash === null ||
    log.logIndex === null
  ) {
    return undefined; // pending log: not in a block yet
  }
  const amount = BigInt(log.data);
  if (amount === 0n) return undefined;
  return {
    network: network.code,
    token: token.symbol,
    tokenAddress: token.address,
    txHash: log.transactionHash.toLowerCase(),
    logIndex: Number(log.logIndex),
    blockNumber: Number(log.blockNumber),
    blockHash: log.blockHash.toLowerCase(),
    ...(log.blockTimestamp ? { blockTime: new Date(Number(log.blockTimestamp) * 1000).toISOString() } : {}),
    from: topicAddress(fromTopic),
    to: topicAddress(toTopic),
    amount,
  };
}

function topicAddress(topic: string): string {
  return getAddress(`0x${topic.slice(26)}`);
}

export function byChainOrder(a: ObservedTransfer, b: ObservedTransfer): number {
  return a.blockNumber - b.blockNumber || a.logIndex - b.logIndex;
}
