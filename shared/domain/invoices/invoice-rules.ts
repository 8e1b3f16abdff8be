import { NATIVE_COINS } from '../chains/networks';
import type { NetworkCode } from '../chains/networks';
import { GatewayError, ValidationError } from '../errors';
import { parseAmount } from '../ledger/amount';
import type { GasInvoice, InvoiceLine, InvoiceStatus } from './gas-invoice';

/** What aggregation reads of a gas record (ports/gas-records.ts `GasRecord` has these fields). */
export interface BillableGasRecord {
  readonly network: NetworkCode;
  /** Native coin spent, smallest unit. */
  readonly nativeAmount: bigint;
  /** USD value with 6 places as the record stored it ("0.030000"); null when it had no price. */
  readonly usdValue: string | null;
  readonly priceStale?: boolean | undefined;
}

/** The running sums of one network (aggregation is a fold, so a month can be read page by page). */
export type InvoiceAggregate = ReadonlyMap<NetworkCode, InvoiceLine>;

export const EMPTY_AGGREGATE: InvoiceAggregate = new Map();

/** The stored USD value in micro-dollars, exactly (no floats). */
export function usdMicrosOf(usdValue: string): bigint {
  return parseAmount(usdValue, 6, { allowZero: true, field: 'usdValue' });
}

/** Adds records to the running per-network sums; pure, order-independent. */
export function addToAggregate(
  aggregate: InvoiceAggregate,
  records: readonly BillableGasRecord[],
): InvoiceAggregate {
  const out = new Map(aggregate);
  for (const r of records) {
    const coin = NATIVE_COINS[r.network];
    const line: InvoiceLine = out.get(r.network) ?? {
      network: r.network,
      nativeSymbol: coin.symbol,
      nativeDecimals: coin.decimals,
      transactions: 0,
      nativeAmount: 0n,
      usdMicros: 0n,
      withoutPrice: 0,
      stalePrice: 0,
    };
    out.set(r.network, {
      ...line,
      transactions: line.transactions + 1,
      nativeAmount: line.nativeAmount + r.nativeAmount,
      usdMicros: line.usdMicros + (r.usdValue === null ? 0n : usdMicrosOf(r.usdValue)),
      withoutPrice: line.withoutPrice + (r.usdValue === null ? 1 : 0),
      stalePrice: line.stalePrice + (r.usdValue !== null && r.priceStale === true ? 1 : 0),
    });
  }
  return out;
}

/** The invoice lines (sorted by network code), the total and the record count of an aggregate. */
export function invoiceLines(aggregate: InvoiceAggregate): {
  lines: InvoiceLine[];
  totalUsdMicros: bigint;
  recordCount: number;
} {
  const lines = [...aggregate.values()].sort((a, b) =>
    a.network < b.network ? -1 : a.network > b.network ? 1 : 0,
  );
  return {
    lines,
    totalUsdMicros: lines.reduce((s, l) => s + l.usdMicros, 0n),
    recordCount: lines.reduce((s, l) => s + l.transactions, 0),
  };
}

/** A month's records as invoice lines in one call. */
export function aggregateGasRecords(records: readonly BillableGasRecord[]) {
  return invoiceLines(addToAggregate(EMPTY_AGGREGATE, records));
}

// ── numbering ─────────────────────────────────────────────────────────────────────────────────────
const NUMBER = /^([A-Z]{2,8})-(\d{6,})$/;

/** `GAS-000042`: the issuer's prefix and its sequence, at least 6 digits. */
export function invoiceNumber(prefix: string, sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`Bad sequence ${sequence}`);
  return `${prefix}-${String(sequence).padStart(6, '0')}`;
}

export function isInvoiceNumber(text: string): boolean {
  return NUMBER.test(text);
}

/** The sequence of an invoice number (numbers sort by it, not by their text). */
export function invoiceSequence(number: string): number {
  const m = NUMBER.exec(number);
  if (!m)
    throw new ValidationError('Invalid invoice number', [{ path: 'number', message: 'e.g. GAS-000042' }]);
  return Number(m[2]);
}

/** First and last day (`YYYY-MM-DD`) of a `YYYY-MM` month, UTC. */
export function monthPeriod(month: string): { periodFrom: string; periodTo: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return {
    periodFrom: `${month}-01`,
    periodTo: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10),
  };
}

