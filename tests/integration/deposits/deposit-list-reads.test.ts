import {
  DynamoDepositRepository,
  MAX_READS_PER_PAGE,
} from '../../../shared/adapters/dynamodb/deposit-repository';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import type { StoredDeposit } from '../../../shared/ports/deposits';
import { storedDeposit } from '../../support/deposit-fixture';
import { createTestTable } from '../../support/test-env';

/**
 * The deposit list with a filter no index serves (the transactions view's address or sweep hash, via
 * `match`; status and user are index-served, deposit-list-index.test.ts) reads a bounded number of
 * times per page: a rare match far down the partition costs pages that are short but say there is more
 * (a cursor), never one unbounded read, and never a short page that looks like the end.
 */
describe('deposit list: filtered pages read a bounded number of times', () => {
  let dropTable: () => Promise<void>;
  let repo: DynamoDepositRepository;
  const queries: string[] = [];
  const PARTNER = 'pt_list';

  beforeAll(async () => {
    const table = await createTestTable('deposit-list');
    dropTable = table.dropTable;
    const db = createDocumentClient({ region: 'us-east-1', endpoint: table.config.dynamodbEndpoint });
    db.middlewareStack.add(
      (next, context) => async (args) => {
        queries.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'count' },
    );
    repo = new DynamoDepositRepository(db, table.config.tableName);
    // 1,200 deposits a second apart, newest last; only the oldest is FAILED.
    const all = Array.from({ length: 1_200 }, (_, i) => deposit(i, i === 0 ? 'FAILED' : 'CONFIRMED'));
    for (let i = 0; i < all.length; i += 40)
      await Promise.all(all.slice(i, i + 40).map((d) => repo.create(d)));
  });
  afterAll(async () => dropTable());

  it(`spends at most ${MAX_READS_PER_PAGE} reads a page and finds the one match, once, by following the cursors`, async () => {
    const found: string[] = [];
    const perPage: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      queries.length = 0;
      const page = await repo.list(PARTNER, {
        limit: 10,
        match: (d) => d.status === 'FAILED',
        ...(cursor ? { cursor } : {}),
      });
      perPage.push(queries.filter((q) => q === 'QueryCommand').length);
      found.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(found).toEqual([deposit(0, 'FAILED').id]);
    expect(Math.max(...perPage)).toBeLessThanOrEqual(MAX_READS_PER_PAGE);
    // 1,200 items at 100 a read: the first page spends its reads and says there is more.
    expect(perPage[0]).toBe(MAX_READS_PER_PAGE);
    expect(pages).toBe(2);
  });

  it('an unfiltered page is one read', async () => {
    queries.length = 0;
    const page = await repo.list(PARTNER, { limit: 50 });
    expect(page.items).toHaveLength(50);
    expect(page.nextCursor).toBeDefined();
    expect(queries).toEqual(['QueryCommand']);
  });
});

/** Deposit `i` of the partition, a second after the one before. */
function deposit(i: number, status: StoredDeposit['status']): StoredDeposit {
  return storedDeposit(i, {
    partnerId: 'pt_list',
    status,
    detectedAt: new Date(Date.UTC(2026, 10, 1) + i * 1_000).toISOString(),
  });
}
