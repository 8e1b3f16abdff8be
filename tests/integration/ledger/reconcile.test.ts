import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getDeps } from '../../../shared/composition/gateway';
import { invokeFunction } from '../../../scripts/local/lambda-runtime';
import { DynamoReconciliationReports } from '../../../shared/adapters/dynamodb/reconciliation-reports';
import { reconcileAsset } from '../../../shared/app/ledger/reconcile-ledger';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { EntryRequest } from '../../../shared/domain/ledger/entry';
import type { AlertPublisher, ChainCustodyReader } from '../../../shared/ports/reconciliation';
import { createTestTable } from '../../support/test-env';

const ASSET = 'USDC@POLYGON';
const at = '2026-11-20T10:00:00.000Z';

describe('ledger reconciliation', () => {
  let dropTable: () => Promise<void>;
  const raised: Parameters<AlertPublisher['raise']>[0][] = [];
  const alerts: AlertPublisher = { raise: async (a) => void raised.push(a) };

  beforeAll(async () => {
    const table = await createTestTable('recon');
    dropTable = table.dropTable;
    const { ledger } = getDeps();
    const post = (e: EntryRequest) => ledger.post(e);
    await post({
      id: 'deposit:POLYGON:r1:0',
      kind: 'POSTED',
      reason: 'DEPOSIT',
      cause: { type: 'deposit', id: 'r1' },
      effectiveAt: at,
      postings: [
        {
          debit: accounts.custody('m1', 'HOT', ASSET),
          credit: accounts.partnerAvailable('m1', ASSET),
          amount: 988_000_000n,
        },
        {
          debit: accounts.custody('m1', 'HOT', ASSET),
          credit: accounts.distributorRevenue('d1', ASSET),
          amount: 4_000_000n,
          reason: 'REVENUE_SHARE',
        },
        {
          debit: accounts.custody('m1', 'HOT', ASSET),
          credit: accounts.platformRevenue(ASSET),
          amount: 8_000_000n,
          reason: 'DEPOSIT_FEE',
        },
      ],
    });
    await post({
      id: 'sweep:POLYGON:r1',
      kind: 'POSTED',
      reason: 'SWEEP',
      cause: { type: 'sweep', id: 'r1' },
      effectiveAt: at,
      postings: [
        {
          debit: accounts.custody('m1', 'MASTER', ASSET),
          credit: accounts.custody('m1', 'HOT', ASSET),
          amount: 1_000_000_000n,
        },
      ],
    });
    await post({
      id: 'withdrawal:RW1:hold',
      kind: 'PENDING',
      reason: 'WITHDRAWAL',
      cause: { type: 'withdrawal', id: 'RW1' },
      effectiveAt: at,
      postings: [
        {
          debit: accounts.partnerAvailable('m1', ASSET),
          credit: accounts.custody('m1', 'MASTER', ASSET),
          amount: 100_000_000n,
        },
      ],
    });
    await post({
      id: 'withdrawal:RW1:post',
      kind: 'POST_PENDING',
      reason: 'WITHDRAWAL',
      cause: { type: 'withdrawal', id: 'RW1' },
      pendingId: 'withdrawal:RW1:hold',
      effectiveAt: at,
      postings: [],
    });
  });
  afterAll(() => dropTable());

  const deps = () => {
    const d = getDeps();
    return {
      ledger: d.ledger,
      reports: new DynamoReconciliationReports(d.db, d.config.tableName),
      alerts,
      clock: d.clock,
      recheckDelayMs: 10,
    };
  };

  it('reports OK when liabilities equal custody and every account sums to zero', async () => {
    const report = await reconcileAsset(deps(), ASSET);
    expect(report).toMatchObject({
      status: 'OK',
      liabilities: 900_000_000n,
      custody: 900_000_000n,
      ledgerDrift: 0n,
      unbalanced: 0n,
      onChain: 'NOT_CHECKED',
    });
    expect(raised).toHaveLength(0);
    expect(await deps().reports.latest(ASSET)).toMatchObject({ status: 'OK', liabilities: 900_000_000n });
  });

  it('compares custody with the chain when a custody reader is there', async () => {
    const master = accounts.custody('m1', 'MASTER', ASSET);
    const reader: ChainCustodyReader = {
      readCustody: async () => [
        {
          asset: ASSET,
          accounts: [master],
          addresses: ['0x00000000000000000000000000000000000000aa'],
          onChain: 899_000_000n,
        },
      ],
    };
    const report = await reconcileAsset({ ...deps(), custodyReader: reader }, ASSET);
    expect(report.onChain).toBe('DRIFT');
    expect(report.custodyDrifts).toEqual([
      {
        account: master,
        accounts: [master],
        addresses: ['0x00000000000000000000000000000000000000aa'],
        ledger: 900_000_000n,
        onChain: 899_000_000n,
      },
    ]);
    expect(raised.at(-1)).toMatchObject({ type: 'LEDGER_DRIFT', asset: ASSET });
  });

  it('raises an alert when a balance is changed outside the ledger', async () => {
    const d = getDeps();
    // Someone edits a balance item by hand: the liabilities no longer match custody.
    await d.db.send(
      new UpdateCommand({
        TableName: d.config.tableName,
        Key: { PK: `LEDGER#ACCOUNT#${accounts.partnerAvailable('m1', ASSET)}`, SK: 'SHARD#000' },
        UpdateExpression: 'ADD postedCredits :x, avail :x',
        ExpressionAttributeValues: { ':x': 5 },
      }),
    );
    const before = raised.length;
    const report = await reconcileAsset(deps(), ASSET);
    expect(report).toMatchObject({ status: 'DRIFT', ledgerDrift: -5n, unbalanced: -5n });
    expect(raised).toHaveLength(before + 1);
    expect((await deps().reports.latest(ASSET))?.status).toBe('DRIFT');
  });

  it('runs as the scheduled function over every asset', async () => {
    const results = (await invokeFunction('reconcileLedger', { scheduleId: 'reconcile-ledger' })) as {
      asset: string;
      status: string;
      onChain: string;
    }[];
    expect(results.map((r) => r.asset)).toContain('USDT@TRON');
    expect(results.find((r) => r.asset === ASSET)?.status).toBe('DRIFT');
    expect(results.find((r) => r.asset === 'USDT@BSC')?.status).toBe('OK');
    // The deployed wiring reads the chain on every network (the local chains here), tokens and native.
    expect(results.map((r) => r.onChain)).not.toContain('NOT_CHECKED');
    // m1's MASTER custody has no address the gateway knows: drift with nothing on chain behind it.
    expect((await deps().reports.latest(ASSET))?.custodyDrifts).toEqual([
      expect.objectContaining({
        account: accounts.custody('m1', 'MASTER', ASSET),
        addresses: [],
        onChain: 0n,
      }),
    ]);
  });
});
