import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { buildDeps } from '../../../shared/composition/gateway';
import type { GatewayDeps } from '../../../shared/composition/gateway';
import { buildDepositDeps } from '../../../shared/composition/deposits';
import type { DepositDeps } from '../../../shared/composition/deposits';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import { DynamoLedgerStore } from '../../../shared/adapters/dynamodb/ledger-store';
import { DynamoOutboxStore } from '../../../shared/adapters/dynamodb/outbox-store';
import { getDepositAddress } from '../../../shared/app/deposits/deposit-addresses';
import { DepositIntakeService } from '../../../shared/app/deposits/deposit-intake';
import { setFeeSettings } from '../../../shared/app/deposits/fee-chain';
import { createPartner, createPlatform } from '../../../shared/app/partners/manage-partners';
import { percentToPpm } from '../../../shared/domain/deposit/fees';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { EntryRequest } from '../../../shared/domain/ledger/entry';
import type { ChainHeadInfo, ObservedTransfer, TransferScanner } from '../../../shared/ports/evm-transfers';
import type { LedgerSideEffect } from '../../../shared/ports/ledger';
import { createTestTable, manualClock } from '../../support/test-env';

const OPERATOR = { type: 'OPERATOR' as const, id: 'op' };
const USDT = 10n ** 6n;

/** Blocks and transfers scripted by hand, every block canonical. */
class ScriptedChain implements TransferScanner {
  readonly network = 'POLYGON' as const;
  readonly txs = new Map<string, ObservedTransfer>();
  latest = 100;
  finalized = 99;
  async head(): Promise<ChainHeadInfo> {
    return { latest: this.latest, finalized: this.finalized };
  }
  async scan(): Promise<ObservedTransfer[]> {
    return [...this.txs.values()];
  }
  async canonicalBlockHash(n: number) {
    return `0x${n.toString(16).padStart(64, 'b')}`;
  }
  async transfersInTransaction(tx: string) {
    return [this.txs.get(tx)].filter((t): t is ObservedTransfer => !!t);
  }
  include(txHash: string, blockNumber: number, to: string, amount: bigint): ObservedTransfer {
    const t: ObservedTransfer = {
      network: 'POLYGON',
      token: 'USDT',
      tokenAddress: '0xc2132D05D31c914a87C6611C10748AEb04B58e8F',
      txHash,
      logIndex: 0,
      blockNumber,
      blockHash: `0x${blockNumber.toString(16).padStart(64, 'b')}`,
      from: '0x000000000000000000000000000000000000dEaD',
      to,
      amount,
    };
    this.txs.set(txHash, t);
    return t;
  }
}

/**
 * Issue 12 §4: a deposit's credit, its CONFIRMED status and its DEPOSIT_CONFIRMED event are one write,
 * so no crash can leave one without the others; and the ledger store's side effects keep its rules
 * (all or nothing, the 100-item limit, DUPLICATE writes nothing).
 */
