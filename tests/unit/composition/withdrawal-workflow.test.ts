import { SFNClient } from '@aws-sdk/client-sfn';
import { SfnWithdrawalWorkflow } from '../../../shared/adapters/stepfunctions/sfn-withdrawal-workflow';
import { buildDepositDeps } from '../../../shared/composition/deposits';
import { buildDeps } from '../../../shared/composition/gateway';
import {
  provideWithdrawalWorkflow,
  resolveWithdrawalWorkflow,
} from '../../../shared/composition/withdrawal-workflow';
import { buildWithdrawalWiring } from '../../../shared/composition/withdrawals';
import { ConfigError, parseConfig } from '../../../shared/config/config';
import type { WithdrawalWorkflow } from '../../../shared/ports/withdrawals';

const ARN = 'arn:aws:states:us-east-1:111122223333:stateMachine:gateway-dev-withdrawal';
const sfn = new SFNClient({ region: 'us-east-1', credentials: { accessKeyId: 't', secretAccessKey: 't' } });
const given = (): WithdrawalWorkflow => ({
  start: async () => undefined,
  ensureRunning: async () => 'RUNNING',
  resume: async () => undefined,
});
/** Building a wiring talks to nothing: DynamoDB and the chains are reached on first use. */
const depositDeps = (env: Record<string, string> = {}) =>
  buildDepositDeps(buildDeps(parseConfig({ TABLE_NAME: 'gateway', ...env })));

/**
 * The product composition has no local fallback (ADR 0025): a withdrawal function runs executions on
 * Step Functions (WITHDRAWAL_STATE_MACHINE_ARN) or on the workflow it is given (the local stack's
 * runner, a test's), and without either it refuses to start instead of taking requests nobody executes.
 */
describe('the withdrawal workflow a wiring uses', () => {
  afterEach(() => provideWithdrawalWorkflow(undefined));

  it('refuses to wire withdrawals with neither a state machine ARN nor a given workflow', () => {
    const refusal = (() => {
      try {
        buildWithdrawalWiring(depositDeps());
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(refusal).toBeInstanceOf(ConfigError);
    expect((refusal as ConfigError).issues).toEqual([
      expect.stringMatching(/^WITHDRAWAL_STATE_MACHINE_ARN: required/),
    ]);
    expect(() => resolveWithdrawalWorkflow(depositDeps().base.config)).toThrow(ConfigError);
  });

  it('starts executions on Step Functions when the ARN is set', () => {
    const wiring = buildWithdrawalWiring(depositDeps({ WITHDRAWAL_STATE_MACHINE_ARN: ARN }), { sfn });
    expect(wiring.workflow).toBeInstanceOf(SfnWithdrawalWorkflow);
    expect(wiring.deps.workflow).toBe(wiring.workflow);
  });

  it("uses the process's given workflow (the local stack's runner) for the request side and the task alike", () => {
    const local = given();
    provideWithdrawalWorkflow(() => local);
    const config = depositDeps().base.config;
    expect(resolveWithdrawalWorkflow(config)).toBe(local);
    expect(buildWithdrawalWiring(depositDeps()).deps.workflow).toBe(local);
    // A wiring's own option (a test bench's) comes first.
    const own = given();
    expect(buildWithdrawalWiring(depositDeps(), { workflow: own }).deps.workflow).toBe(own);
  });
});
