import type * as StepFunctions from 'aws-local-stepfunctions';
import {
  LocalWithdrawalWorkflow,
  loadWithdrawalDefinition,
} from '../../../shared/adapters/local/local-withdrawal-workflow';

/** State machines built (each one validates the whole ASL document: ~0.5 s of CPU). */
let mockMachinesBuilt = 0;
jest.mock('aws-local-stepfunctions', () => {
  const actual = jest.requireActual<typeof StepFunctions>('aws-local-stepfunctions');
  class CountingStateMachine extends actual.StateMachine {
    constructor(...args: ConstructorParameters<typeof actual.StateMachine>) {
      super(...args);
      mockMachinesBuilt += 1;
    }
  }
  return { ...actual, StateMachine: CountingStateMachine };
});

describe('local withdrawal workflow (the state machine run in-process on the local stack)', () => {
  it('builds the state machine once and runs at most maxConcurrentTasks task states at once', async () => {
    const gates: (() => void)[] = [];
    let running = 0;
    let most = 0;
    const tasks: string[] = [];
    const workflow = new LocalWithdrawalWorkflow({
      definition: loadWithdrawalDefinition({
        WithdrawalTaskFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:test',
      }),
      // Every task is held until the test lets it go: what runs at the same time is visible.
      runTask: async (payload) => {
        tasks.push(String(payload['task']));
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((r) => gates.push(r));
        running -= 1;
        return { route: 'DONE', status: 'CONFIRMED' };
      },
      timings: { approvalTimeoutSeconds: 60, fundsRetrySeconds: 1, pollSeconds: 1 },
      maxConcurrentTasks: 3,
    });
    mockMachinesBuilt = 0;
    const codes = Array.from({ length: 10 }, (_, i) => `W26112000000000${i}`);
    for (const code of codes) await workflow.start({ partnerId: 'pt_1', code });

    let ended = false;
    void workflow.settled().then(() => (ended = true));
    while (!ended) {
      await new Promise((r) => setImmediate(r));
      for (const open of gates.splice(0)) open();
    }

    expect(mockMachinesBuilt).toBe(1);
    expect(most).toBe(3);
    // Every execution still ran its whole path (begin, then finish on the DONE route).
    expect(tasks.filter((t) => t === 'begin')).toHaveLength(10);
    expect(tasks.filter((t) => t === 'finish')).toHaveLength(10);
    for (const code of codes) expect(workflow.execution('pt_1', code)).toMatchObject({ done: true });
    expect(codes.map((code) => workflow.execution('pt_1', code)?.error)).toEqual(codes.map(() => undefined));
  });
});
