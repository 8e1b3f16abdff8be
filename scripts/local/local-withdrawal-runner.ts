import {
  LocalWithdrawalWorkflow,
  loadWithdrawalDefinition,
} from '../../shared/adapters/local/local-withdrawal-workflow';
import { getDeps } from '../../shared/composition/gateway';
import { provideWithdrawalWorkflow, workflowTimings } from '../../shared/composition/withdrawal-workflow';
import { invokeFunction } from './lambda-runtime';

/** The catalog function every task state of the withdrawal state machine invokes (as on AWS). */
const TASK_FUNCTION = 'withdrawalTask';

let runner: LocalWithdrawalWorkflow | undefined;

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
 * fallback of its own: on AWS it is Step Functions, named by WITHDRAWAL_STATE_MACHINE_ARN). The local
 * stack and the test benches that serve the catalog in-process call this before a handler runs.
 */
export function useLocalWithdrawalRunner(): void {
  provideWithdrawalWorkflow(localWithdrawalRunner);
}

/** Stops every local execution (shutdown, test teardown). */
export function stopLocalWithdrawalRunner(): void {
  runner?.stopAll();
}
