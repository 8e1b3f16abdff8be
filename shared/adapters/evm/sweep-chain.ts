import { Interface, getAddress } from 'ethers';
import type { JsonRpcProvider } from 'ethers';
import type { NetworkConfig, TokenSymbol } from '../../config/networks';
import type { ChainHeadInfo } from '../../ports/evm-transfers';
import type { BroadcastOutcome, ChainReceipt, SweepChain } from '../../ports/sweeps';
import type { WithdrawalChain } from '../../ports/withdrawals';
import { EvmTransferScanner } from './evm-transfer-scanner';
import { rpcErrorInfo } from './json-rpc-errors';
import { meteredEvmProvider } from './metered-json-rpc-provider';
import type { RpcMeter } from './metered-json-rpc-provider';

const ERC20 = new Interface([
  'function balanceOf(address) view returns (uint256)',
  'function allowance(address owner, address spender) view returns (uint256)',
  'function approve(address spender, uint256 amount) returns (bool)',
  'function transferFrom(address from, address to, uint256 amount) returns (bool)',
  'function transfer(address to, uint256 amount) returns (bool)',
]);
const MAX_UINT256 = (1n << 256n) - 1n;

/** What nodes answer eth_sendRawTransaction with when the transaction need not (or cannot) be sent. */
const ALREADY_KNOWN = [
  /already known/i,
  /known transaction/i,
  /already imported/i,
  /already in (the )?(tx|transaction)?\s*pool/i,
  /alreadyknown/i,
];
const NONCE_USED = [/nonce too low/i, /nonce has already been used/i, /old nonce/i];
const INSUFFICIENT_FUNDS = [/insufficient funds/i];
const UNDERPRICED = [/underpriced/i, /replacement fee too low/i, /gas price too low/i];

export function classifyBroadcastError(e: unknown): BroadcastOutcome | undefined {
  const message = rpcErrorInfo(e).message;
  if (ALREADY_KNOWN.some((p) => p.test(message))) return 'ALREADY_KNOWN';
  if (NONCE_USED.some((p) => p.test(message))) return 'NONCE_USED';
  if (INSUFFICIENT_FUNDS.some((p) => p.test(message))) return 'INSUFFICIENT_FUNDS';
  if (UNDERPRICED.some((p) => p.test(message))) return 'UNDERPRICED';
  return undefined;
}

const RPC_ATTEMPTS = 3;
const RETRY_DELAY_MS = 50;
const DETERMINISTIC = [
  /revert/i,
  /invalid (argument|opcode|params)/i,
  /out of gas/i,
  /gas required exceeds/i,
];

/** Whether an RPC failure may go away when asked again (not a revert or a refusal of the transaction). */
export function isTransient(e: unknown): boolean {
  if (classifyBroadcastError(e)) return false;
  // ethers words any failed eth_call / eth_estimateGas "missing revert data": only the node's own words count.
  const message = rpcErrorInfo(e).message.replace(/missing revert data/gi, '');
  return !DETERMINISTIC.some((p) => p.test(message));
}

interface RpcReceipt {
  readonly transactionHash: string;
  readonly blockNumber: string;
  readonly blockHash: string;
  readonly gasUsed: string;
  readonly effectiveGasPrice?: string;
  readonly status?: string;
}

/**
 * The sweeper's view of one EVM network over JSON-RPC: balances, allowance, nonces, gas, broadcast and
 * receipts, with head and finality from the deposit scanner's rule (so a deposit and its sweep are
 * final by the same policy). Raw JSON-RPC calls, not ethers' helpers: no 250 ms nonce cache, no gas
 * station look-ups, nothing hidden between the sweeper and the node.
 */
export class EvmSweepChain implements SweepChain, WithdrawalChain {
  readonly network: NetworkConfig['code'];
  readonly chainId: number;
  readonly nativeAsset: string;
  readonly nativeDecimals: number;
  private readonly finality: EvmTransferScanner;

  constructor(
    private readonly config: NetworkConfig,
    private readonly provider: Pick<JsonRpcProvider, 'send'>,
    private readonly options: { readonly meter?: RpcMeter; readonly close?: () => void } = {},
  ) {
    if (config.family !== 'EVM') throw new Error(`${config.code} is not an EVM network`);
    this.network = config.code;
    this.chainId = config.chainId;
    this.nativeAsset = `${config.nativeSymbol}@${config.code}`;
    this.nativeDecimals = config.nativeDecimals;
    this.finality = new EvmTransferScanner(config, { send: (method, params) => this.rpc(method, params) });
  }

  static connect(
    config: NetworkConfig,
    options: { readonly timeoutMs?: number; readonly rpcUrl?: string } = {},
  ): EvmSweepChain {
    const { provider, meter } = meteredEvmProvider(config, { ...options, batchMaxCount: 1 });
    return new EvmSweepChain(config, provider, { meter, close: () => provider.destroy() });
  }

