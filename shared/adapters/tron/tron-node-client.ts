import type { NetworkConfig } from '../../config/networks';
import { RpcMeter } from '../evm/metered-json-rpc-provider';

/**
 * A TRON full-node HTTP API client (POST JSON to `/wallet/*` and `/walletsolidity/*`): one place for
 * timeouts, errors and metering (`meter.calls` counts requests, per path in `byMethod`). Works against
 * TronGrid, a self-hosted java-tron node (full and solidity APIs on one host, or `solidityUrl`) and
 * the local stand-in. An `apiKey` is sent as TronGrid's `TRON-PRO-API-KEY`.
 */
export interface TronNodeClientOptions {
  readonly timeoutMs?: number;
  readonly apiKey?: string;
  /** Where `/walletsolidity/*` goes when the solidity API lives elsewhere (a java-tron node's :8091). */
  readonly solidityUrl?: string;
  readonly meter?: RpcMeter;
  readonly fetch?: typeof fetch;
}

export class TronNodeError extends Error {
  constructor(
    message: string,
    readonly path: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TronNodeError';
  }
}

export interface TronNode {
  post<T = Record<string, unknown>>(path: string, body?: Record<string, unknown>): Promise<T>;
}

export class TronNodeClient implements TronNode {
  readonly meter: RpcMeter;
  private readonly fetchFn: typeof fetch;

  constructor(
    readonly url: string,
    private readonly options: TronNodeClientOptions = {},
  ) {
    this.meter = options.meter ?? new RpcMeter();
    this.fetchFn = options.fetch ?? fetch;
  }

  static forNetwork(config: NetworkConfig, options: TronNodeClientOptions = {}): TronNodeClient {
    if (config.family !== 'TRON') throw new Error(`${config.code} is not a TRON network`);
    const url = config.rpcUrls[0];
    if (!url) throw new Error(`${config.code} has no RPC URL`);
    return new TronNodeClient(url, options);
  }

  async post<T = Record<string, unknown>>(path: string, body: Record<string, unknown> = {}): Promise<T> {
    this.meter.record([path]);
    const base =
      path.startsWith('/walletsolidity/') && this.options.solidityUrl ? this.options.solidityUrl : this.url;
    let res: Response;
    try {
      res = await this.fetchFn(`${base.replace(/\/+$/, '')}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.options.apiKey ? { 'TRON-PRO-API-KEY': this.options.apiKey } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (e) {
      throw new TronNodeError(`${path} failed: ${(e as Error).message}`, path, undefined, { cause: e });
    }
    const text = await res.text();
    if (!res.ok)
      throw new TronNodeError(`${path} answered HTTP ${res.status}: ${text.slice(0, 200)}`, path, res.status);
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new TronNodeError(`${path} answered non-JSON: ${text.slice(0, 200)}`, path, res.status, {
        cause: e,
      });
    }
  }
}

/** TRON error messages come hex-encoded; show them as text. */
export function tronMessage(hex: unknown): string {
  if (typeof hex !== 'string') return '';
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) return hex;
  return Buffer.from(hex, 'hex').toString('utf8');
}

/** Client options from the app configuration: the RPC timeout and TronGrid's API key when set. */
export function tronNodeOptions(config: {
  readonly poller: { readonly rpcTimeoutMs: number };
  readonly tron: { readonly apiKey: string | undefined };
}): TronNodeClientOptions {
  return {
    timeoutMs: config.poller.rpcTimeoutMs,
    ...(config.tron.apiKey ? { apiKey: config.tron.apiKey } : {}),
  };
}
