import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDepositRepository } from '../../../shared/adapters/dynamodb/deposit-repository';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import { LIST_INDEXES_MARKER_KEY } from '../../../shared/adapters/dynamodb/list-index-marker';
import { migrateListIndexes } from '../../../shared/adapters/dynamodb/list-index-migration';
import type { ListIndexProgress } from '../../../shared/adapters/dynamodb/list-index-migration';
import type { DepositQuery, StoredDeposit } from '../../../shared/ports/deposits';
import { storedDeposit } from '../../support/deposit-fixture';
import { createTestTable } from '../../support/test-env';

/**
 * Deposits written before the list indexes existed (no GSI4 keys, no user refs): the list stays right
 * on the bounded filter path until the backfill (`npm run cli -- migrate list-indexes`) completes, and
 * after it the index path gives the same pages' content at 1–2 requests a page. The backfill resumes
 * where it stopped, never overwrites a status that moved on, and a second run changes nothing.
 */
describe('list indexes backfill (migrate list-indexes)', () => {
  let dropTable: () => Promise<void>;
  let db: ReturnType<typeof createDocumentClient>;
  let tableName: string;
  let repo: DynamoDepositRepository;
  const requests: string[] = [];
  const PARTNER = 'pt_backfill';
  const all = Array.from({ length: 120 }, (_, i) =>
    storedDeposit(i, {
      partnerId: PARTNER,
      status: i % 40 === 0 ? 'FAILED' : 'CONFIRMED',
      userId: `u_${i % 7}`,
      detectedAt: new Date(Date.UTC(2026, 10, 1) + i * 1_000).toISOString(),
    }),
  );
  const moved = all[61]!;
  const stale = all[90]!;
  const QUERIES: DepositQuery[] = [
    { limit: 10, status: 'FAILED' },
    { limit: 25, status: 'CONFIRMED' },
    { limit: 10, status: 'COLLECTING' },
    { limit: 10, status: 'SETTLED' },
    { limit: 5, userId: 'u_3' },
    { limit: 10, userId: 'u_5', from: all[30]!.detectedAt, to: all[90]!.detectedAt },
  ];

  beforeAll(async () => {
    const table = await createTestTable('deposit-backfill');
    dropTable = table.dropTable;
    tableName = table.config.tableName;
    db = createDocumentClient({ region: 'us-east-1', endpoint: table.config.dynamodbEndpoint });
    db.middlewareStack.add(
      (next, context) => async (args) => {
        requests.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'count' },
    );
    repo = new DynamoDepositRepository(db, tableName);
    for (let i = 0; i < all.length; i += 40)
      await Promise.all(all.slice(i, i + 40).map((d) => repo.create(d)));
    // Make the table as it was before the list indexes: no GSI4 keys, no user refs, no marker.
    await db.send(new DeleteCommand({ TableName: tableName, Key: LIST_INDEXES_MARKER_KEY }));
    await Promise.all(
      all.map(async (d) => {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { PK: `DEPOSIT#${d.id}`, SK: 'DEPOSIT' },
            UpdateExpression: 'REMOVE GSI4PK, GSI4SK',
          }),
        );
        await db.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { PK: `DEPOSITS_USER#${PARTNER}#${d.userId}`, SK: `${d.detectedAt}#${d.id}` },
          }),
        );
      }),
    );
    // A status change after the deploy, before the backfill: the transition writes GSI4PK only.
    await repo.update(moved.id, 'CONFIRMED', { status: 'COLLECTING', updatedAt: moved.detectedAt });
    // Created by the new code, moved on by a function of the previous version during the deploy: its
    // GSI4PK still says CONFIRMED.
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { PK: `DEPOSIT#${stale.id}`, SK: 'DEPOSIT' },
        UpdateExpression: 'SET #status = :settled, GSI4PK = :pk, GSI4SK = :sk',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':settled': 'SETTLED',
          ':pk': 'DEPOSITS_STATUS#CONFIRMED',
          ':sk': `${PARTNER}#${stale.detectedAt}#${stale.id}`,
        },
      }),
    );
  });
  afterAll(async () => dropTable());

  /** Every page of a query: the ids in order, and the most requests a page cost. */
  async function read(q: DepositQuery) {
    const ids: string[] = [];
    let most = 0;
    let cursor: string | undefined;
    let n = 0;
    do {
      requests.length = 0;
      const page = await repo.list(PARTNER, { ...q, ...(cursor ? { cursor } : {}) });
      most = Math.max(most, requests.length);
      ids.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
      n += 1;
    } while (cursor && n < 50);
    return { ids, most };
  }

  const expected = (q: DepositQuery) =>
    all
      .map((d) => (d.id === moved.id ? { ...d, status: 'COLLECTING' as const } : d))
      .map((d) => (d.id === stale.id ? { ...d, status: 'SETTLED' as const } : d))
      .filter((d) => (!q.status || d.status === q.status) && (!q.userId || d.userId === q.userId))
      .filter((d) => (!q.from || d.detectedAt >= q.from) && (!q.to || d.detectedAt <= q.to))
      .sort((a, b) => b.detectedAt.localeCompare(a.detectedAt))
      .map((d: StoredDeposit) => d.id);

  it('before the backfill the list is right (bounded path), after it the index path gives the same, and a rerun changes nothing', async () => {
    for (const q of QUERIES) expect((await read(q)).ids).toEqual(expected(q));

    // A first run stopped after one page leaves the list on the bounded path...
    const seen: ListIndexProgress[] = [];
    const first = await migrateListIndexes(db, tableName, { pageSize: 50, maxPages: 1 });
    expect(first.done).toBe(false);
    for (const q of QUERIES.slice(0, 1)) expect((await read(q)).ids).toEqual(expected(q));
    // ...and the next run resumes there, printing progress, until it is done.
    const done = await migrateListIndexes(db, tableName, { pageSize: 50, onProgress: (p) => seen.push(p) });
    expect(done.done).toBe(true);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[0]!.scanned).toBeGreaterThan(first.scanned);
    expect(done.indexed).toBe(all.length);
    expect(done.refs).toBe(all.length);

    for (const q of QUERIES) {
      const { ids, most } = await read(q);
      expect(ids).toEqual(expected(q));
      expect(most).toBeLessThanOrEqual(2);
    }

    // Done is done; and a full rerun (marker removed) finds nothing to change.
    expect(await migrateListIndexes(db, tableName)).toEqual(done);
    await db.send(new DeleteCommand({ TableName: tableName, Key: LIST_INDEXES_MARKER_KEY }));
    const rerun = await migrateListIndexes(db, tableName);
    expect(rerun).toMatchObject({ done: true, indexed: 0, refs: 0 });
  });

  it('records an item it cannot index, backfills the rest, and stays off until a rerun indexes it', async () => {
    const poison = { PK: 'DEPOSIT#BSC:0xbad:0', SK: 'DEPOSIT', entity: 'Deposit', id: 'BSC:0xbad:0' };
    await db.send(new PutCommand({ TableName: tableName, Item: poison })); // no status, no partner
    await db.send(new DeleteCommand({ TableName: tableName, Key: LIST_INDEXES_MARKER_KEY }));
    const run = await migrateListIndexes(db, tableName);
    expect(run.done).toBe(false);
    expect(run.failed.map((f) => f.key)).toEqual(['DEPOSIT#BSC:0xbad:0|DEPOSIT']);
    const marker = await db.send(new GetCommand({ TableName: tableName, Key: LIST_INDEXES_MARKER_KEY }));
    expect(marker.Item?.['completedAt']).toBeUndefined();
    expect(marker.Item?.['failed']).toEqual([
      expect.objectContaining({ key: 'DEPOSIT#BSC:0xbad:0|DEPOSIT' }),
    ]);

    // The record is put right (here: removed for review); the rerun completes.
    await db.send(new DeleteCommand({ TableName: tableName, Key: { PK: poison.PK, SK: poison.SK } }));
    expect(await migrateListIndexes(db, tableName)).toMatchObject({ done: true, failed: [] });
  });
});