describe('credit, status and outbox event in one transaction', () => {
  let base: GatewayDeps;
  let deps: DepositDeps;
  let dropTable: () => Promise<void>;
  let merchantId = '';
  let outbox: DynamoOutboxStore;
  const clock = manualClock();
  const chain = new ScriptedChain();
  let tx = 0;
  const nextTx = () => `0x${(++tx).toString(16).padStart(64, 'a')}`;
  /** Fault injection: what the next ledger transaction does. */
  let fault: 'none' | 'crash-before-write' | 'crash-after-commit' = 'none';
  let ledger: DynamoLedgerStore;
  let intake: DepositIntakeService;
  const errors: string[] = [];

  beforeAll(async () => {
    const table = await createTestTable('otx');
    dropTable = table.dropTable;
    base = buildDeps(table.config, { clock });
    deps = buildDepositDeps(base);
    outbox = new DynamoOutboxStore(base.db, base.config.tableName);
    const db = createDocumentClient({
      region: base.config.region,
      endpoint: base.config.dynamodbEndpoint,
      wrapNumbers: true,
    });
    const send = db.send.bind(db);
    // A Lambda that dies right after DynamoDB committed its transaction (the answer never arrives).
    db.send = (async (command: unknown) => {
      const out = await send(command as never);
      if (fault === 'crash-after-commit' && command instanceof TransactWriteCommand) {
        fault = 'none';
        throw new Error('Lambda crashed after the commit');
      }
      return out;
    }) as typeof db.send;
    ledger = new DynamoLedgerStore(db, base.config.tableName, {
      beforeWrite: () => {
        if (fault !== 'crash-before-write') return;
        fault = 'none';
        throw new Error('Lambda crashed before the write');
      },
    });
    intake = new DepositIntakeService({
      wallets: deps.wallets,
      deposits: deps.deposits,
      ledger,
      partners: base.partners,
      fees: deps.fees,
      clock,
      networks: base.config.networks,
      minimumAmount: () => 1n,
      onError: (message) => void errors.push(message),
    });
    const platform = await createPlatform(base, OPERATOR, { code: 'PLATFORM', name: 'P' });
    const merchant = await createPartner(base, OPERATOR, {
      code: 'SHOP',
      name: 'S',
      type: 'MERCHANT',
      parentCode: 'PLATFORM',
    });
    merchantId = merchant.id;
    const at = clock.now().toISOString();
    await setFeeSettings(
      { partners: base.partners, fees: deps.fees },
      platform,
      { minFeeRate: percentToPpm('1') },
      at,
    );
    await setFeeSettings(
      { partners: base.partners, fees: deps.fees },
      merchant,
      { depositFeeRate: percentToPpm('1') },
      at,
    );
  });
  afterAll(() => dropTable());

  const available = async () =>
    (await base.ledger.balance(accounts.partnerAvailable(merchantId, 'USDT@POLYGON'))).posted;

  async function detected(user: string, amount = 100n * USDT) {
    const hot = await getDepositAddress(deps, merchantId, { userId: user, network: 'POLYGON' });
    const t = chain.include(nextTx(), 95, hot.address, amount);
    await intake.ingest('POLYGON', [t], await chain.head());
    const id = `POLYGON:${t.txHash}:0`;
    // The deposit and its DEPOSIT_DETECTED event were one write: the event is there before any relay.
    expect(await outbox.get(`DEPOSIT_DETECTED:${id}`)).toMatchObject({
      event: { type: 'DEPOSIT_DETECTED', partnerId: merchantId },
    });
    return (await deps.deposits.get(id))!;
  }

  /** The invariant: credited ⇔ CONFIRMED ⇔ DEPOSIT_CONFIRMED in the outbox. */
  async function together(id: string): Promise<[boolean, boolean, boolean]> {
    const d = await deps.deposits.get(id);
    return [
      (await base.ledger.getEntry(`deposit:${id}`)) !== undefined,
      d?.status === 'CONFIRMED',
      (await outbox.get(`DEPOSIT_CONFIRMED:${id}`)) !== undefined,
    ];
  }

  it.each(['crash-before-write', 'crash-after-commit'] as const)(
    'never leaves a credit without its status and event (%s), and credits once when the next round runs',
    async (crash) => {
      const d = await detected(`user-${crash}`);
      const before = await available();
      fault = crash;
      await intake.confirm('POLYGON', await chain.head(), chain);
      const afterCrash = await together(d.id);
      expect(afterCrash).toEqual(crash === 'crash-before-write' ? [false, false, false] : [true, true, true]);
      await intake.confirm('POLYGON', await chain.head(), chain);
      expect(await together(d.id)).toEqual([true, true, true]);
      expect((await available()) - before).toBe(d.netAmount);
      expect(await outbox.get(`DEPOSIT_CONFIRMED:${d.id}`)).toMatchObject({
        event: { type: 'DEPOSIT_CONFIRMED', data: { depositId: d.id, status: 'CONFIRMED', netAmount: '99' } },
      });
    },
  );

  it('credits once when several pollers confirm the same deposit at the same time', async () => {
    const d = await detected('race');
    const before = await available();
    errors.length = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => intake.confirm('POLYGON', await chain.head(), chain)),
    );
    expect(await together(d.id)).toEqual([true, true, true]);
    expect((await available()) - before).toBe(d.netAmount);
    expect(errors).toEqual([]);
  });

  it('finishes a deposit credited by the older three-step flow but never confirmed: status and event, no second credit', async () => {
    const d = await detected('legacy');
    const before = await available();
    errors.length = 0; // the crashes injected above
    // What the old flow left behind when the webhook publish failed: the entry posted, the deposit open.
    const entry: EntryRequest = {
      id: `deposit:${d.network}:${d.txHash}:${d.logIndex}`,
      kind: 'POSTED',
      reason: 'DEPOSIT',
      cause: { type: 'deposit', id: `${d.network}.${d.txHash}.${d.logIndex}` },
      postings: [
        {
          debit: accounts.custody(merchantId, 'HOT', d.asset),
          credit: accounts.partnerAvailable(merchantId, d.asset),
          amount: d.netAmount,
        },
        ...d.feeShares.map((s) => ({
          debit: accounts.custody(merchantId, 'HOT', d.asset),
          credit: accounts.platformRevenue(d.asset),
          amount: s.amount,
          reason: 'DEPOSIT_FEE' as const,
        })),
      ],
      effectiveAt: d.detectedAt,
      metadata: { depositCode: d.code, userId: 'legacy' },
    };
    expect((await base.ledger.post(entry)).status).toBe('APPLIED');
    expect(await together(d.id)).toEqual([true, false, false]);
    await intake.confirm('POLYGON', await chain.head(), chain);
    expect(await together(d.id)).toEqual([true, true, true]);
    expect((await available()) - before).toBe(d.netAmount);
    expect(errors).toEqual([]);
  });

  describe('ledger store side effects', () => {
    const entryFor = (id: string, amount: bigint): EntryRequest => ({
      id,
      kind: 'POSTED',
      reason: 'DEPOSIT',
      cause: { type: 'adjustment', id: id.replace(/:/g, '-') },
      postings: [
        {
          debit: accounts.custody(merchantId, 'HOT', 'USDT@POLYGON'),
          credit: accounts.partnerAvailable(merchantId, 'USDT@POLYGON'),
          amount,
        },
      ],
      effectiveAt: clock.now().toISOString(),
    });

    it('writes nothing when a side effect is refused (the deposit moved on): ILLEGAL_TRANSITION', async () => {
      const d = await detected('refused');
      const before = await available();
      const effects: LedgerSideEffect[] = [
        { type: 'DEPOSIT_TRANSITION', depositId: d.id, from: 'CONFIRMING', patch: { status: 'CONFIRMED' } }, // it is DETECTED
        {
          type: 'OUTBOX_EVENT',
          outbox: {
            event: {
              id: 'TEST:refused',
              type: 'DEPOSIT_CONFIRMED',
              partnerId: merchantId,
              occurredAt: clock.now().toISOString(),
              data: {},
            },
            recordedAt: clock.now().toISOString(),
          },
        },
      ];
      await expect(ledger.post(entryFor('test:refused', 5n), { alsoWrite: effects })).rejects.toMatchObject({
        code: 'ILLEGAL_TRANSITION',
      });
      expect(await base.ledger.getEntry('test:refused')).toBeUndefined();
      expect(await outbox.get('TEST:refused')).toBeUndefined();
      expect(await available()).toBe(before);
      expect((await deps.deposits.get(d.id))?.status).toBe('DETECTED');
    });

    it('counts side effects toward the 100-item transaction limit', async () => {
      const many: LedgerSideEffect[] = Array.from({ length: 97 }, (_, i) => ({
        type: 'OUTBOX_EVENT',
        outbox: {
          event: {
            id: `TEST:many:${i}`,
            type: 'DEPOSIT_CONFIRMED',
            partnerId: merchantId,
            occurredAt: clock.now().toISOString(),
            data: {},
          },
          recordedAt: clock.now().toISOString(),
        },
      }));
      // 1 entry + 2 balances + 2 lines + 97 = 102 writes.
      await expect(ledger.post(entryFor('test:many', 1n), { alsoWrite: many })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: [{ path: 'alsoWrite' }] },
      });
      expect(await base.ledger.getEntry('test:many')).toBeUndefined();
      const fits = many.slice(0, 95);
      expect((await ledger.post(entryFor('test:many', 1n), { alsoWrite: fits })).status).toBe('APPLIED');
      expect(await outbox.get('TEST:many:94')).toBeDefined();
    });

    it('answers DUPLICATE for a retried post and writes none of its side effects again', async () => {
      const event = (id: string) => ({
        type: 'OUTBOX_EVENT' as const,
        outbox: {
          event: {
            id,
            type: 'DEPOSIT_CONFIRMED' as const,
            partnerId: merchantId,
            occurredAt: clock.now().toISOString(),
            data: {},
          },
          recordedAt: clock.now().toISOString(),
        },
      });
      expect(
        (await ledger.post(entryFor('test:dup', 3n), { alsoWrite: [event('TEST:dup:first')] })).status,
      ).toBe('APPLIED');
      const again = await Promise.all(
        Array.from({ length: 5 }, () =>
          ledger.post(entryFor('test:dup', 3n), { alsoWrite: [event('TEST:dup:retry')] }),
        ),
      );
      expect(again.map((r) => r.status)).toEqual(Array(5).fill('DUPLICATE'));
      expect(await outbox.get('TEST:dup:first')).toBeDefined();
      expect(await outbox.get('TEST:dup:retry')).toBeUndefined();
    });
  });
});
