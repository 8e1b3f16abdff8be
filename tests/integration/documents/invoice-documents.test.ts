import { randomBytes } from 'node:crypto';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import { DynamoGasRecordStore } from '../../../shared/adapters/dynamodb/gas-record-store';
import { PdfkitGasInvoiceRenderer } from '../../../shared/adapters/pdf/gas-invoice-pdf';
import { nanumGothic } from '../../../shared/adapters/pdf/nanum-gothic-font';
import { GAS_INVOICE_CSV_HEADER } from '../../../shared/app/invoices/gas-invoice-csv';
import {
  InvoiceDocumentFiles,
  invoiceDocumentLink,
} from '../../../shared/app/invoices/invoice-document-files';
import { documentStore } from '../../../shared/composition/documents';
import type { AppConfig } from '../../../shared/config/config';
import { parseCsv } from '../../../shared/domain/csv';
import { isGatewayError } from '../../../shared/domain/errors';
import type { GasInvoice } from '../../../shared/domain/invoices/gas-invoice';
import type { NativeCoins } from '../../../shared/domain/invoices/invoice-documents';
import { formatAmount } from '../../../shared/domain/ledger/amount';
import type { DocumentStore } from '../../../shared/ports/documents';
import type { GasInvoiceReader } from '../../../shared/ports/gas-invoices';
import type { GasRecord } from '../../../shared/ports/gas-records';
import { pdfText } from '../../support/pdf-text';
import { createTestTable, manualClock } from '../../support/test-env';

const GWEI = 10n ** 9n;
const COINS: NativeCoins = {
  BSC: { nativeSymbol: 'BNB', nativeDecimals: 18 },
  POLYGON: { nativeSymbol: 'POL', nativeDecimals: 18 },
  TRON: { nativeSymbol: 'TRX', nativeDecimals: 6 },
};

/** Invoices as the invoice store would answer them, each readable only by its recipient. */
class InTestInvoices implements GasInvoiceReader {
  readonly byNumber = new Map<string, GasInvoice>();
  get(partnerId: string, number: string) {
    const i = this.byNumber.get(number);
    return Promise.resolve(i?.recipient.partnerId === partnerId ? i : undefined);
  }
  listForMonth(partnerId: string, month: string) {
    return Promise.resolve(
      [...this.byNumber.values()].filter((i) => i.recipient.partnerId === partnerId && i.month === month),
    );
  }
}

function record(partnerId: string, n: number): GasRecord {
  const network = (['BSC', 'POLYGON', 'TRON'] as const)[n % 3]!;
  const gasUsed = BigInt(21_000 + n * 101);
  const price = network === 'TRON' ? 420n : GWEI + BigInt(n);
  return {
    network,
    type: n % 4 === 0 ? 'WITHDRAWAL' : 'SWEEP',
    partnerId,
    txHash: network === 'TRON' ? randomBytes(32).toString('hex') : `0x${randomBytes(32).toString('hex')}`,
    address: '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4',
    token: 'USDT',
    blockNumber: 100 + n,
    gasUsed,
    effectiveGasPrice: price,
    nativeAmount: gasUsed * price,
    nativeAsset: network,
    transferredAmount: 0n,
    usdValue: n % 5 === 2 ? null : `0.${String(10_000 + n * 37).padStart(6, '0')}`,
    success: true,
    at: new Date(Date.UTC(2026, 10, 1 + (n % 29), n % 24, n % 60, 7)).toISOString(),
    ...(n % 4 === 0 ? { reference: `W2611${String(n).padStart(5, '0')}` } : {}),
    ...(n % 5 === 2 ? {} : { usdPrice: '0.5', priceSource: 'FEED' as const }),
    ...(n % 6 === 1 ? { priceStale: true } : {}),
  };
}

