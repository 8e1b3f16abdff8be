import type { components } from '../../../clients/typescript/schema';

/**
 * Wire shapes of the console API the pages read (amounts are decimal strings). Where the console answers
 * with the partner API's shapes, the types come from the schema generated from the OpenAPI document
 * (`clients/typescript/schema.d.ts`, `npm run generate:client`), so they cannot drift; console-only
 * shapes are written here.
 */
type PartnerSchemas = components['schemas'];

export type BalanceRow = PartnerSchemas['Balance'];
/** The console links a deposit to an explorer only where its network has one (`withExplorerLink`). */
export type Deposit = Omit<PartnerSchemas['Deposit'], 'explorerUrl'> & { explorerUrl: string | null };
export type Wallet = PartnerSchemas['Wallet'];
export type Reservation = PartnerSchemas['Reservation'];
export type ExternalWallet = PartnerSchemas['ExternalWallet'];
export type Withdrawal = PartnerSchemas['Withdrawal'];
export type WithdrawalStatus = Withdrawal['status'];
export type WhitelistEntry = PartnerSchemas['WhitelistEntry'];

export interface Me {
  user: {
    id: string;
    email: string;
    name: string;
    role: string;
    twoFactorEnabled: boolean;
    status: string;
    lastSignInAt: string | null;
    createdAt: string;
  };
  permissions: string[];
  partner: { id: string; code: string; name: string; type: string; status: string };
  warnings: string[];
  withdrawalLockedUntil: string | null;
}

export interface DashboardSummary extends DashboardSubPartners {
  asOf: string;
  today: {
    date: string;
    deposits: { amountUsd: string; count: number };
    withdrawals: { amountUsd: string; count: number };
  };
  pendingWithdrawals: number;
  /** Held and not yet CONFIRMED, whatever their day (today's withdrawals count only CONFIRMED ones). */
  withdrawalsInProgress: number;
  availableUsd: string;
  totalUsd: string;
  balances: BalanceRow[];
  depositTrend: { days: { date: string; amountUsd: string; count: number }[] };
  /** Platform operator only: the deposit pollers per network. */
  pollerHealth?: {
    alertAfterFailedRounds: number;
    networks: {
      network: string;
      status: 'OK' | 'FAILING' | 'NOT_STARTED';
      consecutiveFailures: number;
      failingSince?: string;
      lastError?: string;
      lastSuccessAt?: string;
    }[];
  };
}

export interface WalletDetail {
  wallet: Omit<Wallet, 'balances'> & { releasedAt?: string };
  balances: { token: string; decimals: number; amount: string | null }[];
  approvals: { token: string; status: string }[];
  deposits: Deposit[];
  withdrawals: TransactionRow[];
}

export interface TransactionRow {
  kind: 'DEPOSIT' | 'SWEEP' | 'WITHDRAWAL';
  code: string;
  network: string;
  token: string;
  amount: string;
  status: string;
  userId: string | null;
  fromAddress: string | null;
  toAddress: string | null;
  txHash: string | null;
  at: string;
}

export interface WithdrawalSettings {
  addressMode: 'WHITELIST_ONLY' | 'MANUAL_ADDRESS';
  approval: { mode: 'AUTO' | 'CONDITIONAL'; thresholdUsdt: string };
  whitelistCoolingHours: number;
  /** Asset code (`USDT@BSC`) → smallest withdrawal in token units. */
  minimumAmounts?: Record<string, string>;
}

export interface ApiKeyView {
  id: string;
  name: string;
  status: string;
  ipAllowlist: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt?: string;
}

export interface WebhookSettings {
  url: string | null;
  largeDepositThresholdUsd: string | null;
  eventTypes: string[];
  secretCreatedAt: string | null;
  previousSecretExpiresAt: string | null;
  secret?: string;
}

export interface WebhookDelivery {
  eventId: string;
  type: string;
  status: string;
  occurredAt: string;
  createdAt: string;
  updatedAt: string;
  nextAttemptAt: string | null;
  attemptCount: number;
  attempts: {
    at: string;
    statusCode: number | null;
    latencyMs: number;
    error: string | null;
    outcome: string;
  }[];
}

export interface Member {
  id: string;
  email: string;
  name: string;
  role: string;
  status: string;
  twoFactorEnabled: boolean;
  lastSignInAt: string | null;
  permissions: string[];
}

export interface Invitation {
  id: string;
  email: string;
  role: string;
  status: string;
  createdAt: string;
  expiresAt: string;
}

export interface AuditEntry {
  id: string;
  actor: { type: string; id: string };
  action: string;
  outcome: string;
  at: string;
  sourceIp?: string;
  reason?: string;
  details?: Record<string, string | number | boolean | null>;
}

