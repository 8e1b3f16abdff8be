/**
 * Every Lambda function of the gateway, in one table: the CDK API, schedules and workflows stacks
 * create a NodejsFunction per row, and the local stack serves the same entries with the same routes.
 * A handler module always exports `handler`.
 */
export type Grant =
  | 'table:read'
  | 'table:write'
  | 'keyvault:encrypt'
  | 'keyvault:decrypt'
  | 'webhooks:publish'
  | 'webhooks:deliver'
  | 'email:send'
  /** Start withdrawal executions / resume their approval wait (Step Functions). */
  | 'workflow:start'
  | 'workflow:resume'
  /** Ask for a sweep now (async invoke of the sweep function): a withdrawal waiting for MASTER funds. */
  | 'sweeps:trigger'
  /** Resolve MASTER's address from the MASTER KMS keys (kms:GetPublicKey): sweeps, wallet views, reconciliation. */
  | 'master:address'
  /** Sign with the MASTER KMS keys (kms:Sign, kms:GetPublicKey). */
  | 'master:sign'
  /** Read finance documents (`exports/*` of the documents bucket: head, get, list, pre-signed GETs). */
  | 'documents:read'
  /** Read and write finance documents (no delete: a document is replaced by a new version, never removed). */
  | 'documents:write';

/**
 * Who may call a route: `partner` (API key + HMAC, the partner authorizer), `console` (session cookie,
 * the console authorizer) or `public` (no authorizer: sign-in, refresh, password reset, invitation links).
 */
export type RouteAuth = 'partner' | 'console' | 'public';

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway resource path, with `{param}` placeholders. Console routes live under `/console/`. */
  readonly path: string;
  /** Default `partner`. */
  readonly auth?: RouteAuth;
}

export function routeAuth(route: Pick<RouteSpec, 'auth'>): RouteAuth {
  return route.auth ?? 'partner';
}

export interface FunctionSpec {
  readonly name: string;
  /** Source file relative to the repository root. */
  readonly entry: string;
  readonly description: string;
  readonly kind: 'authorizer' | 'api' | 'scheduled' | 'queue' | 'stream' | 'workflow-task';
  /** The queue a `queue` function consumes (SQS event source with partial batch responses). */
  readonly queue?: 'webhooks';
  /** The table stream records a `stream` function consumes (filtered event source, partial batch responses). */
  readonly stream?: 'outbox';
  /** API routes this function serves (kind `api` only), each behind the authorizer its `auth` names. */
  readonly routes?: readonly RouteSpec[];
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** Least-privilege grants the infrastructure gives this function. */
  readonly grants: readonly Grant[];
  /** Needs the chain RPC URLs (outbound internet on AWS). */
  readonly usesChains?: boolean;
}

export const PARTNER_AUTHORIZER = 'partnerAuthorizer';
export const CONSOLE_AUTHORIZER = 'consoleAuthorizer';

/** The authorizer function guarding routes of each kind (public routes have none). */
export const AUTHORIZER_FOR: Readonly<Record<Exclude<RouteAuth, 'public'>, string>> = {
  partner: PARTNER_AUTHORIZER,
  console: CONSOLE_AUTHORIZER,
};

