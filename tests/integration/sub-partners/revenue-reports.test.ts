import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createPartnerClient } from '../../../clients/typescript/partner-client';
import type { PartnerClient } from '../../../clients/typescript/partner-client';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoActivityCounters } from '../../../shared/adapters/dynamodb/activity-counters';
import { DynamoRevenueCounters } from '../../../shared/adapters/dynamodb/subtree-activity';
import { DynamoSubtreeActivity } from '../../../shared/adapters/dynamodb/subtree-activity-reader';
import { DynamoWithdrawalRepository } from '../../../shared/adapters/dynamodb/withdrawal-repository';
import { rebuildSubtreeActivity } from '../../../shared/app/partners/rebuild-subtree-activity';
import { requestWithdrawal } from '../../../shared/app/withdrawals/request-withdrawal';
import {
  buildWithdrawalRequestDeps,
  withdrawalRequestSources,
} from '../../../shared/composition/withdrawal-requests';
import { DynamoPartnerSecurityRepository } from '../../../shared/adapters/dynamodb/partner-security-repository';
import type { WithdrawalWorkflow } from '../../../shared/ports/withdrawals';
import { createLocalApiServer } from '../../../scripts/local/api-server';
import {
  FeesResponse,
  RevenueResponse,
  SubPartnerActivityResponse,
  SubPartnerSummaryResponse,
} from '../../../shared/api/sub-partner-report-schemas';
import { getDepositAddress } from '../../../shared/app/deposits/deposit-addresses';
import { DepositIntakeService } from '../../../shared/app/deposits/deposit-intake';
import { setFeeSettings } from '../../../shared/app/deposits/fee-chain';
import { createPartner, createPlatform, issueApiKey } from '../../../shared/app/partners/manage-partners';
import { buildDepositDeps } from '../../../shared/composition/deposits';
import { getDeps } from '../../../shared/composition/gateway';
import { percentToPpm } from '../../../shared/domain/deposit/fees';
import { accounts } from '../../../shared/domain/ledger/accounts';
import { formatAmount } from '../../../shared/domain/ledger/amount';
import type { Partner } from '../../../shared/domain/partner/partner';
import type { ChainHeadInfo, ObservedTransfer, TransferScanner } from '../../../shared/ports/evm-transfers';
import { createTestTable } from '../../support/test-env';

const OPERATOR = { type: 'OPERATOR' as const, id: 'op' };
const USDT = 10n ** 6n; // Polygon USDT
const ASSET = 'USDT@POLYGON';

/** A chain scripted by hand (as in deposit-intake.test.ts): the intake and its credit are the real ones. */
class ScriptedChain implements TransferScanner {
  readonly network = 'POLYGON' as const;
  readonly hashes = new Map<number, string>();
  readonly txs = new Map<string, ObservedTransfer[]>();
  latest = 100;
  finalized = 100;
  async head(): Promise<ChainHeadInfo> {
    return { latest: this.latest, finalized: this.finalized };
  }
  async scan(): Promise<ObservedTransfer[]> {
    return [...this.txs.values()].flat();
  }
  async canonicalBlockHash(n: number) {
    return this.hashes.get(n);
  }
  async transfersInTransaction(tx: string) {
    return this.txs.get(tx) ?? [];
  }
  include(txHash: string, to: string, amount: bigint, blockNumber: number): ObservedTransfer {
    const blockHash = `0x${blockNumber.toString(16).padStart(64, 'b')}`;
    this.hashes.set(blockNumber, blockHash);
    const t: ObservedTransfer = {
      network: 'POLYGON',
      token: 'USDT',
      tokenAddress: '0xc2132D05D31c914a87C6611C10748AEb04B58e8F',
      txHash,
      logIndex: 0,
      blockNumber,
      blockHash,
      from: '0x000000000000000000000000000000000000dEaD',
      to,
      amount,
    };
    this.txs.set(txHash, [t]);
    return t;
  }
}

