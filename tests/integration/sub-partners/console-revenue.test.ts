import { commandsSentDuring } from '../../support/dynamo-requests';
import { DynamoRevenueCounters } from '../../../shared/adapters/dynamodb/subtree-activity';
import { DynamoWithdrawalRepository } from '../../../shared/adapters/dynamodb/withdrawal-repository';
import { DynamoSubPartnerStore } from '../../../shared/adapters/dynamodb/sub-partner-store';
import { getDepositAddress } from '../../../shared/app/deposits/deposit-addresses';
import { DepositIntakeService } from '../../../shared/app/deposits/deposit-intake';
import { setFeeSettings } from '../../../shared/app/deposits/fee-chain';
import { createPartner } from '../../../shared/app/partners/manage-partners';
import { buildDepositDeps } from '../../../shared/composition/deposits';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { percentToPpm } from '../../../shared/domain/deposit/fees';
import type { Partner } from '../../../shared/domain/partner/partner';
import type { ChainHeadInfo, ObservedTransfer, TransferScanner } from '../../../shared/ports/evm-transfers';
import {
  ConsoleClient,
  createTenants,
  createUser,
  OPERATOR,
  startConsoleStack,
} from '../../support/console-stack';
import type { ConsoleStack, TestTenants } from '../../support/console-stack';

const USDT = 10n ** 6n;
const ASSET = 'USDT@POLYGON';
type ErrorBody = { error: { code: string } };
type Amounts = { asset: string; amount: string }[];

/** One final transfer per transaction (the intake and its credit are the real ones). */
class FinalChain implements TransferScanner {
  readonly network = 'POLYGON' as const;
  readonly txs = new Map<string, ObservedTransfer>();
  async head(): Promise<ChainHeadInfo> {
    return { latest: 1_000, finalized: 1_000 };
  }
  async scan(): Promise<ObservedTransfer[]> {
    return [...this.txs.values()];
  }
  async canonicalBlockHash(n: number) {
    return `0x${n.toString(16).padStart(64, 'b')}`;
  }
  async transfersInTransaction(tx: string) {
    const t = this.txs.get(tx);
    return t ? [t] : [];
  }
  include(n: number, to: string, amount: bigint): ObservedTransfer {
    const t: ObservedTransfer = {
      network: 'POLYGON',
      token: 'USDT',
      tokenAddress: '0xc2132D05D31c914a87C6611C10748AEb04B58e8F',
      txHash: `0x${n.toString(16).padStart(64, '0')}`,
      logIndex: 0,
      blockNumber: 90 + n,
      blockHash: `0x${(90 + n).toString(16).padStart(64, 'b')}`,
      from: '0x000000000000000000000000000000000000dEaD',
      to,
      amount,
    };
    this.txs.set(t.txHash, t);
    return t;
  }
}

/**
 * The console side of the sub-partner money reads (ADR 0032): the mirrors of the partner API, and the
 * distributor's and platform's dashboard gaining sub-partner counts and revenue within its request
 * budget. Seed 000's example: DIST (0.3 % over the platform's 0.5 %) earns 4 USDT on 1,000 at SHOP_A (1.2 %).
 */
