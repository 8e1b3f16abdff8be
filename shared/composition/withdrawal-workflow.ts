import type { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoWithdrawalRepository } from '../adapters/dynamodb/withdrawal-repository';
import { SfnWithdrawalWorkflow } from '../adapters/stepfunctions/sfn-withdrawal-workflow';
import type { WithdrawalTimingsInput } from '../adapters/stepfunctions/sfn-withdrawal-workflow';
import type { WithdrawalRequestDeps } from '../app/withdrawals/deps';
import { ConfigError } from '../config/config';
import type { AppConfig } from '../config/config';
import type { WithdrawalWorkflow } from '../ports/withdrawals';
import { getDeps } from './gateway';

/**
 * Where withdrawal executions run (ADR 0025, "per-function composition: withdrawals"): Step Functions
 * on AWS, or the workflow given to the process (the local stack's runner). Imports nothing of the
 * deposit side or the chains, so the stall sweeper carries none of it.
 */
export interface WorkflowOptions {
  /** Where executions run; default: the process's (provideWithdrawalWorkflow), else Step Functions. */
  readonly workflow?: WithdrawalWorkflow;
  readonly sfn?: SFNClient;
}

export function workflowTimings(config: AppConfig): WithdrawalTimingsInput {
  const w = config.withdrawals;
  return {
    approvalTimeoutSeconds: w.approvalTimeoutSeconds,
    fundsRetrySeconds: w.fundsRetrySeconds,
    pollSeconds: w.pollSeconds,
  };
}

let provided: (() => WithdrawalWorkflow) | undefined;

/**
 * Gives this process's withdrawal functions the workflow they start and signal. The local stack (and
 * the test benches that serve the functions in-process) runs the state machine itself
 * (scripts/local/local-withdrawal-runner.ts) and gives it here before a handler runs; on AWS nothing is
 * given and WITHDRAWAL_STATE_MACHINE_ARN names the Step Functions state machine.
 */
export function provideWithdrawalWorkflow(workflow: (() => WithdrawalWorkflow) | undefined): void {
  provided = workflow;
}

/**
 * The workflow a wiring uses: the one given (options, then the process's), else Step Functions.
 * Neither a given workflow nor an ARN is a configuration error: the withdrawal functions refuse to
 * start rather than take requests whose executions nobody would run.
 */
export function resolveWithdrawalWorkflow(
  config: AppConfig,
  options: WorkflowOptions = {},
): WithdrawalWorkflow {
  if (options.workflow) return options.workflow;
  if (provided) return provided();
  const arn = config.withdrawals.stateMachineArn;
  if (!arn)
    throw new ConfigError([
      'WITHDRAWAL_STATE_MACHINE_ARN: required by the withdrawal functions (the workflow:start/resume grants set it)',
    ]);
  return new SfnWithdrawalWorkflow(
    options.sfn ??
      (async () => new (await import('@aws-sdk/client-sfn')).SFNClient({ region: config.region })),
    arn,
    workflowTimings(config),
  );
}

/** What the stall sweeper needs: the withdrawals and their executions (no destinations, no wallets). */
export type WithdrawalRestartDeps = Pick<
  WithdrawalRequestDeps,
  'withdrawals' | 'workflow' | 'clock' | 'onError'
>;

let restarts: WithdrawalRestartDeps | undefined;

/** The stall sweeper's wiring (resume-withdrawals): nothing of the deposit side or the chains. */
export function getWithdrawalRestartDeps(): WithdrawalRestartDeps {
  if (!restarts) {
    const base = getDeps();
    restarts = {
      withdrawals: new DynamoWithdrawalRepository(base.db, base.config.tableName),
      workflow: resolveWithdrawalWorkflow(base.config),
      clock: base.clock,
      onError: (message, e) => base.logger.error(message, { error: e as Error }),
    };
  }
  return restarts;
}
