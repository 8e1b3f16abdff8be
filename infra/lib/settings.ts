import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

/**
 * Deployment settings read from CDK context (`cdk synth -c stage=prod -c appEnv=mainnet`). Stacks are
 * environment-agnostic: account and region come from the CLI profile at deploy time.
 */
export type AwsAppEnv = 'testnet' | 'mainnet';
export type LambdaLogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface GatewaySettings {
  /** Deployment name (`dev`, `staging`, `prod` …); part of every stack and resource name. */
  readonly stage: string;
  /** Which chains the functions talk to (`APP_ENV`); `local` is the laptop stack and never deployed. */
  readonly appEnv: AwsAppEnv;
  readonly logLevel: LambdaLogLevel;
  readonly serviceName: string;
  readonly logRetention: RetentionDays;
  /** Mainnet holds real money: keep logs and protect stacks on delete. */
  readonly removalPolicy: RemovalPolicy;
  /** Optional e-mail address subscribed to the alarm topic. */
  readonly alarmEmail: string | undefined;
  /** Sender of console mail (resets, invitations); its domain must be a verified SES identity. */
  readonly emailFrom: string;
  /** Public console URL for links in emails (the CloudFront or custom domain, ending in /console/). */
  readonly consoleUrl: string;
  /**
   * WEBHOOK_LEGACY_HEADERS_UNTIL of every function (ADR 0018): until when webhooks also carry the
   * deprecated X-Webhook-* headers (ISO date or date-time, or `off`); unset keeps the config default.
   */
  readonly webhookLegacyHeadersUntil: string | undefined;
}

export const SERVICE_NAME = 'stablecoin-gateway';
/** Header the CloudFront function sets to the viewer's IP (console throttling keys on it). */
export const VIEWER_IP_HEADER = 'x-viewer-ip';

const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,11}$/;
const APP_ENVS: readonly AwsAppEnv[] = ['testnet', 'mainnet'];
const LOG_LEVELS: readonly LambdaLogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

function contextString(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw new Error(`Context ${key} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

export function settingsFromContext(node: Node): GatewaySettings {
  const stage = contextString(node, 'stage') ?? 'dev';
  if (!STAGE_PATTERN.test(stage)) {
    throw new Error(`Context stage "${stage}" must match ${STAGE_PATTERN} (lower case, ≤ 12 characters)`);
  }
  const appEnv = contextString(node, 'appEnv') ?? 'testnet';
  if (!(APP_ENVS as readonly string[]).includes(appEnv)) {
    throw new Error(
      `Context appEnv "${appEnv}" must be one of ${APP_ENVS.join(', ')} (local is not deployable)`,
    );
  }
  const logLevel = (contextString(node, 'logLevel') ?? 'INFO').toUpperCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new Error(`Context logLevel "${logLevel}" must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const mainnet = appEnv === 'mainnet';
  return {
    stage,
    appEnv: appEnv as AwsAppEnv,
    logLevel: logLevel as LambdaLogLevel,
    serviceName: SERVICE_NAME,
    logRetention: mainnet ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
    removalPolicy: mainnet ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    alarmEmail: contextString(node, 'alarmEmail'),
    emailFrom: parseEmailFrom(contextString(node, 'emailFrom') ?? `no-reply@${stage}.gateway.example.com`),
    consoleUrl: parseConsoleUrl(
      contextString(node, 'consoleUrl') ?? `https://console.${stage}.gateway.example.com/console/`,
    ),
    webhookLegacyHeadersUntil: parseLegacyHeadersUntil(contextString(node, 'webhookLegacyHeadersUntil')),
  };
}

function parseLegacyHeadersUntil(value: string | undefined): string | undefined {
  if (value === undefined || value === 'off') return value;
  if (!/^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new Error(
      `Context webhookLegacyHeadersUntil "${value}" must be off, a date (2027-06-30) or an ISO date-time`,
    );
  }
  return value;
}

function parseEmailFrom(value: string): string {
  if (!/^[^\s@<>]+@[a-z0-9.-]+\.[a-z]{2,}$/i.test(value))
    throw new Error(`Context emailFrom "${value}" must be a plain email address`);
  return value;
}

function parseConsoleUrl(value: string): string {
  if (!/^https:\/\/[^\s/]+\/console\/$/.test(value))
    throw new Error(`Context consoleUrl "${value}" must look like https://host/console/`);
  return value;
}

/** The SES identity (domain) an email address sends from. */
export function emailDomain(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** Physical names. Deterministic names let the observability stack alarm on functions without exports. */
export const names = {
  stack: (s: GatewaySettings, concern: string): string => `gateway-${s.stage}-${concern}`,
  /** Same convention as the local stack's `gateway-local`. */
  table: (s: GatewaySettings): string => `gateway-${s.stage}`,
  resource: (s: GatewaySettings, suffix: string): string => `gateway-${s.stage}-${suffix}`,
  functionName: (s: GatewaySettings, catalogName: string): string => `gateway-${s.stage}-${catalogName}`,
  alias: (s: GatewaySettings, suffix: string): string => `alias/gateway-${s.stage}/${suffix}`,
  /**
   * The finance documents bucket: bucket names are global, so the account id is part of it (a token
   * resolved by CloudFormation; every stack of the app is in the same account).
   */
  documentsBucket: (s: GatewaySettings, account: string): string => `gateway-${s.stage}-documents-${account}`,
};

let cachedRoot: string | undefined;

/**
 * The repository root: the nearest directory, from the working directory up, holding `functions/catalog.ts`.
 * (No `import.meta`: jest compiles infra code to CommonJS.)
 */
export function repoRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = process.cwd();
  for (;;) {
    if (existsSync(join(dir, 'functions', 'catalog.ts')) && existsSync(join(dir, 'package.json'))) {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No repository root (functions/catalog.ts) above ${process.cwd()}`);
    dir = parent;
  }
}

export function repoPath(...segments: string[]): string {
  return join(repoRoot(), ...segments);
}

export function readRepoJson<T>(...segments: string[]): T {
  return JSON.parse(readFileSync(repoPath(...segments), 'utf8')) as T;
}
