import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createPartnerClient } from '../../../clients/typescript/partner-client';
import { contractChecked } from '../../support/openapi-contract';
import { getDeps } from '../../../shared/composition/gateway';
import { createLocalApiServer } from '../../../scripts/local/api-server';
import { createPartner, createPlatform, issueApiKey } from '../../../shared/app/partners/manage-partners';
import { createTestTable } from '../../support/test-env';

const OPERATOR = { type: 'OPERATOR' as const, id: 'test-operator' };
const LONG = 'W'.repeat(5000);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');

describe('partner API: bad input is a 4xx with a stable code and field path, never a 5xx', () => {
  let server: Server;
  let dropTable: () => Promise<void>;
  let client: ReturnType<typeof contractChecked>;

  beforeAll(async () => {
    const table = await createTestTable('bad');
    dropTable = table.dropTable;
    const deps = getDeps();
    await createPlatform(deps, OPERATOR, { code: 'PLATFORM', name: 'Platform' });
    const shop = await createPartner(deps, OPERATOR, {
      code: 'SHOP',
      name: 'Shop',
      type: 'MERCHANT',
      parentCode: 'PLATFORM',
    });
    const key = await issueApiKey(deps, OPERATOR, { partnerId: shop.id, name: 'backend' });
    server = createLocalApiServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = contractChecked(createPartnerClient({ apiUrl, apiKey: key.apiKey.id, apiSecret: key.secret }));
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await dropTable();
  });

  const refused = (res: { status: number; body: unknown }, field: string) => {
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: {
        code: 'VALIDATION_FAILED',
        fields: expect.arrayContaining([expect.objectContaining({ path: field })]),
      },
    });
  };

  it.each([
    ['GET', '/v1/withdrawals/{5000 chars}', `/v1/withdrawals/${LONG}`, 'code'],
    ['POST', '/v1/withdrawals/{5000 chars}/cancel', `/v1/withdrawals/${LONG}/cancel`, 'code'],
    ['GET', '/v1/deposits/{5000 chars}', `/v1/deposits/${'D'.repeat(5000)}`, 'code'],
    ['GET', '/v1/balances/{5000 chars}/flows', `/v1/balances/${'U'.repeat(5000)}/flows`, 'asset'],
    [
      'DELETE',
      '/v1/deposit-reservations/BSC/{5000 chars}',
      `/v1/deposit-reservations/BSC/${'0'.repeat(5000)}`,
      'address',
    ],
    [
      'DELETE',
      '/v1/external-wallets/NOPE/{address}',
      `/v1/external-wallets/NOPE/0x5B38Da6a701c568545dCfcB03FcB875f56beddC4`,
      'network',
    ],
    [
      'POST',
      '/v1/webhooks/deliveries/{5000 chars}/redeliver',
      `/v1/webhooks/deliveries/${'E'.repeat(5000)}/redeliver`,
      'eventId',
    ],
  ])('%s %s refuses the path parameter', async (method, _label, path, field) => {
    refused(await client.request(method, path), field);
  });

  it.each([
    ['/v1/withdrawals', { from: '2026-12-01', to: '2026-11-01' }, 'from'],
    ['/v1/withdrawals', { to: '2026-13-45' }, 'to'],
    ['/v1/withdrawals', { from: '2026-02-30' }, 'from'],
    ['/v1/deposits', { to: '2026-13-45T00:00:00Z' }, 'to'],
    ['/v1/balances/USDT@BSC/flows', { from: '2026-02-30T00:00:00.000Z' }, 'from'],
  ])('GET %s %j refuses impossible dates and ranges', async (path, query, field) => {
    refused(await client.get(path, query), field);
  });

  it.each([
    ['/v1/withdrawals', b64(null)],
    ['/v1/withdrawals', b64({ GSI1PK: 'x', GSI1SK: 'y' })],
    ['/v1/deposits', b64(null)],
    ['/v1/deposits', b64({ GSI2PK: 'DEPOSITS_SWEEP#BSC', GSI2SK: 'x', PK: 'a', SK: 'b' })],
    ['/v1/external-wallets', b64(null)],
    ['/v1/deposit-reservations', b64([1])],
    ['/v1/wallets', b64('x')],
    ['/v1/balances/USDT@BSC/flows', b64(null)],
    ['/v1/balances/USDT@BSC/flows', b64({ sk: '9999', b: '123456789' })],
    ['/v1/webhooks/deliveries', b64(null)],
    ['/v1/webhooks/deliveries', 'not-a-cursor'],
  ])('GET %s refuses the cursor %s', async (path, cursor) => {
    refused(await client.get(path, { cursor }), 'cursor');
  });

  it('names the field `token` when USDC is asked for on TRON (not offered there)', async () => {
    const request = await client.post('/v1/deposit-requests', {
      userId: 'u-1',
      network: 'TRON',
      token: 'USDC',
      amount: '10',
    });
    refused(request, 'token');
    expect(
      (request.body as { error: { fields: { path: string }[] } }).error.fields.map((f) => f.path),
    ).toEqual(['token']);
    const withdrawal = await client.request('POST', '/v1/withdrawals', {
      body: { network: 'TRON', token: 'USDC', amount: '10', address: 'TJRabPrwbZy45sbavfcjinPJC18kjpRTv8' },
      headers: { 'Idempotency-Key': 'usdc-on-tron' },
    });
    expect(withdrawal.status).toBe(400);
    expect(
      (withdrawal.body as { error: { fields: { path: string }[] } }).error.fields.map((f) => f.path),
    ).toEqual(['token']);
  });

  it('refuses a withdrawal it cannot make (422) and leaves balances and the withdrawal list unchanged', async () => {
    const balances = await client.get('/v1/balances');
    const list = await client.get('/v1/withdrawals');
    const res = await client.request('POST', '/v1/withdrawals', {
      body: {
        network: 'BSC',
        token: 'USDT',
        amount: '10',
        address: '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4',
      },
      headers: { 'Idempotency-Key': 'beyond-balance' },
    });
    // Whitelist-only by default: refused before the balance is even looked at; either way a 422.
    expect(res.status).toBe(422);
    expect(['ADDRESS_NOT_WHITELISTED', 'INSUFFICIENT_FUNDS']).toContain(
      (res.body as { error: { code: string } }).error.code,
    );
    expect((await client.get('/v1/balances')).body).toEqual(balances.body);
    expect((await client.get('/v1/withdrawals')).body).toEqual(list.body);
  });

  it('accepts TRON transaction ids (64 hex, no 0x) in txHash filters', async () => {
    const tronTx = 'a'.repeat(64);
    for (const path of ['/v1/deposits', '/v1/withdrawals']) {
      const res = await client.get<Record<string, unknown[]>>(path, { txHash: tronTx });
      expect(res.status).toBe(200);
    }
  });
});
