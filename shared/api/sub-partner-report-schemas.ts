import * as z from 'zod';
import {
  CalendarDayParam,
  partnerApiRegistry,
  RANGE_ORDER_ISSUE,
  rangeIsOrdered,
  SUPPORTED_ASSETS,
} from './common-schemas';
import { BalanceFlowsQuery } from './partner-api-schemas';

/**
 * The money reads of the sub-partner network (issue 16, ADR 0032): activity, summary, revenue and the
 * caller's own fees. Rates are percent decimal strings ("1.2" = 1.2 %); amounts are decimal strings in
 * token units with their asset, like the rest of the API. Unknown query fields are refused.
 */
export const Period = z
  .enum(['today', 'week', 'month'])
  .describe('UTC: today since 00:00, week since Monday 00:00, month since the 1st 00:00.');

export const SubPartnerCodeParams = z.strictObject({
  code: z.string().min(1).max(64).describe('The sub-partner code (anywhere in your subtree).'),
});

export const SummaryQuery = z.strictObject({ period: Period.default('today') });

export const ActivityQuery = z.strictObject({
  period: Period.default('today'),
  sort: z
    .enum(['depositAmount', 'depositCount', 'withdrawalAmount', 'revenue'])
    .default('depositAmount')
    .describe('Amounts of several assets compare by their USD sum (stablecoins 1:1).'),
  order: z.enum(['desc', 'asc']).default('desc'),
});

export const RevenueQuery = z
  .strictObject({
    period: Period.optional(),
    from: CalendarDayParam.optional().describe('First UTC day (YYYY-MM-DD), with `to`.'),
    to: CalendarDayParam.optional().describe(
      'Last UTC day (YYYY-MM-DD, included), with `from`; at most 366 days.',
    ),
  })
  .refine((q) => (q.from === undefined) === (q.to === undefined), {
    message: 'from and to go together',
    path: ['to'],
  })
  .refine((q) => !(q.period && q.from), { message: 'Either period or from/to', path: ['period'] })
  .transform((q) =>
    q.from && q.to ? { from: q.from, to: q.to } : { period: q.period ?? ('month' as const) },
  );

/** GET /v1/sub-partners/{code}/flows: the asset and the query of GET /v1/balances/{asset}/flows. */
export const SubPartnerFlowsQuery = z
  .strictObject({
    asset: z.enum(SUPPORTED_ASSETS).describe('Token and network, e.g. `USDT@BSC`.'),
    ...BalanceFlowsQuery.shape,
  })
  .refine(rangeIsOrdered, RANGE_ORDER_ISSUE);

const Iso = z.string().describe('ISO 8601, UTC.');
export const AssetAmount = z
  .object({
    asset: z.string().describe('`TOKEN@NETWORK`.'),
    amount: z.string().describe('Token units, decimal string.'),
  })
  .register(partnerApiRegistry, { id: 'AssetAmount' });
const Moves = z.object({
  count: z.number().int(),
  amounts: z.array(AssetAmount).describe('Per asset; assets without any are left out.'),
});
const Figures = {
  deposits: Moves.describe('Deposits received in the subtree (not FAILED), by detection day.'),
  withdrawals: Moves.describe('Withdrawals going out of the subtree (held, not refused), by request day.'),
  revenue: z
    .array(AssetAmount)
    .describe('What YOU earned from that subtree (your fee share of its deposits credited), per asset.'),
};

export const SubPartnerSummaryResponse = z
  .object({
    summary: z.object({ period: Period, from: Iso, to: Iso, ...Figures }),
  })
  .register(partnerApiRegistry, { id: 'SubPartnerSummaryResponse' });

export const SubPartnerActivityResponse = z
  .object({
    period: Period,
    from: Iso,
    to: Iso,
    items: z
      .array(
        z.object({
          code: z.string(),
          name: z.string(),
          type: z.enum(['MERCHANT', 'DISTRIBUTOR']),
          status: z.enum(['ACTIVE', 'SUSPENDED']),
          ...Figures,
        }),
      )
      .describe('One row per direct sub-partner, each covering its whole subtree.'),
  })
  .register(partnerApiRegistry, { id: 'SubPartnerActivityResponse' });

export const RevenueResponse = z
  .object({
    from: Iso,
    to: Iso,
    totals: z
      .array(AssetAmount)
      .describe('What your revenue account was credited for deposits of the period.'),
    bySubPartner: z
      .array(z.object({ code: z.string(), name: z.string(), amounts: z.array(AssetAmount) }))
      .describe('Per direct sub-partner: the subtree the revenue came from.'),
  })
  .register(partnerApiRegistry, { id: 'RevenueResponse' });

const Rate = z.string().describe('Percent, decimal string ("1.2" = 1.2 %).');
export const FeesResponse = z
  .object({
    type: z.enum(['PLATFORM', 'DISTRIBUTOR', 'MERCHANT']),
    depth: z
      .number()
      .int()
      .describe('Your level in the network: the platform 0, its direct sub-partners 1, …'),
    canRegister: z
      .array(z.enum(['MERCHANT', 'DISTRIBUTOR']))
      .describe(
        'The sub-partner types you may register: none for a merchant, merchants only for a distributor at the deepest level (5).',
      ),
    fees: z.object({
      depositFeeRate: Rate.optional().describe('MERCHANT: what its deposits pay.'),
      parentFeeRate: Rate.optional().describe(
        'DISTRIBUTOR: what it pays its parent on every deposit below it.',
      ),
      maxFeeCap: Rate.optional().describe('DISTRIBUTOR: the highest rate its merchants may charge.'),
      minFeeRate: Rate.describe(
        'The floor: a distributor its parent’s floor plus its parentFeeRate; a merchant its distributor’s floor; the platform its base.',
      ),
    }),
    revenueThisMonth: z.array(AssetAmount).describe('What you earned this month (UTC), per asset.'),
  })
  .register(partnerApiRegistry, { id: 'FeesResponse' });

export type SubPartnerSummaryResponse = z.infer<typeof SubPartnerSummaryResponse>;
export type SubPartnerActivityResponse = z.infer<typeof SubPartnerActivityResponse>;
export type RevenueResponse = z.infer<typeof RevenueResponse>;
export type FeesResponse = z.infer<typeof FeesResponse>;
