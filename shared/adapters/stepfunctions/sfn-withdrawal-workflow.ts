import type { SFNClient } from '@aws-sdk/client-sfn';
import { deferredClient } from '../aws/deferred-client';
import type { ClientSource } from '../aws/deferred-client';
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
  private readonly client: () => Promise<SFNClient>;

  constructor(
    sfn: ClientSource<SFNClient>,
    private readonly stateMachineArn: string,
    private readonly timings: WithdrawalTimingsInput,
  ) {
    this.client = deferredClient(sfn);
  }

  /** The client and the package's commands, loaded on the first call rather than at cold start (ADR 0025). */
  private async sfn() {
    const [client, commands] = await Promise.all([this.client(), import('@aws-sdk/client-sfn')]);
    return { send: client.send.bind(client), ...commands };
  }

  async start(input: {
    readonly partnerId: string;
    readonly code: string;
    readonly restart?: string;
  }): Promise<void> {
    try {
      const { send, StartExecutionCommand } = await this.sfn();
      await send(
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
        const { send, DescribeExecutionCommand } = await this.sfn();
        const out = await send(new DescribeExecutionCommand({ executionArn: this.executionArn(name) }));
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
      const { send, SendTaskSuccessCommand } = await this.sfn();
      await send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    } catch (e) {
      if (!IGNORED_ON_RESUME.has((e as Error).name)) throw e;
    }
  }
}
