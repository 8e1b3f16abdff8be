import type { EnergyGrant, EnergyProvider, EnergyQuote } from '../../ports/energy';
import { EnergyUnavailableError } from '../../ports/energy';

/**
 * Energy rented from a third-party provider over a small JSON HTTP contract (the local stand-in serves
 * one at `<node>/rental`; a real provider is put behind an adapter speaking it, or this class is
 * pointed at a compatible API):
 *
 *   POST {url}/v1/quote   {receiver, energy, durationSeconds}             → 200 {priceSun}
 *   POST {url}/v1/orders  {receiver, energy, durationSeconds, maxPriceSun, clientOrderId}
 *                                                                      → 200 {orderId, priceSun, delegateTxId}
 *        Authorization: Bearer <apiKey>;   409 when the price is above maxPriceSun; an order whose
 *        clientOrderId the provider already has is answered with that order (never placed twice)
 *   GET  {url}/v1/orders/{orderId}                                         → 200 {status: PENDING|DELEGATED|EXPIRED}
 *
 * The provider delegates the energy on chain and takes it back when `durationSeconds` is over, so
 * `release` has nothing to do. Any failure (network, non-2xx, a malformed answer) is
 * EnergyUnavailableError: REFUSED (an answer that placed nothing; the sweeper falls back to the next
 * source) or UNKNOWN (a timeout, a reset, 502/504: the order may exist; the sweeper asks again with the
 * same clientOrderId before it buys anywhere else).
 */
export interface RentalEnergyOptions {
  readonly url: string;
  readonly apiKey: string;
  readonly durationSeconds?: number;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export class RentalEnergyProvider implements EnergyProvider {
  readonly kind = 'RENTAL' as const;

  constructor(private readonly options: RentalEnergyOptions) {}

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> {
    const fetchFn = this.options.fetch ?? fetch;
    let res: Response;
    try {
      res = await fetchFn(`${this.options.url.replace(/\/+$/, '')}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.apiKey}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (e) {
      // Refused connections never reached the provider; a timeout or a reset may have placed the order.
      const code = ((e as Error).cause as { code?: unknown } | undefined)?.code;
      const neverSent = code === 'ECONNREFUSED' || code === 'ENOTFOUND';
      throw new EnergyUnavailableError(
        'RENTAL',
        `energy rental provider unreachable: ${(e as Error).message}`,
        { cause: e, outcome: neverSent ? 'REFUSED' : 'UNKNOWN' },
      );
    }
    const text = await res.text().catch(() => '');
    if (!res.ok)
      throw new EnergyUnavailableError(
        'RENTAL',
        `energy rental provider answered ${res.status}: ${text.slice(0, 200)}`,
        // A gateway in front of the provider gave up waiting: the provider may have placed the order.
        { outcome: res.status === 502 || res.status === 504 ? 'UNKNOWN' : 'REFUSED' },
      );
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      throw new EnergyUnavailableError('RENTAL', 'energy rental provider answered non-JSON', { cause: e });
    }
  }

  private get duration(): number {
    return this.options.durationSeconds ?? 3_600;
  }

  async quote(receiver: string, energy: number): Promise<EnergyQuote | undefined> {
    try {
      const out = await this.call('POST', '/v1/quote', { receiver, energy, durationSeconds: this.duration });
      return { kind: this.kind, energy, costSun: sun(out['priceSun']) };
    } catch (e) {
      if (e instanceof EnergyUnavailableError) return undefined;
      throw e;
    }
  }

  async acquire(
    receiver: string,
    energy: number,
    maxCostSun: bigint,
    options: { readonly clientOrderId?: string } = {},
  ): Promise<EnergyGrant> {
    const out = await this.call('POST', '/v1/orders', {
      receiver,
      energy,
      durationSeconds: this.duration,
      maxPriceSun: maxCostSun.toString(),
      ...(options.clientOrderId ? { clientOrderId: options.clientOrderId } : {}),
    });
    const orderId = out['orderId'];
    if (typeof orderId !== 'string')
      throw new EnergyUnavailableError('RENTAL', 'energy rental order without an id');
    return {
      kind: this.kind,
      receiver,
      energy,
      paidSun: sun(out['priceSun']),
      orderId,
      ...(options.clientOrderId ? { clientOrderId: options.clientOrderId } : {}),
      ...(typeof out['delegateTxId'] === 'string' ? { txId: out['delegateTxId'] } : {}),
    };
  }

  async release(): Promise<{ readonly txId?: string }> {
    return {};
  }
}

function sun(value: unknown): bigint {
  if (typeof value !== 'string' || !/^\d+$/.test(value))
    throw new EnergyUnavailableError('RENTAL', `energy rental provider sent a bad price ${String(value)}`);
  return BigInt(value);
}
