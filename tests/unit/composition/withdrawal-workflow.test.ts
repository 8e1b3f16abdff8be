import { SFNClient } from '@aws-sdk/client-sfn';
import { SfnWithdrawalWorkflow } from '../../../shared/adapters/stepfunctions/sfn-withdrawal-workflow';
import { buildDepositDeps } from '../../../shared/composition/deposits';
import { buildDeps } from '../../../shared/composition/gateway';
import {
  provideWithdrawalWorkflow,
  resolveWithdrawalWorkflow,
} from '../../../shared/composition/withdrawal-workflow';
import { buildWithdrawalWiring, provideSweepTrigger } from '../../../shared/composition/withdrawals';
import { ConfigError, parseConfig } from '../../../shared/config/config';
import type { SweepTrigger } from '../../../shared/ports/sweeps';
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

/** The same for the sweep a withdrawal waiting for MASTER funds asks for: no local stand-in in the product. */
describe('the sweep trigger a withdrawal wiring uses', () => {
  afterEach(() => provideSweepTrigger(undefined));
  const options = { workflow: given() };

  it('refuses SWEEP_TRIGGER=local unless the local stack gave the trigger, and then uses that one', () => {
    expect(() => buildWithdrawalWiring(depositDeps({ SWEEP_TRIGGER: 'local' }), options)).toThrow(
      /SWEEP_TRIGGER: local needs the local stack/,
    );
    const local: SweepTrigger = { requestSweep: async () => undefined };
    provideSweepTrigger(local);
    expect(buildWithdrawalWiring(depositDeps({ SWEEP_TRIGGER: 'local' }), options).deps.sweepTrigger).toBe(
      local,
    );
  });

  it('has none when SWEEP_TRIGGER is off, whatever was given to the process', () => {
    provideSweepTrigger({ requestSweep: async () => undefined });
    expect(buildWithdrawalWiring(depositDeps(), options).deps.sweepTrigger).toBeUndefined();
  });
});