  /**
   * One JSON-RPC call, tried up to three times: every call the sweeper makes is safe to repeat (reads,
   * and re-sending the same signed bytes), and a node behind a load balancer fails now and then. An
   * answer that is a result — a revert, a refused transaction — is not retried.
   */
  private async rpc(method: string, params: unknown[]): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.provider.send(method, params);
      } catch (e) {
        if (attempt >= RPC_ATTEMPTS || !isTransient(e)) throw e;
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * attempt));
      }
    }
  }

  get meter(): RpcMeter | undefined {
    return this.options.meter;
  }

  close(): void {
    this.options.close?.();
  }

  head(): Promise<ChainHeadInfo> {
    return this.finality.head();
  }

  canonicalBlockHash(blockNumber: number): Promise<string | undefined> {
    return this.finality.canonicalBlockHash(blockNumber);
  }

  async hasCode(address: string): Promise<boolean> {
    const code = String(await this.rpc('eth_getCode', [address, 'latest']));
    return code !== '0x' && code !== '0x0' && code !== '';
  }

  async nativeBalance(address: string): Promise<bigint> {
    return BigInt(String(await this.rpc('eth_getBalance', [address, 'latest'])));
  }

  tokenAddress(token: TokenSymbol): string {
    const info = this.config.tokens[token];
    if (!info) throw new Error(`${token} is not configured on ${this.network}`);
    return info.address;
  }

  async tokenBalance(token: TokenSymbol, address: string): Promise<bigint> {
    return this.call(token, ERC20.encodeFunctionData('balanceOf', [address]));
  }

  async allowance(token: TokenSymbol, owner: string, spender: string): Promise<bigint> {
    return this.call(token, ERC20.encodeFunctionData('allowance', [owner, spender]));
  }

  private async call(token: TokenSymbol, data: string): Promise<bigint> {
    const out = String(await this.rpc('eth_call', [{ to: this.tokenAddress(token), data }, 'latest']));
    return out === '0x' ? 0n : BigInt(out);
  }

  async transactionCount(address: string, block: 'latest' | 'pending'): Promise<number> {
    return Number(BigInt(String(await this.rpc('eth_getTransactionCount', [address, block]))));
  }

  async gasPrice(): Promise<bigint> {
    return BigInt(String(await this.rpc('eth_gasPrice', [])));
  }

  async estimateGas(tx: { from: string; to: string; data: string; value?: bigint }): Promise<bigint> {
    return BigInt(
      String(
        await this.rpc('eth_estimateGas', [
          { from: tx.from, to: tx.to, data: tx.data, value: `0x${(tx.value ?? 0n).toString(16)}` },
        ]),
      ),
    );
  }

  encodeApprove(spender: string): string {
    return ERC20.encodeFunctionData('approve', [getAddress(spender), MAX_UINT256]);
  }

  /** A withdrawal from MASTER (the WithdrawalChain port). */
  encodeTransfer(to: string, amount: bigint): string {
    return ERC20.encodeFunctionData('transfer', [getAddress(to), amount]);
  }

  encodeTransferFrom(from: string, to: string, amount: bigint): string {
    return ERC20.encodeFunctionData('transferFrom', [getAddress(from), getAddress(to), amount]);
  }

  async broadcast(raw: string): Promise<BroadcastOutcome> {
    try {
      await this.rpc('eth_sendRawTransaction', [raw]);
      return 'ACCEPTED';
    } catch (e) {
      const outcome = classifyBroadcastError(e);
      if (outcome) return outcome;
      throw e;
    }
  }

  async receipt(hash: string): Promise<ChainReceipt | undefined> {
    const r = (await this.rpc('eth_getTransactionReceipt', [hash])) as RpcReceipt | null;
    if (!r || !r.blockNumber) return undefined;
    return {
      hash: r.transactionHash.toLowerCase(),
      blockNumber: Number(BigInt(r.blockNumber)),
      blockHash: r.blockHash.toLowerCase(),
      gasUsed: BigInt(r.gasUsed),
      // Pre-London nodes leave it out; the transaction's gasPrice is what was paid then.
      effectiveGasPrice: r.effectiveGasPrice ? BigInt(r.effectiveGasPrice) : await this.txGasPrice(hash),
      success: r.status === '0x1',
    };
  }

  private async txGasPrice(hash: string): Promise<bigint> {
    const tx = (await this.rpc('eth_getTransactionByHash', [hash])) as { gasPrice?: string } | null;
    return tx?.gasPrice ? BigInt(tx.gasPrice) : 0n;
  }

  async isKnown(hash: string): Promise<boolean> {
    return (await this.rpc('eth_getTransactionByHash', [hash])) !== null;
  }

  async nativeTransfer(hash: string) {
    const [tx, receipt] = (await Promise.all([
      this.rpc('eth_getTransactionByHash', [hash]),
      this.rpc('eth_getTransactionReceipt', [hash]),
    ])) as [{ to?: string | null; value: string } | null, RpcReceipt | null];
    if (!tx || !receipt?.blockNumber || !tx.to) return undefined;
    const block = (await this.rpc('eth_getBlockByNumber', [receipt.blockNumber, false])) as {
      timestamp: string;
    } | null;
    return {
      to: getAddress(tx.to),
      value: BigInt(tx.value),
      blockNumber: Number(BigInt(receipt.blockNumber)),
      blockTime: new Date(Number(BigInt(block?.timestamp ?? '0x0')) * 1000).toISOString(),
      success: receipt.status === '0x1',
    };
  }
}
