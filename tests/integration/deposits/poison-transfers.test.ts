import { buildDepositDeps } from '../../../shared/composition/deposits';
import type { DepositDeps } from '../../../shared/composition/deposits';
import { buildDeps } from '../../../shared/composition/gateway';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { DynamoDepositRepository } from '../../../shared/adapters/dynamodb/deposit-repository';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import { DynamoPollerStateStore } from '../../../shared/adapters/dynamodb/poller-state-store';
import { runDepositPoller } from '../../../shared/app/chains/run-deposit-poller';
import { getDepositAddress } from '../../../shared/app/deposits/deposit-addresses';
import { DepositIntakeService } from '../../../shared/app/deposits/deposit-intake';
import { reprocessFlaggedDeposit } from '../../../shared/app/deposits/reprocess-deposit';
import type { DepositIntakeDeps } from '../../../shared/app/deposits/deposit-intake';
import { setFeeSettings } from '../../../shared/app/deposits/fee-chain';
import { createPartner, createPlatform } from '../../../shared/app/partners/manage-partners';
import { percentToPpm } from '../../../shared/domain/deposit/fees';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { DepositRepository } from '../../../shared/ports/deposits';
import type { ChainHeadInfo, ObservedTransfer, TransferScanner } from '../../../shared/ports/evm-transfers';
import type { FeeSettingsStore } from '../../../shared/ports/fee-settings';
import type { LedgerStore } from '../../../shared/ports/ledger';
import type { Alert } from '../../../shared/ports/reconciliation';
import { createTestTable, manualClock } from '../../support/test-env';

const OPERATOR = { type: 'OPERATOR' as const, id: 'op' };
const USDT = 10n ** 6n; // Polygon USDT
const SENDER = '0x000000000000000000000000000000000000dEaD';

/** A chain scripted by hand: blocks with hashes, transfers per transaction, scanned by block range. */
class ScriptedChain implements TransferScanner {
  readonly network = 'POLYGON' as const;
  hashes = new Map<number, string>();
  txs = new Map<string, ObservedTransfer[]>();
  latest = 0;
  finalized = 0;
  async head(): Promise<ChainHeadInfo> {
    return { latest: this.latest, finalized: this.finalized };
  }
  async scan(from: number, to: number): Promise<ObservedTransfer[]> {
    return [...this.txs.values()].flat().filter((t) => t.blockNumber >= from && t.blockNumber <= to);
  }
  async canonicalBlockHash(n: number) {
    return this.hashes.get(n);
  }
  async transfersInTransaction(tx: string) {
    return (this.txs.get(tx) ?? []).filter((t) => this.hashes.get(t.blockNumber) === t.blockHash);
  }
  include(t: {
    txHash: string;
    blockNumber: number;
    to: string;
    amount: bigint;
    logIndex?: number;
  }): ObservedTransfer {
    const blockHash = this.hashes.get(t.blockNumber) ?? `0x${t.blockNumber.toString(16).padStart(64, 'b')}`;
    this.hashes.set(t.blockNumber, blockHash);
    const full: ObservedTransfer = {
      network: 'POLYGON',
      token: 'USDT',
      tokenAddress: '0xc2132D05D31c914a87C6611C10748AEb04B58e8F',
      blockHash,
      from: SENDER,
      logIndex: 0,
      ...t,
    };
    this.txs.set(t.txHash, [...(this.txs.get(t.txHash) ?? []), full]);
    return full;
  }
}

