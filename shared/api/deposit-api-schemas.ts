import { z } from 'zod';
import { DEPOSIT_STATUSES } from '../domain/deposit/deposit';
import { DecimalString, partnerApiRegistry } from './partner-api-schemas';

/** Wire formats of the deposit routes. Amounts are decimal strings in token units. */
const Network = z.enum(['BSC', 'POLYGON', 'TRON']);
const Iso = z.iso.datetime();
const UserId = z.string().regex(/^[A-Za-z0-9_.@:-]{1,128}$/);

export const DepositAddressRequest = z.strictObject({ userId: UserId, network: Network });

export const DepositAddressResponse = z
  .object({
    network: Network,
    address: z.string().describe('Checksummed address; HD-derived (m/44\'/60\'/0\'/0/i).'),
    userId: z.string(),
    createdAt: Iso,
    created: z.boolean().describe('False when the user already had this address (the call is idempotent).'),
  })
  .register(partnerApiRegistry, { id: 'DepositAddress' });

export const Reservation = z
  .object({ network: Network, address: z.string(), userId: z.string().nullable(), status: z.enum(['ACTIVE', 'RELEASED']), createdAt: Iso, releasedAt: Iso.optional() })
  .register(partnerApiRegistry, { id: 'Reservation' });
export const ReservationsResponse = z
  .object({ reservations: z.array(Reservation), nextCursor: z.string().optional() })
  .register(partnerApiRegistry, { id: 'ReservationsResponse' });

export const ExternalWalletRequest = z.strictObject({ userId: UserId, network: Network, address: z.string(), label: z.string().max(80).optional() });
export const ExternalWallet = z
  .object({ network: Network, address: z.string(), userId: z.string(), label: z.string().nullable(), createdAt: Iso })
  .register(partnerApiRegistry, { id: 'ExternalWallet' });
export const ExternalWalletsResponse = z
  .object({ externalWallets: z.array(ExternalWallet), nextCursor: z.string().optional() })
  .register(partnerApiRegistry, { id: 'ExternalWalletsResponse' });

export const DepositRequestResponse = z
  .object({
    requestId: z.string(),
    userId: z.string(),
    network: Network,
    token: z.enum(['USDT', 'USDC']),
    address: z.string().describe('The partner POOL address to pay.'),
    amount: DecimalString.describe('The exact amount to send: the requested amount plus a unique tail.'),
    expiresAt: Iso,
  })
  .register(partnerApiRegistry, { id: 'DepositRequest' });

export const Deposit = z
  .object({
    code: z.string(),
    status: z.enum(DEPOSIT_STATUSES as [string, ...string[]]),
    network: Network,
    token: z.enum(['USDT', 'USDC']),
    asset: z.string(),
    amount: DecimalString,
    fee: DecimalString,
    netAmount: DecimalString,
    userId: z.string().nullable(),
    method: z.enum(['HOT_ADDRESS', 'RESERVATION', 'EXTERNAL_WALLET', 'POOL_AMOUNT', 'UNATTRIBUTED']),
    walletType: z.enum(['HOT', 'MASTER', 'POOL']),
    address: z.string(),
    fromAddress: z.string(),
    txHash: z.string(),
    logIndex: z.number().int(),
    blockNumber: z.number().int(),
    confirmations: z.number().int(),
    requiredConfirmations: z.number().int(),
    failureReason: z
      .enum(['REORGED', 'BELOW_MINIMUM', 'INTAKE_ERROR'])
      .optional()
      .describe('REORGED: dropped by a reorg before finality. BELOW_MINIMUM: under the minimum deposit. INTAKE_ERROR: the gateway could not process it; held for review by the platform operator, not credited yet.'),
    detectedAt: Iso,
    confirmedAt: Iso.optional(),
    sweepTxHash: z.string().optional().describe('The transaction that moved the funds to the MASTER wallet.'),
    collectedAt: Iso.optional(),
    settledAt: Iso.optional().describe('When the sweep was final: the funds are in the MASTER wallet.'),
    explorerUrl: z.string(),
  })
  .register(partnerApiRegistry, { id: 'Deposit' });
export const DepositsResponse = z
  .object({ deposits: z.array(Deposit), nextCursor: z.string().optional() })
  .register(partnerApiRegistry, { id: 'DepositsResponse' });

export const DepositsQuery = z
  .strictObject({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().min(1).max(2000).optional(),
    from: Iso.optional(),
    to: Iso.optional(),
    status: z.enum(DEPOSIT_STATUSES as [string, ...string[]]).optional(),
    userId: UserId.optional(),
    code: z.string().regex(/^D\d{6}[0-9A-Z]{8}$/).optional(),
    txHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

export const RescanRequest = z
  .strictObject({ network: Network, txHash: z.string() })
  .refine((r) => (r.network === 'TRON' ? /^[0-9a-fA-F]{64}$/ : /^0x[0-9a-fA-F]{64}$/).test(r.txHash), {
    path: ['txHash'],
    message: 'A 0x-prefixed 32-byte hash (BSC, POLYGON) or a 64-hex TRON txID without 0x',
  });
export const RescanResponse = z
  .object({
    network: Network,
    txHash: z.string(),
    results: z.array(
      z.object({
        code: z.string(),
        outcome: z.enum(['CREDITED', 'ALREADY_CREDITED', 'DETECTED', 'FAILED']),
        status: z.string(),
      }),
    ),
  })
  .register(partnerApiRegistry, { id: 'RescanResponse' });

export const WalletBalance = z.object({ token: z.enum(['USDT', 'USDC']), amount: DecimalString.nullable().describe('On-chain balance; null when the chain could not be read.') });
export const Wallet = z
  .object({
    network: Network,
    kind: z.enum(['HOT', 'MASTER', 'POOL']),
    purpose: z.enum(['USER', 'RESERVATION', 'MASTER', 'POOL']),
    address: z.string(),
    userId: z.string().nullable(),
    status: z.enum(['ACTIVE', 'RELEASED']),
    createdAt: Iso,
    balances: z.array(WalletBalance),
  })
  .register(partnerApiRegistry, { id: 'Wallet' });
export const WalletsResponse = z
  .object({ wallets: z.array(Wallet), nextCursor: z.string().optional() })
  .register(partnerApiRegistry, { id: 'WalletsResponse' });

export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2000).optional(),
});
export const WalletsQuery = ListQuery.extend({
  network: Network.optional(),
  kind: z.enum(['HOT', 'MASTER', 'POOL']).optional(),
});
