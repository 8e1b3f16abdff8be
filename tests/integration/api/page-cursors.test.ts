import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { BalanceFlowsResponse } from '../../../shared/api/partner-api-schemas';
import { createPartnerClient } from '../../../clients/typescript/partner-client';
import { contractChecked } from '../../support/openapi-contract';
import { getDeps } from '../../../shared/composition/gateway';
import { createLocalApiServer } from '../../../scripts/local/api-server';
import { createPartner, createPlatform, issueApiKey } from '../../../shared/app/partners/manage-partners';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { EntryRequest } from '../../../shared/domain/ledger/entry';
import { createTestTable } from '../../support/test-env';

const OPERATOR = { type: 'OPERATOR' as const, id: 'test-operator' };
const ASSET = 'USDT@POLYGON';
const FLOWS = `/v1/balances/${ASSET}/flows`;

function deposit(partnerId: string, n: number): EntryRequest {
  return {
    id: `deposit:T:${partnerId}-cursor-${n}:0`,
    kind: 'POSTED',
    reason: 'DEPOSIT',
    cause: { type: 'deposit', id: `tx${n}` },
    effectiveAt: new Date(Date.UTC(2026, 10, 20, 9, n)).toISOString(),
    postings: [
      {
        debit: accounts.custody(partnerId, 'HOT', ASSET),
        credit: accounts.partnerAvailable(partnerId, ASSET),
        amount: 1_000_000n,
      },
    ],
  };
}

type ErrorBody = { error: { code: string; fields: { path: string }[] } };

describe('page cursors are opaque and sealed to the partner, the list and its filters', () => {
  let server: Server;
  let dropTable: () => Promise<void>;
  let a: ReturnType<typeof contractChecked>;
  let b: ReturnType<typeof contractChecked>;
  let shopA: string;
  let shopB: string;

  beforeAll(async () => {
    const table = await createTestTable('cur');
    dropTable = table.dropTable;
    const deps = getDeps();
    await createPlatform(deps, OPERATOR, { code: 'PLATFORM', name: 'Platform' });
    shopA = (
      await createPartner(deps, OPERATOR, {
        code: 'SHOP_A',
        name: 'A',
        type: 'MERCHANT',
        parentCode: 'PLATFORM',
      })
    ).id;
    shopB = (
      await createPartner(deps, OPERATOR, {
        code: 'SHOP_B',
        name: 'B',
        type: 'MERCHANT',
        parentCode: 'PLATFORM',
      })
    ).id;
    for (let i = 1; i <= 5; i++) {
      await deps.ledger.post(deposit(shopA, i));
      await deps.ledger.post(deposit(shopB, i));
    }
    const keyA = await issueApiKey(deps, OPERATOR, { partnerId: shopA, name: 'a' });
    const keyB = await issueApiKey(deps, OPERATOR, { partnerId: shopB, name: 'b' });
    server = createLocalApiServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    a = contractChecked(createPartnerClient({ apiUrl, apiKey: keyA.apiKey.id, apiSecret: keyA.secret }));
    b = contractChecked(createPartnerClient({ apiUrl, apiKey: keyB.apiKey.id, apiSecret: keyB.secret }));
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await dropTable();
  });

  async function firstPageCursor(): Promise<string> {
    const first = await a.get<BalanceFlowsResponse>(FLOWS, { limit: 2 });
    expect(first.status).toBe(200);
    return first.body.nextCursor as string;
  }

  const refusedCursor = (res: { status: number; body: unknown }) => {
    expect(res.status).toBe(400);
    expect((res.body as ErrorBody).error.code).toBe('VALIDATION_FAILED');
    expect((res.body as ErrorBody).error.fields.map((f) => f.path)).toEqual(['cursor']);
  };

  it('pages with the cursor it issued, and the cursor reveals neither keys nor balances', async () => {
    const cursor = await firstPageCursor();
    const decoded = Buffer.from(cursor, 'base64url').toString('latin1');
    expect(decoded).not.toMatch(/sk|balance|"b"|PARTNER|partner|2026/);
    expect(cursor).not.toContain(shopA);
    const next = await a.get<BalanceFlowsResponse>(FLOWS, { limit: 10, cursor });
    expect(next.status).toBe(200);
    expect(next.body.flows.map((f) => f.balanceAfter)).toEqual(['3', '2', '1']);
  });

  it('refuses a forged flows cursor instead of answering invented running balances', async () => {
    // What a cursor was before sealing: the position and the running balance, readable and writable.
    const forged = Buffer.from(
      JSON.stringify({ sk: '2026-11-20T09:04:00.000Z#~', b: '999999000000' }),
      'utf8',
    ).toString('base64url');
    const res = await a.get<BalanceFlowsResponse>(FLOWS, { limit: 10, cursor: forged });
    refusedCursor(res);
    expect(JSON.stringify(res.body)).not.toContain('999999');
  });

  it('refuses a cursor with any byte changed', async () => {
    const cursor = await firstPageCursor();
    for (const i of [0, 5, Math.floor(cursor.length / 2), cursor.length - 2]) {
      const c = cursor[i] === 'A' ? 'B' : 'A';
      refusedCursor(
        await a.get(FLOWS, { limit: 2, cursor: `${cursor.slice(0, i)}${c}${cursor.slice(i + 1)}` }),
      );
    }
  });

  it("refuses another partner's cursor, another list's, another filter's, and garbage", async () => {
    const cursor = await firstPageCursor();
    refusedCursor(await b.get(FLOWS, { limit: 2, cursor }));
    refusedCursor(await a.get('/v1/balances/USDT@BSC/flows', { limit: 2, cursor }));
    refusedCursor(await a.get(FLOWS, { limit: 2, cursor, reason: 'DEPOSIT' }));
    refusedCursor(await a.get('/v1/withdrawals', { cursor }));
    refusedCursor(await a.get('/v1/deposits', { cursor }));
    for (const garbage of ['x', 'null', Buffer.from('null').toString('base64url'), '!!!', 'A'.repeat(1025)]) {
      refusedCursor(await a.get(FLOWS, { cursor: garbage }));
    }
  });

  it('lets a client change the page size between pages', async () => {
    const cursor = await firstPageCursor();
    const next = await a.get<BalanceFlowsResponse>(FLOWS, { limit: 1, cursor });
    expect(next.status).toBe(200);
    expect(next.body.flows.map((f) => f.balanceAfter)).toEqual(['3']);
  });
});
