import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { deferredClient } from '../../../shared/adapters/aws/deferred-client';
import { SfnWithdrawalWorkflow } from '../../../shared/adapters/stepfunctions/sfn-withdrawal-workflow';

const ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:gateway-dev-withdrawal';
const TIMINGS = { approvalTimeoutSeconds: 60, fundsRetrySeconds: 30, pollSeconds: 5 };

/** SDK clients made on first use (ADR 0025): nothing at construction, one client for every later call. */
describe('deferred AWS SDK clients', () => {
  afterEach(() => mockClient(SFNClient).restore());

  it('makes the client once, on the first call, however many calls race for it', async () => {
    let made = 0;
    const client = deferredClient(async () => {
      made += 1;
      return { id: made };
    });
    expect(made).toBe(0);
    const [a, b] = await Promise.all([client(), client()]);
    expect(made).toBe(1);
    expect(a).toBe(b);
    const given = { id: 'given' };
    expect(await deferredClient(given)()).toBe(given);
  });

  it('Step Functions workflow: starts, describes and resumes through one client made on first use', async () => {
    const sfn = mockClient(SFNClient);
    const starts: unknown[] = [];
    sfn.on(StartExecutionCommand).callsFake((input) => {
      starts.push(input);
      if (starts.length === 2) throw new ExecutionAlreadyExists({ message: 'exists', $metadata: {} });
      return { executionArn: 'x', startDate: new Date() };
    });
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });
    sfn.on(SendTaskSuccessCommand).resolves({});
    let made = 0;
    const workflow = new SfnWithdrawalWorkflow(
      async () => {
        made += 1;
        return new SFNClient({ region: 'us-east-1' });
      },
      ARN,
      TIMINGS,
    );
    expect(made).toBe(0);
    await workflow.start({ partnerId: 'pt_1', code: 'W1' });
    // A second start of the same execution is the answer AWS gives when it exists: not an error.
    await workflow.start({ partnerId: 'pt_1', code: 'W1' });
    expect(
      await workflow.ensureRunning({ partnerId: 'pt_1', code: 'W1', stalledSince: '2026-12-07T10:00:00Z' }),
    ).toBe('RUNNING');
    await workflow.resume('token-1', { decision: 'APPROVED' });
    expect(made).toBe(1);
    expect(starts[0]).toEqual({
      stateMachineArn: ARN,
      name: 'pt_1-W1',
      input: JSON.stringify({ partnerId: 'pt_1', code: 'W1', timings: TIMINGS }),
    });
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]!.args[0].input).toEqual({
      executionArn: 'arn:aws:states:us-east-1:000000000000:execution:gateway-dev-withdrawal:pt_1-W1',
    });
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input).toEqual({
      taskToken: 'token-1',
      output: '{"decision":"APPROVED"}',
    });
  });
});
