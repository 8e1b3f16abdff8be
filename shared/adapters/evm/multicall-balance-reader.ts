import { Interface, getAddress } from 'ethers';
import type { JsonRpcProvider } from 'ethers';
import type { NetworkConfig } from '../../config/networks';
import type { AssetCode } from '../../domain/ledger/asset';
import type { CustodyBalanceReader } from '../../ports/reconciliation';
import { EvmTransferScanner } from './evm-transfer-scanner';
import { meteredEvmProvider } from './metered-json-rpc-provider';
import type { RpcMeter } from './metered-json-rpc-provider';

const MULTICALL3 = new Interface([
  'function aggregate3((address target, bool allowFailure, bytes callData)[] calls) payable returns ((bool success, bytes returnData)[] returnData)',
  'function getEthBalance(address addr) view returns (uint256 balance)',
]);
const ERC20 = new Interface(['function balanceOf(address) view returns (uint256)']);

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
    private readonly provider: Pick<JsonRpcProvider, 'send'>,
    private readonly options: MulticallBalanceReaderOptions & { readonly close?: () => void } = {},
  ) {
    if (config.family !== 'EVM') throw new Error(`${config.code} is not an EVM network`);
    if (!config.multicall3) throw new Error(`${config.code} has no Multicall3 address configured`);
    this.finality = new EvmTransferScanner(config, provider);
  }

  static connect(config: NetworkConfig, options: MulticallBalanceReaderOptions = {}): MulticallBalanceReader {
    const { provider, meter } = meteredEvmProvider(config, {
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.meter ? { meter: options.meter } : {}),
      batchMaxCount: 1,
    });
    return new MulticallBalanceReader(config, provider, {
      ...options,
      meter,
      close: () => provider.destroy(),
    });
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
      const who = getAddress(address);
      return [
        ...tokens.map((t) => ({
          target: t.address,
          allowFailure: true,
          callData: ERC20.encodeFunctionData('balanceOf', [who]),
        })),
        {
          target: multicall,
          allowFailure: true,
          callData: MULTICALL3.encodeFunctionData('getEthBalance', [who]),
        },
      ];
    });
    const data = MULTICALL3.encodeFunctionData('aggregate3', [calls]);
    const raw = (await this.provider.send('eth_call', [{ to: multicall, data }, blockTag])) as string;
    const [results] = MULTICALL3.decodeFunctionResult('aggregate3', raw) as unknown as [
      { success: boolean; returnData: string }[],
    ];
    const out = new Map<string, Map<AssetCode, bigint>>();
    const per = tokens.length + 1;
    addresses.forEach((address, i) => {
      const assets = new Map<AssetCode, bigint>();
      [...tokens.map((t) => `${t.symbol}@${this.config.code}`), native].forEach((asset, j) => {
        const r = results[i * per + j];
        if (!r?.success || r.returnData.length < 66)
          throw new Error(`${this.config.code}: balance of ${asset} at ${address} could not be read`);
        assets.set(asset, BigInt(r.returnData.slice(0, 66)));
      });
      out.set(address, assets);
    });
    return out;
  }
}
