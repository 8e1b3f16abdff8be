import * as z from 'zod';

/**
 * The scalars and the component registry every part of the partner API contract shares. Their own
 * module so a function that parses only deposit or withdrawal input does not bundle the whole contract
 * (`partner-api-schemas.ts` re-exports them; docs/adr/0025-lambda-bundles.md).
 */

/**
 * Schemas that get a name under `components.schemas` of the OpenAPI document. Field descriptions use
 * `.describe()` (zod's global registry), which `z.toJSONSchema` reads as well.
 */
export const partnerApiRegistry = z.registry<{ id: string }>();

/** Non-negative decimal amount: no sign, no exponent, no leading zeros, at most 18 fraction digits. */
export const DECIMAL_STRING_PATTERN = /^(0|[1-9][0-9]*)(\.[0-9]{1,18})?$/;

export const DecimalString = z
  .string()
  .regex(DECIMAL_STRING_PATTERN, 'must be a decimal string such as "1000.50"')
  .describe('A non-negative decimal amount as a string, e.g. "1000.50". Never a JSON number.')
  .register(partnerApiRegistry, { id: 'DecimalString' });
export type DecimalString = z.infer<typeof DecimalString>;

/** A real UTC instant (calendar-checked: `2026-02-30T…` is refused), e.g. "2026-11-20T09:00:00.000Z". */
export const TimestampParam = z.iso.datetime().max(30);

/** A real calendar day `YYYY-MM-DD` (`2026-13-45` and `2026-02-30` are refused). */
export const CalendarDayParam = z.iso.date().max(10);

/** `from` must not be after `to`; a date-only `to` means the end of that day. */
export function rangeIsOrdered(q: { from?: string | undefined; to?: string | undefined }): boolean {
  if (!q.from || !q.to) return true;
  const to = q.to.length === 10 ? `${q.to}T23:59:59.999Z` : q.to;
  return Date.parse(q.from) <= Date.parse(to);
}
export const RANGE_ORDER_ISSUE = { message: 'from must not be after to', path: ['from'] };

/** A transaction hash: `0x` + 64 hex on BSC and Polygon, or a TRON transaction id (64 hex, no `0x`). */
export const TxHashParam = z
  .string()
  .max(66)
  .regex(
    /^(0x)?[0-9a-fA-F]{64}$/,
    'A 0x-prefixed 32-byte hash (BSC, POLYGON) or a 64-hex TRON txID without 0x',
  );

/**
 * Every token+network pair the gateway supports, spelled out for the OpenAPI enum (the ledger's assets,
 * built from `shared/domain/chains/networks.ts`, are the source; a test keeps them equal).
 */
export const SUPPORTED_ASSETS = [
  'USDT@BSC',
  'USDC@BSC',
  'USDT@POLYGON',
  'USDC@POLYGON',
  'USDT@TRON',
] as const;
