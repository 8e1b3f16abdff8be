import type { NetworkCode, NetworkConfig } from '../../config/networks';
import type { ChainHeadInfo, ObservedTransfer, TransferScanner } from '../../ports/evm-transfers';
import { classifyRpcError, rpcErrorInfo, suggestedBlockRange } from './json-rpc-errors';
import type { RpcMeter } from './metered-json-rpc-provider';
import { TRANSFER_TOPIC, byChainOrder, decodeTransferLog, tokenIndex } from './transfer-log-decoder';
import type { RpcLog, TokenIndex } from './transfer-log-decoder';

/**
 * Finds Transfer events of the network's configured token contracts by block range, over any
 * `JsonRpcSender`: `EvmTransferScanner.connect` (evm-transfer-scanner.ts) gives the pollers one on a
 * metered, batching ethers provider; the deposit rescan (an API function) takes one on the plain
 * fetch client (json-rpc-client.ts) and so carries no ethers provider.
 *
 * **Cost does not depend on deposit addresses.** The filter is the token contracts and the Transfer
 * topic, never recipients: one `eth_getLogs` per block range (`getLogs` mode) or one
 * `eth_getBlockReceipts` per block (`blockReceipts` mode, for providers that disable `eth_getLogs`).
 * Matching recipients against the address index is the intake's job, in bulk, off-chain.
 *
 * **Range adapts to the provider.** Ranges start at `maxBlockRange`; a "too many results" / "range too
 * large" / -32005 answer halves the range (or takes the provider's suggested range when its message
 * names one) and retries the same start block, so no block is skipped. After ten full-size successes in
 * a row the range grows back by a quarter, up to `maxBlockRange` (slowly, so a dense stretch of chain
 * does not make it oscillate). The range persists across calls (a warm
 * Lambda keeps what it learned).
 *
 * **Fallback.** When `eth_getLogs` answers "method not found" / disabled, the scanner switches to block
 * receipts for the rest of its life and says so through `onNotice`.
 *
 * **Finality** (`head()`):
 * - `confirmations` policy: block b is final when `latest − b + 1 ≥ confirmations` (the block itself is
 *   its first confirmation, as in ethers' `wait(confirms)`), so `finalized = latest − confirmations + 1`.
 * - `finalized-tag` policy: `finalized = max(tag, latest − confirmations + 1)`, capped at `latest`. The
 *   tag normally leads (BSC fast finality, Polygon milestones are seconds behind head); when it is
 *   missing, errors, or lags beyond the configured depth (a stalled finality gadget), the depth rule
 *   takes over, which is the "depth fallback when finalized lags" of the deposit rules. The cap matters
 *   behind load balancers: a tag from a node ahead of the one that answered `eth_blockNumber` must not
 *   let the poller treat blocks the scanning node may not have as final.
 */
export type LogsMode = 'getLogs' | 'blockReceipts';

export type ScannerNotice =
  | {
      readonly kind: 'range-shrunk';
      readonly fromBlock: number;
      readonly toBlock: number;
      readonly newRange: number;
      readonly reason: string;
    }
  | { readonly kind: 'range-grown'; readonly newRange: number }
  | { readonly kind: 'fallback-to-block-receipts'; readonly reason: string };

export interface EvmTransferScannerOptions {
  readonly logsMode?: LogsMode;
  /** Largest `eth_getLogs` range tried; the provider's limits may shrink it. */
  readonly maxBlockRange?: number;
  /** Full-size successes in a row before the range grows back. */
  readonly growAfterSuccesses?: number;
  /** Blocks whose receipts are requested together (one batched HTTP request) in `blockReceipts` mode. */
  readonly receiptsBatchSize?: number;
  readonly onNotice?: (notice: ScannerNotice) => void;
}

/** The one thing the scanner needs from a provider (ethers' JsonRpcProvider fits). */
export interface JsonRpcSender {
  send(method: string, params: unknown[]): Promise<unknown>;
}

export const DEFAULT_MAX_BLOCK_RANGE = 2_000;
const DEFAULT_GROW_AFTER = 10;
const DEFAULT_RECEIPTS_BATCH = 25;

interface RpcReceipt {
  readonly status?: string | null;
  readonly logs: readonly RpcLog[];
}

/** A block range the scanner could not read; the caller must not treat the range as covered. */
export class ScanError extends Error {
  constructor(
    message: string,
    readonly fromBlock: number,
    readonly toBlock: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ScanError';
  }
}

