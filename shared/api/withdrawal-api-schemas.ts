import * as z from 'zod';
import { PageCursor } from './page-cursor';
import { NETWORK_CODES, TOKEN_SYMBOLS } from '../domain/chains/networks';
import { WITHDRAWAL_STATUSES } from '../domain/withdrawal/withdrawal';
import type { WithdrawalStatus } from '../domain/withdrawal/withdrawal';
import {
  CalendarDayParam,
  partnerApiRegistry,
  RANGE_ORDER_ISSUE,
  rangeIsOrdered,
  TimestampParam,
  TxHashParam,
} from './common-schemas';

/** Request schemas of the withdrawal endpoints (partner API and console). Unknown fields are refused. */
const Network = z.enum(NETWORK_CODES);
const Token = z.enum(TOKEN_SYMBOLS);
const Amount = z
  .string()
  .max(64)
  .regex(/^(MAX|(0|[1-9]\d*)(\.\d+)?)$/, 'A decimal string such as "100.25", or "MAX"');
const PartnerUserId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:@-]+$/, 'letters, digits and _ . : @ -');

export const WithdrawalRequestBody = z
  .strictObject({
    network: Network,
    token: Token,
    amount: Amount.describe(
      'Token units as a decimal string, or "MAX" (the available balance less the fee). At least the asset\'s minimum withdrawal (WITHDRAWAL_MIN_AMOUNT, default 1 USDT/USDC; per asset in `withdrawalMinimums` of GET /v1/partner); less, or a "MAX" that comes to less, is 400 VALIDATION_FAILED at `amount`.',
    ),
    address: z.string().min(1).max(128).optional(),
    whitelistEntryId: z.string().min(1).max(64).optional(),
    userId: PartnerUserId.optional(),
    reference: z.string().min(1).max(128).optional(),
  })
  .refine((b) => b.address !== undefined || b.whitelistEntryId !== undefined, {
    message: 'Give an address or a whitelistEntryId',
    path: ['address'],
  })
  .register(partnerApiRegistry, { id: 'WithdrawalRequest' });

export const ConsoleWithdrawalRequestBody = z.strictObject({
  network: Network,
  token: Token,
  amount: Amount,
  address: z.string().min(1).max(128).optional(),
  whitelistEntryId: z.string().min(1).max(64).optional(),
  userId: PartnerUserId.optional(),
  reference: z.string().min(1).max(128).optional(),
  otp: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});

/** A real calendar day (`2026-11-20`, the whole day) or a UTC instant; `2026-13-45` is refused. */
const DayOrTimestamp = z.union([CalendarDayParam, TimestampParam], {
  error: 'A real date (2026-11-20) or UTC timestamp (2026-11-20T09:00:00.000Z)',
});

/** Withdrawal codes: `W` + yymmdd + 8 base32 characters (shared/domain/withdrawal/withdrawal.ts). */
export const WithdrawalCode = z
  .string()
  .max(15)
  .regex(/^W\d{6}[0-9A-Z]{8}$/, 'A withdrawal code such as W261120Q4M7ZK2P');

export const WithdrawalCodeParams = z.strictObject({
  code: WithdrawalCode.describe('The withdrawal code, e.g. `W261120Q4M7ZK2P`.'),
});

export const WithdrawalsQuery = z
  .strictObject({
    from: DayOrTimestamp.optional().describe('Requested on or after this day or instant.'),
    to: DayOrTimestamp.optional().describe('Requested on or before this day (inclusive) or instant.'),
    status: z.enum(WITHDRAWAL_STATUSES as unknown as [WithdrawalStatus, ...WithdrawalStatus[]]).optional(),
    type: z.enum(['USER', 'API', 'MANUAL']).optional(),
    code: WithdrawalCode.optional(),
    txHash: TxHashParam.optional(),
    userId: PartnerUserId.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: PageCursor.optional(),
  })
  .refine(rangeIsOrdered, RANGE_ORDER_ISSUE);

/** GET /console/withdrawal-address-check: a destination the console is about to use. */
export const AddressCheckQuery = z.strictObject({
  network: Network,
  address: z.string().min(1).max(128),
});

export const OtpBody = z.strictObject({
  otp: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});
export const RejectBody = z.strictObject({
  reason: z.string().trim().min(3).max(500),
  otp: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});

export const WithdrawalSettingsBody = z.strictObject({
  addressMode: z.enum(['WHITELIST_ONLY', 'MANUAL_ADDRESS']),
  approval: z.strictObject({
    mode: z.enum(['AUTO', 'CONDITIONAL']),
    thresholdUsdt: z.string().regex(/^(0|[1-9]\d*)(\.\d{1,6})?$/, 'USDT amount, up to 6 decimals'),
  }),
  otp: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});

export const WhitelistEntryBody = z.strictObject({
  network: Network,
  address: z.string().min(1).max(128),
  label: z.string().trim().min(1).max(100),
  otp: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});

const Iso = z.string().describe('ISO-8601 timestamp (UTC)');
const StatusChange = z.object({
  status: z.enum(WITHDRAWAL_STATUSES as unknown as [WithdrawalStatus, ...WithdrawalStatus[]]),
  at: Iso,
  by: z.string().optional(),
});

/** A withdrawal on the wire (amounts are decimal strings in token units). */
export const Withdrawal = z
  .object({
    code: z.string().describe('Withdrawal code, e.g. W2611204K7QX2MZ'),
    type: z.enum(['USER', 'API', 'MANUAL']),
    network: Network,
    token: Token,
    asset: z.string(),
    amount: z.string(),
    fee: z.string(),
    total: z.string().describe('amount + fee: what is held, then debited'),
    address: z.string(),
    whitelistEntryId: z.string().optional(),
    userId: z.string().optional(),
    reference: z.string().optional(),
    status: z.enum(WITHDRAWAL_STATUSES as unknown as [WithdrawalStatus, ...WithdrawalStatus[]]),
    requiresApproval: z.boolean(),
    txHash: z.string().optional(),
    from: z.string().optional().describe('The MASTER address that sends it'),
    nonce: z.number().int().optional(),
    attempts: z
      .number()
      .int()
      .optional()
      .describe('Signed transactions (more than one: replaced with a higher fee)'),
    blockNumber: z.number().int().optional(),
    requestedBy: z.object({ kind: z.enum(['user', 'apiKey']), id: z.string() }),
    decidedBy: z.string().optional(),
    rejectReason: z.string().optional(),
    failureReason: z.string().optional(),
    createdAt: Iso,
    updatedAt: Iso,
    confirmedAt: Iso.optional(),
    history: z.array(StatusChange),
  })
  .register(partnerApiRegistry, { id: 'Withdrawal' });
export const WithdrawalResponse = z
  .object({ withdrawal: Withdrawal })
  .register(partnerApiRegistry, { id: 'WithdrawalResponse' });
export const WithdrawalsResponse = z
  .object({ withdrawals: z.array(Withdrawal), nextCursor: z.string().optional() })
  .register(partnerApiRegistry, { id: 'WithdrawalsResponse' });
export const WhitelistEntry = z
  .object({
    partnerId: z.string(),
    entryId: z.string(),
    network: Network,
    address: z.string(),
    label: z.string(),
    createdAt: Iso,
    usableAt: Iso.describe('End of the cooling period: the entry can be used from then on'),
    createdBy: z.string(),
  })
  .register(partnerApiRegistry, { id: 'WhitelistEntry' });
export const WhitelistResponse = z
  .object({ entries: z.array(WhitelistEntry) })
  .register(partnerApiRegistry, { id: 'WhitelistResponse' });
