import { commandsSentDuring } from '../../support/dynamo-requests';
import { getDepositDeps } from '../../../shared/composition/deposits';
import { DynamoActivityCounters } from '../../../shared/adapters/dynamodb/activity-counters';
import { DynamoPollerStateStore } from '../../../shared/adapters/dynamodb/poller-state-store';
import { rebuildActivity } from '../../../shared/app/console-views/rebuild-activity';
import { DynamoWithdrawalRepository } from '../../../shared/adapters/dynamodb/withdrawal-repository';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoLedgerStore } from '../../../shared/adapters/dynamodb/ledger-store';
import { createPartner } from '../../../shared/app/partners/manage-partners';
import { NETWORK_CODES } from '../../../shared/config/networks';
import { accounts, MAX_SHARDS } from '../../../shared/domain/ledger/accounts';
import { formatAmount } from '../../../shared/domain/ledger/amount';
import { STABLECOIN_ASSETS } from '../../../shared/domain/ledger/asset';
import type { Withdrawal } from '../../../shared/domain/withdrawal/withdrawal';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import type { StoredDeposit } from '../../../shared/ports/deposits';
import type { Partner } from '../../../shared/domain/partner/partner';
import {
  ConsoleClient,
  createTenants,
  createUser,
  enableTwoFactor,
  OPERATOR,
  startConsoleStack,
} from '../../support/console-stack';
import type { ConsoleStack, TestTenants } from '../../support/console-stack';
import { storedDeposit } from '../../support/deposit-fixture';

/**
 * The console's read/write routes for the pages (dashboard, deposits, wallets, transactions,
 * webhooks) over real HTTP with session cookies: the partner API's use-cases, scoped to the session's
 * partner, behind the console permissions.
 */
type ErrorBody = { error: { code: string } };
const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
let seq = 0;

function deposit(partner: Partner, overrides: Partial<StoredDeposit> = {}): StoredDeposit {
  seq += 1;
  return storedDeposit(seq, { partnerId: partner.id, ...overrides });
}

let wseq = 0;
function withdrawal(partner: Partner, overrides: Partial<Withdrawal> = {}): Withdrawal {
  wseq += 1;
  const at = overrides.createdAt ?? '2026-11-20T10:00:00.000Z';
  return {
    partnerId: partner.id,
    code: `W261120${String(wseq).padStart(8, '0')}`,
    type: 'MANUAL',
    network: 'POLYGON',
    token: 'USDT',
    asset: 'USDT@POLYGON',
    amount: 12_500_000n, // 12.5 USDT at 6 decimals
    fee: 1_000_000n,
    address: '0x4444444444444444444444444444444444444444',
    status: 'PENDING_APPROVAL',
    requiresApproval: true,
    requestedBy: { kind: 'user', id: 'u-1' },
    requestHash: `h${wseq}`,
    createdAt: at,
    updatedAt: at,
    history: [{ status: 'REQUESTED', at }],
    ...overrides,
  };
}

