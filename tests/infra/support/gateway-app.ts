import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, CloudFormationValidatePlugin, Validations } from 'aws-cdk-lib';
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
 * CloudFormation's own template check (the cfn-lint rules CDK runs in WASM; cdk.json's
 * `@aws-cdk/core:validateAgainstDefaultRules` makes a finding fail synthesis) costs ~10 s per synth,
 * most of it starting its engine, once per test file. The infra project switches the built-in instance
 * off (CDK_VALIDATION=false in tests/infra/support/setup.ts, so probe apps skip it too) and
 * `synthGateway` registers this one again: for every app whose templates differ from the default
 * app's, and for the default app itself once, in nag.test.ts. Shared, so a file starts the engine once.
 */
let cfnValidation: CloudFormationValidatePlugin | undefined;
export function cfnValidationPlugin(): CloudFormationValidatePlugin {
  cfnValidation ??= new CloudFormationValidatePlugin();
  return cfnValidation;
}

/**
 * Build the gateway app as `npm run synth` does, minus esbuild: `aws:cdk:bundling-stacks: []` makes
 * every NodejsFunction asset skip bundling (a placeholder asset with a stable hash), which keeps the
 * suite fast. cdk-nag runs as a validation plugin, so any unacknowledged finding fails synthesis here
 * too; so does a CloudFormation validation finding unless `validate: false` (see above).
 */
export function synthGateway(
  context: Record<string, unknown> = {},
  options: { validate?: boolean } = {},
): SynthesizedGateway {
  const app = new App({
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context },
  });
  const stacks = buildGatewayApp(app);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  if (options.validate ?? true) {
    Validations.of(app).addPlugins(cfnValidationPlugin());
  }
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

/**
 * One synthesized default app per test file (jest isolates modules per file), without the
 * CloudFormation validation: nag.test.ts synthesizes the same app with it.
 */
export function gateway(): SynthesizedGateway {
  shared ??= synthGateway({}, { validate: false });
  return shared;
}
