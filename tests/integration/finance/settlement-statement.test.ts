import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import { DynamoLedgerHistoryReader } from '../../../shared/adapters/dynamodb/ledger-history-reader';
import { DynamoLedgerStore } from '../../../shared/adapters/dynamodb/ledger-store';
import {
  settlementStatement,
  settlementStatementCsv,
} from '../../../shared/app/finance/settlement-statement';
import { parseCsv } from '../../../shared/domain/csv';
import { accounts } from '../../../shared/domain/ledger/accounts';
import { createTestTable } from '../../support/test-env';

/**
 * The settlement statement on DynamoDB Local against real ledger entries posted by the store: a deposit
 * credit with its fee split, a withdrawal held then posted with its fee, across October and November.
 * Each month opens where the previous closed and reconciles with the ledger; a balance item tampered
 * with afterwards makes the statement say so, with the exact difference.
 */
describe('settlement statement against the ledger', () => {
  const ASSET = 'USDT@POLYGON';
  const PID = 'pt_settle';
  const available = accounts.partnerAvailable(PID, ASSET);
  const hot = accounts.custody(PID, 'HOT', ASSET);
  const master = accounts.custody(PID, 'MASTER', ASSET);
  let db: DynamoDBDocumentClient;
  let ledger: DynamoLedgerStore;
  let history: DynamoLedgerHistoryReader;
  let tableName: string;
  let dropTable: () => Promise<void>;

  const deposit = (id: string, at: string, net: bigint, fee: bigint) =>
    ledger.post({
      id: `deposit:POLYGON:${id}:0`,
      kind: 'POSTED',
      reason: 'DEPOSIT',
      cause: { type: 'deposit', id },
      effectiveAt: at,
      postings: [
        { debit: hot, credit: available, amount: net },
        { debit: hot, credit: accounts.platformRevenue(ASSET), amount: fee, reason: 'DEPOSIT_FEE' },
      ],
    });

  const withdrawal = async (code: string, heldAt: string, postedAt: string, amount: bigint, fee: bigint) => {
    await ledger.post({
      id: `withdrawal:${code}:hold`,
      kind: 'PENDING',
      reason: 'WITHDRAWAL',
      cause: { type: 'withdrawal', id: code },
      effectiveAt: heldAt,
      postings: [
        { debit: available, credit: master, amount },
        { debit: available, credit: accounts.platformRevenue(ASSET), amount: fee, reason: 'WITHDRAWAL_FEE' },
      ],
    });
    await ledger.post({
      id: `withdrawal:${code}:post`,
      kind: 'POST_PENDING',
      reason: 'WITHDRAWAL',
      cause: { type: 'withdrawal', id: code },
      pendingId: `withdrawal:${code}:hold`,
      effectiveAt: postedAt,
      postings: [],
    });
  };

  beforeAll(async () => {
    const table = await createTestTable('settle');
    dropTable = table.dropTable;
    tableName = table.config.tableName;
    db = createDocumentClient({
      region: 'us-east-1',
      endpoint: table.config.dynamodbEndpoint,
      wrapNumbers: true,
    });
    ledger = new DynamoLedgerStore(db, tableName);
    history = new DynamoLedgerHistoryReader(db, tableName);
    // October: 1,000 in (fee 12), 300 out (fee 1).
    await deposit('0xa1', '2026-10-03T10:00:00.000Z', 1_000_000_000n, 12_000_000n);
    await withdrawal('W1', '2026-10-20T09:00:00.000Z', '2026-10-20T09:05:00.000Z', 300_000_000n, 1_000_000n);
    // A withdrawal held on the 31st and posted on November 1st belongs to November.
    await withdrawal('W2', '2026-10-31T23:59:00.000Z', '2026-11-01T00:00:30.000Z', 50_000_000n, 500_000n);
    // November: 200.5 in; December: 10 in (after both months).
    await deposit('0xb2', '2026-11-15T12:00:00.000Z', 200_500_000n, 2_000_000n);
    await deposit('0xc3', '2026-12-02T08:00:00.000Z', 10_000_000n, 100_000n);
    // A transfer in, a kind the statement has no column for, lands in "other".
    await ledger.post({
      id: 'transfer:t1',
      kind: 'POSTED',
      reason: 'TRANSFER',
      cause: { type: 'transfer', id: 't1' },
      effectiveAt: '2026-11-16T00:00:00.000Z',
      postings: [{ debit: hot, credit: available, amount: 1n }],
    });
  });
  afterAll(async () => dropTable());

  const assetOf = (s: Awaited<ReturnType<typeof settlementStatement>>) =>
    s.assets.find((a) => a.asset === ASSET)!;

  it('opens at zero, credits deposits net of fee, debits the withdrawal and its fee, and reconciles (October)', async () => {
    const oct = await settlementStatement({ history }, PID, '2026-10');
    const a = assetOf(oct);
    expect(a.opening).toBe(0n);
    expect(a.movements.deposits).toBe(1_000_000_000n);
    expect(a.movements.withdrawals).toBe(-300_000_000n);
    expect(a.movements.fees).toBe(-1_000_000n);
    expect(a.closing).toBe(699_000_000n);
    expect(a.ledgerClosing).toBe(699_000_000n);
    expect(oct.reconciled).toBe(true);
  });

  it('opens November at October’s closing, closes at the ledger’s balance at the month end, and reconciles', async () => {
    const nov = await settlementStatement({ history }, PID, '2026-11');
    const a = assetOf(nov);
    expect(a.opening).toBe(699_000_000n);
    expect(a.movements).toEqual({
      deposits: 200_500_000n,
      fees: -500_000n,
      withdrawals: -50_000_000n,
      reversals: 0n,
      gasInvoices: 0n,
      other: 1n,
    });
    expect(a.closing).toBe(849_000_001n);
    const now = await ledger.balance(available);
    expect(a.closing).toBe(now.posted - 10_000_000n);
    expect(nov.reconciled).toBe(true);
    const rows = parseCsv(settlementStatementCsv(nov));
    expect(rows[0]).toEqual(expect.arrayContaining(['opening', 'closing', 'reconciled']));
    const row = rows.find((r) => r[1] === ASSET)!;
    expect(row.slice(2, 4)).toEqual(['699', '200.5']);
    expect(row[rows[0]!.indexOf('closing')]).toBe('849.000001');
    expect(row[rows[0]!.indexOf('reconciled')]).toBe('true');
  });

  it('says not reconciled, with the exact difference, when a balance item disagrees with its history', async () => {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { PK: `LEDGER#ACCOUNT#${available}`, SK: 'SHARD#000' },
        UpdateExpression: 'ADD postedCredits :x',
        ExpressionAttributeValues: { ':x': 7n },
      }),
    );
    const nov = await settlementStatement({ history }, PID, '2026-11');
    expect(nov.reconciled).toBe(false);
    expect(assetOf(nov).difference).toBe(7n);
    expect(nov.assets.filter((a) => a.asset !== ASSET).every((a) => a.reconciled)).toBe(true);
  });
});
