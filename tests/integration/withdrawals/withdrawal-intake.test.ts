import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import { DynamoLedgerStore } from '../../../shared/adapters/dynamodb/ledger-store';
import {
  INTAKE_COMMIT_RESERVE_MS,
  INTAKE_HOLD_ATTEMPTS,
  requestWithdrawal,
  WITHDRAWAL_IDEMPOTENCY_SCOPE,
} from '../../../shared/app/withdrawals/request-withdrawal';
import { resumeStalledWithdrawals } from '../../../shared/app/withdrawals/resume-withdrawals';
import type { WithdrawalDeps } from '../../../shared/app/withdrawals/deps';
import type { AppConfig } from '../../../shared/config/config';
import { isGatewayError } from '../../../shared/domain/errors';
import { accounts } from '../../../shared/domain/ledger/accounts';
import { withdrawalCode, withdrawalEntryIds } from '../../../shared/domain/withdrawal/withdrawal';
import type { WithdrawalWorkflow } from '../../../shared/ports/withdrawals';
import { manualClock } from '../../support/test-env';
import { startSweepChain } from '../sweeps/sweep-support';
import type { SweepChainNode } from '../sweeps/sweep-support';
import { WithdrawalBench } from './withdrawal-support';

jest.setTimeout(120_000);

/**
 * DynamoDB cancels a transaction that touches an item another transaction is writing
 * (`TransactionCanceledException`, reason `TransactionConflict` at that item, `None` elsewhere).
 * DynamoDB Local serializes transactions instead, so this middleware plays the service for one hot
 * item: `always` (a writer that never lets go) or `inFlight` (conflict while another transaction on
 * the item has not answered yet, as the service does). It counts the transactions per ledger entry.
 */
function hotItemConflicts(config: AppConfig, hotPk: string, mode: 'always' | 'inFlight') {
  const db = createDocumentClient({
    region: config.region,
    endpoint: config.dynamodbEndpoint,
    wrapNumbers: true,
  });
  let inFlight = 0;
  let conflicted = 0;
  let enabled = true;
  const attemptsByEntry = new Map<string, number>();
  db.middlewareStack.add(
    (next) => async (args) => {
      const items = (
        args.input as {
          TransactItems?: Record<string, { Key?: { PK?: unknown }; Item?: { PK?: unknown } }>[];
        }
      ).TransactItems;
      const pkOf = (i: (typeof items & object)[number]) => {
        const op = Object.values(i)[0];
        // Marshalled by the document client by this step ({ S: '…' }) or not, depending on the order.
        const pk = (op?.Key?.PK ?? op?.Item?.PK) as string | { S?: string } | undefined;
        return typeof pk === 'string' ? pk : (pk?.S ?? '');
      };
      const hot = items?.findIndex((i) => pkOf(i) === hotPk) ?? -1;
      if (!enabled || !items || hot < 0) return next(args);
      const entry = pkOf(items[0] as (typeof items)[number]);
      attemptsByEntry.set(entry, (attemptsByEntry.get(entry) ?? 0) + 1);
      if (mode === 'always' || inFlight > 0) {
        conflicted += 1;
        throw new TransactionCanceledException({
          message: 'Transaction cancelled, please refer cancellation reasons for specific reasons',
          $metadata: { httpStatusCode: 400 },
          CancellationReasons: items.map((_, i) =>
            i === hot
              ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }
              : { Code: 'None' },
          ),
        });
      }
      inFlight += 1;
      try {
        return await next(args);
      } finally {
        inFlight -= 1;
      }
    },
    { step: 'initialize', name: `hotItemConflicts-${hotPk}` },
  );
  return {
    /** A ledger on this client: the deps' own ledger keeps its client (and its transactions) to itself. */
    ledger: new DynamoLedgerStore(db, config.tableName),
    attempts: (code: string) => attemptsByEntry.get(`LEDGER#ENTRY#${withdrawalEntryIds(code).hold}`) ?? 0,
    conflicted: () => conflicted,
    maxAttempts: () => Math.max(0, ...attemptsByEntry.values()),
    stop: () => {
      enabled = false;
    },
  };
}

