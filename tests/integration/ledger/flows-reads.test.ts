import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import { DynamoLedgerStore, FLOWS_MAX_READS } from '../../../shared/adapters/dynamodb/ledger-store';
import { accounts } from '../../../shared/domain/ledger/accounts';
import { createTestTable } from '../../support/test-env';

/**
 * A balance's history filtered by a reason no key serves (GET /v1/balances/{asset}/flows?reason=…)
 * reads a bounded number of times a page: a rare reason far down the history costs pages that are
 * short but carry a cursor, and following them finds it once, with the right running balance.
 */
describe('balance flows: a filtered page reads a bounded number of times', () => {
  const ASSET = 'USDT@POLYGON';
  const PARTNER = 'pt_flows';
  const account = accounts.partnerAvailable(PARTNER, ASSET);
  const requests: string[] = [];
  let store: DynamoLedgerStore;
  let dropTable: () => Promise<void>;

  beforeAll(async () => {
    const table = await createTestTable('flows-reads');
    dropTable = table.dropTable;
    const db = createDocumentClient({
      region: 'us-east-1',
      endpoint: table.config.dynamodbEndpoint,
      wrapNumbers: true,
    });
    store = new DynamoLedgerStore(db, table.config.tableName);
    const at = (i: number) => new Date(Date.UTC(2026, 10, 20, 8) + i * 60_000).toISOString();
    // The oldest line is a hold (WITHDRAWAL); 40 deposits follow it.
    await store.post({
      id: `seed:${PARTNER}`,
      kind: 'POSTED',
      reason: 'DEPOSIT',
      cause: { type: 'deposit', id: 'seed' },
      effectiveAt: at(0),
      postings: [{ debit: accounts.custody(PARTNER, 'HOT', ASSET), credit: account, amount: 100n }],
    });
    await store.post({
      id: `hold:${PARTNER}`,
      kind: 'POSTED',
      reason: 'WITHDRAWAL',
      cause: { type: 'withdrawal', id: 'w1' },
      effectiveAt: at(1),
      postings: [{ debit: account, credit: accounts.custody(PARTNER, 'MASTER', ASSET), amount: 30n }],
    });
    for (let i = 0; i < 40; i++)
      await store.post({
        id: `deposit:${PARTNER}:${i}`,
        kind: 'POSTED',
        reason: 'DEPOSIT',
        cause: { type: 'deposit', id: String(i) },
        effectiveAt: at(2 + i),
        postings: [{ debit: accounts.custody(PARTNER, 'HOT', ASSET), credit: account, amount: 1n }],
      });
    db.middlewareStack.add(
      (next, context) => async (args) => {
        requests.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'count' },
    );
  });
  afterAll(async () => dropTable());

  it(`spends at most ${FLOWS_MAX_READS} reads of history a page and finds the rare reason by its cursors`, async () => {
    const found: { entryId: string; balanceAfter: bigint }[] = [];
    const perPage: number[] = [];
    let cursor: string | undefined;
    do {
      requests.length = 0;
      const page = await store.flows(account, {
        limit: 1,
        reason: 'WITHDRAWAL',
        ...(cursor ? { cursor } : {}),
      });
      // Besides the history reads, a page reads the balance twice (before and after).
      perPage.push(requests.length - 2);
      found.push(...page.lines.map((l) => ({ entryId: l.entryId, balanceAfter: l.balanceAfter })));
      cursor = page.nextCursor;
    } while (cursor && perPage.length < 20);
    expect(found).toEqual([{ entryId: `hold:${PARTNER}`, balanceAfter: 70n }]);
    expect(Math.max(...perPage)).toBeLessThanOrEqual(FLOWS_MAX_READS);
  });
});