describe('console views: dashboard, deposits, wallets, transactions and webhooks over the console API', () => {
  let stack: ConsoleStack;
  let deps: GatewayDeps;
  let tenants: TestTenants;

  beforeAll(async () => {
    stack = await startConsoleStack('console-views');
    deps = stack.deps;
    tenants = await createTenants(deps);
  });
  afterAll(async () => stack.stop());

  const signedIn = async (email: string) => {
    const c = new ConsoleClient(stack.apiUrl);
    if ((await c.signIn(email)).status !== 200) throw new Error('sign-in failed');
    return c;
  };
  const userOf = async (partner: Partner, role: Parameters<typeof createUser>[2]) =>
    signedIn((await createUser(deps, partner, role)).email);

  describe('dashboard', () => {
    it("sums today's deposits and the 7-day trend in USD, leaves out failed ones and other partners'", async () => {
      const repo = getDepositDeps().deposits;
      const a = tenants.shopA;
      await repo.create(deposit(a, { detectedAt: '2026-11-20T09:00:00.000Z' }));
      await repo.create(
        deposit(a, {
          detectedAt: '2026-11-20T10:00:00.000Z',
          network: 'POLYGON',
          asset: 'USDC@POLYGON',
          token: 'USDC',
          amount: 1_500_000n,
          fee: 0n,
          netAmount: 1_500_000n,
        }),
      );
      await repo.create(
        deposit(a, { detectedAt: '2026-11-20T10:30:00.000Z', status: 'FAILED', failureReason: 'REORGED' }),
      );
      await repo.create(
        deposit(a, { detectedAt: new Date(Date.parse('2026-11-20T10:00:00.000Z') - 2 * DAY).toISOString() }),
      );
      await repo.create(deposit(tenants.shopB, { detectedAt: '2026-11-20T10:00:00.000Z' }));

      const viewer = await userOf(a, 'VIEWER');
      const res = await viewer.get<{
        today: { date: string; deposits: { amountUsd: string; count: number } };
        depositTrend: { days: { date: string; amountUsd: string; count: number }[] };
        balances: { asset: string; available: string }[];
        availableUsd: string;
      }>('/console/dashboard');
      expect(res.status).toBe(200);
      expect(res.body.today).toEqual({
        date: '2026-11-20',
        deposits: { amountUsd: '26.5', count: 2 },
        withdrawals: { amountUsd: '0', count: 0 },
      });
      expect(res.body.depositTrend.days.map((d) => [d.date, d.amountUsd, d.count])).toEqual([
        ['2026-11-14', '0', 0],
        ['2026-11-15', '0', 0],
        ['2026-11-16', '0', 0],
        ['2026-11-17', '0', 0],
        ['2026-11-18', '25', 1],
        ['2026-11-19', '0', 0],
        ['2026-11-20', '26.5', 2],
      ]);
      expect(res.body.balances.map((b) => b.asset)).toEqual(
        expect.arrayContaining(['USDT@BSC', 'USDC@BSC', 'USDT@POLYGON', 'USDC@POLYGON']),
      );
      expect(res.body.availableUsd).toBe('0');
    });
  });

  describe('dashboard cost and counters (ADR 0027)', () => {
    const ledgerDb = () => (deps.ledger as unknown as { db: typeof deps.db }).db;
    /** DynamoDB requests the console API makes for one GET (both document clients: items and ledger). */
    const requestsOf = (get: () => Promise<unknown>) => commandsSentDuring([deps.db, ledgerDb()], get);

    it('GET /console/me: at most 4 requests (the session check and the user, partner and membership)', async () => {
      const viewer = await userOf(tenants.dist, 'VIEWER');
      const ops = await requestsOf(() => viewer.get('/console/me'));
      expect(ops.length).toBeLessThanOrEqual(4);
      expect(ops.filter((op) => op === 'QueryCommand' || op === 'ScanCommand')).toEqual([]);
    });

    it('reads the same items whatever the volume: the same requests for 1 deposit in the week or 120', async () => {
      const repo = getDepositDeps().deposits;
      const viewer = await userOf(tenants.dist, 'VIEWER');
      await repo.create(deposit(tenants.dist, { detectedAt: '2026-11-20T08:00:00.000Z' }));
      const few = await requestsOf(() => viewer.get('/console/dashboard'));
      for (let i = 0; i < 119; i++)
        await repo.create(
          deposit(tenants.dist, { detectedAt: `2026-11-${String(14 + (i % 7))}T09:00:00.000Z` }),
        );
      const many = await requestsOf(() => viewer.get('/console/dashboard'));
      expect(many).toEqual(few);
      // The session check, the counters and every shard of every stablecoin balance: one BatchGet
      // each (ADR 0027, 0029). The partner's type comes with the session. Before the counters: one
      // more Query per 100 deposits of the week; before ADR 0029: a GetItem and one Query per asset.
      expect(many).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand', 'BatchGetItemCommand']);
      const body = (await viewer.get<{ depositTrend: { days: { count: number }[] } }>('/console/dashboard'))
        .body;
      expect(body.depositTrend.days.reduce((n, d) => n + d.count, 0)).toBe(120);
    });

    it('reads every balance in one request: several assets spread over shards, equal to the ledger’s sums (ADR 0029)', async () => {
      const p = await createPartner(deps, OPERATOR, {
        code: 'SHARDED',
        name: 'Sharded',
        type: 'MERCHANT',
        parentCode: 'DIST',
      });
      // A busy partner's account spread over the most shards an account may have: deposits land on
      // shards picked by their entry id, a hold draws across them.
      const sharded = new DynamoLedgerStore(ledgerDb(), deps.config.tableName, {
        shardOverrides: new Map([[`partner:${p.id}:available`, MAX_SHARDS]]),
      });
      const assets = STABLECOIN_ASSETS.slice(0, 3);
      for (const [i, asset] of assets.entries()) {
        const unit = 10n ** BigInt(asset.decimals);
        for (let n = 0; n < 12; n++)
          await sharded.post({
            id: `deposit:${asset.code}:${p.id}:${n}`,
            kind: 'POSTED',
            reason: 'DEPOSIT',
            cause: { type: 'deposit', id: `${asset.code}-${n}` },
            effectiveAt: '2026-11-20T09:00:00.000Z',
            postings: [
              {
                debit: accounts.custody(p.id, 'HOT', asset.code),
                credit: accounts.partnerAvailable(p.id, asset.code),
                amount: BigInt(n + 1 + i) * unit,
              },
            ],
          });
        await sharded.post({
          id: `withdrawal:${asset.code}:${p.id}:hold`,
          kind: 'PENDING',
          reason: 'WITHDRAWAL',
          cause: { type: 'withdrawal', id: `${asset.code}-w` },
          effectiveAt: '2026-11-20T09:30:00.000Z',
          postings: [
            {
              debit: accounts.partnerAvailable(p.id, asset.code),
              credit: accounts.custody(p.id, 'MASTER', asset.code),
              amount: 20n * unit,
            },
          ],
        });
      }
      for (const asset of assets) {
        const shards = await ledgerDb().send(
          new QueryCommand({
            TableName: deps.config.tableName,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: {
              ':pk': `LEDGER#ACCOUNT#${accounts.partnerAvailable(p.id, asset.code)}`,
            },
          }),
        );
        expect(shards.Items?.length).toBeGreaterThan(3);
      }

      const viewer = await userOf(p, 'VIEWER');
      type Body = {
        balances: { asset: string; available: string; held: string; total: string }[];
        availableUsd: string;
        totalUsd: string;
      };
      let body: Body | undefined;
      const ops = await requestsOf(async () => {
        body = (await viewer.get<Body>('/console/dashboard')).body;
      });
      expect(ops).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand', 'BatchGetItemCommand']);
      // The ledger's own sum of each account's shards (a Query of its partition).
      for (const asset of STABLECOIN_ASSETS) {
        const b = await deps.ledger.balance(accounts.partnerAvailable(p.id, asset.code));
        expect(body?.balances.find((r) => r.asset === asset.code)).toMatchObject({
          available: formatAmount(b.available, asset.decimals),
          held: formatAmount(b.pendingDebits, asset.decimals),
          total: formatAmount(b.posted, asset.decimals),
        });
      }
      // 1+…+12 = 78 plus 12·i per asset, less a hold of 20 each: (78 + 90 + 102) − 60 available.
      expect(body?.totalUsd).toBe('270');
      expect(body?.availableUsd).toBe('210');
    });

    it('the platform operator’s dashboard, poller banner included, is at most 4 requests', async () => {
      const viewer = await userOf(tenants.platform, 'VIEWER');
      let body: { pollerHealth?: { networks: { network: string }[] } } | undefined;
      const ops = await requestsOf(async () => {
        body = (await viewer.get<typeof body>('/console/dashboard')).body;
      });
      expect(body?.pollerHealth?.networks.map((n) => n.network).sort()).toEqual([...NETWORK_CODES].sort());
      expect(ops.length).toBeLessThanOrEqual(4);
      expect(ops.filter((op) => op !== 'BatchGetItemCommand')).toEqual([]);
    });

    it('moves with each change in the same write: a deposit that fails leaves the day, a withdrawal leaves the queue when decided and the day when rejected', async () => {
      const deposits = getDepositDeps().deposits;
      const repo = new DynamoWithdrawalRepository(deps.db, deps.config.tableName);
      const p = tenants.shopB;
      const viewer = await userOf(p, 'VIEWER');
      type Body = {
        today: {
          deposits: { count: number; amountUsd: string };
          withdrawals: { count: number; amountUsd: string };
        };
        pendingWithdrawals: number;
        withdrawalsInProgress: number;
      };
      const read = async () => (await viewer.get<Body>('/console/dashboard')).body;
      const before = await read();
      const d = deposit(p, { status: 'DETECTED', confirmations: 0 });
      await deposits.create(d);
      await deposits.create(d); // a retry of the same write counts once
      expect((await read()).today.deposits.count).toBe(before.today.deposits.count + 1);
      await deposits.update(d.id, 'DETECTED', {
        status: 'FAILED',
        failureReason: 'REORGED',
        updatedAt: d.detectedAt,
      });
      expect((await read()).today.deposits).toEqual(before.today.deposits);

      const w = withdrawal(p, { status: 'REQUESTED' });
      await repo.create(w);
      expect((await read()).pendingWithdrawals).toBe(before.pendingWithdrawals); // not held yet
      const change = (status: Withdrawal['status']) => ({
        status,
        at: '2026-11-20T10:05:00.000Z',
        by: 'system',
      });
      await repo.transition(p.id, w.code, 'REQUESTED', change('PENDING_APPROVAL'));
      let now = await read();
      // Held and waiting: in the approval queue and in progress, not yet among today's withdrawals.
      expect(now.pendingWithdrawals).toBe(before.pendingWithdrawals + 1);
      expect(now.withdrawalsInProgress).toBe(before.withdrawalsInProgress + 1);
      expect(now.today.withdrawals).toEqual(before.today.withdrawals);
      await repo.transition(p.id, w.code, 'PENDING_APPROVAL', change('REJECTED'));
      now = await read();
      expect(now.pendingWithdrawals).toBe(before.pendingWithdrawals);
      expect(now.withdrawalsInProgress).toBe(before.withdrawalsInProgress);
      expect(now.today.withdrawals).toEqual(before.today.withdrawals);

      // Today's withdrawals are the ones processed today: counted when CONFIRMED, on that day.
      const sent = withdrawal(p, { status: 'BROADCASTING' });
      await repo.create(sent);
      expect((await read()).withdrawalsInProgress).toBe(before.withdrawalsInProgress + 1);
      await repo.transition(p.id, sent.code, 'BROADCASTING', change('CONFIRMED'), {
        confirmedAt: '2026-11-20T10:30:00.000Z',
      });
      now = await read();
      expect(now.withdrawalsInProgress).toBe(before.withdrawalsInProgress);
      expect(now.today.withdrawals.count).toBe(before.today.withdrawals.count + 1);
      expect(Number(now.today.withdrawals.amountUsd)).toBeGreaterThan(
        Number(before.today.withdrawals.amountUsd),
      );
    });
  });

  describe('dashboard counters rebuilt (npm run cli -- dashboard rebuild)', () => {
    it('recomputes a partner’s days and approval queue from its records, over counters that were wrong', async () => {
      const p = tenants.dist;
      const counters = new DynamoActivityCounters(deps.db, deps.config.tableName);
      const viewer = await userOf(p, 'VIEWER');
      const read = async () =>
        (
          await viewer.get<{
            pendingWithdrawals: number;
            depositTrend: { days: { date: string; amountUsd: string; count: number }[] };
          }>('/console/dashboard')
        ).body;
      const right = await read();
      await new DynamoWithdrawalRepository(deps.db, deps.config.tableName).create(
        withdrawal(p, { status: 'PENDING_APPROVAL' }),
      );
      const days = right.depositTrend.days.map((d) => d.date);
      const wrong = days.map((day) => ({
        day,
        depositCount: 7,
        depositUsd: 1n,
        withdrawalCount: 3,
        withdrawalUsd: 2n,
      }));
      await counters.replace(p.id, wrong, 42, 9);
      expect((await read()).pendingWithdrawals).toBe(42);
      const out = await rebuildActivity(
        {
          deposits: getDepositDeps().deposits,
          withdrawals: new DynamoWithdrawalRepository(deps.db, deps.config.tableName),
          activity: counters,
          clock: deps.clock,
        },
        p.id,
        days[0] as string,
      );
      expect(out).toMatchObject({ days: 7, pendingApprovals: 1, withdrawalsInProgress: 1 });
      const rebuilt = await read();
      expect(rebuilt.depositTrend).toEqual(right.depositTrend);
      expect(rebuilt.pendingWithdrawals).toBe(1);
    });
  });

  describe('dashboard poller health', () => {
    it('shows the platform operator the networks whose deposit poller keeps failing, and nobody else', async () => {
      const health = new DynamoPollerStateStore(deps.db, deps.config.tableName);
      const at = new Date('2026-11-20T10:00:00.000Z');
      for (let i = 0; i < deps.config.poller.alertAfterFailedRounds; i++) {
        await health.recordRoundFailure('POLYGON', 'scan: A fee chain starts at the platform', at);
      }
      await health.recordRoundSuccess('BSC', at);

      const operator = await userOf(tenants.platform, 'VIEWER');
      const res = await operator.get<{
        pollerHealth?: {
          networks: { network: string; status: string; consecutiveFailures: number; lastError?: string }[];
        };
      }>('/console/dashboard');
      expect(res.status).toBe(200);
      expect(res.body.pollerHealth?.networks).toEqual([
        expect.objectContaining({ network: 'BSC', status: 'OK', consecutiveFailures: 0 }),
        expect.objectContaining({
          network: 'POLYGON',
          status: 'FAILING',
          consecutiveFailures: deps.config.poller.alertAfterFailedRounds,
          failingSince: at.toISOString(),
          lastError: 'scan: A fee chain starts at the platform',
        }),
        expect.objectContaining({ network: 'TRON', status: 'NOT_STARTED' }),
      ]);

      for (const partner of [tenants.dist, tenants.shopA]) {
        const other = await userOf(partner, 'OWNER');
        const body = (await other.get<Record<string, unknown>>('/console/dashboard')).body;
        expect(body).not.toHaveProperty('pollerHealth');
      }
    });
  });

  describe('dashboard withdrawals', () => {
    it("counts today's processed (CONFIRMED) withdrawals in USD, apart from those in progress and the approval queue; not rejected ones or other partners'", async () => {
      const repo = new DynamoWithdrawalRepository(deps.db, deps.config.tableName);
      const p = tenants.platform;
      await repo.create(withdrawal(p));
      await repo.create(
        withdrawal(p, {
          status: 'CONFIRMED',
          userId: 'erin',
          tx: {
            from: '0x5555555555555555555555555555555555555555',
            nonce: 0,
            gasLimit: 60_000n,
            attempts: [],
            minedHash: `0x${'d'.repeat(64)}`,
          },
        }),
      );
      await repo.create(withdrawal(p, { status: 'REJECTED' }));
      await repo.create(withdrawal(p, { status: 'PENDING_APPROVAL', createdAt: '2026-11-19T10:00:00.000Z' }));
      await repo.create(withdrawal(tenants.shopA, { status: 'PENDING_APPROVAL' }));
      const c = await userOf(p, 'VIEWER');
      const res = await c.get<{
        today: { withdrawals: { amountUsd: string; count: number } };
        pendingWithdrawals: number;
        withdrawalsInProgress: number;
      }>('/console/dashboard');
      expect(res.body).toMatchObject({
        today: { withdrawals: { amountUsd: '12.5', count: 1 } },
        pendingWithdrawals: 2,
        withdrawalsInProgress: 2,
      });

      const tx = await c.get<{
        transactions: { kind: string; code: string; txHash: string | null; amount: string }[];
      }>(`/console/transactions?kind=WITHDRAWAL&userId=erin`);
      expect(tx.body.transactions).toEqual([
        expect.objectContaining({ kind: 'WITHDRAWAL', amount: '12.5', txHash: `0x${'d'.repeat(64)}` }),
      ]);
    });
  });

  describe('deposits', () => {
    it('lists, filters and opens the partner’s own deposits only, with no explorer link on the local chains', async () => {
      const repo = getDepositDeps().deposits;
      const mine = deposit(tenants.dist, {
        userId: 'alice',
        status: 'SETTLED',
        sweepTxHash: `0x${'c'.repeat(64)}`,
        collectedAt: '2026-11-20T11:05:00.000Z',
        settledAt: '2026-11-20T11:06:00.000Z',
      });
      const other = deposit(tenants.shopB, { userId: 'alice' });
      await repo.create(mine);
      await repo.create(other);
      const c = await userOf(tenants.dist, 'FINANCE');

      const list = await c.get<{
        deposits: { code: string; explorerUrl: string | null; amount: string; netAmount: string }[];
      }>('/console/deposits?userId=alice');
      expect(list.body.deposits.map((d) => d.code)).toEqual([mine.code]);
      expect(list.body.deposits[0]).toMatchObject({ amount: '25', netAmount: '24.7', explorerUrl: null });
      expect((await c.get<{ deposits: unknown[] }>('/console/deposits?status=FAILED')).body.deposits).toEqual(
        [],
      );
      expect(
        (
          await c.get<{ deposits: { code: string }[] }>(`/console/deposits?txHash=${mine.txHash}`)
        ).body.deposits.map((d) => d.code),
      ).toEqual([mine.code]);
      expect((await c.get(`/console/deposits/${mine.code}`)).body).toMatchObject({
        deposit: { code: mine.code, status: 'SETTLED', sweepTxHash: mine.sweepTxHash },
      });
      expect(await c.get<ErrorBody>(`/console/deposits/${other.code}`)).toMatchObject({
        status: 404,
        body: { error: { code: 'NOT_FOUND' } },
      });
      expect(await c.get<ErrorBody>('/console/deposits?status=LOST')).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED' } },
      });
    });

    it('shows deposits and their sweeps in the unified transactions view, searchable by address and hash', async () => {
      const c = await userOf(tenants.dist, 'VIEWER');
      const sweepHash = `0x${'c'.repeat(64)}`;
      const all = await c.get<{ transactions: { kind: string; txHash: string }[] }>('/console/transactions');
      expect(all.status).toBe(200);
      expect(all.body.transactions.map((t) => t.kind)).toEqual(expect.arrayContaining(['DEPOSIT', 'SWEEP']));
      const bySweep = await c.get<{ transactions: { kind: string; status: string; txHash: string }[] }>(
        `/console/transactions?txHash=${sweepHash}`,
      );
      expect(bySweep.body.transactions).toEqual([
        expect.objectContaining({ kind: 'SWEEP', status: 'SETTLED', txHash: sweepHash }),
      ]);
      const byAddress = await c.get<{ transactions: { kind: string }[] }>(
        '/console/transactions?address=0x1111111111111111111111111111111111111111&kind=DEPOSIT',
      );
      expect(byAddress.body.transactions.length).toBeGreaterThan(0);
      expect(byAddress.body.transactions.every((t) => t.kind === 'DEPOSIT')).toBe(true);
      expect(await c.get<ErrorBody>('/console/transactions?address=nope')).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED' } },
      });
    });
  });

  describe('wallets', () => {
    it('creates MASTER once and HOT per user for members with wallet:create, and shows a wallet to its partner only', async () => {
      const operator = await userOf(tenants.shopA, 'OPERATOR');
      const first = await operator.post<{ wallet: { address: string; kind: string }; created: boolean }>(
        '/console/wallets',
        { kind: 'MASTER', network: 'BSC' },
      );
      expect(first).toMatchObject({ status: 201, body: { created: true, wallet: { kind: 'MASTER' } } });
      const again = await operator.post<{ wallet: { address: string } }>('/console/wallets', {
        kind: 'MASTER',
        network: 'BSC',
      });
      expect(again).toMatchObject({ status: 200, body: { wallet: { address: first.body.wallet.address } } });
      const hot = await operator.post<{ wallet: { address: string; userId: string } }>('/console/wallets', {
        kind: 'HOT',
        network: 'BSC',
        userId: 'bob',
      });
      expect(hot).toMatchObject({ status: 201, body: { wallet: { userId: 'bob' } } });
      // TRON is offered like the EVM networks: a user's HOT address and the MASTER, base58 `T…`.
      const tronHot = await operator.post<{ wallet: { address: string; network: string } }>(
        '/console/wallets',
        {
          kind: 'HOT',
          network: 'TRON',
          userId: 'bob',
        },
      );
      expect(tronHot).toMatchObject({ status: 201, body: { wallet: { network: 'TRON' } } });
      expect(tronHot.body.wallet.address).toMatch(/^T[1-9A-HJ-NP-Za-km-z]{33}$/);
      const tronMaster = await operator.post<{ wallet: { address: string } }>('/console/wallets', {
        kind: 'MASTER',
        network: 'TRON',
      });
      expect(tronMaster.status).toBe(201);
      expect(tronMaster.body.wallet.address).toMatch(/^T/);

      const list = await operator.get<{
        wallets: { kind: string; address: string; balances: { token: string; amount: string | null }[] }[];
      }>('/console/wallets?kind=HOT');
      expect(list.body.wallets.map((w) => w.address)).toContain(hot.body.wallet.address);
      expect(list.body.wallets.every((w) => w.kind === 'HOT')).toBe(true);
      expect(list.body.wallets[0]?.balances.map((b) => b.token).sort()).toEqual(['USDC', 'USDT']);

      const detail = await operator.get<{
        wallet: { address: string };
        balances: { token: string; amount: string | null }[];
        approvals: { token: string; status: string }[];
        deposits: unknown[];
      }>(`/console/wallets/BSC/${hot.body.wallet.address}`);
      expect(detail.status).toBe(200);
      expect(detail.body.balances).toEqual(
        expect.arrayContaining([expect.objectContaining({ token: 'USDT', amount: '0' })]),
      );
      expect(detail.body.approvals).toEqual([
        { token: 'USDT', status: 'NONE' },
        { token: 'USDC', status: 'NONE' },
      ]);

      // A MASTER shows the withdrawals it paid.
      const paid = withdrawal(tenants.shopA, {
        network: 'BSC',
        asset: 'USDT@BSC',
        amount: 5n * 10n ** 18n,
        status: 'CONFIRMED',
        tx: {
          from: first.body.wallet.address,
          nonce: 0,
          gasLimit: 60_000n,
          attempts: [],
          minedHash: `0x${'e'.repeat(64)}`,
        },
      });
      await new DynamoWithdrawalRepository(deps.db, deps.config.tableName).create(paid);
      const master = await operator.get<{ withdrawals: { code: string; amount: string; status: string }[] }>(
        `/console/wallets/BSC/${first.body.wallet.address}`,
      );
      expect(master.body.withdrawals).toEqual([
        expect.objectContaining({ code: paid.code, amount: '5', status: 'CONFIRMED' }),
      ]);
      expect(detail.body).toMatchObject({ withdrawals: [] });

      const viewer = await userOf(tenants.shopA, 'VIEWER');
      expect(
        await viewer.post<ErrorBody>('/console/wallets', { kind: 'POOL', network: 'BSC' }),
      ).toMatchObject({ status: 403, body: { error: { code: 'PERMISSION_DENIED' } } });
      const stranger = await userOf(tenants.shopB, 'OWNER');
      expect(await stranger.get<ErrorBody>(`/console/wallets/BSC/${hot.body.wallet.address}`)).toMatchObject({
        status: 404,
        body: { error: { code: 'NOT_FOUND' } },
      });
    });

    it('registers and removes external wallets and reservations', async () => {
      const admin = await userOf(tenants.dist, 'ADMIN');
      const address = '0x3333333333333333333333333333333333333333';
      expect(
        (
          await admin.post('/console/external-wallets', {
            userId: 'carol',
            network: 'BSC',
            address,
            label: 'Carol ledger',
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await admin.get<{ externalWallets: { address: string; label: string }[] }>(
            '/console/external-wallets',
          )
        ).body.externalWallets,
      ).toEqual([expect.objectContaining({ address, label: 'Carol ledger', userId: 'carol' })]);
      expect((await admin.post(`/console/external-wallets/BSC/${address}/remove`)).status).toBe(200);
      expect(
        (await admin.get<{ externalWallets: unknown[] }>('/console/external-wallets')).body.externalWallets,
      ).toEqual([]);

      const created = await admin.post<{ reservation: { address: string; status: string } }>(
        '/console/deposit-reservations',
        { userId: 'dave', network: 'POLYGON' },
      );
      expect(created).toMatchObject({ status: 201, body: { reservation: { status: 'ACTIVE' } } });
      const released = await admin.post<{ reservation: { status: string } }>(
        `/console/deposit-reservations/POLYGON/${created.body.reservation.address}/release`,
      );
      expect(released.body.reservation.status).toBe('RELEASED');
      expect(
        (
          await admin.get<{ reservations: { userId: string }[] }>('/console/deposit-reservations')
        ).body.reservations.map((r) => r.userId),
      ).toContain('dave');
    });
  });

  describe('webhooks', () => {
    it('configures the URL (secret shown once), rotates the secret only with an OTP, sends a test event and lists deliveries', async () => {
      const owner = await createUser(deps, tenants.shopB, 'OWNER');
      const c = await signedIn(owner.email);
      const put = await c.request<{ url: string; secret?: string }>('PUT', '/console/webhooks', {
        url: 'http://127.0.0.1:9/hooks',
        largeDepositThresholdUsd: '10000',
      });
      expect(put.status).toBe(200);
      expect(put.body.secret).toMatch(/^whsec_/);
      const get = await c.get<{ url: string; secret?: string; largeDepositThresholdUsd: string }>(
        '/console/webhooks',
      );
      expect(get.body).toMatchObject({ url: 'http://127.0.0.1:9/hooks', largeDepositThresholdUsd: '10000' });
      expect(get.body.secret).toBeUndefined();

      expect(await c.post<ErrorBody>('/console/webhooks/secret', {})).toMatchObject({
        status: 403,
        body: { error: { code: 'TWO_FACTOR_REQUIRED' } },
      });
      const { secret } = await enableTwoFactor(c, stack.clock);
      stack.clock.advance(30_000);
      expect(await c.post<ErrorBody>('/console/webhooks/secret', {})).toMatchObject({
        status: 403,
        body: { error: { code: 'OTP_REQUIRED' } },
      });
      const rotated = await c.post<{ secret: string; previousSecretExpiresAt: string }>(
        '/console/webhooks/secret',
        { otp: c.code(secret, stack.clock) },
      );
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(put.body.secret);

      const test = await c.post<{ eventId: string; type: string }>('/console/webhooks/test');
      expect(test).toMatchObject({ status: 200, body: { type: 'WEBHOOK_TEST' } });
      const deliveries = await c.get<{ deliveries: { eventId: string }[] }>('/console/webhooks/deliveries');
      expect(deliveries.body.deliveries.map((d) => d.eventId)).toContain(test.body.eventId);

      const viewer = await userOf(tenants.shopB, 'VIEWER');
      expect(await viewer.get<ErrorBody>('/console/webhooks')).toMatchObject({
        status: 403,
        body: { error: { code: 'PERMISSION_DENIED' } },
      });
      const finance = await userOf(tenants.shopB, 'FINANCE');
      expect((await finance.get('/console/webhooks')).status).toBe(200);
      expect(await finance.post<ErrorBody>('/console/webhooks/test')).toMatchObject({
        status: 403,
        body: { error: { code: 'PERMISSION_DENIED' } },
      });
    });
  });
});
