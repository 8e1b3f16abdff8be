import { EnergyUnavailableError } from '../../../shared/ports/energy';
import { RentalEnergyProvider } from '../../../shared/adapters/tron/rental-energy-provider';
import { TronNodeClient, TronNodeError, tronMessage } from '../../../shared/adapters/tron/tron-node-client';

type Answer = { status: number; body: string } | Error;

/** A fetch that answers from a script and remembers what it was asked. */
function scriptedFetch(answers: Answer[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fn = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const next = answers.shift();
    if (!next) throw new Error('no scripted answer left');
    if (next instanceof Error) throw next;
    return new Response(next.body, { status: next.status });
  }) as unknown as typeof fetch;
  return { fn, calls };
}

describe('TronNodeClient', () => {
  it('posts JSON, sends the TronGrid key when configured, and counts requests per path', async () => {
    const f = scriptedFetch([
      { status: 200, body: '{"blockID":"x"}' },
      { status: 200, body: '[]' },
    ]);
    const client = new TronNodeClient('https://node.example/', { apiKey: 'k1', fetch: f.fn });
    expect(await client.post('/wallet/getblock', { detail: false })).toEqual({ blockID: 'x' });
    expect(await client.post('/wallet/gettransactioninfobyblocknum', { num: 1 })).toEqual([]);
    expect(f.calls[0]?.url).toBe('https://node.example/wallet/getblock');
    expect((f.calls[0]?.init.headers as Record<string, string>)['TRON-PRO-API-KEY']).toBe('k1');
    expect(f.calls[0]?.init.body).toBe('{"detail":false}');
    expect(client.meter.snapshot()).toMatchObject({
      calls: 2,
      byMethod: { '/wallet/getblock': 1, '/wallet/gettransactioninfobyblocknum': 1 },
    });
  });

  it('sends the solidity API to its own URL when one is set', async () => {
    const f = scriptedFetch([{ status: 200, body: '{}' }]);
    await new TronNodeClient('http://full:8090', { solidityUrl: 'http://solid:8091', fetch: f.fn }).post(
      '/walletsolidity/getnowblock',
    );
    expect(f.calls[0]?.url).toBe('http://solid:8091/walletsolidity/getnowblock');
  });

  it('fails with the path on network errors, HTTP errors and answers that are not JSON', async () => {
    const f = scriptedFetch([
      new Error('ECONNRESET'),
      { status: 503, body: 'busy' },
      { status: 200, body: '<html>' },
    ]);
    const client = new TronNodeClient('http://n', { fetch: f.fn });
    await expect(client.post('/wallet/getblock')).rejects.toThrow(/\/wallet\/getblock failed: ECONNRESET/);
    await expect(client.post('/wallet/getblock')).rejects.toMatchObject({ status: 503 });
    await expect(client.post('/wallet/getblock')).rejects.toBeInstanceOf(TronNodeError);
  });

  it('reads the hex-encoded error messages nodes send', () => {
    expect(
      tronMessage(Buffer.from('Contract validate error : balance is not sufficient.').toString('hex')),
    ).toBe('Contract validate error : balance is not sufficient.');
    expect(tronMessage('not hex!')).toBe('not hex!');
  });
});

describe('RentalEnergyProvider', () => {
  const receiver = 'TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC';

  it('quotes and orders over the JSON contract with the API key and a price cap', async () => {
    const f = scriptedFetch([
      { status: 200, body: '{"priceSun":"2600000"}' },
      { status: 200, body: '{"orderId":"o1","priceSun":"2600000","delegateTxId":"ab"}' },
    ]);
    const rental = new RentalEnergyProvider({
      url: 'https://rent.example/api',
      apiKey: 'secret',
      fetch: f.fn,
      durationSeconds: 600,
    });
    expect(await rental.quote(receiver, 65_000)).toEqual({
      kind: 'RENTAL',
      energy: 65_000,
      costSun: 2_600_000n,
    });
    expect(await rental.acquire(receiver, 65_000, 3_000_000n)).toEqual({
      kind: 'RENTAL',
      receiver,
      energy: 65_000,
      paidSun: 2_600_000n,
      orderId: 'o1',
      txId: 'ab',
    });
    expect(f.calls.map((c) => c.url)).toEqual([
      'https://rent.example/api/v1/quote',
      'https://rent.example/api/v1/orders',
    ]);
    expect(JSON.parse(String(f.calls[1]?.init.body))).toEqual({
      receiver,
      energy: 65_000,
      durationSeconds: 600,
      maxPriceSun: '3000000',
    });
    expect((f.calls[1]?.init.headers as Record<string, string>)['authorization']).toBe('Bearer secret');
  });

  it('gives no quote when the provider is down, and fails an order as EnergyUnavailableError', async () => {
    const f = scriptedFetch([
      new Error('ETIMEDOUT'),
      { status: 409, body: '{"error":"price above maxPriceSun"}' },
      { status: 200, body: '{"priceSun":-1}' },
    ]);
    const rental = new RentalEnergyProvider({ url: 'https://rent.example', apiKey: 'k', fetch: f.fn });
    expect(await rental.quote(receiver, 65_000)).toBeUndefined();
    await expect(rental.acquire(receiver, 65_000, 1n)).rejects.toBeInstanceOf(EnergyUnavailableError);
    expect(await rental.quote(receiver, 65_000)).toBeUndefined(); // a malformed price is no quote
  });

  it('sends the client order id, and tells a refusal (nothing placed) from a lost answer (maybe placed)', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const f = scriptedFetch([
      { status: 200, body: '{"orderId":"o7","priceSun":"10"}' },
      { status: 504, body: 'gateway timeout' },
      { status: 502, body: 'bad gateway' },
      Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }),
      { status: 409, body: '{"error":"price above maxPriceSun"}' },
      { status: 503, body: 'down' },
      refused,
    ]);
    const rental = new RentalEnergyProvider({ url: 'https://rent.example', apiKey: 'k', fetch: f.fn });
    expect(
      await rental.acquire(receiver, 65_000, 10n, { clientOrderId: 'TRON:T1:1:rental:1' }),
    ).toMatchObject({
      orderId: 'o7',
      clientOrderId: 'TRON:T1:1:rental:1',
    });
    expect(JSON.parse(String(f.calls[0]?.init.body))).toMatchObject({ clientOrderId: 'TRON:T1:1:rental:1' });
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++)
      outcomes.push(
        await rental.acquire(receiver, 65_000, 10n, { clientOrderId: 'c' }).then(
          () => 'PLACED',
          (e: unknown) => (e instanceof EnergyUnavailableError ? e.outcome : 'OTHER'),
        ),
      );
    expect(outcomes).toEqual(['UNKNOWN', 'UNKNOWN', 'UNKNOWN', 'REFUSED', 'REFUSED', 'REFUSED']);
  });
});
