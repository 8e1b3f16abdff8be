import { Interface } from 'ethers';
import type { NetworkConfig } from '../../config/networks';
import { EVM_ADDRESS_FORMAT } from '../../domain/chains/addresses';
import type { AssetCode } from '../../domain/ledger/asset';
import type { CustodyBalanceReader } from '../../ports/reconciliation';
import { EvmTransferScanner } from './evm-transfer-scanner';
import { DEFAULT_RPC_TIMEOUT_MS, RpcMeter } from './metered-json-rpc-provider';

const MULTICALL3 = new Interface([
  'function aggregate3((address target, bool allowFailure, bytes callData)[] calls) payable returns ((bool success, bytes returnData)[] returnData)',
  'function getEthBalance(address addr) view returns (uint256 balance)',
]);
const ERC20 = new Interface(['function balanceOf(address) view returns (uint256)']);
const AGGREGATE3 = (MULTICALL3.getFunction('aggregate3')?.selector as string).slice(2);
const BALANCE_OF = (ERC20.getFunction('balanceOf')?.selector as string).slice(2);
const GET_ETH_BALANCE = (MULTICALL3.getFunction('getEthBalance')?.selector as string).slice(2);

/** A 32-byte ABI word (hex, no 0x) of an address or a number. */
function word(value: string | number): string {
  if (typeof value === 'number') return value.toString(16).padStart(64, '0');
  // Checksumming (keccak per address) would cost more than the whole encoding: check the shape only.
  if (!EVM_ADDRESS_FORMAT.test(value)) throw new Error(`Not an EVM address: ${value}`);
  return value.slice(2).toLowerCase().padStart(64, '0');
}

/**
 * `aggregate3(Call3[])` calldata with `allowFailure = true` on every call, encoded by hand: ethers' ABI
 * coder takes over a second per few hundred addresses (measured), the hand layout a few milliseconds.
 * Layout: selector, offset of the array, its length, one offset per tuple (from the first offset
 * slot), then each tuple `(target, allowFailure, offset of callData = 0x60, length, data padded)`.
 */
export function encodeAggregate3(
  calls: readonly { readonly target: string; readonly callData: string }[],
): string {
  const offsets: string[] = [];
  const tuples: string[] = [];
  let at = calls.length * 32;
  for (const c of calls) {
    offsets.push(word(at));
    const data = c.callData.replace(/^0x/, '');
    const padded = data.padEnd(Math.ceil(data.length / 64) * 64, '0');
    const tuple = word(c.target) + word(1) + word(0x60) + word(data.length / 2) + padded;
    tuples.push(tuple);
    at += tuple.length / 2;
  }
  return `0x${AGGREGATE3}${word(0x20)}${word(calls.length)}${offsets.join('')}${tuples.join('')}`;
}

/** `(bool success, bytes returnData)[]` from aggregate3's answer, decoded by hand (see encodeAggregate3). */
export function decodeAggregate3(raw: string): { success: boolean; returnData: string }[] {
  const hex = raw.replace(/^0x/, '');
  const num = (byteOffset: number) => Number.parseInt(hex.slice(byteOffset * 2, byteOffset * 2 + 64), 16);
  if (hex.length < 128) throw new Error(`Multicall3 answered ${raw.slice(0, 20)}: no code at its address?`);
  const array = num(0);
  const length = num(array);
  const base = array + 32;
  const out: { success: boolean; returnData: string }[] = [];
  for (let i = 0; i < length; i++) {
    const tuple = base + num(base + i * 32);
    const success = num(tuple) === 1;
    const data = tuple + num(tuple + 32);
    const size = num(data);
    out.push({ success, returnData: hex.slice((data + 32) * 2, (data + 32 + size) * 2) });
  }
  return out;
}

/**
 * Addresses per `aggregate3`: each brings one `balanceOf` per token and one `getEthBalance`, ~3 sub-calls
 * of a few thousand gas each, so 300 addresses stay well under the eth_call gas caps of public nodes.
 */
export const DEFAULT_MULTICALL_ADDRESSES_PER_CALL = 300;
/** `eth_call`s in flight at once. */
const CONCURRENCY = 4;

export interface MulticallBalanceReaderOptions {
  readonly addressesPerCall?: number;
  readonly timeoutMs?: number;
  readonly meter?: RpcMeter;
}