/** The invoice of exactly these records, summed here (the invoice job's aggregation is not under test). */
function invoiceOf(partnerId: string, number: string, rs: readonly GasRecord[]): GasInvoice {
  const micros = (r: GasRecord) => (r.usdValue === null ? 0n : BigInt(r.usdValue.replace('.', '')));
  const lines = (['BSC', 'POLYGON', 'TRON'] as const).map((network) => {
    const mine = rs.filter((r) => r.network === network);
    return {
      network,
      nativeSymbol: COINS[network]!.nativeSymbol,
      nativeDecimals: COINS[network]!.nativeDecimals,
      transactions: mine.length,
      nativeAmount: mine.reduce((s, r) => s + r.nativeAmount, 0n),
      usdMicros: mine.reduce((s, r) => s + micros(r), 0n),
      withoutPrice: mine.filter((r) => r.usdValue === null).length,
      stalePrice: mine.filter((r) => r.priceStale).length,
    };
  });
  return {
    number,
    kind: 'INVOICE',
    issuer: { partnerId: '_platform', code: 'PLATFORM', name: 'Gateway Platform' },
    recipient: { partnerId, code: 'HANGANG', name: '한강상사' },
    month: '2026-11',
    periodFrom: '2026-11-01',
    periodTo: '2026-11-30',
    lines,
    totalUsdMicros: lines.reduce((s, l) => s + l.usdMicros, 0n),
    recordCount: rs.length,
    status: 'ISSUED',
    createdAt: '2026-12-01T00:05:00.000Z',
    issuedAt: '2026-12-01T00:05:01.000Z',
  };
}

/**
 * Publishing an invoice's documents from the gas records in DynamoDB Local into the S3 twin, and the
 * download link: CSV rows equal to the records, a PDF showing the totals, idempotent re-publishing, and
 * a link only for the invoice's own partner.
 */
