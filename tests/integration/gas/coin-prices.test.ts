import { DynamoCoinPriceStore } from '../../../shared/adapters/dynamodb/coin-price-store';
import { DynamoGasRecordStore } from '../../../shared/adapters/dynamodb/gas-record-store';
import { CoinGeckoPriceFeed } from '../../../shared/adapters/http/coingecko-price-feed';
import { PricedGasRecords, refreshCoinPrices } from '../../../shared/app/gas/coin-prices';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import type { GasRecord } from '../../../shared/ports/gas-records';
import { startPriceFeedStandIn } from '../../../scripts/local/prices/price-feed-stand-in';
import type { PriceFeedStandIn } from '../../../scripts/local/prices/price-feed-stand-in';
import { createTestTable } from '../../support/test-env';

const NOW = new Date('2026-12-07T12:00:00.000Z');
const clock = { now: () => NOW };
const HOUR = 3_600_000;

function record(n: number, over: Partial<GasRecord> = {}): GasRecord {
  return {
    network: 'BSC',
    type: 'SWEEP',
    partnerId: 'pt_prices',
    txHash: `0x${n.toString(16).padStart(64, '0')}`,
    address: '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4',
    token: 'USDT',
    blockNumber: n,
    gasUsed: 50_000n,
    effectiveGasPrice: 10n ** 9n,
    nativeAmount: 5n * 10n ** 13n, // 0.00005 BNB
    nativeAsset: 'BNB@BSC',
    transferredAmount: 0n,
    usdValue: null,
    success: true,
    at: NOW.toISOString(),
    ...over,
  };
}

/**
 * The price job against the stand-in speaking CoinGecko's wire format (the real adapter), prices kept in
 * DynamoDB Local, and every gas record valued at the kept price with its time and a stale flag.
 */
describe('coin prices for gas records', () => {
  let dropTable: () => Promise<void>;
  let standIn: PriceFeedStandIn;
  let store: DynamoCoinPriceStore;
  let records: DynamoGasRecordStore;
  let feed: CoinGeckoPriceFeed;

  beforeAll(async () => {
    const table = await createTestTable('prices');
    dropTable = table.dropTable;
    const db = createDocumentClient({ region: 'us-east-1', endpoint: process.env['DYNAMODB_ENDPOINT'] });
    store = new DynamoCoinPriceStore(db, table.config.tableName);
    records = new DynamoGasRecordStore(db, table.config.tableName);
    standIn = await startPriceFeedStandIn({ port: 0, prices: { BNB: '600.5', TRX: '0.25' }, now: () => NOW });
    feed = new CoinGeckoPriceFeed({ baseUrl: standIn.feedUrl });
  });
  afterAll(async () => {
    await standIn.stop();
    await dropTable();
  });

  const setPrice = async (body: unknown) => {
    const res = await fetch(`${standIn.url}/admin/prices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  };

  it('keeps the feed’s prices, reports a coin it left out, and never lets an older price replace a newer', async () => {
    const first = await refreshCoinPrices({ feed, store, clock }, ['BNB', 'POL', 'TRX']);
    expect(first.saved.map((p) => [p.coin, p.usd])).toEqual([
      ['BNB', '600.5'],
      ['TRX', '0.25'],
    ]);
    expect(first.missing).toEqual(['POL']);
    await setPrice({ BNB: { usd: '1', at: '2026-12-01T00:00:00.000Z' } });
    const second = await refreshCoinPrices({ feed, store, clock }, ['BNB']);
    expect(second.saved).toEqual([]);
    expect(await store.latest('BNB')).toEqual({ coin: 'BNB', usd: '600.5', at: NOW.toISOString() });
  });

  it('values a record at the kept price, flags it stale past the maximum age, and leaves it unpriced without one', async () => {
    const priced = new PricedGasRecords(records, store, clock, HOUR);
    await priced.record(record(1));
    await priced.record(record(2, { network: 'POLYGON', nativeAsset: 'POL@POLYGON' }));
    await priced.record(record(3, { network: 'POLYGON', nativeAsset: 'POL@POLYGON', usdValue: '0.000025' }));
    const later = new PricedGasRecords(
      records,
      store,
      { now: () => new Date(NOW.getTime() + 2 * HOUR) },
      HOUR,
    );
    await later.record(record(4));
    const { items } = await records.listByPartnerMonth('pt_prices', '2026-12', { limit: 10 });
    const byBlock = new Map(items.map((r) => [r.blockNumber, r]));
    expect(byBlock.get(1)).toMatchObject({
      usdValue: '0.030025',
      usdPrice: '600.5',
      priceSource: 'FEED',
      priceAt: NOW.toISOString(),
      priceStale: false,
    });
    expect(byBlock.get(2)).toMatchObject({ usdValue: null });
    expect(byBlock.get(2)?.priceSource).toBeUndefined();
    expect(byBlock.get(3)).toMatchObject({ usdValue: '0.000025', priceSource: 'CONFIGURED' });
    expect(byBlock.get(4)).toMatchObject({ usdValue: '0.030025', priceStale: true });
  });

  it('fails the run when the feed does not answer, keeping what it had', async () => {
    await setPrice({ fail: true });
    await expect(refreshCoinPrices({ feed, store, clock }, ['BNB'])).rejects.toThrow('HTTP 503');
    expect((await store.latest('BNB'))?.usd).toBe('600.5');
    await setPrice({ fail: false });
  });
});
