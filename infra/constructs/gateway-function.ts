import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionSpec, Grant } from '../../functions/catalog';

/** The catalog row a `sweeps:trigger` grant may invoke. */
const SWEEP_FUNCTION = 'sweepDeposits';
import { nagResourceName } from '../lib/nag';
import { BUNDLE_ALIASES, LAMBDA_BUNDLE } from '../lib/bundling';
import { emailDomain, names, repoPath, repoRoot, VIEWER_IP_HEADER } from '../lib/settings';
import { NANUM_GOTHIC_FILES } from '../../shared/adapters/pdf/nanum-gothic-font';
import type { GatewaySettings } from '../lib/settings';

export { ESM_REQUIRE_BANNER } from '../lib/bundling';

export const LAMBDA_RUNTIME = Runtime.NODEJS_22_X;

export interface MasterKeys {
  readonly EVM: IKey;
  readonly TRON: IKey;
}

/**
 * The one rule for where MASTER is on AWS: the KMS key of each chain family, for every function alike.
 * It does not depend on a function's grants, so a sweep, a withdrawal, a wallet view and the
 * reconciliation cannot resolve MASTER differently (an infra test resolves it from every function's
 * synthesized environment through the real config parser).
 */
export function masterEnvironment(keys: MasterKeys): Record<string, string> {
  return { MASTER_SIGNER: 'kms', MASTER_KMS_KEY_EVM: keys.EVM.keyArn, MASTER_KMS_KEY_TRON: keys.TRON.keyArn };
}

export interface GatewayFunctionProps {
  readonly spec: FunctionSpec;
  readonly settings: GatewaySettings;
  /**
   * The single table (TABLE_NAME), as seen from the function's own stack (see `DataStack.tableFor`);
   * grants follow `spec.grants`.
   */
  readonly table: ITable;
  /** The envelope-encryption key (KMS_DATA_KEY_ID); `keyvault:*` grants apply to it. */
  readonly envelopeKey: IKey;
  readonly extraEnvironment?: Readonly<Record<string, string>>;
  /** The webhook-delivery queue and its DLQ; `webhooks:*` grants apply to them. */
  readonly webhookQueues?: { readonly queue: IQueue; readonly dlq: IQueue };
  /**
   * The MASTER signing keys (ECC_SECG_P256K1). Every function gets the same MASTER environment from them
   * (`masterEnvironment`); the `master:address` and `master:sign` grants decide what it may do with them.
   */
  readonly masterKeys: MasterKeys;
}

/**
 * One Lambda function from one row of `functions/catalog.ts`: Node 22 on arm64, ESM bundle with source
 * maps, its own log group and role, X-Ray tracing, the config environment and least-privilege grants.
 * Every stack builds its functions through this construct so they cannot drift apart.
 */
