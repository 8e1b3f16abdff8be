import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createPartnerClient } from '../../../clients/typescript/partner-client';
import { DynamoGasRecordStore } from '../../../shared/adapters/dynamodb/gas-record-store';
import { GasRecordsResponse } from '../../../shared/api/gas-api-schemas';
import { createPartner, createPlatform, issueApiKey } from '../../../shared/app/partners/manage-partners';
import { getDeps } from '../../../shared/composition/gateway';
import type { GasRecord } from '../../../shared/ports/gas-records';
import { createLocalApiServer } from '../../../scripts/local/api-server';
import { createTestTable } from '../../support/test-env';

const OPERATOR = { type: 'OPERATOR' as const, id: 'test-operator' };
const GWEI = 10n ** 9n;

function gasRecord(partnerId: string, n: number, over: Partial<GasRecord>): GasRecord {
  return {
    network: 'BSC',
    type: 'SWEEP',
    partnerId,
    txHash: `0x${n.toString(16).padStart(64, '0')}`,
    address: '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4',
    token: 'USDT',
    blockNumber: 100 + n,
    gasUsed: 50_000n,
    effectiveGasPrice: GWEI,
    nativeAmount: 50_000n * GWEI,
    nativeAsset: 'BNB@BSC',
    transferredAmount: 0n,
    usdValue: '0.030000',
    success: true,
    at: new Date(Date.UTC(2026, 10, 10, 9, n)).toISOString(),
    ...over,
  };
}

type Page = ReturnType<typeof GasRecordsResponse.parse>;

/**
 * GET /v1/gas-records over HTTP (the local API server, the partner client's signing): newest first in a
 * month or a day range, network and type filters with cursor pages, per-network totals over the whole
 * filter from the daily totals written with each record, one partner never seeing another's.
 */
