import { Tags } from 'aws-cdk-lib';
import type { App, Stack, StackProps } from 'aws-cdk-lib';
import { ApiStack } from '../stacks/api-stack';
import { ConsoleStack } from '../stacks/console-stack';
import { DataStack } from '../stacks/data-stack';
import { ObservabilityStack } from '../stacks/observability-stack';
import { SchedulesStack } from '../stacks/schedules-stack';
import { WebhooksStack } from '../stacks/webhooks-stack';
import { WorkflowsStack } from '../stacks/workflows-stack';
import { names, settingsFromContext } from './settings';
import type { GatewaySettings } from './settings';

export interface GatewayStacks {
  readonly settings: GatewaySettings;
  readonly data: DataStack;
  readonly api: ApiStack;
  readonly workflows: WorkflowsStack;
  readonly schedules: SchedulesStack;
  readonly console: ConsoleStack;
  readonly webhooks: WebhooksStack;
  readonly observability: ObservabilityStack;
  /** All seven, in deployment order. */
  readonly all: readonly Stack[];
}

/**
 * The gateway's stacks, one per concern. Environment-agnostic: account and region come from the CLI
 * at deploy time. Used by infra/bin/app.ts and by the infra tests, so both see the same app.
 */
export function buildGatewayApp(
  app: App,
  settings: GatewaySettings = settingsFromContext(app.node),
): GatewayStacks {
  const mainnet = settings.appEnv === 'mainnet';
  const tags = { project: 'stablecoin-gateway', stage: settings.stage, appEnv: settings.appEnv };
  const props = (concern: string, description: string): StackProps & { settings: GatewaySettings } => ({
    settings,
    stackName: names.stack(settings, concern),
    description: `Stablecoin gateway (${settings.stage}): ${description}`,
    terminationProtection: mainnet,
    tags,
  });

  const data = new DataStack(app, names.stack(settings, 'data'), {
    ...props('data', 'DynamoDB table, KMS custody and envelope keys, webhook queues'),
    // The table and custody keys hold money: never delete this stack by accident, on any stage.
    terminationProtection: true,
  });
  const api = new ApiStack(app, names.stack(settings, 'api'), {
    ...props('api', 'partner REST API, Lambda authorizer, WAF'),
    data,
  });
  const workflows = new WorkflowsStack(app, names.stack(settings, 'workflows'), {
    ...props('workflows', 'withdrawal state machine'),
    data,
  });
  const schedules = new SchedulesStack(app, names.stack(settings, 'schedules'), {
    ...props('schedules', 'EventBridge schedules and scheduled functions'),
    data,
  });
  const webhooks = new WebhooksStack(app, names.stack(settings, 'webhooks'), {
    ...props('webhooks', 'webhook delivery: the SQS consumer of the webhook queue'),
    data,
  });
  const consoleStack = new ConsoleStack(app, names.stack(settings, 'console'), {
    ...props('console', 'partner console on S3 + CloudFront, /api/* to the REST API'),
    api: api.api,
  });
  const observability = new ObservabilityStack(app, names.stack(settings, 'observability'), {
    ...props('observability', 'alarms and the alarm topic'),
    webhookDlq: data.webhookDlq,
    ...(webhooks.outboxFailures ? { outboxFailures: webhooks.outboxFailures } : {}),
  });

  // Functions address the table by its deterministic name (DataStack.tableFor), so these orderings are
  // not implied by references.
  for (const consumer of [api, workflows, schedules, webhooks, observability])
    consumer.addStackDependency(data);
  consoleStack.addStackDependency(api);

  const all = [data, api, workflows, schedules, webhooks, consoleStack, observability];
  for (const stack of all) {
    for (const [key, value] of Object.entries(tags)) Tags.of(stack).add(key, value);
  }
  return { settings, data, api, workflows, schedules, webhooks, console: consoleStack, observability, all };
}
