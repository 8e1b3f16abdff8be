/**
 * USD prices of the native coins the gateway pays gas in (BNB, POL, TRX), for the USD value of gas
 * records and invoices (seed 000 §8). A scheduled job asks the feed and keeps the latest price per coin
 * with the time the source priced it; a gas record uses the latest kept price and says when it is stale.
 */
export interface CoinPrice {
  /** The coin's symbol (`BNB`, `POL`, `TRX`). */
  readonly coin: string;
  /** USD per whole coin, a decimal string with at most 8 places. */
  readonly usd: string;
  /** When the source priced it (ISO). */
  readonly at: string;
}

/** An outside price source (CoinGecko's simple-price API on AWS; a stand-in locally). */
export interface CoinPriceFeed {
  /** The prices it has of these coins; a coin it does not know is left out. */
  usdPrices(coins: readonly string[]): Promise<CoinPrice[]>;
}

export interface CoinPriceStore {
  latest(coin: string): Promise<CoinPrice | undefined>;
  /** Keeps the price unless a newer one is kept already; whether it was kept. */
  save(price: CoinPrice, fetchedAt: string): Promise<boolean>;
}
