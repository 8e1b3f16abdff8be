import { jsonRpc } from '../../../scripts/local/evm/json-rpc';
import type { RpcCall, RpcProxy } from '../../integration/chains/chain-support';
import type { FaultDice } from './seeded';

export interface RpcFaultRates {
  /** Per HTTP request: 429 Too Many Requests. */
  readonly tooManyRequests: number;
  /** Per HTTP request: a 500/502/503 from the load balancer. */
  readonly serverError: number;
  /** Per HTTP request: the answer comes after the client gave up. */
  readonly timeout: number;
  /** Per `eth_blockNumber`: a node a few blocks behind answers. */
  readonly laggingHead: number;
  /**
   * Per `eth_getLogs`: a node a few blocks behind answers — `[]` for a range it has not indexed yet,
   * only the logs up to its own head for a range that runs past it.
   */
  readonly emptyLogs: number;
  /** Per HTTP request: the connection drops before the node sees the call. */
  readonly dropBeforeSend: number;
  /** Per `eth_sendRawTransaction`: the node takes it and the connection drops before the answer. */
  readonly dropAfterBroadcast: number;
}

export const DEFAULT_RPC_RATES: RpcFaultRates = {
  tooManyRequests: 0.03,
  serverError: 0.03,
  timeout: 0.01,
  laggingHead: 0.1,
  emptyLogs: 0.3,
  dropBeforeSend: 0.02,
  dropAfterBroadcast: 0.25,
};

const isBroadcast = (calls: readonly RpcCall[]) => calls.some((c) => c.method === 'eth_sendRawTransaction');

/**
 * Makes the JSON-RPC proxy in front of a node misbehave as real providers do, by the dice. The faults
 * the client sees (a 429, a 5xx, a timeout, a dropped connection) reach its retry logic; the ones it
 * cannot tell from a right answer (a lagging head, `[]` for logs not indexed yet) reach its correctness.
 * `timeoutMs` is the delay that counts as a timeout (above the client's own timeout).
 */
export function installRpcFaults(
  proxy: RpcProxy,
  dice: FaultDice,
  options: {
    rates?: Partial<RpcFaultRates>;
    timeoutMs: number;
    upstreamUrl: string;
    /** How far behind a lagging node may be (1…maxLag blocks). */
    maxLag?: number;
  },
): void {
  const rates = { ...DEFAULT_RPC_RATES, ...options.rates };
  proxy.failHttp = () => {
    if (dice.strike('rpc-429', rates.tooManyRequests)) return 429;
    if (dice.strike('rpc-5xx', rates.serverError)) return dice.pick([500, 502, 503]);
    return undefined;
  };
  proxy.drop = (calls) => {
    if (isBroadcast(calls) && dice.strike('rpc-drop-after-broadcast', rates.dropAfterBroadcast))
      return 'after';
    if (dice.strike('rpc-drop-before-send', rates.dropBeforeSend)) return 'before';
    return undefined;
  };
  proxy.delayMs = () => (dice.strike('rpc-timeout', rates.timeout) ? options.timeoutMs : 0);
  // A request that lands on a node `lag` blocks behind the head, consistent in what it answers: its
  // head, and the logs it has indexed (`[]` for a range it has not reached, a cut list for one it is in).
  proxy.intercept = async (call) => {
    const lagging =
      (call.method === 'eth_blockNumber' && dice.strike('rpc-lagging-head', rates.laggingHead)) ||
      (call.method === 'eth_getLogs' && dice.strike('rpc-empty-logs', rates.emptyLogs));
    if (!lagging) return undefined;
    const head = Number(await jsonRpc<string>(options.upstreamUrl, 'eth_blockNumber', []));
    const nodeHead = Math.max(0, head - 1 - dice.int(options.maxLag ?? 2));
    if (call.method === 'eth_blockNumber') return { result: `0x${nodeHead.toString(16)}` };
    const filter = call.params[0] as { fromBlock?: string; toBlock?: string; blockHash?: string };
    if (filter.blockHash) return undefined;
    const block = (tag: string | undefined) => (tag === undefined || tag === 'latest' ? head : Number(tag));
    if (block(filter.fromBlock) > nodeHead) return { result: [] };
    const clamped = { ...filter, toBlock: `0x${Math.min(block(filter.toBlock), nodeHead).toString(16)}` };
    return { result: await jsonRpc<unknown[]>(options.upstreamUrl, 'eth_getLogs', [clamped]) };
  };
}
