import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createPartnerClient } from '../../../clients/typescript/partner-client';
import { createLocalApiServer } from '../../../scripts/local/api-server';
import { ExportMonthResponse, ExportMonthsResponse } from '../../../shared/api/finance-api-schemas';
import { DynamoEmailOutbox } from '../../../shared/adapters/dynamodb/email-outbox';
import { DynamoFinanceContactStore } from '../../../shared/adapters/dynamodb/finance-contact-store';
import { DynamoLedgerHistoryReader } from '../../../shared/adapters/dynamodb/ledger-history-reader';
import { DynamoRevenueCounters } from '../../../shared/adapters/dynamodb/subtree-activity';
import { DynamoSubtreeActivity } from '../../../shared/adapters/dynamodb/subtree-activity-reader';
import { getDepositAddress } from '../../../shared/app/deposits/deposit-addresses';
import { DepositIntakeService } from '../../../shared/app/deposits/deposit-intake';
import { setFeeSettings } from '../../../shared/app/deposits/fee-chain';
import { exportFinanceMonth, partnersUnder } from '../../../shared/app/finance/export-finance-month';
import type {
  FinanceExportDeps,
  FinanceExportResult,
} from '../../../shared/app/finance/export-finance-month';
import { previousMonth } from '../../../shared/domain/finance/settlement';
import { createPartner, createPlatform, issueApiKey } from '../../../shared/app/partners/manage-partners';
import { buildDepositDeps } from '../../../shared/composition/deposits';
import { documentStore } from '../../../shared/composition/documents';
import { getDeps } from '../../../shared/composition/gateway';
import { parseCsv } from '../../../shared/domain/csv';
import { percentToPpm } from '../../../shared/domain/deposit/fees';
import type { GasInvoice } from '../../../shared/domain/invoices/gas-invoice';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { Partner } from '../../../shared/domain/partner/partner';
import type { ChainHeadInfo, ObservedTransfer, TransferScanner } from '../../../shared/ports/evm-transfers';
import type { LedgerHistoryReader } from '../../../shared/ports/finance';
import { createTestTable, manualClock } from '../../support/test-env';

const OPERATOR = { type: 'OPERATOR' as const, id: 'op' };
const USDT = 10n ** 6n;
const ASSET = 'USDT@POLYGON';
const MONTH = '2026-11';

/** A chain scripted by hand (as in revenue-reports.test.ts): the intake and its credit are the real ones. */
class ScriptedChain implements TransferScanner {
  readonly network = 'POLYGON' as const;
  readonly hashes = new Map<number, string>();
  readonly txs = new Map<string, ObservedTransfer[]>();
  async head(): Promise<ChainHeadInfo> {
    return { latest: 100, finalized: 100 };
  }
  async scan(): Promise<ObservedTransfer[]> {
    return [...this.txs.values()].flat();
  }
  async canonicalBlockHash(n: number) {
    return this.hashes.get(n);
  }
  async transfersInTransaction(tx: string) {
    return this.txs.get(tx) ?? [];
  }
  include(txHash: string, to: string, amount: bigint, blockNumber: number): ObservedTransfer {
    const blockHash = `0x${blockNumber.toString(16).padStart(64, 'b')}`;
    this.hashes.set(blockNumber, blockHash);
    const t: ObservedTransfer = {
      network: 'POLYGON',
      token: 'USDT',
      tokenAddress: '0xc2132D05D31c914a87C6611C10748AEb04B58e8F',
      txHash,
      logIndex: 0,
      blockNumber,
      blockHash,
      from: '0x000000000000000000000000000000000000dEaD',
      to,
      amount,
    };
    this.txs.set(txHash, [t]);
    return t;
  }
}

const invoiceOf = (p: Partner, number: string): GasInvoice => ({
  number,
  kind: 'INVOICE',
  issuer: { partnerId: 'pt_op', code: 'OPERATOR', name: 'Operator' },
  recipient: { partnerId: p.id, code: p.code, name: p.name },
  month: MONTH,
  periodFrom: '2026-11-01',
  periodTo: '2026-11-30',
  lines: [],
  totalUsdMicros: 1_234_567n,
  recordCount: 3,
  status: 'ISSUED',
  createdAt: '2026-12-01T01:00:00.000Z',
  issuedAt: '2026-12-01T01:00:01.000Z',
});

