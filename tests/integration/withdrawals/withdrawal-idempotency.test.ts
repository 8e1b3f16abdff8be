import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import {
  IDEMPOTENCY_LEASE_MS,
  IDEMPOTENCY_RETENTION_MS,
} from '../../../shared/app/idempotency/run-idempotent';
import {
  holdEntry,
  requestWithdrawal,
  WITHDRAWAL_IDEMPOTENCY_SCOPE,
  withdrawalRequestHash,
} from '../../../shared/app/withdrawals/request-withdrawal';
import type {
  WithdrawalRequestContext,
  WithdrawalRequestInput,
} from '../../../shared/app/withdrawals/request-withdrawal';
import type { WithdrawalDeps } from '../../../shared/app/withdrawals/deps';
import { GatewayError, isGatewayError } from '../../../shared/domain/errors';
import { withdrawalCode, withdrawalEntryIds } from '../../../shared/domain/withdrawal/withdrawal';
import type { Withdrawal } from '../../../shared/domain/withdrawal/withdrawal';
import type { LedgerStore } from '../../../shared/ports/ledger';
import { manualClock } from '../../support/test-env';
import { startSweepChain } from '../sweeps/sweep-support';
import type { SweepChainNode } from '../sweeps/sweep-support';
import { WithdrawalBench } from './withdrawal-support';

jest.setTimeout(90_000);

const DAY = 24 * 60 * 60_000;
type Clock = ReturnType<typeof manualClock>;

