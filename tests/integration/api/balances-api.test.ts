import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { BalanceFlowsResponse, BalancesResponse } from '../../../shared/api/partner-api-schemas';
import { createPartnerClient } from '../../../clients/typescript/partner-client';
import { getDeps } from '../../../shared/composition/gateway';
import { createLocalApiServer } from '../../../scripts/local/api-server';
import { createPartner, createPlatform, issueApiKey } from '../../../shared/app/partners/manage-partners';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { EntryRequest } from '../../../shared/domain/ledger/entry';
import { createTestTable } from '../../support/test-env';

const OPERATOR = { type: 'OPERATOR' as const, id: 'test-operator' };

function deposit(partnerId: string, asset: string, n: number, amount: bigint, fee: bigint): EntryRequest {
  return {
    id: `deposit:T:${partnerId}-${asset.replace('@', '.')}-${n}:0`,
    kind: 'POSTED',
    reason: 'DEPOSIT',
    cause: { type: 'deposit', id: `tx${n}` },
    effectiveAt: new Date(Date.UTC(2026, 10, 20, 9, n)).toISOString(),
    postings: [
      {
        debit: accounts.custody(partnerId, 'HOT', asset),
        credit: accounts.partnerAvailable(partnerId, asset),
        amount: amount - fee,
      },
      {
        debit: accounts.custody(partnerId, 'HOT', asset),
        credit: accounts.platformRevenue(asset),
        amount: fee,
        reason: 'DEPOSIT_FEE',
      },
    ],
  };
}

describe('balances on the partner API', () => {
  let server: Server;
  let apiUrl: string;
  let dropTable: () => Promise<void>;
  let a: ReturnType<typeof createPartnerClient>;
  let b: ReturnType<typeof createPartnerClient>;
  let shopA: string;

  beforeAll(async () => {
    const table = await createTestTable('bal');
    dropTable = table.dropTable;
    const deps = getDeps(); // the same wiring the handlers use, on this test's table
    await createPlatform(deps, OPERATOR, { code: 'PLATFORM', name: 'Platform' });
    const dist = await createPartner(deps, OPERATOR, {
      code: 'DIST',
      name: 'D',
      type: 'DISTRIBUTOR',
      parentCode: 'PLATFORM',
    });
    shopA = (
      await createPartner(deps, OPERATOR, { code: 'SHOP_A', name: 'A', type: 'MERCHANT', parentCode: 'DIST' })
    ).id;
    const shopB = await createPartner(deps, OPERATOR, {
      code: 'SHOP_B',
      name: 'B',
      type: 'MERCHANT',
      parentCode: 'DIST',
    });
    expect(dist.depth).toBe(1);
    const keyA = await issueApiKey(deps, OPERATOR, { partnerId: shopA, name: 'a' });
    const keyB = await issueApiKey(deps, OPERATOR, { partnerId: shopB.id, name: 'b' });
    // 1,000 USDT on BSC (18 decimals) less a 12 USDT fee, and 250.5 USDT on Polygon (6 decimals) less 0.5.
    await deps.ledger.post(deposit(shopA, 'USDT@BSC', 1, 1_000n * 10n ** 18n, 12n * 10n ** 18n));
    await deps.ledger.post(deposit(shopA, 'USDT@POLYGON', 2, 250_500_000n, 500_000n));
    for (let i = 3; i < 8; i++)
      await deps.ledger.post(deposit(shopA, 'USDT@POLYGON', i, 1_000_000n, 0n + 1n));
    server = createLocalApiServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    a = createPartnerClient({ apiUrl, apiKey: keyA.apiKey.id, apiSecret: keyA.secret });
    b = createPartnerClient({ apiUrl, apiKey: keyB.apiKey.id, apiSecret: keyB.secret });
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await dropTable();
  });

  it('shows exact balances per asset and the USD totals', async () => {
    const res = await a.get<BalancesResponse>('/v1/balances');
    expect(res.status).toBe(200);
    const body = BalancesResponse.parse(res.body);
    expect(body.balances.find((x) => x.asset === 'USDT@BSC')).toMatchObject({
      decimals: 18,
      available: '988',
      held: '0',
      total: '988',
    });
    expect(body.balances.find((x) => x.asset === 'USDT@POLYGON')).toMatchObject({
      decimals: 6,
      total: '254.999995',
    });
    expect(body.totalUsd).toBe('1242.999995');
  });

  it('never shows one partner the balances of another', async () => {
    const res = await b.get<BalancesResponse>('/v1/balances');
    expect(res.body.balances.every((x) => x.total === '0')).toBe(true);
    const flows = await b.get<BalanceFlowsResponse>('/v1/balances/USDT@BSC/flows');
    expect(flows.body.flows).toEqual([]);
  });

  it('lists flows newest first with running balances, pages and filters', async () => {
    const first = await a.get<BalanceFlowsResponse>('/v1/balances/USDT@POLYGON/flows', { limit: 2 });
    expect(first.status).toBe(200);
    const body = BalanceFlowsResponse.parse(first.body);
    expect(body.flows.map((f) => [f.direction, f.amount, f.balanceAfter])).toEqual([
      ['CREDIT', '0.999999', '254.999995'],
      ['CREDIT', '0.999999', '253.999996'],
    ]);
    const next = await a.get<BalanceFlowsResponse>('/v1/balances/USDT@POLYGON/flows', {
      limit: 10,
      cursor: body.nextCursor as string,
    });
    expect(next.body.flows.map((f) => f.balanceAfter)).toEqual([
      '252.999997',
      '251.999998',
      '250.999999',
      '250',
    ]);
    const windowed = await a.get<BalanceFlowsResponse>('/v1/balances/USDT@POLYGON/flows', {
      from: '2026-11-20T09:02:00.000Z',
      to: '2026-11-20T09:03:00.000Z',
    });
    expect(windowed.body.flows.map((f) => f.balanceAfter)).toEqual(['250.999999', '250']);
  });

  it('answers 400 with field paths for a bad asset or query, and changes nothing', async () => {
    const asset = await a.get<{ error: { code: string; fields: { path: string }[] } }>(
      '/v1/balances/DOGE@BSC/flows',
    );
    expect(asset.status).toBe(400);
    expect(asset.body.error.fields[0]?.path).toBe('asset');
    const native = await a.get<{ error: { code: string } }>('/v1/balances/BNB@BSC/flows');
    expect(native.status).toBe(400);
    const query = await a.get<{ error: { code: string; fields: { path: string }[] } }>(
      '/v1/balances/USDT@BSC/flows',
      { limit: 0, extra: 'x' },
    );
    expect(query.status).toBe(400);
    expect(query.body.error.code).toBe('VALIDATION_FAILED');
    expect(query.body.error.fields.map((f) => f.path).sort()).toEqual(['', 'limit'].sort());
  });
});
