import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildGatewayApp } from '../../../infra/lib/gateway-app';
import type { GatewayStacks } from '../../../infra/lib/gateway-app';

/** The context of cdk.json (feature flags, stage, appEnv): tests see the same app the CLI synthesizes. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(process.cwd(), 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export interface SynthesizedGateway extends GatewayStacks {
  readonly app: App;
  template(stack: Stack): Template;
}

/**
 * Build the gateway app as `npm run synth` does, minus esbuild: `aws:cdk:bundling-stacks: []` makes
 * every NodejsFunction asset skip bundling (a placeholder asset with a stable hash), which keeps the
 * suite fast. cdk-nag runs as a validation plugin, so any unacknowledged finding fails synthesis here too.
 */
export function synthGateway(context: Record<string, unknown> = {}): SynthesizedGateway {
  const app = new App({
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context },
  });
  const stacks = buildGatewayApp(app);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const templates = new Map<Stack, Template>();
  return {
    ...stacks,
    app,
    template(stack: Stack): Template {
      let template = templates.get(stack);
      if (!template) {
        template = Template.fromStack(stack);
        templates.set(stack, template);
      }
      return template;
    },
  };
}

let shared: SynthesizedGateway | undefined;

/** One synthesized default app per test file (jest isolates modules per file). */
export function gateway(): SynthesizedGateway {
  shared ??= synthGateway();
  return shared;
}