describe('withdrawal intake under load (DynamoDB Local, local chain)', () => {
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

  async function setUp() {
    bench = new WithdrawalBench(chain);
    await bench.setUp({ manualWorkflow: true });
  }

  const hotPk = () => `LEDGER#ACCOUNT#${accounts.partnerAvailable(bench.partnerId, bench.asset)}`;

  function ctx(key: string) {
    return {
      partnerId: bench.partnerId,
      requester: { kind: 'apiKey' as const, id: 'ak_test' },
      type: 'API' as const,
      idempotencyKey: key,
    };
  }

  async function leftBehind(code: string, key: string) {
    return {
      withdrawal: await bench.wiring.deps.withdrawals.get(bench.partnerId, code),
      hold: await bench.base.ledger.getEntry(withdrawalEntryIds(code).hold),
      key: await bench.wiring.deps.idempotency.get(bench.partnerId, WITHDRAWAL_IDEMPOTENCY_SCOPE, key),
    };
  }

  it('answers with the held withdrawal when its lifecycle does not start, and the stall sweeper starts it', async () => {
    await setUp();
    await bench.fund('10', { chain: false });
    const clock = manualClock(new Date('2026-11-20T12:00:00.000Z'));
    const lost: WithdrawalWorkflow = {
      start: async () => {
        throw new Error('StartExecution: ServiceUnavailable');
      },
      ensureRunning: async () => 'RUNNING',
      resume: async () => undefined,
    };
    const reported: string[] = [];
    const deps: WithdrawalDeps = {
      ...bench.wiring.deps,
      clock,
      workflow: lost,
      onError: (message) => void reported.push(message),
    };
    const answer = await requestWithdrawal(deps, ctx('start-lost'), {
      network: bench.code,
      token: 'USDT',
      amount: '2',
      address: bench.newAddress(),
    });
    expect(answer).toMatchObject({ created: true, withdrawal: { status: 'REQUESTED' } });
    const code = answer.withdrawal.code;
    expect(await bench.base.ledger.getEntry(withdrawalEntryIds(code).hold)).toMatchObject({
      pendingStatus: 'PENDING',
    });
    expect(await bench.available()).toBe('8');
    await new Promise((r) => setImmediate(r));
    expect(reported).toEqual([`withdrawal ${code} not started; the stall sweeper will start it`]);

    // The sweeper's next run: the REQUESTED withdrawal has had no sign of life, so it gets an execution.
    const started: string[] = [];
    clock.advance(11 * 60_000);
    const report = await resumeStalledWithdrawals(
      {
        ...deps,
        workflow: {
          ...lost,
          ensureRunning: async (input) => {
            started.push(input.code);
            return 'STARTED';
          },
        },
      },
      { olderThanMs: 10 * 60_000 },
    );
    expect(report).toEqual({ checked: 1, started: 1 });
    expect(started).toEqual([code]);
  });

  it('refuses a hold that keeps losing races after a bounded number of tries, leaving nothing and freeing the key', async () => {
    await setUp();
    await bench.fund('10', { chain: false });
    const clock = manualClock(new Date('2026-11-20T12:00:00.000Z'));
    const input = { network: bench.code, token: 'USDT' as const, amount: '2', address: bench.newAddress() };
    const conflicts = hotItemConflicts(bench.base.config, hotPk(), 'always');
    const deps: WithdrawalDeps = { ...bench.wiring.deps, clock, ledger: conflicts.ledger };

    const refused = requestWithdrawal(deps, ctx('always-busy'), input);
    await expect(refused).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 1 } });
    const code = withdrawalCode(bench.partnerId, 'always-busy', clock.now().toISOString());
    expect(conflicts.attempts(code)).toBe(INTAKE_HOLD_ATTEMPTS);
    expect(await leftBehind(code, 'always-busy')).toEqual({
      withdrawal: undefined,
      hold: undefined,
      key: undefined,
    });
    expect(await bench.available()).toBe('10');

    // The key is free: once the balance item calms down, the same key makes a withdrawal, even another one.
    conflicts.stop();
    const retry = await requestWithdrawal(deps, ctx('always-busy'), { ...input, amount: '3' });
    expect(retry).toMatchObject({ created: true, withdrawal: { code } });
    expect(await bench.available()).toBe('7');
  });

  it('refuses a request that reaches its first write with too little time left, writing nothing', async () => {
    await setUp();
    await bench.fund('10', { chain: false });
    const clock = manualClock(new Date('2026-11-20T12:00:00.000Z'));
    const deps: WithdrawalDeps = { ...bench.wiring.deps, clock };
    const input = { network: bench.code, token: 'USDT' as const, amount: '2', address: bench.newAddress() };
    // The handler's Lambda has a moment left: not enough to record, hold and answer.
    const late = requestWithdrawal(
      deps,
      { ...ctx('late'), remainingMs: () => INTAKE_COMMIT_RESERVE_MS - 1 },
      input,
    );
    await expect(late).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 1 } });
    const code = withdrawalCode(bench.partnerId, 'late', clock.now().toISOString());
    expect(await leftBehind(code, 'late')).toEqual({
      withdrawal: undefined,
      hold: undefined,
      key: undefined,
    });
    expect(await bench.available()).toBe('10');

    const inTime = await requestWithdrawal(deps, { ...ctx('late'), remainingMs: () => 15_000 }, input);
    expect(inTime).toMatchObject({ created: true, withdrawal: { code } });
    expect(await bench.available()).toBe('8');
  });

  it('ends each of 50 concurrent requests on one balance either created and held, or refused with nothing left', async () => {
    await setUp();
    await bench.fund('30', { chain: false });
    const conflicts = hotItemConflicts(bench.base.config, hotPk(), 'inFlight');
    const deps: WithdrawalDeps = { ...bench.wiring.deps, ledger: conflicts.ledger };
    const keys = Array.from({ length: 50 }, (_, i) => `burst-${i}`);
    const answers = await Promise.all(
      keys.map((key) =>
        requestWithdrawal(deps, ctx(key), {
          network: bench.code,
          token: 'USDT',
          amount: '1',
          address: bench.newAddress(),
        }).then(
          (a) => ({ key, code: a.withdrawal.code, refusal: undefined }),
          (e: unknown) => {
            if (!isGatewayError(e, 'RATE_LIMITED') && !isGatewayError(e, 'INSUFFICIENT_FUNDS')) throw e;
            return {
              key,
              code: withdrawalCode(bench.partnerId, key, new Date().toISOString()),
              refusal: e.code,
            };
          },
        ),
      ),
    );
    conflicts.stop();

    const created = answers.filter((a) => !a.refusal);
    expect(created.length).toBeGreaterThan(0);
    expect(created.length).toBeLessThanOrEqual(30);
    for (const a of answers) {
      const left = await leftBehind(a.code, a.key);
      if (a.refusal) expect(left).toEqual({ withdrawal: undefined, hold: undefined, key: undefined });
      else {
        expect(left.withdrawal?.status).toBe('REQUESTED');
        expect(left.hold?.postings.reduce((s, p) => s + p.amount, 0n)).toBe(bench.units('1'));
        expect(left.key).toMatchObject({ status: 'COMPLETED', resourceId: a.code });
      }
    }
    expect(await bench.available()).toBe(String(30 - created.length));
    // The burst did contend (the service's conflicts), and no request tried its hold more than the bound.
    expect(conflicts.conflicted()).toBeGreaterThan(0);
    expect(conflicts.maxAttempts()).toBeLessThanOrEqual(INTAKE_HOLD_ATTEMPTS);
  });

  it('reads what its checks need side by side, once each: DynamoDB requests of one intake, and how many wait on each other', async () => {
    // Every DynamoDB request of every client of the bench goes through this proxy, which notes its
    // operation (X-Amz-Target) and how many requests were in flight when it arrived.
    const target = new URL(process.env['DYNAMODB_ENDPOINT'] as string);
    const requests: { op: string; concurrent: number }[] = [];
    let inFlight = 0;
    const proxy = http.createServer((req, res) => {
      inFlight += 1;
      requests.push({
        op: String(req.headers['x-amz-target'] ?? '').replace('DynamoDB_20120810.', ''),
        concurrent: inFlight,
      });
      const upstream = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(res);
          answer.once('end', () => (inFlight -= 1));
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const endpoint = process.env['DYNAMODB_ENDPOINT'];
    process.env['DYNAMODB_ENDPOINT'] = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      await setUp();
    } finally {
      process.env['DYNAMODB_ENDPOINT'] = endpoint;
    }
    try {
      await bench.fund('10', { chain: false });
      // The first request of a process looks up the gas tanks (then cached): not what is counted.
      await requestWithdrawal(bench.wiring.deps, ctx('count-warm-up'), {
        network: bench.code,
        token: 'USDT',
        amount: '1',
        address: bench.newAddress(),
      });
      requests.length = 0;
      const answer = await requestWithdrawal(bench.wiring.deps, ctx('count-me'), {
        network: bench.code,
        token: 'USDT',
        amount: '1',
        address: bench.newAddress(),
      });
      expect(answer.created).toBe(true);
    } finally {
      await new Promise((r) => proxy.close(r));
    }
    const ops = requests.map((r) => r.op);
    const reads = ops.filter((op) => ['GetItem', 'BatchGetItem', 'Query'].includes(op));
    // Claim the key; read the legacy code, security, settings, whitelist and balance together; the
    // own-address lookup; record; hold (shards + transaction); complete the key. (The event goes to the
    // bench's publisher here.) Before: 12 requests, 8 reads, one at a time — the settings were read
    // twice and a first claim looked up its own code, which cannot exist yet.
    expect(ops.length).toBeLessThanOrEqual(10);
    expect(reads.length).toBeLessThanOrEqual(6);
    expect(Math.max(...requests.map((r) => r.concurrent))).toBeGreaterThanOrEqual(4);
  });
});
