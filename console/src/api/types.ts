/** Wire shapes of the console API the pages read (amounts are decimal strings). */
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

export interface BalanceRow {
  asset: string;
  token: string;
  network: string;
  decimals: number;
  available: string;
  held: string;
  total: string;
}

export interface DashboardSummary {
  asOf: string;
  today: {
    date: string;
    deposits: { amountUsd: string; count: number };
    withdrawals: { amountUsd: string; count: number };
  };
  pendingWithdrawals: number;
  withdrawalsAvailable: boolean;
  availableUsd: string;
  totalUsd: string;
  balances: BalanceRow[];
  depositTrend: { days: { date: string; amountUsd: string; count: number }[]; truncated: boolean };
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

export interface Deposit {
  code: string;
  status: string;
  network: string;
  token: string;
  asset: string;
  amount: string;
  fee: string;
  netAmount: string;
  userId: string | null;
  method: string;
  walletType: string;
  address: string;
  fromAddress: string;
  txHash: string;
  blockNumber: number;
  confirmations: number;
  requiredConfirmations: number;
  failureReason?: string;
  detectedAt: string;
  confirmedAt?: string;
  sweepTxHash?: string;
  collectedAt?: string;
  settledAt?: string;
  explorerUrl: string | null;
}

export interface Wallet {
  network: string;
  kind: 'HOT' | 'MASTER' | 'POOL';
  purpose: string;
  address: string;
  userId: string | null;
  status: string;
  createdAt: string;
  balances: { token: string; amount: string | null }[];
}

export interface WalletDetail {
  wallet: Omit<Wallet, 'balances'> & { releasedAt?: string };
  balances: { token: string; decimals: number; amount: string | null }[];
  approvals: { token: string; status: string }[];
  deposits: Deposit[];
  withdrawals: TransactionRow[];
}

export interface Reservation {
  network: string;
  address: string;
  userId: string | null;
  status: string;
  createdAt: string;
  releasedAt?: string;
}

export interface ExternalWallet {
  network: string;
  address: string;
  userId: string;
  label: string | null;
  createdAt: string;
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

export type WithdrawalStatus =
  | 'REQUESTED'
  | 'PENDING_APPROVAL'
  | 'APPROVED'
  | 'PROCESSING'
  | 'BROADCASTING'
  | 'CONFIRMED'
  | 'REJECTED'
  | 'FAILED'
  | 'CANCELLED';

export interface Withdrawal {
  code: string;
  type: 'USER' | 'API' | 'MANUAL';
  network: string;
  token: string;
  amount: string;
  fee: string;
  total: string;
  address: string;
  whitelistEntryId?: string;
  userId?: string;
  reference?: string;
  status: WithdrawalStatus;
  txHash?: string;
  requestedBy: { kind: 'user' | 'apiKey'; id: string };
  decidedBy?: { kind?: string; id: string } | string;
  rejectReason?: string;
  failureReason?: string;
  createdAt: string;
  updatedAt: string;
  confirmedAt?: string;
  history: { status: string; at: string; by?: unknown }[];
}

export interface WithdrawalSettings {
  addressMode: 'WHITELIST_ONLY' | 'MANUAL_ADDRESS';
  approval: { mode: 'AUTO' | 'CONDITIONAL'; thresholdUsdt: string };
  whitelistCoolingHours: number;
  /** Asset code (`USDT@BSC`) → smallest withdrawal in token units. */
  minimumAmounts?: Record<string, string>;
}

export interface WhitelistEntry {
  entryId: string;
  network: string;
  address: string;
  label: string;
  createdAt: string;
  usableAt: string;
  createdBy: string;
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
  };
}
