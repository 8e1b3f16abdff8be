import { NATIVE_COINS } from '../../domain/chains/networks';
import type { NetworkCode } from '../../domain/chains/networks';
import { usdValue } from '../../domain/sweeps/gas';
import type { CoinPrice, CoinPriceFeed, CoinPriceStore } from '../../ports/coin-prices';
import type { Clock } from '../../ports/clock';
import type { GasRecord, GasRecordStore } from '../../ports/gas-records';

/** The native coins of these networks (BNB, POL, TRX), once each. */
export const coinsOf = (networks: readonly NetworkCode[]): string[] => [
  ...new Set(networks.map((n) => NATIVE_COINS[n].symbol)),
];

export interface RefreshResult {
  readonly saved: readonly CoinPrice[];
  /** Coins the feed had no price for (kept prices stay; the records priced with them say they are stale). */
  readonly missing: readonly string[];
}

/**
 * The scheduled price job: asks the feed for every coin we pay gas in and keeps each newer price. A coin
 * the feed leaves out is reported, not fatal: the other coins are still kept.
 */
export async function refreshCoinPrices(
  deps: { readonly feed: CoinPriceFeed; readonly store: CoinPriceStore; readonly clock: Clock },
  coins: readonly string[],
): Promise<RefreshResult> {
  const prices = await deps.feed.usdPrices(coins);
  const fetchedAt = deps.clock.now().toISOString();
  const saved: CoinPrice[] = [];
  for (const price of prices) if (await deps.store.save(price, fetchedAt)) saved.push(price);
  const priced = new Set(prices.map((p) => p.coin));
  return { saved, missing: coins.filter((c) => !priced.has(c)) };
}

/**
 * The gas-record store every writer (sweeps, withdrawals, TRON energy) records through: each record is
 * valued at the latest kept feed price of its network's coin, with that price, its time and whether it
 * is older than `maxAgeMs` (then `priceStale`: used, and said so, never silently). Without a feed price
 * the writer's own value at the configured price (if any) stays, marked CONFIGURED.
 */
export class PricedGasRecords implements GasRecordStore {
  constructor(
    private readonly inner: GasRecordStore,
    private readonly prices: Pick<CoinPriceStore, 'latest'>,
    private readonly clock: Clock,
    private readonly maxAgeMs: number,
  ) {}

  async record(record: GasRecord): Promise<{ readonly created: boolean }> {
    const coin = NATIVE_COINS[record.network];
    const price = await this.prices.latest(coin.symbol);
    if (!price)
      return this.inner.record(record.usdValue === null ? record : { ...record, priceSource: 'CONFIGURED' });
    return this.inner.record({
      ...record,
      usdValue: usdValue(record.nativeAmount, coin.decimals, price.usd),
      usdPrice: price.usd,
      priceSource: 'FEED',
      priceAt: price.at,
      priceStale: this.clock.now().getTime() - Date.parse(price.at) > this.maxAgeMs,
    });
  }

  list(...args: Parameters<GasRecordStore['list']>): ReturnType<GasRecordStore['list']> {
    return this.inner.list(...args);
  }

  totals(...args: Parameters<GasRecordStore['totals']>): ReturnType<GasRecordStore['totals']> {
    return this.inner.totals(...args);
  }

  listByPartnerMonth(
    ...args: Parameters<GasRecordStore['listByPartnerMonth']>
  ): ReturnType<GasRecordStore['listByPartnerMonth']> {
    return this.inner.listByPartnerMonth(...args);
  }
}
