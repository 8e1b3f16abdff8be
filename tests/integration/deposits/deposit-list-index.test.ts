import { DynamoDepositRepository } from '../../../shared/adapters/dynamodb/deposit-repository';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import type { StoredDeposit } from '../../../shared/ports/deposits';
import { storedDeposit } from '../../support/deposit-fixture';
import { createTestTable } from '../../support/test-env';

/**
 * The deposit list filtered by status or by user is served by an index (ADR 0030): newest first, the
 * date range as a key condition, cursor pages, and at most 2 DynamoDB requests a page however rare the
 * match — where a filter applied after reading the partner's whole partition spent its bounded reads
 * on pages that were empty but carried a cursor.
 */
describe('deposit list: status and user filters are served by an index', () => {
  let dropTable: () => Promise<void>;
  let repo: DynamoDepositRepository;
  const requests: string[] = [];
  const PARTNER = 'pt_idx';
  // 300 deposits a second apart, newest last: the oldest is FAILED, user u_rare has three of them
  // (spread over the partition), the others belong to ten users; a second partner has the same shape.
  const RARE = [5, 150, 290];
  const all = Array.from({ length: 300 }, (_, i) => deposit(i, PARTNER));
  const other = Array.from({ length: 20 }, (_, i) => deposit(1_000 + i, 'pt_other'));

  beforeAll(async () => {
    const table = await createTestTable('deposit-idx');
    dropTable = table.dropTable;
    const db = createDocumentClient({ region: 'us-east-1', endpoint: table.config.dynamodbEndpoint });
    db.middlewareStack.add(
      (next, context) => async (args) => {
        requests.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'count' },
    );
    repo = new DynamoDepositRepository(db, table.config.tableName);
    const rows = [...all, ...other];
    for (let i = 0; i < rows.length; i += 40)
      await Promise.all(rows.slice(i, i + 40).map((d) => repo.create(d)));
    // Warm the repository (it learns once that the table's list indexes are complete).
    await repo.list(PARTNER, { limit: 1, status: 'FAILED' });
  });
  afterAll(async () => dropTable());

  /** Every page of a query, with the DynamoDB requests each page cost. */
  async function pages(partnerId: string, q: Parameters<DynamoDepositRepository['list']>[1]) {
    const ids: string[] = [];
    const perPage: number[] = [];
    let cursor: string | undefined;
    let n = 0;
    do {
      requests.length = 0;
      const page = await repo.list(partnerId, { ...q, ...(cursor ? { cursor } : {}) });
      perPage.push(requests.length);
      ids.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
      n += 1;
    } while (cursor && n < 50);
    return { ids, perPage };
  }

  const newestFirst = (ds: StoredDeposit[]) =>
    [...ds].sort((a, b) => b.detectedAt.localeCompare(a.detectedAt)).map((d) => d.id);

  it('finds the one FAILED deposit at the bottom of the partition in one page of one request', async () => {
    const { ids, perPage } = await pages(PARTNER, { limit: 10, status: 'FAILED' });
    expect(ids).toEqual([all[0]!.id]);
    expect(perPage).toEqual([1]);
  });

  it("finds one user's deposits among everyone's in one page of two requests (the refs, then the deposits)", async () => {
    const { ids, perPage } = await pages(PARTNER, { limit: 10, userId: 'u_rare' });
    expect(ids).toEqual(newestFirst(RARE.map((i) => all[i]!)));
    expect(perPage).toEqual([2]);
  });

  it('pages a common status newest first with cursors, at most 2 requests a page, each deposit once', async () => {
    const { ids, perPage } = await pages(PARTNER, { limit: 40, status: 'CONFIRMED' });
    expect(ids).toEqual(newestFirst(all.filter((d) => d.status === 'CONFIRMED')));
    expect(Math.max(...perPage)).toBeLessThanOrEqual(2);
  });

  it('pages one user with cursors, at most 2 requests a page', async () => {
    const { ids, perPage } = await pages(PARTNER, { limit: 7, userId: 'u_3' });
    expect(ids).toEqual(newestFirst(all.filter((d) => d.userId === 'u_3')));
    expect(Math.max(...perPage)).toBeLessThanOrEqual(2);
  });

  it('takes the date range as a key condition (status and user)', async () => {
    const from = all[100]!.detectedAt;
    const to = all[179]!.detectedAt;
    const inRange = all.filter((d) => d.detectedAt >= from && d.detectedAt <= to);
    const byStatus = await pages(PARTNER, { limit: 100, status: 'CONFIRMED', from, to });
    expect(byStatus.ids).toEqual(newestFirst(inRange.filter((d) => d.status === 'CONFIRMED')));
    expect(byStatus.perPage).toEqual([1]);
    const byUser = await pages(PARTNER, { limit: 100, userId: 'u_rare', from, to });
    expect(byUser.ids).toEqual([all[150]!.id]);
    expect(byUser.perPage).toEqual([2]);
  });

  it("never shows another partner's deposits", async () => {
    const byStatus = await pages('pt_other', { limit: 100, status: 'CONFIRMED' });
    expect(byStatus.ids).toEqual(newestFirst(other.filter((d) => d.status === 'CONFIRMED')));
    const byUser = await pages('pt_other', { limit: 100, userId: 'u_rare' });
    expect(byUser.ids).toEqual([other[5]!.id]);
  });

  it('a status change moves the deposit between the status pages (the same conditional update)', async () => {
    const target = all[250]!;
    await repo.update(target.id, 'CONFIRMED', { status: 'COLLECTING', updatedAt: target.detectedAt });
    expect((await pages(PARTNER, { limit: 100, status: 'COLLECTING' })).ids).toEqual([target.id]);
    expect((await pages(PARTNER, { limit: 100, status: 'CONFIRMED' })).ids).not.toContain(target.id);
  });

  it('an unattributed deposit given its user (deposits assign) is listed under that user', async () => {
    const lost = storedDeposit(5_000, {
      partnerId: PARTNER,
      userId: null,
      method: 'UNATTRIBUTED',
      detectedAt: '2026-11-02T00:00:00.000Z',
    });
    await repo.create(lost);
    expect((await pages(PARTNER, { limit: 10, userId: 'u_found' })).ids).toEqual([]);
    await repo.update(lost.id, lost.status, { userId: 'u_found', updatedAt: lost.detectedAt });
    const { ids, perPage } = await pages(PARTNER, { limit: 10, userId: 'u_found' });
    expect(ids).toEqual([lost.id]);
    expect(perPage).toEqual([2]);
  });

  it("user AND a filter no index serves (the transactions view's address, kind): the user's refs, filtered", async () => {
    const oldest = all[RARE[0]!]!;
    const { ids, perPage } = await pages(PARTNER, {
      limit: 10,
      userId: 'u_rare',
      match: (d) => d.id === oldest.id,
    });
    expect(ids).toEqual([oldest.id]);
    expect(perPage).toEqual([2]);
  });

  it('status AND user: one index, the other filtered within the bound', async () => {
    const { ids } = await pages(PARTNER, { limit: 10, status: 'FAILED', userId: 'u_rare' });
    expect(ids).toEqual([]);
    const both = await pages(PARTNER, { limit: 10, status: 'CONFIRMED', userId: 'u_rare' });
    expect(both.ids).toEqual(newestFirst(RARE.map((i) => all[i]!)));
  });

  it('refuses a forged or out-of-range cursor with a 400 (never a DynamoDB error)', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');
    const first = await repo.list(PARTNER, { limit: 2, status: 'CONFIRMED' });
    const elsewhere = { from: all[10]!.detectedAt, to: all[20]!.detectedAt };
    const refused = [
      () => repo.list(PARTNER, { limit: 2, status: 'CONFIRMED', ...elsewhere, cursor: first.nextCursor! }),
      () =>
        repo.list(PARTNER, {
          limit: 2,
          status: 'CONFIRMED',
          cursor: b64({ GSI4PK: 'DEPOSITS_STATUS#CONFIRMED', GSI4SK: `${PARTNER}#x` }),
        }),
      () =>
        repo.list(PARTNER, { limit: 2, userId: 'u_3', cursor: b64({ PK: `DEPOSITS_USER#${PARTNER}#u_3` }) }),
    ];
    for (const r of refused) await expect(r()).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('refuses a cursor of another filter or partner', async () => {
    const page = await repo.list(PARTNER, { limit: 2, userId: 'u_3' });
    await expect(
      repo.list(PARTNER, { limit: 2, userId: 'u_4', cursor: page.nextCursor! }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const byStatus = await repo.list(PARTNER, { limit: 2, status: 'CONFIRMED' });
    await expect(
      repo.list('pt_other', { limit: 2, status: 'CONFIRMED', cursor: byStatus.nextCursor! }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

/** Deposit `i` of a partition, a second after the one before. */
function deposit(i: number, partnerId: string): StoredDeposit {
  const k = i % 1_000;
  return storedDeposit(i, {
    partnerId,
    status: k === 0 ? 'FAILED' : 'CONFIRMED',
    userId: [5, 150, 290].includes(k) ? 'u_rare' : `u_${k % 10}`,
    detectedAt: new Date(Date.UTC(2026, 10, 1) + k * 1_000).toISOString(),
  });
}