describe('invoice documents', () => {
  let config: AppConfig;
  let dropTable: () => Promise<void>;
  let gasRecords: DynamoGasRecordStore;
  let documents: DocumentStore;
  const clock = manualClock(new Date());
  const invoices = new InTestInvoices();
  let publisher: InvoiceDocumentFiles;

  beforeAll(async () => {
    const table = await createTestTable('invdocs');
    config = table.config;
    dropTable = table.dropTable;
    gasRecords = new DynamoGasRecordStore(
      createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint }),
      config.tableName,
    );
    documents = documentStore(config, clock.now);
    // Small pages so the month is read over several pages.
    publisher = new InvoiceDocumentFiles({
      gasRecords,
      documents,
      pdf: new PdfkitGasInvoiceRenderer(nanumGothic(), COINS),
      coins: COINS,
      clock,
      pageSize: 7,
    });
  });
  afterAll(() => dropTable());

  async function partnerWithRecords(n: number): Promise<{ partnerId: string; records: GasRecord[] }> {
    const partnerId = `p-${randomBytes(5).toString('hex')}`;
    const records = Array.from({ length: n }, (_, i) => record(partnerId, i));
    for (const r of records) await gasRecords.record(r);
    // A record of the next month is not on the November invoice.
    await gasRecords.record({ ...record(partnerId, 99), at: '2026-12-01T00:00:01.000Z' });
    return { partnerId, records };
  }

  it('writes the PDF and the CSV under the partner month, the CSV rows equal to the records', async () => {
    const { partnerId, records } = await partnerWithRecords(25);
    const invoice = invoiceOf(partnerId, 'GAS-000101', records);

    const refs = await publisher.publish(invoice);

    expect(refs).toEqual({
      pdfKey: `exports/${partnerId}/2026-11/GAS-000101.pdf`,
      csvKey: `exports/${partnerId}/2026-11/GAS-000101.csv`,
      publishedAt: clock.now().toISOString(),
    });
    const listed = await documents.list(`exports/${partnerId}/2026-11/`);
    expect(listed.map((d) => [d.key, d.contentType])).toEqual([
      [refs.csvKey, 'text/csv; charset=utf-8'],
      [refs.pdfKey, 'application/pdf'],
    ]);
    const [header, ...rows] = parseCsv(new TextDecoder().decode(await documents.get(refs.csvKey)));
    expect(header).toEqual([...GAS_INVOICE_CSV_HEADER]);
    const byHash = new Map(records.map((r) => [r.txHash, r]));
    expect(rows).toHaveLength(records.length);
    for (const row of rows) {
      const f = Object.fromEntries(header!.map((h, i) => [h, row[i]!]));
      const r = byHash.get(f['tx_hash']!)!;
      expect(r).toBeDefined();
      expect(f).toEqual({
        invoice_number: 'GAS-000101',
        time: r.at,
        network: r.network,
        type: r.type,
        tx_hash: r.txHash,
        reference: r.reference ?? '',
        gas_used: r.gasUsed.toString(),
        gas_price: r.effectiveGasPrice.toString(),
        native_amount: formatAmount(r.nativeAmount, COINS[r.network]!.nativeDecimals),
        native_symbol: COINS[r.network]!.nativeSymbol,
        usd_price: r.usdPrice ?? '',
        usd_value: r.usdValue === null ? '' : formatAmount(BigInt(r.usdValue.replace('.', '')), 6),
        price_stale: r.priceStale ? 'true' : 'false',
      });
    }
    const { text } = await pdfText((await documents.get(refs.pdfKey))!);
    expect(text).toContain('GAS-000101');
    expect(text).toContain('한강상사');
    expect(text.replace(/\s+/g, '')).toContain(`USD${formatAmount(invoice.totalUsdMicros, 6)}`);
  });

  it('writes nothing new when the same invoice is published again', async () => {
    const { partnerId, records } = await partnerWithRecords(6);
    const invoice = invoiceOf(partnerId, 'GAS-000102', records);
    await publisher.publish(invoice);
    const first = await documents.list(`exports/${partnerId}/2026-11/`);

    clock.advance(60_000);
    await publisher.publish(invoice);

    expect(await documents.list(`exports/${partnerId}/2026-11/`)).toEqual(first);
  });

  it('lists a record written after the invoice was made and says the totals do not bill it', async () => {
    const { partnerId, records } = await partnerWithRecords(5);
    const invoice = invoiceOf(partnerId, 'GAS-000103', records.slice(0, 4));

    const refs = await publisher.publish(invoice);

    const rows = parseCsv(new TextDecoder().decode(await documents.get(refs.csvKey)));
    expect(rows).toHaveLength(1 + 5);
    const { text } = await pdfText((await documents.get(refs.pdfKey))!);
    expect(text.replace(/\s+/g, ' ')).toContain(
      '5 transactions are listed; the totals bill the 4 recorded when the invoice was made (1 recorded later',
    );
  });

  describe('download links', () => {
    it('publishes a missing document first, then links it for 5 minutes as <number>.pdf', async () => {
      const { partnerId, records } = await partnerWithRecords(4);
      const invoice = invoiceOf(partnerId, 'GAS-000104', records);
      invoices.byNumber.set(invoice.number, invoice);
      expect(await documents.head(`exports/${partnerId}/2026-11/GAS-000104.pdf`)).toBeUndefined();

      const link = await invoiceDocumentLink(
        { invoices, documents, publisher },
        partnerId,
        'GAS-000104',
        'pdf',
      );

      expect(link.fileName).toBe('GAS-000104.pdf');
      expect(link.expiresAt).toBe(new Date(clock.now().getTime() + 300_000).toISOString());
      const res = await fetch(link.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain('filename="GAS-000104.pdf"');
      const body = new Uint8Array(await res.arrayBuffer());
      expect(
        Buffer.from(body).equals(
          Buffer.from((await documents.get(`exports/${partnerId}/2026-11/GAS-000104.pdf`))!),
        ),
      ).toBe(true);
      expect((await pdfText(body)).text).toContain('GAS-000104');

      const csv = await invoiceDocumentLink(
        { invoices, documents, publisher },
        partnerId,
        'GAS-000104',
        'csv',
      );
      const rows = parseCsv(await (await fetch(csv.url)).text());
      expect(rows).toHaveLength(1 + records.length);
    });

    it("answers NOT_FOUND for another partner's invoice and an unknown number, writing nothing", async () => {
      const { partnerId, records } = await partnerWithRecords(2);
      const invoice = invoiceOf(partnerId, 'GAS-000105', records);
      invoices.byNumber.set(invoice.number, invoice);
      const other = `p-${randomBytes(5).toString('hex')}`;

      for (const [who, number] of [
        [other, 'GAS-000105'],
        [partnerId, 'GAS-999999'],
      ] as const) {
        const refused = await invoiceDocumentLink(
          { invoices, documents, publisher },
          who,
          number,
          'pdf',
        ).catch((e: unknown) => e);
        expect(isGatewayError(refused, 'NOT_FOUND')).toBe(true);
      }
      expect(await documents.list(`exports/${partnerId}/2026-11/`)).toEqual([]);
      expect(await documents.list(`exports/${other}/`)).toEqual([]);
    });
  });
});
