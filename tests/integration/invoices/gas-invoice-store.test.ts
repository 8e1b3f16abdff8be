import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import { DynamoGasInvoiceStore } from '../../../shared/adapters/dynamodb/gas-invoice-store';
import type { GasInvoice } from '../../../shared/domain/invoices/gas-invoice';
import { createTestTable } from '../../support/test-env';

const issuer = { partnerId: 'platform', code: 'PLATFORM', name: 'Gateway' };

function draft(partner: string, month = '2026-11', total = 1_500_000n): Omit<GasInvoice, 'number'> {
  return {
    kind: 'INVOICE',
    issuer,
    recipient: { partnerId: partner, code: partner.toUpperCase(), name: `Partner ${partner}` },
    month,
    periodFrom: `${month}-01`,
    periodTo: `${month}-30`,
    lines: [
      {
        network: 'BSC',
        nativeSymbol: 'BNB',
        nativeDecimals: 18,
        transactions: 2,
        nativeAmount: 123_456_789_012_345_678_901n,
        usdMicros: total,
        withoutPrice: 0,
        stalePrice: 1,
      },
    ],
    totalUsdMicros: total,
    recordCount: 2,
    status: 'DRAFT',
    createdAt: '2026-12-01T01:00:00.000Z',
  };
}

/** The invoice store on DynamoDB Local: gapless unique numbers under concurrency, one invoice per month. */
describe('gas invoice store', () => {
  let dropTable: () => Promise<void>;
  let store: DynamoGasInvoiceStore;
  let newStore: () => DynamoGasInvoiceStore;

  beforeAll(async () => {
    const table = await createTestTable('invoices');
    dropTable = table.dropTable;
    const db = createDocumentClient({ region: 'us-east-1', endpoint: process.env['DYNAMODB_ENDPOINT'] });
    store = new DynamoGasInvoiceStore(db, table.config.tableName);
    newStore = () =>
      new DynamoGasInvoiceStore(
        createDocumentClient({ region: 'us-east-1', endpoint: process.env['DYNAMODB_ENDPOINT'] }),
        table.config.tableName,
      );
  });
  afterAll(() => dropTable());

  it('numbers 100 partners issuing at once 1..100 with no gap and no duplicate, once per month', async () => {
    const partners = Array.from({ length: 100 }, (_, i) => `pt_${String(i).padStart(3, '0')}`);
    // Four processes (stores) racing for the counter, 25+ callers each at once, and ten partners twice:
    // the second of each pair must get the first's invoice, not a number.
    const stores = [store, newStore(), newStore(), newStore()];
    const callers = [...partners, ...partners.slice(0, 10)];
    const out = await Promise.all(callers.map((p, i) => stores[i % 4]!.createInvoice(draft(p), 'GAS')));
    const created = out.filter((o) => o.created).map((o) => o.invoice.number);
    expect(created).toHaveLength(100);
    expect([...created].sort()).toEqual(partners.map((_, i) => `GAS-${String(i + 1).padStart(6, '0')}`));
    for (const p of partners) {
      const mine = out.filter((o) => o.invoice.recipient.partnerId === p).map((o) => o.invoice.number);
      expect(new Set(mine).size).toBe(1);
    }
    // Re-running writes nothing and gives the same invoice back, amounts exact.
    const again = await store.createInvoice(draft('pt_042'), 'GAS');
    expect(again.created).toBe(false);
    expect(again.invoice).toEqual(await store.get('pt_042', again.invoice.number));
    expect(again.invoice.lines[0]?.nativeAmount).toBe(123_456_789_012_345_678_901n);
    // The next month continues the sequence.
    const next = await store.createInvoice(draft('pt_042', '2026-12'), 'GAS');
    expect(next.invoice.number).toBe('GAS-000101');
  });

  it('writes a status only from the status it was read in', async () => {
    const { invoice } = await store.createInvoice(draft('pt_status'), 'GST');
    const issued = await store.transition(invoice, 'DRAFT', 'ISSUED', {
      issuedAt: '2026-12-01T01:00:01.000Z',
    });
    expect(issued).toMatchObject({ status: 'ISSUED', issuedAt: '2026-12-01T01:00:01.000Z' });
    await expect(store.transition(invoice, 'DRAFT', 'VOID', { voidReason: 'late' })).rejects.toMatchObject({
      code: 'ILLEGAL_TRANSITION',
    });
    expect((await store.get('pt_status', invoice.number))?.status).toBe('ISSUED');
    expect(await store.get('pt_other', invoice.number)).toBeUndefined();
    expect((await store.findByNumber(invoice.number))?.recipient.partnerId).toBe('pt_status');
  });

  it('numbers credit notes in the same sequence and refuses one on a stale credited sum', async () => {
    const { invoice } = await store.createInvoice(draft('pt_credit'), 'GCR');
    const issued = await store.transition(invoice, 'DRAFT', 'ISSUED', {});
    const note = (amount: bigint): Omit<GasInvoice, 'number'> => ({
      ...draft('pt_credit'),
      kind: 'CREDIT_NOTE',
      creditFor: issued.number,
      lines: [],
      totalUsdMicros: amount,
      recordCount: 0,
      status: 'ISSUED',
      creditReason: 'price correction',
    });
    const first = await store.createCreditNote(issued, note(500_000n), 'GCR', 0n);
    expect(first.number).toBe('GCR-000002');
    await expect(store.createCreditNote(issued, note(1n), 'GCR', 0n)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const second = await store.createCreditNote(issued, note(1n), 'GCR', 500_000n);
    expect(second.number).toBe('GCR-000003');
    expect((await store.creditNotesFor('pt_credit', issued.number)).map((c) => c.number)).toEqual([
      'GCR-000002',
      'GCR-000003',
    ]);
    expect((await store.listForMonth('pt_credit', '2026-11')).map((c) => c.number)).toEqual([
      'GCR-000001',
      'GCR-000002',
      'GCR-000003',
    ]);
  });

  it('lists a partner newest first in cursor pages, filtered by status and year', async () => {
    for (const month of ['2025-12', '2026-01', '2026-02', '2026-03'])
      await store.createInvoice(draft('pt_list', month), 'GLS');
    const feb = await store.findForMonth('pt_list', '2026-02');
    await store.transition(feb!, 'DRAFT', 'ISSUED', {});
    const first = await store.list('pt_list', { limit: 3 });
    expect(first.items.map((i) => i.month)).toEqual(['2026-03', '2026-02', '2026-01']);
    const rest = await store.list('pt_list', { limit: 3, cursor: first.nextCursor });
    expect(rest.items.map((i) => i.month)).toEqual(['2025-12']);
    expect(rest.nextCursor).toBeUndefined();
    expect(
      (await store.list('pt_list', { limit: 10, year: '2026', status: 'DRAFT' })).items.map((i) => i.month),
    ).toEqual(['2026-03', '2026-01']);
    await expect(store.list('pt_other', { limit: 3, cursor: first.nextCursor })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