/**
 * Token and native balances of many addresses through Multicall3: one `eth_call` of `aggregate3` per
 * `addressesPerCall` addresses, each with `balanceOf` of every token and `getEthBalance`, all at the
 * network's finalized block (what the ledger has booked is final; reading the head would show every
 * deposit still confirming as drift). Plus a constant two calls for the finalized block. A sub-call
 * that fails makes the read fail: an unreadable balance is not a zero balance.
 */
export class MulticallBalanceReader implements CustodyBalanceReader {
  private readonly finality: EvmTransferScanner;

  constructor(
    private readonly config: NetworkConfig,
    private readonly provider: { send(method: string, params: unknown[]): Promise<unknown> },
    private readonly options: MulticallBalanceReaderOptions & { readonly close?: () => void } = {},
  ) {
    if (config.family !== 'EVM') throw new Error(`${config.code} is not an EVM network`);
    if (!config.multicall3) throw new Error(`${config.code} has no Multicall3 address configured`);
    this.finality = new EvmTransferScanner(config, provider);
  }

  /**
   * Over plain `fetch`, not ethers' provider: its UTF-8 conversions of a request body take about a second
   * per 400 kB aggregate3 (measured), ten times the node's own work. Every HTTP request is counted.
   */
  static connect(config: NetworkConfig, options: MulticallBalanceReaderOptions = {}): MulticallBalanceReader {
    const url = config.rpcUrls[0];
    if (!url) throw new Error(`No RPC URL configured for ${config.code}`);
    const meter = options.meter ?? new RpcMeter();
    const timeoutMs = options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
    let id = 0;
    const send = async (method: string, params: unknown[]): Promise<unknown> => {
      meter.record([method]);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) throw new Error(`${config.code} ${method}: HTTP ${res.status}`);
      const reply = (await res.json()) as { result?: unknown; error?: { code: number; message: string } };
      if (reply.error)
        throw new Error(`${config.code} ${method}: ${reply.error.message} (code ${reply.error.code})`);
      return reply.result;
    };
    return new MulticallBalanceReader(config, { send }, { ...options, meter });
  }

  get meter(): RpcMeter | undefined {
    return this.options.meter;
  }

  close(): void {
    this.options.close?.();
  }

  async balances(addresses: readonly string[]): Promise<ReadonlyMap<string, ReadonlyMap<AssetCode, bigint>>> {
    const { finalized } = await this.finality.head();
    const blockTag = `0x${finalized.toString(16)}`;
    const perCall = Math.max(1, this.options.addressesPerCall ?? DEFAULT_MULTICALL_ADDRESSES_PER_CALL);
    const chunks: string[][] = [];
    for (let i = 0; i < addresses.length; i += perCall) chunks.push(addresses.slice(i, i + perCall));
    const out = new Map<string, ReadonlyMap<AssetCode, bigint>>();
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++] as string[];
        for (const [address, assets] of await this.readChunk(chunk, blockTag)) out.set(address, assets);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, chunks.length) }, worker));
    return out;
  }

  private async readChunk(
    addresses: readonly string[],
    blockTag: string,
  ): Promise<Map<string, Map<AssetCode, bigint>>> {
    const multicall = this.config.multicall3 as string;
    const tokens = Object.values(this.config.tokens).filter((t) => t !== undefined);
    const native = `${this.config.nativeSymbol}@${this.config.code}`;
    const calls = addresses.flatMap((address) => {
      const who = word(address);
      return [
        ...tokens.map((t) => ({ target: t.address, callData: BALANCE_OF + who })),
        { target: multicall, callData: GET_ETH_BALANCE + who },
      ];
    });
    const raw = (await this.provider.send('eth_call', [
      { to: multicall, data: encodeAggregate3(calls) },
      blockTag,
    ])) as string;
    const results = decodeAggregate3(raw);
    const per = tokens.length + 1;
    if (results.length !== addresses.length * per)
      throw new Error(
        `${this.config.code}: Multicall3 answered ${results.length} results for ${addresses.length * per} calls`,
      );
    const out = new Map<string, Map<AssetCode, bigint>>();
    addresses.forEach((address, i) => {
      const assets = new Map<AssetCode, bigint>();
      [...tokens.map((t) => `${t.symbol}@${this.config.code}`), native].forEach((asset, j) => {
        const r = results[i * per + j];
        if (!r?.success || r.returnData.length < 64)
          throw new Error(`${this.config.code}: balance of ${asset} at ${address} could not be read`);
        assets.set(asset, BigInt(`0x${r.returnData.slice(0, 64)}`));
      });
      out.set(address, assets);
    });
    return out;
  }
}
