import { DescribeExecutionCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { WithdrawalWorkflow } from '../../ports/withdrawals';

export interface WithdrawalTimingsInput {
  readonly approvalTimeoutSeconds: number;
  readonly fundsRetrySeconds: number;
  readonly pollSeconds: number;
}

/** Execution name of a withdrawal: Step Functions refuses a second execution with the same name. */
export function executionName(partnerId: string, code: string, restart?: string): string {
  return `${partnerId}-${code}${restart ? `-r${restart}` : ''}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
}

const IGNORED_ON_START = new Set(['ExecutionAlreadyExists']);
/** A token that is no longer waiting (decided twice, timed out, execution gone) needs no resume. */
const IGNORED_ON_RESUME = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/** The withdrawal workflow on AWS Step Functions (Standard). */
export class SfnWithdrawalWorkflow implements WithdrawalWorkflow {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
    private readonly timings: WithdrawalTimingsInput,
  ) {}

  async start(input: {
    readonly partnerId: string;
    readonly code: string;
    readonly restart?: string;
  }): Promise<void> {
    try {
      await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: executionName(input.partnerId, input.code, input.restart),
          input: JSON.stringify({ partnerId: input.partnerId, code: input.code, timings: this.timings }),
        }),
      );
    } catch (e) {
      // Same name and input while it runs is idempotent on AWS; after it ended this is the answer.
      if (!IGNORED_ON_START.has((e as Error).name)) throw e;
    }
  }

  async ensureRunning(input: {
    readonly partnerId: string;
    readonly code: string;
    readonly stalledSince: string;
  }): Promise<'RUNNING' | 'STARTED'> {
    const restart = Date.parse(input.stalledSince).toString(36);
    for (const name of [
      executionName(input.partnerId, input.code),
      executionName(input.partnerId, input.code, restart),
    ]) {
      try {
        const out = await this.sfn.send(
          new DescribeExecutionCommand({ executionArn: this.executionArn(name) }),
        );
        if (out.status === 'RUNNING') return 'RUNNING';
      } catch (e) {
        if ((e as Error).name !== 'ExecutionDoesNotExist') throw e;
      }
    }
    await this.start({ partnerId: input.partnerId, code: input.code, restart });
    return 'STARTED';
  }

  /** arn:aws:states:region:account:stateMachine:NAME → arn:aws:states:region:account:execution:NAME:EXECUTION */
  private executionArn(name: string): string {
    return `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  }

  async resume(taskToken: string, output: { readonly decision: string }): Promise<void> {
    try {
      await this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    } catch (e) {
      if (!IGNORED_ON_RESUME.has((e as Error).name)) throw e;
    }
  }
}
