import * as z from 'zod';
import { NETWORK_CODES } from '../domain/chains/networks';
import { CalendarDayParam, DecimalString, partnerApiRegistry } from './common-schemas';

const IsoTimestamp = z.iso.datetime().describe('ISO 8601 UTC timestamp, e.g. "2026-01-01T00:00:00.000Z".');
import { PageCursor } from './page-cursor';

/**
 * The gas records contract (`GET /v1/gas-records`, and the console's `/console/gas-records`): every
 * on-chain action the gateway paid gas for on the partner's behalf (seed 000 §8.1).
 */
export const GAS_RECORD_TYPES = ['TOPUP', 'APPROVE', 'SWEEP', 'RETURN', 'WITHDRAWAL'] as const;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Query string of the gas records list; the use-case parses with this very schema. */
export const GasRecordsQuery = z
  .strictObject({
    month: z
      .string()
      .max(7)
      .regex(MONTH, 'Use YYYY-MM')
      .optional()
      .describe('A UTC calendar month, e.g. `2026-11` (the default is the current month). Not with from/to.'),
    from: CalendarDayParam.optional().describe('First UTC day (YYYY-MM-DD), with `to`.'),
    to: CalendarDayParam.optional().describe(
      'Last UTC day (YYYY-MM-DD), inclusive; at most 366 days after `from`.',
    ),
    network: z.enum(NETWORK_CODES).optional().describe('Only this network.'),
    type: z.enum(GAS_RECORD_TYPES).optional().describe('Only this kind of action.'),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(200)
      .default(50)
      .describe('Records per page (1-200, default 50).'),
    cursor: PageCursor.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.month && (q.from || q.to))
      ctx.addIssue({ code: 'custom', path: ['month'], message: 'Use month or from/to, not both' });
    if (!q.month && (q.from === undefined) !== (q.to === undefined))
      ctx.addIssue({ code: 'custom', path: [q.from ? 'to' : 'from'], message: 'Give both from and to' });
    if (q.from && q.to) {
      const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000;
      if (days < 0) ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must not be after to' });
      else if (days > 365) ctx.addIssue({ code: 'custom', path: ['to'], message: 'At most 366 days' });
    }
  });
export type GasRecordsQuery = z.infer<typeof GasRecordsQuery>;

export const GasRecordView = z
  .object({
    network: z.enum(NETWORK_CODES),
    type: z.enum(GAS_RECORD_TYPES),
    txHash: z.string(),
    explorerUrl: z.string().describe('The transaction on the network’s block explorer.'),
    reference: z
      .string()
      .nullable()
      .describe(
        'What the action paid for: the withdrawal code (a withdrawal, or a MASTER top-up for a waiting withdrawal), or for a sweep the code of the first deposit it collected.',
      ),
    deposits: z
      .array(z.string())
      .describe('SWEEP: the codes of every deposit the sweep collected; empty for other actions.'),
    address: z.string().describe('The address the action served (deposit address, or the paying MASTER).'),
    token: z.string(),
    gasUsed: z.string().describe('Gas units (energy on TRON).'),
    gasPrice: z.string().describe('Price per gas unit in the native coin’s smallest unit (wei, sun).'),
    nativeAmount: DecimalString.describe('What it cost, in the native coin (BNB, POL, TRX).'),
    nativeSymbol: z.string(),
    usdValue: DecimalString.nullable().describe(
      'The cost in USD at the coin price of the time; null without one.',
    ),
    usdPrice: DecimalString.nullable().describe('USD per coin that usdValue used; null without a price.'),
    priceSource: z
      .enum(['FEED', 'CONFIGURED'])
      .nullable()
      .describe('FEED: the coin price feed’s price kept at the time; CONFIGURED: a fixed configured price.'),
    priceAt: IsoTimestamp.nullable().describe('When the feed priced the coin.'),
    priceStale: z
      .boolean()
      .describe('The feed’s price was older than the configured maximum age when the record was made.'),
    success: z.boolean(),
    at: IsoTimestamp,
  })
  .register(partnerApiRegistry, { id: 'GasRecord' });
export type GasRecordView = z.infer<typeof GasRecordView>;

export const GasTotalView = z
  .object({
    network: z.enum(NETWORK_CODES),
    nativeSymbol: z.string(),
    count: z.number().int(),
    nativeAmount: DecimalString,
    usdValue: DecimalString.describe('USD total of the records that had a price.'),
    withoutPrice: z.number().int().describe('Records left out of the USD total for want of a price.'),
  })
  .register(partnerApiRegistry, { id: 'GasTotal' });

export const GasRecordsResponse = z
  .object({
    from: CalendarDayParam.describe('First UTC day of the filter.'),
    to: CalendarDayParam.describe('Last UTC day of the filter, inclusive.'),
    records: z.array(GasRecordView).describe('Newest first.'),
    nextCursor: z
      .string()
      .optional()
      .describe(
        'Present when more records may follow. A page filtered by network or type reads a bounded number of times, so it may be short and still carry nextCursor; only a page without it is the end.',
      ),
    totals: z
      .array(GasTotalView)
      .describe('Per network over the whole filter (every page), from daily totals kept with the records.'),
  })
  .register(partnerApiRegistry, { id: 'GasRecordsResponse' });
export type GasRecordsResponse = z.infer<typeof GasRecordsResponse>;
