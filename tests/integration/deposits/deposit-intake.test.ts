import { buildDepositDeps } from '../../../shared/composition/deposits';
import type { DepositDeps } from '../../../shared/composition/deposits';
import { buildDeps } from '../../../shared/composition/gateway';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import {
  createDepositRequest,
  ensurePartnerWallet,
  getDepositAddress,
  createReservation,
  registerExternalWallet,
  releaseReservation,
} from '../../../shared/app/deposits/deposit-addresses';
import { DepositIntakeService } from '../../../shared/app/deposits/deposit-intake';
import { setFeeSettings } from '../../../shared/app/deposits/fee-chain';
import { createPartner, createPlatform } from '../../../shared/app/partners/manage-partners';
import { percentToPpm } from '../../../shared/domain/deposit/fees';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { ChainHeadInfo, ObservedTransfer, TransferScanner } from '../../../shared/ports/evm-transfers';
import type { WebhookEvent } from '../../../shared/ports/webhooks';
import { createTestTable, manualClock } from '../../support/test-env';
import { outboxRelay } from '../outbox/outbox-support';

const OPERATOR_ACTOR = { type: 'OPERATOR' as const, id: 'test' };

const OPERATOR = { type: 'OPERATOR' as const, id: 'op' };
const USDT = 10n ** 6n; // Polygon USDT

/** A chain we script by hand: blocks with hashes, and transfers per transaction. */
class ScriptedChain implements TransferScanner {
  readonly network = 'POLYGON' as const;
  hashes = new Map<number, string>();
  txs = new Map<string, ObservedTransfer[]>();
  latest = 0;
  finalized = 0;
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
    return (this.txs.get(tx) ?? []).filter((t) => this.hashes.get(t.blockNumber) === t.blockHash);
  }
  include(
    t: Omit<ObservedTransfer, 'network' | 'token' | 'tokenAddress' | 'blockHash'> & {
      token?: 'USDT' | 'USDC';
    },
  ): ObservedTransfer {
    const blockHash = this.hashes.get(t.blockNumber) ?? `0x${t.blockNumber.toString(16).padStart(64, 'b')}`;
    this.hashes.set(t.blockNumber, blockHash);
    const full: ObservedTransfer = {
      network: 'POLYGON',
      token: t.token ?? 'USDT',
      tokenAddress: '0xc2132D05D31c914a87C6611C10748AEb04B58e8F',
      blockHash,
      ...t,
    };
    this.txs.set(t.txHash, [...(this.txs.get(t.txHash) ?? []), full]);
    return full;
  }
}

