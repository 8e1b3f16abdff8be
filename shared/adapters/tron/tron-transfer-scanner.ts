import type { NetworkCode, NetworkConfig, TokenSymbol } from '../../config/networks';
import type { ChainHeadInfo, ObservedTransfer, TransferScanner } from '../../ports/evm-transfers';
import type { RpcMeter } from '../evm/metered-json-rpc-provider';
import { ScanError } from '../evm/json-rpc-transfer-scanner';
import { tronBase58, tronHex } from './tron-address';
import { TronNodeClient } from './tron-node-client';
import type { TronNode, TronNodeClientOptions } from './tron-node-client';

/**
 * TRC-20 Transfer events of the configured token contracts (USDT) by block range, from a TRON full
 * node's HTTP API.
 *
 * **Cost does not depend on deposit addresses.** Per range: one `/wallet/getblockbylimitnext` per 100
 * blocks (block ids, times, transaction types and results), then one
 * `/wallet/gettransactioninfobyblocknum` per block that holds at least one smart-contract call (logs
 * live only in transaction infos). Recipients are matched by the intake, in bulk.
 *
 * **What counts.** A log counts when the block's transaction says `contractRet: SUCCESS`, its info has
 * no `result: FAILED`, its receipt `result` is `SUCCESS`, no internal transaction was rejected, the log
 * comes from a configured token contract (by address — a look-alike "USDT" elsewhere is ignored, and
 * TRC-10 transfers carry no logs at all), it is a 3-topic `Transfer(address,address,uint256)`, and its
 * value is above zero.
 *
 * **Identifiers.** Addresses are base58 (`T…`); transaction hashes are TRON's txID, 64 lower-case hex
 * characters *without* `0x` (as TRON nodes and explorers show them); `blockHash` is the blockID; the
 * log index is the log's position within its transaction's info, so a transaction re-included in
 * another block after a fork keeps its deposit id `TRON:<txID>:<index>`.
 *
 * **Finality** is the solidified block (`/walletsolidity/getnowblock`), capped at the head.
 */
export const TRC20_TRANSFER_TOPIC = 'ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
const BLOCKS_PER_REQUEST = 100;

export interface TronBlockJson {
  readonly blockID?: string;
  readonly block_header?: { readonly raw_data?: { readonly number?: number; readonly timestamp?: number } };
  readonly transactions?: readonly TronBlockTxJson[];
}

export interface TronBlockTxJson {
  readonly txID: string;
  readonly ret?: readonly { readonly contractRet?: string }[];
  readonly raw_data?: { readonly contract?: readonly { readonly type?: string }[] };
}

export interface TronTxInfoJson {
  readonly id?: string;
  readonly blockNumber?: number;
  readonly blockTimeStamp?: number;
  readonly result?: string;
  readonly receipt?: { readonly result?: string };
  readonly log?: readonly {
    readonly address?: string;
    readonly topics?: readonly string[];
    readonly data?: string;
  }[];
  readonly internal_transactions?: readonly { readonly rejected?: boolean }[];
}

export interface TronTransferScannerOptions extends TronNodeClientOptions {
  /** Transaction-info requests in flight at once. */
  readonly concurrency?: number;
}

export class TronTransferScanner implements TransferScanner {
  readonly network: NetworkCode;
  /** 20-byte lower-case hex (no 41) → token. */
  private readonly tokens = new Map<string, { symbol: TokenSymbol; address: string }>();
  private readonly concurrency: number;

  constructor(
    config: NetworkConfig,
    private readonly node: TronNode,
    options: { readonly concurrency?: number; readonly meter?: RpcMeter } = {},
  ) {
    if (config.family !== 'TRON') throw new Error(`${config.code} is not a TRON network`);
    this.network = config.code;
    for (const t of Object.values(config.tokens)) {
      if (t) this.tokens.set(tronHex(t.address).slice(2), { symbol: t.symbol, address: t.address });
    }
    if (this.tokens.size === 0) throw new Error(`${config.code} has no configured tokens`);
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.meterRef = options.meter;
  }

  private readonly meterRef: RpcMeter | undefined;

  /** A scanner on its own metered HTTP client. */
  static connect(config: NetworkConfig, options: TronTransferScannerOptions = {}): TronTransferScanner {
    const client = TronNodeClient.forNetwork(config, options);
    return new TronTransferScanner(config, client, { concurrency: options.concurrency, meter: client.meter });
  }

  /** Requests made by this scanner, when it was created with `connect` (or given a meter). */
  get meter(): RpcMeter | undefined {
    return this.meterRef;
  }

  close(): void {}

  async head(): Promise<ChainHeadInfo> {
    const [latestBlock, solidBlock] = await Promise.all([
      this.node.post<TronBlockJson>('/wallet/getblock', { detail: false }),
      this.node.post<TronBlockJson>('/walletsolidity/getnowblock'),
    ]);
    const latest = numberOf(latestBlock, '/wallet/getblock');
    const solidified = numberOf(solidBlock, '/walletsolidity/getnowblock');
    return { latest, finalized: Math.min(latest, solidified) };
  }