export class JsonRpcTransferScanner implements TransferScanner {
  readonly network: NetworkCode;
  private readonly tokens: TokenIndex;
  private readonly tokenAddresses: string[];
  private readonly maxRange: number;
  private readonly growAfter: number;
  private readonly receiptsBatch: number;
  private mode: LogsMode;
  private range: number;
  private streak = 0;

  constructor(
    private readonly config: NetworkConfig,
    private readonly rpc: JsonRpcSender,
    private readonly options: EvmTransferScannerOptions & {
      readonly meter?: RpcMeter;
      readonly close?: () => void;
    } = {},
  ) {
    if (config.family !== 'EVM') throw new Error(`${config.code} is not an EVM network`);
    this.network = config.code;
    this.tokens = tokenIndex(config);
    this.tokenAddresses = [...this.tokens.values()].map((t) => t.address);
    if (this.tokenAddresses.length === 0) throw new Error(`${config.code} has no configured tokens`);
    this.maxRange = positiveInt(options.maxBlockRange ?? DEFAULT_MAX_BLOCK_RANGE, 'maxBlockRange');
    this.growAfter = positiveInt(options.growAfterSuccesses ?? DEFAULT_GROW_AFTER, 'growAfterSuccesses');
    this.receiptsBatch = positiveInt(
      options.receiptsBatchSize ?? DEFAULT_RECEIPTS_BATCH,
      'receiptsBatchSize',
    );
    this.mode = options.logsMode ?? 'getLogs';
    this.range = this.maxRange;
  }

  /** RPC usage of this scanner, when it was given a meter (`EvmTransferScanner.connect` gives one). */
  get meter(): RpcMeter | undefined {
    return this.options.meter;
  }

  get logsMode(): LogsMode {
    return this.mode;
  }

  /** The `eth_getLogs` range the scanner will try next. */
  get blockRange(): number {
    return this.range;
  }

  close(): void {
    this.options.close?.();
  }

  async head(): Promise<ChainHeadInfo> {
    const { kind, confirmations } = this.config.finality;
    if (kind === 'finalized-tag') {
      const [latestHex, tagBlock] = await Promise.all([
        this.rpc.send('eth_blockNumber', []),
        // Any failure of the tag alone falls back to depth, which is the policy's fallback anyway.
        this.rpc.send('eth_getBlockByNumber', ['finalized', false]).catch(() => null),
      ]);
      const latest = quantity(latestHex, 'eth_blockNumber');
      const tag = blockNumberOf(tagBlock);
      const finalized = Math.min(latest, Math.max(depthFinalized(latest, confirmations), tag ?? 0));
      return { latest, finalized };
    }
    if (kind === 'confirmations') {
      const latest = quantity(await this.rpc.send('eth_blockNumber', []), 'eth_blockNumber');
      return { latest, finalized: depthFinalized(latest, confirmations) };
    }
    throw new Error(`finality policy ${kind} is not an EVM policy`);
  }

  async scan(fromBlock: number, toBlock: number): Promise<ObservedTransfer[]> {
    if (!Number.isSafeInteger(fromBlock) || !Number.isSafeInteger(toBlock) || fromBlock < 0) {
      throw new RangeError(`invalid block range ${fromBlock}..${toBlock}`);
    }
    if (fromBlock > toBlock) return [];
    const found: ObservedTransfer[] = [];
    let start = fromBlock;
    while (start <= toBlock) {
      if (this.mode === 'blockReceipts') {
        found.push(...(await this.scanReceipts(start, toBlock)));
        break;
      }
      const end = Math.min(toBlock, start + this.range - 1);
      let logs: RpcLog[];
      try {
        logs = await this.getLogs(start, end);
      } catch (e) {
        if (this.adaptTo(e, start, end)) continue;
        throw new ScanError(
          `eth_getLogs ${start}..${end} failed on ${this.network}: ${rpcErrorInfo(e).message}`,
          start,
          end,
          { cause: e },
        );
      }
      for (const log of logs) {
        const transfer = decodeTransferLog(this.config, this.tokens, log);
        // A log outside the requested range is a provider bug; it is not this range's to report.
        if (transfer && transfer.blockNumber >= start && transfer.blockNumber <= end) found.push(transfer);
      }
      this.succeeded(end - start + 1);
      start = end + 1;
    }
    return found.sort(byChainOrder);
  }

  async canonicalBlockHash(blockNumber: number): Promise<string | undefined> {
    const block = (await this.rpc.send('eth_getBlockByNumber', [hex(blockNumber), false])) as {
      hash?: string;
    } | null;
    return block?.hash ? block.hash.toLowerCase() : undefined;
  }

