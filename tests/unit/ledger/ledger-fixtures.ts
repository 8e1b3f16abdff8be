import fc from 'fast-check';
import { accounts } from '../../../shared/domain/ledger/accounts';
import type { EntryRequest } from '../../../shared/domain/ledger/entry';

/** Generated ledger commands shared by the model property tests and the DynamoDB differential test. */
export const ASSET = 'USDT@POLYGON';
export const PARTNERS = ['ptA', 'ptB'] as const;

export type Command =
  | { t: 'deposit'; n: number; partner: number; amount: bigint; fee: bigint }
  | { t: 'sweep'; n: number; partner: number; amount: bigint }
  | { t: 'hold'; n: number; partner: number; amount: bigint }
  | { t: 'post'; hold: number; numerator: bigint }
  | { t: 'void'; hold: number }
  | { t: 'transfer'; n: number; from: number; to: number; amount: bigint }
  | { t: 'replay'; index: number }
  | { t: 'conflict'; index: number };

const partner = fc.integer({ min: 0, max: PARTNERS.length - 1 });
const amount = fc.bigInt({ min: 1n, max: 5_000n });
// Deposits are large and holds small, so that most sequences build balances holds can draw on.
const depositAmount = fc.bigInt({ min: 100n, max: 5_000n });
const sweepAmount = fc.bigInt({ min: 1n, max: 2_000n });
const holdAmount = fc.bigInt({ min: 1n, max: 300n });

export const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('deposit' as const),
      n: fc.nat(),
      partner,
      amount: depositAmount,
      fee: fc.bigInt({ min: 0n, max: 50n }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('sweep' as const), n: fc.nat(), partner, amount: sweepAmount }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ t: fc.constant('hold' as const), n: fc.nat(), partner, amount: holdAmount }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('post' as const),
      hold: fc.nat(),
      numerator: fc.bigInt({ min: 0n, max: 4n }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('void' as const), hold: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('transfer' as const),
      n: fc.nat(),
      from: partner,
      to: partner,
      amount,
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('replay' as const), index: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('conflict' as const), index: fc.nat() }) },
);

const at = '2026-11-20T12:00:00.000Z';

/**
 * Turns commands into entry requests. Holds reserve partner funds and MASTER custody; posts settle
 * them fully or in quarters; replays resend an earlier request; conflicts resend an earlier id with a
 * different amount.
 */
export function toRequests(commands: readonly Command[]): { request: EntryRequest; kind: Command['t'] }[] {
  const out: { request: EntryRequest; kind: Command['t'] }[] = [];
  const holds: EntryRequest[] = [];
  commands.forEach((c, i) => {
    const p = (k: number) => PARTNERS[k] as string;
    switch (c.t) {
      case 'deposit': {
        const fee = c.fee < c.amount ? c.fee : 0n;
        out.push({
          kind: c.t,
          request: {
            id: `deposit:POLYGON:tx${i}-${c.n}:0`,
            kind: 'POSTED',
            reason: 'DEPOSIT',
            cause: { type: 'deposit', id: `tx${i}` },
            effectiveAt: at,
            postings: [
              {
                debit: accounts.custody(p(c.partner), 'HOT', ASSET),
                credit: accounts.partnerAvailable(p(c.partner), ASSET),
                amount: c.amount - fee,
              },
              ...(fee > 0n
                ? [
                    {
                      debit: accounts.custody(p(c.partner), 'HOT', ASSET),
                      credit: accounts.platformRevenue(ASSET),
                      amount: fee,
                      reason: 'DEPOSIT_FEE' as const,
                    },
                  ]
                : []),
            ],
          },
        });
        break;
      }
      case 'sweep':
        out.push({
          kind: c.t,
          request: {
            id: `sweep:POLYGON:s${i}-${c.n}`,
            kind: 'POSTED',
            reason: 'SWEEP',
            cause: { type: 'sweep', id: `s${i}` },
            effectiveAt: at,
            postings: [
              {
                debit: accounts.custody(p(c.partner), 'MASTER', ASSET),
                credit: accounts.custody(p(c.partner), 'HOT', ASSET),
                amount: c.amount,
              },
            ],
          },
        });
        break;
      case 'hold': {
        const request: EntryRequest = {
          id: `withdrawal:W${i}-${c.n}:hold`,
          kind: 'PENDING',
          reason: 'WITHDRAWAL',
          cause: { type: 'withdrawal', id: `W${i}` },
          effectiveAt: at,
          postings: [
            {
              debit: accounts.partnerAvailable(p(c.partner), ASSET),
              credit: accounts.custody(p(c.partner), 'MASTER', ASSET),
              amount: c.amount,
            },
          ],
        };
        holds.push(request);
        out.push({ kind: c.t, request });
        break;
      }
      case 'post':
      case 'void': {
        // Mostly the latest holds, which are the likeliest to still be open.
        const hold = holds[holds.length - 1 - (c.hold % Math.min(3, Math.max(1, holds.length)))];
        if (!hold) break;
        const original = hold.postings[0];
        if (!original) break;
        out.push({
          kind: c.t,
          request:
            c.t === 'post'
              ? {
                  id: `${hold.id}:post`,
                  kind: 'POST_PENDING',
                  reason: 'WITHDRAWAL',
                  cause: hold.cause,
                  pendingId: hold.id,
                  effectiveAt: at,
                  postings:
                    c.numerator === 4n ? [] : [{ ...original, amount: (original.amount * c.numerator) / 4n }],
                }
              : {
                  id: `${hold.id}:void`,
                  kind: 'VOID_PENDING',
                  reason: 'WITHDRAWAL',
                  cause: hold.cause,
                  pendingId: hold.id,
                  effectiveAt: at,
                  postings: [],
                },
        });
        break;
      }
      case 'transfer':
        if (c.from === c.to) break;
        out.push({
          kind: c.t,
          request: {
            id: `transfer:T${i}-${c.n}`,
            kind: 'POSTED',
            reason: 'TRANSFER',
            cause: { type: 'transfer', id: `T${i}` },
            effectiveAt: at,
            postings: [
              {
                debit: accounts.partnerAvailable(p(c.from), ASSET),
                credit: accounts.partnerAvailable(p(c.to), ASSET),
                amount: c.amount,
              },
            ],
          },
        });
        break;
      case 'replay': {
        const earlier = out[c.index % Math.max(1, out.length)];
        if (earlier) out.push({ kind: c.t, request: earlier.request });
        break;
      }
      case 'conflict': {
        const earlier = out.filter((o) => o.request.postings.length > 0)[c.index % Math.max(1, out.length)];
        if (!earlier) break;
        const [first, ...rest] = earlier.request.postings;
        if (!first) break;
        out.push({
          kind: c.t,
          request: { ...earlier.request, postings: [{ ...first, amount: first.amount + 1n }, ...rest] },
        });
        break;
      }
    }
  });
  return out;
}
