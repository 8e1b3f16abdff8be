import * as z from 'zod';
import { PageCursor } from './page-cursor';
import { NETWORK_CODES, TOKEN_SYMBOLS } from '../domain/chains/networks';
import { DEPOSIT_STATUSES } from '../domain/deposit/deposit';
import {
  DecimalString,
  partnerApiRegistry,
  RANGE_ORDER_ISSUE,
  rangeIsOrdered,
  SUPPORTED_ASSETS,
  TimestampParam,
  TxHashParam,
} from './common-schemas';

/** Wire formats of the deposit routes. Amounts are decimal strings in token units. */
const Network = z.enum(NETWORK_CODES, { message: `Supported networks: ${NETWORK_CODES.join(', ')}` });
const Iso = z.iso.datetime();
const UserId = z
  .string()
  .max(128)
  .regex(/^[A-Za-z0-9_.@:-]{1,128}$/, 'Use 1-128 of A-Z a-z 0-9 _ . @ : -')
  .describe('Your id for the user: 1-128 of A-Z a-z 0-9 _ . @ : -');
/** An EVM (0x…) or TRON (T…) address as text; its checksum is checked against the network by the use-case. */
const AddressText = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[0-9A-Za-z]+$/, 'Not a valid address (checksum or format)');

/** Deposit codes: `D` + yymmdd + 8 base32 characters (shared/domain/deposit/deposit.ts). */
export const DepositCode = z
  .string()
  .max(15)
  .regex(/^D\d{6}[0-9A-Z]{8}$/, 'A deposit code such as D2611204K7QX2MZ');

// ---------------------------------------------------------------------------------------------------
// Request bodies (the use-cases in shared/app/deposits parse with these very schemas)

export const DepositAddressRequest = z
  .strictObject({ userId: UserId, network: Network })
  .register(partnerApiRegistry, { id: 'DepositAddressRequest' });

export const ReservationRequest = z
  .strictObject({ userId: UserId, network: Network })
  .register(partnerApiRegistry, { id: 'ReservationRequest' });

export const ExternalWalletRequest = z
  .strictObject({
    userId: UserId,
    network: Network,
    address: AddressText.describe(
      'The sending address: checksummed or lowercase 0x… on BSC/POLYGON, base58 T… on TRON.',
    ),
    label: z.string().trim().min(1).max(80).optional(),
  })
  .register(partnerApiRegistry, { id: 'ExternalWalletRequest' });

export const DepositRequestBody = z
  .strictObject({
    userId: UserId,
    network: Network,
    token: z.enum(TOKEN_SYMBOLS),
    amount: z
      .string()
      .max(40)
      .regex(/^(0|[1-9][0-9]*)(\.[0-9]{1,2})?$/, 'A decimal string with at most 2 decimals, e.g. "100.50"')
      .describe('The amount you expect, at most 2 decimals; the gateway adds a unique tail.'),
  })
  .superRefine((b, ctx) => {
    // An unsupported pair names the token: the network is valid on its own, the token is not offered there.
    if (!(SUPPORTED_ASSETS as readonly string[]).includes(`${b.token}@${b.network}`)) {
      ctx.addIssue({ code: 'custom', path: ['token'], message: `${b.token} is not offered on ${b.network}` });
    }
  })
  .register(partnerApiRegistry, { id: 'DepositRequestBody' });

/** Path parameters of DELETE /v1/deposit-reservations/{network}/{address} and /v1/external-wallets/{network}/{address}. */
export const WalletAddressParams = z.strictObject({
  network: Network,
  address: AddressText.describe('The address, as listed.'),
});

export const DepositCodeParams = z.strictObject({
  code: DepositCode.describe('The deposit code, e.g. `D2611204K7QX2MZ`.'),
});