describe('console: sub-partner activity, revenue and the dashboard additions', () => {
  let stack: ConsoleStack;
  let deps: GatewayDeps;
  let tenants: TestTenants;
  let other: Partner;
  let intake: DepositIntakeService;
  let records: ReturnType<typeof buildDepositDeps>;
  const chain = new FinalChain();
  const viewers: Record<string, ConsoleClient> = {};

  beforeAll(async () => {
    stack = await startConsoleStack('subrev-console');
    deps = stack.deps;
    tenants = await createTenants(deps); // PLATFORM > DIST > SHOP_A, SHOP_B
    other = await createPartner(deps, OPERATOR, {
      code: 'DIST_X',
      name: 'Other distributor',
      type: 'DISTRIBUTOR',
      parentCode: 'PLATFORM',
    });
    records = buildDepositDeps(deps);
    const fees = { partners: deps.partners, fees: records.fees };
    const at = stack.clock.now().toISOString();
    await setFeeSettings(fees, tenants.platform, { minFeeRate: percentToPpm('0.5') }, at);
    await setFeeSettings(
      fees,
      tenants.dist,
      { parentFeeRate: percentToPpm('0.3'), maxFeeCap: percentToPpm('3') },
      at,
    );
    await setFeeSettings(fees, tenants.shopA, { depositFeeRate: percentToPpm('1.2') }, at);
    await deps.partners.changeStatus(tenants.shopB.id, 'ACTIVE', 'SUSPENDED', at);

    intake = new DepositIntakeService({
      wallets: records.wallets,
      deposits: records.deposits,
      ledger: deps.ledger,
      partners: deps.partners,
      fees: records.fees,
      clock: stack.clock,
      networks: deps.config.networks,
      minimumAmount: () => 1n,
      revenueCounters: new DynamoRevenueCounters(deps.config.tableName),
    });
    const hot = await getDepositAddress(records, tenants.shopA.id, { userId: 'u1', network: 'POLYGON' });
    const t = chain.include(1, hot.address, 1_000n * USDT);
    await intake.ingest('POLYGON', [t], await chain.head());
    await intake.confirm('POLYGON', await chain.head(), chain);
    // A withdrawal of SHOP_B awaiting approval (held): it goes out in DIST's row.
    await new DynamoWithdrawalRepository(deps.db, deps.config.tableName).create({
      partnerId: tenants.shopB.id,
      code: 'W26112000000001',
      type: 'MANUAL',
      network: 'POLYGON',
      token: 'USDT',
      asset: ASSET,
      amount: 12_500_000n,
      fee: 0n,
      address: '0x4444444444444444444444444444444444444444',
      status: 'PENDING_APPROVAL',
      requiresApproval: true,
      requestedBy: { kind: 'user', id: 'u-1' },
      requestHash: 'h1',
      createdAt: at,
      updatedAt: at,
      history: [{ status: 'REQUESTED', at }],
      ancestry: [tenants.dist.id, tenants.platform.id],
    });
    for (const [name, partner] of [
      ['dist', tenants.dist],
      ['platform', tenants.platform],
      ['shopA', tenants.shopA],
      ['other', other],
    ] as const) {
      const c = new ConsoleClient(stack.apiUrl);
      const { email } = await createUser(deps, partner, 'VIEWER');
      if ((await c.signIn(email)).status !== 200) throw new Error('sign-in failed');
      viewers[name] = c;
    }
  });
  afterAll(async () => stack.stop());

  const viewer = (name: string) => viewers[name] as ConsoleClient;

  /** DynamoDB requests one GET makes (both document clients: items and ledger). */
  const requestsOf = (get: () => Promise<unknown>) =>
    commandsSentDuring([deps.db, (deps.ledger as unknown as { db: typeof deps.db }).db], get);

  type Dashboard = {
    subPartners?: Record<string, number>;
    revenue?: { today: Amounts; month: Amounts };
  };

  it('a distributor’s dashboard adds its sub-partners and its revenue today and this month, in the same 3 requests', async () => {
    let body: Dashboard | undefined;
    const ops = await requestsOf(async () => {
      body = (await viewer('dist').get<Dashboard>('/console/dashboard')).body;
    });
    expect(ops).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand', 'BatchGetItemCommand']);
    expect(body?.subPartners).toEqual({ total: 2, active: 1, suspended: 1, merchants: 2, distributors: 0 });
    expect(body?.revenue).toEqual({
      today: [{ asset: ASSET, amount: '4' }],
      month: [{ asset: ASSET, amount: '4' }],
    });
  });

  it('the platform’s dashboard too, within its 4 requests; a merchant’s has neither', async () => {
    let body: Dashboard | undefined;
    const ops = await requestsOf(async () => {
      body = (await viewer('platform').get<Dashboard>('/console/dashboard')).body;
    });
    expect(ops.length).toBeLessThanOrEqual(4);
    expect(body?.subPartners).toEqual({ total: 2, active: 2, suspended: 0, merchants: 0, distributors: 2 });
    expect(body?.revenue?.month).toEqual([{ asset: ASSET, amount: '8' }]);
    const shop = (await viewer('shopA').get<Dashboard>('/console/dashboard')).body;
    expect(shop.subPartners).toBeUndefined();
    expect(shop.revenue).toBeUndefined();
  });

  it('mirrors the partner API: revenue, activity (withdrawals included), summary, fees and drill-downs', async () => {
    const revenue = await viewer('dist').get<{ totals: Amounts; bySubPartner: { code: string }[] }>(
      '/console/revenue?period=today',
    );
    expect(revenue.status).toBe(200);
    expect(revenue.body.totals).toEqual([{ asset: ASSET, amount: '4' }]);
    const activity = await viewer('dist').get<{
      items: {
        code: string;
        status: string;
        withdrawals: { count: number; amounts: Amounts };
        revenue: Amounts;
      }[];
    }>('/console/sub-partners/activity?period=month&sort=withdrawalAmount');
    expect(activity.body.items.map((i) => [i.code, i.status, i.withdrawals.count, i.revenue])).toEqual([
      ['SHOP_B', 'SUSPENDED', 1, []],
      ['SHOP_A', 'ACTIVE', 0, [{ asset: ASSET, amount: '4' }]],
    ]);
    expect(activity.body.items[0]?.withdrawals.amounts).toEqual([{ asset: ASSET, amount: '12.5' }]);
    const summary = await viewer('dist').get<{ summary: { revenue: Amounts } }>(
      '/console/sub-partners/SHOP_A/summary',
    );
    expect(summary.body.summary.revenue).toEqual([{ asset: ASSET, amount: '4' }]);
    const fees = await viewer('dist').get<{ fees: Record<string, string> }>('/console/fees');
    expect(fees.body.fees).toEqual({ parentFeeRate: '0.3', maxFeeCap: '3', minFeeRate: '0.8' });
    const deposits = await viewer('dist').get<{ deposits: { amount: string }[] }>(
      '/console/sub-partners/SHOP_A/deposits',
    );
    expect(deposits.body.deposits.map((d) => d.amount)).toEqual(['1000']);
  });

  it('answers 404 outside the caller’s subtree and 403 to a merchant, on every console route', async () => {
    for (const path of [
      '/console/sub-partners/SHOP_A/summary',
      '/console/sub-partners/SHOP_A/deposits',
      '/console/sub-partners/SHOP_A/withdrawals',
      '/console/sub-partners/SHOP_A/flows?asset=USDT@POLYGON',
      '/console/sub-partners/DIST/summary',
    ]) {
      const res = await viewer('other').get<ErrorBody>(path);
      expect([path, res.status, res.body.error.code]).toEqual([path, 404, 'NOT_FOUND']);
    }
    for (const path of [
      '/console/sub-partners/activity',
      '/console/revenue',
      '/console/sub-partners/SHOP_B/summary',
    ]) {
      const res = await viewer('shopA').get<ErrorBody>(path);
      expect([path, res.status, res.body.error.code]).toEqual([path, 403, 'FORBIDDEN']);
    }
  });

  it('costs the same requests for 1 deposit in the month or 41: the reads stay flat as volume grows', async () => {
    const reads = [
      '/console/sub-partners/activity?period=month',
      '/console/revenue?period=month',
      '/console/sub-partners/SHOP_A/summary?period=month',
      '/console/dashboard',
    ];
    const cost = async () => {
      const out: Record<string, string[]> = {};
      for (const path of reads) out[path] = await requestsOf(() => viewer('dist').get(path));
      return out;
    };
    const before = await cost();
    const hot = await getDepositAddress(records, tenants.shopA.id, { userId: 'u2', network: 'POLYGON' });
    const start = stack.clock.now().getTime();
    for (let n = 2; n <= 41; n++) {
      stack.clock.set(new Date(start - (n % 15) * 24 * 3_600_000)); // spread over the month's days
      await intake.ingest('POLYGON', [chain.include(n, hot.address, 10n * USDT)], await chain.head());
    }
    stack.clock.set(new Date(start));
    await intake.confirm('POLYGON', await chain.head(), chain);
    const after = await cost();
    expect(after).toEqual(before);
    // Activity: the session, the caller's counters for the month (one Query), its children (one Query).
    expect(before['/console/sub-partners/activity?period=month']).toEqual([
      'BatchGetItemCommand',
      'QueryCommand',
      'QueryCommand',
    ]);
    const revenue = await viewer('dist').get<{ totals: Amounts }>('/console/revenue?period=month');
    expect(revenue.body.totals).toEqual([{ asset: ASSET, amount: '5.6' }]); // 4 + 40 × 0.04 (0.4 % of 10)
  });

  it('keeps the sub-partner counts through a rename, and a deleted child leaves them in the same write', async () => {
    const counts = async () => (await viewer('dist').get<Dashboard>('/console/dashboard')).body.subPartners;
    const before = await counts();
    await deps.partners.update(
      tenants.shopB.id,
      (p) => ({ ...p, name: 'Shop B renamed' }),
      new Date().toISOString(),
    );
    expect(await counts()).toEqual(before);
    const leaf = await createPartner(deps, OPERATOR, {
      code: 'LEAF_SHOP',
      name: 'Leaf',
      type: 'MERCHANT',
      parentCode: tenants.dist.code,
    });
    expect((await counts())?.['total']).toBe((before?.['total'] ?? 0) + 1);
    await new DynamoSubPartnerStore(deps.db, deps.config.tableName).deletePartner(leaf);
    expect(await counts()).toEqual(before);
  });
});
