import { createDocumentClient } from '../../../shared/adapters/dynamodb/client';
import { DynamoPollerStateStore } from '../../../shared/adapters/dynamodb/poller-state-store';
import { isPollerUnhealthy, pollerHealthSummary } from '../../../shared/app/chains/poller-health';
import { runDepositPoller } from '../../../shared/app/chains/run-deposit-poller';
import type { DepositPollerOptions } from '../../../shared/app/chains/run-deposit-poller';
import type { ChainHeadInfo, DepositIntake, TransferScanner } from '../../../shared/ports/evm-transfers';
import { createTestTable, manualClock } from '../../support/test-env';

/** A chain whose RPC can be switched off: head() fails while `down`. */
class SwitchableChain implements TransferScanner {
  readonly network = 'POLYGON' as const;
  down = false;
  async head(): Promise<ChainHeadInfo> {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:8545');
    return { latest: 20, finalized: 10 };
  }
  async scan() {
    return [];
  }
  async canonicalBlockHash() {
    return undefined;
  }
  async transfersInTransaction() {
    return [];
  }
}

const intake: DepositIntake = {
  ingest: async () => ({ detected: 0 }),
  confirm: async () => ({ confirmed: 0, failed: 0 }),
};

describe('deposit poller health across invocations (DynamoDB Local)', () => {
  let dropTable: () => Promise<void>;
  let store: DynamoPollerStateStore;
  const clock = manualClock();
  const chain = new SwitchableChain();
  const options: DepositPollerOptions = {
    owner: 'poller',
    runForMs: 600_000,
    roundIntervalMs: 1_000,
    leaseTtlMs: 30_000,
    chunkBlocks: 100,
    initialLookbackBlocks: 0,
    maxRounds: 3,
  };
  // Each round and back-off moves the manual clock, so timestamps differ between rounds.
  const run = (owner: string) =>
    runDepositPoller(
      {
        scanner: chain,
        state: store,
        intake,
        clock,
        sleep: async (ms) => void clock.advance(ms),
        health: store,
      },
      'POLYGON',
      { ...options, owner },
    );

  beforeAll(async () => {
    const table = await createTestTable('poller-health');
    dropTable = table.dropTable;
    store = new DynamoPollerStateStore(
      createDocumentClient({ region: 'us-east-1', endpoint: table.config.dynamodbEndpoint }),
      table.config.tableName,
    );
  });
  afterAll(() => dropTable());

  it('counts failed rounds in a row across invocations, keeps when the run began and why, and resets on the next good round', async () => {
    chain.down = true;
    const startedFailingAt = clock.now().toISOString();
    const first = await run('invocation-1');
    expect(first).toMatchObject({ rounds: 3, failedRounds: 3, consecutiveFailures: 3 });
    expect(isPollerUnhealthy(first.consecutiveFailures!, 5)).toBe(false);

    const second = await run('invocation-2');
    expect(second.consecutiveFailures).toBe(6);
    expect(isPollerUnhealthy(second.consecutiveFailures!, 5)).toBe(true);
    expect(await store.getHealth('POLYGON')).toEqual({
      network: 'POLYGON',
      consecutiveFailures: 6,
      failingSince: startedFailingAt,
      lastError: 'scan: connect ECONNREFUSED 127.0.0.1:8545',
      lastFailureAt: expect.any(String),
    });
    expect(
      await pollerHealthSummary({ health: store, networks: ['BSC', 'POLYGON'], alertAfterFailedRounds: 5 }),
    ).toEqual({
      alertAfterFailedRounds: 5,
      networks: [
        { network: 'BSC', status: 'NOT_STARTED', consecutiveFailures: 0 },
        {
          network: 'POLYGON',
          status: 'FAILING',
          consecutiveFailures: 6,
          failingSince: startedFailingAt,
          lastError: 'scan: connect ECONNREFUSED 127.0.0.1:8545',
        },
      ],
    });

    chain.down = false;
    const recovered = await run('invocation-3');
    expect(recovered).toMatchObject({ failedRounds: 0, consecutiveFailures: 0 });
    const health = await store.getHealth('POLYGON');
    expect(health).toMatchObject({ consecutiveFailures: 0, lastSuccessAt: expect.any(String) });
    expect(health?.failingSince).toBeUndefined();
    const summary = await pollerHealthSummary({
      health: store,
      networks: ['POLYGON'],
      alertAfterFailedRounds: 5,
    });
    expect(summary.networks[0]?.status).toBe('OK');
  });

  it('refreshes lastSuccessAt at most once per heartbeat while healthy', async () => {
    const before = (await store.getHealth('POLYGON'))?.lastSuccessAt;
    await run('invocation-4');
    expect((await store.getHealth('POLYGON'))?.lastSuccessAt).toBe(before);
    clock.advance(61_000);
    await run('invocation-5');
    expect((await store.getHealth('POLYGON'))?.lastSuccessAt).not.toBe(before);
  });
});
