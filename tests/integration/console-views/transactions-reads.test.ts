import { CURSOR_MAX_LENGTH } from '../../../shared/api/page-cursor';
import { SealedPageCursors } from '../../../shared/adapters/crypto/sealed-page-cursors';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import { DynamoDepositRepository } from '../../../shared/adapters/dynamodb/deposit-repository';
import { DynamoWithdrawalRepository } from '../../../shared/adapters/dynamodb/withdrawal-repository';
import { listTransactions, TRANSACTIONS_MAX_READS } from '../../../shared/app/console-views/transactions';
import { withdrawalTransactionsReader } from '../../../shared/app/console-views/withdrawal-activity';
import type { Withdrawal } from '../../../shared/domain/withdrawal/withdrawal';
import { storedDeposit } from '../../support/deposit-fixture';
import { createTestTable } from '../../support/test-env';

/**
 * The console's unified transactions view (deposits, their sweeps, withdrawals) over real
 * repositories: a page spends a bounded number of list reads whatever the filters, a filter the index
 * does not serve (address, a hash that is not a deposit's, user) keeps reading until the page is full
 * or the reads are spent, and a page that stops early carries a cursor — never a short page that
 * looks like the end.
 */
const PARTNER = 'pt_tx';
const WITHDRAWALS = 30;
const DEPOSITS = 15;
const RARE_ADDRESS = '0x9999999999999999999999999999999999999999';

function withdrawal(i: number): Withdrawal {
  // Withdrawal i is i minutes after the first; only the oldest goes to RARE_ADDRESS.
  const at = new Date(Date.UTC(2026, 10, 20, 8) + i * 60_000).toISOString();
  return {
    partnerId: PARTNER,
    code: `W261120${String(i).padStart(8, '0')}`,
    type: 'API',
    network: 'POLYGON',
    token: 'USDT',
    asset: 'USDT@POLYGON',
    amount: 12_500_000n,
    fee: 1_000_000n,
    address: i === 0 ? RARE_ADDRESS : '0x4444444444444444444444444444444444444444',
    status: 'PENDING_APPROVAL',
    requiresApproval: true,
    requestedBy: { kind: 'user', id: 'u-1' },
    requestHash: `h${i}`,
    createdAt: at,
    updatedAt: at,
    history: [{ status: 'REQUESTED', at }],
  };
}

describe('console transactions view: bounded reads per page, cursors instead of short pages', () => {
  let dropTable: () => Promise<void>;
  let deps: Parameters<typeof listTransactions>[0];
  const requests: string[] = [];

  beforeAll(async () => {
    const table = await createTestTable('tx-reads');
    dropTable = table.dropTable;
    const db = createDocumentClient({ region: 'us-east-1', endpoint: table.config.dynamodbEndpoint });
    const deposits = new DynamoDepositRepository(db, table.config.tableName);
    const withdrawals = new DynamoWithdrawalRepository(db, table.config.tableName);
    for (let i = 0; i < WITHDRAWALS; i++) await withdrawals.create(withdrawal(i));
    for (let i = 0; i < DEPOSITS; i++)
      await deposits.create(
        storedDeposit(9_000 + i, {
          partnerId: PARTNER,
          detectedAt: new Date(Date.UTC(2026, 10, 19) + i * 60_000).toISOString(),
        }),
      );
    db.middlewareStack.add(
      (next, context) => async (args) => {
        requests.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'count' },
    );
    deps = { deposits, networks: {} as never, withdrawals: withdrawalTransactionsReader(withdrawals) };
  });
  afterAll(async () => dropTable());

  async function page(query: Record<string, string | number>) {
    requests.length = 0;
    const result = await listTransactions(deps, PARTNER, query);
    return { ...result, requests: [...requests] };
  }

  async function allPages(query: Record<string, string | number>) {
    const codes: string[] = [];
    const perPage: number[] = [];
    let cursor: string | undefined;
    do {
      const p = await page({ ...query, ...(cursor ? { cursor } : {}) });
      codes.push(...p.transactions.map((t) => t.code));
      perPage.push(p.requests.length);
      cursor = p.nextCursor;
    } while (cursor && perPage.length < 50);
    return { codes, perPage };
  }

  it(`a search for a hash that is nobody's reads at most ${TRANSACTIONS_MAX_READS} list pages and the hash index once`, async () => {
    const p = await page({ txHash: `0x${'e'.repeat(64)}`, limit: 1 });
    expect(p.transactions).toEqual([]);
    expect(p.requests.length).toBeLessThanOrEqual(TRANSACTIONS_MAX_READS + 1);
    expect(p.requests.every((r) => r === 'QueryCommand' || r === 'GetItemCommand')).toBe(true);
  });

  it('pages through every withdrawal with kind=WITHDRAWAL, newest first, each once', async () => {
    const { codes, perPage } = await allPages({ kind: 'WITHDRAWAL', limit: 7 });
    expect(codes).toEqual(
      Array.from({ length: WITHDRAWALS }, (_, i) => withdrawal(WITHDRAWALS - 1 - i).code),
    );
    expect(Math.max(...perPage)).toBeLessThanOrEqual(TRANSACTIONS_MAX_READS);
  });

  it('finds a withdrawal by an address far down the list, by reading on (not a short page that looks like the end)', async () => {
    const { codes, perPage } = await allPages({ kind: 'WITHDRAWAL', address: RARE_ADDRESS, limit: 2 });
    expect(codes).toEqual([withdrawal(0).code]);
    expect(Math.max(...perPage)).toBeLessThanOrEqual(TRANSACTIONS_MAX_READS);
  });

  it('pages deposits and withdrawals side by side under one cursor that fits sealed: each of them once', async () => {
    const sealer = new SealedPageCursors(async () => new Uint8Array(32).fill(7));
    const codes: string[] = [];
    const perPage: number[] = [];
    let cursor: string | undefined;
    do {
      const p = await page({ limit: 4, ...(cursor ? { cursor } : {}) });
      codes.push(...p.transactions.map((t) => t.code));
      perPage.push(p.requests.length);
      cursor = p.nextCursor;
      if (cursor) expect((await sealer.seal('scope', cursor)).length).toBeLessThanOrEqual(CURSOR_MAX_LENGTH);
    } while (cursor && perPage.length < 50);
    expect([...codes].sort()).toEqual(
      [
        ...Array.from({ length: WITHDRAWALS }, (_, i) => withdrawal(i).code),
        ...Array.from({ length: DEPOSITS }, (_, i) => storedDeposit(9_000 + i).code),
      ].sort(),
    );
    expect(Math.max(...perPage)).toBeLessThanOrEqual(TRANSACTIONS_MAX_READS);
  });

  it('refuses a cursor it did not issue on the field cursor', async () => {
    await expect(page({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [expect.objectContaining({ path: 'cursor' })],
    });
  });

  it('a deposit search by address reads pages of 100, not pages of the asked limit', async () => {
    const p = await page({ kind: 'DEPOSIT', address: RARE_ADDRESS, limit: 1 });
    expect(p.transactions).toEqual([]);
    expect(p.nextCursor).toBeUndefined();
    expect(p.requests).toEqual(['QueryCommand']);
  });
});