describe('gas records on the partner API', () => {
  let server: Server;
  let dropTable: () => Promise<void>;
  let a: ReturnType<typeof createPartnerClient>;
  let b: ReturnType<typeof createPartnerClient>;
  let store: DynamoGasRecordStore;
  let shopA: string;

  beforeAll(async () => {
    const table = await createTestTable('gasrec');
    dropTable = table.dropTable;
    const deps = getDeps();
    await createPlatform(deps, OPERATOR, { code: 'PLATFORM', name: 'Platform' });
    await createPartner(deps, OPERATOR, {
      code: 'DIST',
      name: 'D',
      type: 'DISTRIBUTOR',
      parentCode: 'PLATFORM',
    });
    shopA = (
      await createPartner(deps, OPERATOR, { code: 'SHOP_A', name: 'A', type: 'MERCHANT', parentCode: 'DIST' })
    ).id;
    const shopB = (
      await createPartner(deps, OPERATOR, { code: 'SHOP_B', name: 'B', type: 'MERCHANT', parentCode: 'DIST' })
    ).id;
    store = new DynamoGasRecordStore(deps.db, deps.config.tableName);
    const records = [
      gasRecord(shopA, 1, {
        type: 'TOPUP',
        nativeAmount: 21_000n * GWEI,
        gasUsed: 21_000n,
        usdValue: '0.012600',
      }),
      gasRecord(shopA, 2, {}),
      gasRecord(shopA, 3, {
        network: 'POLYGON',
        type: 'WITHDRAWAL',
        nativeAsset: 'POL@POLYGON',
        nativeAmount: 65_000n * 30n * GWEI,
        effectiveGasPrice: 30n * GWEI,
        gasUsed: 65_000n,
        usdValue: null,
        reference: 'W2611100001',
      }),
      gasRecord(shopA, 4, { at: '2026-10-31T23:59:59.000Z' }),
      gasRecord(shopA, 5, { at: '2026-11-30T23:59:59.000Z', usdValue: '0.000001' }),
      gasRecord(shopB, 6, {}),
    ];
    for (const r of records) expect(await store.record(r)).toEqual({ created: true });
    const keyA = await issueApiKey(deps, OPERATOR, { partnerId: shopA, name: 'a' });
    const keyB = await issueApiKey(deps, OPERATOR, { partnerId: shopB, name: 'b' });
    server = createLocalApiServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    a = createPartnerClient({ apiUrl, apiKey: keyA.apiKey.id, apiSecret: keyA.secret });
    b = createPartnerClient({ apiUrl, apiKey: keyB.apiKey.id, apiSecret: keyB.secret });
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await dropTable();
  });

  it('lists a month newest first with exact native and USD amounts and totals per network', async () => {
    const res = await a.get<Page>('/v1/gas-records', { month: '2026-11' });
    expect(res.status).toBe(200);
    const body = GasRecordsResponse.parse(res.body);
    expect([body.from, body.to]).toEqual(['2026-11-01', '2026-11-30']);
    expect(body.records.map((r) => [r.type, r.network, r.nativeAmount, r.usdValue])).toEqual([
      ['SWEEP', 'BSC', '0.00005', '0.000001'],
      ['WITHDRAWAL', 'POLYGON', '0.00195', null],
      ['SWEEP', 'BSC', '0.00005', '0.03'],
      ['TOPUP', 'BSC', '0.000021', '0.0126'],
    ]);
    expect(body.records[1]).toMatchObject({
      reference: 'W2611100001',
      nativeSymbol: 'POL',
      gasPrice: '30000000000',
    });
    expect(body.records[0]!.explorerUrl).toContain(body.records[0]!.txHash);
    expect(body.totals).toEqual([
      {
        network: 'BSC',
        nativeSymbol: 'BNB',
        count: 3,
        nativeAmount: '0.000121',
        usdValue: '0.042601',
        withoutPrice: 0,
      },
      {
        network: 'POLYGON',
        nativeSymbol: 'POL',
        count: 1,
        nativeAmount: '0.00195',
        usdValue: '0',
        withoutPrice: 1,
      },
    ]);
    expect(body.nextCursor).toBeUndefined();
  });

  it('pages a filter with cursors until the end, the totals covering the whole filter', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await a.get<Page>('/v1/gas-records', {
        from: '2026-10-01',
        to: '2026-11-30',
        network: 'BSC',
        type: 'SWEEP',
        limit: 1,
        ...(cursor ? { cursor } : {}),
      });
      expect(res.status).toBe(200);
      const body = GasRecordsResponse.parse(res.body);
      seen.push(...body.records.map((r) => r.at));
      expect(body.totals).toEqual([
        {
          network: 'BSC',
          nativeSymbol: 'BNB',
          count: 3,
          nativeAmount: '0.00015',
          usdValue: '0.060001',
          withoutPrice: 0,
        },
      ]);
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual([
      '2026-11-30T23:59:59.000Z',
      '2026-11-10T09:02:00.000Z',
      '2026-10-31T23:59:59.000Z',
    ]);
  });

  it('counts a retried record once', async () => {
    expect(await store.record(gasRecord(shopA, 2, {}))).toEqual({ created: false });
    const body = GasRecordsResponse.parse((await a.get<Page>('/v1/gas-records', { month: '2026-11' })).body);
    expect(body.totals.find((t) => t.network === 'BSC')?.count).toBe(3);
  });

  it('shows one partner none of another partner’s records', async () => {
    const body = GasRecordsResponse.parse((await b.get<Page>('/v1/gas-records', { month: '2026-11' })).body);
    expect(body.records.map((r) => r.txHash)).toEqual([gasRecord('', 6, {}).txHash]);
    expect(body.totals.map((t) => t.count)).toEqual([1]);
  });

  it.each([
    [{ month: '2026-13' }, 'month'],
    [{ month: '2026-11', from: '2026-11-01', to: '2026-11-02' }, 'month'],
    [{ from: '2026-11-01' }, 'to'],
    [{ from: '2026-11-05', to: '2026-11-01' }, 'from'],
    [{ from: '2025-01-01', to: '2026-11-01' }, 'to'],
    [{ network: 'DOGE' }, 'network'],
    [{ type: 'BURN' }, 'type'],
    [{ limit: '0' }, 'limit'],
    [{ cursor: 'not-a-cursor' }, 'cursor'],
  ])('answers 400 naming the field for %j', async (query, field) => {
    const res = await a.get<{ error: { code: string; fields: { path: string }[] } }>(
      '/v1/gas-records',
      query as Record<string, string>,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.fields.map((f) => f.path)).toContain(field);
  });
});
