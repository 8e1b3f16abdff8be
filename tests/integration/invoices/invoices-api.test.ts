import { createPartnerClient } from '../../../clients/typescript/partner-client';
import { DynamoGasRecordStore } from '../../../shared/adapters/dynamodb/gas-record-store';
import { InvoiceResponse, InvoicesResponse } from '../../../shared/api/invoice-api-schemas';
import { issueMonthlyInvoices } from '../../../shared/app/invoices/gas-invoices';
import { invoiceOrDocument } from '../../../shared/app/invoices/invoice-views';
import { issueApiKey } from '../../../shared/app/partners/manage-partners';
import { gasInvoiceDeps } from '../../../shared/composition/gas-invoices';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { GasRecord } from '../../../shared/ports/gas-records';
import {
  ConsoleClient,
  createTenants,
  createUser,
  enableTwoFactor,
  OPERATOR,
  startConsoleStack,
} from '../../support/console-stack';
import type { ConsoleStack, TestTenants } from '../../support/console-stack';

function record(partnerId: string, n: number, usdValue: string): GasRecord {
  return {
    network: 'TRON',
    type: 'WITHDRAWAL',
    partnerId,
    txHash: `${n.toString(16).padStart(64, '0')}`,
    address: 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7',
    token: 'USDT',
    blockNumber: n,
    gasUsed: 65_000n,
    effectiveGasPrice: 210n,
    nativeAmount: 13_650_000n,
    nativeAsset: 'TRX@TRON',
    transferredAmount: 0n,
    usdValue,
    success: true,
    at: `2026-10-0${n}T10:00:00.000Z`,
  };
}

type Detail = ReturnType<typeof InvoiceResponse.parse>;

/**
 * /v1/invoices over HTTP (signed partner client) and /console/invoices (session, permission, OTP):
 * list, detail, the .pdf/.csv link before the documents are written, pay from balance.
 */
