import * as z from 'zod';
import { NETWORK_CODES, TOKEN_DECIMALS, TOKEN_SYMBOLS } from '../domain/chains/networks';
import { percentToPpm } from '../domain/deposit/fees';
import { PARTNER_CODE_PATTERN } from '../domain/partner/partner';
import { PageCursor } from './page-cursor';
import { partnerApiRegistry } from './common-schemas';

/**
 * The sub-partner endpoints' wire schemas (issue 16, ADR 0031): the use-cases in
 * shared/app/partners/sub-partners.ts parse with these very schemas, and the OpenAPI document is
 * generated from them. Rates are percent decimal strings ("1.2" = 1.2 %, at most 4 decimals).
 */
export const PercentRate = z
  .string()
  .max(8)
  .refine((s) => {
    try {
      percentToPpm(s);
      return true;
    } catch {
      return false;
    }
  }, 'A percentage such as "1.2" (at most 4 decimals, at most 100)')
  .describe('A rate in percent as a decimal string: "1.2" is 1.2 %. At most 4 decimals.');

const Name = z.string().trim().min(1).max(120);
const Code = z.string().regex(PARTNER_CODE_PATTERN, 'Use 3-32 of A-Z, 0-9, _ and -');
const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((e) => e.toLowerCase());

export const ChainActivationSchema = z
  .strictObject({
    network: z.enum(NETWORK_CODES),
    tokens: z.array(z.enum(TOKEN_SYMBOLS)).min(1).max(TOKEN_SYMBOLS.length),
  })
  .register(partnerApiRegistry, { id: 'ChainActivation' });

const Chains = z
  .array(ChainActivationSchema)
  .max(NETWORK_CODES.length)
  .default([])
  .superRefine((chains, ctx) => {
    const seen = new Set<string>();
    chains.forEach((c, i) => {
      if (seen.has(c.network))
        ctx.addIssue({ code: 'custom', path: [i, 'network'], message: 'Listed twice' });
      seen.add(c.network);
      c.tokens.forEach((t, j) => {
        if (TOKEN_DECIMALS[c.network][t] === undefined)
          ctx.addIssue({ code: 'custom', path: [i, 'tokens', j], message: `${t} is not on ${c.network}` });
      });
    });
  })
  .describe('Chains to activate (networks and tokens).');

const registerFields = {
  name: Name,
  email: Email.describe(
    "Sign-in email of the new partner's OWNER console user (2FA off until they set it up).",
  ),
  password: z
    .string()
    .max(1024)
    .describe('Initial password (8+ characters, a letter, a digit and a special character).'),
  code: Code.optional().describe('Human code; generated when absent.'),
  chains: Chains,
};

const MerchantFees = z.strictObject({ depositFeeRate: PercentRate });
const DistributorFees = z.strictObject({ parentFeeRate: PercentRate, maxFeeCap: PercentRate });

export const RegisterSubPartnerBody = z
  .strictObject({
    type: z.enum(['MERCHANT', 'DISTRIBUTOR']),
    ...registerFields,
    fees: z
      .union([MerchantFees, DistributorFees])
      .describe('MERCHANT: { depositFeeRate }. DISTRIBUTOR: { parentFeeRate, maxFeeCap }.'),
  })
  .superRefine((body, ctx) => {
    const merchant = 'depositFeeRate' in body.fees;
    if (merchant !== (body.type === 'MERCHANT'))
      ctx.addIssue({
        code: 'custom',
        path: ['fees'],
        message:
          body.type === 'MERCHANT'
            ? 'A merchant has { depositFeeRate }'
            : 'A distributor has { parentFeeRate, maxFeeCap }',
      });
  })
  .register(partnerApiRegistry, { id: 'RegisterSubPartnerRequest' });

export const UpdateSubPartnerBody = z
  .strictObject({
    name: Name.optional(),
    fees: z
      .strictObject({
        depositFeeRate: PercentRate.optional(),
        parentFeeRate: PercentRate.optional(),
        maxFeeCap: PercentRate.optional(),
      })
      .optional()
      .describe('MERCHANT: depositFeeRate. DISTRIBUTOR: parentFeeRate and/or maxFeeCap.'),
  })
  .refine((v) => v.name !== undefined || v.fees !== undefined, 'Nothing to change: pass name or fees')
  .register(partnerApiRegistry, { id: 'UpdateSubPartnerRequest' });

export const SuspendSubPartnerBody = z
  .strictObject({ reason: z.string().trim().min(1).max(500) })
  .register(partnerApiRegistry, { id: 'SuspendSubPartnerRequest' });
export const ReinstateSubPartnerBody = z
  .strictObject({ reason: z.string().trim().min(1).max(500).optional() })
  .register(partnerApiRegistry, { id: 'ReinstateSubPartnerRequest' });

export const SubPartnersQuery = z.strictObject({
  status: z.enum(['ACTIVE', 'SUSPENDED']).optional(),
  type: z.enum(['MERCHANT', 'DISTRIBUTOR']).optional(),
  q: z.string().trim().min(1).max(64).optional().describe('Part of the code (any case) or of the name.'),
  cursor: PageCursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const SubPartnerCodeParams = z.object({
  code: z.string().min(1).max(64).describe('The sub-partner code'),
});
