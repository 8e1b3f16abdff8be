import { invokeFunction } from '../../../scripts/local/lambda-runtime';
import type { ChainHeadObservation } from '../../../shared/app/chains/record-chain-head';
import type { TronSweepReport } from '../../../shared/app/sweeps/run-sweeps';
import { SCHEDULES } from '../../../shared/schedules/schedule-table';
import { createTestTable } from '../../support/test-env';
import { sharedTronChain } from './tron-test-chain';

/** The scheduled handlers on TRON, against the shared stand-in of the integration run. */
describe('scheduled handlers on TRON', () => {
  const tron = sharedTronChain();
  let dropTable: () => Promise<void>;

  beforeAll(async () => {
    dropTable = (await createTestTable('tron-handlers')).dropTable;
  });
  afterAll(() => dropTable());

  it('has a head recorder, a deposit poller and a sweeper scheduled for TRON', () => {
    expect(
      SCHEDULES.filter((s) => s.input['network'] === 'TRON')
        .map((s) => [s.id, s.functionName, s.everyMinutes])
        .sort(),
    ).toEqual([
      ['chain-heads-tron', 'chainHeads', 1],
      ['poll-deposits-tron', 'pollDeposits', 1],
      ['sweep-deposits-tron', 'sweepDeposits', 5],
    ]);
  });

  it('runs the TRON sweeper from the sweep schedule', async () => {
    const report = (await invokeFunction('sweepDeposits', {
      scheduleId: 'sweep-deposits-tron',
      network: 'TRON',
    })) as TronSweepReport;
    expect(report).toMatchObject({ network: 'TRON', sweepsStarted: 0, errors: [] });
  });

  it('records the TRON head and its solidified block behind it', async () => {
    const { head } = await tron.mine(25);
    const observation = (await invokeFunction('chainHeads', {
      scheduleId: 'chain-heads-tron',
      network: 'TRON',
    })) as ChainHeadObservation;
    // Other test files may mine on the shared stand-in meanwhile: bounds rather than exact heights.
    expect(observation.headBlock).toBeGreaterThanOrEqual(head);
    expect(observation.finalizedBlock).toBeGreaterThanOrEqual(head - 19);
    expect(observation.finalizedBlock).toBeLessThan(observation.headBlock);
  });
});
