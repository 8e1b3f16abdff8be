import { CoinGeckoPriceFeed, decimalOfJsonNumber } from '../../../shared/adapters/http/coingecko-price-feed';

describe('CoinGecko simple-price adapter', () => {
  it.each([
    ['612.34', '612.34'],
    ['612.3456789123', '612.34567891'],
    ['0.2543', '0.2543'],
    ['2.5e-7', '0.00000025'],
    ['1E3', '1000'],
    ['1.25e+2', '125'],
    ['100', '100'],
    ['0.000000001', '0'],
    ['007.50', '7.5'],
  ])('reads the JSON number %s as the exact decimal %s (8 places, truncated)', (text, decimal) => {
    expect(decimalOfJsonNumber(text)).toBe(decimal);
  });

  it.each(['-1', 'abc', '1.2.3', ''])('refuses %j', (text) => {
    expect(decimalOfJsonNumber(text)).toBeUndefined();
  });

  it('asks for the coins by CoinGecko id and keeps the decimals the source wrote', async () => {
    const asked: string[] = [];
    const feed = new CoinGeckoPriceFeed({
      baseUrl: 'https://api.example/api/v3/',
      apiKey: 'k-1',
      fetch: (async (url: string, init: RequestInit) => {
        asked.push(url, (init.headers as Record<string, string>)['x-cg-pro-api-key'] ?? '');
        // 0.1 + 0.2 style numbers a float would not keep: 612.30000000000001 → 612.3.
        return new Response(
          '{"binancecoin":{"usd":612.30000000000001,"last_updated_at":1733563200},"tron":{"usd":0.25431234567,"last_updated_at":1733563260}}',
        );
      }) as typeof fetch,
    });
    const prices = await feed.usdPrices(['BNB', 'POL', 'TRX', 'DOGE']);
    expect(asked).toEqual([
      'https://api.example/api/v3/simple/price?ids=binancecoin%2Cpolygon-ecosystem-token%2Ctron&vs_currencies=usd&include_last_updated_at=true',
      'k-1',
    ]);
    expect(prices).toEqual([
      { coin: 'BNB', usd: '612.3', at: '2024-12-07T09:20:00.000Z' },
      { coin: 'TRX', usd: '0.25431234', at: '2024-12-07T09:21:00.000Z' },
    ]);
  });

  it('fails on an error answer (the job retries on its next run)', async () => {
    const feed = new CoinGeckoPriceFeed({
      baseUrl: 'https://api.example/api/v3',
      fetch: (async () => new Response('{"status":{"error_code":429}}', { status: 429 })) as typeof fetch,
    });
    await expect(feed.usdPrices(['BNB'])).rejects.toThrow('HTTP 429');
  });
});
