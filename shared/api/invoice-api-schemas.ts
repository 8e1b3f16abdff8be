import * as z from 'zod';
import { NETWORK_CODES } from '../domain/chains/networks';
import { STABLECOIN_ASSETS } from '../domain/ledger/asset';
import { DecimalString, partnerApiRegistry } from './common-schemas';
import { PageCursor } from './page-cursor';

/**
 * The gas invoice contract (`/v1/invoices`, and the console's `/console/invoices`): monthly invoices of
 * the gas the gateway paid on the partner's behalf, their credit notes, and paying one from a balance
 * (ADR 0033). USD amounts are decimal strings with at most 6 places.
 */
export const INVOICE_STATUSES = ['DRAFT', 'ISSUED', 'PAID', 'VOID'] as const;
export const INVOICE_NUMBER_PATTERN = /^[A-Z]{2,8}-\d{6,12}$/;
const IsoTimestamp = z.iso.datetime();

/** `{number}` of GET: the invoice number, optionally with `.pdf` or `.csv` (its documents). */
export const InvoiceNumberParams = z.strictObject({
  number: z
    .string()
    .max(32)
    .regex(/^[A-Z]{2,8}-\d{6,12}(\.(pdf|csv))?$/, 'e.g. GAS-000042, GAS-000042.pdf')
    .describe('The invoice number, e.g. `GAS-000042`; `GAS-000042.pdf` or `.csv` redirects to the document.'),
});

/** `{number}` of POST …/pay: the invoice number only. */
export const InvoicePayParams = z.strictObject({
  number: z.string().max(32).regex(INVOICE_NUMBER_PATTERN, 'e.g. GAS-000042').describe('The invoice number.'),
});

/** Splits `GAS-000042.pdf` into the number and the document format. */
export function invoicePathNumber(raw: string): { number: string; format?: 'pdf' | 'csv' } {
  const m = /^(.*)\.(pdf|csv)$/.exec(raw);
  return m ? { number: m[1]!, format: m[2] as 'pdf' | 'csv' } : { number: raw };
}

export const InvoicesQuery = z.strictObject({
  status: z.enum(INVOICE_STATUSES).optional().describe('Only invoices (and credit notes) in this status.'),
  year: z
    .string()
    .max(4)
    .regex(/^\d{4}$/, 'Use YYYY')
    .optional()
    .describe('Only invoices whose billed month is in this year, e.g. `2026`.'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .describe('Invoices per page (1-100, default 20).'),
  cursor: PageCursor.optional(),
});
export type InvoicesQuery = z.infer<typeof InvoicesQuery>;

const STABLECOIN_CODES = STABLECOIN_ASSETS.map((a) => a.code) as [string, ...string[]];

export const InvoicePayBody = z
  .strictObject({
    asset: z
      .enum(STABLECOIN_CODES)
      .describe('The USD stablecoin balance to pay from, e.g. `USDT@TRON` (any network; 1 token = 1 USD).'),
  })
  .register(partnerApiRegistry, { id: 'InvoicePayRequest' });

/** The console's pay body: the asset and a fresh OTP (action `invoice.pay`). */
export const ConsoleInvoicePayBody = z.strictObject({
  asset: z.enum(STABLECOIN_CODES),
  otp: z.string().max(16).optional(),
});

const Party = z.object({ code: z.string(), name: z.string() });

export const InvoiceLineView = z
  .object({
    network: z.enum(NETWORK_CODES),
    nativeSymbol: z.string(),
    transactions: z.number().int().describe('Gas records (transactions) on this network in the month.'),
    nativeAmount: DecimalString.describe('Native coin spent (BNB, POL, TRX).'),
    usdTotal: DecimalString.describe('Sum of the records’ USD values (at the price each record stored).'),
    withoutPrice: z.number().int().describe('Records without a USD price (valued at 0, and said so).'),
    stalePrice: z.number().int().describe('Records valued at a price older than the configured maximum age.'),
  })
  .register(partnerApiRegistry, { id: 'InvoiceLine' });

export const InvoiceView = z
  .object({
    number: z.string().describe('Gapless per issuer, e.g. `GAS-000042`.'),
    kind: z.enum(['INVOICE', 'CREDIT_NOTE']),
    creditFor: z.string().nullable().describe('A credit note: the invoice it corrects.'),
    status: z.enum(INVOICE_STATUSES),
    month: z.string().describe('The billed month, `YYYY-MM` (UTC).'),
    periodFrom: z.string(),
    periodTo: z.string(),
    issuer: Party,
    recipient: Party,
    lines: z.array(InvoiceLineView).describe('One per network, sorted by network code.'),
    totalUsd: DecimalString.describe('Sum of the lines (a credit note: the credited amount).'),
    recordCount: z.number().int(),
    createdAt: IsoTimestamp,
    issuedAt: IsoTimestamp.nullable(),
    paidAt: IsoTimestamp.nullable(),
    voidedAt: IsoTimestamp.nullable(),
    voidReason: z.string().nullable(),
    creditReason: z.string().nullable(),
    payment: z
      .object({
        method: z.enum(['BALANCE', 'EXTERNAL']),
        asset: z.string().nullable(),
        amount: DecimalString.nullable(),
        reference: z.string().nullable(),
      })
      .nullable(),
    documentsAvailable: z
      .boolean()
      .describe('Whether the PDF and CSV can be downloaded (`{number}.pdf|.csv`).'),
  })
  .register(partnerApiRegistry, { id: 'Invoice' });

export const InvoiceDetail = InvoiceView.extend({
  creditNotes: z.array(InvoiceView).describe('Credit notes that name this invoice, oldest first.'),
  creditedUsd: DecimalString,
  dueUsd: DecimalString.describe('What is left to pay: the total less credit notes while ISSUED, else 0.'),
}).register(partnerApiRegistry, { id: 'InvoiceDetail' });

export const InvoicesResponse = z
  .object({
    items: z.array(InvoiceView).describe('Newest number first.'),
    nextCursor: z.string().optional().describe('Present when more invoices may follow.'),
  })
  .register(partnerApiRegistry, { id: 'InvoicesResponse' });

export const InvoiceResponse = z
  .object({ invoice: InvoiceDetail })
  .register(partnerApiRegistry, { id: 'InvoiceResponse' });
