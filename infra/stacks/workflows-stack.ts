import { readFileSync } from 'node:fs';
import { CfnOutput, Stack, Validations } from 'aws-cdk-lib';
import type { CfnElement } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { functionSpec } from '../../functions/catalog';
import { gatewayFunction } from '../constructs/gateway-function';
import { names, repoPath } from '../lib/settings';
import type { GatewaySettings } from '../lib/settings';
import type { DataStack } from './data-stack';

/** The withdrawal state machine definition, shared with the local stack (aws-local-stepfunctions). */
export const WITHDRAWAL_ASL = 'infra/workflows/withdrawal.asl.json';

export interface WorkflowsStackProps extends StackProps {
  readonly settings: GatewaySettings;
  readonly data: DataStack;
  /**
   * Task functions by substitution prefix: `{ HoldFunds: fn }` becomes `${HoldFundsFunctionArn}` in the
   * definition and an invoke grant for the state machine role. Empty until the task handlers exist.
   */
  readonly taskFunctions?: Readonly<Record<string, IFunction>>;
}

/** `${Name}` placeholders of an ASL document (definition substitutions). */
export function aslPlaceholders(definition: string): string[] {
  return [...new Set([...definition.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]!))].sort();
}

/** The withdrawal lifecycle on Step Functions (Standard): retries and catches live in the definition. */
export class WorkflowsStack extends Stack {
  readonly withdrawal: sfn.StateMachine;
  readonly definitionSubstitutions: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: WorkflowsStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const aslPath = repoPath(WITHDRAWAL_ASL);

    // The task states' function: one Lambda for every task of the lifecycle (functions/catalog.ts).
    const taskFunctions: Record<string, IFunction> = { ...(props.taskFunctions ?? {}) };
    if (!props.taskFunctions) {
      const data = props.data;
      const task = gatewayFunction(this, functionSpec('withdrawalTask'), settings, data);
      taskFunctions['WithdrawalTask'] = task.function;
    }
    const substitutions: Record<string, string> = {};
    for (const [name, fn] of Object.entries(taskFunctions)) {
      substitutions[`${name}FunctionArn`] = fn.functionArn;
    }
    // Inlined (not an S3 asset) so the template carries the definition and tests can compare it.
    const definition = readFileSync(aslPath, 'utf8');
    const missing = aslPlaceholders(definition).filter((p) => !(p in substitutions));
    if (missing.length)
      throw new Error(`${WITHDRAWAL_ASL} uses unknown substitutions: ${missing.join(', ')}`);
    this.definitionSubstitutions = substitutions;

    const logGroup = new logs.LogGroup(this, 'WithdrawalLogs', {
      // The /aws/vendedlogs/ prefix keeps CloudWatch Logs resource policies small (AWS guidance for SFN).
      logGroupName: `/aws/vendedlogs/states/${names.resource(settings, 'withdrawal')}`,
      retention: settings.logRetention,
      removalPolicy: settings.removalPolicy,
    });

    this.withdrawal = new sfn.StateMachine(this, 'Withdrawal', {
      stateMachineName: names.resource(settings, 'withdrawal'),
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(definition),
      definitionSubstitutions: substitutions,
      tracingEnabled: true,
      logs: {
        destination: logGroup,
        level: sfn.LogLevel.ALL,
        // Execution data holds addresses, amounts and approval tokens: log state transitions only.
        includeExecutionData: false,
      },
    });
    for (const fn of Object.values(taskFunctions)) fn.grantInvoke(this.withdrawal);

    for (const fn of Object.values(taskFunctions)) {
      Validations.of(this.withdrawal).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(fn).getLogicalId(fn.node.defaultChild as CfnElement)}.Arn>:*]`,
        reason:
          'grantInvoke adds the function ARN with :* so every version and alias of the task function can be invoked; it is this one function only.',
      });
    }
    Validations.of(this.withdrawal).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'CloudWatch Logs vended-log delivery (logs:CreateLogDelivery, PutResourcePolicy, …) and X-Ray (PutTraceSegments, GetSamplingRules, …) do not support resource-level permissions.',
    });

    new CfnOutput(this, 'WithdrawalStateMachineArn', { value: this.withdrawal.stateMachineArn });
  }
}
