import * as z from 'zod';
import { STABLECOIN_ASSETS } from '../domain/ledger/asset';
import { networkRegistry, NETWORK_CODES } from './networks';
import { DEFAULT_SIGNATURE_V1_ACCEPTED_UNTIL } from '../domain/auth/request-signature';
import type { Environment, NetworkCode, NetworkConfig } from './networks';

/**
 * The one place that reads `process.env`. Parsed once (cold start), fails fast with every problem
 * listed, and hands the rest of the code a typed, frozen object.
 */
const urlList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean),
  )
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
  /**
   * End of the deprecation period of request signature version 1 (ISO date-time, ADR 0019): v1 is
   * accepted before it and refused as SIGNATURE_VERSION_RETIRED from it on.
   */
  API_SIGNATURE_V1_ACCEPTED_UNTIL: z.iso
    .datetime({ offset: true })
    .default(DEFAULT_SIGNATURE_V1_ACCEPTED_UNTIL),
  /** Deposit poller: how long one invocation follows the head (the schedule fires every minute). */
  POLLER_RUN_FOR_MS: z.coerce.number().int().min(1_000).max(840_000).default(55_000),
  /** Deposit poller lease; renewed every round, so it only needs to outlive one round. */
  POLLER_LEASE_TTL_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /** Largest eth_getLogs block range tried; shrunk automatically on provider limits. */
  POLLER_MAX_BLOCK_RANGE: z.coerce.number().int().min(1).max(100_000).default(2_000),
  /** `blockReceipts` for providers that disable eth_getLogs (also chosen automatically when they do). */
  POLLER_LOGS_MODE: z.enum(['getLogs', 'blockReceipts']).default('getLogs'),
  /**
   * How far a provider's nodes may lag each other, in blocks: the poller's cursor stays this far below
   * finalized and the blocks above it are scanned again every round, so an `eth_getLogs` answered `[]`
   * by a node that had not indexed the range yet is corrected by a later round (ADR 0022).
   */
  POLLER_NODE_LAG_BLOCKS: z.coerce.number().int().min(0).max(10_000).default(16),
  /** First run of a network's poller (no cursor yet): start this many blocks below finalized… */
  POLLER_INITIAL_LOOKBACK_BLOCKS: z.coerce.number().int().min(0).default(1_000),
  /** …or at this block. */
  POLLER_START_BLOCK_BSC: z.coerce.number().int().min(0).optional(),
  POLLER_START_BLOCK_POLYGON: z.coerce.number().int().min(0).optional(),
  /**
   * A network's poller counts as unhealthy after this many failed rounds in a row (across invocations):
   * the PollerUnhealthy metric (alarmed) and the platform operator's console banner.
   */
  POLLER_ALERT_AFTER_FAILED_ROUNDS: z.coerce.number().int().min(1).max(10_000).default(5),
  /** Per JSON-RPC HTTP request. */
  RPC_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
  /** Smallest deposit credited, in token units (smaller ones are recorded, not credited). */
  DEPOSIT_MIN_AMOUNT: z
    .string()
    .regex(/^(0|[1-9]\d*)(\.\d{1,6})?$/)
    .default('1'),
  /** Comma-separated exchange hot wallets that may never be registered as a user's external wallet. */
  KNOWN_EXCHANGE_ADDRESSES: z.string().default(''),
  RPC_URL_BSC: urlList.optional(),
  RPC_URL_POLYGON: urlList.optional(),
  RPC_URL_TRON: urlList.optional(),
  /** SQS webhook-delivery queue (AWS); unset on the local stack, which uses its DynamoDB-backed queue. */
  WEBHOOK_QUEUE_URL: z.url().optional(),
  /** Its dead-letter queue: the consumer parks deliveries there once retries are exhausted. */
  WEBHOOK_DLQ_URL: z.url().optional(),
  /**
   * Deliveries carry the deprecated X-Webhook-* signature headers (besides the Standard Webhooks ones)
   * until this instant (ISO date or date-time, UTC); `off` stops them now. ADR 0018.
   */
  WEBHOOK_LEGACY_HEADERS_UNTIL: z
    .union([z.literal('off'), z.iso.datetime({ offset: true }), z.iso.date()])
    .default('2027-07-01T00:00:00Z'),
  /** Console cookies carry `Secure` (browsers accept Secure cookies from http://localhost too). */
  CONSOLE_COOKIE_SECURE: z.enum(['true', 'false']).default('true'),
  /** Where the console lives, for links in emails (reset, invitation, verification). */
  CONSOLE_URL: z.url().default('http://localhost:3000/console/'),
  /** Header carrying the viewer IP set by our CloudFront function; unset: the connection's address. */
  CLIENT_IP_HEADER: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .optional(),
  /** log2 of scrypt's cost N for console passwords (17 = 128 MiB per hash). Tests lower it. */
  PASSWORD_SCRYPT_LOG_N: z.coerce.number().int().min(10).max(20).default(17),
  /** `outbox` keeps mail in the table for /dev/outbox (local only); `ses` sends through Amazon SES. */
  EMAIL_TRANSPORT: z.enum(['outbox', 'ses']).optional(),
  EMAIL_FROM: z.string().min(3).default('Stablecoin Gateway <no-reply@gateway.localhost>'),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** Sweeps: an address and token is swept once its credited deposits reach this, in token units. */
  SWEEP_MIN_AMOUNT: z
    .string()
    .regex(/^(0|[1-9]\d*)(\.\d{1,6})?$/)
    .default('10'),
  /** Safety margin on gas estimates (and on the approve's gas price, which sizes the top-up), percent. */
  SWEEP_GAS_MARGIN_PERCENT: z.coerce.number().int().min(0).max(300).default(20),
  /** A sweep transaction without a receipt this long is stuck: replaced at a higher price, or reported. */
  SWEEP_STUCK_AFTER_SECONDS: z.coerce.number().int().min(10).max(86_400).default(180),
  /** Signed versions of one gas-tank transaction at most (first + replacements). */
  SWEEP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** Address-and-token groups one run works on. */
  SWEEP_MAX_GROUPS_PER_RUN: z.coerce.number().int().min(1).max(1_000).default(50),
  /** How long a run follows what it sent (receipts, the approve chain, finality). */
  SWEEP_FOLLOW_FOR_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  /**
   * A withdrawal waiting for MASTER funds asks for a sweep of its partner's deposits at once:
   * `lambda` invokes SWEEP_FUNCTION_NAME asynchronously (AWS), `local` runs it in-process (npm start),
   * `off` leaves it to the schedule.
   */
  SWEEP_TRIGGER: z.enum(['off', 'local', 'lambda']).default('off'),
  SWEEP_FUNCTION_NAME: z.string().min(1).optional(),
  /** Gas tank (relayer) balance below which GasTankLow is raised, in native coin units. */
  GAS_TANK_MIN_BALANCE_BSC: z
    .string()
    .regex(/^(0|[1-9]\d*)(\.\d{1,18})?$/)
    .default('0.05'),
  GAS_TANK_MIN_BALANCE_POLYGON: z
    .string()
    .regex(/^(0|[1-9]\d*)(\.\d{1,18})?$/)
    .default('5'),
  /** TRON: liquid TRX of the gas tank (activations, burn top-ups) below which GasTankLow is raised. */
  GAS_TANK_MIN_BALANCE_TRON: z
    .string()
    .regex(/^(0|[1-9]\d*)(\.\d{1,6})?$/)
    .default('500'),
  /**
   * Native leftovers (ADR 0024): deposit addresses looked at per sweep run for native coin to return to
   * the gas tank (0: off); a return may cost at most this percent of what it returns; and the smallest
   * return per network, in native coin units.
   */
  SWEEP_LEFTOVER_MAX_PER_RUN: z.coerce.number().int().min(0).max(500).default(20),
  SWEEP_LEFTOVER_MAX_COST_PERCENT: z.coerce.number().int().min(0).max(100).default(10),
  SWEEP_LEFTOVER_MIN_BSC: z
    .string()
    .regex(/^(0|[1-9]\d*)(\.\d{1,18})?$/)
    .default('0.0005'),
  SWEEP_LEFTOVER_MIN_POLYGON: z
    .string()
    .regex(/^(0|[1-9]\d*)(\.\d{1,18})?$/)
    .default('0.05'),
  SWEEP_LEFTOVER_MIN_TRON: z
    .string()
    .regex(/^(0|[1-9]\d*)(\.\d{1,6})?$/)
    .default('1'),
  /** USD price of the native coin for gas records (unset: USD value null). */
  NATIVE_PRICE_USD_BSC: z
    .string()
    .regex(/^(0|[1-9]\d*)(\.\d{1,8})?$/)
    .optional(),
  NATIVE_PRICE_USD_POLYGON: z
    .string()
    .regex(/^(0|[1-9]\d*)(\.\d{1,8})?$/)
    .optional(),
  NATIVE_PRICE_USD_TRON: z
    .string()
    .regex(/^(0|[1-9]\d*)(\.\d{1,8})?$/)
    .optional(),
  /** Finance documents (invoice PDF/CSV, exports): the S3 bucket, set on functions granted `documents:*`. */
  DOCUMENTS_BUCKET: z.string().min(3).max(63).optional(),
  /** An S3-compatible endpoint (the local stack's s3rver); unset on AWS. */
  S3_ENDPOINT: z.url().optional(),
  /** Path-style S3 URLs (`host/bucket/key`), for the local S3 twin; unset on AWS. */
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
  /** Where a Lambda bundle carries the PDF fonts (`/var/task/fonts`); unset: from node_modules. */
  DOCUMENT_FONT_DIR: z.string().min(1).optional(),
  /** Coin prices for gas USD values: CoinGecko's simple-price API base (a stand-in locally). */
  COIN_PRICE_FEED_URL: z.url().default('https://api.coingecko.com/api/v3'),
  /** Sent as `x-cg-pro-api-key` when set. */
  COIN_PRICE_FEED_API_KEY: z.string().min(1).optional(),
  /** A kept price older than this (seconds) still values a gas record, flagged `priceStale`. */
  COIN_PRICE_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(86_400 * 7)
    .default(3_600),
  /** Gas invoices (ADR 0033): the issuer's number prefix, and the platform partner's code (the issuer). */
  GAS_INVOICE_PREFIX: z
    .string()
    .regex(/^[A-Z]{2,8}$/)
    .default('GAS'),
  PLATFORM_PARTNER_CODE: z.string().min(3).max(32).default('PLATFORM'),
  /** TRON: TRX the gas tank sends to activate a deposit address before its first sweep. */
  TRON_ACTIVATION_TRX: z
    .string()
    .regex(/^(0|[1-9]\d*)(\.\d{1,6})?$/)
    .default('1'),
  /** TRON: opportunity cost of delegating the platform's staked energy, sun per energy (vs rental and burn). */
  TRON_DELEGATION_COST_SUN_PER_ENERGY: z.coerce.number().int().min(0).max(10_000).default(20),
  /** TRON: the energy rental provider (JSON HTTP contract in shared/adapters/tron/rental-energy-provider.ts). */
  TRON_ENERGY_RENTAL_URL: z.url().optional(),
  TRON_ENERGY_RENTAL_API_KEY: z.string().min(1).optional(),
  /** TRON: TronGrid API key (sent as TRON-PRO-API-KEY), for a hosted node. */
  TRON_API_KEY: z.string().min(1).optional(),
  /** Withdrawals: who signs for MASTER (`hd`: the HD seed, local stack; `kms`: one KMS key per chain family). */
  MASTER_SIGNER: z.enum(['hd', 'kms']).default('hd'),
  MASTER_KMS_KEY_EVM: z.string().min(1).optional(),
  MASTER_KMS_KEY_TRON: z.string().min(1).optional(),
  /** The withdrawal state machine (AWS); the local stack runs the same definition in-process. */
  WITHDRAWAL_STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
  /** A broadcast withdrawal not mined after this long is replaced with a ≥15 % higher price. */
  WITHDRAWAL_STUCK_AFTER_SECONDS: z.coerce.number().int().min(1).max(86_400).default(180),
  WITHDRAWAL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  WITHDRAWAL_GAS_MARGIN_PERCENT: z.coerce.number().int().min(0).max(300).default(20),
  /** A withdrawal waiting for approval longer than this is cancelled and its hold released. */
  WITHDRAWAL_APPROVAL_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(31_536_000)
    .default(7 * 86_400),
  /** How often an execution checks the chain while a transaction is pending. */
  WITHDRAWAL_POLL_SECONDS: z.coerce.number().int().min(1).max(3_600).default(15),
  /** How long an execution waits before checking MASTER again when it cannot pay. */
  WITHDRAWAL_FUNDS_RETRY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** Most TRX a TRON withdrawal may burn (energy + bandwidth) when MASTER has no energy of its own. */
  WITHDRAWAL_TRON_FEE_LIMIT_TRX: z.coerce.number().int().min(1).max(1_000).default(100),
  /** Cooling period of a new whitelist entry. */
  WHITELIST_COOLING_HOURS: z.coerce.number().min(0).max(720).default(24),
  /** Smallest withdrawal of every stablecoin, in token units (a smaller one is refused at intake). */
  WITHDRAWAL_MIN_AMOUNT: z
    .string()
    .regex(/^(0|[1-9]\d*)(\.\d{1,6})?$/)
    .default('1'),
  /** Per-asset overrides of WITHDRAWAL_MIN_AMOUNT, e.g. `USDT@TRON=5,USDC@BSC=2` (token units). */
  WITHDRAWAL_MIN_AMOUNTS: z
    .string()
    .regex(/^([A-Z]+@[A-Z]+=(0|[1-9]\d*)(\.\d{1,6})?)?(,[A-Z]+@[A-Z]+=(0|[1-9]\d*)(\.\d{1,6})?)*$/)
    .default(''),
  /** Refuse the gateway's own gas tanks as withdrawal destinations, whitelist entries and external wallets. */
  DESTINATION_REFUSE_GAS_TANKS: z.enum(['true', 'false']).default('true'),
  /** Fixed withdrawal fee per asset, e.g. `USDT@TRON=1,USDT@BSC=0.5` (token units); unset assets: no fee. */
  WITHDRAWAL_FEES: z
    .string()
    .regex(/^([A-Z]+@[A-Z]+=(0|[1-9]\d*)(\.\d{1,18})?)?(,[A-Z]+@[A-Z]+=(0|[1-9]\d*)(\.\d{1,18})?)*$/)
    .default(''),
});