  async transfersInTransaction(txHash: string): Promise<ObservedTransfer[]> {
    const receipt = (await this.rpc.send('eth_getTransactionReceipt', [
      txHash.toLowerCase(),
    ])) as RpcReceipt | null;
    return receipt ? this.transfersOfReceipt(receipt) : [];
  }

  private async getLogs(fromBlock: number, toBlock: number): Promise<RpcLog[]> {
    const logs = await this.rpc.send('eth_getLogs', [
      {
        fromBlock: hex(fromBlock),
        toBlock: hex(toBlock),
        address: this.tokenAddresses,
        topics: [TRANSFER_TOPIC],
      },
    ]);
    if (!Array.isArray(logs)) throw new Error(`eth_getLogs returned ${typeof logs}, not a list`);
    return logs as RpcLog[];
  }

  /** Decides what a failed `eth_getLogs` means; true when the same start block should be retried. */
  private adaptTo(e: unknown, start: number, end: number): boolean {
    const kind = classifyRpcError(e);
    const reason = rpcErrorInfo(e).message;
    if (kind === 'method-unavailable') {
      this.mode = 'blockReceipts';
      this.options.onNotice?.({ kind: 'fallback-to-block-receipts', reason });
      return true;
    }
    const size = end - start + 1;
    if (kind !== 'range-limit' || size === 1) return false;
    const hint = suggestedBlockRange(e);
    this.range = Math.max(1, Math.min(Math.floor(size / 2), hint ?? Number.POSITIVE_INFINITY));
    this.streak = 0;
    this.options.onNotice?.({
      kind: 'range-shrunk',
      fromBlock: start,
      toBlock: end,
      newRange: this.range,
      reason,
    });
    return true;
  }

  private succeeded(size: number): void {
    if (size < this.range) return; // a short tail says nothing about the limit
    this.streak += 1;
    if (this.streak < this.growAfter || this.range >= this.maxRange) return;
    this.streak = 0;
    this.range = Math.min(this.maxRange, this.range + Math.max(1, Math.floor(this.range / 4)));
    this.options.onNotice?.({ kind: 'range-grown', newRange: this.range });
  }

  private async scanReceipts(fromBlock: number, toBlock: number): Promise<ObservedTransfer[]> {
    const found: ObservedTransfer[] = [];
    for (let start = fromBlock; start <= toBlock; start += this.receiptsBatch) {
      const numbers = Array.from(
        { length: Math.min(this.receiptsBatch, toBlock - start + 1) },
        (_, i) => start + i,
      );
      // Sent together; the provider batches them into one HTTP request.
      const blocks = await Promise.all(
        numbers.map(async (n) => {
          try {
            return {
              n,
              receipts: (await this.rpc.send('eth_getBlockReceipts', [hex(n)])) as RpcReceipt[] | null,
            };
          } catch (e) {
            throw new ScanError(
              `eth_getBlockReceipts ${n} failed on ${this.network}: ${rpcErrorInfo(e).message}`,
              n,
              n,
              { cause: e },
            );
          }
        }),
      );
      for (const { n, receipts } of blocks) {
        // Never read a missing block as an empty one: that would skip its transfers for good.
        if (!Array.isArray(receipts))
          throw new ScanError(`block ${n} is not available on the ${this.network} node`, n, n);
        for (const receipt of receipts) found.push(...this.transfersOfReceipt(receipt));
      }
    }
    return found;
  }

  private transfersOfReceipt(receipt: RpcReceipt): ObservedTransfer[] {
    // Failed transactions emit no logs on the EVM; a receipt that says otherwise is ignored anyway.
    if (receipt.status !== '0x1') return [];
    return (receipt.logs ?? [])
      .map((log) => decodeTransferLog(this.config, this.tokens, log))
      .filter((t): t is ObservedTransfer => t !== undefined)
      .sort(byChainOrder);
  }
}

function depthFinalized(latest: number, confirmations: number): number {
  return Math.max(0, latest - Math.max(1, confirmations) + 1);
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

function quantity(value: unknown, what: string): number {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]+$/.test(value))
    throw new Error(`${what} returned ${String(value)}`);
  const n = Number.parseInt(value, 16);
  if (!Number.isSafeInteger(n)) throw new Error(`${what} returned ${value}`);
  return n;
}

function blockNumberOf(block: unknown): number | undefined {
  const n = (block as { number?: unknown } | null)?.number;
  return typeof n === 'string' ? quantity(n, 'eth_getBlockByNumber(finalized)') : undefined;
}

function positiveInt(n: number, name: string): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer, got ${n}`);
  return n;
}