describe('deposit intake (DynamoDB Local, scripted chain)', () => {
  let base: GatewayDeps;
  let deps: DepositDeps;
  let intake: DepositIntakeService;
  let relay: ReturnType<typeof outboxRelay>;
  let dropTable: () => Promise<void>;
  let merchantId: string;
  let distributorId: string;
  let platformId: string;
  const clock = manualClock();
  const events: WebhookEvent[] = [];
  const chain = new ScriptedChain();
  let tx = 0;
  const nextTx = () => `0x${(++tx).toString(16).padStart(64, '0')}`;

  beforeAll(async () => {
    const table = await createTestTable('dep', { streams: true }); // the outbox relay reads the stream
    dropTable = table.dropTable;
    base = buildDeps(table.config, { clock });
    deps = buildDepositDeps(base);
    intake = new DepositIntakeService({
      wallets: deps.wallets,
      deposits: deps.deposits,
      ledger: base.ledger,
      partners: base.partners,
      fees: deps.fees,
      clock,
      networks: base.config.networks,
      minimumAmount: (a) => 10n ** BigInt(a.decimals),
      poolMatcher: {
        claim: async (w, token, amount, id, at) => {
          const r = await deps.poolRequests.fulfil(w.network, token, w.address, amount, id, at);
          return r ? { userId: r.userId } : undefined;
        },
      },
    });
    // Webhook events leave through the outbox: the table's stream, relayed to this recording publisher.
    relay = outboxRelay(base, { publish: async (e) => void events.push(e) });
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
    const at = clock.now().toISOString();
    await setFeeSettings(
      { partners: base.partners, fees: deps.fees },
      (await base.partners.get(platformId))!,
      { minFeeRate: percentToPpm('0.5') },
      at,
    );
    await setFeeSettings(
      { partners: base.partners, fees: deps.fees },
      dist,
      { parentFeeRate: percentToPpm('0.3'), maxFeeCap: percentToPpm('3') },
      at,
    );
    await setFeeSettings(
      { partners: base.partners, fees: deps.fees },
      merchant,
      { depositFeeRate: percentToPpm('1.2') },
      at,
    );
  });
  afterAll(() => dropTable());

  it('gives a user the same HD address every time, and another user another one', async () => {
    const a = await getDepositAddress(deps, merchantId, { userId: 'user-1', network: 'POLYGON' });
    const again = await getDepositAddress(deps, merchantId, { userId: 'user-1', network: 'POLYGON' });
    const other = await getDepositAddress(deps, merchantId, { userId: 'user-2', network: 'POLYGON' });
    expect(again.address).toBe(a.address);
    expect([a.created, again.created]).toEqual([true, false]);
    expect(other.address).not.toBe(a.address);
    expect(a.address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    const concurrent = await Promise.all(
      Array.from({ length: 8 }, () =>
        getDepositAddress(deps, merchantId, { userId: 'user-race', network: 'POLYGON' }),
      ),
    );
    expect(new Set(concurrent.map((c) => c.address)).size).toBe(1);
  });

  it('detects a transfer to a HOT address, then credits net, fee and revenue split exactly once when final', async () => {
    const hot = await getDepositAddress(deps, merchantId, { userId: 'user-1', network: 'POLYGON' });
    chain.latest = 100;
    chain.finalized = 90;
    const t = chain.include({
      txHash: nextTx(),
      logIndex: 2,
      blockNumber: 95,
      from: '0x000000000000000000000000000000000000dEaD',
      to: hot.address,
      amount: 1_000n * USDT,
    });
    expect(await intake.ingest('POLYGON', [t], await chain.head())).toEqual({ detected: 1 });
    expect(await intake.ingest('POLYGON', [t], await chain.head())).toEqual({ detected: 0 });
    const id = `POLYGON:${t.txHash}:2`;
    expect(await deps.deposits.get(id)).toMatchObject({
      status: 'DETECTED',
      method: 'HOT_ADDRESS',
      userId: 'user-1',
      fee: 12n * USDT,
      netAmount: 988n * USDT,
    });

    await intake.confirm('POLYGON', await chain.head(), chain);
    expect((await deps.deposits.get(id))?.status).toBe('CONFIRMING');
    expect((await base.ledger.balance(accounts.partnerAvailable(merchantId, 'USDT@POLYGON'))).posted).toBe(
      0n,
    );

    chain.latest = 110;
    chain.finalized = 96;
    expect(await intake.confirm('POLYGON', await chain.head(), chain)).toEqual({ confirmed: 1, failed: 0 });
    await intake.confirm('POLYGON', await chain.head(), chain);
    expect(await deps.deposits.get(id)).toMatchObject({
      status: 'CONFIRMED',
      ledgerEntryId: `deposit:POLYGON:${t.txHash}:2`,
      confirmations: 16,
    });
    expect((await base.ledger.balance(accounts.partnerAvailable(merchantId, 'USDT@POLYGON'))).posted).toBe(
      988n * USDT,
    );
    expect(
      (await base.ledger.balance(accounts.distributorRevenue(distributorId, 'USDT@POLYGON'))).posted,
    ).toBe(4n * USDT);
    expect((await base.ledger.balance(accounts.platformRevenue('USDT@POLYGON'))).posted).toBe(8n * USDT);
    expect((await base.ledger.balance(accounts.custody(merchantId, 'HOT', 'USDT@POLYGON'))).posted).toBe(
      1_000n * USDT,
    );
    await relay.poller.drain();
    expect(events.filter((e) => e.id.endsWith(id)).map((e) => e.type)).toEqual([
      'DEPOSIT_DETECTED',
      'DEPOSIT_CONFIRMED',
    ]);
    expect(events.find((e) => e.type === 'DEPOSIT_CONFIRMED')?.data).toMatchObject({
      amount: '1000',
      fee: '12',
      netAmount: '988',
      userId: 'user-1',
    });
  });

  it('fails a deposit reorged out before finality, with no credit', async () => {
    const hot = await getDepositAddress(deps, merchantId, { userId: 'user-2', network: 'POLYGON' });
    const before = (await base.ledger.balance(accounts.partnerAvailable(merchantId, 'USDT@POLYGON'))).posted;
    const t = chain.include({
      txHash: nextTx(),
      logIndex: 0,
      blockNumber: 105,
      from: '0x000000000000000000000000000000000000dEaD',
      to: hot.address,
      amount: 50n * USDT,
    });
    await intake.ingest('POLYGON', [t], await chain.head());
    chain.hashes.set(105, `0x${'c'.repeat(64)}`); // another block now sits at 105 without that transaction
    chain.finalized = 108;
    expect(await intake.confirm('POLYGON', await chain.head(), chain)).toMatchObject({ failed: 1 });
    expect(await deps.deposits.get(`POLYGON:${t.txHash}:0`)).toMatchObject({
      status: 'FAILED',
      failureReason: 'REORGED',
    });
    expect((await base.ledger.balance(accounts.partnerAvailable(merchantId, 'USDT@POLYGON'))).posted).toBe(
      before,
    );
    // DEPOSIT_DETECTED was sent, so the partner hears of the failure, with the reason (issue 13).
    await relay.poller.drain();
    const id = `POLYGON:${t.txHash}:0`;
    expect(events.filter((e) => e.id.endsWith(id)).map((e) => e.type)).toEqual([
      'DEPOSIT_DETECTED',
      'DEPOSIT_FAILED',
    ]);
    expect(events.find((e) => e.id === `DEPOSIT_FAILED:${id}`)?.data).toMatchObject({
      status: 'FAILED',
      failureReason: 'REORGED',
      amount: '50',
    });
  });

  it('follows a transaction re-included in another block after a reorg', async () => {
    const hot = await getDepositAddress(deps, merchantId, { userId: 'user-3', network: 'POLYGON' });
    const txHash = nextTx();
    const first = chain.include({
      txHash,
      logIndex: 1,
      blockNumber: 109,
      from: '0x000000000000000000000000000000000000dEaD',
      to: hot.address,
      amount: 20n * USDT,
    });
    await intake.ingest('POLYGON', [first], await chain.head());
    chain.hashes.set(109, `0x${'d'.repeat(64)}`);
    chain.txs.set(txHash, []);
    chain.include({
      txHash,
      logIndex: 1,
      blockNumber: 110,
      from: first.from,
      to: hot.address,
      amount: 20n * USDT,
    });
    chain.latest = 120;
    chain.finalized = 115;
    await intake.confirm('POLYGON', await chain.head(), chain);
    await intake.confirm('POLYGON', await chain.head(), chain);
    expect(await deps.deposits.get(`POLYGON:${txHash}:1`)).toMatchObject({
      status: 'CONFIRMED',
      blockNumber: 110,
    });
  });

  it('records dust and transfers of other tokens of ours, credits only what it should', async () => {
    const hot = await getDepositAddress(deps, merchantId, { userId: 'user-4', network: 'POLYGON' });
    const dust = chain.include({
      txHash: nextTx(),
      logIndex: 0,
      blockNumber: 111,
      from: '0x000000000000000000000000000000000000dEaD',
      to: hot.address,
      amount: USDT / 2n,
    });
    const notOurs = chain.include({
      txHash: nextTx(),
      logIndex: 0,
      blockNumber: 111,
      from: hot.address,
      to: '0x000000000000000000000000000000000000bEEF',
      amount: 5n * USDT,
    });
    expect(await intake.ingest('POLYGON', [dust, notOurs], await chain.head())).toEqual({ detected: 1 });
    expect(await deps.deposits.get(`POLYGON:${dust.txHash}:0`)).toMatchObject({
      status: 'FAILED',
      failureReason: 'BELOW_MINIMUM',
      fee: 0n,
    });
    expect(await deps.deposits.get(`POLYGON:${notOurs.txHash}:0`)).toBeUndefined();
  });

  it('attributes reservations while active and not after release', async () => {
    const reserved = await createReservation(
      deps,
      merchantId,
      { userId: 'vip-1', network: 'POLYGON' },
      OPERATOR_ACTOR,
    );
    const t1 = chain.include({
      txHash: nextTx(),
      logIndex: 0,
      blockNumber: 112,
      from: '0x000000000000000000000000000000000000dEaD',
      to: reserved.address,
      amount: 3n * USDT,
    });
    await intake.ingest('POLYGON', [t1], await chain.head());
    await releaseReservation(deps, merchantId, 'POLYGON', reserved.address, OPERATOR_ACTOR);
    const t2 = chain.include({
      txHash: nextTx(),
      logIndex: 0,
      blockNumber: 113,
      from: '0x000000000000000000000000000000000000dEaD',
      to: reserved.address,
      amount: 3n * USDT,
    });
    await intake.ingest('POLYGON', [t2], await chain.head());
    expect(await deps.deposits.get(`POLYGON:${t1.txHash}:0`)).toMatchObject({
      method: 'RESERVATION',
      userId: 'vip-1',
    });
    expect(await deps.deposits.get(`POLYGON:${t2.txHash}:0`)).toMatchObject({
      method: 'UNATTRIBUTED',
      userId: null,
    });
  });

  it('attributes a transfer from a registered sender to the MASTER address, and refuses a second registration', async () => {
    const master = await ensurePartnerWallet(deps, merchantId, 'POLYGON', 'MASTER');
    const sender = '0x1111111111111111111111111111111111111111';
    await registerExternalWallet(
      deps,
      merchantId,
      { userId: 'whale', network: 'POLYGON', address: sender },
      OPERATOR_ACTOR,
    );
    await expect(
      registerExternalWallet(
        deps,
        merchantId,
        { userId: 'other', network: 'POLYGON', address: sender },
        OPERATOR_ACTOR,
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      registerExternalWallet(
        deps,
        merchantId,
        { userId: 'x', network: 'POLYGON', address: master.address },
        OPERATOR_ACTOR,
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const t = chain.include({
      txHash: nextTx(),
      logIndex: 0,
      blockNumber: 114,
      from: sender,
      to: master.address,
      amount: 7n * USDT,
    });
    await intake.ingest('POLYGON', [t], await chain.head());
    expect(await deps.deposits.get(`POLYGON:${t.txHash}:0`)).toMatchObject({
      method: 'EXTERNAL_WALLET',
      userId: 'whale',
      walletType: 'MASTER',
    });
  });

  it('matches an exact POOL amount once; a second transfer of it is unattributed', async () => {
    const request = await createDepositRequest(deps, merchantId, {
      userId: 'pool-user',
      network: 'POLYGON',
      token: 'USDT',
      amount: '100',
    });
    expect(request.amount).toBeGreaterThan(100n * USDT);
    expect(request.amount).toBeLessThan(100n * USDT + USDT / 100n);
    const t1 = chain.include({
      txHash: nextTx(),
      logIndex: 0,
      blockNumber: 115,
      from: '0x000000000000000000000000000000000000dEaD',
      to: request.poolAddress,
      amount: request.amount,
    });
    const t2 = chain.include({
      txHash: nextTx(),
      logIndex: 0,
      blockNumber: 115,
      from: '0x000000000000000000000000000000000000dEaD',
      to: request.poolAddress,
      amount: request.amount,
    });
    await intake.ingest('POLYGON', [t1], await chain.head());
    await intake.ingest('POLYGON', [t1, t2], await chain.head());
    expect(await deps.deposits.get(`POLYGON:${t1.txHash}:0`)).toMatchObject({
      method: 'POOL_AMOUNT',
      userId: 'pool-user',
      walletType: 'POOL',
    });
    expect(await deps.deposits.get(`POLYGON:${t2.txHash}:0`)).toMatchObject({ method: 'UNATTRIBUTED' });
  });

  it('keeps open POOL amounts unique under concurrent requests', async () => {
    const made = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        createDepositRequest(deps, merchantId, {
          userId: `u${i}`,
          network: 'POLYGON',
          token: 'USDC',
          amount: '25.5',
        }),
      ),
    );
    expect(new Set(made.map((m) => m.amount)).size).toBe(30);
  });
});