describe('one bad transfer never stops a network (DynamoDB Local, scripted chain)', () => {
  let base: GatewayDeps;
  let deps: DepositDeps;
  let dropTable: () => Promise<void>;
  let platformId: string;
  let distributorId: string;
  let merchantId: string;
  /** A merchant whose fee settings read throws: stands for any fault in processing its transfers. */
  let brokenId: string;
  let feesBroken = true;
  const clock = manualClock();
  // One chain for the file: deposits left open by one test stay canonical for the next.
  const chain = new ScriptedChain();
  const alerts: Alert[] = [];
  const errors: string[] = [];
  let tx = 0;
  const nextTx = () => `0x${(++tx).toString(16).padStart(64, '0')}`;
  const available = async (partnerId: string) =>
    (await base.ledger.balance(accounts.partnerAvailable(partnerId, 'USDT@POLYGON'))).posted;

  /** The production intake, with the fee store of the broken merchant failing. */
  const intakeWith = (overrides: Partial<DepositIntakeDeps> = {}) => {
    const fees: FeeSettingsStore = {
      get: async (id) => {
        if (id === brokenId && feesBroken)
          throw new TypeError("Cannot read properties of undefined (reading 'depositFeeRate')");
        return deps.fees.get(id);
      },
      set: (id, s, at) => deps.fees.set(id, s, at),
    };
    return new DepositIntakeService({
      wallets: deps.wallets,
      deposits: deps.deposits,
      ledger: base.ledger,
      partners: base.partners,
      fees,
      clock,
      networks: base.config.networks,
      minimumAmount: (a) => 10n ** BigInt(a.decimals),
      alerts: { raise: async (a) => void alerts.push(a) },
      onError: (message) => void errors.push(message),
      ...overrides,
    });
  };

  beforeAll(async () => {
    const table = await createTestTable('poison');
    dropTable = table.dropTable;
    base = buildDeps(table.config, { clock });
    deps = buildDepositDeps(base);
    platformId = (await createPlatform(base, OPERATOR, { code: 'PLATFORM', name: 'P' })).id;
    const dist = await createPartner(base, OPERATOR, {
      code: 'DIST_A',
      name: 'A',
      type: 'DISTRIBUTOR',
      parentCode: 'PLATFORM',
    });
    distributorId = dist.id;
    const merchant = await createPartner(base, OPERATOR, {
      code: 'SHOP_B',
      name: 'B',
      type: 'MERCHANT',
      parentCode: 'DIST_A',
    });
    merchantId = merchant.id;
    brokenId = (
      await createPartner(base, OPERATOR, {
        code: 'SHOP_X',
        name: 'X',
        type: 'MERCHANT',
        parentCode: 'DIST_A',
      })
    ).id;
    const at = clock.now().toISOString();
    const feeDeps = { partners: base.partners, fees: deps.fees };
    await setFeeSettings(
      feeDeps,
      (await base.partners.get(platformId))!,
      { minFeeRate: percentToPpm('0.5') },
      at,
    );
    await setFeeSettings(
      feeDeps,
      dist,
      { parentFeeRate: percentToPpm('0.3'), maxFeeCap: percentToPpm('3') },
      at,
    );
    await setFeeSettings(feeDeps, merchant, { depositFeeRate: percentToPpm('1.2') }, at);
  });
  afterAll(() => dropTable());
  beforeEach(() => {
    alerts.length = 0;
  });

  describe('deposits to a partner of any type', () => {
    it('credits a deposit to the platform partner’s own address in full: no fee, net to its available balance', async () => {
      const intake = intakeWith();
      const hot = await getDepositAddress(deps, platformId, { userId: 'treasury', network: 'POLYGON' });
      chain.latest = 20;
      chain.finalized = 10;
      const t = chain.include({ txHash: nextTx(), blockNumber: 5, to: hot.address, amount: 500n * USDT });
      const revenueBefore = (await base.ledger.balance(accounts.platformRevenue('USDT@POLYGON'))).posted;
      expect(await intake.ingest('POLYGON', [t], await chain.head())).toEqual({ detected: 1 });
      expect(await intake.confirm('POLYGON', await chain.head(), chain)).toEqual({ confirmed: 1, failed: 0 });
      expect(await deps.deposits.get(`POLYGON:${t.txHash}:0`)).toMatchObject({
        status: 'CONFIRMED',
        fee: 0n,
        netAmount: 500n * USDT,
        feeShares: [],
      });
      expect(await available(platformId)).toBe(500n * USDT);
      expect((await base.ledger.balance(accounts.platformRevenue('USDT@POLYGON'))).posted).toBe(
        revenueBefore,
      );
      expect(alerts).toEqual([]);
    });

    it('charges a deposit to a distributor’s own address its own floor, all of it to the platform above it', async () => {
      const intake = intakeWith();
      const hot = await getDepositAddress(deps, distributorId, { userId: 'ops', network: 'POLYGON' });
      chain.latest = 20;
      chain.finalized = 10;
      const t = chain.include({ txHash: nextTx(), blockNumber: 6, to: hot.address, amount: 1_000n * USDT });
      const revenueBefore = (await base.ledger.balance(accounts.platformRevenue('USDT@POLYGON'))).posted;
      await intake.ingest('POLYGON', [t], await chain.head());
      await intake.confirm('POLYGON', await chain.head(), chain);
      // min(A) = 0.5 % + 0.3 % = 0.8 %: 8 USDT to the platform, A earns nothing from itself.
      expect(await deps.deposits.get(`POLYGON:${t.txHash}:0`)).toMatchObject({
        status: 'CONFIRMED',
        fee: 8n * USDT,
        netAmount: 992n * USDT,
        // The rates it was priced with stay on the deposit (a later rate change never re-prices it).
        feeRates: {
          depositFeeRate: 8_000n,
          chain: [
            { partnerId: platformId, rate: 5_000n },
            { partnerId: distributorId, rate: 3_000n },
          ],
        },
      });
      expect(await available(distributorId)).toBe(992n * USDT);
      expect(
        (await base.ledger.balance(accounts.distributorRevenue(distributorId, 'USDT@POLYGON'))).posted,
      ).toBe(0n);
      expect(
        (await base.ledger.balance(accounts.platformRevenue('USDT@POLYGON'))).posted - revenueBefore,
      ).toBe(8n * USDT);
    });
  });

  it('applies the same rules on TRON, whose poller hands its transfers to the same intake', async () => {
    const intake = intakeWith();
    const platformHot = await getDepositAddress(deps, platformId, { userId: 'treasury', network: 'TRON' });
    const broken = await getDepositAddress(deps, brokenId, { userId: 'x9', network: 'TRON' });
    const tron = (to: string, n: number): ObservedTransfer => ({
      network: 'TRON',
      token: 'USDT',
      tokenAddress: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
      txHash: n.toString(16).padStart(64, 'e'),
      logIndex: 0,
      blockNumber: 500 + n,
      blockHash: n.toString(16).padStart(64, 'f'),
      from: 'TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf',
      to,
      amount: 25n * USDT,
    });
    const ok = tron(platformHot.address, 1);
    const poison = tron(broken.address, 2);
    expect(await intake.ingest('TRON', [poison, ok], { latest: 520, finalized: 510 })).toEqual({
      detected: 1,
    });
    expect(await deps.deposits.get(`TRON:${ok.txHash}:0`)).toMatchObject({
      status: 'DETECTED',
      partnerId: platformId,
      fee: 0n,
      netAmount: 25n * USDT,
    });
    expect(await deps.deposits.get(`TRON:${poison.txHash}:0`)).toMatchObject({
      status: 'FAILED',
      failureReason: 'INTAKE_ERROR',
    });
    expect(alerts).toEqual([expect.objectContaining({ network: 'TRON', txHash: poison.txHash })]);
  });

  describe('a transfer the intake cannot process', () => {
    it('is recorded FAILED / INTAKE_ERROR and alerted once with its tx hash, while the healthy transfers beside it are recorded and credited', async () => {
      const intake = intakeWith();
      const good1 = await getDepositAddress(deps, merchantId, { userId: 'u1', network: 'POLYGON' });
      const good2 = await getDepositAddress(deps, merchantId, { userId: 'u2', network: 'POLYGON' });
      const broken = await getDepositAddress(deps, brokenId, { userId: 'x1', network: 'POLYGON' });
      chain.latest = 40;
      chain.finalized = 30;
      const before = await available(merchantId);
      const a = chain.include({ txHash: nextTx(), blockNumber: 21, to: good1.address, amount: 100n * USDT });
      const poison = chain.include({
        txHash: nextTx(),
        blockNumber: 22,
        to: broken.address,
        amount: 70n * USDT,
      });
      const b = chain.include({ txHash: nextTx(), blockNumber: 23, to: good2.address, amount: 200n * USDT });

      expect(await intake.ingest('POLYGON', [a, poison, b], await chain.head())).toEqual({ detected: 2 });
      expect(await intake.confirm('POLYGON', await chain.head(), chain)).toEqual({ confirmed: 2, failed: 0 });

      expect(await deps.deposits.get(`POLYGON:${a.txHash}:0`)).toMatchObject({
        status: 'CONFIRMED',
        netAmount: 98_800_000n,
      });
      expect(await deps.deposits.get(`POLYGON:${b.txHash}:0`)).toMatchObject({
        status: 'CONFIRMED',
        netAmount: 197_600_000n,
      });
      expect(await available(merchantId)).toBe(before + 98_800_000n + 197_600_000n);
      const flagged = await deps.deposits.get(`POLYGON:${poison.txHash}:0`);
      expect(flagged).toMatchObject({
        status: 'FAILED',
        failureReason: 'INTAKE_ERROR',
        partnerId: brokenId,
        amount: 70n * USDT,
        fee: 0n,
        netAmount: 0n,
        walletType: 'HOT',
      });
      expect(flagged?.failureDetail).toMatch(/^TypeError: Cannot read properties of undefined/);
      expect(await available(brokenId)).toBe(0n);
      expect(alerts).toEqual([
        expect.objectContaining({
          type: 'DEPOSIT_NEEDS_REVIEW',
          stage: 'INTAKE',
          txHash: poison.txHash,
          depositId: `POLYGON:${poison.txHash}:0`,
          partnerId: brokenId,
        }),
      ]);

      // The range is scanned again (unfinalized blocks are): no second record, no second alert.
      expect(await intake.ingest('POLYGON', [a, poison, b], await chain.head())).toEqual({ detected: 0 });
      expect(alerts).toHaveLength(1);
      // A flagged deposit is listed to its partner like any other, with the reason and without the internal detail.
      const { depositView } = await import('../../../shared/app/deposits/deposit-queries');
      const view = depositView(flagged!, base.config.networks);
      expect(view).toMatchObject({ status: 'FAILED', failureReason: 'INTAKE_ERROR' });
      expect(view).not.toHaveProperty('failureDetail');
    });

    it('flags a transfer to an address whose partner record is missing instead of dropping it silently', async () => {
      const intake = intakeWith({
        partners: {
          ...base.partners,
          get: async (id: string) => (id === brokenId ? undefined : base.partners.get(id)),
        } as GatewayDeps['partners'],
      });
      const broken = await getDepositAddress(deps, brokenId, { userId: 'x2', network: 'POLYGON' });
      chain.latest = 50;
      chain.finalized = 40;
      const t = chain.include({ txHash: nextTx(), blockNumber: 41, to: broken.address, amount: 5n * USDT });
      expect(await intake.ingest('POLYGON', [t], await chain.head())).toEqual({ detected: 0 });
      expect(await deps.deposits.get(`POLYGON:${t.txHash}:0`)).toMatchObject({
        status: 'FAILED',
        failureReason: 'INTAKE_ERROR',
        failureDetail: expect.stringContaining('not found'),
      });
      expect(alerts).toHaveLength(1);
    });

    it('fails the round instead when the store itself is down, so the deposit is recorded normally once it is back', async () => {
      // A real DynamoDB client pointed at a closed port: the SDK's own ECONNREFUSED after its retries.
      const down = new DynamoDepositRepository(
        createDocumentClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' }),
        base.config.tableName,
      );
      let storeIsDown = true;
      // Only the reads of the record fail: were the outage misjudged as poison, the flag write would succeed.
      const deposits: DepositRepository = new Proxy(deps.deposits, {
        get: (target, prop: keyof DepositRepository) => {
          const from = storeIsDown && prop === 'get' ? down : target;
          return (from[prop] as (...args: unknown[]) => unknown).bind(from);
        },
      });
      const intake = intakeWith({ deposits });
      const hot = await getDepositAddress(deps, merchantId, { userId: 'u3', network: 'POLYGON' });
      chain.latest = 60;
      chain.finalized = 50;
      const t = chain.include({ txHash: nextTx(), blockNumber: 51, to: hot.address, amount: 30n * USDT });

      await expect(intake.ingest('POLYGON', [t], await chain.head())).rejects.toThrow(/ECONNREFUSED/);
      storeIsDown = false;
      expect(await deps.deposits.get(`POLYGON:${t.txHash}:0`)).toBeUndefined();
      expect(alerts).toEqual([]);

      expect(await intake.ingest('POLYGON', [t], await chain.head())).toEqual({ detected: 1 });
      expect(await deps.deposits.get(`POLYGON:${t.txHash}:0`)).toMatchObject({
        status: 'DETECTED',
        fee: 360_000n,
      });
      chain.finalized = 55;
      await intake.confirm('POLYGON', await chain.head(), chain);
      expect(await deps.deposits.get(`POLYGON:${t.txHash}:0`)).toMatchObject({ status: 'CONFIRMED' });
    });
  });

  describe('a deposit that cannot be credited', () => {
    it('does not hold back the other deposits of the round, stays open, and pages once', async () => {
      const stuckTx = nextTx();
      const ledger: LedgerStore = new Proxy(base.ledger, {
        get: (target, prop: keyof LedgerStore) =>
          prop === 'post'
            ? async (...args: Parameters<LedgerStore['post']>) => {
                if (args[0].id.includes(stuckTx)) throw new RangeError('posting rejected by a broken rule');
                return target.post(...args);
              }
            : (target[prop] as (...args: unknown[]) => unknown).bind(target),
      });
      const intake = intakeWith({ ledger });
      const h1 = await getDepositAddress(deps, merchantId, { userId: 'u4', network: 'POLYGON' });
      const h2 = await getDepositAddress(deps, merchantId, { userId: 'u5', network: 'POLYGON' });
      chain.latest = 80;
      chain.finalized = 60;
      const stuck = chain.include({ txHash: stuckTx, blockNumber: 61, to: h1.address, amount: 10n * USDT });
      const fine = chain.include({ txHash: nextTx(), blockNumber: 62, to: h2.address, amount: 10n * USDT });
      await intake.ingest('POLYGON', [stuck, fine], await chain.head());
      chain.finalized = 70;

      expect(await intake.confirm('POLYGON', await chain.head(), chain)).toEqual({ confirmed: 1, failed: 0 });
      expect(await intake.confirm('POLYGON', await chain.head(), chain)).toEqual({ confirmed: 0, failed: 0 });
      expect(await deps.deposits.get(`POLYGON:${fine.txHash}:0`)).toMatchObject({ status: 'CONFIRMED' });
      expect((await deps.deposits.get(`POLYGON:${stuck.txHash}:0`))?.status).toBe('DETECTED');
      expect(alerts).toEqual([
        expect.objectContaining({
          type: 'DEPOSIT_NEEDS_REVIEW',
          stage: 'CONFIRM',
          txHash: stuck.txHash,
          reason: 'RangeError: posting rejected by a broken rule',
        }),
      ]);

      // Once the fault is gone, the next round credits it like any other.
      expect(await intakeWith().confirm('POLYGON', await chain.head(), chain)).toEqual({
        confirmed: 1,
        failed: 0,
      });
      expect((await deps.deposits.get(`POLYGON:${stuck.txHash}:0`))?.status).toBe('CONFIRMED');
    });
  });

  describe('review', () => {
    it('lets an operator reprocess a flagged deposit once the cause is fixed: credited through the normal path, audited', async () => {
      const intake = intakeWith();
      const broken = await getDepositAddress(deps, brokenId, { userId: 'x4', network: 'POLYGON' });
      chain.latest = 95;
      chain.finalized = 90;
      const t = chain.include({ txHash: nextTx(), blockNumber: 85, to: broken.address, amount: 40n * USDT });
      await intake.ingest('POLYGON', [t], await chain.head());
      const flagged = (await deps.deposits.get(`POLYGON:${t.txHash}:0`))!;
      expect(flagged).toMatchObject({ status: 'FAILED', failureReason: 'INTAKE_ERROR' });
      const reprocess = () =>
        reprocessFlaggedDeposit(
          { deposits: deps.deposits, intake, audit: base.audit, clock },
          chain,
          brokenId,
          flagged.code,
          'ops-1',
        );

      // Still broken: flagged again (and alerted again), nothing credited.
      expect(await reprocess()).toMatchObject({ detected: 0, status: 'FAILED' });
      expect(alerts).toHaveLength(2);

      feesBroken = false;
      try {
        expect(await reprocess()).toMatchObject({ detected: 1, status: 'DETECTED' });
        await intake.confirm('POLYGON', await chain.head(), chain);
        // SHOP_X has no rate of its own: it pays its distributor's floor, 0.8 %.
        expect(await deps.deposits.get(`POLYGON:${t.txHash}:0`)).toMatchObject({
          status: 'CONFIRMED',
          fee: 320_000n,
          netAmount: 39_680_000n,
        });
        expect(await available(brokenId)).toBe(39_680_000n);
        await expect(reprocess()).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });
        const audit = await base.audit.list(brokenId, { limit: 10 });
        expect(
          audit.filter((e) => e.action === 'deposit.reprocess').map((e) => e.details?.['status']),
        ).toEqual(expect.arrayContaining(['FAILED', 'DETECTED']));
      } finally {
        feesBroken = true;
      }
    });
  });

  describe('through the poller', () => {
    it('moves the cursor past a poison transfer and credits the healthy deposits around it in the same round', async () => {
      const state = new DynamoPollerStateStore(base.db, base.config.tableName);
      const intake = intakeWith();
      const good = await getDepositAddress(deps, merchantId, { userId: 'u6', network: 'POLYGON' });
      const broken = await getDepositAddress(deps, brokenId, { userId: 'x3', network: 'POLYGON' });
      const platformHot = await getDepositAddress(deps, platformId, {
        userId: 'treasury',
        network: 'POLYGON',
      });
      chain.latest = 130;
      chain.finalized = 120;
      const before = await available(merchantId);
      const platformBefore = await available(platformId);
      const first = chain.include({
        txHash: nextTx(),
        blockNumber: 101,
        to: good.address,
        amount: 10n * USDT,
      });
      const poison = chain.include({
        txHash: nextTx(),
        blockNumber: 102,
        to: broken.address,
        amount: 10n * USDT,
      });
      const toPlatform = chain.include({
        txHash: nextTx(),
        blockNumber: 103,
        to: platformHot.address,
        amount: 10n * USDT,
      });
      const after = chain.include({
        txHash: nextTx(),
        blockNumber: 104,
        to: good.address,
        amount: 10n * USDT,
      });

      const report = await runDepositPoller(
        { scanner: chain, state, intake, clock, sleep: async () => undefined },
        'POLYGON',
        {
          owner: 'poller',
          runForMs: 60_000,
          roundIntervalMs: 1,
          leaseTtlMs: 10_000,
          chunkBlocks: 2,
          initialLookbackBlocks: 0,
          startBlock: 100,
          maxRounds: 1,
        },
      );

      expect(report).toMatchObject({
        rounds: 1,
        failedRounds: 0,
        detected: 3,
        confirmed: 3,
        cursorAfter: 120,
      });
      expect(await state.getCursor('POLYGON')).toBe(120);
      for (const t of [first, after, toPlatform])
        expect((await deps.deposits.get(`POLYGON:${t.txHash}:0`))?.status).toBe('CONFIRMED');
      expect(await available(merchantId)).toBe(before + 2n * 9_880_000n);
      expect(await available(platformId)).toBe(platformBefore + 10n * USDT);
      expect(await deps.deposits.get(`POLYGON:${poison.txHash}:0`)).toMatchObject({
        status: 'FAILED',
        failureReason: 'INTAKE_ERROR',
      });
      expect(alerts.map((a) => a.type === 'DEPOSIT_NEEDS_REVIEW' && a.txHash)).toEqual([poison.txHash]);
    });
  });
});