export const DepositAddressResponse = z
  .object({
    network: Network,
    address: z.string().describe("Checksummed address; HD-derived (m/44'/60'/0'/0/i)."),
    userId: z.string(),
    createdAt: Iso,
    created: z.boolean().describe('False when the user already had this address (the call is idempotent).'),
  })
  .register(partnerApiRegistry, { id: 'DepositAddress' });

export const Reservation = z
  .object({
    network: Network,
    address: z.string(),
    userId: z.string().nullable(),
    status: z.enum(['ACTIVE', 'RELEASED']),
    createdAt: Iso,
    releasedAt: Iso.optional(),
  })
  .register(partnerApiRegistry, { id: 'Reservation' });
export const ReservationsResponse = z
  .object({ reservations: z.array(Reservation), nextCursor: z.string().optional() })
  .register(partnerApiRegistry, { id: 'ReservationsResponse' });

export const ExternalWallet = z
  .object({
    network: Network,
    address: z.string(),
    userId: z.string(),
    label: z.string().nullable(),
    createdAt: Iso,
  })
  .register(partnerApiRegistry, { id: 'ExternalWallet' });
export const ExternalWalletsResponse = z
  .object({ externalWallets: z.array(ExternalWallet), nextCursor: z.string().optional() })
  .register(partnerApiRegistry, { id: 'ExternalWalletsResponse' });

export const DepositRequestResponse = z
  .object({
    requestId: z.string(),
    userId: z.string(),
    network: Network,
    token: z.enum(TOKEN_SYMBOLS),
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
    token: z.enum(TOKEN_SYMBOLS),
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
      .describe(
        'REORGED: dropped by a reorg before finality. BELOW_MINIMUM: under the minimum deposit. INTAKE_ERROR: the gateway could not process it; held for review by the platform operator, not credited yet.',
      ),
    detectedAt: Iso,
    confirmedAt: Iso.optional(),
    sweepTxHash: z.string().optional().describe('The transaction that moved the funds to the MASTER wallet.'),
    collectedAt: Iso.optional(),
    settledAt: Iso.optional().describe('When the sweep was final: the funds are in the MASTER wallet.'),
    explorerUrl: z.string(),
  })
  .register(partnerApiRegistry, { id: 'Deposit' });
export const DepositsResponse = z
  .object({
    deposits: z.array(Deposit),
    nextCursor: z
      .string()
      .optional()
      .describe(
        'More to read: pass it as `cursor`. With a `status` or `userId` filter a page may be short, even empty, and still carry it; only a page without it is the end.',
      ),
  })
  .register(partnerApiRegistry, { id: 'DepositsResponse' });

export const DepositsQuery = z
  .strictObject({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: PageCursor.optional(),
    from: TimestampParam.optional().describe('Detected at or after this instant.'),
    to: TimestampParam.optional().describe('Detected at or before this instant.'),
    status: z.enum(DEPOSIT_STATUSES as [string, ...string[]]).optional(),
    userId: UserId.optional(),
    code: DepositCode.optional(),
    txHash: TxHashParam.optional(),
  })
  .refine(rangeIsOrdered, RANGE_ORDER_ISSUE);

export const RescanRequest = z
  .strictObject({ network: Network, txHash: z.string().max(66) })
  .refine((r) => (r.network === 'TRON' ? /^[0-9a-fA-F]{64}$/ : /^0x[0-9a-fA-F]{64}$/).test(r.txHash), {
    path: ['txHash'],
    message: 'A 0x-prefixed 32-byte hash (BSC, POLYGON) or a 64-hex TRON txID without 0x',
  })
  .register(partnerApiRegistry, { id: 'RescanRequest' });
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

export const WalletBalance = z.object({
  token: z.enum(TOKEN_SYMBOLS),
  amount: DecimalString.nullable().describe('On-chain balance; null when the chain could not be read.'),
});
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
  cursor: PageCursor.optional(),
});
export const WalletsQuery = ListQuery.extend({
  network: Network.optional(),
  kind: z.enum(['HOT', 'MASTER', 'POOL']).optional(),
});
