import type { NetworkConfig } from '../../config/networks';
import type { JsonRpcSender } from './json-rpc-transfer-scanner';
import { DEFAULT_RPC_TIMEOUT_MS, RpcMeter } from './metered-json-rpc-provider';

/**
 * A plain JSON-RPC 2.0 client over `fetch`, for functions that make a few reads per request (wallet
 * balances, the deposit rescan): what ethers' JsonRpcProvider does for them (~150 KB with its ENS,
 * ABI and contract layers) in one POST per call, with the same per-request timeout. The pollers and
 * sweepers keep the ethers provider for its batching and 429 back-off.
 *
 * Failures are thrown in the shape `rpcErrorInfo` (json-rpc-errors.ts) reads from ethers: the node's
 * JSON-RPC error object as `error`, an HTTP failure as `response.statusCode`/`response.bodyText`, so
 * classification (rate limit, range limit, method unavailable) is the same whichever client is used.
 */
export interface JsonRpcClientOptions {
  /** Per HTTP request; default 10 s (RPC_TIMEOUT_MS). */
  readonly timeoutMs?: number;
  readonly meter?: RpcMeter;
  readonly fetch?: typeof fetch;
}

export class JsonRpcRequestError extends Error {
  constructor(
    message: string,
    readonly method: string,
    /** The JSON-RPC error object the node answered with. */
    readonly error?: { readonly code?: number; readonly message?: string },
    /** The HTTP answer, when it was not a JSON-RPC result. */
    readonly response?: { readonly statusCode: number; readonly bodyText: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'JsonRpcRequestError';
  }
}

export class FetchJsonRpcClient implements JsonRpcSender {
  readonly meter: RpcMeter;
  private readonly fetchFn: typeof fetch;
  private nextId = 1;

  constructor(
    readonly url: string,
    private readonly options: JsonRpcClientOptions = {},
  ) {
    this.meter = options.meter ?? new RpcMeter();
    this.fetchFn = options.fetch ?? fetch;
  }

  static forNetwork(config: NetworkConfig, options: JsonRpcClientOptions = {}): FetchJsonRpcClient {
    const url = config.rpcUrls[0];
    if (!url) throw new Error(`No RPC URL configured for ${config.code}`);
    return new FetchJsonRpcClient(url, options);
  }

  async send(method: string, params: unknown[]): Promise<unknown> {
    this.meter.record([method]);
    const id = this.nextId++;
    let res: Response;
    try {
      res = await this.fetchFn(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS),
      });
    } catch (e) {
      throw new JsonRpcRequestError(
        `${method} failed: ${(e as Error).message}`,
        method,
        undefined,
        undefined,
        {
          cause: e,
        },
      );
    }
    const text = await res.text();
    let body: { result?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = undefined;
    }
    const rpcError = body?.error
      ? {
          ...(typeof body.error.code === 'number' ? { code: body.error.code } : {}),
          ...(typeof body.error.message === 'string' ? { message: body.error.message } : {}),
        }
      : undefined;
    if (!res.ok || !body || typeof body !== 'object') {
      throw new JsonRpcRequestError(
        `${method} answered HTTP ${res.status}: ${text.slice(0, 200)}`,
        method,
        rpcError,
        { statusCode: res.status, bodyText: text },
      );
    }
    if (rpcError) {
      throw new JsonRpcRequestError(
        `${method} failed: ${rpcError.message ?? 'JSON-RPC error'}`,
        method,
        rpcError,
      );
    }
    if (!('result' in body)) throw new JsonRpcRequestError(`${method} answered without a result`, method);
    return body.result;
  }
}

/** `balanceOf(address)` calldata: the selector 0x70a08231 and the address left-padded to 32 bytes. */
export function balanceOfCall(address: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new Error(`Not an EVM address: ${address}`);
  return `0x70a08231${address.slice(2).toLowerCase().padStart(64, '0')}`;
}

/** A uint256 as a JSON-RPC call returns it (0x-hex, 32 bytes); anything else is an error, not zero. */
export function uint256Result(value: unknown, what: string): bigint {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(value))
    throw new Error(`${what} returned ${String(value).slice(0, 80)}, not a uint256`);
  return BigInt(value);
}
