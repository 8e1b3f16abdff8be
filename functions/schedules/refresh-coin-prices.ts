import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { ScheduledJobEvent } from '../../events/scheduled-job/schema';
import { DynamoCoinPriceStore } from '../../shared/adapters/dynamodb/coin-price-store';
import { coinsOf, refreshCoinPrices } from '../../shared/app/gas/coin-prices';
import type { RefreshResult } from '../../shared/app/gas/coin-prices';
import { getCoreDeps } from '../../shared/composition/core';
import { coinPriceFeed } from '../../shared/composition/gas-records';
import { NETWORK_CODES } from '../../shared/domain/chains/networks';

const deps = getCoreDeps();
const feed = coinPriceFeed(deps.config);
const store = new DynamoCoinPriceStore(deps.db, deps.config.tableName);

/**
 * Scheduled every 5 minutes: the USD price of every coin we pay gas in (BNB, POL, TRX) from the price
 * feed, each kept if newer. A coin the feed leaves out is logged as a warning (the records priced with
 * its older price say they are stale); a feed that does not answer fails the run, and the next run asks again.
 */
export const handler = middy<unknown, RefreshResult, Error, Context>()
  .use(injectLambdaContext(deps.logger, { resetKeys: true }))
  .handler(async (event) => {
    ScheduledJobEvent.parse(event);
    const result = await refreshCoinPrices({ feed, store, clock: deps.clock }, coinsOf(NETWORK_CODES));
    if (result.missing.length > 0)
      deps.logger.warn('price feed left coins out', { missing: result.missing.join(',') });
    deps.logger.info('coin prices refreshed', {
      saved: result.saved.map((p) => `${p.coin}=${p.usd}`).join(','),
    });
    return result;
  });
