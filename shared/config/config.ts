import { z } from 'zod';
import { networkRegistry, NETWORK_CODES } from './networks';
import type { Environment, NetworkCode, NetworkConfig } from './networks';

/**
 * The one place that reads `process.env`. Parsed once (cold start), fails fast with every problem
 * listed, and hands the rest of the code a typed, frozen object.
 */
const urlList = z
  .string()
  .transform((s) => s.split(',').map((u) => u.trim()).filter(Boolean))
  .pipe(z.array(z.url()).min(1));

const EnvSchema = z.object({
  APP_ENV: z.enum(['local', 'testnet', 'mainnet']).default('local'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  TABLE_NAME: z.string().min(3).default('gateway-local'),
  /** DynamoDB Local endpoint; unset on AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  KEY_VAULT: z.enum(['kms', 'local-file']).default('local-file'),
  /** KMS key (id, ARN or alias) that wraps data keys for envelope encryption. */
  KMS_DATA_KEY_ID: z.string().min(1).optional(),
  /** Local stand-in for the KMS key: a 32-byte key file, created on first use. */
  LOCAL_KEY_FILE: z.string().min(1).default('.local/master.key'),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT', 'CRITICAL']).default('INFO'),
  SERVICE_NAME: z.string().min(1).default('stablecoin-gateway'),
  /** How far a signed request's X-Timestamp may be from our clock, either way. */
  API_TIMESTAMP_WINDOW_MS: z.coerce.number().int().min(1_000).max(900_000).default(300_000),
  RPC_URL_BSC: urlList.optional(),
  RPC_URL_POLYGON: urlList.optional(),
  RPC_URL_TRON: urlList.optional(),
});

export interface AppConfig {
  readonly environment: Environment;
  readonly region: string;
  readonly tableName: string;
  readonly dynamodbEndpoint: string | undefined;
  readonly keyVault:
    | { readonly kind: 'kms'; readonly keyId: string }
    | { readonly kind: 'local-file'; readonly path: string };
  readonly logLevel: string;
  readonly serviceName: string;
  readonly apiTimestampWindowMs: number;
  readonly networks: Readonly<Record<NetworkCode, NetworkConfig>>;
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export function parseConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.KEY_VAULT === 'kms' && !e.KMS_DATA_KEY_ID) {
    throw new ConfigError(['KMS_DATA_KEY_ID: required when KEY_VAULT=kms']);
  }
  if (e.APP_ENV !== 'local' && e.KEY_VAULT === 'local-file') {
    throw new ConfigError([`KEY_VAULT: local-file is for the local stack only, not ${e.APP_ENV}`]);
  }
  const registry = networkRegistry(e.APP_ENV);
  const rpcOverrides: Partial<Record<NetworkCode, string[] | undefined>> = {
    BSC: e.RPC_URL_BSC,
    POLYGON: e.RPC_URL_POLYGON,
    TRON: e.RPC_URL_TRON,
  };
  const networks = Object.fromEntries(
    NETWORK_CODES.map((code) => {
      const override = rpcOverrides[code];
      return [code, override ? { ...registry[code], rpcUrls: override } : registry[code]];
    }),
  ) as Record<NetworkCode, NetworkConfig>;

  return Object.freeze({
    environment: e.APP_ENV,
    region: e.AWS_REGION,
    tableName: e.TABLE_NAME,
    dynamodbEndpoint: e.DYNAMODB_ENDPOINT,
    keyVault:
      e.KEY_VAULT === 'kms'
        ? { kind: 'kms' as const, keyId: e.KMS_DATA_KEY_ID as string }
        : { kind: 'local-file' as const, path: e.LOCAL_KEY_FILE },
    logLevel: e.LOG_LEVEL,
    serviceName: e.SERVICE_NAME,
    apiTimestampWindowMs: e.API_TIMESTAMP_WINDOW_MS,
    networks,
  });
}

let cached: AppConfig | undefined;

/** The process's configuration, parsed from the environment on first use. */
export function getConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Forget the cached configuration (tests and the local stack change the environment). */
export function resetConfig(): void {
  cached = undefined;
}
