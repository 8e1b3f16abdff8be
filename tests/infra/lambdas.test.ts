import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { FUNCTIONS, functionSpec } from '../../functions/catalog';
import type { FunctionSpec } from '../../functions/catalog';
import { ESM_REQUIRE_BANNER, GatewayFunction } from '../../infra/constructs/gateway-function';
import { buildFunctionBundles } from '../../infra/lib/function-bundles';
import { settingsFromContext } from '../../infra/lib/settings';
import { SCHEDULES } from '../../shared/schedules/schedule-table';
import { cdkJsonContext, gateway } from './support/gateway-app';
import {
  actionsOf,
  functionsByName,
  logicalId,
  refId,
  resourcesOf,
  statementsOfRole,
} from './support/template-helpers';

describe('Lambda functions', () => {
  const g = gateway();
  const deployed = g.all.flatMap((stack) => {
    const template = g.template(stack);
    return [...functionsByName(template)]
      .filter(([name]) => name.startsWith('gateway-dev-'))
      .map(([name, fn]) => ({ stack, template, name, ...fn }));
  });
  const deployedFor = (spec: FunctionSpec) => deployed.filter((d) => d.name === `gateway-dev-${spec.name}`);

  it('deploys every catalog function exactly once, in the stack of its kind', () => {
    expect(deployed).toHaveLength(FUNCTIONS.length);
    for (const spec of FUNCTIONS) {
      const found = deployedFor(spec);
      expect(found).toHaveLength(1);
      const expectedStack =
        spec.kind === 'scheduled'
          ? g.schedules
          : spec.kind === 'queue' || spec.kind === 'stream'
            ? g.webhooks
            : spec.kind === 'workflow-task'
              ? g.workflows
              : g.api;
      expect(found[0]!.stack).toBe(expectedStack);
    }
    // Scheduled functions are deployed because a schedule row names them.
    for (const spec of FUNCTIONS.filter((f) => f.kind === 'scheduled')) {
      expect(SCHEDULES.some((s) => s.functionName === spec.name)).toBe(true);
    }
  });

  it.each(FUNCTIONS.map((f) => [f.name, f]))(
    '%s: Node 22 on arm64, traced, sized and configured from the catalog',
    (_, spec) => {
      const [fn] = deployedFor(spec);
      const props = fn!.props;
      expect(props.Runtime).toBe('nodejs22.x');
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.Handler).toBe('index.handler');
      expect(props.TracingConfig).toEqual({ Mode: 'Active' });
      expect(props.MemorySize).toBe(spec.memoryMb);
      expect(props.Timeout).toBe(spec.timeoutSeconds);
      const env = (props.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env).toMatchObject({
        APP_ENV: 'testnet',
        TABLE_NAME: 'gateway-dev',
        KEY_VAULT: 'kms',
        LOG_LEVEL: 'INFO',
        SERVICE_NAME: 'stablecoin-gateway',
        NODE_OPTIONS: '--enable-source-maps',
        EMAIL_FROM: 'no-reply@dev.gateway.example.com',
        CONSOLE_URL: 'https://console.dev.gateway.example.com/console/',
        CLIENT_IP_HEADER: 'x-viewer-ip',
      });
      expect(JSON.stringify(env.KMS_DATA_KEY_ID)).toContain(logicalId(g.data.envelopeKey));
      // Its own log group, with a retention.
      const logGroupId = refId((props.LoggingConfig as { LogGroup: unknown }).LogGroup);
      const logGroup = resourcesOf(fn!.template, 'AWS::Logs::LogGroup')[logGroupId!];
      expect(logGroup?.Properties?.RetentionInDays).toBe(30);
    },
  );

  it.each(FUNCTIONS.map((f) => [f.name, f]))(
    '%s: IAM follows its catalog grants and nothing more',
    (_, spec) => {
      const [fn] = deployedFor(spec);
      const roleId = refId(fn!.props.Role)!;
      const role = resourcesOf(fn!.template, 'AWS::IAM::Role')[roleId]!;
      expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
      const statements = statementsOfRole(fn!.template, roleId);
      const actions = new Set(statements.flatMap(actionsOf));
      const grants = new Set(spec.grants);
      expect(actions.has('dynamodb:Query')).toBe(grants.has('table:read'));
      expect(actions.has('dynamodb:PutItem')).toBe(grants.has('table:write'));
      // Email only from the configured sender, through its SES domain identity.
      expect(actions.has('ses:SendEmail')).toBe(grants.has('email:send'));
      for (const st of statements.filter((x) => actionsOf(x).includes('ses:SendEmail'))) {
        expect(JSON.stringify(st.Resource)).toContain(':identity/dev.gateway.example.com');
        expect(st.Condition).toEqual({
          StringEquals: { 'ses:FromAddress': 'no-reply@dev.gateway.example.com' },
        });
      }
      const envelopeActions = statements
        .filter((s) => JSON.stringify(s.Resource).includes(logicalId(g.data.envelopeKey)))
        .flatMap(actionsOf)
        .sort();
      const expected = [
        ...(grants.has('keyvault:decrypt') ? ['kms:Decrypt'] : []),
        ...(grants.has('keyvault:encrypt') ? ['kms:GenerateDataKey'] : []),
      ].sort();
      expect(envelopeActions).toEqual(expected);
      // MASTER's keys: the public key (its address) with master:address, digest signing with master:sign.
      const masterActions = statements
        .filter((s) =>
          [g.data.evmSigningKey, g.data.tronSigningKey].some((k) =>
            JSON.stringify(s.Resource).includes(logicalId(k)),
          ),
        )
        .flatMap(actionsOf)
        .sort();
      expect([...new Set(masterActions)]).toEqual(
        grants.has('master:sign')
          ? ['kms:GetPublicKey', 'kms:Sign']
          : grants.has('master:address')
            ? ['kms:GetPublicKey']
            : [],
      );
      expect(actions.has('kms:Sign')).toBe(grants.has('master:sign'));
      // Withdrawal executions: start and resume only where granted, on the one state machine.
      expect(actions.has('states:StartExecution')).toBe(grants.has('workflow:start'));
      expect(actions.has('states:SendTaskSuccess')).toBe(grants.has('workflow:resume'));
      for (const st of statements.filter((x) => actionsOf(x).some((a) => a.startsWith('states:')))) {
        expect(JSON.stringify(st.Resource)).toMatch(/:(stateMachine|execution):gateway-dev-withdrawal/);
      }
      // Only the X-Ray statement may use Resource "*" (and, for a stream consumer, dynamodb:ListStreams,
      // which the stream event source needs and which has no resource-level permissions).
      for (const s of statements.filter((st) => st.Resource === '*')) {
        expect(
          actionsOf(s).every(
            (a) => a.startsWith('xray:') || (spec.kind === 'stream' && a === 'dynamodb:ListStreams'),
          ),
        ).toBe(true);
      }
    },
  );
});