describe('gas invoices on the partner API and the console', () => {
  let stack: ConsoleStack;
  let tenants: TestTenants;
  let a: ReturnType<typeof createPartnerClient>;
  let b: ReturnType<typeof createPartnerClient>;
  let number: string;

  const fund = (partnerId: string, asset: string, amount: bigint, id: string) =>
    stack.deps.ledger.post({
      id: `deposit:${id}`,
      kind: 'POSTED',
      reason: 'DEPOSIT',
      cause: { type: 'deposit', id },
      effectiveAt: '2026-11-02T00:00:00.000Z',
      postings: [
        {
          debit: accounts.custody(partnerId, 'HOT', asset),
          credit: accounts.partnerAvailable(partnerId, asset),
          amount,
        },
      ],
    });

  beforeAll(async () => {
    stack = await startConsoleStack('invoices-api');
    tenants = await createTenants(stack.deps);
    const store = new DynamoGasRecordStore(stack.deps.db, stack.deps.config.tableName);
    for (const r of [
      record(tenants.shopA.id, 1, '3.412500'),
      record(tenants.shopA.id, 2, '0.000001'),
      record(tenants.shopB.id, 3, '1'),
    ])
      await store.record(r);
    const issued = await issueMonthlyInvoices(gasInvoiceDeps(stack.deps), '2026-10');
    expect(issued).toMatchObject({ issued: 2, failed: 0 });
    number = (await gasInvoiceDeps(stack.deps).invoices.findForMonth(tenants.shopA.id, '2026-10'))!.number;
    // The partner client signs with the real time: the server's clock must agree.
    stack.clock.set(new Date());
    const keyA = await issueApiKey(stack.deps, OPERATOR, { partnerId: tenants.shopA.id, name: 'a' });
    const keyB = await issueApiKey(stack.deps, OPERATOR, { partnerId: tenants.shopB.id, name: 'b' });
    a = createPartnerClient({ apiUrl: stack.apiUrl, apiKey: keyA.apiKey.id, apiSecret: keyA.secret });
    b = createPartnerClient({ apiUrl: stack.apiUrl, apiKey: keyB.apiKey.id, apiSecret: keyB.secret });
  });
  afterAll(async () => stack.stop());

  it('lists and shows the partner’s own invoices with exact USD and native amounts, never another’s', async () => {
    const list = await a.get('/v1/invoices', { year: '2026' });
    expect(list.status).toBe(200);
    const items = InvoicesResponse.parse(list.body).items;
    expect(items.map((i) => [i.number, i.month, i.status, i.totalUsd])).toEqual([
      [number, '2026-10', 'ISSUED', '3.412501'],
    ]);
    const one = await a.get<Detail>(`/v1/invoices/${number}`);
    expect(one.status).toBe(200);
    expect(InvoiceResponse.parse(one.body).invoice).toMatchObject({
      lines: [
        { network: 'TRON', nativeSymbol: 'TRX', transactions: 2, nativeAmount: '27.3', usdTotal: '3.412501' },
      ],
      dueUsd: '3.412501',
      documentsAvailable: false,
      creditNotes: [],
    });
    expect((await b.get(`/v1/invoices/${number}`)).status).toBe(404);
    // Issued here without the renderer: no document yet, so no link (the job writes them; the CLI's
    // `invoices publish` too); another partner's number is not found at all.
    const notReady = await a.get<{ error: { code: string; message: string } }>(`/v1/invoices/${number}.pdf`);
    expect([notReady.status, notReady.body.error.code]).toEqual([409, 'CONFLICT']);
    expect(notReady.body.error.message).toContain('not written yet');
    expect((await b.get(`/v1/invoices/${number}.pdf`)).status).toBe(404);
    expect((await a.get('/v1/invoices/../x')).status).toBeGreaterThanOrEqual(400);
    const bad = await a.get<{ error: { code: string; fields: { path: string }[] } }>('/v1/invoices', {
      status: 'LATE',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0]?.path).toBe('status');
  });

  it('pays from the balance with an Idempotency-Key; 409 INSUFFICIENT_BALANCE writes nothing; the key replays', async () => {
    const pay = (asset: string, key?: string) =>
      a.post<Detail & { error?: { code: string } }>(
        `/v1/invoices/${number}/pay`,
        { asset },
        key ? { 'Idempotency-Key': key } : {},
      );
    expect((await pay('USDT@TRON')).status).toBe(400); // no key
    expect((await pay('BNB@BSC', 'k1')).status).toBe(400);
    const short = await pay('USDT@TRON', 'k1');
    expect([short.status, short.body.error?.code]).toEqual([409, 'INSUFFICIENT_BALANCE']);
    expect((await stack.deps.ledger.getEntry(`invoice:${number}`)) ?? null).toBeNull();
    await fund(tenants.shopA.id, 'USDT@TRON', 3_412_501n, 'a1');
    const paid = await pay('USDT@TRON', 'k1');
    expect(paid.status).toBe(200);
    expect(paid.body.invoice).toMatchObject({
      status: 'PAID',
      dueUsd: '0',
      payment: { method: 'BALANCE', asset: 'USDT@TRON', amount: '3.412501' },
    });
    const again = await pay('USDT@TRON', 'k1');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await stack.deps.ledger.balance(accounts.gasRevenue('USDT@TRON'))).posted).toBe(3_412_501n);
  });

  it('the console lists for finance:read, pays only with finance:manage and a fresh OTP', async () => {
    const bNumber = (await gasInvoiceDeps(stack.deps).invoices.findForMonth(tenants.shopB.id, '2026-10'))!
      .number;
    const viewer = new ConsoleClient(stack.apiUrl);
    expect((await viewer.signIn((await createUser(stack.deps, tenants.shopB, 'VIEWER')).email)).status).toBe(
      200,
    );
    const list = await viewer.get<{ items: { number: string }[] }>('/console/invoices');
    expect(list.body.items.map((i) => i.number)).toEqual([bNumber]);
    expect((await viewer.get(`/console/invoices/${number}`)).status).toBe(404);
    const denied = await viewer.post<{ error: { code: string } }>(`/console/invoices/${bNumber}/pay`, {
      asset: 'USDC@POLYGON',
    });
    expect([denied.status, denied.body.error.code]).toEqual([403, 'PERMISSION_DENIED']);

    const finance = new ConsoleClient(stack.apiUrl);
    expect(
      (await finance.signIn((await createUser(stack.deps, tenants.shopB, 'FINANCE')).email)).status,
    ).toBe(200);
    const { secret } = await enableTwoFactor(finance, stack.clock);
    await fund(tenants.shopB.id, 'USDC@POLYGON', 1_000_000n, 'b1');
    const noOtp = await finance.post<{ error: { code: string } }>(`/console/invoices/${bNumber}/pay`, {
      asset: 'USDC@POLYGON',
    });
    expect([noOtp.status, noOtp.body.error.code]).toEqual([403, 'OTP_REQUIRED']);
    stack.clock.advance(30_000);
    const paid = await finance.post<Detail>(`/console/invoices/${bNumber}/pay`, {
      asset: 'USDC@POLYGON',
      otp: finance.code(secret, stack.clock),
    });
    expect(paid.status).toBe(200);
    expect(paid.body.invoice).toMatchObject({
      status: 'PAID',
      payment: { asset: 'USDC@POLYGON', amount: '1' },
    });
    expect(
      (await stack.deps.ledger.balance(accounts.partnerAvailable(tenants.shopB.id, 'USDC@POLYGON'))).posted,
    ).toBe(0n);
  });

  it('answers a .pdf or .csv with the document link once one is wired', async () => {
    const deps = {
      ...gasInvoiceDeps(stack.deps),
      documentLinks: {
        link: async (partnerId: string, n: string, format: 'pdf' | 'csv') => ({
          url: `http://127.0.0.1:1/exports/${partnerId}/${n}.${format}?X-Amz-Signature=x`,
          expiresAt: '2026-11-20T12:15:00.000Z',
        }),
      },
    };
    expect(await invoiceOrDocument(deps, tenants.shopA.id, { number, format: 'csv' })).toEqual({
      redirect: {
        url: `http://127.0.0.1:1/exports/${tenants.shopA.id}/${number}.csv?X-Amz-Signature=x`,
        expiresAt: '2026-11-20T12:15:00.000Z',
      },
    });
    await expect(invoiceOrDocument(deps, tenants.shopB.id, { number, format: 'pdf' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