const consoleRoutes = (
  auth: 'console' | 'public',
  routes: readonly (readonly [RouteSpec['method'], string])[],
): RouteSpec[] => routes.map(([method, path]) => ({ method, path, auth }));

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
    name: 'gasRecordsApi',
    entry: 'functions/partner-api/gas-records-api.ts',
    description: 'GET /v1/gas-records: gas paid on the partner’s behalf, with totals per network',
    kind: 'api',
    routes: [{ method: 'GET', path: '/v1/gas-records' }],
    timeoutSeconds: 10,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:decrypt'],
  },
  {
    name: 'financeApi',
    entry: 'functions/partner-api/finance-api.ts',
    description:
      'GET and PUT /v1/finance-contacts (who receives the monthly export email), GET /v1/exports (monthly finance exports, pre-signed links)',
    kind: 'api',
    routes: [
      { method: 'GET', path: '/v1/finance-contacts' },
      { method: 'PUT', path: '/v1/finance-contacts' },
      { method: 'GET', path: '/v1/exports' },
    ],
    timeoutSeconds: 10,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:decrypt', 'documents:read'],
  },
  {
    name: 'invoicesApi',
    entry: 'functions/partner-api/invoices-api.ts',
    description: 'Gas invoices: list, one (or its PDF/CSV link), pay from a stablecoin balance',
    kind: 'api',
    routes: [
      { method: 'GET', path: '/v1/invoices' },
      { method: 'GET', path: '/v1/invoices/{number}' },
      { method: 'POST', path: '/v1/invoices/{number}/pay' },
    ],
    timeoutSeconds: 10,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:decrypt', 'documents:read'],
  },
  {
    name: 'depositAddressesApi',
    entry: 'functions/partner-api/deposit-addresses-api.ts',
    description: 'Deposit addresses, reservations, external wallets, POOL deposit requests, wallets',
    kind: 'api',
    routes: [
      { method: 'POST', path: '/v1/deposit-addresses' },
      { method: 'POST', path: '/v1/deposit-reservations' },
      { method: 'GET', path: '/v1/deposit-reservations' },
      { method: 'DELETE', path: '/v1/deposit-reservations/{network}/{address}' },
      { method: 'POST', path: '/v1/external-wallets' },
      { method: 'GET', path: '/v1/external-wallets' },
      { method: 'DELETE', path: '/v1/external-wallets/{network}/{address}' },
      { method: 'POST', path: '/v1/deposit-requests' },
      { method: 'GET', path: '/v1/wallets' },
    ],
    timeoutSeconds: 15,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:encrypt', 'keyvault:decrypt', 'master:address'],
    usesChains: true,
  },
  {
    name: 'depositsApi',
    entry: 'functions/partner-api/deposits-api.ts',
    description: 'GET /v1/deposits, GET /v1/deposits/{code}, POST /v1/deposits/rescan',
    kind: 'api',
    routes: [
      { method: 'GET', path: '/v1/deposits' },
      { method: 'GET', path: '/v1/deposits/{code}' },
      { method: 'POST', path: '/v1/deposits/rescan' },
    ],
    timeoutSeconds: 30,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:decrypt'],
    usesChains: true,
  },
  {
    name: 'subPartnerReportsApi',
    entry: 'functions/partner-api/sub-partner-reports-api.ts',
    description:
      'Sub-partner activity, summary and drill-downs (deposits, withdrawals, flows), GET /v1/revenue, GET /v1/fees',
    kind: 'api',
    routes: [
      { method: 'GET', path: '/v1/sub-partners/activity' },
      { method: 'GET', path: '/v1/sub-partners/{code}/summary' },
      { method: 'GET', path: '/v1/sub-partners/{code}/deposits' },
      { method: 'GET', path: '/v1/sub-partners/{code}/withdrawals' },
      { method: 'GET', path: '/v1/sub-partners/{code}/flows' },
      { method: 'GET', path: '/v1/revenue' },
      { method: 'GET', path: '/v1/fees' },
    ],
    timeoutSeconds: 10,
    memoryMb: 512,
    // Reads only; table:write and keyvault:decrypt are what every partner-API function's request check
    // (replay guard) and page cursors (the sealing key, made on first use) need (ADR 0020, 0032).
    grants: ['table:read', 'table:write', 'keyvault:decrypt'],
  },
  {
    name: 'reconcileLedger',
    entry: 'functions/schedules/reconcile-ledger.ts',
    description:
      'Scheduled: per asset, liabilities = custody, zero sum, custody = on-chain; report and alert on drift',
    kind: 'scheduled',
    timeoutSeconds: 120,
    memoryMb: 512,
    // keyvault:decrypt: a seed made before the gas tanks' HD account had a stored public key gets it once
    // (the addresses themselves come from public keys).
    grants: ['table:read', 'table:write', 'keyvault:decrypt', 'master:address'],
    usesChains: true,
  },
  {
    name: 'refreshCoinPrices',
    entry: 'functions/schedules/refresh-coin-prices.ts',
    description:
      'Scheduled: USD prices of the coins we pay gas in, from the price feed (CoinGecko simple price)',
    kind: 'scheduled',
    timeoutSeconds: 30,
    memoryMb: 256,
    grants: ['table:read', 'table:write'],
  },
  {
    name: 'issueGasInvoices',
    entry: 'functions/schedules/issue-gas-invoices.ts',
    description:
      "Scheduled monthly: the previous month's gas records of every partner as numbered gas invoices (idempotent)",
    kind: 'scheduled',
    timeoutSeconds: 900,
    memoryMb: 1024,
    grants: ['table:read', 'table:write', 'documents:write'],
  },
  {
    name: 'exportFinanceMonth',
    entry: 'functions/schedules/export-finance-month.ts',
    description:
      "Scheduled monthly: the previous month's finance export of every partner (statements, manifest) and the platform's; emails the finance contacts",
    kind: 'scheduled',
    timeoutSeconds: 900,
    memoryMb: 1024,
    grants: ['table:read', 'table:write', 'email:send', 'documents:write'],
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
  {
    name: 'pollDeposits',
    entry: 'functions/schedules/poll-deposits.ts',
    description:
      'Scheduled: follow the chain head for a minute, scanning token Transfer logs into deposit intake (lease + cursor per network)',
    kind: 'scheduled',
    // Runs ~55 s per invocation (POLLER_RUN_FOR_MS) plus a margin for the last round and the release.
    timeoutSeconds: 70,
    memoryMb: 512,
    grants: ['table:read', 'table:write'],
    usesChains: true,
  },
  {
    name: CONSOLE_AUTHORIZER,
    entry: 'functions/auth/authorize-console-request.ts',
    description:
      'Lambda authorizer: console session cookie (signed access token), CSRF header, live session/user/partner check',
    kind: 'authorizer',
    timeoutSeconds: 10,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:decrypt'],
  },
  {
    name: 'consoleAuth',
    entry: 'functions/console-api/auth.ts',
    description:
      'Console sign-in (password, 2FA step), refresh, sign-out, password reset, email verification, invitation links',
    kind: 'api',
    routes: consoleRoutes('public', [
      ['GET', '/console/auth/csrf'],
      ['POST', '/console/auth/sign-in'],
      ['POST', '/console/auth/sign-in/otp'],
      ['POST', '/console/auth/refresh'],
      ['POST', '/console/auth/sign-out'],
      ['POST', '/console/auth/password/forgot'],
      ['POST', '/console/auth/password/reset'],
      ['POST', '/console/auth/email/verify'],
      ['POST', '/console/invitations/inspect'],
      ['POST', '/console/invitations/accept'],
    ]),
    timeoutSeconds: 15,
    // scrypt (N=2^17, r=8) needs 128 MiB per hash, and Lambda CPU grows with memory.
    memoryMb: 1024,
    grants: ['table:read', 'table:write', 'keyvault:encrypt', 'keyvault:decrypt', 'email:send'],
  },
  {
    name: 'consoleAccount',
    entry: 'functions/console-api/account.ts',
    description:
      'Console my account: profile, password, email, 2FA set-up, sessions, sent tokens, security status',
    kind: 'api',
    routes: consoleRoutes('console', [
      ['GET', '/console/me'],
      ['PATCH', '/console/me'],
      ['POST', '/console/me/password'],
      ['POST', '/console/me/email'],
      ['GET', '/console/me/security'],
      ['GET', '/console/me/sessions'],
      ['DELETE', '/console/me/sessions/{sessionId}'],
      ['GET', '/console/me/tokens'],
      ['POST', '/console/me/2fa/setup'],
      ['POST', '/console/me/2fa/enable'],
      ['POST', '/console/me/2fa/disable'],
      ['POST', '/console/me/2fa/recovery-codes'],
    ]),
    timeoutSeconds: 15,
    memoryMb: 1024,
    grants: ['table:read', 'table:write', 'keyvault:encrypt', 'keyvault:decrypt', 'email:send'],
  },
  {
    name: 'consoleMembers',
    entry: 'functions/console-api/members.ts',
    description: 'Console members, roles and invitations',
    kind: 'api',
    routes: consoleRoutes('console', [
      ['GET', '/console/roles'],
      ['GET', '/console/members'],
      ['PATCH', '/console/members/{userId}'],
      ['POST', '/console/members/{userId}/deactivate'],
      ['POST', '/console/members/{userId}/reactivate'],
      ['GET', '/console/members/{userId}/tokens'],
      ['GET', '/console/invitations'],
      ['GET', '/console/invitations/received'],
      ['POST', '/console/invitations'],
      ['POST', '/console/invitations/{invitationId}/resend'],
      ['POST', '/console/invitations/{invitationId}/revoke'],
    ]),
    timeoutSeconds: 10,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'email:send'],
  },
  {
    name: 'consoleWorkspace',
    entry: 'functions/console-api/workspace.ts',
    description: 'Console workspace details and withdrawal policy, API keys, audit log',
    kind: 'api',
    routes: consoleRoutes('console', [
      ['GET', '/console/workspace'],
      ['PATCH', '/console/workspace'],
      ['PUT', '/console/workspace/withdrawal-policy'],
      ['GET', '/console/audit'],
      ['GET', '/console/api-keys'],
      ['POST', '/console/api-keys'],
      ['PUT', '/console/api-keys/{apiKeyId}/ip-allowlist'],
      ['POST', '/console/api-keys/{apiKeyId}/revoke'],
    ]),
    timeoutSeconds: 10,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:encrypt', 'keyvault:decrypt'],
  },
  {
    name: 'consoleGas',
    entry: 'functions/console-api/gas.ts',
    description: 'Console Gas → Gas records (the same use-case as GET /v1/gas-records)',
    kind: 'api',
    routes: consoleRoutes('console', [['GET', '/console/gas-records']]),
    timeoutSeconds: 10,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:decrypt'],
  },
  {
    name: 'consoleInvoices',
    entry: 'functions/console-api/invoices.ts',
    description: 'Console Gas → Invoices: list, detail (or its PDF/CSV link), pay from balance with OTP',
    kind: 'api',
    routes: consoleRoutes('console', [
      ['GET', '/console/invoices'],
      ['GET', '/console/invoices/{number}'],
      ['POST', '/console/invoices/{number}/pay'],
    ]),
    timeoutSeconds: 10,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:decrypt', 'documents:read'],
  },
  {
    name: 'consoleFinance',
    entry: 'functions/console-api/finance.ts',
    description:
      'Console Settings → Finance contacts and Finance → Exports (the same use-cases as /v1/finance-contacts, /v1/exports)',
    kind: 'api',
    routes: consoleRoutes('console', [
      ['GET', '/console/finance-contacts'],
      ['PUT', '/console/finance-contacts'],
      ['GET', '/console/exports'],
    ]),
    timeoutSeconds: 10,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:decrypt', 'documents:read'],
  },
  {
    name: 'consoleDashboard',
    entry: 'functions/console-api/dashboard.ts',
    description:
      'Console dashboard (today, 7-day deposit trend, balances by currency and network) and balances',
    kind: 'api',
    routes: consoleRoutes('console', [
      ['GET', '/console/dashboard'],
      ['GET', '/console/balances'],
      ['GET', '/console/balances/{asset}/flows'],
    ]),
    timeoutSeconds: 15,
    memoryMb: 512,
    grants: ['table:read'],
  },
  {
    name: 'consoleSubPartnerReports',
    entry: 'functions/console-api/sub-partner-reports.ts',
    description: 'Console sub-partner activity, summary, drill-downs, revenue and fees (ADR 0032)',
    kind: 'api',
    routes: consoleRoutes('console', [
      ['GET', '/console/sub-partners/activity'],
      ['GET', '/console/sub-partners/{code}/summary'],
      ['GET', '/console/sub-partners/{code}/deposits'],
      ['GET', '/console/sub-partners/{code}/withdrawals'],
      ['GET', '/console/sub-partners/{code}/flows'],
      ['GET', '/console/revenue'],
      ['GET', '/console/fees'],
    ]),
    timeoutSeconds: 10,
    memoryMb: 512,
    // Reads only; table:write and keyvault:decrypt for the page cursors' sealing key (made on first use).
    grants: ['table:read', 'table:write', 'keyvault:decrypt'],
  },
  {
    name: 'consoleDeposits',
    entry: 'functions/console-api/deposits.ts',
    description: 'Console deposit history and detail, reservations, and the unified transactions view',
    kind: 'api',
    routes: consoleRoutes('console', [
      ['GET', '/console/deposits'],
      ['GET', '/console/deposits/{code}'],
      ['GET', '/console/transactions'],
      ['GET', '/console/deposit-reservations'],
      ['POST', '/console/deposit-reservations'],
      ['POST', '/console/deposit-reservations/{network}/{address}/release'],
    ]),
    timeoutSeconds: 15,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:decrypt'],
  },
  {
    name: 'consoleWallets',
    entry: 'functions/console-api/wallets.ts',
    description:
      'Console wallets by type with on-chain balances, create HOT/MASTER/POOL, wallet detail, external wallets',
    kind: 'api',
    routes: consoleRoutes('console', [
      ['GET', '/console/wallets'],
      ['POST', '/console/wallets'],
      ['GET', '/console/wallets/{network}/{address}'],
      ['GET', '/console/external-wallets'],
      ['POST', '/console/external-wallets'],
      ['POST', '/console/external-wallets/{network}/{address}/remove'],
    ]),
    timeoutSeconds: 15,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:encrypt', 'keyvault:decrypt', 'master:address'],
    usesChains: true,
  },
  {
    name: 'consoleWebhooks',
    entry: 'functions/console-api/webhooks.ts',
    description:
      'Console webhook URL and threshold, signing secret (shown once, OTP to rotate), send test, delivery log',
    kind: 'api',
    routes: consoleRoutes('console', [
      ['GET', '/console/webhooks'],
      ['PUT', '/console/webhooks'],
      ['POST', '/console/webhooks/secret'],
      ['POST', '/console/webhooks/test'],
      ['GET', '/console/webhooks/deliveries'],
      ['POST', '/console/webhooks/deliveries/{eventId}/redeliver'],
    ]),
    timeoutSeconds: 10,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:encrypt', 'keyvault:decrypt', 'webhooks:publish'],
  },
  {
    name: 'withdrawals',
    entry: 'functions/partner-api/withdrawals-api.ts',
    description:
      'Partner withdrawals: request (Idempotency-Key), list, get, cancel; the withdrawal whitelist (read)',
    kind: 'api',
    routes: [
      { method: 'POST', path: '/v1/withdrawals' },
      { method: 'GET', path: '/v1/withdrawals' },
      { method: 'GET', path: '/v1/withdrawals/{code}' },
      { method: 'POST', path: '/v1/withdrawals/{code}/cancel' },
      { method: 'GET', path: '/v1/withdrawal-whitelist' },
    ],
    timeoutSeconds: 15,
    memoryMb: 512,
    grants: [
      'table:read',
      'table:write',
      // Secrets (a request's signing key, an approver's TOTP); and, once per seed made before the gas
      // tanks' HD account had a stored public key, to add it (the destination rule derives their addresses).
      'keyvault:decrypt',
      'webhooks:publish',
      'workflow:start',
      'workflow:resume',
    ],
  },
  {
    name: 'consoleWithdrawals',
    entry: 'functions/console-api/withdrawals.ts',
    description:
      'Console withdrawals: request, approve, reject, cancel (OTP, four-eyes, 24 h lock), settings and whitelist',
    kind: 'api',
    routes: consoleRoutes('console', [
      ['GET', '/console/withdrawals'],
      ['POST', '/console/withdrawals'],
      ['GET', '/console/withdrawals/{code}'],
      ['POST', '/console/withdrawals/{code}/approve'],
      ['POST', '/console/withdrawals/{code}/reject'],
      ['POST', '/console/withdrawals/{code}/cancel'],
      ['GET', '/console/withdrawal-settings'],
      ['PUT', '/console/withdrawal-settings'],
      ['GET', '/console/withdrawal-address-check'],
      ['GET', '/console/withdrawal-whitelist'],
      ['POST', '/console/withdrawal-whitelist'],
      ['POST', '/console/withdrawal-whitelist/{entryId}/remove'],
    ]),
    timeoutSeconds: 15,
    memoryMb: 512,
    grants: [
      'table:read',
      'table:write',
      // Secrets (a request's signing key, an approver's TOTP); and, once per seed made before the gas
      // tanks' HD account had a stored public key, to add it (the destination rule derives their addresses).
      'keyvault:decrypt',
      'webhooks:publish',
      'workflow:start',
      'workflow:resume',
    ],
  },
  {
    name: 'withdrawalTask',
    entry: 'functions/workflows/withdrawal-task.ts',
    description:
      'Task states of the withdrawal state machine: hold, approval wait, nonce + KMS signing, broadcast, tracking, replacement, confirmation',
    kind: 'workflow-task',
    timeoutSeconds: 60,
    memoryMb: 512,
    grants: [
      'table:read',
      'table:write',
      'keyvault:decrypt',
      'webhooks:publish',
      'workflow:resume',
      'master:sign',
      'sweeps:trigger',
    ],
    usesChains: true,
  },
  {
    name: 'resumeWithdrawals',
    entry: 'functions/schedules/resume-withdrawals.ts',
    description:
      'Scheduled: unfinished withdrawals untouched for 10 minutes get a live execution (stall sweeper)',
    kind: 'scheduled',
    timeoutSeconds: 60,
    memoryMb: 256,
    grants: ['table:read', 'workflow:start'],
  },
  {
    name: 'webhookSettings',
    entry: 'functions/partner-api/webhook-settings.ts',
    description:
      'GET and PUT /v1/webhooks, POST /v1/webhooks/secret: webhook URL, LARGE_DEPOSIT threshold, signing secret (shown once)',
    kind: 'api',
    routes: [
      { method: 'GET', path: '/v1/webhooks' },
      { method: 'PUT', path: '/v1/webhooks' },
      { method: 'POST', path: '/v1/webhooks/secret' },
    ],
    timeoutSeconds: 10,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:encrypt', 'keyvault:decrypt'],
  },
  {
    name: 'subPartnersApi',
    entry: 'functions/partner-api/sub-partners-api.ts',
    description:
      'Sub-partners (seed 000 §7): list, tree, register (Idempotency-Key), detail, edit (fees checked over the subtree), suspend, reinstate, owner password reset, delete',
    kind: 'api',
    routes: [
      { method: 'GET', path: '/v1/sub-partners' },
      { method: 'GET', path: '/v1/sub-partners/tree' },
      { method: 'POST', path: '/v1/sub-partners' },
      { method: 'GET', path: '/v1/sub-partners/{code}' },
      { method: 'PATCH', path: '/v1/sub-partners/{code}' },
      { method: 'POST', path: '/v1/sub-partners/{code}/suspend' },
      { method: 'POST', path: '/v1/sub-partners/{code}/reinstate' },
      { method: 'POST', path: '/v1/sub-partners/{code}/owner-password-reset' },
      { method: 'DELETE', path: '/v1/sub-partners/{code}' },
    ],
    timeoutSeconds: 15,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:decrypt', 'email:send'],
  },
  {
    name: 'consoleSubPartners',
    entry: 'functions/console-api/sub-partners.ts',
    description:
      'Console sub-partners: the same use-cases as /v1/sub-partners as the signed-in user; writes need subpartner:manage and an OTP',
    kind: 'api',
    routes: consoleRoutes('console', [
      ['GET', '/console/sub-partners'],
      ['GET', '/console/sub-partners/tree'],
      ['POST', '/console/sub-partners'],
      ['GET', '/console/sub-partners/{code}'],
      ['PATCH', '/console/sub-partners/{code}'],
      ['POST', '/console/sub-partners/{code}/suspend'],
      ['POST', '/console/sub-partners/{code}/reinstate'],
      ['POST', '/console/sub-partners/{code}/owner-password-reset'],
      ['POST', '/console/sub-partners/{code}/delete'],
    ]),
    timeoutSeconds: 15,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:decrypt', 'email:send'],
  },
  {
    name: 'webhookDeliveries',
    entry: 'functions/partner-api/webhook-deliveries.ts',
    description:
      'POST /v1/webhooks/test, GET /v1/webhooks/deliveries, POST /v1/webhooks/deliveries/{eventId}/redeliver',
    kind: 'api',
    routes: [
      { method: 'POST', path: '/v1/webhooks/test' },
      { method: 'GET', path: '/v1/webhooks/deliveries' },
      { method: 'POST', path: '/v1/webhooks/deliveries/{eventId}/redeliver' },
    ],
    timeoutSeconds: 10,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:decrypt', 'webhooks:publish'],
  },
  {
    name: 'deliverWebhooks',
    entry: 'functions/webhooks/deliver-webhooks.ts',
    description:
      'Webhook-delivery queue consumer: signed POSTs, exponential backoff with jitter over 27 h, then the DLQ',
    kind: 'queue',
    queue: 'webhooks',
    // Records run in parallel, each with a 10 s request timeout; the queue's visibility timeout is 6x this.
    timeoutSeconds: 30,
    memoryMb: 512,
    grants: ['table:read', 'table:write', 'keyvault:decrypt', 'webhooks:deliver'],
  },
  {
    name: 'sweepDeposits',
    entry: 'functions/schedules/sweep-deposits.ts',
    description:
      'Scheduled: gasless sweeps of credited deposits to MASTER (gas-tank top-up, one-time approve, transferFrom), gas records, low gas-tank alert',
    kind: 'scheduled',
    // Follows what it sent for up to SWEEP_FOLLOW_FOR_MS (30 s) per phase chain, plus RPC and booking time.
    timeoutSeconds: 120,
    memoryMb: 512,
    // keyvault:decrypt: the HD seed, for the gas tank and a deposit address's one-time approve.
    grants: ['table:read', 'table:write', 'keyvault:decrypt', 'master:address'],
    usesChains: true,
  },
  {
    name: 'relayOutbox',
    entry: 'functions/outbox/relay-outbox-events.ts',
    description:
      'Table stream consumer (new outbox items only): hands each event to the webhook publisher (idempotent per event id)',
    kind: 'stream',
    stream: 'outbox',
    timeoutSeconds: 30,
    memoryMb: 256,
    grants: ['table:read', 'table:write', 'webhooks:publish'],
  },
  {
    name: 'republishOutbox',
    entry: 'functions/schedules/republish-outbox.ts',
    description:
      'Scheduled: outbox events still unpublished after 5 minutes are handed to the webhook publisher again',
    kind: 'scheduled',
    timeoutSeconds: 60,
    memoryMb: 256,
    grants: ['table:read', 'table:write', 'webhooks:publish'],
  },
];

export function functionSpec(name: string): FunctionSpec {
  const spec = FUNCTIONS.find((f) => f.name === name);
  if (!spec) throw new Error(`Unknown function ${name}`);
  return spec;
}
