import {
  LocalWithdrawalWorkflow,
  loadWithdrawalDefinition,
} from '../../shared/adapters/local/local-withdrawal-workflow';
import { LocalSweepTrigger } from '../../shared/adapters/local/local-sweep-trigger';
import type { SweepRequestEvent } from '../../events/sweep-request/schema';
import { getDeps } from '../../shared/composition/gateway';
import { provideSweepTrigger } from '../../shared/composition/withdrawals';
import { provideWithdrawalWorkflow, workflowTimings } from '../../shared/composition/withdrawal-workflow';
import { invokeFunction } from './lambda-runtime';

/** The catalog function every task state of the withdrawal state machine invokes (as on AWS). */
const TASK_FUNCTION = 'withdrawalTask';
/** The catalog function a withdrawal waiting for MASTER funds asks for a sweep (SWEEP_TRIGGER). */
const SWEEP_FUNCTION = 'sweepDeposits';

let runner: LocalWithdrawalWorkflow | undefined;
let sweepTrigger: LocalSweepTrigger | undefined;

/**
 * The local stack's Step Functions for withdrawals: the ASL the workflows stack deploys, run in-process
 * by aws-local-stepfunctions, each task state an invocation of the `withdrawalTask` function through the
 * local Lambda runtime (the same handler, event and errors as on AWS). Built on first use, once per
 * process, with the configuration the handlers read.
 */
export function localWithdrawalRunner(): LocalWithdrawalWorkflow {
  runner ??= new LocalWithdrawalWorkflow({
    definition: loadWithdrawalDefinition({
      WithdrawalTaskFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:local-${TASK_FUNCTION}`,
    }),
    runTask: (payload) => invokeFunction(TASK_FUNCTION, payload),
    timings: workflowTimings(getDeps().config),
    onExecutionError: (name, e) =>
      getDeps().logger.error('withdrawal execution failed', { execution: name, error: e as Error }),
  });
  return runner;
}

/**
 * Gives the withdrawal functions of this process the local runner (the product composition has no
 * fallback of its own: on AWS it is Step Functions, named by WITHDRAWAL_STATE_MACHINE_ARN) and, for
 * SWEEP_TRIGGER=local, the sweep trigger: the sweep function invoked in this process with the event the
 * Lambda trigger sends (one run per partner and network at a time). The local stack and the test
 * benches that serve the catalog in-process call this before a handler runs.
 */
export function useLocalWithdrawalRunner(): void {
  provideWithdrawalWorkflow(localWithdrawalRunner);
  sweepTrigger ??= new LocalSweepTrigger(
    (partnerId, network) => {
      const event: SweepRequestEvent = { requestedBy: 'withdrawal', network, partnerId };
      return invokeFunction(SWEEP_FUNCTION, event);
    },
    (e) => getDeps().logger.error('requested sweep failed', { error: e as Error }),
  );
  provideSweepTrigger(sweepTrigger);
}

/** Stops every local execution (shutdown, test teardown). */
export function stopLocalWithdrawalRunner(): void {
  runner?.stopAll();
}
