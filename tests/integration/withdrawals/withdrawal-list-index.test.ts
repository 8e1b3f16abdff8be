import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import { LIST_INDEXES_MARKER_KEY } from '../../../shared/adapters/dynamodb/list-index-marker';
import { migrateListIndexes } from '../../../shared/adapters/dynamodb/list-index-migration';
import { DynamoWithdrawalRepository } from '../../../shared/adapters/dynamodb/withdrawal-repository';
import type { Withdrawal, WithdrawalStatus } from '../../../shared/domain/withdrawal/withdrawal';
import type { WithdrawalListQuery } from '../../../shared/ports/withdrawals';
import { createTestTable } from '../../support/test-env';

/**
 * The withdrawal list filtered by status or by user is served by an index (ADR 0030): GSI4 by status
 * (1 request a page), the user's refs + one BatchGet (2), the date range as a key condition; where a
 * filter applied after reading the partner's whole partition spent up to 20 reads on a rare match.
 * Withdrawals written before the index are backfilled by `migrate list-indexes`, with the same results.
 */
describe('withdrawal list: status and user filters are served by an index', () => {
  let dropTable: () => Promise<void>;
  let db: ReturnType<typeof createDocumentClient>;
  let tableName: string;
  let repo: DynamoWithdrawalRepository;
  const requests: string[] = [];
  const PARTNER = 'pt_wd_idx';
  // 300 withdrawals a second apart, newest last: the oldest is REJECTED, user u_rare has three.
  const RARE = [5, 150, 290];
  const all = Array.from({ length: 300 }, (_, i) => withdrawal(i, PARTNER));
  const other = Array.from({ length: 10 }, (_, i) => withdrawal(i, 'pt_wd_other'));

  beforeAll(async () => {
    const table = await createTestTable('withdrawal-idx');
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
    repo = new DynamoWithdrawalRepository(db, tableName);
    const rows = [...all, ...other];
    for (let i = 0; i < rows.length; i += 50)
      await Promise.all(rows.slice(i, i + 50).map((w) => repo.create(w)));
    await repo.list(PARTNER, { limit: 1, status: 'REJECTED' });
  });
  afterAll(async () => dropTable());

  async function pages(partnerId: string, q: WithdrawalListQuery) {
    const codes: string[] = [];
    const perPage: number[] = [];
    let cursor: string | undefined;
    let n = 0;
    do {
      requests.length = 0;
      const page: { items: Withdrawal[]; nextCursor?: string } = await repo.list(partnerId, {
        ...q,
        ...(cursor ? { cursor } : {}),
      });
      perPage.push(requests.length);
      codes.push(...page.items.map((w) => w.code));
      cursor = page.nextCursor;
      n += 1;
    } while (cursor && n < 50);
    return { codes, perPage };
  }

  const newestFirst = (ws: Withdrawal[]) =>
    [...ws].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((w) => w.code);

  it('a rare status: one page, one request', async () => {
    const { codes, perPage } = await pages(PARTNER, { limit: 10, status: 'REJECTED' });
    expect(codes).toEqual([all[0]!.code]);
    expect(perPage).toEqual([1]);
  });

  it('a rare user: one page, two requests', async () => {
    const { codes, perPage } = await pages(PARTNER, { limit: 10, userId: 'u_rare' });
    expect(codes).toEqual(newestFirst(RARE.map((i) => all[i]!)));
    expect(perPage).toEqual([2]);
  });

  it('common status and user with a date range: cursor pages of at most 2 requests, each once', async () => {
    const from = all[40]!.createdAt;
    const to = all[260]!.createdAt;
    const inRange = all.filter((w) => w.createdAt >= from && w.createdAt <= to);
    const byStatus = await pages(PARTNER, { limit: 30, status: 'REQUESTED', from, to });
    expect(byStatus.codes).toEqual(newestFirst(inRange.filter((w) => w.status === 'REQUESTED')));
    expect(Math.max(...byStatus.perPage)).toBeLessThanOrEqual(2);
    const byUser = await pages(PARTNER, { limit: 6, userId: 'u_4', from, to });
    expect(byUser.codes).toEqual(newestFirst(inRange.filter((w) => w.userId === 'u_4')));
    expect(Math.max(...byUser.perPage)).toBeLessThanOrEqual(2);
    expect((await pages('pt_wd_other', { limit: 100, status: 'REJECTED' })).codes).toEqual([other[0]!.code]);
  });

  it("user AND type or address (no index of their own): the user's refs, filtered, 2 requests", async () => {
    const { codes, perPage } = await pages(PARTNER, {
      limit: 10,
      userId: 'u_rare',
      type: 'USER',
      address: '0x3333333333333333333333333333333333333333',
    });
    expect(codes).toEqual(newestFirst(RARE.map((i) => all[i]!)));
    expect(perPage).toEqual([2]);
  });

  it('refuses a forged or out-of-range cursor with a 400 (never a DynamoDB error)', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');
    const first: { items: Withdrawal[]; nextCursor?: string } = await repo.list(PARTNER, {
      limit: 2,
      status: 'REQUESTED',
    });
    const elsewhere = { from: all[10]!.createdAt, to: all[20]!.createdAt };
    const refused = [
      () => repo.list(PARTNER, { limit: 2, status: 'REQUESTED', ...elsewhere, cursor: first.nextCursor! }),
      () =>
        repo.list(PARTNER, {
          limit: 2,
          status: 'REQUESTED',
          cursor: b64({ GSI4PK: 'WITHDRAWALS_STATUS#REQUESTED', GSI4SK: `${PARTNER}#x` }),
        }),
      () =>
        repo.list(PARTNER, {
          limit: 2,
          userId: 'u_3',
          cursor: b64({ PK: `WITHDRAWALS_USER#${PARTNER}#u_3` }),
        }),
      () =>
        repo.list(PARTNER, {
          limit: 2,
          userId: 'u_3',
          cursor: b64({ PK: `WITHDRAWALS_USER#other#u_3`, SK: 'x' }),
        }),
    ];
    for (const r of refused) await expect(r()).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('a status change moves the withdrawal between status pages', async () => {
    const target = all[200]!;
    await repo.transition(PARTNER, target.code, 'REQUESTED', {
      status: 'PENDING_APPROVAL',
      at: '2026-11-02T00:00:00.000Z',
    });
    expect((await pages(PARTNER, { limit: 10, status: 'PENDING_APPROVAL' })).codes).toEqual([target.code]);
    expect((await pages(PARTNER, { limit: 100, status: 'REQUESTED' })).codes).not.toContain(target.code);
  });

  it('items written before the index: right on the bounded path, the same on the index after the backfill', async () => {
    // A table of its own (this process already knows the first one's indexes are complete).
    const table = await createTestTable('withdrawal-idx-old');
    const oldTable = table.config.tableName;
    repo = new DynamoWithdrawalRepository(db, oldTable);
    await db.send(new DeleteCommand({ TableName: oldTable, Key: LIST_INDEXES_MARKER_KEY }));
    const old = Array.from({ length: 30 }, (_, i) => withdrawal(i, 'pt_wd_old'));
    for (const w of old) await repo.create(w);
    await Promise.all(
      old.map(async (w) => {
        await db.send(
          new UpdateCommand({
            TableName: oldTable,
            Key: { PK: `WITHDRAWAL#pt_wd_old#${w.code}`, SK: 'WITHDRAWAL' },
            UpdateExpression: 'REMOVE GSI4PK, GSI4SK',
          }),
        );
        await db.send(
          new DeleteCommand({
            TableName: oldTable,
            Key: { PK: `WITHDRAWALS_USER#pt_wd_old#${w.userId}`, SK: `${w.createdAt}#${w.code}` },
          }),
        );
      }),
    );
    const queries: WithdrawalListQuery[] = [
      { limit: 5, status: 'REJECTED' },
      { limit: 5, status: 'REQUESTED' },
      { limit: 3, userId: 'u_rare' },
    ];
    const before = [];
    for (const q of queries) before.push((await pages('pt_wd_old', q)).codes);
    expect(before[0]).toEqual([old[0]!.code]);
    const done = await migrateListIndexes(db, oldTable);
    expect(done).toMatchObject({ done: true, indexed: old.length, refs: old.length });
    for (const [i, q] of queries.entries()) {
      const after = await pages('pt_wd_old', q);
      expect(after.codes).toEqual(before[i]);
      expect(Math.max(...after.perPage)).toBeLessThanOrEqual(2);
    }
    await table.dropTable();
  });
});

function withdrawal(i: number, partnerId: string): Withdrawal {
  const status: WithdrawalStatus = i === 0 ? 'REJECTED' : 'REQUESTED';
  const createdAt = new Date(Date.UTC(2026, 10, 1) + i * 1_000).toISOString();
  return {
    partnerId,
    code: `W261101${String(i).padStart(8, '0')}`,
    type: 'USER',
    network: 'BSC',
    token: 'USDT',
    asset: 'USDT@BSC',
    amount: 10n ** 18n,
    fee: 0n,
    address: '0x3333333333333333333333333333333333333333',
    userId: [5, 150, 290].includes(i) ? 'u_rare' : `u_${i % 10}`,
    status,
    requiresApproval: false,
    requestedBy: { kind: 'apiKey', id: 'ak_test' },
    requestHash: `h${i}`,
    createdAt,
    updatedAt: createdAt,
    history: [{ status, at: createdAt }],
  };
}
