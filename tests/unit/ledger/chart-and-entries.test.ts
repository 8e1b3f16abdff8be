import { isGatewayError } from '../../../shared/domain/errors';
import { accounts, DEFAULT_SHARDS, MAX_SHARDS, parseAccount } from '../../../shared/domain/ledger/accounts';
import { entryId, netPerAsset, reversalOf, validateEntry } from '../../../shared/domain/ledger/entry';
import type { EntryRequest } from '../../../shared/domain/ledger/entry';
import { MemoryLedger } from '../../../shared/domain/ledger/memory-ledger';

const A = 'USDT@BSC';
const at = '2026-11-20T00:00:00.000Z';
const code = (fn: () => unknown) => {
  try {
    fn();
    return 'OK';
  } catch (e) {
    if (isGatewayError(e)) return e.code;
    throw e;
  }
};

describe('chart of accounts', () => {
  it('gives each kind its normal side, negativity rule, owner and shard count', () => {
    expect(parseAccount(accounts.partnerAvailable('pt1', A))).toMatchObject({
      kind: 'partner',
      normal: 'credit',
      mustNotGoNegative: true,
      ownerPartnerId: 'pt1',
      shards: 1,
    });
    expect(parseAccount(accounts.platformRevenue(A))).toMatchObject({
      normal: 'credit',
      mustNotGoNegative: true,
      ownerPartnerId: null,
      shards: 8,
    });
    expect(parseAccount(accounts.distributorRevenue('d1', A))).toMatchObject({
      ownerPartnerId: 'd1',
      mustNotGoNegative: true,
    });
    expect(parseAccount(accounts.custody('pt1', 'HOT', A))).toMatchObject({
      normal: 'debit',
      mustNotGoNegative: true,
      shards: 4,
    });
    expect(parseAccount(accounts.custody('pt1', 'MASTER', A))).toMatchObject({
      normal: 'debit',
      mustNotGoNegative: false,
      shards: 4,
    });
    expect(parseAccount(accounts.gas('BSC', 'BNB@BSC'))).toMatchObject({
      normal: 'debit',
      mustNotGoNegative: false,
    });
    expect(parseAccount(accounts.world(A))).toMatchObject({ mustNotGoNegative: false, shards: 8 });
    expect(parseAccount(accounts.clientWallet('pt1', 'c-9', A))).toMatchObject({
      kind: 'client',
      ownerPartnerId: 'pt1',
    });
    expect(
      parseAccount(accounts.partnerAvailable('big', A), new Map([['partner:big:available', 16]])).shards,
    ).toBe(16);
  });

  it('never spreads an account over more than MAX_SHARDS items, so a reader can name every shard (ADR 0029)', () => {
    for (const kind of Object.values(DEFAULT_SHARDS)) expect(kind).toBeLessThanOrEqual(MAX_SHARDS);
    expect(parseAccount(accounts.platformRevenue(A)).shards).toBeLessThanOrEqual(MAX_SHARDS);
    for (const shards of [0, MAX_SHARDS + 1, 64, 2.5])
      expect(() =>
        parseAccount(accounts.partnerAvailable('big', A), new Map([['partner:big:available', shards]])),
      ).toThrow(/Shard count/);
  });

  it('rejects malformed accounts and unknown assets', () => {
    for (const bad of [
      'partner:pt1/USDT@BSC',
      'partner:pt1:held/USDT@BSC',
      'custody:pt1:COLD/USDT@BSC',
      'nope/USDT@BSC',
      'world/DOGE@BSC',
      'world',
      'partner:a b:available/USDT@BSC',
    ]) {
      expect(code(() => parseAccount(bad))).toBe('VALIDATION_FAILED');
    }
  });
});