  async scan(fromBlock: number, toBlock: number): Promise<ObservedTransfer[]> {
    if (!Number.isSafeInteger(fromBlock) || !Number.isSafeInteger(toBlock) || fromBlock < 0)
      throw new RangeError(`invalid block range ${fromBlock}..${toBlock}`);
    if (fromBlock > toBlock) return [];
    const found: ObservedTransfer[] = [];
    for (let start = fromBlock; start <= toBlock; start += BLOCKS_PER_REQUEST) {
      const end = Math.min(toBlock, start + BLOCKS_PER_REQUEST - 1);
      const blocks = await this.blocks(start, end);
      const withCalls = blocks.filter((b) =>
        (b.transactions ?? []).some((t) => t.raw_data?.contract?.[0]?.type === 'TriggerSmartContract'),
      );
      const infos = await mapLimit(withCalls, this.concurrency, async (b) => {
        const n = numberOf(b, 'block');
        try {
          const list = await this.node.post<TronTxInfoJson[] | Record<string, never>>(
            '/wallet/gettransactioninfobyblocknum',
            { num: n },
          );
          return { block: b, infos: Array.isArray(list) ? list : [] };
        } catch (e) {
          throw new ScanError(
            `transaction infos of block ${n} failed on ${this.network}: ${(e as Error).message}`,
            n,
            n,
            {
              cause: e,
            },
          );
        }
      });
      for (const { block, infos: list } of infos) found.push(...this.decodeBlock(block, list));
    }
    // Blocks in order, transactions in block order, logs in transaction order: chain order.
    return found;
  }

  async canonicalBlockHash(blockNumber: number): Promise<string | undefined> {
    const block = await this.node.post<TronBlockJson>('/wallet/getblock', {
      id_or_num: String(blockNumber),
      detail: false,
    });
    return block.blockID ? block.blockID.toLowerCase() : undefined;
  }

  async transfersInTransaction(txHash: string): Promise<ObservedTransfer[]> {
    const id = txHash.replace(/^0x/i, '').toLowerCase();
    const info = await this.node.post<TronTxInfoJson>('/wallet/gettransactioninfobyid', { value: id });
    if (info.blockNumber === undefined) return [];
    const [tx, block] = await Promise.all([
      this.node.post<TronBlockTxJson>('/wallet/gettransactionbyid', { value: id }),
      this.node.post<TronBlockJson>('/wallet/getblock', {
        id_or_num: String(info.blockNumber),
        detail: false,
      }),
    ]);
    if (!tx.txID || !block.blockID) return [];
    return this.decodeBlock({ ...block, transactions: [tx] }, [info]);
  }

  /** The configured-token transfers of one block, from its transactions and their infos. */
  decodeBlock(block: TronBlockJson, infos: readonly TronTxInfoJson[]): ObservedTransfer[] {
    const blockNumber = numberOf(block, 'block');
    const blockHash = (block.blockID ?? '').toLowerCase();
    const timestamp = block.block_header?.raw_data?.timestamp;
    const txs = new Map((block.transactions ?? []).map((t) => [t.txID.toLowerCase(), t]));
    const out: ObservedTransfer[] = [];
    for (const info of infos) {
      const id = (info.id ?? '').toLowerCase();
      const tx = txs.get(id);
      if (!tx || !succeeded(tx, info)) continue;
      (info.log ?? []).forEach((log, logIndex) => {
        const token = this.tokens.get(strip41(log.address ?? ''));
        const topics = (log.topics ?? []).map((t) => t.replace(/^0x/i, '').toLowerCase());
        if (!token || topics.length !== 3 || topics[0] !== TRC20_TRANSFER_TOPIC) return;
        const data = (log.data ?? '').replace(/^0x/i, '');
        if (!/^[0-9a-fA-F]{64}$/.test(data)) return;
        const amount = BigInt(`0x${data}`);
        if (amount <= 0n) return;
        out.push({
          network: this.network,
          token: token.symbol,
          tokenAddress: token.address,
          txHash: id,
          logIndex,
          blockNumber,
          blockHash,
          ...(timestamp ? { blockTime: new Date(timestamp).toISOString() } : {}),
          from: tronBase58((topics[1] as string).slice(24)),
          to: tronBase58((topics[2] as string).slice(24)),
          amount,
        });
      });
    }
    return out;
  }

  private async blocks(start: number, end: number): Promise<TronBlockJson[]> {
    let answer: { block?: TronBlockJson[] };
    try {
      answer = await this.node.post<{ block?: TronBlockJson[] }>('/wallet/getblockbylimitnext', {
        startNum: start,
        endNum: end + 1,
      });
    } catch (e) {
      throw new ScanError(
        `blocks ${start}..${end} failed on ${this.network}: ${(e as Error).message}`,
        start,
        end,
        {
          cause: e,
        },
      );
    }
    const byNumber = new Map((answer.block ?? []).map((b) => [numberOf(b, 'block'), b]));
    const blocks: TronBlockJson[] = [];
    for (let n = start; n <= end; n++) {
      const b = byNumber.get(n);
      // Never read a missing block as an empty one: that would skip its transfers for good.
      if (!b) throw new ScanError(`block ${n} is not available on the ${this.network} node`, n, n);
      blocks.push(b);
    }
    return blocks;
  }
}

/** Every way a TRON transaction can fail must keep its logs out. */
function succeeded(tx: TronBlockTxJson, info: TronTxInfoJson): boolean {
  if (tx.ret?.[0]?.contractRet !== 'SUCCESS') return false;
  if (info.result === 'FAILED') return false;
  if (info.receipt?.result !== 'SUCCESS') return false;
  if ((info.internal_transactions ?? []).some((i) => i.rejected === true)) return false;
  return true;
}

function strip41(address: string): string {
  const hex = address.replace(/^0x/i, '').toLowerCase();
  return hex.length === 42 && hex.startsWith('41') ? hex.slice(2) : hex;
}

function numberOf(block: TronBlockJson, what: string): number {
  const n = block.block_header?.raw_data?.number;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
    throw new Error(`${what} returned no block number`);
  return n;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return results;
}