describe('withdrawal idempotency that lasts (DynamoDB Local, local chain, a clock moved by hand)', () => {
  let chain: SweepChainNode;
  let bench: WithdrawalBench;

  beforeAll(async () => {
    chain = await startSweepChain('POLYGON');
  });
  afterAll(async () => {
    await chain.node.stop();
  });
  afterEach(async () => {
    await bench.tearDown();
  });

  async function setUp(options: Parameters<WithdrawalBench['setUp']>[0] = {}) {
    bench = new WithdrawalBench(chain);
    await bench.setUp(options);
    bench.startMining(100);
  }

  /** The bench's wiring seen through another clock (the requests' clock; the lifecycle keeps its own). */
  function depsAt(clock: Clock, overrides: Partial<WithdrawalDeps> = {}): WithdrawalDeps {
    return { ...bench.wiring.deps, clock, ...overrides };
  }

  function request(
    deps: WithdrawalDeps,
    key: string,
    input: Partial<WithdrawalRequestInput> & { address: string },
  ): Promise<{ readonly created: boolean; readonly withdrawal: Withdrawal }> {
    const ctx: WithdrawalRequestContext = {
      partnerId: bench.partnerId,
      requester: { kind: 'apiKey', id: 'ak_test' },
      type: 'API',
      idempotencyKey: key,
    };
    return requestWithdrawal(deps, ctx, { network: bench.code, token: 'USDT', amount: '1', ...input });
  }

  /** What a well-behaved client does with a retryable 409: send the same request again. */
  async function requestUntilAnswered(deps: WithdrawalDeps, key: string, address: string) {
    for (;;) {
      try {
        return await request(deps, key, { address });
      } catch (e) {
        if (!isGatewayError(e, 'IDEMPOTENCY_REQUEST_IN_PROGRESS')) throw e;
      }
    }
  }

  /** The bench's ledger with some methods replaced (fault injection). */
  function ledgerWith(overrides: Partial<LedgerStore>): LedgerStore {
    const real = bench.base.ledger;
    return {
      post: (e) => real.post(e),
      getEntry: (id) => real.getEntry(id),
      balance: (a) => real.balance(a),
      balances: (a) => real.balances(a),
      flows: (a, q) => real.flows(a, q),
      balancesByAsset: (a) => real.balancesByAsset(a),
      ...overrides,
    };
  }

  async function listed(): Promise<Withdrawal[]> {
    return (await bench.wiring.deps.withdrawals.list(bench.partnerId, { limit: 100 })).items;
  }

  it('returns the first withdrawal to a retry three days later, and refuses the key with another body', async () => {
    await setUp({ manualWorkflow: true });
    await bench.fund('10');
    const clock = manualClock(new Date('2026-11-20T12:00:00.000Z'));
    const address = bench.newAddress();
    const first = await request(depsAt(clock), 'payout-3-days', { address, amount: '2' });
    expect(first.created).toBe(true);

    clock.advance(3 * DAY);
    const retry = await request(depsAt(clock), 'payout-3-days', { address, amount: '2' });
    expect(retry.created).toBe(false);
    expect(retry.withdrawal.code).toBe(first.withdrawal.code);

    const other = request(depsAt(clock), 'payout-3-days', { address, amount: '3' });
    await expect(other).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect((await listed()).map((w) => w.code)).toEqual([first.withdrawal.code]);
    expect(await bench.available()).toBe('8');
  });

  it('makes one withdrawal, one hold and one transfer of 50 concurrent identical requests across UTC midnight', async () => {
    await setUp();
    await bench.fund('10');
    const startNonce = await bench.nonceOf(bench.master);
    const before = manualClock(new Date('2026-11-20T23:59:59.900Z'));
    const after = manualClock(new Date('2026-11-21T00:00:00.100Z'));
    const address = bench.newAddress();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        requestUntilAnswered(depsAt(i % 2 === 0 ? before : after), 'payout-midnight', address),
      ),
    );
    const codes = new Set(answers.map((a) => a.withdrawal.code));
    expect(codes.size).toBe(1);
    expect(answers.filter((a) => a.created)).toHaveLength(1);
    const [code] = [...codes] as [string];
    expect(await listed()).toHaveLength(1);
    // The code is one of the two days' codes for the key: whichever request claimed the key first.
    expect([
      withdrawalCode(bench.partnerId, 'payout-midnight', before.now().toISOString()),
      withdrawalCode(bench.partnerId, 'payout-midnight', after.now().toISOString()),
    ]).toContain(code);
    const hold = await bench.base.ledger.getEntry(withdrawalEntryIds(code).hold);
    expect(hold?.kind).toBe('PENDING');

    const done = await bench.waitFor(code, ['CONFIRMED', 'FAILED']);
    expect(done.status).toBe('CONFIRMED');
    expect(done.tx?.attempts).toHaveLength(1);
    expect(await bench.tokenBalance(address)).toBe(bench.units('1'));
    expect(await bench.nonceOf(bench.master)).toBe(startNonce + 1);
    expect(await bench.posted()).toBe('9');
    await bench.executionEnd(code);
  });

  it('lets a retry finish a request that crashed after claiming the key, with the code of the first attempt', async () => {
    await setUp({ manualWorkflow: true });
    await bench.fund('10');
    const clock = manualClock(new Date('2026-11-20T23:59:00.000Z'));
    const address = bench.newAddress();
    // The first attempt dies after recording the withdrawal, before its hold (Lambda timeout, crash).
    let crash = true;
    const crashing = ledgerWith({
      post: async (entry) => {
        if (crash) {
          crash = false;
          throw new Error('Task timed out after 30.00 seconds');
        }
        return bench.base.ledger.post(entry);
      },
    });
    await expect(request(depsAt(clock, { ledger: crashing }), 'payout-crash', { address })).rejects.toThrow(
      'Task timed out',
    );
    const code = withdrawalCode(bench.partnerId, 'payout-crash', clock.now().toISOString());
    expect((await bench.get(code)).status).toBe('REQUESTED');
    expect(await bench.base.ledger.getEntry(withdrawalEntryIds(code).hold)).toBeUndefined();

    // The retry comes after midnight: the same withdrawal (the first attempt's date), now held.
    clock.advance(2 * 60_000);
    const retry = await request(depsAt(clock), 'payout-crash', { address });
    expect(retry.withdrawal.code).toBe(code);
    expect(await bench.base.ledger.getEntry(withdrawalEntryIds(code).hold)).toBeDefined();
    expect(await listed()).toHaveLength(1);
    expect(await bench.available()).toBe('9');
  });

  it('lets a retry take over a claim whose owner vanished once its lease has passed, and not before', async () => {
    await setUp({ manualWorkflow: true });
    await bench.fund('10');
    const clock = manualClock(new Date('2026-11-20T23:59:30.000Z'));
    const address = bench.newAddress();
    const deps = depsAt(clock);
    const ctx: WithdrawalRequestContext = {
      partnerId: bench.partnerId,
      requester: { kind: 'apiKey', id: 'ak_test' },
      type: 'API',
      idempotencyKey: 'payout-vanished',
    };
    const input: WithdrawalRequestInput = { network: bench.code, token: 'USDT', amount: '1', address };
    // A process claimed the key and died before anything else (no unlock: a hard crash).
    const claimed = await deps.idempotency.claim({
      partnerId: bench.partnerId,
      scope: WITHDRAWAL_IDEMPOTENCY_SCOPE,
      key: 'payout-vanished',
      requestHash: withdrawalRequestHash(ctx, input),
      owner: 'vanished',
      now: clock.now(),
      leaseMs: IDEMPOTENCY_LEASE_MS,
      retentionMs: IDEMPOTENCY_RETENTION_MS,
    });
    expect(claimed.kind).toBe('OWNED');
    clock.advance(1_000);
    await expect(requestWithdrawal(deps, ctx, input)).rejects.toMatchObject({
      code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS',
      details: { retryAfterSeconds: 1 },
    });
    expect(await listed()).toHaveLength(0);

    clock.advance(IDEMPOTENCY_LEASE_MS); // past the lease, and past midnight
    const retry = await requestWithdrawal(deps, ctx, input);
    expect(retry.created).toBe(true);
    expect(retry.withdrawal.code).toBe(
      withdrawalCode(bench.partnerId, 'payout-vanished', '2026-11-20T23:59:30.000Z'),
    );
    const record = await deps.idempotency.get(
      bench.partnerId,
      WITHDRAWAL_IDEMPOTENCY_SCOPE,
      'payout-vanished',
    );
    expect(record).toMatchObject({ status: 'COMPLETED', resourceId: retry.withdrawal.code });
    expect(Date.parse(record?.expiresAt ?? '')).toBe(
      Date.parse('2026-11-20T23:59:30.000Z') + IDEMPOTENCY_RETENTION_MS,
    );
  });

  it('still finds a withdrawal made the day before idempotency records existed (migration)', async () => {
    await setUp({ manualWorkflow: true });
    await bench.fund('10');
    const clock = manualClock(new Date('2026-11-20T00:00:05.000Z'));
    const address = bench.newAddress();
    const ctx: WithdrawalRequestContext = {
      partnerId: bench.partnerId,
      requester: { kind: 'apiKey', id: 'ak_test' },
      type: 'API',
      idempotencyKey: 'payout-legacy',
    };
    const input: WithdrawalRequestInput = { network: bench.code, token: 'USDT', amount: '1', address };
    // Made by the previous release at 23:59 the day before: a code of that date, and no record.
    const made = await request(depsAt(manualClock(new Date('2026-11-19T23:59:00.000Z'))), 'payout-legacy', {
      address,
    });
    await bench.base.db.send(
      new DeleteCommand({
        TableName: bench.base.config.tableName,
        Key: { PK: `IDEMPOTENCY#${bench.partnerId}#withdrawal#payout-legacy`, SK: 'IDEMPOTENCY' },
      }),
    );
    const retry = await requestWithdrawal(depsAt(clock), ctx, input);
    expect(retry).toMatchObject({ created: false, withdrawal: { code: made.withdrawal.code } });
    expect(await listed()).toHaveLength(1);
  });

  it('keeps a withdrawal whose hold a concurrent retry posted while its own hold was refused', async () => {
    await setUp({ manualWorkflow: true });
    await bench.fund('5');
    const clock = manualClock(new Date('2026-11-20T12:00:00.000Z'));
    const address = bench.newAddress();
    const code = withdrawalCode(bench.partnerId, 'payout-race', clock.now().toISOString());
    // The request's hold is refused (5 available, 8 asked once the balance was read as 10) …
    let raced = false;
    const racing = ledgerWith({
      balance: async (a) => {
        const b = await bench.base.ledger.balance(a);
        return { ...b, available: b.available + bench.units('5') };
      },
      post: async (entry) => {
        try {
          return await bench.base.ledger.post(entry);
        } catch (e) {
          if (raced || !(e instanceof GatewayError) || e.code !== 'INSUFFICIENT_FUNDS') throw e;
          raced = true;
          // … and meanwhile funds arrive and a concurrent actor (a retry, the lifecycle) holds it.
          await bench.fund('5');
          await bench.base.ledger.post(holdEntry(await bench.get(code)));
          throw e;
        }
      },
    });
    const answer = await request(depsAt(clock, { ledger: racing }), 'payout-race', { address, amount: '8' });
    expect(raced).toBe(true);
    expect(answer.withdrawal.code).toBe(code);
    expect((await bench.get(code)).status).toBe('REQUESTED');
    expect(await bench.base.ledger.getEntry(withdrawalEntryIds(code).hold)).toBeDefined();
    expect(await bench.available()).toBe('2');
  });

  it('never deletes a held withdrawal as "unheld"', async () => {
    await setUp({ manualWorkflow: true });
    await bench.fund('5');
    const { withdrawal } = await bench.request('3');
    expect(await bench.base.ledger.getEntry(withdrawalEntryIds(withdrawal.code).hold)).toBeDefined();
    expect(await bench.wiring.deps.withdrawals.deleteUnheld(bench.partnerId, withdrawal.code)).toBe(false);
    expect((await bench.get(withdrawal.code)).status).toBe('REQUESTED');
  });
});
