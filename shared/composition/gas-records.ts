import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCoinPriceStore } from '../adapters/dynamodb/coin-price-store';
import { DynamoGasRecordStore } from '../adapters/dynamodb/gas-record-store';
import { CoinGeckoPriceFeed } from '../adapters/http/coingecko-price-feed';
import { PricedGasRecords } from '../app/gas/coin-prices';
import type { GasRecordsDeps } from '../app/gas/gas-records';
import type { AppConfig } from '../config/config';
import type { Clock } from '../ports/clock';
import type { CoinPriceFeed } from '../ports/coin-prices';
import type { GasRecordStore } from '../ports/gas-records';
import type { CoreDeps } from './core';

/** What the gas-record lists read (partner API and console), on the core base: the store and the networks. */
export function gasRecordsDeps(core: CoreDeps): GasRecordsDeps {
  return {
    gasRecords: new DynamoGasRecordStore(core.db, core.config.tableName),
    networks: core.config.networks,
    clock: core.clock,
  };
}

/** The store every gas-record writer uses: each record valued at the latest kept coin price (coin-prices.ts). */
export function pricedGasRecordStore(base: {
  readonly db: DynamoDBDocumentClient;
  readonly config: AppConfig;
  readonly clock: Clock;
}): GasRecordStore {
  const { db, config, clock } = base;
  return new PricedGasRecords(
    new DynamoGasRecordStore(db, config.tableName),
    new DynamoCoinPriceStore(db, config.tableName),
    clock,
    config.coinPrices.maxAgeMs,
  );
}

/** The outside price source of the configuration (CoinGecko's wire format; the stand-in locally). */
export function coinPriceFeed(config: AppConfig): CoinPriceFeed {
  return new CoinGeckoPriceFeed({ baseUrl: config.coinPrices.feedUrl, apiKey: config.coinPrices.apiKey });
}