/**
 * The monthly export on DynamoDB Local with real deposit credits (intake + revenue counters) and a
 * real withdrawal in November: the platform, a distributor DIST_X (parent fee 0.3 %) and its merchant
 * SHOP_Y (1.2 %), another merchant SHOP_Z directly under the platform. Documents go to the S3 twin
 * (s3rver, started by the integration global setup) through the S3 document store.
 */
describe('monthly finance export', () => {
  const clock = manualClock(new Date('2026-11-20T12:00:00.000Z'));
  let documents: ReturnType<typeof documentStore>;
  const partners: Record<string, Partner> = {};
  let deps: FinanceExportDeps;
  let outbox: DynamoEmailOutbox;
  let dropTable: () => Promise<void>;
  const failFor = new Set<string>();

  beforeAll(async () => {
    const table = await createTestTable('finexp');
    dropTable = table.dropTable;
    const base = getDeps();
    documents = documentStore(base.config, () => clock.now());
    const depositDeps = buildDepositDeps(base);
    const fees = { partners: base.partners, fees: depositDeps.fees };
    const at = clock.now().toISOString();
    partners['PLATFORM'] = await createPlatform(base, OPERATOR, { code: 'PLATFORM', name: 'Platform' });
    await setFeeSettings(fees, partners['PLATFORM'], { minFeeRate: percentToPpm('0.5') }, at);
    const add = async (code: string, type: 'DISTRIBUTOR' | 'MERCHANT', parentCode: string, rates: object) => {
      partners[code] = await createPartner(base, OPERATOR, { code, name: `이름 ${code}`, type, parentCode });
      await setFeeSettings(fees, partners[code], rates, at);
    };
    await add('DIST_X', 'DISTRIBUTOR', 'PLATFORM', {
      parentFeeRate: percentToPpm('0.3'),
      maxFeeCap: percentToPpm('3'),
    });
    await add('SHOP_Y', 'MERCHANT', 'DIST_X', { depositFeeRate: percentToPpm('1.2') });
    await add('SHOP_Z', 'MERCHANT', 'PLATFORM', { depositFeeRate: percentToPpm('1') });

    const intake = new DepositIntakeService({
      wallets: depositDeps.wallets,
      deposits: depositDeps.deposits,
      ledger: base.ledger,
      partners: base.partners,
      fees: depositDeps.fees,
      clock,
      networks: base.config.networks,
      minimumAmount: () => 1n,
      revenueCounters: new DynamoRevenueCounters(base.config.tableName),
    });
    const chain = new ScriptedChain();
    const pay = async (code: string, n: number, amount: bigint) => {
      const hot = await getDepositAddress(depositDeps, (partners[code] as Partner).id, {
        userId: `user-${n}`,
        network: 'POLYGON',
      });
      return chain.include(`0x${n.toString(16).padStart(64, '0')}`, hot.address, amount, 90 + n);
    };
    const transfers = [await pay('SHOP_Y', 1, 1_000n * USDT), await pay('SHOP_Z', 2, 200n * USDT)];
    await intake.ingest('POLYGON', transfers, await chain.head());
    await intake.confirm('POLYGON', await chain.head(), chain);

    // A withdrawal of 300 + 1 fee at SHOP_Y, held and posted in November.
    const shopY = (partners['SHOP_Y'] as Partner).id;
    const available = accounts.partnerAvailable(shopY, ASSET);
    await base.ledger.post({
      id: 'withdrawal:W1:hold',
      kind: 'PENDING',
      reason: 'WITHDRAWAL',
      cause: { type: 'withdrawal', id: 'W1' },
      effectiveAt: '2026-11-21T09:00:00.000Z',
      postings: [
        { debit: available, credit: accounts.custody(shopY, 'MASTER', ASSET), amount: 300n * USDT },
        { debit: available, credit: accounts.platformRevenue(ASSET), amount: USDT, reason: 'WITHDRAWAL_FEE' },
      ],
    });
    await base.ledger.post({
      id: 'withdrawal:W1:post',
      kind: 'POST_PENDING',
      reason: 'WITHDRAWAL',
      cause: { type: 'withdrawal', id: 'W1' },
      pendingId: 'withdrawal:W1:hold',
      effectiveAt: '2026-11-21T09:05:00.000Z',
      postings: [],
    });

    // The invoice job's documents of SHOP_Y's month are already in the folder.
    const shopYInvoice = invoiceOf(partners['SHOP_Y'] as Partner, 'GAS-000001');
    await documents.put(
      `exports/${shopY}/${MONTH}/GAS-000001.pdf`,
      new Uint8Array([37, 80, 68, 70]),
      'application/pdf',
    );
    await documents.put(
      `exports/${shopY}/${MONTH}/GAS-000001.csv`,
      new TextEncoder().encode('a\r\n1\r\n'),
      'text/csv',
    );

    const contacts = new DynamoFinanceContactStore(base.db, base.config.tableName);
    await contacts.put(shopY, {
      contacts: [{ name: '김재무', email: 'fin@shop-y.example' }],
      language: 'ko',
    });
    await contacts.put((partners['DIST_X'] as Partner).id, {
      contacts: [
        { name: 'Ann', email: 'ann@dist-x.example' },
        { name: 'Bob', email: 'bob@dist-x.example' },
      ],
      language: 'en',
    });
    outbox = new DynamoEmailOutbox(base.db, base.config.tableName, 'noreply@gateway.example', () =>
      clock.now(),
    );
    const history = new DynamoLedgerHistoryReader(base.db, base.config.tableName);
    const failing: LedgerHistoryReader = {
      accountHistory: async (account, start, end) => {
        if ([...failFor].some((id) => account.includes(id))) throw new Error('ledger read failed');
        return history.accountHistory(account, start, end);
      },
      linesBetween: (account, start, end) => history.linesBetween(account, start, end),
    };
    deps = {
      partners: base.partners,
      history: failing,
      subtree: new DynamoSubtreeActivity(base.db, base.config.tableName),
      invoices: {
        get: async () => undefined,
        listForMonth: async (pid, month) => (pid === shopY && month === MONTH ? [shopYInvoice] : []),
      },
      documents,
      contacts,
      notices: contacts,
      email: outbox,
      clock,
    };
    clock.set(new Date('2026-12-01T03:00:00.000Z'));
  });
  afterAll(async () => dropTable());

  const run = async () => {
    const platform = partners['PLATFORM'] as Partner;
    return exportFinanceMonth(deps, {
      month: MONTH,
      partners: await partnersUnder(deps, platform),
      platform,
    });
  };
  const text = async (key: string) => {
    const body = await documents.get(key);
    return body ? new TextDecoder().decode(body) : undefined;
  };
  const csvOf = async (pid: string, file: string) =>
    parseCsv((await text(`exports/${pid}/${MONTH}/${file}`)) ?? '');
  const column = (rows: string[][], name: string, asset = ASSET) =>
    rows.find((r) => r.includes(asset))?.[rows[0]!.indexOf(name)];
  /** Every byte this test's exports wrote: key → SHA-256 of the body read back. */
  const snapshot = async () => {
    const prefixes = [...Object.values(partners).map((p) => `exports/${p.id}/`), 'exports/_platform/'];
    const out = new Map<string, string>();
    for (const prefix of prefixes)
      for (const d of await documents.list(prefix))
        out.set(
          d.key,
          createHash('sha256')
            .update((await documents.get(d.key))!)
            .digest('hex'),
        );
    return out;
  };

  let first: Awaited<ReturnType<typeof run>>;
  let firstBytes: Map<string, string>;

  it('writes each partner’s settlement statement, reconciled with the ledger to the minor unit', async () => {
    first = await run();
    firstBytes = await snapshot();
    expect(first.failed).toBe(0);
    const shopY = (partners['SHOP_Y'] as Partner).id;
    const rows = await csvOf(shopY, 'settlement-statement.csv');
    // 1,000 less 1.2 % = 988 credited; 300 withdrawn with a 1 fee.
    expect(column(rows, 'opening')).toBe('0');
    expect(column(rows, 'deposits')).toBe('988');
    expect(column(rows, 'withdrawals')).toBe('-300');
    expect(column(rows, 'fees')).toBe('-1');
    expect(column(rows, 'closing')).toBe('687');
    expect(column(rows, 'reconciled')).toBe('true');
    const ledger = await getDeps().ledger.balance(accounts.partnerAvailable(shopY, ASSET));
    expect(ledger.posted).toBe(687n * USDT);
  });

  it('lists every file of the month folder in the manifest, the invoice documents included, with size and sha256', async () => {
    const shopY = (partners['SHOP_Y'] as Partner).id;
    const manifest = JSON.parse((await text(`exports/${shopY}/${MONTH}/manifest.json`)) ?? '{}') as {
      files: { name: string; size: number; sha256: string }[];
      reconciled: boolean;
    };
    expect(manifest.reconciled).toBe(true);
    expect(manifest.files.map((f) => f.name)).toEqual([
      'GAS-000001.csv',
      'GAS-000001.pdf',
      'settlement-statement.csv',
    ]);
    for (const f of manifest.files) {
      const body = (await documents.get(`exports/${shopY}/${MONTH}/${f.name}`)) as Uint8Array;
      expect(f.size).toBe(body.byteLength);
      expect(f.sha256).toBe(createHash('sha256').update(body).digest('hex'));
    }
  });

  it('gives the distributor and the platform a revenue statement per sub-partner whose totals equal their revenue accounts', async () => {
    const dist = await csvOf((partners['DIST_X'] as Partner).id, 'revenue-statement.csv');
    // DIST_X earns 1.2 % − 0.8 % = 0.4 % of 1,000 from SHOP_Y.
    expect(dist.slice(1)).toEqual([
      [MONTH, 'SHOP_Y', '이름 SHOP_Y', ASSET, '4', ''],
      [MONTH, 'TOTAL', '', ASSET, '4', '4'],
    ]);
    const platform = await csvOf('_platform', 'platform-revenue.csv');
    // The platform earns 0.8 % of 1,000 under DIST_X and 1 % of 200 from SHOP_Z.
    expect(platform.slice(1)).toEqual([
      [MONTH, 'DIST_X', '이름 DIST_X', ASSET, '8', ''],
      [MONTH, 'SHOP_Z', '이름 SHOP_Z', ASSET, '2', ''],
      [MONTH, 'TOTAL', '', ASSET, '10', '10'],
    ]);
    expect(
      await text(`exports/${(partners['SHOP_Y'] as Partner).id}/${MONTH}/revenue-statement.csv`),
    ).toBeUndefined();
  });

  it('writes the platform-wide export: every partner’s settlement summary and every invoice of the month', async () => {
    const summary = parseCsv((await text(`exports/_platform/${MONTH}/settlement-summary.csv`)) ?? '');
    const polygon = summary.filter((r) => r[3] === ASSET);
    expect(polygon.map((r) => [r[0], r[5], r[8]])).toEqual([
      ['PLATFORM', '0', 'true'],
      ['DIST_X', '0', 'true'],
      ['SHOP_Z', '198', 'true'],
      ['SHOP_Y', '687', 'true'],
    ]);
    const invoices = parseCsv((await text(`exports/_platform/${MONTH}/invoices.csv`)) ?? '');
    expect(invoices.slice(1).map((r) => [r[0], r[3], r[6], r[8]])).toEqual([
      ['GAS-000001', 'SHOP_Y', 'ISSUED', '1.234567'],
    ]);
    const manifest = JSON.parse((await text(`exports/_platform/${MONTH}/manifest.json`)) ?? '{}') as {
      files: { name: string }[];
    };
    expect(manifest.files.map((f) => f.name)).toEqual([
      'invoices.csv',
      'platform-revenue.csv',
      'settlement-summary.csv',
    ]);
  });

  it('emails each finance contact once, in the partner’s language, with 7-day links to the files', async () => {
    const mails = await outbox.list({ limit: 50 });
    expect(mails.map((m) => m.to).sort()).toEqual([
      'ann@dist-x.example',
      'bob@dist-x.example',
      'fin@shop-y.example',
    ]);
    const ko = mails.find((m) => m.to === 'fin@shop-y.example')!;
    expect(ko.kind).toBe('FINANCE_EXPORT');
    expect(ko.subject).toContain('정산 자료');
    expect(ko.text).toContain('김재무');
    expect(ko.text).toContain(`exports/${(partners['SHOP_Y'] as Partner).id}/${MONTH}/GAS-000001.pdf`);
    expect(ko.text).toContain('2026-12-08T03:00:00.000Z');
    const en = mails.find((m) => m.to === 'ann@dist-x.example')!;
    expect(en.subject).toContain('Finance export for 2026-11');
    expect(en.text).toContain('revenue-statement.csv');
  });

  it('a re-run rewrites the same bytes and emails nobody again', async () => {
    clock.advance(3_600_000);
    const again = await run();
    expect(again.failed).toBe(0);
    expect(await snapshot()).toEqual(firstBytes);
    expect(await outbox.list({ limit: 50 })).toHaveLength(3);
  });

  it('records a partner that fails and exports the others', async () => {
    failFor.add((partners['DIST_X'] as Partner).id);
    const result = await run();
    failFor.clear();
    const byCode = new Map(result.partners.map((p) => [p.code, p]));
    expect(byCode.get('DIST_X')).toMatchObject({
      status: 'FAILED',
      error: expect.stringContaining('ledger read failed'),
    });
    expect(['PLATFORM', 'SHOP_Y', 'SHOP_Z'].map((c) => byCode.get(c)?.status)).toEqual([
      'EXPORTED',
      'EXPORTED',
      'EXPORTED',
    ]);
    expect(result.failed).toBe(1);
    const manifest = JSON.parse((await text(`exports/_platform/${MONTH}/manifest.json`)) ?? '{}') as {
      reconciled: boolean;
    };
    expect(manifest.reconciled).toBe(false);
  });
  it('GET /v1/exports lists the months and a month’s files with 5-minute links that download the very bytes', async () => {
    const server: Server = createLocalApiServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const clientOf = async (code: string) => {
        const key = await issueApiKey(getDeps(), OPERATOR, {
          partnerId: (partners[code] as Partner).id,
          name: code,
        });
        return createPartnerClient({ apiUrl, apiKey: key.apiKey.id, apiSecret: key.secret });
      };
      const shop = await clientOf('SHOP_Y');
      const months = await shop.get('/v1/exports');
      expect(months.status).toBe(200);
      expect(ExportMonthsResponse.parse(months.body)).toEqual({ months: [MONTH] });
      const res = await shop.get('/v1/exports', { month: MONTH });
      expect(res.status).toBe(200);
      const body = ExportMonthResponse.parse(res.body);
      expect(body.reconciled).toBe(true);
      expect(body.files.map((f) => f.name)).toEqual([
        'GAS-000001.csv',
        'GAS-000001.pdf',
        'settlement-statement.csv',
        'manifest.json',
      ]);
      for (const f of body.files) {
        expect(new URL(f.url).searchParams.get('X-Amz-Expires')).toBe('300');
        const download = await fetch(f.url);
        expect(download.status).toBe(200);
        const bytes = new Uint8Array(await download.arrayBuffer());
        expect(bytes.byteLength).toBe(f.size);
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
      }
      // Another partner sees only its own month folder; a month without an export is 404; a bad month 400.
      const dist = ExportMonthResponse.parse(
        (await (await clientOf('DIST_X')).get('/v1/exports', { month: MONTH })).body,
      );
      expect(dist.files.map((f) => f.name)).toEqual([
        'revenue-statement.csv',
        'settlement-statement.csv',
        'manifest.json',
      ]);
      expect((await shop.get('/v1/exports', { month: '2026-10' })).status).toBe(404);
      const bad = await shop.get<{ error: { code: string; fields?: { path: string }[] } }>('/v1/exports', {
        month: '2026-13',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields?.map((f) => f.path)).toEqual(['month']);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
  it('the scheduled exportFinanceMonth exports the previous month for every partner under the platform', async () => {
    const { handler } = await import('../../../functions/schedules/export-finance-month');
    const month = previousMonth(new Date());
    const result = (await handler(
      { scheduleId: 'export-finance-month' },
      {} as never,
    )) as FinanceExportResult;
    expect(result.month).toBe(month);
    expect(result.partners.map((p) => [p.code, p.status]).sort()).toEqual([
      ['DIST_X', 'EXPORTED'],
      ['PLATFORM', 'EXPORTED'],
      ['SHOP_Y', 'EXPORTED'],
      ['SHOP_Z', 'EXPORTED'],
    ]);
    const manifest = JSON.parse((await text(`exports/_platform/${month}/manifest.json`)) ?? '{}') as {
      files: { name: string }[];
    };
    // The job reads the invoice store: the platform folder lists the month's invoices (none here).
    expect(manifest.files.map((f) => f.name)).toContain('invoices.csv');
  });

  it('npm run cli -- exports run --month --partner exports one partner on demand, and refuses an unknown code', async () => {
    const shopZ = (partners['SHOP_Z'] as Partner).id;
    const { runExportsCommand } = await import('../../../scripts/cli-exports');
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await runExportsCommand('exports', 'run', { month: '2026-10', partner: 'SHOP_Z' })).toBe(true);
      await expect(
        runExportsCommand('exports', 'run', { month: '2026-10', partner: 'NOPE_1' }),
      ).rejects.toThrow('NOPE_1 not found');
    } finally {
      out.mockRestore();
    }
    const rows = parseCsv((await text(`exports/${shopZ}/2026-10/settlement-statement.csv`)) ?? '');
    expect(rows.find((r) => r[1] === ASSET)?.slice(2, 3)).toEqual(['0']);
    expect(await documents.head(`exports/_platform/2026-10/manifest.json`)).toBeUndefined();
  });
});