describe('GatewayFunction bundling (real esbuild run)', () => {
  it('emits a minified ESM bundle with the createRequire banner and a source map, as buildFunctionBundles does', async () => {
    const app = new App({ context: cdkJsonContext() });
    const stack = new Stack(app, 'BundleProbe');
    const table = new dynamodb.Table(stack, 'Table', {
      partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING },
    });
    const envelopeKey = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new GatewayFunction(stack, 'Probe', {
      spec: functionSpec('chainHeads'),
      settings: settingsFromContext(app.node),
      table,
      envelopeKey,
      masterKeys: {
        EVM: new kms.Key(stack, 'EvmMaster', {
          keySpec: kms.KeySpec.ECC_SECG_P256K1,
          keyUsage: kms.KeyUsage.SIGN_VERIFY,
        }),
        TRON: new kms.Key(stack, 'TronMaster', {
          keySpec: kms.KeySpec.ECC_SECG_P256K1,
          keyUsage: kms.KeyUsage.SIGN_VERIFY,
        }),
      },
    });
    const assembly = app.synth();
    const template = Template.fromJSON(
      assembly.getStackByName('BundleProbe').template as Record<string, unknown>,
    );
    const [fn] = Object.values(resourcesOf(template, 'AWS::Lambda::Function'));
    const assetHash = String((fn!.Properties!.Code as { S3Key: string }).S3Key).replace(/\.zip$/, '');
    const dir = join(assembly.directory, `asset.${assetHash}`);
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
    expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    expect(code).toMatch(/export\s*\{/);
    expect(code).toContain('//# sourceMappingURL=index.mjs.map');
    expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
    // Node loads it as an ES module and finds the handler (what the Lambda runtime does). The AWS SDK is
    // left to the runtime (ADR 0025), so the probe imports a copy placed where node_modules resolves it.
    const probeDir = join(process.cwd(), '.local', 'bundle-probe');
    mkdirSync(probeDir, { recursive: true });
    copyFileSync(join(dir, 'index.mjs'), join(probeDir, 'index.mjs'));
    const probe = spawnSync(
      process.execPath,
      [
        '-e',
        `import(${JSON.stringify(pathToFileURL(join(probeDir, 'index.mjs')).href)}).then((m) => console.log(typeof m.handler))`,
      ],
      { encoding: 'utf8' },
    );
    rmSync(probeDir, { recursive: true, force: true });
    expect(probe.stderr).toBe('');
    expect(probe.stdout.trim()).toBe('function');
    // The bundle-budget test and the cold-start bench measure buildFunctionBundles' output: the same code.
    const [direct] = await buildFunctionBundles({ specs: [functionSpec('chainHeads')] });
    expect(code.replace(/\n\/\/# sourceMappingURL=index\.mjs\.map\n?$/, '\n')).toBe(direct!.code);
    rmSync(assembly.directory, { recursive: true, force: true });
  }, 60_000);
});