type ErrorBody = { error: { code: string; fields?: { path: string }[] } };

/**
 * Seed 000 §7.3's example over HTTP: platform floor 0.5 %, distributor DIST_A pays 0.3 % (its floor
 * 0.8 %), merchant SHOP_B charges 1.2 %: a 1,000 USDT deposit earns DIST_A 4 USDT. Below DIST_A a
 * sub-distributor SUB_A2 (pays 0.1 %) with merchant SHOP_E (1.0 %): 500 USDT earns SUB_A2 0.5 and
 * DIST_A 0.5. DIST_C with SHOP_D is another subtree (the probes).
 */
describe('sub-partner activity and revenue over HTTP (DynamoDB Local)', () => {
  let server: Server;
  let dropTable: () => Promise<void>;
  const partners: Record<string, Partner> = {};
  const clients: Record<string, PartnerClient> = {};
  let day = '';

  beforeAll(async () => {
    const table = await createTestTable('subrev');
    dropTable = table.dropTable;
    const base = getDeps(); // the wiring the handlers use, on this test's table
    const deps = buildDepositDeps(base);
    const fees = { partners: base.partners, fees: deps.fees };
    const at = new Date().toISOString();
    partners['PLATFORM'] = await createPlatform(base, OPERATOR, { code: 'PLATFORM', name: 'Platform' });
    const add = async (code: string, type: 'DISTRIBUTOR' | 'MERCHANT', parentCode: string, rates: object) => {
      const p = await createPartner(base, OPERATOR, { code, name: `Name of ${code}`, type, parentCode });
      partners[code] = p;
      await setFeeSettings(fees, p, rates, at);
    };
    await setFeeSettings(fees, partners['PLATFORM'], { minFeeRate: percentToPpm('0.5') }, at);
    await add('DIST_A', 'DISTRIBUTOR', 'PLATFORM', {
      parentFeeRate: percentToPpm('0.3'),
      maxFeeCap: percentToPpm('3'),
    });
    await add('SHOP_B', 'MERCHANT', 'DIST_A', { depositFeeRate: percentToPpm('1.2') });
    await add('SUB_A2', 'DISTRIBUTOR', 'DIST_A', { parentFeeRate: percentToPpm('0.1') });
    await add('SHOP_E', 'MERCHANT', 'SUB_A2', { depositFeeRate: percentToPpm('1') });
    await add('DIST_C', 'DISTRIBUTOR', 'PLATFORM', { parentFeeRate: percentToPpm('0.2') });
    await add('SHOP_D', 'MERCHANT', 'DIST_C', { depositFeeRate: percentToPpm('1') });

    // Deposits through the real intake and credit (record, then confirm at finality), each step run twice:
    // a retried record or credit must not count twice.
    const intake = new DepositIntakeService({
      wallets: deps.wallets,
      deposits: deps.deposits,
      ledger: base.ledger,
      partners: base.partners,
      fees: deps.fees,
      clock: base.clock,
      networks: base.config.networks,
      minimumAmount: () => 1n,
      revenueCounters: new DynamoRevenueCounters(base.config.tableName),
    });
    const chain = new ScriptedChain();
    const pay = async (code: string, n: number, amount: bigint) => {
      const hot = await getDepositAddress(deps, (partners[code] as Partner).id, {
        userId: `user-${n}`,
        network: 'POLYGON',
      });
      return chain.include(`0x${n.toString(16).padStart(64, '0')}`, hot.address, amount, 90 + n);
    };
    const transfers = [
      await pay('SHOP_B', 1, 1_000n * USDT),
      await pay('SHOP_E', 2, 500n * USDT),
      await pay('SHOP_D', 3, 200n * USDT),
    ];
    for (let i = 0; i < 2; i++) await intake.ingest('POLYGON', transfers, await chain.head());
    for (let i = 0; i < 2; i++) await intake.confirm('POLYGON', await chain.head(), chain);
    day = new Date().toISOString().slice(0, 10);

    server = createLocalApiServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const code of ['PLATFORM', 'DIST_A', 'SUB_A2', 'DIST_C', 'SHOP_B']) {
      const key = await issueApiKey(base, OPERATOR, {
        partnerId: (partners[code] as Partner).id,
        name: code,
      });
      clients[code] = createPartnerClient({ apiUrl, apiKey: key.apiKey.id, apiSecret: key.secret });
    }
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await dropTable();
  });

  const client = (code: string) => clients[code] as PartnerClient;
  const withPartnerSecurity = (base: ReturnType<typeof getDeps>) =>
    Object.assign(Object.create(base) as typeof base, {
      partnerSecurity: new DynamoPartnerSecurityRepository(base.db, base.config.tableName),
    });
  const ledgerRevenue = async (account: string) =>
    formatAmount((await getDeps().ledger.balance(account)).posted, 6);

  it('GET /v1/revenue: the distributor earned 4 USDT from SHOP_B and 0.5 from SUB_A2, exactly what its revenue account holds', async () => {
    const res = await client('DIST_A').get<RevenueResponse>('/v1/revenue', { period: 'month' });
    expect(res.status).toBe(200);
    const body = RevenueResponse.parse(res.body);
    expect(body.totals).toEqual([{ asset: ASSET, amount: '4.5' }]);
    expect(body.bySubPartner).toEqual([
      { code: 'SHOP_B', name: 'Name of SHOP_B', amounts: [{ asset: ASSET, amount: '4' }] },
      { code: 'SUB_A2', name: 'Name of SUB_A2', amounts: [{ asset: ASSET, amount: '0.5' }] },
    ]);
    expect(await ledgerRevenue(accounts.distributorRevenue((partners['DIST_A'] as Partner).id, ASSET))).toBe(
      '4.5',
    );
    // A day range gives the same; the sub-distributor sees its own 0.5.
    const range = await client('DIST_A').get<RevenueResponse>('/v1/revenue', { from: day, to: day });
    expect(range.body.totals).toEqual(body.totals);
    const sub = await client('SUB_A2').get<RevenueResponse>('/v1/revenue');
    expect(sub.body.totals).toEqual([{ asset: ASSET, amount: '0.5' }]);
    expect(await ledgerRevenue(accounts.distributorRevenue((partners['SUB_A2'] as Partner).id, ASSET))).toBe(
      '0.5',
    );
  });

  it('GET /v1/revenue for the platform: its revenue account to the minor unit, per direct sub-partner', async () => {
    const body = RevenueResponse.parse(
      (await client('PLATFORM').get('/v1/revenue', { period: 'today' })).body,
    );
    // 0.8 % of 1,000 and of 500 (under DIST_A), 0.7 % of 200 (under DIST_C).
    expect(body.bySubPartner).toEqual([
      { code: 'DIST_A', name: 'Name of DIST_A', amounts: [{ asset: ASSET, amount: '12' }] },
      { code: 'DIST_C', name: 'Name of DIST_C', amounts: [{ asset: ASSET, amount: '1.4' }] },
    ]);
    expect(body.totals).toEqual([
      { asset: ASSET, amount: await ledgerRevenue(accounts.platformRevenue(ASSET)) },
    ]);
    expect(body.totals[0]?.amount).toBe('13.4');
  });

  it('GET /v1/sub-partners/activity: one row per direct child covering its subtree, sortable', async () => {
    const res = await client('DIST_A').get<SubPartnerActivityResponse>('/v1/sub-partners/activity', {
      period: 'week',
      sort: 'revenue',
    });
    expect(res.status).toBe(200);
    const body = SubPartnerActivityResponse.parse(res.body);
    expect(body.items).toEqual([
      {
        code: 'SHOP_B',
        name: 'Name of SHOP_B',
        type: 'MERCHANT',
        status: 'ACTIVE',
        deposits: { count: 1, amounts: [{ asset: ASSET, amount: '1000' }] },
        withdrawals: { count: 0, amounts: [] },
        revenue: [{ asset: ASSET, amount: '4' }],
      },
      {
        code: 'SUB_A2',
        name: 'Name of SUB_A2',
        type: 'DISTRIBUTOR',
        status: 'ACTIVE',
        deposits: { count: 1, amounts: [{ asset: ASSET, amount: '500' }] },
        withdrawals: { count: 0, amounts: [] },
        revenue: [{ asset: ASSET, amount: '0.5' }],
      },
    ]);
    const asc = await client('DIST_A').get<SubPartnerActivityResponse>('/v1/sub-partners/activity', {
      sort: 'depositAmount',
      order: 'asc',
    });
    expect(asc.body.items.map((i) => i.code)).toEqual(['SUB_A2', 'SHOP_B']);
  });

  it('GET /v1/sub-partners/{code}/summary: the subtree figures and what the caller earned, at any depth', async () => {
    const shop = await client('DIST_A').get<SubPartnerSummaryResponse>('/v1/sub-partners/SHOP_B/summary', {
      period: 'today',
    });
    expect(shop.status).toBe(200);
    expect(SubPartnerSummaryResponse.parse(shop.body).summary).toMatchObject({
      period: 'today',
      deposits: { count: 1, amounts: [{ asset: ASSET, amount: '1000' }] },
      revenue: [{ asset: ASSET, amount: '4' }],
    });
    // Two levels down: DIST_A's share of SHOP_E's deposit (SUB_A2's 0.1 %), not SUB_A2's.
    const deep = await client('DIST_A').get<SubPartnerSummaryResponse>('/v1/sub-partners/SHOP_E/summary');
    expect(deep.body.summary.deposits.amounts).toEqual([{ asset: ASSET, amount: '500' }]);
    expect(deep.body.summary.revenue).toEqual([{ asset: ASSET, amount: '0.5' }]);
    const platformView = await client('PLATFORM').get<SubPartnerSummaryResponse>(
      '/v1/sub-partners/SHOP_B/summary',
      { period: 'month' },
    );
    expect(platformView.body.summary.revenue).toEqual([{ asset: ASSET, amount: '8' }]);
  });

  it('GET /v1/fees: own rates with the computed floor and cap, and the revenue this month', async () => {
    const dist = FeesResponse.parse((await client('DIST_A').get('/v1/fees')).body);
    expect(dist).toEqual({
      type: 'DISTRIBUTOR',
      depth: 1,
      canRegister: ['MERCHANT', 'DISTRIBUTOR'],
      fees: { parentFeeRate: '0.3', maxFeeCap: '3', minFeeRate: '0.8' },
      revenueThisMonth: [{ asset: ASSET, amount: '4.5' }],
    });
    const shop = FeesResponse.parse((await client('SHOP_B').get('/v1/fees')).body);
    expect(shop).toEqual({
      type: 'MERCHANT',
      depth: expect.any(Number),
      canRegister: [],
      fees: { depositFeeRate: '1.2', minFeeRate: '0.8' },
      revenueThisMonth: [],
    });
  });

  it('drills down into a sub-partner’s deposits and ledger flows, read-only', async () => {
    const deposits = await client('DIST_A').get<{ deposits: { amount: string; fee: string }[] }>(
      '/v1/sub-partners/SHOP_E/deposits',
    );
    expect(deposits.status).toBe(200);
    expect(deposits.body.deposits.map((d) => [d.amount, d.fee])).toEqual([['500', '5']]);
    const flows = await client('DIST_A').get<{ flows: { amount: string; balanceAfter: string }[] }>(
      '/v1/sub-partners/SHOP_B/flows',
      { asset: ASSET },
    );
    expect(flows.status).toBe(200);
    expect(flows.body.flows.map((f) => [f.amount, f.balanceAfter])).toEqual([['988', '988']]);
    const withdrawals = await client('DIST_A').get<{ withdrawals: unknown[] }>(
      '/v1/sub-partners/SHOP_B/withdrawals',
    );
    expect(withdrawals.status).toBe(200);
    expect(withdrawals.body.withdrawals).toEqual([]);
  });

  it('answers 404 for every partner outside the caller’s subtree, and leaks nothing', async () => {
    const probes = [
      '/v1/sub-partners/SHOP_B/summary',
      '/v1/sub-partners/SHOP_B/deposits',
      '/v1/sub-partners/SHOP_B/withdrawals',
      '/v1/sub-partners/SHOP_B/flows?asset=USDT@POLYGON',
      '/v1/sub-partners/DIST_A/summary',
      '/v1/sub-partners/PLATFORM/summary',
      '/v1/sub-partners/DIST_C/summary', // itself
      '/v1/sub-partners/NO_SUCH/deposits',
    ];
    for (const probe of probes) {
      const [path, q] = probe.split('?') as [string, string | undefined];
      const query = q ? Object.fromEntries(new URLSearchParams(q)) : undefined;
      const res = await client('DIST_C').get<ErrorBody>(path, query);
      expect([probe, res.status, res.body.error.code]).toEqual([probe, 404, 'NOT_FOUND']);
    }
    // A sub-distributor cannot look up, at its parent or sideways.
    expect((await client('SUB_A2').get<ErrorBody>('/v1/sub-partners/SHOP_B/summary')).status).toBe(404);
    const activity = await client('DIST_C').get<SubPartnerActivityResponse>('/v1/sub-partners/activity');
    expect(activity.body.items.map((i) => i.code)).toEqual(['SHOP_D']);
    const revenue = await client('DIST_C').get<RevenueResponse>('/v1/revenue');
    expect(revenue.body.bySubPartner.map((r) => r.code)).toEqual(['SHOP_D']);
  });

  it('answers 403 to a merchant on every sub-partner read', async () => {
    for (const path of [
      '/v1/sub-partners/activity',
      '/v1/sub-partners/SHOP_B/summary',
      '/v1/sub-partners/SHOP_E/deposits',
      '/v1/sub-partners/SHOP_E/withdrawals',
      '/v1/revenue',
    ]) {
      const res = await client('SHOP_B').get<ErrorBody>(path);
      expect([path, res.status, res.body.error.code]).toEqual([path, 403, 'FORBIDDEN']);
    }
  });

  it('answers 400 with the field path for bad input', async () => {
    const period = await client('DIST_A').get<ErrorBody>('/v1/sub-partners/activity', { period: 'year' });
    expect(period.status).toBe(400);
    expect(period.body.error.fields?.[0]?.path).toBe('period');
    const range = await client('DIST_A').get<ErrorBody>('/v1/revenue', { from: '2026-01-01' });
    expect(range.status).toBe(400);
    expect(range.body.error.fields?.[0]?.path).toBe('to');
    const asset = await client('DIST_A').get<ErrorBody>('/v1/sub-partners/SHOP_B/flows', {
      asset: 'DOGE@BSC',
    });
    expect(asset.status).toBe(400);
    expect(asset.body.error.fields?.[0]?.path).toBe('asset');
  });

  it('a withdrawal requested through the request use-case counts in every ancestor’s row (its ancestry recorded)', async () => {
    const base = getDeps();
    const starts: string[] = [];
    const requests = buildWithdrawalRequestDeps(withdrawalRequestSources(withPartnerSecurity(base)), {
      workflow: { start: async ({ code }) => void starts.push(code) } as WithdrawalWorkflow,
    });
    const shop = partners['SHOP_E'] as Partner;
    await requests.settings.put(shop.id, {
      addressMode: 'MANUAL_ADDRESS',
      approval: { mode: 'AUTO', thresholdUsdt: 0n },
    });
    const { withdrawal } = await requestWithdrawal(
      requests,
      {
        partnerId: shop.id,
        requester: { kind: 'apiKey', id: 'ak_test' },
        type: 'API',
        idempotencyKey: 'wd-subtree-1',
      },
      {
        network: 'POLYGON',
        token: 'USDT',
        amount: '100',
        address: '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4',
      },
    );
    expect(withdrawal.ancestry).toEqual([
      (partners['SUB_A2'] as Partner).id,
      (partners['DIST_A'] as Partner).id,
      (partners['PLATFORM'] as Partner).id,
    ]);
    expect(starts).toEqual([withdrawal.code]);
    // REQUESTED is the instant before the workflow decides (ADR 0027's rule): it counts once it moves on.
    await requests.withdrawals.transition(shop.id, withdrawal.code, 'REQUESTED', {
      status: 'PENDING_APPROVAL',
      at: new Date().toISOString(),
      by: 'system',
    });
    const activity = await client('DIST_A').get<SubPartnerActivityResponse>('/v1/sub-partners/activity', {
      period: 'month',
      sort: 'withdrawalAmount',
    });
    expect(activity.body.items[0]).toMatchObject({
      code: 'SUB_A2',
      withdrawals: { count: 1, amounts: [{ asset: ASSET, amount: '100' }] },
    });
    const summary = await client('PLATFORM').get<SubPartnerSummaryResponse>(
      '/v1/sub-partners/SHOP_E/summary',
    );
    expect(summary.body.summary.withdrawals).toEqual({
      count: 1,
      amounts: [{ asset: ASSET, amount: '100' }],
    });
  });

  it('revenue rebuild (the backfill) recomputes every counter from the records, over counters that were lost or wrong', async () => {
    const base = getDeps();
    // `to` of a period is the moment of the read: left out.
    const at = async (path: string, query?: Record<string, string>) => {
      const body = (await client('DIST_A').get<Record<string, unknown>>(path, query)).body;
      return JSON.parse(JSON.stringify(body, (k, v: unknown) => (k === 'to' ? undefined : v))) as unknown;
    };
    const read = async () => ({
      revenue: (await client('DIST_A').get('/v1/revenue', { from: day, to: day })).body,
      platform: (await client('PLATFORM').get('/v1/revenue', { from: day, to: day })).body,
      activity: await at('/v1/sub-partners/activity', { period: 'month' }),
      summary: await at('/v1/sub-partners/SHOP_E/summary', { period: 'month' }),
      fees: (await client('DIST_A').get('/v1/fees')).body,
    });
    const before = await read();
    const subtree = new DynamoSubtreeActivity(base.db, base.config.tableName);
    // Lost: every (ancestor, day, child) counter; wrong: DIST_A's earned revenue of the day.
    for (const p of Object.values(partners)) {
      const items = await base.db.send(
        new QueryCommand({
          TableName: base.config.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': `SUBTREE#${p.id}` },
        }),
      );
      for (const item of items.Items ?? [])
        await base.db.send(
          new DeleteCommand({ TableName: base.config.tableName, Key: { PK: item['PK'], SK: item['SK'] } }),
        );
    }
    await subtree.putEarned((partners['DIST_A'] as Partner).id, day, new Map([[ASSET, 999n]]));
    expect(await read()).not.toEqual(before);

    const counters = new DynamoActivityCounters(base.db, base.config.tableName);
    const done = await rebuildSubtreeActivity(
      {
        partners: base.partners,
        deposits: buildDepositDeps(base).deposits,
        withdrawals: new DynamoWithdrawalRepository(base.db, base.config.tableName),
        writer: {
          put: (a, row) => subtree.put(a, row),
          putEarned: (p, d, e) => subtree.putEarned(p, d, e),
          replaceSubPartnerCounts: (p, c) => counters.replaceSubPartnerCounts(p, c),
        },
      },
      partners['PLATFORM'] as Partner,
      day,
    );
    expect(done).toMatchObject({ partners: 7, deposits: 3, withdrawals: 1 });
    expect(await read()).toEqual(before);
  });
});
