import { Wallet } from 'ethers';
import { requestWithdrawal } from '../../../shared/app/withdrawals/request-withdrawal';
import { resumeStalledWithdrawals } from '../../../shared/app/withdrawals/resume-withdrawals';
import type { WithdrawalWorkflow } from '../../../shared/ports/withdrawals';
import { startSweepChain } from '../sweeps/sweep-support';
import type { SweepChainNode } from '../sweeps/sweep-support';
import { WithdrawalBench } from './withdrawal-support';

jest.setTimeout(120_000);

/**
 * The stall sweeper pages through every unfinished withdrawal and resumes only what is stalled: a
 * withdrawal whose execution waits for an approval decision is not, however old its last change.
 */
describe('stall sweeper', () => {
  let chain: SweepChainNode;
  let bench: WithdrawalBench;

  beforeAll(async () => {
    chain = await startSweepChain('BSC');
  });
  afterAll(async () => {
    await chain.node.stop();
  });
  afterEach(async () => {
    await bench.tearDown();
  });

  it('resumes the one stalled withdrawal behind 150 older ones waiting for approval', async () => {
    bench = new WithdrawalBench(chain);
    // A person approves above 1 USDT.
    await bench.setUp({
      settings: {
        addressMode: 'MANUAL_ADDRESS',
        approval: { mode: 'CONDITIONAL', thresholdUsdt: 1_000_000n },
      },
    });
    bench.startMining(100);
    await bench.fund('400');
    const deps = { ...bench.wiring.deps, workflow: bench.workflow };

    // 150 withdrawals waiting for a decision. The first is requested and its execution (the real
    // definition) reaches the approval wait and stores its token; 149 more are stored in the same
    // state under their own codes and their waits are entered by the same task call with the payload
    // the definition gives it (an in-process state machine per withdrawal costs ~0.5 s to build).
    const { withdrawal: requested } = await bench.request('2', { key: 'approve-0' });
    await bench.waitFor(requested.code, 'PENDING_APPROVAL');
    while (!(await deps.withdrawals.taskToken(bench.partnerId, requested.code)))
      await new Promise((r) => setTimeout(r, 50));
    const template = await bench.get(requested.code);
    const waiting = [template.code];
    for (let i = 1; i < 150; i++) {
      const code = `${template.code}${String(i).padStart(3, '0')}`;
      await deps.withdrawals.create({ ...template, code });
      await bench.runTask({
        task: 'awaitApproval',
        partnerId: bench.partnerId,
        code,
        taskToken: `waiting-${i}`,
        approvalTimeoutSeconds: 3_600,
      });
      waiting.push(code);
    }

    // Then one whose execution never started (the process died between the request and StartExecution).
    const lost: WithdrawalWorkflow = {
      start: async () => undefined,
      ensureRunning: async () => 'RUNNING',
      resume: async () => undefined,
    };
    const { withdrawal: stalled } = await requestWithdrawal(
      { ...bench.wiring.deps, workflow: lost },
      {
        partnerId: bench.partnerId,
        requester: { kind: 'user', id: 'usr_requester' },
        type: 'MANUAL',
        idempotencyKey: 'stalled-one',
      },
      { network: bench.code, token: 'USDT', amount: '1', address: Wallet.createRandom().address },
    );
    expect(stalled.status).toBe('REQUESTED');

    const report = await resumeStalledWithdrawals(deps, { olderThanMs: 0 });
    // Only the stalled one was looked at, and it was started; the waiting ones were left alone.
    expect(report).toEqual({ checked: 1, started: 1 });
    const done = await bench.waitFor(stalled.code, 'CONFIRMED');
    expect(await bench.tokenBalance(done.address)).toBe(bench.units('1'));
    const after = await Promise.all(waiting.map((code) => bench.get(code)));
    expect(after.every((w) => w.status === 'PENDING_APPROVAL')).toBe(true);

    // Still waiting for decisions: a later sweep finds nothing to resume.
    expect(await resumeStalledWithdrawals(deps, { olderThanMs: 0 })).toEqual({ checked: 0, started: 0 });
    expect(bench.executionErrors).toEqual([]);
  });
});
