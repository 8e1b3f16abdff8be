import { z } from 'zod';
import { WITHDRAWAL_STATUSES } from '../domain/withdrawal/withdrawal';
import type { WithdrawalStatus } from '../domain/withdrawal/withdrawal';

/** Request schemas of the withdrawal endpoints (partner API and console). Unknown fields are refused. */
const Network = z.enum(['BSC', 'POLYGON', 'TRON']);
const Token = z.enum(['USDT', 'USDC']);
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
    amount: Amount,
    address: z.string().min(1).max(128).optional(),
    whitelistEntryId: z.string().min(1).max(64).optional(),
    userId: PartnerUserId.optional(),
    reference: z.string().min(1).max(128).optional(),
  })
  .refine((b) => b.address !== undefined || b.whitelistEntryId !== undefined, {
    message: 'Give an address or a whitelistEntryId',
    path: ['address'],
  });

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

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/, 'An ISO date (2026-11-20) or timestamp');

export const WithdrawalsQuery = z.strictObject({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  status: z.enum(WITHDRAWAL_STATUSES as unknown as [WithdrawalStatus, ...WithdrawalStatus[]]).optional(),
  type: z.enum(['USER', 'API', 'MANUAL']).optional(),
  code: z
    .string()
    .regex(/^W[0-9A-Z]{14}$/)
    .optional(),
  txHash: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/)
    .optional(),
  userId: PartnerUserId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
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