/** The month before the one `now` is in (`YYYY-MM`): what the job on the 1st invoices. */
export function previousMonth(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

// ── status ────────────────────────────────────────────────────────────────────────────────────────
export type InvoiceEvent = 'ISSUE' | 'PAY' | 'VOID';

/** The table of gas-invoice.ts as code: every status write is conditioned on the `from` of its row. */
const TRANSITIONS: Readonly<Record<InvoiceStatus, Partial<Record<InvoiceEvent, InvoiceStatus>>>> = {
  DRAFT: { ISSUE: 'ISSUED', VOID: 'VOID' },
  ISSUED: { PAY: 'PAID', VOID: 'VOID' },
  PAID: {},
  VOID: {},
};

/** The status after `event`, or ILLEGAL_TRANSITION (409) — never a silent overwrite. */
export function nextInvoiceStatus(from: InvoiceStatus, event: InvoiceEvent): InvoiceStatus {
  const to = TRANSITIONS[from][event];
  if (!to)
    throw new GatewayError('ILLEGAL_TRANSITION', `An invoice cannot ${event} from ${from}`, {
      details: { from, event },
    });
  return to;
}

const MAX_REASON = 500;

/** A void or credit reason: required, trimmed, at most 500 characters. */
export function requireReason(reason: string | undefined, field = 'reason'): string {
  const text = (reason ?? '').trim();
  if (text.length === 0 || text.length > MAX_REASON)
    throw new ValidationError('A reason is required', [
      { path: field, message: `1…${MAX_REASON} characters` },
    ]);
  return text;
}

// ── credit notes ──────────────────────────────────────────────────────────────────────────────────
/**
 * What a new credit note on `invoice` may be: the invoice is an ISSUED or PAID invoice (not a credit
 * note), the amount is > 0 and at most the invoice total less its earlier (not voided) credit notes,
 * and a reason is given. Returns the checked amount and reason; refuses with 4xx otherwise.
 */
export function checkCreditNote(
  invoice: GasInvoice,
  earlierCreditNotes: readonly GasInvoice[],
  amountUsdMicros: bigint,
  reason: string | undefined,
): { amountUsdMicros: bigint; reason: string } {
  const why = requireReason(reason);
  if (invoice.kind !== 'INVOICE')
    throw new ValidationError('A credit note corrects an invoice', [
      { path: 'number', message: `${invoice.number} is a credit note` },
    ]);
  if (invoice.status !== 'ISSUED' && invoice.status !== 'PAID')
    throw new GatewayError('ILLEGAL_TRANSITION', `Cannot credit a ${invoice.status} invoice`, {
      details: { from: invoice.status, event: 'CREDIT' },
    });
  if (amountUsdMicros <= 0n)
    throw new ValidationError('Invalid amount', [{ path: 'amount', message: 'Must be greater than zero' }]);
  const credited = creditedMicros(invoice, earlierCreditNotes);
  const open = invoice.totalUsdMicros - credited;
  if (amountUsdMicros > open)
    throw new ValidationError('Credit exceeds the invoice', [
      { path: 'amount', message: `At most ${formatMicros(open)} USD remains to credit` },
    ]);
  return { amountUsdMicros, reason: why };
}

/** The USD already credited on an invoice by its credit notes (voided ones do not count). */
export function creditedMicros(invoice: GasInvoice, creditNotes: readonly GasInvoice[]): bigint {
  return creditNotes
    .filter((c) => c.kind === 'CREDIT_NOTE' && c.creditFor === invoice.number && c.status !== 'VOID')
    .reduce((s, c) => s + c.totalUsdMicros, 0n);
}

function formatMicros(micros: bigint): string {
  const whole = micros / 1_000_000n;
  const frac = (micros % 1_000_000n).toString().padStart(6, '0');
  return `${whole}.${frac}`;
}

/**
 * What paying `micros` USD from a stablecoin of `decimals` costs in its minor units, exactly: a USD
 * micro is 10^(decimals−6) units (USDT@BSC, 18 decimals: 10^12); a 6-decimal coin is 1:1.
 */
export function usdMicrosToAsset(micros: bigint, decimals: number): bigint {
  if (decimals >= 6) return micros * 10n ** BigInt(decimals - 6);
  const divisor = 10n ** BigInt(6 - decimals);
  // Round up: the partner pays at least the invoice (no asset here has fewer than 6 decimals).
  return (micros + divisor - 1n) / divisor;
}
