import { DynamoLedgerHistoryReader } from '../../../shared/adapters/dynamodb/ledger-history-reader';
import { settlementStatement } from '../../../shared/app/finance/settlement-statement';
import { issueMonthlyInvoices } from '../../../shared/app/invoices/gas-invoices';
import { documentStore } from '../../../shared/composition/documents';
import { gasInvoiceDeps } from '../../../shared/composition/gas-invoices';
import { invoiceDocumentPublisher } from '../../../shared/composition/invoice-documents';
import { parseCsv } from '../../../shared/domain/csv';
import { accounts } from '../../../shared/domain/ledger/accounts';
import { formatAmount } from '../../../shared/domain/ledger/amount';
import { pdfText } from '../../support/pdf-text';
import { SweepBench, startSweepChain } from '../sweeps/sweep-support';
import type { SweepChainNode } from '../sweeps/sweep-support';

const micros = (usd: string | null): bigint => {
  if (usd === null) return 0n;
  const [whole = '0', frac = ''] = usd.split('.');
  return BigInt(whole) * 1_000_000n + BigInt((frac + '000000').slice(0, 6));
};

/**
 * Issue 17's proof, end to end: deposits swept on a real local chain (anvil) write the month's gas
 * records; the monthly job issues the invoice; its PDF (pdf.js) shows the number, the recipient and the
 * exact total; its CSV's rows are the records; the settlement statement reconciles with the ledger; and
 * running the job again changes nothing. DynamoDB Local, the S3 twin, the real renderer.
 */
describe('a month of sweeps → the gas invoice, its PDF and CSV, and the settlement statement', () => {
  let chain: SweepChainNode;
  let b: SweepBench;

  beforeAll(async () => {
    chain = await startSweepChain('BSC');
    b = new SweepBench(chain);
    await b.setUp();
  });
  afterAll(async () => {
    await b?.tearDown();
    await chain?.node.stop();
  });

  it('issues the invoice from the records, with documents that match them, once', async () => {
    for (const [user, amount] of [
      ['alice', '100'],
      ['bob', '60.5'],
    ] as const)
      await b.credit(await b.hotAddress(user), b.units(amount));
    await b.run();
    await b.mine(3);
    await b.run();

    const month = b.clock.now().toISOString().slice(0, 7);
    const records = (await b.wiring.gasRecords.listByPartnerMonth(b.merchantId, month, { limit: 100 })).items;
    expect(records.map((r) => r.type).sort()).toEqual([
      'APPROVE',
      'APPROVE',
      'SWEEP',
      'SWEEP',
      'TOPUP',
      'TOPUP',
    ]);

    const deps = gasInvoiceDeps(b.base, { publisher: invoiceDocumentPublisher(b.base) });
    expect(await issueMonthlyInvoices(deps, month, { partnerCode: 'SHOP' })).toMatchObject({
      issued: 1,
      failed: 0,
    });
    const invoice = (await deps.invoices.findForMonth(b.merchantId, month))!;
    const usdTotal = records.reduce((sum, r) => sum + micros(r.usdValue), 0n);
    const nativeTotal = records.reduce((sum, r) => sum + r.nativeAmount, 0n);
    expect(usdTotal).toBeGreaterThan(0n);
    expect(invoice).toMatchObject({
      status: 'ISSUED',
      month,
      recordCount: records.length,
      totalUsdMicros: usdTotal,
      recipient: { partnerId: b.merchantId, code: 'SHOP' },
    });
    expect(invoice.lines).toEqual([
      expect.objectContaining({ network: 'BSC', transactions: records.length, nativeAmount: nativeTotal }),
    ]);

    // The PDF: a real PDF whose text shows the number, the recipient and the exact totals.
    const documents = documentStore(b.base.config);
    const pdf = (await documents.get(invoice.documents!.pdfKey))!;
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const { text } = await pdfText(pdf);
    expect(text).toContain(invoice.number);
    expect(text).toContain('Shop');
    expect(text).toContain(`USD ${formatAmount(usdTotal, 6)}`);
    for (const r of records) expect(text).toContain(r.txHash.slice(0, 12));

    // The CSV: one row per record, amounts exact.
    const csv = (await documents.get(invoice.documents!.csvKey))!;
    const [header, ...rows] = parseCsv(Buffer.from(csv).toString('utf8'));
    const col = (name: string) => header!.indexOf(name);
    expect(rows.map((row) => row[col('tx_hash')]).sort()).toEqual(records.map((r) => r.txHash).sort());
    for (const r of records) {
      const row = rows.find((x) => x[col('tx_hash')] === r.txHash)!;
      expect([row[col('invoice_number')], row[col('type')], row[col('native_amount')]]).toEqual([
        invoice.number,
        r.type,
        formatAmount(r.nativeAmount, 18),
      ]);
    }

    // The settlement statement of the month reconciles with the ledger to the minor unit.
    const statement = await settlementStatement(
      { history: new DynamoLedgerHistoryReader(b.base.db, b.base.config.tableName) },
      b.merchantId,
      month,
    );
    expect(statement.reconciled).toBe(true);
    const usdt = statement.assets.find((a) => a.asset === 'USDT@BSC')!;
    const available = await b.base.ledger.balance(accounts.partnerAvailable(b.merchantId, 'USDT@BSC'));
    expect(usdt.closing).toBe(available.posted);

    // Running the job again changes nothing: same invoice, same documents, no new number.
    const before = await documents.head(invoice.documents!.pdfKey);
    expect(await issueMonthlyInvoices(deps, month, { partnerCode: 'SHOP' })).toMatchObject({
      issued: 0,
      alreadyIssued: 1,
    });
    expect(await deps.invoices.findForMonth(b.merchantId, month)).toEqual(invoice);
    expect(await documents.head(invoice.documents!.pdfKey)).toEqual(before);
    expect((await deps.invoices.list(b.merchantId, { limit: 10 })).items).toHaveLength(1);
  });
});