export class GatewayFunction extends Construct {
  readonly spec: FunctionSpec;
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: GatewayFunctionProps) {
    super(scope, id);
    const { spec, settings, table, envelopeKey } = props;
    this.spec = spec;
    const functionName = names.functionName(settings, spec.name);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: settings.logRetention,
      removalPolicy: settings.removalPolicy,
    });

    // An explicit role instead of AWSLambdaBasicExecutionRole: write access to this log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${functionName}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      functionName,
      description: spec.description.slice(0, 256),
      entry: repoPath(spec.entry),
      handler: 'handler',
      projectRoot: repoRoot(),
      depsLockFilePath: repoPath('package-lock.json'),
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      environment: {
        APP_ENV: settings.appEnv,
        TABLE_NAME: table.tableName,
        KEY_VAULT: 'kms',
        KMS_DATA_KEY_ID: envelopeKey.keyArn,
        LOG_LEVEL: settings.logLevel,
        SERVICE_NAME: settings.serviceName,
        NODE_OPTIONS: '--enable-source-maps',
        EMAIL_FROM: settings.emailFrom,
        CONSOLE_URL: settings.consoleUrl,
        CLIENT_IP_HEADER: VIEWER_IP_HEADER,
        ...(settings.webhookLegacyHeadersUntil
          ? { WEBHOOK_LEGACY_HEADERS_UNTIL: settings.webhookLegacyHeadersUntil }
          : {}),
        ...masterEnvironment(props.masterKeys),
        ...props.extraEnvironment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: LAMBDA_BUNDLE.target,
        minify: LAMBDA_BUNDLE.minify,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        mainFields: [...LAMBDA_BUNDLE.mainFields],
        banner: LAMBDA_BUNDLE.banner,
        tsconfig: repoPath('tsconfig.json'),
        // The runtime's AWS SDK v3, not a bundled copy (ADR 0025); everything else is bundled.
        externalModules: [...LAMBDA_BUNDLE.external],
        esbuildArgs: Object.fromEntries(
          Object.entries(BUNDLE_ALIASES).map(([from, to]) => [`--alias:${from}`, to]),
        ),
        // A function that renders documents carries the PDF fonts as files beside the bundle
        // (DOCUMENT_FONT_DIR), read on the first render instead of parsed with the code at every cold start.
        ...(spec.grants.includes('documents:write') ? { commandHooks: documentFontsHook() } : {}),
      },
    });

    for (const grant of spec.grants) applyGrant(grant, this.function, table, envelopeKey, settings);

    applyWebhookGrants(spec, this.function, props.webhookQueues);

    if (spec.grants.includes('workflow:start')) {
      Validations.of(this).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${names.resource(settings, 'withdrawal')}:*]`,
        reason:
          'DescribeExecution on the executions of the one withdrawal state machine: execution names are per withdrawal, so they cannot be listed in advance.',
      });
    }

    // MASTER's address is the KMS public key (master:address); signing needs kms:Sign too (master:sign).
    const masterActions = spec.grants.includes('master:sign')
      ? ['kms:Sign', 'kms:GetPublicKey']
      : spec.grants.includes('master:address')
        ? ['kms:GetPublicKey']
        : [];
    if (masterActions.length > 0) {
      for (const key of [props.masterKeys.EVM, props.masterKeys.TRON])
        key.grant(this.function, ...masterActions);
    }

    acknowledgeFunctionFindings(this, table, settings);
  }
}

/** Where a rendering function finds the PDF fonts in its bundle (see `documentFontsHook`). */
export const DOCUMENT_FONT_DIR = '/var/task/fonts';

/** Copies the two Nanum Gothic faces into `fonts/` of the bundle (NodejsFunction runs these commands). */
function documentFontsHook() {
  const files = Object.values(NANUM_GOTHIC_FILES).map(
    (f) => `node_modules/@fontsource/nanum-gothic/files/${f}`,
  );
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string): string[] => [
      `mkdir -p "${outputDir}/fonts"`,
      ...files.map((f) => `cp "${inputDir}/${f}" "${outputDir}/fonts/"`),
    ],
  };
}

/** The documents bucket's name and ARN, built in the function's own stack (no cross-stack reference). */
export function documentsBucketOf(
  scope: Construct,
  settings: GatewaySettings,
): { name: string; arn: string } {
  const stack = Stack.of(scope);
  const name = names.documentsBucket(settings, stack.account);
  return { name, arn: stack.formatArn({ service: 's3', region: '', account: '', resource: name }) };
}

/** What every function takes from the data stack: the one table, the envelope key, the webhook queues, MASTER. */
export interface GatewayData {
  tableFor(scope: Construct): ITable;
  readonly envelopeKey: IKey;
  readonly webhookQueue: IQueue;
  readonly webhookDlq: IQueue;
  readonly signingKeys: MasterKeys;
}

/**
 * The one way a stack makes a gateway function: the same resources and MASTER environment for all, so
 * no function can be wired to another table, key or MASTER than the rest.
 */
export function gatewayFunction(
  scope: Construct,
  spec: FunctionSpec,
  settings: GatewaySettings,
  data: GatewayData,
): GatewayFunction {
  return new GatewayFunction(scope, `Fn-${spec.name}`, {
    spec,
    settings,
    table: data.tableFor(scope),
    envelopeKey: data.envelopeKey,
    webhookQueues: { queue: data.webhookQueue, dlq: data.webhookDlq },
    masterKeys: data.signingKeys,
  });
}

/** The withdrawal state machine's ARN, from its fixed name (see WorkflowsStack). */
export function withdrawalStateMachineArn(scope: Construct, settings: GatewaySettings): string {
  return Stack.of(scope).formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: names.resource(settings, 'withdrawal'),
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

function applyGrant(
  grant: Grant,
  fn: NodejsFunction,
  table: ITable,
  envelopeKey: IKey,
  settings: GatewaySettings,
): void {
  switch (grant) {
    case 'table:read':
      table.grantReadData(fn);
      return;
    case 'table:write':
      table.grantWriteData(fn);
      return;
    case 'keyvault:encrypt':
      // Envelope encryption: a fresh data key per secret, wrapped by the envelope key.
      envelopeKey.grant(fn, 'kms:GenerateDataKey');
      return;
    case 'keyvault:decrypt':
      envelopeKey.grant(fn, 'kms:Decrypt');
      return;
    case 'webhooks:publish':
    case 'webhooks:deliver':
      return; // need the queues: applyWebhookGrants
    case 'workflow:start':
    case 'workflow:resume': {
      // By name, not by reference: the API stack must not depend on the workflows stack (which
      // depends on the task function), and the name is fixed per stage.
      const arn = withdrawalStateMachineArn(fn, settings);
      fn.addEnvironment('WITHDRAWAL_STATE_MACHINE_ARN', arn);
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions:
            grant === 'workflow:start'
              ? ['states:StartExecution']
              : ['states:SendTaskSuccess', 'states:SendTaskFailure'],
          resources: [arn],
        }),
      );
      if (grant === 'workflow:start') {
        // The stall sweeper asks whether a withdrawal's execution still runs.
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['states:DescribeExecution'],
            resources: [`${arn.replace(':stateMachine:', ':execution:')}:*`],
          }),
        );
      }
      return;
    }
    case 'master:address':
    case 'master:sign':
      return; // on the MASTER keys: see the constructor
    case 'sweeps:trigger': {
      // By name (like the state machine): the sweep function lives in the schedules stack, and a
      // reference would make the workflows stack depend on it.
      const sweepFunction = names.functionName(settings, SWEEP_FUNCTION);
      fn.addEnvironment('SWEEP_TRIGGER', 'lambda');
      fn.addEnvironment('SWEEP_FUNCTION_NAME', sweepFunction);
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: [
            Stack.of(fn).formatArn({
              service: 'lambda',
              resource: 'function',
              resourceName: sweepFunction,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ],
        }),
      );
      return;
    }
    case 'documents:read':
    case 'documents:write': {
      // Objects under exports/ only; no delete (a document is replaced by a new version, never removed).
      const bucket = documentsBucketOf(fn, settings);
      fn.addEnvironment('DOCUMENTS_BUCKET', bucket.name);
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: grant === 'documents:write' ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
          resources: [`${bucket.arn}/exports/*`],
        }),
      );
      // ListBucket on the bucket, without an s3:prefix condition: S3 answers a HEAD or GET of a missing
      // key with 404 only to a caller that may list the bucket (403 otherwise), and a HEAD carries no
      // prefix for the condition to match, so a "publish when missing" would see AccessDenied.
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.arn] }));
      if (grant === 'documents:write') fn.addEnvironment('DOCUMENT_FONT_DIR', DOCUMENT_FONT_DIR);
      return;
    }
    case 'email:send':
      // Only from our own address, through the verified SES domain identity.
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [
            Stack.of(fn).formatArn({
              service: 'ses',
              resource: 'identity',
              resourceName: emailDomain(settings.emailFrom),
            }),
          ],
          conditions: { StringEquals: { 'ses:FromAddress': settings.emailFrom } },
        }),
      );
      return;
    default: {
      const unknown: never = grant;
      throw new Error(`Unknown grant ${String(unknown)}`);
    }
  }
}

/** The findings the runtime choice, the CDK grant methods and X-Ray produce, each with its reason. */
function acknowledgeFunctionFindings(fn: GatewayFunction, table: ITable, settings: GatewaySettings): void {
  Validations.of(fn.function).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'Node.js 22 is the pinned runtime of the project (package.json engines, local stack, CI); moving to 24 is a deliberate, tested upgrade.',
  });
  const acks = [
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only xray:PutTraceSegments and xray:PutTelemetryRecords (tracing: ACTIVE) use Resource "*"; X-Ray has no resource-level permissions.',
    },
  ];
  const grants = new Set(fn.spec.grants);
  if (grants.has('table:read') || grants.has('table:write')) {
    acks.push({
      id: `AwsSolutions-IAM5[Resource::${nagResourceName(fn, table.tableArn)}/index/*]`,
      reason:
        'Table.grantReadData/grantWriteData cover the GSIs of the single gateway table (GSI1..3 serve the list screens); no other table is reachable.',
    });
  }
  if (grants.has('table:write')) {
    acks.push(
      {
        id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        reason:
          'Added by Table.grantWriteData for the table CMK; the statement is scoped to that single key ARN.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          'Added by Table.grantWriteData for the table CMK; the statement is scoped to that single key ARN.',
      },
    );
  }
  if (grants.has('documents:read') || grants.has('documents:write')) {
    acks.push({
      id: `AwsSolutions-IAM5[Resource::${nagResourceName(fn, documentsBucketOf(fn, settings).arn)}/exports/*]`,
      reason:
        'Finance documents are keyed exports/<partner>/<yyyy-mm>/<file>: the function serves any partner and month, so the grant is the exports/ prefix of the one documents bucket (GetObject, and PutObject for documents:write; no delete).',
    });
  }
  Validations.of(fn.role).acknowledge(...acks);
}

/**
 * `webhooks:publish`: send to the webhook-delivery queue (WEBHOOK_QUEUE_URL). `webhooks:deliver` (the
 * consumer): also send to its DLQ (WEBHOOK_DLQ_URL); receiving is granted by the SQS event source.
 */
function applyWebhookGrants(
  spec: FunctionSpec,
  fn: NodejsFunction,
  queues: GatewayFunctionProps['webhookQueues'],
): void {
  const grants = new Set(spec.grants);
  if (!grants.has('webhooks:publish') && !grants.has('webhooks:deliver')) return;
  if (!queues) throw new Error(`${spec.name} has webhook grants but its stack passes no webhookQueues`);
  queues.queue.grantSendMessages(fn);
  fn.addEnvironment('WEBHOOK_QUEUE_URL', queues.queue.queueUrl);
  if (grants.has('webhooks:deliver')) {
    queues.dlq.grantSendMessages(fn);
    fn.addEnvironment('WEBHOOK_DLQ_URL', queues.dlq.queueUrl);
  }
}