describe('journal entries', () => {
  const deposit: EntryRequest = {
    id: entryId('deposit', 'BSC', '0xabc', 3),
    kind: 'POSTED',
    reason: 'DEPOSIT',
    cause: { type: 'deposit', id: '0xabc' },
    effectiveAt: at,
    postings: [
      { debit: accounts.custody('m1', 'HOT', A), credit: accounts.partnerAvailable('m1', A), amount: 988n },
      {
        debit: accounts.custody('m1', 'HOT', A),
        credit: accounts.distributorRevenue('d1', A),
        amount: 4n,
        reason: 'REVENUE_SHARE',
      },
      {
        debit: accounts.custody('m1', 'HOT', A),
        credit: accounts.platformRevenue(A),
        amount: 8n,
        reason: 'DEPOSIT_FEE',
      },
    ],
  };

  it('balances per asset by construction', () => {
    expect([...netPerAsset(deposit.postings).values()]).toEqual([0n]);
  });

  it('refuses postings across assets, self-postings, zero amounts and malformed ids', () => {
    const bad = (patch: Partial<EntryRequest>) => code(() => validateEntry({ ...deposit, ...patch }));
    expect(
      bad({
        postings: [
          { debit: accounts.world(A), credit: accounts.partnerAvailable('m1', 'USDT@POLYGON'), amount: 1n },
        ],
      }),
    ).toBe('VALIDATION_FAILED');
    expect(bad({ postings: [{ debit: accounts.world(A), credit: accounts.world(A), amount: 1n }] })).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      bad({ postings: [{ debit: accounts.world(A), credit: accounts.platformRevenue(A), amount: 0n }] }),
    ).toBe('VALIDATION_FAILED');
    expect(bad({ id: 'no-colon' })).toBe('VALIDATION_FAILED');
    expect(bad({ postings: [] })).toBe('VALIDATION_FAILED');
    expect(bad({ pendingId: 'withdrawal:W1:hold' })).toBe('VALIDATION_FAILED');
    expect(code(() => entryId('deposit'))).toBe('VALIDATION_FAILED');
  });

  it('corrects by reversal, never by edit', () => {
    const ledger = new MemoryLedger();
    const posted = ledger.post(deposit).entry;
    ledger.post(reversalOf(posted, at));
    for (const id of [
      accounts.partnerAvailable('m1', A),
      accounts.custody('m1', 'HOT', A),
      accounts.platformRevenue(A),
    ]) {
      expect(ledger.balance(id)).toBe(0n);
    }
    expect(ledger.entries.get(deposit.id)?.postings).toEqual(deposit.postings);
    expect(ledger.entries.get(`${deposit.id}:reversal`)?.reverses).toBe(deposit.id);
  });

  it('holds, then posts partly and releases the rest exactly once', () => {
    const ledger = new MemoryLedger();
    ledger.post(deposit);
    ledger.post({
      id: 'sweep:BSC:1',
      kind: 'POSTED',
      reason: 'SWEEP',
      cause: { type: 'sweep', id: '1' },
      effectiveAt: at,
      postings: [
        {
          debit: accounts.custody('m1', 'MASTER', A),
          credit: accounts.custody('m1', 'HOT', A),
          amount: 1000n,
        },
      ],
    });
    const hold: EntryRequest = {
      id: 'withdrawal:W1:hold',
      kind: 'PENDING',
      reason: 'WITHDRAWAL',
      cause: { type: 'withdrawal', id: 'W1' },
      effectiveAt: at,
      postings: [
        {
          debit: accounts.partnerAvailable('m1', A),
          credit: accounts.custody('m1', 'MASTER', A),
          amount: 500n,
        },
        {
          debit: accounts.partnerAvailable('m1', A),
          credit: accounts.platformRevenue(A),
          amount: 10n,
          reason: 'WITHDRAWAL_FEE',
        },
      ],
    };
    ledger.post(hold);
    const partner = ledger.accounts.get(accounts.partnerAvailable('m1', A));
    expect(partner).toMatchObject({ available: 478n, pendingDebits: 510n, postedCredits: 988n });
    const post: EntryRequest = {
      id: 'withdrawal:W1:post',
      kind: 'POST_PENDING',
      reason: 'WITHDRAWAL',
      cause: hold.cause,
      pendingId: hold.id,
      effectiveAt: at,
      postings: [
        { ...hold.postings[0]!, amount: 500n },
        { ...hold.postings[1]!, amount: 5n },
      ],
    };
    expect(ledger.post(post).status).toBe('APPLIED');
    expect(ledger.accounts.get(accounts.partnerAvailable('m1', A))).toMatchObject({
      available: 483n,
      pendingDebits: 0n,
      postedDebits: 505n,
    });
    expect(ledger.balance(accounts.custody('m1', 'MASTER', A))).toBe(500n);
    expect(ledger.post(post).status).toBe('DUPLICATE');
    expect(
      code(() =>
        ledger.post({
          id: 'withdrawal:W1:void',
          kind: 'VOID_PENDING',
          reason: 'WITHDRAWAL',
          cause: hold.cause,
          pendingId: hold.id,
          effectiveAt: at,
          postings: [],
        }),
      ),
    ).toBe('PENDING_ALREADY_RESOLVED');
  });

  it('reserves MASTER custody ahead of the sweep, but never more than the partner has', () => {
    const ledger = new MemoryLedger();
    ledger.post(deposit); // partner has 988 but MASTER holds nothing yet (not swept)
    const hold = (id: string, amount: bigint) => ({
      id: `withdrawal:${id}:hold`,
      kind: 'PENDING' as const,
      reason: 'WITHDRAWAL' as const,
      cause: { type: 'withdrawal' as const, id },
      effectiveAt: at,
      postings: [
        { debit: accounts.partnerAvailable('m1', A), credit: accounts.custody('m1', 'MASTER', A), amount },
      ],
    });
    expect(ledger.post(hold('W2', 988n)).status).toBe('APPLIED');
    expect(code(() => ledger.post(hold('W3', 1n)))).toBe('INSUFFICIENT_FUNDS');
  });
});
