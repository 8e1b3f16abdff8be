import fc from 'fast-check';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import { DynamoLedgerStore } from '../../../shared/adapters/dynamodb/ledger-store';
import { isGatewayError } from '../../../shared/domain/errors';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { EntryRequest } from '../../../shared/domain/ledger/entry';
import { MemoryLedger } from '../../../shared/domain/ledger/memory-ledger';
import { createTestTable } from '../../support/test-env';
import { commandArb, toRequests } from '../../unit/ledger/ledger-fixtures';

const BSC = 'USDT@BSC';
const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 12, minute)).toISOString();

function deposit(partner: string, n: string, amount: bigint, fee = 0n, minute = 0): EntryRequest {
  return {
    id: `deposit:BSC:${n}:0`,
    kind: 'POSTED',
    reason: 'DEPOSIT',
    cause: { type: 'deposit', id: n },
    effectiveAt: at(minute),
    postings: [
      {
        debit: accounts.custody(partner, 'HOT', BSC),
        credit: accounts.partnerAvailable(partner, BSC),
        amount: amount - fee,
      },
      ...(fee > 0n
        ? [
            {
              debit: accounts.custody(partner, 'HOT', BSC),
              credit: accounts.platformRevenue(BSC),
              amount: fee,
              reason: 'DEPOSIT_FEE' as const,
            },
          ]
        : []),
    ],
  };
}

function sweep(partner: string, n: string, amount: bigint): EntryRequest {
  return {
    id: `sweep:BSC:${n}`,
    kind: 'POSTED',
    reason: 'SWEEP',
    cause: { type: 'sweep', id: n },
    effectiveAt: at(1),
    postings: [
      {
        debit: accounts.custody(partner, 'MASTER', BSC),
        credit: accounts.custody(partner, 'HOT', BSC),
        amount,
      },
    ],
  };
}

function hold(partner: string, n: string, amount: bigint): EntryRequest {
  return {
    id: `withdrawal:${n}:hold`,
    kind: 'PENDING',
    reason: 'WITHDRAWAL',
    cause: { type: 'withdrawal', id: n },
    effectiveAt: at(2),
    postings: [
      {
        debit: accounts.partnerAvailable(partner, BSC),
        credit: accounts.custody(partner, 'MASTER', BSC),
        amount,
      },
    ],
  };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (e) {
    if (isGatewayError(e)) return e.code;
    throw e;
  }
}

// 200 holds racing for one balance: ~3-6 s alone, but a late slot in the full serial run once took over
// 30 s (DynamoDB Local slows as the run goes on). Correctness tests, not timing tests: give them room.
const CONTENDED_TIMEOUT_MS = 180_000;

