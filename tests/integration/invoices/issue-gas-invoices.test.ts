import { DynamoAuditLog } from '../../../shared/adapters/dynamodb/audit-log';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import { DynamoGasInvoiceStore } from '../../../shared/adapters/dynamodb/gas-invoice-store';
import { DynamoGasRecordStore } from '../../../shared/adapters/dynamodb/gas-record-store';
import { DynamoLedgerStore } from '../../../shared/adapters/dynamodb/ledger-store';
import { DynamoPartnerRepository } from '../../../shared/adapters/dynamodb/partner-repository';
import {
  creditInvoice,
  issueMonthlyInvoices,
  markInvoicePaid,
  payInvoiceFromBalance,
  voidInvoice,
} from '../../../shared/app/invoices/gas-invoices';
import type { GasInvoiceDeps } from '../../../shared/app/invoices/gas-invoices';
import type { GasInvoice } from '../../../shared/domain/invoices/gas-invoice';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { Partner, PartnerType } from '../../../shared/domain/partner/partner';
import type { InvoiceDocumentPublisher } from '../../../shared/ports/gas-invoices';
import type { GasRecord } from '../../../shared/ports/gas-records';
import { createTestTable, manualClock } from '../../support/test-env';

const MONTH = '2026-11';
const OPERATOR = { type: 'OPERATOR' as const, id: 'ops' };
let seq = 0;

function record(partnerId: string, over: Partial<GasRecord> = {}): GasRecord {
  seq += 1;
  return {
    network: 'BSC',
    type: 'SWEEP',
    partnerId,
    txHash: `0x${seq.toString(16).padStart(64, '0')}`,
    address: '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4',
    token: 'USDT',
    blockNumber: seq,
    gasUsed: 50_000n,
    effectiveGasPrice: 10n ** 9n,
    nativeAmount: 5n * 10n ** 13n,
    nativeAsset: 'BNB@BSC',
    transferredAmount: 0n,
    usdValue: '0.030025',
    usdPrice: '600.5',
    priceSource: 'FEED',
    priceAt: '2026-11-10T00:00:00.000Z',
    priceStale: false,
    success: true,
    at: `2026-11-${String(10 + (seq % 15)).padStart(2, '0')}T08:00:00.000Z`,
    ...over,
  };
}

/**
 * The monthly job and the invoice actions on DynamoDB Local (store, records, ledger, audit): the
 * document publisher is an in-test fake of its port (the documents helper implements it).
 */
