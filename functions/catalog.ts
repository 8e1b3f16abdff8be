/**
 * Every Lambda function of the gateway, in one table: the CDK API, schedules and workflows stacks
 * create a NodejsFunction per row, and the local stack serves the same entries with the same routes.
 * A handler module always exports `handler`.
 */
export type Grant = 'table:read' | 'table:write' | 'keyvault:encrypt' | 'keyvault:decrypt';

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway resource path, with `{param}` placeholders. */
  readonly path: string;
}

export interface FunctionSpec {
  readonly name: string;
  /** Source file relative to the repository root. */
  readonly entry: string;
  readonly description: string;
  readonly kind: 'authorizer' | 'api' | 'scheduled';
  /** API routes this function serves (kind `api` only); all sit behind the partner authorizer. */
  readonly routes?: readonly RouteSpec[];
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** Least-privilege grants the infrastructure gives this function. */
  readonly grants: readonly Grant[];
  /** Needs the chain RPC URLs (outbound internet on AWS). */
  readonly usesChains?: boolean;
}

export const PARTNER_AUTHORIZER = 'partnerAuthorizer';

export const FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: PARTNER_AUTHORIZER,
    entry: 'functions/auth/authorize-partner-request.ts',
    description: 'Lambda authorizer: partner API key, HMAC signature, timestamp window, replay, IP allowlist',
    kind: 'authorizer',
    timeoutSeconds: 10,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:decrypt'],
  },
  {
    name: 'getPartner',
    entry: 'functions/partner-api/get-partner.ts',
    description: 'GET /v1/partner: the authenticated partner',
    kind: 'api',
    routes: [{ method: 'GET', path: '/v1/partner' }],
    timeoutSeconds: 10,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:decrypt'],
  },
  {
    name: 'listBalances',
    entry: 'functions/partner-api/list-balances.ts',
    description: 'GET /v1/balances: balances per asset with a USD total',
    kind: 'api',
    routes: [{ method: 'GET', path: '/v1/balances' }],
    timeoutSeconds: 10,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:decrypt'],
  },
  {
    name: 'listBalanceFlows',
    entry: 'functions/partner-api/list-balance-flows.ts',
    description: 'GET /v1/balances/{asset}/flows: credits and debits of one balance with running balances',
    kind: 'api',
    routes: [{ method: 'GET', path: '/v1/balances/{asset}/flows' }],
    timeoutSeconds: 10,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:decrypt'],
  },
  {
    name: 'reconcileLedger',
    entry: 'functions/schedules/reconcile-ledger.ts',
    description: 'Scheduled: per asset, liabilities = custody, zero sum, custody = on-chain; report and alert on drift',
    kind: 'scheduled',
    timeoutSeconds: 120,
    memoryMb: 512,
    grants: ['table:read', 'table:write'],
  },
  {
    name: 'chainHeads',
    entry: 'functions/schedules/record-chain-heads.ts',
    description: 'Scheduled: record head and finalized block per network for lag monitoring',
    kind: 'scheduled',
    timeoutSeconds: 30,
    memoryMb: 256,
    grants: ['table:read', 'table:write'],
    usesChains: true,
  },
];

export function functionSpec(name: string): FunctionSpec {
  const spec = FUNCTIONS.find((f) => f.name === name);
  if (!spec) throw new Error(`Unknown function ${name}`);
  return spec;
}