describe('ledger on DynamoDB Local', () => {
  let store: DynamoLedgerStore;
  let tableName: string;
  let dropTable: () => Promise<void>;
  const db = createDocumentClient({
    region: 'us-east-1',
    endpoint: process.env['DYNAMODB_ENDPOINT'],
    wrapNumbers: true,
  });
  const unit = 10n ** 18n; // one USDT on BSC

  beforeAll(async () => {
    const table = await createTestTable('ledger');
    tableName = table.config.tableName;
    dropTable = table.dropTable;
    store = new DynamoLedgerStore(db, tableName, {
      shardOverrides: new Map([['partner:hotpartner:available', 4]]),
    });
  });
  afterAll(() => dropTable());

  it(
    'lets exactly 37 of 200 concurrent holds through when the balance covers 37',
    async () => {
      await store.post(deposit('p37', 'tx-p37', 37n * 25n * unit));
      await store.post(sweep('p37', 'sw-p37', 37n * 25n * unit));
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => codeOf(store.post(hold('p37', `W37-${i}`, 25n * unit)))),
      );
      expect(results.filter((r) => r === 'OK')).toHaveLength(37);
      expect(results.filter((r) => r === 'INSUFFICIENT_FUNDS')).toHaveLength(163);
      const balance = await store.balance(accounts.partnerAvailable('p37', BSC));
      expect(balance).toMatchObject({
        available: 0n,
        pendingDebits: 37n * 25n * unit,
        posted: 37n * 25n * unit,
      });
    },
    CONTENDED_TIMEOUT_MS,
  );

  it(
    'keeps the same exactness when the partner account is spread over 4 shards',
    async () => {
      // Eight deposits land on different shards; holds must draw across them without overdrawing any.
      for (let i = 0; i < 8; i++)
        await store.post(deposit('hotpartner', `tx-hot-${i}`, (37n * 10n * unit) / 8n));
      await store.post(sweep('hotpartner', 'sw-hot', 370n * unit));
      const shards = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': 'LEDGER#ACCOUNT#partner:hotpartner:available/USDT@BSC' },
          ConsistentRead: true,
        }),
      );
      expect(shards.Items?.length).toBeGreaterThan(1);
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          codeOf(store.post(hold('hotpartner', `Whot-${i}`, 10n * unit))),
        ),
      );
      expect(results.filter((r) => r === 'OK')).toHaveLength(37);
      expect(results.every((r) => r === 'OK' || r === 'INSUFFICIENT_FUNDS')).toBe(true);
      const balance = await store.balance(accounts.partnerAvailable('hotpartner', BSC));
      expect(balance.available).toBe(0n);
      expect(balance.pendingDebits).toBe(370n * unit);
      for (const item of (
        await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': 'LEDGER#ACCOUNT#partner:hotpartner:available/USDT@BSC' },
            ConsistentRead: true,
          }),
        )
      ).Items ?? []) {
        expect(BigInt((item['avail'] as { value: string }).value)).toBeGreaterThanOrEqual(0n);
      }
    },
    CONTENDED_TIMEOUT_MS,
  );

  it('applies concurrent duplicates of one entry exactly once', async () => {
    const entry = deposit('pdup', 'tx-dup', 5n * unit);
    const results = await Promise.all(Array.from({ length: 25 }, () => store.post(entry)));
    expect(results.filter((r) => r.status === 'APPLIED')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'DUPLICATE')).toHaveLength(24);
    expect((await store.balance(accounts.partnerAvailable('pdup', BSC))).posted).toBe(5n * unit);
  });

  it('refuses a re-post of the same id with a different payload', async () => {
    await store.post(deposit('pconf', 'tx-conf', 5n * unit));
    expect(await codeOf(store.post(deposit('pconf', 'tx-conf', 6n * unit)))).toBe('LEDGER_ENTRY_CONFLICT');
    expect((await store.balance(accounts.partnerAvailable('pconf', BSC))).posted).toBe(5n * unit);
  });

  it('loses nothing and doubles nothing when the writer crashes before or after the write', async () => {
    let crashBefore = true;
    const crashing = new DynamoLedgerStore(db, tableName, {
      beforeWrite: () => {
        if (crashBefore) throw new Error('Lambda crashed after building the entry');
      },
    });
    const entry = deposit('pcrash', 'tx-crash', 7n * unit);
    await expect(crashing.post(entry)).rejects.toThrow('Lambda crashed');
    expect(await crashing.getEntry(entry.id)).toBeUndefined();
    expect((await store.balance(accounts.partnerAvailable('pcrash', BSC))).posted).toBe(0n);
    crashBefore = false;
    expect((await crashing.post(entry)).status).toBe('APPLIED');

    // The write succeeds but the response is lost: the retry must see the original, not post again.
    const lossy = createDocumentClient({
      region: 'us-east-1',
      endpoint: process.env['DYNAMODB_ENDPOINT'],
      wrapNumbers: true,
    });
    lossy.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'TransactWriteItemsCommand') throw new Error('socket hang up');
        return result;
      },
      { step: 'initialize', name: 'loseResponses' },
    );
    const second = deposit('pcrash', 'tx-crash-2', 3n * unit);
    await expect(new DynamoLedgerStore(lossy, tableName).post(second)).rejects.toThrow('socket hang up');
    expect((await store.post(second)).status).toBe('DUPLICATE');
    expect((await store.balance(accounts.partnerAvailable('pcrash', BSC))).posted).toBe(10n * unit);
  });

  it('posts a hold partly, releases the rest, and resolves it exactly once', async () => {
    await store.post(deposit('ph', 'tx-ph', 100n * unit));
    await store.post(sweep('ph', 'sw-ph', 100n * unit));
    const h = hold('ph', 'Wph', 40n * unit);
    await store.post(h);
    const post: EntryRequest = {
      id: 'withdrawal:Wph:post',
      kind: 'POST_PENDING',
      reason: 'WITHDRAWAL',
      cause: h.cause,
      pendingId: h.id,
      effectiveAt: at(3),
      postings: [{ ...h.postings[0]!, amount: 30n * unit }],
    };
    const [a, b] = await Promise.all([store.post(post), store.post(post)]);
    expect([a.status, b.status].sort()).toEqual(['APPLIED', 'DUPLICATE']);
    expect(await store.balance(accounts.partnerAvailable('ph', BSC))).toMatchObject({
      posted: 70n * unit,
      available: 70n * unit,
      pendingDebits: 0n,
    });
    expect((await store.balance(accounts.custody('ph', 'MASTER', BSC))).posted).toBe(70n * unit);
    expect(
      await codeOf(
        store.post({
          id: 'withdrawal:Wph:void',
          kind: 'VOID_PENDING',
          reason: 'WITHDRAWAL',
          cause: h.cause,
          pendingId: h.id,
          effectiveAt: at(3),
          postings: [],
        }),
      ),
    ).toBe('PENDING_ALREADY_RESOLVED');
    expect(
      await codeOf(
        store.post({
          id: 'withdrawal:nope:void',
          kind: 'VOID_PENDING',
          reason: 'WITHDRAWAL',
          cause: h.cause,
          pendingId: 'withdrawal:nope:hold',
          effectiveAt: at(3),
          postings: [],
        }),
      ),
    ).toBe('PENDING_NOT_FOUND');
    expect((await store.getEntry(h.id))?.pendingStatus).toBe('POSTED');
  });

  it('answers DUPLICATE, not "already resolved", when a copy of the same post resolved the hold between its two reads', async () => {
    await store.post(deposit('pr', 'tx-pr', 50n * unit));
    await store.post(sweep('pr', 'sw-pr', 50n * unit));
    const h = hold('pr', 'Wpr', 20n * unit);
    await store.post(h);
    const post: EntryRequest = {
      id: 'withdrawal:Wpr:post',
      kind: 'POST_PENDING',
      reason: 'WITHDRAWAL',
      cause: h.cause,
      pendingId: h.id,
      effectiveAt: at(3),
      postings: [],
    };
    expect((await store.post(post)).status).toBe('APPLIED');
    // The late copy read its own entry before the first one committed, and the hold after it.
    class StaleFirstRead extends DynamoLedgerStore {
      private stale = true;
      override async getEntry(id: string) {
        if (this.stale && id === post.id) {
          this.stale = false;
          return undefined;
        }
        return super.getEntry(id);
      }
    }
    const late = await new StaleFirstRead(db, tableName).post(post);
    expect(late.status).toBe('DUPLICATE');
    expect((await store.balance(accounts.partnerAvailable('pr', BSC))).posted).toBe(30n * unit);
  });

  it('spreads the platform revenue account over shards and keeps its total exact', async () => {
    const fees = Array.from({ length: 60 }, (_, i) => BigInt(i + 1) * 1_000_000_000_000_001n);
    await Promise.all(
      fees.map((fee, i) => store.post(deposit(`prev${i % 5}`, `tx-rev-${i}`, 100n * unit, fee))),
    );
    const revenue = await store.balance(accounts.platformRevenue(BSC));
    expect(revenue.posted).toBe(fees.reduce((s, f) => s + f, 0n));
    const items = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'LEDGER#ACCOUNT#revenue:platform/USDT@BSC' },
        ConsistentRead: true,
      }),
    );
    expect(items.Items?.length).toBeGreaterThan(4);
  });

  it('keeps amounts beyond 2^53 exact', async () => {
    const big = 123_456_789_012n * unit + 987_654_321_098_765_432n; // 18-decimal amount, ~1.2e29
    await store.post(deposit('pbig', 'tx-big', big));
    expect((await store.balance(accounts.partnerAvailable('pbig', BSC))).posted).toBe(big);
    const raw = await db.send(
      new GetCommand({
        TableName: tableName,
        Key: { PK: 'LEDGER#ENTRY#deposit:BSC:tx-big:0', SK: 'ENTRY' },
        ConsistentRead: true,
      }),
    );
    expect((raw.Item?.['postings'] as { amount: string }[])[0]?.amount).toBe(big.toString());
  });

  describe('account history', () => {
    const partner = 'pflow';
    beforeAll(async () => {
      for (let i = 1; i <= 7; i++)
        await store.post(deposit(partner, `tx-flow-${i}`, BigInt(i) * unit, 0n, 10 + i));
      await store.post({
        id: 'transfer:TF1',
        kind: 'POSTED',
        reason: 'TRANSFER',
        cause: { type: 'transfer', id: 'TF1' },
        effectiveAt: at(30),
        postings: [
          {
            debit: accounts.partnerAvailable(partner, BSC),
            credit: accounts.partnerAvailable('pother', BSC),
            amount: 5n * unit,
          },
        ],
      });
    });

    it('lists credits and debits newest first with the running balance after each', async () => {
      const page = await store.flows(accounts.partnerAvailable(partner, BSC), { limit: 50 });
      expect(page.lines.map((l) => [l.reason, l.delta / unit, l.balanceAfter / unit])).toEqual([
        ['TRANSFER', -5n, 23n],
        ['DEPOSIT', 7n, 28n],
        ['DEPOSIT', 6n, 21n],
        ['DEPOSIT', 5n, 15n],
        ['DEPOSIT', 4n, 10n],
        ['DEPOSIT', 3n, 6n],
        ['DEPOSIT', 2n, 3n],
        ['DEPOSIT', 1n, 1n],
      ]);
      expect(page.nextCursor).toBeUndefined();
    });

    it('pages with a cursor without losing the running balance', async () => {
      const first = await store.flows(accounts.partnerAvailable(partner, BSC), { limit: 3 });
      expect(first.lines.map((l) => l.balanceAfter / unit)).toEqual([23n, 28n, 21n]);
      const second = await store.flows(accounts.partnerAvailable(partner, BSC), {
        limit: 3,
        cursor: first.nextCursor as string,
      });
      expect(second.lines.map((l) => l.balanceAfter / unit)).toEqual([15n, 10n, 6n]);
      const third = await store.flows(accounts.partnerAvailable(partner, BSC), {
        limit: 3,
        cursor: second.nextCursor as string,
      });
      expect(third.lines.map((l) => l.balanceAfter / unit)).toEqual([3n, 1n]);
      expect(third.nextCursor).toBeUndefined();
    });

    it('filters by reason and date range, balances still running over everything', async () => {
      const transfers = await store.flows(accounts.partnerAvailable(partner, BSC), {
        limit: 10,
        reason: 'TRANSFER',
      });
      expect(transfers.lines.map((l) => l.entryId)).toEqual(['transfer:TF1']);
      const window = await store.flows(accounts.partnerAvailable(partner, BSC), {
        limit: 10,
        from: at(13),
        to: at(15),
      });
      expect(window.lines.map((l) => [l.delta / unit, l.balanceAfter / unit])).toEqual([
        [5n, 15n],
        [4n, 10n],
        [3n, 6n],
      ]);
    });

    it('refuses a forged cursor', async () => {
      expect(
        await codeOf(
          store.flows(accounts.partnerAvailable(partner, BSC), { limit: 3, cursor: 'bm90LWEtY3Vyc29y' }),
        ),
      ).toBe('VALIDATION_FAILED');
    });
  });

  it('agrees with the reference model on generated command sequences', async () => {
    const sequences = fc.sample(fc.array(commandArb, { minLength: 15, maxLength: 30 }), {
      numRuns: 12,
      seed: 4242,
    });
    for (const [run, commands] of sequences.entries()) {
      const model = new MemoryLedger();
      const ns = `r${run}`;
      const rename = (r: EntryRequest): EntryRequest =>
        JSON.parse(
          JSON.stringify(r, (_k, v: unknown) =>
            typeof v === 'bigint'
              ? `${v}n`
              : typeof v === 'string'
                ? v
                    .replace(/pt([AB])/g, `${ns}$1`)
                    .replace(/^(deposit|sweep|withdrawal|transfer):/, `$1:${ns}-`)
                : v,
          ),
          (_k, v: unknown) => (typeof v === 'string' && /^\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v),
        ) as EntryRequest;
      // The platform revenue account is shared by every run: compare its change, not its total.
      const revenueBefore = await store.balance(accounts.platformRevenue('USDT@POLYGON'));
      for (const { request } of toRequests(commands)) {
        const r = rename(request);
        const expected = await codeOf(Promise.resolve().then(() => model.post(r)));
        const actual = await codeOf(store.post(r));
        expect(actual).toBe(expected);
      }
      for (const [id, totals] of model.accounts) {
        const raw = await store.balance(id);
        const shared = id === accounts.platformRevenue('USDT@POLYGON') ? revenueBefore : undefined;
        const b = shared
          ? {
              ...raw,
              postedCredits: raw.postedCredits - shared.postedCredits,
              postedDebits: raw.postedDebits - shared.postedDebits,
              available: raw.available - shared.available,
            }
          : raw;
        expect([id, b.postedDebits, b.postedCredits, b.pendingDebits, b.pendingCredits, b.available]).toEqual(
          [
            id,
            totals.postedDebits,
            totals.postedCredits,
            totals.pendingDebits,
            totals.pendingCredits,
            totals.available,
          ],
        );
      }
    }
  });
});
