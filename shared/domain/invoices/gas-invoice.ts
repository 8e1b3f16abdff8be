import type { NetworkCode } from '../chains/networks';

/**
 * A monthly gas invoice (seed 000 §8.2): the previous month's gas records of one partner, summed per
 * network, valued in USD at the price each record stored. Numbers are sequential and gapless per
 * issuer. An issued invoice never changes; a correction is a credit note (`kind: 'CREDIT_NOTE'`) that
 * names the invoice it corrects.
 *
 * | from   | to     | when                                                   |
 * |--------|--------|--------------------------------------------------------|
 * | DRAFT  | ISSUED | the monthly job (or an operator) issues it             |
 * | DRAFT  | VOID   | an operator voids a draft (reason required)            |
 * | ISSUED | PAID   | settled from the partner's balance, or marked paid     |
 * | ISSUED | VOID   | an operator voids it (reason required)                 |
 */
export type InvoiceStatus = 'DRAFT' | 'ISSUED' | 'PAID' | 'VOID';
export type InvoiceKind = 'INVOICE' | 'CREDIT_NOTE';

/** One network's part of an invoice. */
export interface InvoiceLine {
  readonly network: NetworkCode;
  /** BNB, POL, TRX. */
  readonly nativeSymbol: string;
  readonly nativeDecimals: number;
  /** Gas records (transactions) on this network in the period. */
  readonly transactions: number;
  /** Native coin spent, smallest unit (wei, sun). */
  readonly nativeAmount: bigint;
  /** USD value in micro-dollars (6 places): the sum of the records' stored USD values. */
  readonly usdMicros: bigint;
  /** Records with no USD price (valued at zero, and said so). */
  readonly withoutPrice: number;
  /** Records whose stored price was older than the configured maximum age when used. */
  readonly stalePrice: number;
}

/** Who issues the invoice (the platform operator) and who receives it (the partner). */
export interface InvoiceParty {
  readonly partnerId: string;
  readonly code: string;
  readonly name: string;
}

export interface GasInvoice {
  /** e.g. `GAS-000042`: the issuer's prefix and its gapless sequence. */
  readonly number: string;
  readonly kind: InvoiceKind;
  /** For a credit note: the number of the invoice it corrects. */
  readonly creditFor?: string;
  readonly issuer: InvoiceParty;
  readonly recipient: InvoiceParty;
  /** The billed month, `YYYY-MM` (UTC), and its first and last day (`YYYY-MM-DD`). */
  readonly month: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  /** Sorted by network code. */
  readonly lines: readonly InvoiceLine[];
  /** Sum of the lines' usdMicros. */
  readonly totalUsdMicros: bigint;
  readonly recordCount: number;
  readonly status: InvoiceStatus;
  readonly createdAt: string;
  readonly issuedAt?: string;
  readonly paidAt?: string;
  /** How it was paid: from the partner's balance (the ledger entry `invoice:<number>`) or marked paid. */
  readonly payment?: {
    readonly method: 'BALANCE' | 'EXTERNAL';
    readonly asset?: string;
    readonly amount?: bigint;
    readonly entryId?: string;
    readonly reference?: string;
  };
  readonly voidedAt?: string;
  readonly voidReason?: string;
  /** A credit note's reason (required when it is made). */
  readonly creditReason?: string;
  /** Where the issued documents were written (DocumentStore keys), when a publisher is wired. */
  readonly documents?: { readonly pdfKey: string; readonly csvKey: string; readonly publishedAt: string };
}

/** `YYYY-MM` of an invoice month; the export folder of a partner's month is `exports/<partnerId>/<YYYY-MM>/`. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