describe('monthly gas invoices', () => {
  let dropTable: () => Promise<void>;
  let deps: GasInvoiceDeps;
  let ledger: DynamoLedgerStore;
  let audit: DynamoAuditLog;
  const published: GasInvoice[] = [];
  const failures: string[] = [];
  const late: { partnerId: string; late: number }[] = [];
  let failPublishFor: string | undefined;
  const p: Record<string, Partner> = {};
  const clock = manualClock(new Date('2026-12-01T01:00:00.000Z'));

  const publisher: InvoiceDocumentPublisher = {
    publish: async (invoice) => {
      if (invoice.recipient.partnerId === failPublishFor) throw new Error('S3 is down');
      published.push(invoice);
      const base = `exports/${invoice.recipient.partnerId}/${invoice.month}/${invoice.number}`;
      return { pdfKey: `${base}.pdf`, csvKey: `${base}.csv`, publishedAt: clock.now().toISOString() };
    },
  };

  beforeAll(async () => {
    const table = await createTestTable('issue-invoices');
    dropTable = table.dropTable;
    const endpoint = process.env['DYNAMODB_ENDPOINT'];
    const db = createDocumentClient({ region: 'us-east-1', endpoint });
    const tableName = table.config.tableName;
    ledger = new DynamoLedgerStore(
      createDocumentClient({ region: 'us-east-1', endpoint, wrapNumbers: true }),
      tableName,
    );
    audit = new DynamoAuditLog(db, tableName);
    const partners = new DynamoPartnerRepository(db, tableName);
    const make = async (code: string, type: PartnerType, parent?: Partner) => {
      const partner: Partner = {
        id: `pt_${code.toLowerCase()}`,
        code,
        name: `${code} 주식회사`,
        type,
        status: 'ACTIVE',
        parentId: parent?.id ?? null,
        depth: parent ? parent.depth + 1 : 0,
        createdAt: '2026-01-01T00:00:00.000Z',
      };
      await partners.create(partner);
      p[code] = partner;
      return partner;
    };
    const root = await make('PLATFORM', 'PLATFORM');
    const dist = await make('DIST', 'DISTRIBUTOR', root);
    await make('SHOP', 'MERCHANT', dist);
    await make('IDLE', 'MERCHANT', dist);
    await make('BROKEN', 'MERCHANT', root);
    const records = new DynamoGasRecordStore(db, tableName);
    for (const r of [
      record('pt_shop'),
      record('pt_shop', { usdValue: '1.000001', priceStale: true }),
      record('pt_shop', {
        network: 'TRON',
        nativeAmount: 13_450_000n,
        nativeAsset: 'TRX@TRON',
        usdValue: null,
      }),
      record('pt_shop', { at: '2026-12-01T00:00:00.000Z' }), // next month: not on this invoice
      record('pt_shop', { at: '2026-10-31T23:59:59.999Z' }), // previous month
      record('pt_dist', { usdValue: '2.500000' }),
      record('pt_broken'),
    ])
      await records.record(r);
    deps = {
      invoices: new DynamoGasInvoiceStore(db, tableName),
      gasRecords: records,
      partners,
      ledger,
      audit,
      clock,
      publisher,
      platformCode: 'PLATFORM',
      prefix: 'GAS',
      monitor: {
        partnerFailed: (partnerId) => failures.push(partnerId),
        lateRecords: (partnerId, _m, _n, n) => late.push({ partnerId, late: n }),
      },
    };
  });
  afterAll(() => dropTable());

  it('invoices every partner with records once, goes on past a failing one, and finishes its draft on the re-run', async () => {
    failPublishFor = 'pt_broken';
    const first = await issueMonthlyInvoices(deps, MONTH);
    expect(first).toEqual({
      month: MONTH,
      issued: 2,
      skipped: 2,
      alreadyIssued: 0,
      failed: 1,
      lateRecords: 0,
    });
    expect(failures).toEqual(['pt_broken']);

    const shop = await deps.invoices.findForMonth('pt_shop', MONTH);
    expect(shop).toMatchObject({
      kind: 'INVOICE',
      status: 'ISSUED',
      issuedAt: '2026-12-01T01:00:00.000Z',
      month: MONTH,
      periodFrom: '2026-11-01',
      periodTo: '2026-11-30',
      recordCount: 3,
      totalUsdMicros: 1_030_026n,
      issuer: { partnerId: 'pt_platform', code: 'PLATFORM' },
      recipient: { partnerId: 'pt_shop', code: 'SHOP', name: 'SHOP 주식회사' },
      documents: { pdfKey: `exports/pt_shop/${MONTH}/${shop?.number}.pdf` },
    });
    expect(shop?.lines).toEqual([
      expect.objectContaining({
        network: 'BSC',
        transactions: 2,
        nativeAmount: 10n ** 14n,
        usdMicros: 1_030_026n,
        stalePrice: 1,
      }),
      expect.objectContaining({
        network: 'TRON',
        transactions: 1,
        nativeAmount: 13_450_000n,
        usdMicros: 0n,
        withoutPrice: 1,
      }),
    ]);
    // The publisher saw the invoice as it is issued.
    expect(published.find((i) => i.number === shop?.number)?.status).toBe('ISSUED');
    // The failed partner's month is a DRAFT with its number: the re-run finishes it, nothing else moves.
    const broken = await deps.invoices.findForMonth('pt_broken', MONTH);
    expect(broken?.status).toBe('DRAFT');

    failPublishFor = undefined;
    const before = await deps.invoices.listForMonth('pt_shop', MONTH);
    const second = await issueMonthlyInvoices(deps, MONTH);
    expect(second).toEqual({
      month: MONTH,
      issued: 1,
      skipped: 2,
      alreadyIssued: 2,
      failed: 0,
      lateRecords: 0,
    });
    expect(await deps.invoices.findForMonth('pt_broken', MONTH)).toMatchObject({
      number: broken?.number,
      status: 'ISSUED',
    });
    const third = await issueMonthlyInvoices(deps, MONTH);
    expect(third).toEqual({
      month: MONTH,
      issued: 0,
      skipped: 2,
      alreadyIssued: 3,
      failed: 0,
      lateRecords: 0,
    });
    expect(await deps.invoices.listForMonth('pt_shop', MONTH)).toEqual(before);
    // Gapless: three invoices, numbers 1..3.
    const numbers = await Promise.all(
      ['pt_shop', 'pt_dist', 'pt_broken'].map((id) => deps.invoices.findForMonth(id, MONTH)),
    );
    expect(numbers.map((i) => i?.number).sort()).toEqual(['GAS-000001', 'GAS-000002', 'GAS-000003']);
  });

  it('reports records that arrive after the month was invoiced, and leaves the invoice as it is', async () => {
    const before = await deps.invoices.findForMonth('pt_dist', MONTH);
    await new DynamoGasRecordStore(
      createDocumentClient({ region: 'us-east-1', endpoint: process.env['DYNAMODB_ENDPOINT'] }),
      process.env['TABLE_NAME']!,
    ).record(record('pt_dist', { at: '2026-11-30T23:00:00.000Z' }));
    const out = await issueMonthlyInvoices(deps, MONTH, { partnerCode: 'DIST' });
    expect(out).toMatchObject({ issued: 0, alreadyIssued: 1, lateRecords: 1 });
    expect(late).toEqual([{ partnerId: 'pt_dist', late: 1 }]);
    expect(await deps.invoices.findForMonth('pt_dist', MONTH)).toEqual(before);
  });

  it('pays from the balance atomically with ISSUED→PAID, and refuses a balance that does not cover it (nothing written)', async () => {
    const shop = (await deps.invoices.findForMonth('pt_shop', MONTH))!;
    const fund = (id: string, amount: bigint) =>
      ledger.post({
        id: `deposit:${id}`,
        kind: 'POSTED',
        reason: 'DEPOSIT',
        cause: { type: 'deposit', id },
        effectiveAt: '2026-11-02T00:00:00.000Z',
        postings: [
          {
            debit: accounts.custody('pt_shop', 'HOT', 'USDT@BSC'),
            credit: accounts.partnerAvailable('pt_shop', 'USDT@BSC'),
            amount,
          },
        ],
      });
    // 1.030026 USD is 1_030_026 × 10^12 units of USDT@BSC (18 decimals); one unit short.
    await fund('short', 1_030_026n * 10n ** 12n - 1n);
    await expect(
      payInvoiceFromBalance(deps, { type: 'USER', id: 'u1' }, 'pt_shop', shop.number, 'USDT@BSC'),
    ).rejects.toMatchObject({
      code: 'INSUFFICIENT_BALANCE',
    });
    expect((await deps.invoices.get('pt_shop', shop.number))?.status).toBe('ISSUED');
    expect(await ledger.getEntry(`invoice:${shop.number}`)).toBeUndefined();
    // Not a stablecoin, and another partner's invoice, are refused too.
    await expect(
      payInvoiceFromBalance(deps, OPERATOR, 'pt_shop', shop.number, 'BNB@BSC'),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(
      payInvoiceFromBalance(deps, OPERATOR, 'pt_dist', shop.number, 'USDT@BSC'),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    await fund('topup', 1n);
    const paid = await payInvoiceFromBalance(
      deps,
      { type: 'USER', id: 'u1' },
      'pt_shop',
      shop.number,
      'USDT@BSC',
    );
    expect(paid).toMatchObject({
      status: 'PAID',
      paidAt: '2026-12-01T01:00:00.000Z',
      payment: {
        method: 'BALANCE',
        asset: 'USDT@BSC',
        amount: 1_030_026n * 10n ** 12n,
        entryId: `invoice:${shop.number}`,
      },
    });
    expect((await ledger.getEntry(`invoice:${shop.number}`))?.postings).toEqual([
      {
        debit: 'partner:pt_shop:available/USDT@BSC',
        credit: 'revenue:gas/USDT@BSC',
        amount: 1_030_026n * 10n ** 12n,
      },
    ]);
    expect((await ledger.balance('partner:pt_shop:available/USDT@BSC')).posted).toBe(0n);
    expect((await ledger.balance('revenue:gas/USDT@BSC')).posted).toBe(1_030_026n * 10n ** 12n);
    // Paying again answers the paid invoice and moves nothing.
    expect(await payInvoiceFromBalance(deps, OPERATOR, 'pt_shop', shop.number, 'USDT@BSC')).toEqual(paid);
    expect((await ledger.balance('revenue:gas/USDT@BSC')).posted).toBe(1_030_026n * 10n ** 12n);
    expect(published.at(-1)).toMatchObject({ number: shop.number, status: 'PAID' });
  });

  it('credits, marks paid and voids by the table, every action in the audit log', async () => {
    const dist = (await deps.invoices.findForMonth('pt_dist', MONTH))!;
    const note = await creditInvoice(deps, OPERATOR, dist.number, '0.5', 'price feed glitch');
    expect(note).toMatchObject({
      kind: 'CREDIT_NOTE',
      creditFor: dist.number,
      number: 'GAS-000004',
      totalUsdMicros: 500_000n,
    });
    await expect(creditInvoice(deps, OPERATOR, dist.number, '2.000001', 'again')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(voidInvoice(deps, OPERATOR, note.number, 'oops')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(creditInvoice(deps, OPERATOR, dist.number, '1', '')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect((await deps.invoices.get('pt_dist', dist.number))?.totalUsdMicros).toBe(2_500_000n);

    const paid = await markInvoicePaid(deps, OPERATOR, dist.number, 'bank transfer 2026-12-03');
    expect(paid).toMatchObject({
      status: 'PAID',
      payment: { method: 'EXTERNAL', reference: 'bank transfer 2026-12-03' },
    });
    await expect(voidInvoice(deps, OPERATOR, dist.number, 'wrong')).rejects.toMatchObject({
      code: 'ILLEGAL_TRANSITION',
    });
    const broken = (await deps.invoices.findForMonth('pt_broken', MONTH))!;
    await expect(voidInvoice(deps, OPERATOR, broken.number, undefined)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const voided = await voidInvoice(deps, OPERATOR, broken.number, 'partner closed');
    expect(voided).toMatchObject({ status: 'VOID', voidReason: 'partner closed' });

    const actions = (await audit.list('pt_dist', { limit: 20 })).map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'invoice.credit:SUCCESS',
        'invoice.credit:DENIED',
        'invoice.mark-paid:SUCCESS',
        'invoice.void:DENIED',
      ]),
    );
  });
});
