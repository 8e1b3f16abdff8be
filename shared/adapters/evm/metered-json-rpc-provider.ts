import { FetchRequest, JsonRpcProvider, Network, toUtf8String } from 'ethers';
import type { NetworkConfig } from '../../config/networks';

/**
 * An ethers JSON-RPC provider that counts what actually goes over the wire. The count is taken in the
 * fetch preflight hook, i.e. once per HTTP attempt (ethers' own 429 retries included), and per JSON-RPC
 * method inside each (batched) request body, so tests and benchmarks read honest numbers.
 *
 * Like `evmProvider` (evm-head-reader.ts) it uses a static network so ethers never probes the chain id
 * (and never calls Polygon's gas station); unlike it, concurrent requests are batched into one HTTP
 * request (block receipts, head + finalized).
 */
export interface RpcUsage {
  /** JSON-RPC method calls sent (a batch of n counts n). */
  readonly calls: number;
  /** HTTP requests sent. */
  readonly httpRequests: number;
  readonly byMethod: Readonly<Record<string, number>>;
}

export class RpcMeter {
  private callCount = 0;
  private httpCount = 0;
  private readonly methods = new Map<string, number>();

  record(methods: readonly string[]): void {
    this.httpCount += 1;
    this.callCount += methods.length;
    for (const m of methods) this.methods.set(m, (this.methods.get(m) ?? 0) + 1);
  }

  get calls(): number {
    return this.callCount;
  }

  snapshot(): RpcUsage {
    return {
      calls: this.callCount,
      httpRequests: this.httpCount,
      byMethod: Object.fromEntries(this.methods),
    };
  }

  reset(): void {
    this.callCount = 0;
    this.httpCount = 0;
    this.methods.clear();
  }
}

export interface MeteredProviderOptions {
  /** Defaults to the network's first configured RPC URL. */
  readonly rpcUrl?: string;
  /** Per HTTP request. ethers' default (300 s) would outlive a Lambda invocation. */
  readonly timeoutMs?: number;
  /** HTTP attempts on 429 (ethers backs off between them); 1 disables retries. */
  readonly maxAttempts?: number;
  /** Largest JSON-RPC batch; 1 sends every call on its own. */
  readonly batchMaxCount?: number;
  readonly meter?: RpcMeter;
}

export const DEFAULT_RPC_TIMEOUT_MS = 10_000;

export function meteredEvmProvider(
  network: NetworkConfig,
  options: MeteredProviderOptions = {},
): { provider: JsonRpcProvider; meter: RpcMeter } {
  const rpcUrl = options.rpcUrl ?? network.rpcUrls[0];
  if (!rpcUrl) throw new Error(`No RPC URL configured for ${network.code}`);
  const meter = options.meter ?? new RpcMeter();
  const request = new FetchRequest(rpcUrl);
  request.timeout = options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
  request.setThrottleParams({ maxAttempts: options.maxAttempts ?? 3 });
  request.preflightFunc = async (req) => {
    meter.record(methodsOf(req.body));
    return req;
  };
  const staticNetwork = new Network(network.code.toLowerCase(), network.chainId);
  const provider = new JsonRpcProvider(request, staticNetwork, {
    staticNetwork,
    batchMaxCount: options.batchMaxCount ?? 25,
    batchStallTime: 2,
  });
  return { provider, meter };
}

function methodsOf(body: Uint8Array | null): string[] {
  if (!body) return [];
  try {
    const payload = JSON.parse(toUtf8String(body)) as { method?: unknown } | { method?: unknown }[];
    const list = Array.isArray(payload) ? payload : [payload];
    return list.map((p) => (typeof p.method === 'string' ? p.method : 'unknown'));
  } catch {
    return ['unknown'];
  }
}
