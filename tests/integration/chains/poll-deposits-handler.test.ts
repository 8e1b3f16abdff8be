import { mineBlocks } from '../../../scripts/local/evm/local-chains';
import { getDeps } from '../../../shared/composition/gateway';
import { invokeFunction } from '../../../scripts/local/lambda-runtime';
import { DynamoChainStatusStore } from '../../../shared/adapters/dynamodb/chain-status-store';
import { DynamoPollerStateStore } from '../../../shared/adapters/dynamodb/poller-state-store';
import type { DepositPollerReport } from '../../../shared/app/chains/run-deposit-poller';
import { createTestTable } from '../../support/test-env';

// A short run: the handler follows the head for this long instead of most of a minute.
process.env['POLLER_RUN_FOR_MS'] = '1500';

describe('pollDeposits (scheduled handler)', () => {
  let dropTable: () => Promise<void>;

  beforeAll(async () => {
    dropTable = (await createTestTable('poll-handler')).dropTable;
  });
  afterAll(() => dropTable());

  it('follows the local BSC head through the wired deposit intake and leaves the cursor the lag metric reads', async () => {
    // Enough blocks that finalized less the deployed node-lag margin is a block.
    await mineBlocks(process.env['RPC_URL_BSC'] as string, 40);
    const report = (await invokeFunction('pollDeposits', {
      scheduleId: 'poll-deposits-bsc',
      network: 'BSC',
    })) as DepositPollerReport;

    expect(report).toMatchObject({ network: 'BSC', outcome: 'completed', failedRounds: 0 });
    expect(report.rounds).toBeGreaterThanOrEqual(1);
    expect(report.rpcCalls).toBeGreaterThan(0);
    // The cursor stays POLLER_NODE_LAG_BLOCKS below finalized (blocks a lagging node may not have indexed).
    expect(report.cursorAfter).toBe(report.lastHead!.finalized - getDeps().config.poller.nodeLagBlocks);
    const deps = getDeps();
    expect(await new DynamoChainStatusStore(deps.db, deps.config.tableName).getPollerCursor('BSC')).toBe(
      report.cursorAfter,
    );
    // The handler keeps the poller's health (the PollerUnhealthy metric and the console banner read it).
    expect(report.consecutiveFailures).toBe(0);
    expect(await new DynamoPollerStateStore(deps.db, deps.config.tableName).getHealth('BSC')).toMatchObject({
      consecutiveFailures: 0,
      lastSuccessAt: expect.any(String),
    });

    // The next invocation picks up from there.
    const next = (await invokeFunction('pollDeposits', {
      scheduleId: 'poll-deposits-bsc',
      network: 'BSC',
    })) as DepositPollerReport;
    expect(next.cursorBefore).toBe(report.cursorAfter);
  });

  it('refuses a schedule without a network', async () => {
    await expect(invokeFunction('pollDeposits', { scheduleId: 'poll-deposits-none' })).rejects.toThrow(
      /no network/,
    );
  });

  it('follows the TRON stand-in with the TRON scanner', async () => {
    await fetch(`${process.env['RPC_URL_TRON']}/admin/mine`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ blocks: 40 }),
    });
    const report = (await invokeFunction('pollDeposits', {
      scheduleId: 'poll-deposits-tron',
      network: 'TRON',
    })) as DepositPollerReport;
    expect(report).toMatchObject({ network: 'TRON', outcome: 'completed', failedRounds: 0 });
    expect(report.cursorAfter).toBe(report.lastHead!.finalized - getDeps().config.poller.nodeLagBlocks);
  });
});