export interface AppConfig {
  readonly environment: Environment;
  readonly region: string;
  readonly tableName: string;
  readonly dynamodbEndpoint: string | undefined;
  readonly keyVault:
    { readonly kind: 'kms'; readonly keyId: string } | { readonly kind: 'local-file'; readonly path: string };
  readonly logLevel: string;
  readonly serviceName: string;
  readonly apiTimestampWindowMs: number;
  /** Unix ms from which signature version 1 is refused. */
  readonly apiSignatureV1AcceptedUntilMs: number;
  readonly deposits: {
    /** Token units, as a decimal string (parsed per asset). */
    readonly minimumAmount: string;
    readonly knownExchangeAddresses: readonly string[];
  };
  readonly poller: {
    readonly runForMs: number;
    readonly leaseTtlMs: number;
    readonly maxBlockRange: number;
    readonly logsMode: 'getLogs' | 'blockReceipts';
    readonly initialLookbackBlocks: number;
    /** POLLER_NODE_LAG_BLOCKS. */
    readonly nodeLagBlocks: number;
    readonly startBlocks: Readonly<Partial<Record<NetworkCode, number>>>;
    readonly rpcTimeoutMs: number;
    readonly alertAfterFailedRounds: number;
  };
  readonly networks: Readonly<Record<NetworkCode, NetworkConfig>>;
  readonly webhooks: {
    readonly queueUrl: string | undefined;
    readonly dlqUrl: string | undefined;
    /** Legacy X-Webhook-* headers are sent on attempts before this (epoch ms; 0: never). */
    readonly legacyHeadersUntilMs: number;
  };
  readonly console: {
    readonly cookieSecure: boolean;
    readonly url: string;
    readonly clientIpHeader: string | undefined;
    readonly scryptLogN: number;
  };
  readonly email: {
    readonly transport: 'outbox' | 'ses';
    readonly from: string;
    readonly configurationSet: string | undefined;
  };
  readonly withdrawals: {
    readonly masterSigner:
      | { readonly kind: 'hd' }
      | { readonly kind: 'kms'; readonly keys: Readonly<Partial<Record<'EVM' | 'TRON', string>>> };
    readonly stateMachineArn: string | undefined;
    readonly stuckAfterMs: number;
    readonly maxAttempts: number;
    readonly gasMarginPercent: number;
    readonly approvalTimeoutSeconds: number;
    readonly pollSeconds: number;
    readonly fundsRetrySeconds: number;
    readonly whitelistCoolingMs: number;
    readonly tronFeeLimitSun: bigint;
    /** Asset code → fee in token units (decimal string). */
    readonly fees: Readonly<Record<string, string>>;
    /** Stablecoin asset code → smallest withdrawal in token units (decimal string); every stablecoin has one. */
    readonly minimumAmounts: Readonly<Record<string, string>>;
  };
  readonly documents: {
    /** Undefined in a function without a `documents:*` grant (the store refuses to be built there). */
    readonly bucket: string | undefined;
    readonly s3Endpoint: string | undefined;
    readonly forcePathStyle: boolean;
    readonly fontDir: string | undefined;
  };
  readonly coinPrices: {
    readonly feedUrl: string;
    readonly apiKey: string | undefined;
    readonly maxAgeMs: number;
  };
  readonly invoices: {
    readonly prefix: string;
    readonly platformCode: string;
  };
  readonly destinations: {
    /** Whether the gas tanks are refused as destinations (zero, burn, token and system contracts always are). */
    readonly refuseGasTanks: boolean;
  };
  readonly sweeps: {
    /** Token units, as a decimal string (parsed per asset). */
    readonly minimumAmount: string;
    readonly gasMarginPercent: number;
    readonly stuckAfterMs: number;
    readonly maxAttempts: number;
    readonly maxGroupsPerRun: number;
    readonly followForMs: number;
    /** Native coin units per network, as decimal strings. */
    readonly gasTankMinimum: Readonly<Partial<Record<NetworkCode, string>>>;
    readonly nativeUsdPrice: Readonly<Partial<Record<NetworkCode, string>>>;
    /** Native leftovers returned to the gas tank (ADR 0024); minimum in native coin units per network. */
    readonly leftovers: {
      readonly maxPerRun: number;
      readonly maxCostPercent: number;
      readonly minimum: Readonly<Partial<Record<NetworkCode, string>>>;
    };
    /** Who runs a sweep a waiting withdrawal asks for (SweepTrigger). */
    readonly trigger:
      { readonly kind: 'off' | 'local' } | { readonly kind: 'lambda'; readonly functionName: string };
  };
  readonly tron: {
    /** TRX units, decimal string. */
    readonly activationTrx: string;
    readonly delegationCostSunPerEnergy: number;
    readonly rental: { readonly url: string; readonly apiKey: string } | undefined;
    readonly apiKey: string | undefined;
  };
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
  if (e.MASTER_SIGNER === 'kms' && !e.MASTER_KMS_KEY_EVM && !e.MASTER_KMS_KEY_TRON) {
    throw new ConfigError([
      'MASTER_KMS_KEY_EVM / MASTER_KMS_KEY_TRON: at least one is required when MASTER_SIGNER=kms',
    ]);
  }
  const emailTransport = e.EMAIL_TRANSPORT ?? (e.APP_ENV === 'local' ? 'outbox' : 'ses');
  if (e.APP_ENV !== 'local' && emailTransport === 'outbox') {
    throw new ConfigError([`EMAIL_TRANSPORT: outbox is for the local stack only, not ${e.APP_ENV}`]);
  }
  if (e.SWEEP_TRIGGER === 'lambda' && !e.SWEEP_FUNCTION_NAME) {
    throw new ConfigError(['SWEEP_FUNCTION_NAME: required when SWEEP_TRIGGER=lambda']);
  }
  if (e.APP_ENV !== 'local' && e.PASSWORD_SCRYPT_LOG_N < 15) {
    throw new ConfigError([
      `PASSWORD_SCRYPT_LOG_N: at least 15 outside the local stack, got ${e.PASSWORD_SCRYPT_LOG_N}`,
    ]);
  }
  const minimumAmounts = withdrawalMinimums(e.WITHDRAWAL_MIN_AMOUNT, e.WITHDRAWAL_MIN_AMOUNTS);
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
    apiSignatureV1AcceptedUntilMs: Date.parse(e.API_SIGNATURE_V1_ACCEPTED_UNTIL),
    deposits: {
      minimumAmount: e.DEPOSIT_MIN_AMOUNT,
      knownExchangeAddresses: e.KNOWN_EXCHANGE_ADDRESSES.split(',')
        .map((a) => a.trim().toLowerCase())
        .filter(Boolean),
    },
    poller: {
      runForMs: e.POLLER_RUN_FOR_MS,
      leaseTtlMs: e.POLLER_LEASE_TTL_MS,
      maxBlockRange: e.POLLER_MAX_BLOCK_RANGE,
      logsMode: e.POLLER_LOGS_MODE,
      initialLookbackBlocks: e.POLLER_INITIAL_LOOKBACK_BLOCKS,
      nodeLagBlocks: e.POLLER_NODE_LAG_BLOCKS,
      startBlocks: { BSC: e.POLLER_START_BLOCK_BSC, POLYGON: e.POLLER_START_BLOCK_POLYGON },
      rpcTimeoutMs: e.RPC_TIMEOUT_MS,
      alertAfterFailedRounds: e.POLLER_ALERT_AFTER_FAILED_ROUNDS,
    },
    networks,
    webhooks: {
      queueUrl: e.WEBHOOK_QUEUE_URL,
      dlqUrl: e.WEBHOOK_DLQ_URL,
      legacyHeadersUntilMs:
        e.WEBHOOK_LEGACY_HEADERS_UNTIL === 'off' ? 0 : Date.parse(e.WEBHOOK_LEGACY_HEADERS_UNTIL),
    },
    console: {
      cookieSecure: e.CONSOLE_COOKIE_SECURE === 'true',
      url: e.CONSOLE_URL,
      clientIpHeader: e.CLIENT_IP_HEADER,
      scryptLogN: e.PASSWORD_SCRYPT_LOG_N,
    },
    email: { transport: emailTransport, from: e.EMAIL_FROM, configurationSet: e.SES_CONFIGURATION_SET },
    withdrawals: {
      masterSigner:
        e.MASTER_SIGNER === 'kms'
          ? {
              kind: 'kms' as const,
              keys: {
                ...(e.MASTER_KMS_KEY_EVM ? { EVM: e.MASTER_KMS_KEY_EVM } : {}),
                ...(e.MASTER_KMS_KEY_TRON ? { TRON: e.MASTER_KMS_KEY_TRON } : {}),
              },
            }
          : { kind: 'hd' as const },
      stateMachineArn: e.WITHDRAWAL_STATE_MACHINE_ARN,
      stuckAfterMs: e.WITHDRAWAL_STUCK_AFTER_SECONDS * 1_000,
      maxAttempts: e.WITHDRAWAL_MAX_ATTEMPTS,
      gasMarginPercent: e.WITHDRAWAL_GAS_MARGIN_PERCENT,
      approvalTimeoutSeconds: e.WITHDRAWAL_APPROVAL_TIMEOUT_SECONDS,
      pollSeconds: e.WITHDRAWAL_POLL_SECONDS,
      fundsRetrySeconds: e.WITHDRAWAL_FUNDS_RETRY_SECONDS,
      whitelistCoolingMs: Math.round(e.WHITELIST_COOLING_HOURS * 3_600_000),
      tronFeeLimitSun: BigInt(e.WITHDRAWAL_TRON_FEE_LIMIT_TRX) * 1_000_000n,
      fees: Object.fromEntries(
        e.WITHDRAWAL_FEES.split(',')
          .filter(Boolean)
          .map((pair) => pair.split('=') as [string, string]),
      ),
      minimumAmounts,
    },
    destinations: { refuseGasTanks: e.DESTINATION_REFUSE_GAS_TANKS === 'true' },
    documents: {
      bucket: e.DOCUMENTS_BUCKET,
      s3Endpoint: e.S3_ENDPOINT,
      forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true',
      fontDir: e.DOCUMENT_FONT_DIR,
    },
    coinPrices: {
      feedUrl: e.COIN_PRICE_FEED_URL,
      apiKey: e.COIN_PRICE_FEED_API_KEY,
      maxAgeMs: e.COIN_PRICE_MAX_AGE_SECONDS * 1000,
    },
    invoices: { prefix: e.GAS_INVOICE_PREFIX, platformCode: e.PLATFORM_PARTNER_CODE },
    sweeps: {
      minimumAmount: e.SWEEP_MIN_AMOUNT,
      gasMarginPercent: e.SWEEP_GAS_MARGIN_PERCENT,
      stuckAfterMs: e.SWEEP_STUCK_AFTER_SECONDS * 1_000,
      maxAttempts: e.SWEEP_MAX_ATTEMPTS,
      maxGroupsPerRun: e.SWEEP_MAX_GROUPS_PER_RUN,
      followForMs: e.SWEEP_FOLLOW_FOR_MS,
      gasTankMinimum: {
        BSC: e.GAS_TANK_MIN_BALANCE_BSC,
        POLYGON: e.GAS_TANK_MIN_BALANCE_POLYGON,
        TRON: e.GAS_TANK_MIN_BALANCE_TRON,
      },
      nativeUsdPrice: {
        BSC: e.NATIVE_PRICE_USD_BSC,
        POLYGON: e.NATIVE_PRICE_USD_POLYGON,
        TRON: e.NATIVE_PRICE_USD_TRON,
      },
      leftovers: {
        maxPerRun: e.SWEEP_LEFTOVER_MAX_PER_RUN,
        maxCostPercent: e.SWEEP_LEFTOVER_MAX_COST_PERCENT,
        minimum: {
          BSC: e.SWEEP_LEFTOVER_MIN_BSC,
          POLYGON: e.SWEEP_LEFTOVER_MIN_POLYGON,
          TRON: e.SWEEP_LEFTOVER_MIN_TRON,
        },
      },
      trigger:
        e.SWEEP_TRIGGER === 'lambda'
          ? { kind: 'lambda' as const, functionName: e.SWEEP_FUNCTION_NAME ?? '' }
          : { kind: e.SWEEP_TRIGGER },
    },
    tron: {
      activationTrx: e.TRON_ACTIVATION_TRX,
      delegationCostSunPerEnergy: e.TRON_DELEGATION_COST_SUN_PER_ENERGY,
      rental:
        e.TRON_ENERGY_RENTAL_URL && e.TRON_ENERGY_RENTAL_API_KEY
          ? { url: e.TRON_ENERGY_RENTAL_URL, apiKey: e.TRON_ENERGY_RENTAL_API_KEY }
          : undefined,
      apiKey: e.TRON_API_KEY,
    },
  });
}

/** Every stablecoin's withdrawal minimum: the default, or its override (an unknown asset fails fast). */
function withdrawalMinimums(fallback: string, overrides: string): Record<string, string> {
  const given = Object.fromEntries(
    overrides
      .split(',')
      .filter(Boolean)
      .map((pair) => pair.split('=') as [string, string]),
  );
  const stablecoins = STABLECOIN_ASSETS.map((a) => a.code);
  const unknown = Object.keys(given).filter((code) => !stablecoins.includes(code));
  if (unknown.length > 0) {
    throw new ConfigError([
      `WITHDRAWAL_MIN_AMOUNTS: unknown asset ${unknown.join(', ')} (expected ${stablecoins.join(', ')})`,
    ]);
  }
  return Object.fromEntries(stablecoins.map((code) => [code, given[code] ?? fallback]));
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