export interface Workspace {
  partner: { id: string; code: string; name: string; type: string; status: string };
  workspace: { displayName: string; timezone: string; supportEmail: string | null };
  security: {
    withdrawalPolicy: { allowWithdrawalsWithout2fa: boolean; fourEyes: boolean };
    withdrawalLockedUntil: string | null;
    lockedCredentials: { kind: 'USER' | 'API_KEY'; id: string; until: string }[];
  };
}

// ---------------------------------------------------------------------------------------------------
// Sub-partners (issue 16): console mirrors of /v1/sub-partners…, /v1/revenue and /v1/fees.

export type SubPartnerType = 'MERCHANT' | 'DISTRIBUTOR';
export type SubPartnerStatus = 'ACTIVE' | 'SUSPENDED';

/** Rates are percent decimal strings ("1.2" = 1.2 %). */
export interface FeeRates {
  depositFeeRate?: string;
  parentFeeRate?: string;
  maxFeeCap?: string;
  minFeeRate: string;
}

/** An amount in one asset (`TOKEN@NETWORK`), a decimal string in token units. */
export type AssetAmount = PartnerSchemas['AssetAmount'];

export interface SubPartnerView {
  code: string;
  name: string;
  type: SubPartnerType;
  status: SubPartnerStatus;
  /** Its own status or any suspended ancestor. */
  accessSuspended: boolean;
  depth: number;
  parentCode: string;
  fees: FeeRates;
  chains: { network: string; tokens: string[] }[];
  childCount: number;
  createdAt: string;
}

export type SubPartnerTreeNode = PartnerSchemas['SubPartnerTreeNode'];

export type Period = 'today' | 'week' | 'month';

export interface FlowTotals {
  count: number;
  amounts: AssetAmount[];
}

export interface SubPartnerSummary {
  period: Period;
  from: string;
  to: string;
  deposits: FlowTotals;
  withdrawals: FlowTotals;
  /** What the caller earned from that sub-partner's subtree. */
  revenue: AssetAmount[];
}

export interface ActivityRow {
  code: string;
  name: string;
  type: SubPartnerType;
  status: SubPartnerStatus;
  deposits: FlowTotals;
  withdrawals: FlowTotals;
  revenue: AssetAmount[];
}

export interface ActivityReport {
  period: Period;
  from: string;
  to: string;
  items: ActivityRow[];
}

export interface RevenueReport {
  from: string;
  to: string;
  totals: AssetAmount[];
  bySubPartner: { code: string; name: string; amounts: AssetAmount[] }[];
}

/** GET /console/fees: the same body as GET /v1/fees. */
export type OwnFees = PartnerSchemas['FeesResponse'];

/** The console dashboard's additions for DISTRIBUTOR and PLATFORM callers. */
export interface DashboardSubPartners {
  subPartners?: { total: number; active: number; suspended: number; merchants: number; distributors: number };
  revenue?: { today: AssetAmount[]; month: AssetAmount[] };
}

export type FinanceContacts = PartnerSchemas['FinanceContactsResponse'];
export type ExportMonth = PartnerSchemas['ExportMonthResponse'];
export type ExportMonths = PartnerSchemas['ExportMonthsResponse'];

// ---------------------------------------------------------------------------------------------------
// My account and workspace (issue 18): sessions, sent links, received invitations.

/** GET /console/me/sessions: one of the signed-in user's sessions. */
export interface SessionView {
  id: string;
  current: boolean;
  status: 'ACTIVE' | 'EXPIRED' | 'REVOKED';
  rememberMe: boolean;
  createdAt: string;
  lastActiveAt: string;
  expiresAt: string;
  sourceIp: string;
  userAgent: string;
  revokedAt: string | null;
  revokeReason: string | null;
}

/** GET /console/me/tokens: a link the gateway emailed (never the token itself). */
export interface SentTokenView {
  id: string;
  kind: 'PASSWORD_RESET' | 'INVITATION' | 'EMAIL_VERIFICATION';
  sentTo: string;
  sentAt: string;
  expiresAt: string;
  status: 'SENT' | 'USED' | 'REVOKED' | 'EXPIRED';
  usedAt: string | null;
}

/** GET /console/invitations/received: invitations to the signed-in user's email address. */
export interface ReceivedInvitation extends Invitation {
  partnerCode: string | null;
  extraPermissions: string[];
  acceptedAt: string | null;
}

/** GET /console/roles: each role with the permissions it includes. */
export interface RoleView {
  role: string;
  permissions: string[];
}
